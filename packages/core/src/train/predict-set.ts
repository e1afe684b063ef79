/** Class probabilities for a whole PairSet, computed in minibatches. */
import type { PredictOptions, Trainer } from '../engine/trainer.js';
import { packBatch } from '../data/batches.js';
import { type PairSet, ranges } from './pair-set.js';
import { requireObject } from '../args.js';

/** N × K probabilities (row-major) for every pair of `set`. */
export function predictSet(trainer: Trainer, set: PairSet, options: PredictOptions = {}, batchSize = 256): Float32Array {
  requireObject(trainer, 'predictSet', 'trainer', 'a Trainer');
  requireObject(set, 'predictSet', 'set', 'a PairSet');
  const k = trainer.config.classes;
  const out = new Float32Array(set.size * k);
  const all = Uint32Array.from({ length: set.size }, (_, i) => i);
  for (const [s, e] of ranges(set.size, batchSize)) {
    out.set(trainer.predict(packBatch(set, all.subarray(s, e)), options), s * k);
  }
  return out;
}
