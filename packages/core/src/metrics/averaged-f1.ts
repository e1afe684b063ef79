/** Macro- and weighted-F1 straight from label arrays (conventions in `class-scores.ts`). */
import { classScores, macroF1FromScores, weightedF1FromScores } from './class-scores.js';
import { confusionMatrix } from './confusion.js';
import type { Labels } from './input.js';

/**
 * Macro-F1 over all `classes` classes (the seed's metric): the mean of the per-class F1, where a
 * class absent from both gold and predictions counts as F1 = 0 — exactly scikit-learn's
 * `f1_score(gold, pred, average='macro', labels=range(K), zero_division=0)`.
 *
 * ```ts
 * macroF1([0, 1, 2, 2], [0, 1, 2, 1], 3); // (1 + 2/3 + 2/3) / 3
 * ```
 * @throws RangeError when the lengths differ or a label is outside `0..classes−1`.
 */
export function macroF1(gold: Labels, predicted: Labels, classes: number): number {
  return macroF1FromScores(classScores(confusionMatrix(gold, predicted, classes)));
}

/**
 * Support-weighted F1: Σ_k F1_k·support_k / n (scikit-learn's `average='weighted'`); 0 for empty input.
 *
 * ```ts
 * weightedF1([0, 1, 2, 2], [0, 1, 2, 1], 3); // (1·1 + (2/3)·1 + (2/3)·2) / 4
 * ```
 * @throws RangeError when the lengths differ or a label is outside `0..classes−1`.
 */
export function weightedF1(gold: Labels, predicted: Labels, classes: number): number {
  return weightedF1FromScores(classScores(confusionMatrix(gold, predicted, classes)));
}
