/**
 * `PairSet`: encoded sentence pairs at a fixed padded length — what training and evaluation
 * consume — and the slicing of minibatches out of it in the engine's layout.
 */
import { type SplitOptions, stratifiedSplit } from '../data/split.js';

/** N encoded pairs, each sentence padded to `maxLength` token ids. */
export interface PairSet {
  /** Number of pairs N. */
  readonly size: number;
  /** Padded length T. */
  readonly maxLength: number;
  /** N × T token ids of the first sentences (row-major). */
  readonly tokensA: Uint32Array;
  /** N × T token ids of the second sentences. */
  readonly tokensB: Uint32Array;
  /** Lengths (1..T) of the first and second sentences. */
  readonly lengthsA: Uint32Array;
  readonly lengthsB: Uint32Array;
  /** Class labels 0..K−1. */
  readonly labels: Uint32Array;
  /**
   * N × F fixed pair features for the head (e.g. {@link overlapFeatures}); absent when the model
   * reads only the sentences.
   */
  readonly features?: Float32Array;
  /** F, the width of `features` (0 or absent without them). */
  readonly featureCount?: number;
}

/** Checks a PairSet's internal consistency; throws an Error naming the field and pair. */
export function validatePairSet(set: PairSet, name = 'pair set'): void {
  const { size: n, maxLength: t } = set;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name}: empty (size ${n}); it needs at least one pair`);
  if (!Number.isInteger(t) || t < 1) throw new Error(`${name}: maxLength must be ≥ 1, got ${t}`);
  for (const [field, arr, len] of [
    ['tokensA', set.tokensA, n * t],
    ['tokensB', set.tokensB, n * t],
    ['lengthsA', set.lengthsA, n],
    ['lengthsB', set.lengthsB, n],
    ['labels', set.labels, n],
  ] as const) {
    if (arr.length !== len) throw new Error(`${name}: ${field} has ${arr.length} entries, expected ${len}`);
  }
  const f = set.featureCount ?? 0;
  if (!Number.isInteger(f) || f < 0)
    throw new Error(`${name}: featureCount must be an integer ≥ 0, got ${f}`);
  if ((set.features?.length ?? 0) !== n * f) {
    throw new Error(
      `${name}: features has ${set.features?.length ?? 0} values, expected N × F = ${n} × ${f}`,
    );
  }
  if (set.features) {
    const bad = set.features.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new Error(`${name}: pair ${Math.floor(bad / f)} feature ${bad % f} is ${set.features[bad]}`);
  }
  for (let i = 0; i < n; i++) {
    const la = set.lengthsA[i] ?? 0;
    const lb = set.lengthsB[i] ?? 0;
    if (la < 1 || la > t || lb < 1 || lb > t) {
      throw new Error(`${name}: pair ${i} has sentence lengths ${la} and ${lb}; both must be in 1..${t}`);
    }
  }
}

/** Contiguous index ranges [start, end) of size ≤ `batchSize` covering 0..n. */
export function* ranges(n: number, batchSize: number): Generator<[number, number]> {
  for (let s = 0; s < n; s += batchSize) yield [s, Math.min(n, s + batchSize)];
}

/** The pairs of `set` at `indices`, as a new PairSet (same padded length). */
export function subsetPairSet(set: PairSet, indices: ArrayLike<number>): PairSet {
  const t = set.maxLength;
  const n = indices.length;
  const rows = (src: Uint32Array) => {
    const out = new Uint32Array(n * t);
    for (let i = 0; i < n; i++) {
      const p = indices[i] as number;
      out.set(src.subarray(p * t, (p + 1) * t), i * t);
    }
    return out;
  };
  const pick = (src: Uint32Array) =>
    Uint32Array.from({ length: n }, (_, i) => src[indices[i] as number] as number);
  const subset: PairSet = {
    size: n,
    maxLength: t,
    tokensA: rows(set.tokensA),
    tokensB: rows(set.tokensB),
    lengthsA: pick(set.lengthsA),
    lengthsB: pick(set.lengthsB),
    labels: pick(set.labels),
  };
  const f = set.featureCount ?? 0;
  if (f === 0 || !set.features) return subset;
  const features = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    const p = indices[i] as number;
    features.set(set.features.subarray(p * f, (p + 1) * f), i * f);
  }
  return { ...subset, features, featureCount: f };
}

/**
 * A seeded stratified split of `set` (by its labels) into PairSets, e.g. train / validation / test:
 * `splitPairSet(set, { fractions: DEFAULT_SPLIT, seed: DEFAULT_SPLIT_SEED })`.
 */
export function splitPairSet(set: PairSet, options: SplitOptions): PairSet[] {
  return stratifiedSplit(set.labels, options).map((ids) => subsetPairSet(set, ids));
}
