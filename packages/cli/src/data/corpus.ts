/**
 * A sentence-pair corpus with fixed train/validation/test splits, made ready for a sweep: load the
 * word vectors restricted to its vocabulary (GloVe text file, cached, or the wink package), build
 * the embedding table (unknown words → the shared zero `<unk>` row), encode the splits, and add the
 * overlap pair features when asked. PIT-2015 and MSRP both go through here.
 */

import { resolve } from 'node:path';
import {
  buildEmbedding,
  countTokens,
  embeddingMatrix,
  encodePairs,
  OVERLAP_FEATURES,
  overlapFeatures,
  type PairDataset,
  type TextRecipe,
  type Vocabulary,
} from '@vb/core';
import type { SweepData } from './loaded.js';
import type { LoadOptions } from './load-options.js';
import { loadVectorsFor } from './vectors-for.js';

/** Longest sentence the RNN reads (longer ones are truncated and counted). */
export const MAX_LENGTH = 40;

function scoresOf(d: PairDataset): number[] {
  return d.pairs.map((p) => p.score ?? p.label);
}

function vocabularyOf(tokens: string[]): Vocabulary {
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])), oov: 'zero' };
}

export interface CorpusSplits {
  name: string;
  description: string;
  /** The folder it was read from (recorded as an absolute path). */
  dir: string;
  train: PairDataset;
  validation: PairDataset;
  test: PairDataset;
  scoring: SweepData['scoring'];
  /** Extra facts for results.json (after dir and vectors). */
  stats: Record<string, unknown>;
  /** How the text was read (tokenizer) and what the classes mean (names, score range). */
  text: Omit<TextRecipe, 'maxLength' | 'lowercase'>;
}

export async function corpusData(c: CorpusSplits, vectors: string, o: LoadOptions): Promise<SweepData> {
  const { train, validation, test } = c;
  const counts = countTokens(train, validation, test);
  // The corpus's words, each borrowing its fallback form's vector (`n't` → `not`) if the file lacks it.
  const { loaded, vectors: table, aliased } = await loadVectorsFor(vectors, counts.keys());
  // Training on an all-zero table would "work" and learn nothing: refuse it, naming the file.
  if (loaded.vectors.words.length === 0) {
    throw new Error(
      `--vectors ${vectors}: no word of the corpus has a vector there (${loaded.stats.read} vector lines read) — is it a GloVe/word2vec text file for this corpus?`,
    );
  }
  let vocabulary: Vocabulary;
  let embeddings: Float32Array;
  let coverage: unknown;
  if (o.vocabulary) {
    // A saved model fixes the ids: row i of its table is word i.
    vocabulary = vocabularyOf(o.vocabulary);
    embeddings = embeddingMatrix(o.vocabulary, table);
    coverage = loaded.coverage ?? null;
  } else {
    const e = buildEmbedding(counts, table);
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
    name: c.name,
    description:
      c.description +
      (withOverlap
        ? ' Pair features: 18 lexical-overlap scores beside the sentence codes (RNN head) and the mean vectors (baselines).'
        : ''),
    train: etr,
    validation: eva,
    test: ete,
    embeddings,
    inputDim: loaded.vectors.dim,
    pairFeatureNames: withOverlap ? [...OVERLAP_FEATURES] : [],
    classes: etr.classes,
    vocabulary: [...vocabulary.tokens],
    testScores: scoresOf(test),
    text: { lowercase: true, maxLength: MAX_LENGTH, ...c.text },
    scored: test.pairs.every((p) => p.score !== undefined),
    scoring: c.scoring,
    stats: {
      // Absolute paths: results.json says exactly what was read, and --resume recognises the same
      // data given by another relative path.
      dir: resolve(c.dir),
      vectors: vectors === 'wink' ? vectors : resolve(vectors),
      ...c.stats,
      pairFeatures: o.pairFeatures ?? 'none',
      train: etr.size,
      validation: eva.size,
      test: ete.size,
      coverage,
      fallbacks: aliased.length,
      truncated: { train: etr.truncated, validation: eva.truncated, test: ete.truncated },
      unknown: { train: etr.unknown, validation: eva.unknown, test: ete.unknown },
      vectorCache: 'cache' in loaded ? loaded.cache : null,
    },
  };
}
