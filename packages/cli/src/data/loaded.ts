/**
 * The data every command runs on, whatever `--data` named: train/validation/test PairSets, the
 * embedding table, and what to report about them.
 */
import { macroF1, type PairSet, type TextRecipe } from '@vb/core';

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
