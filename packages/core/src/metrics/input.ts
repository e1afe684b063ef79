/**
 * The input types shared by the metrics, and the checks that turn bad input into an `Error` that
 * names the argument and the index (rather than a silently wrong number).
 */

/** One class label in `0..K−1` per pair: a `Uint32Array`, `Int32Array` or plain `number[]`. */
export type Labels = ArrayLike<number>;

/**
 * B × K class probabilities, row-major (row i is pair i), as `Trainer.predict` returns them.
 * A `Float32Array` is the usual form; any array of numbers is accepted.
 */
export type ProbabilityMatrix = ArrayLike<number>;

/**
 * How far a probability row's sum may be from 1: float32 softmax outputs and Monte-Carlo averages
 * of them are off by ~1e-7, while logits or unnormalised scores passed by mistake are far off.
 */
export const ROW_SUM_TOLERANCE = 1e-4;

/** Throws unless `classes` (K) is an integer ≥ 1. */
export function checkClasses(classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`classes must be an integer >= 1, got ${classes}`);
  }
}

/** Throws unless `values.length === expected`, naming both arguments. */
export function checkLength(name: string, values: ArrayLike<unknown>, expected: number, what: string): void {
  if (values.length !== expected) {
    throw new RangeError(`${name} has length ${values.length}, expected ${expected} (${what})`);
  }
}

/**
 * Throws unless `classes` is valid and every `labels[i]` is an integer in `0..classes−1`, naming the
 * first bad index.
 */
export function checkLabels(name: string, labels: Labels, classes: number): void {
  checkClasses(classes);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new RangeError(`${name}[${i}] = ${y} is not a class label in 0..${classes - 1}`);
    }
  }
}

/** Throws unless every `values[i]` is a finite number, naming the first bad index. */
export function checkFinite(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] = ${v} is not a finite number`);
  }
}

/**
 * Checks a B × K probability matrix and returns B. Throws, naming `name` and the index, when the
 * length is not a multiple of K, an entry is NaN, infinite or negative, or a row's sum is farther
 * than {@link ROW_SUM_TOLERANCE} from 1.
 */
export function checkProbabilities(name: string, probs: ProbabilityMatrix, classes: number): number {
  checkClasses(classes);
  if (probs.length % classes !== 0) {
    throw new RangeError(`${name} has length ${probs.length}, not a multiple of classes = ${classes}`);
  }
  const rows = probs.length / classes;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const j = i * classes + k;
      const p = probs[j] as number;
      if (!Number.isFinite(p) || p < 0) {
        throw new RangeError(`${name}[${j}] (row ${i}, class ${k}) = ${p} is not a probability`);
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new RangeError(
        `${name} row ${i} sums to ${sum}, not 1 (tolerance ${ROW_SUM_TOLERANCE}); pass probabilities, not logits`,
      );
    }
  }
  return rows;
}

/** Checks `probs` (B × K) and `gold` (B labels in `0..K−1`) together; returns B. */
export function checkProbabilitiesAndGold(probs: ProbabilityMatrix, gold: Labels, classes: number): number {
  const rows = checkProbabilities('probs', probs, classes);
  checkLength('gold', gold, rows, `one label per row of probs: probs.length / classes = ${rows}`);
  checkLabels('gold', gold, classes);
  return rows;
}
