/** F1 of the positive class (1) for binary gold and predicted labels. */
import { divideOrZero } from './class-scores.js';
import { checkLabels, checkLength, type Labels } from './input.js';

/** Scores of the positive class 1 against class 0 (scikit-learn's `average='binary'`, `pos_label=1`). */
export interface BinaryScores {
  /** tp / (tp + fp); 0 when nothing is predicted positive. */
  precision: number;
  /** tp / (tp + fn); 0 when no gold label is positive. */
  recall: number;
  /** 2·tp / (2·tp + fp + fn); 0 when that is 0/0. */
  f1: number;
  /** Number of gold positives (tp + fn). */
  support: number;
  /** Number of pairs scored. */
  pairs: number;
}

/**
 * Precision, recall and F1 of class 1 for labels in {0, 1}, with the 0/0 → 0 convention
 * (scikit-learn's `precision_recall_fscore_support(..., average='binary', zero_division=0)`).
 *
 * ```ts
 * binaryScores([1, 1, 0, 0], [1, 0, 1, 0]); // { precision: 0.5, recall: 0.5, f1: 0.5, support: 2, pairs: 4 }
 * ```
 * @throws RangeError when the lengths differ or a label is not 0 or 1.
 */
export function binaryScores(gold: Labels, predicted: Labels): BinaryScores {
  checkLength('predicted', predicted, gold.length, 'one prediction per gold label');
  checkLabels('gold', gold, 2);
  checkLabels('predicted', predicted, 2);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i] === 1;
    const p = predicted[i] === 1;
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
  }
  return {
    precision: divideOrZero(tp, tp + fp),
    recall: divideOrZero(tp, tp + fn),
    f1: divideOrZero(2 * tp, 2 * tp + fp + fn),
    support: tp + fn,
    pairs: gold.length,
  };
}

/**
 * F1 of class 1 for binary labels: `binaryScores(gold, predicted).f1`.
 *
 * ```ts
 * binaryF1([1, 1, 0], [1, 1, 1]); // 0.8
 * ```
 * @throws RangeError when the lengths differ or a label is not 0 or 1.
 */
export function binaryF1(gold: Labels, predicted: Labels): number {
  return binaryScores(gold, predicted).f1;
}
