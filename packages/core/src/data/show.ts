/**
 * Values in error messages: a value read from a damaged file may be anything — a deeply nested
 * array (whose JSON.stringify or String() overflows the stack), a megabyte of text — and the
 * message must still be written.
 */

/**
 * `v` as JSON (`missing` for undefined), cut to `max` characters; never throws.
 *
 * ```ts
 * showValue([[[1]]]); // '[[[1]]]'
 * showValue('x'.repeat(500), 10); // '"xxxxxxxx…'
 * ```
 */
export function showValue(v: unknown, max = 200): string {
  if (v === undefined) return 'missing';
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    // Too deep for the stack (or a BigInt): its kind is all a message needs.
    s = Array.isArray(v) ? '[…]' : typeof v === 'object' && v !== null ? '{…}' : typeof v;
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Whether a parsed JSON value nests deeper than `limit` arrays/objects (checked without recursion,
 * so any depth JSON.parse accepts is measured safely).
 */
export function nestedDeeperThan(v: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop() as [unknown, number];
    if (typeof x !== 'object' || x === null) continue;
    if (depth + 1 > limit) return true;
    for (const y of Object.values(x)) stack.push([y, depth + 1]);
  }
  return false;
}
