/**
 * Minibatches in the engine's layout (`PairBatch`): `tokens` is 2B × T with rows 0..B−1 the first
 * sentences and rows B..2B−1 the second ones, `lengths` 2B in the same order, `labels` B. T is the
 * batch's own longest sentence, so short batches cost less.
 */
import type { PairBatch } from '../engine/trainer.js';
import type { PairSet } from '../train/pair-set.js';
import { seededRandom, shuffleInPlace } from './random.js';

/** A packed minibatch, with the pair indices it holds. */
export interface EncodedBatch extends PairBatch {
  labels: Uint32Array;
  /** Indices (into the encoded pairs) of the B pairs, in batch order. */
  indices: Uint32Array;
}

/**
 * Packs the pairs at `indices` into one batch.
 *
 * ```ts
 * const batch = packBatch(enc, [0, 5, 7]); // tokens 6 × T, lengths 6, labels 3
 * trainer.step(batch);
 * ```
 */
export function packBatch(encoded: PairSet, indices: ArrayLike<number>): EncodedBatch {
  const bsz = indices.length;
  const t0 = encoded.maxLength;
  let t = 1;
  for (let i = 0; i < bsz; i++) {
    const p = indices[i] as number;
    if (!(Number.isInteger(p) && p >= 0 && p < encoded.size)) {
      throw new RangeError(`pair index ${p} outside 0..${encoded.size - 1}`);
    }
    t = Math.max(t, encoded.lengthsA[p] as number, encoded.lengthsB[p] as number);
  }
  const tokens = new Uint32Array(2 * bsz * t);
  const lengths = new Uint32Array(2 * bsz);
  const labels = new Uint32Array(bsz);
  const f = encoded.featureCount ?? 0;
  const features = f > 0 && encoded.features ? new Float32Array(bsz * f) : undefined;
  for (let i = 0; i < bsz; i++) {
    const p = indices[i] as number;
    if (features) features.set((encoded.features as Float32Array).subarray(p * f, (p + 1) * f), i * f);
    tokens.set(encoded.tokensA.subarray(p * t0, p * t0 + t), i * t);
    tokens.set(encoded.tokensB.subarray(p * t0, p * t0 + t), (bsz + i) * t);
    lengths[i] = encoded.lengthsA[p] as number;
    lengths[bsz + i] = encoded.lengthsB[p] as number;
    labels[i] = encoded.labels[p] as number;
  }
  const batch: EncodedBatch = { tokens, lengths, labels, indices: Uint32Array.from(indices) };
  if (features) batch.features = features;
  return batch;
}

/** Options of {@link iterateBatches}. */
export interface BatchOptions {
  batchSize: number;
  /** Seed of the order; required unless `shuffle: false`. */
  seed?: number;
  /** Epoch number: each epoch gets its own permutation of the same seed (default 0). */
  epoch?: number;
  /** Shuffle (default true); `false` keeps the given order. */
  shuffle?: boolean;
  /** Drop a last batch smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Iterate over these pairs only (default all). */
  indices?: ArrayLike<number>;
}

/**
 * The order of one epoch: `indices` (default 0..n−1) shuffled by the stream (seed, epoch).
 */
export function epochOrder(n: number, seed: number, epoch = 0, indices?: ArrayLike<number>): Uint32Array {
  return shuffleInPlace(indexList(n, indices), seededRandom(seed, epoch));
}

/** A fresh copy of `indices`, or 0..n−1. */
function indexList(n: number, indices?: ArrayLike<number>): Uint32Array {
  return indices ? Uint32Array.from(indices) : Uint32Array.from({ length: n }, (_, i) => i);
}

/**
 * The minibatches of one epoch, in a seeded random order.
 *
 * ```ts
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const batch of iterateBatches(enc, { batchSize: 32, seed: 1, epoch })) trainer.step(batch);
 * }
 * ```
 */
export function* iterateBatches(encoded: PairSet, options: BatchOptions): Generator<EncodedBatch> {
  const { batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const shuffle = options.shuffle ?? true;
  if (shuffle && options.seed === undefined)
    throw new TypeError('iterateBatches: a seed is required to shuffle');
  const order = shuffle
    ? epochOrder(encoded.size, options.seed as number, options.epoch ?? 0, options.indices)
    : indexList(encoded.size, options.indices);
  for (let s = 0; s < order.length; s += batchSize) {
    const e = Math.min(order.length, s + batchSize);
    if (e - s < batchSize && options.dropLast) break;
    yield packBatch(encoded, order.subarray(s, e));
  }
}
