/** Reading Vega's SVG output back: marks of one type, and text. */

/** Items of a mark type (`line` → `<path>`, `rule` → `<line>`, `rect` → `<path>`), data marks only (not axes). */
export function countMarks(svg: string, mark: 'line' | 'rule' | 'rect' | 'symbol'): number {
  const element = mark === 'rule' ? 'line' : 'path';
  let n = 0;
  const groups = new RegExp(`<g class="mark-${mark} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs');
  for (const m of svg.matchAll(groups)) n += (m[1] as string).split(`<${element} `).length - 1;
  return n;
}

/** The text of every `<text>` element, unescaped (empty `<text …/>` elements, e.g. unlabelled log ticks, skipped). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b(?:[^>]*[^/>])?>(.*?)<\/text>/gs)].map((m) =>
    (m[1] as string)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}
