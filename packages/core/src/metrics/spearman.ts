/** Spearman's rank correlation coefficient. */
import { checkFinite, checkLength } from './input.js';
import { pearson } from './pearson.js';

/** 1-based ranks of `x`, ties sharing the mean of the ranks they span (as `scipy.stats.rankdata`). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[order[j + 1] as number] === x[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman's ρ: Pearson's r of the average ranks (ties averaged, as `scipy.stats.spearmanr`).
 * `NaN` when undefined (fewer than 2 values, or either series constant).
 *
 * ```ts
 * spearman([1, 2, 3, 4], [1, 4, 9, 16]); // 1
 * spearman([1, 2, 3], [3, 2, 1]);        // -1
 * ```
 * @throws RangeError when the lengths differ or a value is not finite.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLength('y', y, x.length, 'as long as x');
  checkFinite('x', x);
  checkFinite('y', y);
  return pearson(averageRanks(x), averageRanks(y));
}
