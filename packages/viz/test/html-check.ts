/**
 * A strict, small HTML well-formedness check for the report (which writes its HTML by hand):
 * every element closed in order (void elements excepted, `/>` allowed inside SVG), attributes
 * well-formed and quoted, raw `<` and `&` never left in text, ids unique. Not a full HTML5 parser:
 * it checks the discipline the report follows, which is stricter than what browsers accept.
 */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style']);
const ATTR = /\s+([^\s"'>/=]+)(?:\s*=\s*"([^"]*)")?/y;

export interface HtmlProblems {
  problems: string[];
  /** Element names in document order. */
  elements: string[];
  /** Every start tag: its name and attributes (values as written, still escaped). */
  tags: { name: string; attrs: Map<string, string> }[];
}

export function checkHtml(html: string): HtmlProblems {
  const problems: string[] = [];
  const elements: string[] = [];
  const tags: HtmlProblems['tags'] = [];
  const stack: string[] = [];
  const ids = new Set<string>();
  let i = 0;
  const text = (s: string, at: number) => {
    if (/&(?!(?:[a-z]+|#\d+|#x[0-9a-f]+);)/i.test(s))
      problems.push(`bare & in text at ${at}: ${s.slice(0, 60)}`);
    if (s.includes('>')) problems.push(`bare > in text at ${at}: ${s.slice(0, 60)}`);
  };
  if (!/^<!DOCTYPE html>\n/.test(html)) problems.push('no <!DOCTYPE html> first');
  i = html.indexOf('\n') + 1;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i), i);
      break;
    }
    text(html.slice(i, lt), i);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt);
      if (end < 0) problems.push(`unclosed comment at ${lt}`);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const close = html[lt + 1] === '/';
    const name = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(html.slice(lt + (close ? 2 : 1), lt + 40))?.[0];
    if (!name) {
      problems.push(`bare < at ${lt}: ${html.slice(lt, lt + 40)}`);
      i = lt + 1;
      continue;
    }
    const tag = name.toLowerCase();
    let j = lt + (close ? 2 : 1) + name.length;
    if (close) {
      const gt = html.indexOf('>', j);
      if (html.slice(j, gt).trim() !== '') problems.push(`junk in </${tag}> at ${lt}`);
      const open = stack.pop();
      if (open !== tag) problems.push(`</${tag}> at ${lt} closes <${open ?? 'nothing'}>`);
      i = gt + 1;
      continue;
    }
    const attrs = new Map<string, string>();
    for (;;) {
      ATTR.lastIndex = j;
      const m = ATTR.exec(html);
      if (!m) break;
      if (attrs.has(m[1] as string)) problems.push(`duplicate attribute ${m[1]} on <${tag}> at ${lt}`);
      attrs.set(m[1] as string, m[2] ?? '');
      text(m[2] ?? '', j);
      j = ATTR.lastIndex;
    }
    const rest = /^\s*(\/?)>/.exec(html.slice(j, j + 10));
    if (!rest) {
      problems.push(`malformed <${tag}> at ${lt}: ${html.slice(lt, j + 30)}`);
      i = j;
      continue;
    }
    const id = attrs.get('id');
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`duplicate id ${id}`);
      ids.add(id);
    }
    elements.push(tag);
    tags.push({ name: tag, attrs });
    i = j + rest[0].length;
    const selfClosing = rest[1] === '/';
    if (selfClosing && !stack.includes('svg') && !VOID.has(tag))
      problems.push(`<${tag}/> outside SVG at ${lt}`);
    if (VOID.has(tag) || selfClosing) continue;
    if (RAW_TEXT.has(tag)) {
      const end = html.indexOf(`</${tag}`, i);
      if (end < 0) {
        problems.push(`unclosed <${tag}> at ${lt}`);
        break;
      }
      i = html.indexOf('>', end) + 1;
      continue;
    }
    stack.push(tag);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return { problems, elements, tags };
}
