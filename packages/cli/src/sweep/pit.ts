/**
 * PIT-2015 for the CLI: read the corpus with @vb/core's readers, load the word vectors restricted
 * to its vocabulary (GloVe text file, cached, or the wink package), build the embedding table
 * (unknown words → the shared zero `<unk>` row) and encode the splits.
 *
 * `pooled` (the seed's protocol): dev + test pooled, 70/15/15 stratified by the six-class y.
 * `official`: train on dev (binary: paraphrase k ≥ 3, not k ≤ 1, k = 2 dropped), 15% of it held
 * out for validation, binary F1 on the official test labels.
 */
import {
  OVERLAP_FEATURES,
  overlapFeatures,
  buildEmbedding,
  countTokens,
  embeddingMatrix,
  encodePairs,
  type PairDataset,
  stratifiedSplit,
  subsetDataset,
  type Vocabulary,
} from '@vb/core';
import { readGlove, readPit2015, readWinkEmbeddings } from '@vb/core/node';
import { join, resolve } from 'node:path';
import type { SweepData } from './data.js';
import type { LoadOptions } from './load.js';

/** Longest sentence the RNN reads (tweets are short; longer ones are truncated and counted). */
export const MAX_LENGTH = 40;

function scoresOf(d: PairDataset): number[] {
  return d.pairs.map((p) => p.score ?? p.label);
}

function vocabularyOf(tokens: string[]): Vocabulary {
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])), oov: 'zero' };
}

export async function pitData(dir: string, vectors: string, o: LoadOptions): Promise<SweepData> {
  const cacheDir = join(process.env.VB_CACHE_DIR ?? '.vb-cache', 'vectors');
  let train: PairDataset;
  let validation: PairDataset;
  let test: PairDataset;
  if (o.protocol === 'pooled') {
    const p = await readPit2015(dir, 'pooled', { seed: o.splitSeed, fractions: o.split });
    ({ train, validation, test } = p);
  } else {
    const p = await readPit2015(dir, 'official');
    const [tr, va] = stratifiedSplit(
      p.train.pairs.map((x) => x.label),
      { fractions: [0.85, 0.15], seed: o.splitSeed },
    ) as [number[], number[]];
    train = subsetDataset(p.train, tr, 'pit2015-official/train');
    validation = subsetDataset(p.train, va, 'pit2015-official/validation');
    test = p.test;
  }
  const counts = countTokens(train, validation, test);
  const loaded =
    vectors === 'wink'
      ? await readWinkEmbeddings(new Set(counts.keys()), { cacheDir })
      : await readGlove(vectors, new Set(counts.keys()), { cacheDir });
  let vocabulary: Vocabulary;
  let embeddings: Float32Array;
  let coverage: unknown;
  if (o.vocabulary) {
    // A saved model fixes the ids: row i of its table is word i.
    vocabulary = vocabularyOf(o.vocabulary);
    embeddings = embeddingMatrix(o.vocabulary, loaded.vectors);
    coverage = loaded.coverage ?? null;
  } else {
    const e = buildEmbedding(counts, loaded.vectors);
    vocabulary = e.vocabulary;
    embeddings = e.matrix;
    coverage = e.coverage;
  }
  const withOverlap = (o.pairFeatures ?? 'none') === 'overlap';
  const encode = (d: PairDataset) => {
    const e = encodePairs(d, vocabulary, { maxLength: MAX_LENGTH });
    return withOverlap ? { ...e, features: overlapFeatures(d), featureCount: OVERLAP_FEATURES.length } : e;
  };
  const [etr, eva, ete] = [encode(train), encode(validation), encode(test)];
  return {
    name: `pit2015:${o.protocol}`,
    description:
      (o.protocol === 'pooled'
        ? 'PIT-2015 (SemEval-2015 Task 1), dev + test pooled and split 70/15/15 stratified by the six-class label y (the seed’s protocol).'
        : 'PIT-2015 official binary protocol: trained on dev (85% train, 15% validation), evaluated on the official test labels.') +
      (withOverlap ? ' Pair features: 18 lexical-overlap scores beside the sentence codes (RNN head) and the mean vectors (baselines).' : ''),
    train: etr,
    validation: eva,
    test: ete,
    embeddings,
    inputDim: loaded.vectors.dim,
    pairFeatureNames: withOverlap ? [...OVERLAP_FEATURES] : [],
    classes: etr.classes,
    vocabulary: [...vocabulary.tokens],
    testScores: scoresOf(test),
    // Pooled: y is the vote count, so the PIT paraphrase F1 applies; official: K = 2 (binary F1 of class 1).
    scoring: {},
    stats: {
      // Absolute paths: results.json says exactly what was read, and --resume recognises the same
      // data given by another relative path.
      dir: resolve(dir),
      vectors: vectors === 'wink' ? vectors : resolve(vectors),
      protocol: o.protocol,
      pairFeatures: o.pairFeatures ?? 'none',
      train: etr.size,
      validation: eva.size,
      test: ete.size,
      coverage,
      truncated: { train: etr.truncated, validation: eva.truncated, test: ete.truncated },
      unknown: { train: etr.unknown, validation: eva.unknown, test: ete.unknown },
      vectorCache: 'cache' in loaded ? loaded.cache : null,
    },
  };
}
