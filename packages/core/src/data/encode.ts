/**
 * Encoding: tokens → ids of a {@link Vocabulary}, padded to one length T. The result has the fields
 * of the training driver's `PairSet` (size, maxLength, tokensA/B, lengthsA/B, labels).
 */
import type { PairSet } from '../train/pair-set.js';
import type { PairDataset } from './types.js';
import { UNK_ID, type Vocabulary } from './vocabulary.js';
import { requireObject } from '../args.js';

/**
 * Encoded pairs: a {@link PairSet} — N × T id matrices of the first and second sentences, padded
 * with id 0 (ignored past a sentence's length); T is the longest encoded sentence (≤ the
 * `maxLength` option), at least 1 — with what the encoding did.
 */
export interface EncodedPairs extends PairSet {
  /** K. */
  readonly classes: number;
  /** Sentences cut to `maxLength` (keeping the first tokens) and the tokens cut off. */
  readonly truncated: { sentences: number; tokens: number };
  /**
   * Tokens without an id: `tokens` counted (before truncation), `dropped` of them removed (`oov: 'drop'`),
   * `emptied` sentences that had only unknown tokens and were kept as a single `<unk>`.
   */
  readonly unknown: { tokens: number; dropped: number; emptied: number };
}

/** Options of {@link encodePairs}. */
export interface EncodeOptions {
  /** Keep at most this many tokens per sentence (the first ones); default: no limit. */
  maxLength?: number;
}

/**
 * Encodes a dataset with a vocabulary (its `oov` rule decides whether unknown tokens become
 * `<unk>` or are dropped).
 *
 * ```ts
 * const enc = encodePairs(train, embedding.vocabulary, { maxLength: 32 });
 * enc.truncated; // { sentences: 0, tokens: 0 }
 * ```
 */
export function encodePairs(
  dataset: PairDataset,
  vocabulary: Vocabulary,
  options: EncodeOptions = {},
): EncodedPairs {
  requireObject(dataset, 'encodePairs', 'dataset', 'a PairDataset');
  requireObject(vocabulary, 'encodePairs', 'vocabulary', 'a Vocabulary');
  const limit = options.maxLength ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1) || (limit !== Number.POSITIVE_INFINITY && !Number.isInteger(limit))) {
    throw new RangeError(`maxLength must be a positive integer, got ${options.maxLength}`);
  }
  const drop = vocabulary.oov === 'drop';
  const n = dataset.pairs.length;
  const unknown = { tokens: 0, dropped: 0, emptied: 0 };
  const truncated = { sentences: 0, tokens: 0 };
  const encodeSentence = (tokens: readonly string[]): number[] => {
    const ids: number[] = [];
    for (const t of tokens) {
      const id = vocabulary.ids.get(t);
      if (id === undefined || id === UNK_ID) {
        unknown.tokens++;
        if (drop) {
          unknown.dropped++;
          continue;
        }
        ids.push(UNK_ID);
      } else ids.push(id);
    }
    if (ids.length === 0) {
      unknown.emptied++;
      ids.push(UNK_ID);
    }
    if (ids.length > limit) {
      truncated.sentences++;
      truncated.tokens += ids.length - limit;
      ids.length = limit;
    }
    return ids;
  };
  const a = dataset.pairs.map((p) => encodeSentence(p.a));
  const b = dataset.pairs.map((p) => encodeSentence(p.b));
  let t = 1;
  for (const s of a) t = Math.max(t, s.length);
  for (const s of b) t = Math.max(t, s.length);
  const tokensA = new Uint32Array(n * t);
  const tokensB = new Uint32Array(n * t);
  const lengthsA = new Uint32Array(n);
  const lengthsB = new Uint32Array(n);
  const labels = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const sa = a[i] as number[];
    const sb = b[i] as number[];
    tokensA.set(sa, i * t);
    tokensB.set(sb, i * t);
    lengthsA[i] = sa.length;
    lengthsB[i] = sb.length;
    const y = (dataset.pairs[i] as { label: number }).label;
    if (!(Number.isInteger(y) && y >= 0 && y < dataset.classes)) {
      throw new RangeError(`${dataset.name}: pair ${i} has label ${y} outside 0..${dataset.classes - 1}`);
    }
    labels[i] = y;
  }
  return {
    size: n,
    maxLength: t,
    tokensA,
    tokensB,
    lengthsA,
    lengthsB,
    labels,
    classes: dataset.classes,
    truncated,
    unknown,
  };
}
