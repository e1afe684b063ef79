/** Every metric of docs/METHOD.md §1 in one call, from predicted probabilities and gold labels. */
import { argmaxRows } from './argmax.js';
import { type ClassScores, classScores, macroF1FromScores, weightedF1FromScores } from './class-scores.js';
import { type ConfusionMatrix, countConfusion } from './confusion.js';
import { expectedScoreRows } from './expected-score.js';
import { checkLength, checkProbabilitiesAndGold, type Labels, type ProbabilityMatrix } from './input.js';
import { checkFloor, LOG_PROB_FLOOR, meanLogLikelihoodRows } from './log-likelihood.js';
import {
  PIT_CLASSES,
  type ParaphraseOptions,
  type ParaphraseScores,
  paraphraseScoresRows,
} from './paraphrase.js';
import { pearson } from './pearson.js';
import { spearman } from './spearman.js';
import { requireObject } from '../args.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Number of classes K (6 for PIT-2015). */
  classes: number;
  /**
   * Real-valued gold scores for Pearson's r, one per pair (e.g. an expert score); default: the
   * gold labels themselves.
   */
  goldScores?: ArrayLike<number>;
  /**
   * How the PIT paraphrase F1 turns probabilities into binary predictions (K = 6 only); `false`
   * when the six classes are not PIT vote counts (then `paraphrase` is null).
   */
  paraphrase?: ParaphraseOptions | false;
  /** Clamp of p(gold) before the log (default {@link LOG_PROB_FLOOR} = 1e-12). */
  logProbFloor?: number;
}

/**
 * The metrics of one evaluation. Class predictions are the argmax of each row (ties to the lower
 * class); 0/0 is 0 throughout (scikit-learn's `zero_division=0`). Plain numbers and arrays, so it
 * serialises to JSON (a `NaN` Pearson's r becomes `null` there).
 */
export interface Metrics {
  /** K. */
  classes: number;
  /** Number of pairs B. */
  pairs: number;
  /** Share of pairs whose argmax class equals the gold label. */
  accuracy: number;
  /** Mean per-class F1 over all K classes; classes absent from gold and predictions count as 0. */
  macroF1: number;
  /** Support-weighted mean of the per-class F1. */
  weightedF1: number;
  /** Per-class precision, recall, F1, support. */
  perClass: ClassScores;
  /** K × K counts, rows = gold, columns = predicted. */
  confusion: ConfusionMatrix;
  /** (1/B) Σ log max(p_i(gold_i), floor). */
  meanLogLikelihood: number;
  /** Pearson's r of the expected score Σ_k k·p_k with the gold scores; NaN when undefined. */
  pearson: number;
  /** Spearman's ρ of the same expected score with the gold scores; NaN when undefined. */
  spearman: number;
  /** The PIT-2015 official binary scores when K = 6 (gold y = 2 left out); `null` otherwise. */
  paraphrase: ParaphraseScores | null;
  /**
   * The binary F1 of the task: the PIT paraphrase F1 when K = 6 vote counts, the F1 of class 1
   * when K = 2 (e.g. PIT's official protocol); null otherwise.
   */
  binaryF1: number | null;
}

/**
 * Scores a B × K probability matrix against B gold labels.
 *
 * ```ts
 * const probs = trainer.predict(batch);                 // Float32Array, B × 6
 * const m = evaluate(probs, batch.labels, { classes: 6 });
 * console.log(m.macroF1, m.paraphrase?.f1, m.meanLogLikelihood);
 * ```
 * @throws RangeError (naming the argument and the index) on an empty batch, mismatched lengths,
 * labels outside `0..K−1`, NaN / negative probabilities, rows not summing to 1, non-finite gold scores.
 */
export function evaluate(probs: ProbabilityMatrix, gold: Labels, options: EvaluateOptions): Metrics {
  requireObject(probs, 'evaluate', 'probs', 'a B × K probability matrix');
  requireObject(gold, 'evaluate', 'gold', 'B gold labels');
  requireObject(options, 'evaluate', 'options', '{ classes }');
  const { classes } = options;
  const pairs = checkProbabilitiesAndGold(probs, gold, classes);
  if (pairs === 0) throw new RangeError('gold is empty: evaluate needs at least one pair');
  const goldScores = options.goldScores ?? gold;
  checkLength('goldScores', goldScores, pairs, 'one score per gold label');

  // Inputs are checked once, above; the per-metric functions below skip their own checks.
  const predicted = argmaxRows(probs, classes, pairs);
  const confusion = countConfusion(gold, predicted, classes);
  const perClass = classScores(confusion);
  let hits = 0;
  for (let k = 0; k < classes; k++) hits += (confusion[k] as number[])[k] as number;
  const floor = options.logProbFloor ?? LOG_PROB_FLOOR;
  checkFloor(floor);
  const paraphrase =
    classes === PIT_CLASSES && options.paraphrase !== false
      ? paraphraseScoresRows(probs, gold, pairs, options.paraphrase || undefined)
      : null;
  const expected = expectedScoreRows(probs, classes, pairs);
  return {
    classes,
    pairs,
    accuracy: hits / pairs,
    macroF1: macroF1FromScores(perClass),
    weightedF1: weightedF1FromScores(perClass),
    perClass,
    confusion,
    meanLogLikelihood: meanLogLikelihoodRows(probs, gold, classes, pairs, floor),
    pearson: pearson(expected, goldScores),
    spearman: spearman(expected, goldScores),
    paraphrase,
    binaryF1: paraphrase ? paraphrase.f1 : classes === 2 ? (perClass.f1[1] as number) : null,
  };
}
