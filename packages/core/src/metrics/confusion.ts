/** The confusion matrix: counts of (gold, predicted) label pairs. */
import { checkLabels, checkLength, type Labels } from './input.js';

/**
 * K × K counts, `confusion[g][p]` = number of pairs with gold label g predicted as p (rows = gold,
 * columns = predicted, as scikit-learn's `confusion_matrix(gold, pred, labels=range(K))`).
 */
export type ConfusionMatrix = number[][];

/**
 * Counts how often each gold class was predicted as each class.
 *
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2); // [[1, 0], [1, 1]]
 * ```
 * @throws RangeError when the lengths differ or a label is outside `0..classes−1`.
 */
export function confusionMatrix(gold: Labels, predicted: Labels, classes: number): ConfusionMatrix {
  checkLength('predicted', predicted, gold.length, 'one prediction per gold label');
  checkLabels('gold', gold, classes);
  checkLabels('predicted', predicted, classes);
  return countConfusion(gold, predicted, classes);
}

/** {@link confusionMatrix} of labels already checked by the caller. */
export function countConfusion(gold: Labels, predicted: Labels, classes: number): ConfusionMatrix {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < gold.length; i++) {
    const row = counts[gold[i] as number] as number[];
    const p = predicted[i] as number;
    row[p] = (row[p] as number) + 1;
  }
  return counts;
}
