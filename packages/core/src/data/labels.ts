/**
 * Labels and scores: strict number parsing, and the binning of a real-valued score into K classes.
 */

/**
 * How a score becomes a class. With range [lo, hi] and K classes, t = (score − lo)/(hi − lo) ∈ [0, 1]:
 * - `round` (default): class = round(t·(K−1)), halves up — the nearest of K evenly spaced grades
 *   lo, lo + (hi−lo)/(K−1), …, hi. For STS (0..5, K = 6) this is round(score): 2.5 → 3, 2.49 → 2.
 * - `floor`: K equal-width bins, class = min(K−1, floor(t·K)); hi falls in the last bin.
 */
export type Binning = 'round' | 'floor';

/** How a reader turns a label column (or a score) into a class. */
export interface LabelOptions {
  /**
   * K. Labels must be integers in 0..K−1. When omitted: the length of `labelNames`; for labels read
   * from a label column, max label + 1 (at least 2); for labels binned from scores, 6.
   */
  classes?: number;
  /** Textual labels, e.g. `['contradiction', 'neutral', 'entailment']`: a name maps to its index. */
  labelNames?: readonly string[];
  /** Score range [lo, hi] for binning and validation (default [0, 5], the STS convention). */
  scoreRange?: readonly [number, number];
  /** Default `round`. */
  binning?: Binning;
}

// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter can split a run of digits between its two parts in
// n ways, so a long digit string that fails to match took quadratic time (20,000 digits: 2 s).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A strict decimal number: optional sign, digits with an optional fraction and exponent, surrounding
 * whitespace allowed. `''`, `'NaN'`, `'Infinity'`, `'0x10'` and `'1.5abc'` give `undefined`.
 */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * The class of `score`: see {@link Binning}. Assumes lo ≤ score ≤ hi (readers check that first).
 *
 * ```ts
 * scoreToClass(3.6, 6, [0, 5], 'round'); // 4
 * scoreToClass(3.6, 2, [0, 5], 'floor'); // 1
 * ```
 */
export function scoreToClass(
  score: number,
  classes: number,
  range: readonly [number, number],
  binning: Binning = 'round',
): number {
  const [lo, hi] = range;
  const t = (score - lo) / (hi - lo);
  if (binning === 'round') return Math.min(classes - 1, Math.max(0, Math.round(t * (classes - 1))));
  return Math.min(classes - 1, Math.max(0, Math.floor(t * classes)));
}

/** Validates K (integer ≥ 2). */
export function checkClasses(classes: number, what = 'classes'): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new RangeError(`${what} must be an integer ≥ 2, got ${classes}`);
  }
}

/** Validates a score range (finite, lo < hi). */
export function checkRange(range: readonly [number, number]): void {
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`scoreRange must be two finite numbers lo < hi, got [${lo}, ${hi}]`);
  }
}
