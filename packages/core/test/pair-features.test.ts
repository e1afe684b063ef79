/**
 * Fixed pair features: @vb/core's lexical overlap, and their path through PairSet, batches and
 * the engine's head (`pairFeatures`, φ = [h_a ⊙ h_b, |h_a − h_b|, f]).
 */
import { describe, expect, it } from 'vitest';
import {
  OVERLAP_FEATURES,
  fit,
  overlapFeatures,
  packBatch,
  pairOverlap,
  predictSet,
  subsetPairSet,
  Trainer,
  validatePairSet,
} from '../src/index.js';
import { thrownEngineError } from './engine-error.js';
import { smallProblem } from './helpers.js';

describe('overlapFeatures', () => {
  it('computes min/max precision-recall and F1 of word and character n-grams (hand-checked pair)', () => {
    const f = pairOverlap({ a: ['the', 'cat', 'sat'], b: ['the', 'cat', 'ran', 'off'] });
    const at = (name: string) => f[OVERLAP_FEATURES.indexOf(name)] as number;
    expect(OVERLAP_FEATURES).toHaveLength(18);
    // words: A = {the, cat, sat}, B = {the, cat, ran, off}: 2 common → p = 2/3, r = 1/2.
    expect(at('word1.min')).toBeCloseTo(0.5, 6);
    expect(at('word1.max')).toBeCloseTo(2 / 3, 6);
    expect(at('word1.f1')).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5), 6);
    // bigrams: {the cat, cat sat} vs {the cat, cat ran, ran off}: 1 common → 1/3, 1/2.
    expect(at('word2.min')).toBeCloseTo(1 / 3, 6);
    expect(at('word2.max')).toBeCloseTo(0.5, 6);
    // trigrams: none in common.
    expect(at('word3.f1')).toBe(0);
    // characters: {t,h,e,c,a,s} vs {t,h,e,c,a,r,n,o,f}: 5 common → 5/6, 5/9.
    expect(at('char1.min')).toBeCloseTo(5 / 9, 6);
    expect(at('char1.max')).toBeCloseTo(5 / 6, 6);
  });

  it('is symmetric in the pair, 1 for identical sentences, 0 for disjoint ones, and in [0, 1]', () => {
    const a = ['a', 'rainy', 'day', 'in', 'london', '#uk'];
    const b = ['london', 'is', 'rainy', 'today'];
    expect(pairOverlap({ a, b })).toEqual(pairOverlap({ a: b, b: a }));
    expect(Array.from(pairOverlap({ a, b: a }))).toEqual(new Array(18).fill(1));
    expect(Array.from(pairOverlap({ a: ['xy'], b: ['zw'] }))).toEqual(new Array(18).fill(0));
    const all = overlapFeatures({ pairs: [{ a, b, label: 0 }, { a: ['x'], b: ['x', 'y'], label: 1 }] as never });
    expect(all).toHaveLength(36);
    for (const v of all) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('pair features through PairSet, batches and the engine', () => {
  const { train, validation } = smallProblem(600);
  const f = 6;
  const withFeatures = <T extends { size: number; labels: Uint32Array }>(set: T) => ({
    ...set,
    // The label, one-hot: a head that reads f can be perfect.
    features: Float32Array.from({ length: set.size * f }, (_, i) => (i % f === set.labels[Math.floor(i / f)] ? 1 : 0)),
    featureCount: f,
  });
  const tr = withFeatures(train);
  const va = withFeatures(validation);

  it('packs, subsets and validates the features', () => {
    const batch = packBatch(tr, [3, 0]);
    expect(Array.from(batch.features as Float32Array)).toEqual([...tr.features.subarray(18, 24), ...tr.features.subarray(0, 6)]);
    const sub = subsetPairSet(tr, [2]);
    expect(sub.featureCount).toBe(6);
    expect(Array.from(sub.features as Float32Array)).toEqual(Array.from(tr.features.subarray(12, 18)));
    expect(() => validatePairSet({ ...tr, features: tr.features.subarray(1) }, 'train')).toThrow(/features has \d+ values, expected N × F/);
    const bad = Float32Array.from(tr.features);
    bad[13] = Number.NaN;
    expect(() => validatePairSet({ ...tr, features: bad }, 'train')).toThrow('train: pair 2 feature 1 is NaN');
  });

  it('the engine checks the batch width and reads the features in its head', () => {
    const t = new Trainer({ inputDim: 24, classes: 6, hidden: 4, pairFeatures: f, trainSize: tr.size, seed: 1 }, smallProblem(600).data.embeddings);
    // V is (2n + F) × K.
    expect(t.tensors().find((x) => x.name === 'V')?.rows).toBe(2 * 4 + f);
    expect(thrownEngineError(() => t.predict(packBatch(train, [0, 1])), 'shape').message).toMatch(
      /features has 0 values, expected B × F = 2 × 6/,
    );
    const p1 = t.predict(packBatch(tr, [0]));
    const shifted = { ...packBatch(tr, [0]), features: Float32Array.from([3, -2, 0, 0, 1, 0]) };
    expect(Array.from(t.predict(shifted))).not.toEqual(Array.from(p1));
    t.free();
  });

  it('a model whose features carry the label learns from them; the same model without them cannot', async () => {
    const { data } = smallProblem(600);
    const common = { embeddings: data.embeddings, epochs: 8, batchSize: 32, learningRateSchedule: { kind: 'constant' as const } };
    const engine = { inputDim: 24, classes: 6, hidden: 4, family: 'none' as const, learningRate: 0.05, seed: 2 };
    const withF = await fit(tr, { ...common, engine: { ...engine, pairFeatures: f } });
    const acc = (probs: Float32Array, labels: Uint32Array) => {
      let hits = 0;
      for (let i = 0; i < labels.length; i++) {
        const row = Array.from(probs.subarray(i * 6, i * 6 + 6));
        if (row.indexOf(Math.max(...row)) === labels[i]) hits++;
      }
      return hits / labels.length;
    };
    const accWith = acc(predictSet(withF.trainer, va), va.labels);
    withF.trainer.free();
    const without = await fit(train, { ...common, engine });
    const accWithout = acc(predictSet(without.trainer, validation), validation.labels);
    without.trainer.free();
    expect(accWith).toBeGreaterThan(0.95);
    expect(accWith).toBeGreaterThan(accWithout + 0.2);
  });
});
