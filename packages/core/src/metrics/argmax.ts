/** Predicted labels from a probability matrix. */
import { checkProbabilities, type ProbabilityMatrix } from './input.js';

/**
 * The most probable class of each row of a B × K row-major probability matrix. Ties go to the
 * lowest class index (as numpy's `argmax`).
 *
 * ```ts
 * argmaxLabels(Float32Array.from([0.1, 0.9, 0.5, 0.5]), 2); // Uint32Array [1, 0]
 * ```
 * @throws RangeError on a malformed matrix (see `checkProbabilities`).
 */
export function argmaxLabels(probs: ProbabilityMatrix, classes: number): Uint32Array {
  return argmaxRows(probs, classes, checkProbabilities('probs', probs, classes));
}

/** {@link argmaxLabels} of `rows` rows already checked by the caller. */
export function argmaxRows(probs: ProbabilityMatrix, classes: number, rows: number): Uint32Array {
  const labels = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestP = probs[i * classes] as number;
    for (let k = 1; k < classes; k++) {
      const p = probs[i * classes + k] as number;
      if (p > bestP) {
        best = k;
        bestP = p;
      }
    }
    labels[i] = best;
  }
  return labels;
}
