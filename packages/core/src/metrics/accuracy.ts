/** Accuracy: the share of pairs whose predicted label equals the gold label. */
import { checkLength, type Labels } from './input.js';

/**
 * Share of positions where `predicted[i] === gold[i]`; 0 for empty input (the 0/0 → 0 convention).
 * Labels are compared as numbers, so no class count is needed.
 *
 * ```ts
 * accuracy([0, 1, 2, 2], [0, 1, 2, 1]); // 0.75
 * ```
 * @throws RangeError when the lengths differ.
 */
export function accuracy(gold: Labels, predicted: Labels): number {
  checkLength('predicted', predicted, gold.length, 'one prediction per gold label');
  let hits = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) hits++;
  return gold.length === 0 ? 0 : hits / gold.length;
}
