/**
 * Token counts and the vocabulary: the map from tokens to the row ids of the embedding matrix.
 *
 * Id 0 is always {@link UNK_TOKEN}, the row every out-of-vocabulary token shares (and the padding
 * id of batches — the engine ignores ids past a sentence's length). Ids 1… are the known words in
 * descending count, ties in code-unit order, so the same counts always give the same ids.
 */
import type { PairDataset, SentencePair } from './types.js';

/** Token → number of occurrences. */
export type TokenCounts = Map<string, number>;

/** The shared out-of-vocabulary token; its id is {@link UNK_ID}. */
export const UNK_TOKEN = '<unk>';
export const UNK_ID = 0;

/**
 * What happens to a token without a vector (out of vocabulary, OOV):
 * - `zero` (default): it maps to the shared `<unk>` row, which is all zeros. The sentence keeps its
 *   length and word order, no sentence can become empty (the engine rejects length 0), and a zero
 *   input adds nothing but the recurrence h = tanh(U·h + b) — no invented direction in the input
 *   space, which a random vector would inject into fixed (untrained) embeddings.
 * - `mean`: like `zero`, but the `<unk>` row is the mean of the known vectors ("a typical word").
 * - `drop`: OOV tokens are removed; a sentence with no known token keeps a single `<unk>` (zero row).
 */
export type OovRule = 'zero' | 'mean' | 'drop';

/** Token ids: `tokens[id]` is the token, `ids.get(token)` the id; `oov` says how unknown tokens encode. */
export interface Vocabulary {
  readonly tokens: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  readonly oov: OovRule;
}

type PairSource = PairDataset | readonly SentencePair[];

/**
 * Counts the tokens of both sentences of every pair.
 *
 * ```ts
 * const counts = countTokens(dev, test); // Map { 'the' => 2041, ... }
 * ```
 */
export function countTokens(...sources: PairSource[]): TokenCounts {
  const counts: TokenCounts = new Map();
  for (const source of sources) {
    const pairs = Array.isArray(source) ? (source as readonly SentencePair[]) : (source as PairDataset).pairs;
    for (const p of pairs) {
      for (const t of p.a) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const t of p.b) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
  }
  return counts;
}

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** Keep only tokens for which this holds (e.g. `(w) => vectors.index.has(w)`). */
  keep?: (token: string) => boolean;
  /** Keep only tokens seen at least this often (default 1). */
  minCount?: number;
  /** Default `zero`. */
  oov?: OovRule;
}

/** Checks an {@link OovRule}. */
export function checkOovRule(oov: string): asserts oov is OovRule {
  if (oov !== 'zero' && oov !== 'mean' && oov !== 'drop') {
    throw new TypeError(`oov must be 'zero', 'mean' or 'drop', got ${JSON.stringify(oov)}`);
  }
}

/**
 * A vocabulary over the counted tokens: `<unk>` first, then the kept tokens by descending count.
 *
 * ```ts
 * const vocab = buildVocabulary(countTokens(ds), { keep: (w) => vectors.index.has(w) });
 * vocab.tokens[0]; // '<unk>'
 * ```
 */
export function buildVocabulary(
  counts: ReadonlyMap<string, number> | Iterable<string>,
  options: VocabularyOptions = {},
): Vocabulary {
  const oov = options.oov ?? 'zero';
  checkOovRule(oov);
  const minCount = options.minCount ?? 1;
  const entries: [string, number][] =
    counts instanceof Map
      ? [...(counts as ReadonlyMap<string, number>)]
      : [...new Map([...(counts as Iterable<string>)].map((t) => [t, 1] as const))];
  const kept = entries.filter(
    ([t, c]) => t !== UNK_TOKEN && c >= minCount && (options.keep === undefined || options.keep(t)),
  );
  kept.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const tokens = [UNK_TOKEN, ...kept.map(([t]) => t)];
  const ids = new Map(tokens.map((t, i) => [t, i]));
  return { tokens, ids, oov };
}
