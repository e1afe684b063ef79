/**
 * Checks of a public function's required arguments, so that a call with one missing says which
 * function and which argument, instead of "Cannot read properties of undefined".
 */

/** `value`, or a TypeError `fn: name is required (what)` when it is undefined or null. */
export function requireArg<T>(value: T | undefined | null, fn: string, name: string, what: string): T {
  if (value === undefined || value === null) throw new TypeError(`${fn}: ${name} is required (${what})`);
  return value;
}

/** As {@link requireArg}, and `value` must be an object (not a string or number). */
export function requireObject<T>(value: T | undefined | null, fn: string, name: string, what: string): T {
  requireArg(value, fn, name, what);
  if (typeof value !== 'object' && typeof value !== 'function')
    throw new TypeError(`${fn}: ${name} must be ${what}, got ${typeof value}`);
  return value as T;
}

/** As {@link requireArg}, and `value` must be a string. */
export function requireString(value: unknown, fn: string, name: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`${fn}: ${name} must be a string, got ${value === null ? 'null' : typeof value}`);
  return value;
}
