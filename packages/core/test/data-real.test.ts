/**
 * The real PIT-2015 data and GloVe vectors (../shared/data from the repository root); skipped with a
 * message when absent. Expected counts are those documented in shared/data/README.md.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildEmbedding,
  countTokens,
  encodePairs,
  iterateBatches,
  type PairDataset,
  parsePit2015,
  parsePit2015Test,
  Trainer,
} from '../src/index.js';
import { readGlove, readPit2015 } from '../src/node/index.js';
import { GLOVE_PIT, haveSharedData, PIT_DIR } from './shared-data.js';

const histogram = (ds: PairDataset, key: (p: PairDataset['pairs'][number]) => number, k = 6) => {
  const h = new Array<number>(k).fill(0);
  for (const p of ds.pairs) h[key(p)] = (h[key(p)] as number) + 1;
  return h;
};

describe.skipIf(!haveSharedData(PIT_DIR))('PIT-2015 (real data)', () => {
  const read = (f: string) => readFileSync(join(PIT_DIR, f), 'utf8');

  it('dev: 4,727 pairs, y histogram 1748/924/585/522/537/411', () => {
    const dev = parsePit2015(read('dev.data'), { file: 'dev.data', kind: 'votes' });
    expect(dev.pairs).toHaveLength(4727);
    expect(histogram(dev, (p) => p.label)).toEqual([1748, 924, 585, 522, 537, 411]);
    expect(dev.skipped.total).toBe(0);
  });

  it('test: 972 pairs, score histogram 157/376/130/134/134/41, agreeing with test.label', () => {
    const test = parsePit2015Test(read('test.data'), read('test.label'), { file: 'test.data' });
    expect(test.pairs).toHaveLength(972);
    expect(histogram(test, (p) => p.label)).toEqual([157, 376, 130, 134, 134, 41]);
    expect(test.pairs.filter((p) => p.binary === 1)).toHaveLength(175);
    expect(test.pairs.filter((p) => p.binary === 0)).toHaveLength(663);
  });

  it('pooled protocol: 5,699 pairs split ≈ 70/15/15, stratified by y, reproducible from the seed', async () => {
    const pooled = await readPit2015(PIT_DIR, 'pooled', { seed: 1 });
    const n = pooled.all.pairs.length;
    expect(n).toBe(5699);
    const all = histogram(pooled.all, (p) => p.label);
    expect(all).toEqual([1748 + 157, 924 + 376, 585 + 130, 522 + 134, 537 + 134, 411 + 41]);
    const parts = [pooled.train, pooled.validation, pooled.test];
    const fractions = [0.7, 0.15, 0.15];
    expect(parts.reduce((s, p) => s + p.pairs.length, 0)).toBe(n);
    parts.forEach((part, k) => {
      expect(Math.abs(part.pairs.length - n * (fractions[k] as number))).toBeLessThanOrEqual(3);
      histogram(part, (p) => p.label).forEach((c, y) => {
        expect(Math.abs(c - (all[y] as number) * (fractions[k] as number))).toBeLessThan(1);
      });
    });
    const again = await readPit2015(PIT_DIR, 'pooled', { seed: 1 });
    expect(again.test.pairs.map((p) => p.source)).toEqual(pooled.test.pairs.map((p) => p.source));
    const other = await readPit2015(PIT_DIR, 'pooled', { seed: 2 });
    expect(other.test.pairs.map((p) => p.source)).not.toEqual(pooled.test.pairs.map((p) => p.source));
    console.info(`pooled split sizes: ${parts.map((p) => p.pairs.length).join(' / ')}`);
  });

  it('official protocol: train = dev without k = 2 (4,142), test = test without score 3 (838)', async () => {
    const official = await readPit2015(PIT_DIR, 'official');
    expect(official.train.pairs).toHaveLength(4727 - 585);
    expect(official.train.pairs.filter((p) => p.label === 1)).toHaveLength(522 + 537 + 411);
    expect(official.test.pairs).toHaveLength(972 - 134);
    expect(official.test.pairs.filter((p) => p.label === 1)).toHaveLength(134 + 41);
    expect(official.train.classes).toBe(2);
  });
});

describe.skipIf(!haveSharedData(GLOVE_PIT) || !haveSharedData(PIT_DIR))(
  'GloVe 6B 100d on PIT-2015 (real data)',
  () => {
    it('covers about 91% of PIT tokens; caches; feeds the engine', async () => {
      const pooled = await readPit2015(PIT_DIR, 'pooled', { seed: 1 });
      const counts = countTokens(pooled.all);
      const cacheDir = mkdtempSync(join(tmpdir(), 'vb-glove-'));
      try {
        const loaded = await readGlove(GLOVE_PIT, counts, { cacheDir });
        expect(loaded.vectors.dim).toBe(100);
        expect(loaded.vectors.words).toHaveLength(4737);
        const c = loaded.coverage;
        expect(c?.types).toBe(5564);
        expect(c?.typesCovered).toBe(4737);
        expect(c?.tokenCoverage).toBeGreaterThan(0.9);
        expect(c?.tokenCoverage).toBeLessThan(0.92);
        console.info(
          `GloVe coverage: tokens ${(100 * (c?.tokenCoverage ?? 0)).toFixed(2)}%, types ${(100 * (c?.typeCoverage ?? 0)).toFixed(2)}%`,
        );
        const cached = await readGlove(GLOVE_PIT, counts, { cacheDir });
        expect(cached.cache?.hit).toBe(true);
        expect(cached.vectors.data).toEqual(loaded.vectors.data);

        const embedding = buildEmbedding(counts, loaded.vectors);
        expect(embedding.vocabulary.tokens).toHaveLength(4738);
        const train = encodePairs(pooled.train, embedding.vocabulary);
        expect(train.unknown.tokens).toBeGreaterThan(0);
        const trainer = new Trainer(
          { inputDim: 100, hidden: 8, trainSize: train.size, seed: 1 },
          embedding.matrix,
        );
        const batch = iterateBatches(train, { batchSize: 64, seed: 1 }).next().value;
        if (!batch) throw new Error('no batch');
        expect(Number.isFinite(trainer.step(batch).loss)).toBe(true);
        trainer.free();
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  },
);
