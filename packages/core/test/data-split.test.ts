import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apportion,
  DEFAULT_SPLIT,
  DEFAULT_SPLIT_SEED,
  type PairDataset,
  plantedTeacher,
  seededRandom,
  shuffleInPlace,
  splitDataset,
  splitPairSet,
  stratifiedSplit,
} from '../src/index.js';

describe('seeded PRNG', () => {
  it('is deterministic, in [0, 1), and seed- and stream-dependent', () => {
    const take = (r: () => number) => Array.from({ length: 5 }, r);
    expect(take(seededRandom(42))).toEqual(take(seededRandom(42)));
    expect(take(seededRandom(42))).not.toEqual(take(seededRandom(43)));
    expect(take(seededRandom(42, 0))).not.toEqual(take(seededRandom(42, 1)));
    expect(take(seededRandom(2 ** 40))).not.toEqual(take(seededRandom(0)));
    const r = seededRandom(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect(() => seededRandom(1.5)).toThrow(/safe integer/);
  });

  it('shuffles to a permutation', () => {
    const a = shuffleInPlace(
      Array.from({ length: 50 }, (_, i) => i),
      seededRandom(1),
    );
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('stratified split', () => {
  it('apportions by largest remainder', () => {
    expect(apportion(10, [0.7, 0.15, 0.15])).toEqual([7, 2, 1]);
    expect(apportion(1, [0.7, 0.15, 0.15])).toEqual([1, 0, 0]);
    expect(apportion(3, [0.5, 0.5])).toEqual([2, 1]);
    expect(apportion(0, [0.7, 0.3])).toEqual([0, 0]);
  });

  it('splits a PairSet by its labels: the seed’s 70/15/15 with seed 2015 by default', () => {
    expect(DEFAULT_SPLIT).toEqual([0.7, 0.15, 0.15]);
    expect(DEFAULT_SPLIT_SEED).toBe(2015);
    const { set } = plantedTeacher({ pairs: 200 });
    const parts = splitPairSet(set, { fractions: DEFAULT_SPLIT, seed: DEFAULT_SPLIT_SEED });
    const ids = stratifiedSplit(set.labels, { fractions: DEFAULT_SPLIT, seed: DEFAULT_SPLIT_SEED });
    expect(parts.map((p) => p.size)).toEqual(ids.map((i) => i.length));
    expect(parts.map((p) => p.size)).toEqual([141, 30, 29]); // stratified: within one item per class
    parts.forEach((p, k) => {
      const at = ids[k] as number[];
      expect(Array.from(p.labels)).toEqual(at.map((i) => set.labels[i]));
      expect(Array.from(p.lengthsB)).toEqual(at.map((i) => set.lengthsB[i]));
      const i = at[at.length - 1] as number;
      expect(p.tokensA.subarray((p.size - 1) * p.maxLength, p.size * p.maxLength)).toEqual(
        set.tokensA.subarray(i * set.maxLength, (i + 1) * set.maxLength),
      );
    });
  });

  it('rejects fractions that do not sum to 1', () => {
    expect(() => stratifiedSplit([0, 1], { fractions: [0.7, 0.2], seed: 1 })).toThrow(/summing to 1/);
    expect(() => stratifiedSplit([0, 1], { fractions: [1.2, -0.2], seed: 1 })).toThrow(RangeError);
  });

  it('property: a partition; every class split in proportion to within one item; deterministic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
        fc.integer(),
        fc.constantFrom([0.7, 0.15, 0.15], [0.5, 0.5], [0.8, 0.1, 0.1], [1]),
        (labels, seed, fractions) => {
          const parts = stratifiedSplit(labels, { fractions, seed });
          const all = parts.flat().sort((x, y) => x - y);
          expect(all).toEqual(labels.map((_, i) => i));
          for (const p of parts) expect(p).toEqual([...p].sort((x, y) => x - y));
          for (const c of new Set(labels)) {
            const n = labels.filter((y) => y === c).length;
            parts.forEach((p, k) => {
              const got = p.filter((i) => labels[i] === c).length;
              expect(Math.abs(got - n * (fractions[k] as number))).toBeLessThan(1 + 1e-9);
            });
          }
          expect(stratifiedSplit(labels, { fractions, seed })).toEqual(parts);
        },
      ),
    );
  });

  it('different seeds give different splits; splitDataset names the parts', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 4);
    const f = { fractions: [0.7, 0.15, 0.15] };
    expect(stratifiedSplit(labels, { ...f, seed: 1 })).not.toEqual(
      stratifiedSplit(labels, { ...f, seed: 2 }),
    );
    const ds: PairDataset = {
      name: 'toy',
      classes: 4,
      pairs: labels.map((label, i) => ({ a: ['x'], b: ['y'], label, source: { file: 'toy', line: i + 1 } })),
      skipped: { total: 0, byReason: {}, examples: [] },
    };
    const [train, val, test] = splitDataset(ds, { ...f, seed: 1, names: ['train', 'validation', 'test'] });
    expect([train?.name, val?.name, test?.name]).toEqual(['toy/train', 'toy/validation', 'toy/test']);
    expect([train?.pairs.length, val?.pairs.length, test?.pairs.length]).toEqual([140, 30, 30]);
    const unstratified = splitDataset(ds, { ...f, seed: 1, stratify: false });
    expect(unstratified.map((d) => d.pairs.length)).toEqual([140, 30, 30]);
  });
});
