/**
 * The data a sweep runs on: train/validation/test PairSets, the embedding table, and what to
 * report about them. `builtin` is the planted-teacher task (offline, no files needed).
 */
import { macroF1, type PairSet, plantedTeacher, stratifiedSplit, subsetPairSet, type TextRecipe } from '@vb/core';

export interface SweepData {
  /** e.g. "builtin:planted-teacher" or "pit2015:pooled". */
  name: string;
  description: string;
  train: PairSet;
  validation: PairSet;
  test: PairSet;
  embeddings: Float32Array;
  inputDim: number;
  /** Names of the F fixed pair features every split carries (`PairSet.features`); empty when none. */
  pairFeatureNames: string[];
  classes: number;
  vocabulary: string[];
  /** Real-valued gold scores of the test pairs (Pearson r), when the data has them. */
  testScores?: number[];
  /** How raw text becomes the model's input (recorded in model files; absent for the builtin task). */
  text?: TextRecipe;
  /** The test pairs carry gold scores (STS-like data, PIT-2015's votes): Pearson/Spearman are reported. */
  scored?: boolean;
  /** The planted structure (builtin data only). */
  planted?: { usedInputs: number[]; teacherHidden: number; nonZeroWeights: number; totalWeights: number };
  /** Counts, coverage, truncation — reported as-is in results.json. */
  stats: Record<string, unknown>;
  /** Passed to every `evaluate`: `{ paraphrase: false }` where the six classes are not PIT vote counts. */
  scoring: { paraphrase?: false };
}

/** Pairs per class 0..classes−1. */
export function labelHistogram(set: PairSet, classes: number): number[] {
  const h = new Array<number>(classes).fill(0);
  for (const y of set.labels) h[y] = (h[y] ?? 0) + 1;
  return h;
}

/**
 * Test macro-F1 of predicting the training set's most frequent class for every pair: the floor a
 * model must beat (a collapsed model sits exactly on it).
 */
export function majorityMacroF1(data: SweepData): number {
  const counts = labelHistogram(data.train, data.classes);
  const majority = counts.indexOf(Math.max(...counts));
  return macroF1(data.test.labels, new Uint32Array(data.test.size).fill(majority), data.classes);
}

/** The built-in planted-teacher task, split 70/15/15 stratified. */
export function builtinData(split: [number, number, number], splitSeed: number): SweepData {
  const d = plantedTeacher();
  const [tr, va, te] = stratifiedSplit(d.set.labels, { fractions: split, seed: splitSeed }) as [number[], number[], number[]];
  const train = subsetPairSet(d.set, tr);
  const validation = subsetPairSet(d.set, va);
  const test = subsetPairSet(d.set, te);
  return {
    name: 'builtin:planted-teacher',
    description:
      `Synthetic sentence pairs labelled by a planted sparse teacher RNN (${d.options.teacherHidden} hidden units reading ` +
      `${d.options.usedInputs} of ${d.inputDim} input dimensions, ${d.options.vocabSize} words, ${d.options.pairs} pairs, K = ${d.classes}).`,
    train,
    validation,
    test,
    embeddings: d.embeddings,
    inputDim: d.inputDim,
    pairFeatureNames: [],
    classes: d.classes,
    vocabulary: d.vocabulary,
    planted: d.planted,
    scoring: { paraphrase: false },
    stats: {
      pairs: d.set.size,
      train: train.size,
      validation: validation.size,
      test: test.size,
      labelHistogram: labelHistogram(d.set, d.classes),
      teacher: d.options,
    },
  };
}
