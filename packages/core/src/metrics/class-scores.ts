/**
 * Per-class precision, recall, F1 and support, read off a confusion matrix.
 *
 * The 0/0 convention is scikit-learn's `zero_division=0`: a precision, recall or F1 whose
 * denominator is zero is 0 (a class never predicted has precision 0; a class absent from gold has
 * recall 0; a class absent from both has F1 0).
 */
import type { ConfusionMatrix } from './confusion.js';

/** Per-class scores, each array indexed by class `0..K−1`. */
export interface ClassScores {
  /** tp / (tp + fp): of the pairs predicted as k, the share whose gold label is k (0 if none predicted). */
  precision: number[];
  /** tp / (tp + fn): of the pairs whose gold label is k, the share predicted as k (0 if none in gold). */
  recall: number[];
  /** 2·tp / (2·tp + fp + fn) = 2·P·R / (P + R); 0 when tp = fp = fn = 0 or tp = 0. */
  f1: number[];
  /** Number of pairs whose gold label is k. */
  support: number[];
}

/** `num / den`, or 0 when `den` is 0 (scikit-learn's `zero_division=0`). */
export function divideOrZero(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/**
 * Precision, recall, F1 and support of every class, from a K × K confusion matrix
 * (rows = gold, columns = predicted).
 *
 * ```ts
 * classScores([[1, 0], [1, 1]]);
 * // { precision: [0.5, 1], recall: [1, 0.5], f1: [2/3, 2/3], support: [1, 2] }
 * ```
 * @throws RangeError when `confusion` is not square.
 */
export function classScores(confusion: ConfusionMatrix): ClassScores {
  const classes = confusion.length;
  const support = new Array<number>(classes).fill(0);
  const predictedCount = new Array<number>(classes).fill(0);
  confusion.forEach((row, g) => {
    if (row.length !== classes) {
      throw new RangeError(`confusion[${g}] has length ${row.length}, expected ${classes} (a square matrix)`);
    }
    row.forEach((count, p) => {
      support[g] = (support[g] as number) + count;
      predictedCount[p] = (predictedCount[p] as number) + count;
    });
  });
  const scores: ClassScores = { precision: [], recall: [], f1: [], support };
  for (let k = 0; k < classes; k++) {
    const tp = (confusion[k] as number[])[k] as number;
    const fp = (predictedCount[k] as number) - tp;
    const fn = (support[k] as number) - tp;
    scores.precision.push(divideOrZero(tp, tp + fp));
    scores.recall.push(divideOrZero(tp, tp + fn));
    scores.f1.push(divideOrZero(2 * tp, 2 * tp + fp + fn));
  }
  return scores;
}

/**
 * The unweighted mean of the per-class F1 over ALL K classes, as scikit-learn's
 * `f1_score(average='macro', labels=range(K), zero_division=0)`: a class absent from both gold and
 * predictions still counts, with F1 = 0, so perfect predictions on data that lacks some class score
 * below 1 (present classes / K). This keeps values comparable across splits and with the seed's table.
 */
export function macroF1FromScores(scores: ClassScores): number {
  const k = scores.f1.length;
  return k === 0 ? 0 : scores.f1.reduce((a, b) => a + b, 0) / k;
}

/**
 * The support-weighted mean of the per-class F1 (`average='weighted'`): Σ_k F1_k·support_k / n,
 * 0 when n = 0. Classes absent from gold weigh nothing.
 */
export function weightedF1FromScores(scores: ClassScores): number {
  let total = 0;
  let weighted = 0;
  scores.f1.forEach((f, k) => {
    const s = scores.support[k] as number;
    total += s;
    weighted += f * s;
  });
  return divideOrZero(weighted, total);
}
