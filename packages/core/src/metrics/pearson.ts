/** Pearson's correlation coefficient. */
import { checkFinite, checkLength } from './input.js';

/**
 * Pearson's r between two equally long series, computed in float64 from mean-centred values and
 * clamped to [−1, 1] (as `scipy.stats.pearsonr`). It is `NaN` when undefined: fewer than 2 values,
 * or either series constant. It does not change when `y` becomes a·y + b with a > 0.
 *
 * ```ts
 * pearson([0, 1, 2], [1, 3, 5]);  // 1
 * pearson([0, 1, 2], [2, 2, 2]);  // NaN
 * ```
 * @throws RangeError when the lengths differ or a value is not finite.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLength('y', y, x.length, 'as long as x');
  checkFinite('x', x);
  checkFinite('y', y);
  const n = x.length;
  if (n < 2) return Number.NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i] as number;
    meanY += y[i] as number;
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
