/**
 * Tokenisation. Pre-tokenised corpora (PIT-2015: tweets tokenised by O'Connor et al.'s tool) are
 * split on whitespace; raw text goes through a documented regular expression.
 */

/** A function from a sentence to its tokens. */
export type Tokenizer = (text: string) => string[];

/**
 * `whitespace`, `regex` (the {@link DEFAULT_TOKEN_PATTERN}), a global RegExp whose matches are the
 * tokens, or a function.
 */
export type TokenizerSpec = 'whitespace' | 'regex' | RegExp | Tokenizer;

/**
 * The default pattern of the `regex` tokenizer; each match is one token, in this order of preference:
 * 1. a number with internal separators: digits joined by `.`, `,` or `:` (`3.14`, `1,000`, `10:30`);
 * 2. a word: letters, marks and digits, possibly joined by internal hyphens or apostrophes
 *    (`well-known`, `o'neill`, `mp3`);
 * 3. any other single non-space character (punctuation, symbols, emoji code points: `!`, `#`, `@`).
 *
 * Everything else (whitespace) separates tokens. `"Hello, world! It's 3.5x"` →
 * `Hello`, `,`, `world`, `!`, `It's`, `3.5`, `x`.
 */
export const DEFAULT_TOKEN_PATTERN =
  /\p{N}+(?:[.,:]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/** Splits on runs of whitespace (Unicode `\s`); leading and trailing whitespace yield no token. */
export function whitespaceTokenize(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/\s+/u)) if (t.length > 0) out.push(t);
  return out;
}

/** Tokens = the matches of a global `pattern` (default {@link DEFAULT_TOKEN_PATTERN}). */
export function regexTokenize(text: string, pattern: RegExp = DEFAULT_TOKEN_PATTERN): string[] {
  if (!pattern.global) throw new TypeError(`tokenizer pattern ${pattern} needs the g flag`);
  const out: string[] = [];
  for (const m of text.matchAll(pattern)) if (m[0].length > 0) out.push(m[0]);
  return out;
}

/**
 * The tokenizer a {@link TokenizerSpec} names, optionally lowercasing (locale-independent
 * `toLowerCase`) each token.
 *
 * ```ts
 * makeTokenizer('regex', true)("Don't stop!"); // ["don't", 'stop', '!']
 * ```
 */
export function makeTokenizer(spec: TokenizerSpec, lowercase: boolean): Tokenizer {
  let base: Tokenizer;
  if (spec === 'whitespace') base = whitespaceTokenize;
  else if (spec === 'regex') base = (s) => regexTokenize(s);
  else if (spec instanceof RegExp) {
    const pattern = spec;
    if (!pattern.global) throw new TypeError(`tokenizer pattern ${pattern} needs the g flag`);
    base = (s) => regexTokenize(s, pattern);
  } else if (typeof spec === 'function') base = spec;
  else
    throw new TypeError(
      `unknown tokenizer ${String(spec)}; use 'whitespace', 'regex', a RegExp or a function`,
    );
  return lowercase ? (s) => base(s).map((t) => t.toLowerCase()) : base;
}

/** Lowercases pre-split tokens when asked (JSONL sentences given as arrays). */
export function normaliseTokens(tokens: readonly string[], lowercase: boolean): string[] {
  return lowercase ? tokens.map((t) => t.toLowerCase()) : tokens.slice();
}
