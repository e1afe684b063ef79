/** The expected class under the predictive distribution: a real-valued similarity score. */
import { checkProbabilities, type ProbabilityMatrix } from './input.js';

/**
 * Σ_k k·p_k for each row of a B × K probability matrix — the model's expected score in `[0, K−1]`
 * (for PIT-2015: the expected number of annotators out of 5 who say "paraphrase").
 *
 * ```ts
 * expectedScores(Float32Array.from([0.5, 0.5, 0, 0, 0, 1]), 3); // Float64Array [0.5, 2]
 * ```
 * @throws RangeError on a malformed matrix (see `checkProbabilities`).
 */
export function expectedScores(probs: ProbabilityMatrix, classes: number): Float64Array {
  return expectedScoreRows(probs, classes, checkProbabilities('probs', probs, classes));
}

/** {@link expectedScores} of `rows` rows already checked by the caller. */
export function expectedScoreRows(probs: ProbabilityMatrix, classes: number, rows: number): Float64Array {
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < classes; k++) s += k * (probs[i * classes + k] as number);
    scores[i] = s;
  }
  return scores;
}
