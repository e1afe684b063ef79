/**
 * The PIT-2015 official binary task scored from 6-class output (docs/METHOD.md §1): y = number of
 * 5 annotators who said "paraphrase" (on pooled pairs from the test file, the expert score 0..5);
 * gold y ≥ 3 → paraphrase (1), y ≤ 1 → non-paraphrase (0), y = 2 "debatable" → left out.
 * The score is the F1 of the paraphrase class over the pairs left in.
 */
import { PIT2015_CLASSES as PIT_CLASSES, pit2015Binary } from '../data/pit2015.js';
import { type BinaryScores, binaryScores } from './binary-f1.js';
import { checkProbabilitiesAndGold, type Labels, type ProbabilityMatrix } from './input.js';

/** Classes of the PIT-2015 vote count y ∈ {0, …, 5} (the data layer's constant). */
export { PIT_CLASSES };

/**
 * The binary gold label of a vote count y: 1 (paraphrase) for y ≥ 3, 0 for y ≤ 1, and `null`
 * for the debatable y = 2, which the official task leaves out.
 *
 * ```ts
 * [0, 1, 2, 3, 4, 5].map(pitGoldBinary); // [0, 0, null, 1, 1, 1]
 * ```
 */
export function pitGoldBinary(y: number): 0 | 1 | null {
  return pit2015Binary(y, 'votes') ?? null;
}

/**
 * How a 6-class predictive distribution p becomes a binary prediction (every pair gets one; a
 * prediction cannot be "debatable"):
 * - `probability` (default): paraphrase iff P(y ≥ 3) = p_3 + p_4 + p_5 ≥ `threshold` (0.5) — the
 *   Bayes decision for the binary question, using the whole predictive distribution;
 * - `argmax`: paraphrase iff the most probable class is ≥ 3 (ties to the lower class);
 * - `expected`: paraphrase iff the expected class Σ_k k·p_k, rounded to the nearest class, is ≥ 3,
 *   i.e. Σ_k k·p_k ≥ 2.5.
 */
export type ParaphraseDecision = 'probability' | 'argmax' | 'expected';

/** Options of {@link paraphraseScores}. */
export interface ParaphraseOptions {
  /** Default `probability`. */
  decision?: ParaphraseDecision;
  /** Threshold on P(y ≥ 3) for `decision: 'probability'` (default 0.5, inclusive). */
  threshold?: number;
}

/** {@link BinaryScores} of the paraphrase class, plus what was left out and how predictions were made. */
export interface ParaphraseScores extends BinaryScores {
  /** Pairs with gold y = 2, left out (so `pairs + excluded` = all pairs). */
  excluded: number;
  decision: ParaphraseDecision;
}

/**
 * Binary paraphrase scores (official PIT-2015 F1) from a B × 6 probability matrix and gold vote
 * counts 0..5. Gold y = 2 pairs are dropped; the rest are mapped by {@link pitGoldBinary} and the
 * predictions by `options.decision` (see {@link ParaphraseDecision}). 0/0 → 0.
 *
 * ```ts
 * const probs = Float32Array.from([0, 0, 0, 0.2, 0.3, 0.5,   0.6, 0.4, 0, 0, 0, 0]);
 * paraphraseScores(probs, [5, 0]).f1; // 1
 * ```
 * @throws RangeError when `probs` is not B × 6, a gold label is outside 0..5, or the threshold is not in [0, 1].
 */
export function paraphraseScores(
  probs: ProbabilityMatrix,
  gold: Labels,
  options: ParaphraseOptions = {},
): ParaphraseScores {
  checkThreshold(options);
  return scoreRows(probs, gold, checkProbabilitiesAndGold(probs, gold, PIT_CLASSES), options);
}

function checkThreshold(options: ParaphraseOptions): void {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new RangeError(`threshold must lie in [0, 1], got ${threshold}`);
  }
}

/** {@link paraphraseScores} of `rows` rows (B × 6) and gold labels already checked by the caller. */
export function paraphraseScoresRows(
  probs: ProbabilityMatrix,
  gold: Labels,
  rows: number,
  options: ParaphraseOptions = {},
): ParaphraseScores {
  checkThreshold(options);
  return scoreRows(probs, gold, rows, options);
}

function scoreRows(probs: ProbabilityMatrix, gold: Labels, rows: number, options: ParaphraseOptions): ParaphraseScores {
  const decision = options.decision ?? 'probability';
  const threshold = options.threshold ?? 0.5;
  const kept: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < rows; i++) {
    const g = pitGoldBinary(gold[i] as number);
    if (g === null) continue;
    kept.push(g);
    predicted.push(predictParaphrase(probs, i, decision, threshold));
  }
  return { ...binaryScores(kept, predicted), excluded: rows - kept.length, decision };
}

/**
 * The official PIT-2015 F1 of the paraphrase class: `paraphraseScores(probs, gold, options).f1`.
 *
 * @throws RangeError as {@link paraphraseScores}.
 */
export function paraphraseF1(
  probs: ProbabilityMatrix,
  gold: Labels,
  options: ParaphraseOptions = {},
): number {
  return paraphraseScores(probs, gold, options).f1;
}

function predictParaphrase(
  probs: ProbabilityMatrix,
  row: number,
  decision: ParaphraseDecision,
  threshold: number,
): 0 | 1 {
  const p = (k: number) => probs[row * PIT_CLASSES + k] as number;
  switch (decision) {
    case 'probability':
      return p(3) + p(4) + p(5) >= threshold ? 1 : 0;
    case 'argmax': {
      let best = 0;
      for (let k = 1; k < PIT_CLASSES; k++) if (p(k) > p(best)) best = k;
      return best >= 3 ? 1 : 0;
    }
    case 'expected': {
      let e = 0;
      for (let k = 0; k < PIT_CLASSES; k++) e += k * p(k);
      return e >= 2.5 ? 1 : 0;
    }
    default:
      throw new RangeError(`unknown paraphrase decision '${decision as string}'`);
  }
}
