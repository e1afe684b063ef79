/**
 * A small Markdown subset to HTML, for the report's summary: headings, paragraphs, lists,
 * blockquotes, fenced code, pipe tables, `code`, **bold**, *emphasis* and [links](https://…).
 * Every piece of text is escaped: raw HTML in the Markdown is shown as text, never interpreted.
 * Links keep only http(s), mailto, fragment and relative targets.
 */
import { escapeHtml } from './escape.js';

const SAFE_URL = /^(https?:|mailto:|#|\/|\.{1,2}\/|[^:/?#]*(?:[/?#]|$))/i;

/** A link target without control characters or spaces (which browsers strip), or `null` when unsafe. */
function safeUrl(raw: string): string | null {
  const url = [...raw].filter((c) => (c.codePointAt(0) as number) > 0x20 && c !== '\u007f').join('');
  return SAFE_URL.test(url) ? url : null;
}

// Placeholders for set-aside code spans and links: private-use characters, removed from the
// input first, so no text can forge one.
const MARK = '\uE000';
const MARK_RE = /\uE000/g;
const CODE_SLOT = /\uE000C(\d+)\uE000/g;
const LINK_SLOT = /\uE000L(\d+)\uE000/g;

/** Inline Markdown (code, links, bold, emphasis) of a line of text, escaped on the way. */
export function inlineMarkdown(text: string): string {
  // Code spans first: their content is literal, so they are set aside before anything else.
  const codes: string[] = [];
  const withoutCode = text.replace(MARK_RE, '').replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `${MARK}C${codes.length - 1}${MARK}`;
  });
  const links: string[] = [];
  const withoutLinks = withoutCode.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) => {
    const url = safeUrl(href);
    const inner = emphasis(escapeHtml(label));
    links.push(url === null ? inner : `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${inner}</a>`);
    return `${MARK}L${links.length - 1}${MARK}`;
  });
  return emphasis(escapeHtml(withoutLinks))
    .replace(LINK_SLOT, (_, i: string) => links[Number(i)] as string)
    .replace(CODE_SLOT, (_, i: string) => codes[Number(i)] as string);
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
}

/** Cells of a pipe-table row (`\|` is a literal bar). */
function cells(line: string): string[] {
  const s = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return s.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

const TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/;

function table(lines: string[]): string {
  const head = cells(lines[0] as string);
  const aligns = cells(lines[1] as string).map((c) =>
    c.startsWith(':') && c.endsWith(':')
      ? 'center'
      : c.endsWith(':')
        ? 'right'
        : c.startsWith(':')
          ? 'left'
          : '',
  );
  const cell = (tag: 'th' | 'td', text: string, i: number) => {
    const align = aligns[i] ? ` style="text-align:${aligns[i]}"` : '';
    return `<${tag}${align}>${inlineMarkdown(text)}</${tag}>`;
  };
  const body = lines
    .slice(2)
    .map((l) => `<tr>${head.map((_, i) => cell('td', cells(l)[i] ?? '', i)).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/**
 * Converts the Markdown subset to HTML.
 *
 * ```ts
 * markdownToHtml('# Results\n\n| model | F1 |\n|---|---:|\n| RNN | 0.362 |');
 * ```
 */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const at = (k: number) => lines[k] ?? '';
  while (i < lines.length) {
    const line = at(i);
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (
        i < lines.length &&
        !at(i)
          .trim()
          .startsWith(fence[1] as string)
      )
        body.push(at(i++));
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = (heading[1] as string).length;
      out.push(`<h${level}>${inlineMarkdown(heading[2] as string)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (line.includes('|') && TABLE_RULE.test(at(i + 1))) {
      const rows = [line, at(i + 1)];
      i += 2;
      while (i < lines.length && at(i).includes('|') && at(i).trim() !== '') rows.push(at(i++));
      out.push(table(rows));
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(at(i))) quoted.push(at(i++).replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>\n${markdownToHtml(quoted.join('\n'))}\n</blockquote>`);
      continue;
    }
    const first = LIST_ITEM.exec(line);
    if (first) {
      const ordered = first[1] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const item = LIST_ITEM.exec(at(i));
        if (item && (item[1] !== undefined) === ordered) items.push(item[2] as string);
        else if (items.length && /^\s+\S/.test(at(i))) items[items.length - 1] += ` ${at(i).trim()}`;
        else break;
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      const start = ordered && first[1] !== '1' ? ` start="${Number(first[1])}"` : '';
      out.push(
        `<${tag}${start}>\n${items.map((t) => `<li>${inlineMarkdown(t)}</li>`).join('\n')}\n</${tag}>`,
      );
      continue;
    }
    // The first line always belongs to the paragraph (so the loop always advances).
    const para: string[] = [line.trim()];
    i++;
    while (
      i < lines.length &&
      at(i).trim() !== '' &&
      !/^\s*(```|~~~|#{1,6}\s|>)/.test(at(i)) &&
      !LIST_ITEM.test(at(i)) &&
      !(at(i).includes('|') && TABLE_RULE.test(at(i + 1)))
    ) {
      para.push(at(i++).trim());
    }
    out.push(`<p>${inlineMarkdown(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}
