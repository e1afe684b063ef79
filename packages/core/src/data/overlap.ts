/**
 * Lexical overlap of a sentence pair — the signal PIT-2015's organisers built their
 * logistic-regression baseline on (word and character n-gram overlap, Xu et al. 2015) — as a
 * fixed feature vector per pair. The RNN's head can read it beside the two sentence codes
 * (`pairFeatures`), and the classic baselines append it to their vector features.
 *
 * For each of six n-gram kinds (word 1-, 2-, 3-grams; character 1-, 2-, 3-grams inside words),
 * with A and B the n-gram sets of the two sentences and p = |A∩B|/|A|, r = |A∩B|/|B|:
 * `min(p, r)`, `max(p, r)` and F1 = 2pr/(p + r) — 18 features in [0, 1]. Taking min and max
 * instead of p and r keeps the features symmetric in the pair, like the RNN's
 * `φ = [h_a ⊙ h_b, |h_a − h_b|]`. Tokens are compared as given (the readers lowercase them).
 */
import type { PairDataset, SentencePair } from './types.js';

const KINDS = ['word1', 'word2', 'word3', 'char1', 'char2', 'char3'] as const;

/** Names of the 18 features, in order: `word1.min`, `word1.max`, `word1.f1`, … `char3.f1`. */
export const OVERLAP_FEATURES: readonly string[] = KINDS.flatMap((k) => [`${k}.min`, `${k}.max`, `${k}.f1`]);

/** Word n-grams of `tokens` as a set of joined strings. */
function wordGrams(tokens: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join('\u0001'));
  return out;
}

/** Character n-grams inside each word (code points, so emoji and accents count once). */
function charGrams(tokens: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    const cps = Array.from(t);
    for (let i = 0; i + n <= cps.length; i++) out.add(cps.slice(i, i + n).join(''));
  }
  return out;
}

function overlapScores(a: Set<string>, b: Set<string>, out: Float32Array, at: number): void {
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) common++;
  const p = a.size > 0 ? common / a.size : 0;
  const r = b.size > 0 ? common / b.size : 0;
  out[at] = Math.min(p, r);
  out[at + 1] = Math.max(p, r);
  out[at + 2] = p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/** The {@link OVERLAP_FEATURES} of one pair. */
export function pairOverlap(pair: Pick<SentencePair, 'a' | 'b'>): Float32Array {
  const out = new Float32Array(OVERLAP_FEATURES.length);
  for (let n = 1; n <= 3; n++) {
    overlapScores(wordGrams(pair.a, n), wordGrams(pair.b, n), out, 3 * (n - 1));
    overlapScores(charGrams(pair.a, n), charGrams(pair.b, n), out, 9 + 3 * (n - 1));
  }
  return out;
}

/**
 * The N × 18 overlap features of every pair of `dataset` (row-major), ready for
 * `PairSet.features` with `featureCount: OVERLAP_FEATURES.length`.
 *
 * ```ts
 * const enc = { ...encodePairs(train, vocabulary), features: overlapFeatures(train), featureCount: 18 };
 * ```
 */
export function overlapFeatures(dataset: Pick<PairDataset, 'pairs'>): Float32Array {
  const f = OVERLAP_FEATURES.length;
  const out = new Float32Array(dataset.pairs.length * f);
  dataset.pairs.forEach((pair, i) => {
    out.set(pairOverlap(pair), i * f);
  });
  return out;
}
