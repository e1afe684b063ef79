/** Makes element ids of an inline SVG unique in a page that holds several SVGs. */

/**
 * Prefixes every `id="…"` of `svg` with `prefix-`, and every reference to it (`url(#…)`,
 * `href="#…"`), so that two Vega SVGs inlined in one HTML page (each may define `clip1`, a
 * gradient, …) cannot pick up each other's definitions.
 *
 * ```ts
 * scopeSvgIds('<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>', 'fig-2');
 * // '<svg><clipPath id="fig-2-clip1"/><g clip-path="url(#fig-2-clip1)"/></svg>'
 * ```
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1] as string);
  if (ids.size === 0) return svg;
  const scoped = (id: string) => (ids.has(id) ? `${prefix}-${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${scoped(id)}${b}`)
    .replace(/url\(([^)#]*)#([^)]+)\)/g, (_, base: string, id: string) => `url(${base}#${scoped(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${scoped(id)}${b}`);
}
