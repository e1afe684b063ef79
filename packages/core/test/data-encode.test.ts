import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildEmbedding,
  buildVocabulary,
  countTokens,
  encodePairs,
  epochOrder,
  iterateBatches,
  makeWordVectors,
  type PairDataset,
  type PairSet,
  packBatch,
  Trainer,
  UNK_TOKEN,
  validatePairSet,
} from '../src/index.js';

function dataset(pairs: Array<[string[], string[], number]>, classes = 3): PairDataset {
  return {
    name: 'toy',
    classes,
    pairs: pairs.map(([a, b, label], i) => ({ a, b, label, source: { file: 'toy', line: i + 1 } })),
    skipped: { total: 0, byReason: {}, examples: [] },
  };
}

const toy = dataset([
  [['the', 'cat', 'sat'], ['a', 'cat'], 2],
  [['zzz'], ['the', 'dog', 'qqq', 'the'], 0],
  [['dog'], ['the', 'cat', 'sat', 'on', 'the', 'mat'], 1],
]);
// dim 2; 'zzz', 'qqq', 'a', 'on', 'mat' have no vector.
const vectors = makeWordVectors(
  ['cat', 'the', 'dog', 'sat', 'unused'],
  Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  2,
);

describe('vocabulary and embedding', () => {
  it('counts tokens and orders the vocabulary by count, ties by code unit, <unk> first', () => {
    const counts = countTokens(toy);
    expect(counts.get('the')).toBe(5);
    expect(counts.get('cat')).toBe(3);
    const v = buildVocabulary(counts);
    expect(v.tokens.slice(0, 4)).toEqual([UNK_TOKEN, 'the', 'cat', 'dog']);
    expect(v.tokens.slice(4)).toEqual(['sat', 'a', 'mat', 'on', 'qqq', 'zzz']);
    expect(v.ids.get('sat')).toBe(4);
    expect(buildVocabulary(counts, { minCount: 2 }).tokens).toEqual([UNK_TOKEN, 'the', 'cat', 'dog', 'sat']);
    expect(buildVocabulary(new Set(['b', 'a', 'b'])).tokens).toEqual([UNK_TOKEN, 'a', 'b']);
    expect(() => buildVocabulary(counts, { oov: 'random' as never })).toThrow(/oov must be/);
  });

  it('builds the matrix aligned with ids: known rows copied, <unk> row zero (or mean)', () => {
    const counts = countTokens(toy);
    const e = buildEmbedding(counts, vectors);
    expect(e.vocabulary.tokens).toEqual([UNK_TOKEN, 'the', 'cat', 'dog', 'sat']);
    expect([...e.matrix]).toEqual([0, 0, 3, 4, 1, 2, 5, 6, 7, 8]);
    expect(e.coverage).toMatchObject({ types: 9, typesCovered: 4, tokens: 17, tokensCovered: 12 });
    expect(e.coverage.tokenCoverage).toBeCloseTo(12 / 17, 12);
    const m = buildEmbedding(counts, vectors, { oov: 'mean' });
    expect([...m.matrix.subarray(0, 2)]).toEqual([(3 + 1 + 5 + 7) / 4, (4 + 2 + 6 + 8) / 4]);
  });
});

describe('encoding and batches', () => {
  const embedding = buildEmbedding(countTokens(toy), vectors);

  it('maps tokens to ids, unknown to 0, pads with 0, reports truncation', () => {
    const enc = encodePairs(toy, embedding.vocabulary);
    expect(enc.maxLength).toBe(6);
    expect([...enc.lengthsA]).toEqual([3, 1, 1]);
    expect([...enc.lengthsB]).toEqual([2, 4, 6]);
    expect([...enc.tokensA.subarray(0, 6)]).toEqual([1, 2, 4, 0, 0, 0]);
    expect([...enc.tokensB.subarray(6, 12)]).toEqual([1, 3, 0, 1, 0, 0]);
    expect([...enc.labels]).toEqual([2, 0, 1]);
    expect(enc.unknown).toEqual({ tokens: 5, dropped: 0, emptied: 0 });
    expect(enc.truncated).toEqual({ sentences: 0, tokens: 0 });
    const cut = encodePairs(toy, embedding.vocabulary, { maxLength: 3 });
    expect(cut.maxLength).toBe(3);
    expect(cut.truncated).toEqual({ sentences: 2, tokens: 4 });
    expect([...cut.tokensB.subarray(6, 9)]).toEqual([1, 2, 4]);
    expect(() => encodePairs(toy, embedding.vocabulary, { maxLength: 0 })).toThrow(/maxLength/);
  });

  it("oov 'drop' removes unknown tokens; an all-unknown sentence keeps one <unk>", () => {
    const drop = buildEmbedding(countTokens(toy), vectors, { oov: 'drop' });
    const enc = encodePairs(toy, drop.vocabulary);
    expect([...enc.lengthsA]).toEqual([3, 1, 1]);
    expect([...enc.lengthsB]).toEqual([1, 3, 4]);
    expect(enc.tokensA[3]).toBe(0); // pair 1: 'zzz' → single <unk>
    expect(enc.unknown).toEqual({ tokens: 5, dropped: 5, emptied: 1 });
  });

  it('packs the engine layout: rows 0..B−1 first sentences, B..2B−1 second; T = longest in batch', () => {
    const enc = encodePairs(toy, embedding.vocabulary);
    const b = packBatch(enc, [1, 0]);
    // Expected layout written out by hand: a1 = [0], a0 = [the cat sat], b1 = [the dog <unk> the], b0 = [<unk> cat].
    expect([...b.lengths]).toEqual([1, 3, 4, 2]);
    expect([...b.tokens]).toEqual([0, 0, 0, 0, 1, 2, 4, 0, 1, 3, 0, 1, 0, 2, 0, 0]);
    expect([...b.labels]).toEqual([0, 2]);
    expect([...b.indices]).toEqual([1, 0]);
    expect(() => packBatch(enc, [3])).toThrow(/outside 0..2/);
  });

  it("is a training PairSet (the fit driver's input) as it is", () => {
    const enc = encodePairs(toy, embedding.vocabulary, { maxLength: 4 });
    const set: PairSet = enc;
    expect(() => validatePairSet(set, 'toy')).not.toThrow();
  });

  it('the engine accepts the batches and embedding matrix', () => {
    const enc = encodePairs(toy, embedding.vocabulary);
    const trainer = new Trainer(
      { inputDim: embedding.dim, hidden: 4, classes: 3, trainSize: 3, seed: 1 },
      embedding.matrix,
    );
    for (const batch of iterateBatches(enc, { batchSize: 2, seed: 1 })) {
      expect(Number.isFinite(trainer.step(batch).loss)).toBe(true);
    }
    trainer.free();
  });

  it('iterates every pair once per epoch, in a seeded order that changes with the epoch', () => {
    const big = dataset(
      Array.from({ length: 23 }, (_, i) => [['the'], ['cat'], i % 3] as [string[], string[], number]),
    );
    const enc = encodePairs(big, embedding.vocabulary);
    const seen = (epoch: number) =>
      [...iterateBatches(enc, { batchSize: 5, seed: 9, epoch })].flatMap((b) => [...b.indices]);
    expect([...seen(0)].sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(seen(0)).toEqual(seen(0));
    expect(seen(0)).not.toEqual(seen(1));
    expect(
      [...iterateBatches(enc, { batchSize: 5, seed: 9, dropLast: true })].map((b) => b.labels.length),
    ).toEqual([5, 5, 5, 5]);
    expect([...iterateBatches(enc, { batchSize: 10, shuffle: false, indices: [4, 2] })][0]?.indices).toEqual(
      Uint32Array.from([4, 2]),
    );
    expect(() => iterateBatches(enc, { batchSize: 2 }).next()).toThrow(/seed is required/);
    expect(epochOrder(5, 1, 0)).toEqual(epochOrder(5, 1, 0));
  });

  it('property: decoding a packed batch gives back each sentence (unknown → <unk>, truncated), padded with 0', () => {
    const word = fc.constantFrom('the', 'cat', 'dog', 'sat', 'zzz', 'on', 'mat', 'unused');
    const sentence = fc.array(word, { minLength: 1, maxLength: 9 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sentence, sentence, fc.integer({ min: 0, max: 2 })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 7 }),
        (pairs, maxLength, batchSize) => {
          const ds = dataset(pairs);
          const e = buildEmbedding(countTokens(ds), vectors);
          const enc = encodePairs(ds, e.vocabulary, { maxLength });
          const expected = (s: string[]) =>
            s.slice(0, maxLength).map((t) => (vectors.index.has(t) ? t : UNK_TOKEN));
          for (const batch of iterateBatches(enc, { batchSize, seed: 3 })) {
            const bsz = batch.labels.length;
            const t = batch.tokens.length / (2 * bsz);
            batch.indices.forEach((p, i) => {
              const pair = ds.pairs[p] as { a: string[]; b: string[]; label: number };
              for (const [row, s] of [
                [i, pair.a],
                [bsz + i, pair.b],
              ] as const) {
                const len = batch.lengths[row] as number;
                const ids = [...batch.tokens.subarray(row * t, (row + 1) * t)];
                expect(ids.slice(0, len).map((id) => e.vocabulary.tokens[id])).toEqual(expected(s));
                expect(ids.slice(len).every((id) => id === 0)).toBe(true);
              }
              expect(batch.labels[i]).toBe(pair.label);
            });
          }
        },
      ),
    );
  });
});
