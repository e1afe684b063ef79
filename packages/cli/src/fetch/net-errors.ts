/**
 * Network failures as one clear line. Node's `fetch` reports "fetch failed" and hides the reason
 * in `cause` (sometimes an AggregateError of one error per address tried): the system code found
 * there (ENOTFOUND, ECONNREFUSED, …) says whether the host could be reached at all.
 */
import { basename, join } from 'node:path';

/** Codes meaning "no connection to the host": no network, no DNS, nothing listening, no route. */
const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The first system error code found in `e`, its causes, or the errors of an AggregateError. */
export function errorCode(e: unknown, depth = 0): string | undefined {
  if (typeof e !== 'object' || e === null || depth > 8) return undefined;
  const x = e as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof x.code === 'string' && x.code !== 'ERR_INVALID_STATE') return x.code;
  if (Array.isArray(x.errors)) {
    for (const inner of x.errors) {
      const c = errorCode(inner, depth + 1);
      if (c) return c;
    }
  }
  return errorCode(x.cause, depth + 1);
}

/** The innermost message of `e`'s causes (Node's "fetch failed" says nothing by itself). */
export function rootMessage(e: unknown): string {
  let x = e as { message?: unknown; cause?: unknown } | undefined;
  let message = String((x as Error | undefined)?.message ?? e);
  for (let i = 0; i < 8 && x && typeof x === 'object' && x.cause; i++) {
    x = x.cause as typeof x;
    if (typeof x?.message === 'string' && x.message) message = x.message;
  }
  return message;
}

/** True when a request failed before any response because the host could not be reached. */
export function isUnreachable(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && UNREACHABLE.has(code);
}

/**
 * The message for a host that cannot be reached: what failed, the likely reason, and what to do by
 * hand (save the file into `dir`, under `name` when the URL's file name differs).
 */
export function unreachableMessage(url: string, e: unknown, dir: string, name: string): string {
  const u = new URL(url);
  const code = errorCode(e) ?? rootMessage(e);
  const into = basename(u.pathname) === name ? `into ${dir}` : `as ${join(dir, name)}`;
  return `cannot reach ${u.host} (${code}): are you offline? download ${url} by hand ${into}`;
}
