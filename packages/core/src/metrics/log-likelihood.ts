/** Mean log-likelihood of the gold labels under the predicted class probabilities. */
import { checkProbabilitiesAndGold, type Labels, type ProbabilityMatrix } from './input.js';

/**
 * The smallest probability the log is taken of: p(y_i) is clamped to at least 1e-12 (log ≈ −27.6)
 * so that a single zero probability (float32 softmax underflow) leaves the mean finite.
 */
export const LOG_PROB_FLOOR = 1e-12;

/**
 * (1/B) Σ_i log max(p_i(gold_i), floor) — the per-pair log-likelihood of the data (higher is
 * better; the negative of the mean NLL / cross-entropy). Probabilities are used as given, not
 * renormalised (rows are checked to sum to 1 within `ROW_SUM_TOLERANCE`).
 *
 * ```ts
 * meanLogLikelihood(Float32Array.from([0.5, 0.5, 0.25, 0.75]), [0, 1], 2); // (log 0.5 + log 0.75) / 2
 * ```
 * @param floor the clamp, default {@link LOG_PROB_FLOOR}; must lie in (0, 1].
 * @throws RangeError on malformed input, on empty input (a mean over no pairs) or a bad floor.
 */
export function meanLogLikelihood(
  probs: ProbabilityMatrix,
  gold: Labels,
  classes: number,
  floor: number = LOG_PROB_FLOOR,
): number {
  checkFloor(floor);
  const rows = checkProbabilitiesAndGold(probs, gold, classes);
  if (rows === 0) throw new RangeError('gold is empty: the mean log-likelihood needs at least one pair');
  return meanLogLikelihoodRows(probs, gold, classes, rows, floor);
}

/** Throws unless the clamp `floor` lies in (0, 1]. */
export function checkFloor(floor: number): void {
  if (!(floor > 0 && floor <= 1)) throw new RangeError(`floor must lie in (0, 1], got ${floor}`);
}

/** {@link meanLogLikelihood} of `rows` ≥ 1 rows and labels already checked by the caller. */
export function meanLogLikelihoodRows(
  probs: ProbabilityMatrix,
  gold: Labels,
  classes: number,
  rows: number,
  floor: number,
): number {
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    sum += Math.log(Math.max(probs[i * classes + (gold[i] as number)] as number, floor));
  }
  return sum / rows;
}
