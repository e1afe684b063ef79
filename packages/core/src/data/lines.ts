/**
 * Line splitting with 1-based line numbers, over a whole string or a stream of text chunks cut at
 * arbitrary places. `\n` and `\r\n` end lines; a leading byte-order mark is dropped; a final line
 * without a newline is still a line, an empty final "line" after the last newline is not.
 */

/** One line of input, without its line ending. */
export interface Line {
  /** 1-based. */
  number: number;
  text: string;
}

/** `s` without a leading byte-order mark. */
export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function chomp(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/** The lines of `text`. */
export function* splitLines(text: string): Generator<Line> {
  const s = stripBom(text);
  let start = 0;
  let number = 0;
  while (start < s.length) {
    const nl = s.indexOf('\n', start);
    const end = nl === -1 ? s.length : nl;
    yield { number: ++number, text: chomp(s.slice(start, end)) };
    start = end + 1;
  }
}

/** Text chunks: a string, or a (sync or async) iterable of strings cut anywhere. */
export type TextSource = string | Iterable<string> | AsyncIterable<string>;

/**
 * The lines of a stream of text chunks; memory is bounded by the chunk size plus the longest line.
 *
 * ```ts
 * for await (const { number, text } of linesOf(chunks)) { ... }
 * ```
 */
export async function* linesOf(source: TextSource): AsyncGenerator<Line> {
  if (typeof source === 'string') {
    yield* splitLines(source);
    return;
  }
  let carry = '';
  let number = 0;
  let first = true;
  for await (const chunk of source as AsyncIterable<string>) {
    if (typeof chunk !== 'string') throw new TypeError('text source yielded a non-string chunk');
    let s = chunk;
    if (first && s.length > 0) {
      s = stripBom(s);
      first = false;
    }
    // Only the new chunk is searched: a long line arriving in many small chunks stays linear.
    let nl = s.indexOf('\n');
    if (nl === -1) {
      carry += s;
      continue;
    }
    yield { number: ++number, text: chomp(carry + s.slice(0, nl)) };
    let start = nl + 1;
    for (nl = s.indexOf('\n', start); nl !== -1; nl = s.indexOf('\n', start)) {
      yield { number: ++number, text: chomp(s.slice(start, nl)) };
      start = nl + 1;
    }
    carry = s.slice(start);
  }
  if (carry.length > 0) yield { number: ++number, text: chomp(carry) };
}

/** True for a line with nothing but whitespace: every reader ignores those (counting them all the same). */
export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}
