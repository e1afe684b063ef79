/**
 * The pruning sweep: for each threshold τ, remove the weights with importance λ < τ and evaluate
 * the network with the surviving posterior means — the data behind the seed's three curves
 * (parameters vs λ, F1 vs λ, likelihood vs λ).
 */
import type { Trainer } from '../engine/trainer.js';
import { evaluate, type Metrics } from '../metrics/index.js';
import type { PairSet } from '../train/pair-set.js';
import { predictSet } from '../train/predict-set.js';
import { type StructureReport, structureOf } from './structure.js';
import { keepMask, type ThresholdGrid, thresholds } from './thresholds.js';
import { requireObject } from '../args.js';

/** `snr`: λ = |m|/s (the method); `magnitude`: λ = |m| (the classic baseline). */
export type ImportanceScore = 'snr' | 'magnitude';

/** How a pruned network is evaluated (shared by the weight and the structured sweeps). */
export interface PrunedEvaluationOptions {
  /** `false` when the labels are not PIT vote counts (no paraphrase F1); see `evaluate`. */
  paraphrase?: false;
  /** Gold scores (real-valued) for Pearson r, aligned with `set`. */
  goldScores?: ArrayLike<number>;
  /** Average the predictive over this many posterior samples instead of using the means (default 0). */
  mcSamples?: number;
  /** Seed of the Monte-Carlo samples (see `PredictOptions.seed`). */
  seed?: number;
}

export interface SweepOptions extends PrunedEvaluationOptions {
  score?: ImportanceScore;
  /** Default `{ kind: 'quantiles', count: 40 }`. */
  grid?: ThresholdGrid;
}

/** Metrics on `set` of the network with the weights where `mask` is 0 set to zero. */
export function evaluatePruned(trainer: Trainer, set: PairSet, mask: Uint8Array, options: PrunedEvaluationOptions): Metrics {
  const probs = predictSet(trainer, set, { mask, mcSamples: options.mcSamples ?? 0, seed: options.seed });
  return evaluate(probs, set.labels, { classes: trainer.config.classes, goldScores: options.goldScores, paraphrase: options.paraphrase });
}

export interface SweepPoint {
  threshold: number;
  kept: number;
  keptFraction: number;
  structure: StructureReport;
  metrics: Metrics;
}

export interface SweepResult {
  score: ImportanceScore;
  total: number;
  points: SweepPoint[];
}

/** Importance of every weight under `score`. */
export function importance(trainer: Trainer, score: ImportanceScore): Float32Array {
  if (score === 'snr' && trainer.config.family === 'none') {
    throw new Error("SNR pruning needs a Bayesian model (family 'diagonal' or 'isotropic'); use score 'magnitude'");
  }
  return score === 'snr' ? trainer.snr() : trainer.means().map(Math.abs);
}

/** Evaluates the pruned network at every threshold of the grid. */
export function pruneSweep(trainer: Trainer, set: PairSet, options: SweepOptions = {}): SweepResult {
  requireObject(trainer, 'pruneSweep', 'trainer', 'a Trainer');
  requireObject(set, 'pruneSweep', 'set', 'a PairSet');
  const score = options.score ?? 'snr';
  const lambda = importance(trainer, score);
  const taus = thresholds(lambda, options.grid ?? { kind: 'quantiles', count: 40 });
  const tensors = trainer.tensors();
  const total = lambda.length;
  const points = taus.map((threshold) => {
    const mask = keepMask(lambda, threshold);
    const kept = mask.reduce((a, b) => a + b, 0);
    return {
      threshold,
      kept,
      keptFraction: kept / total,
      structure: structureOf(mask, tensors),
      metrics: evaluatePruned(trainer, set, mask, options),
    };
  });
  return { score, total, points };
}

/** The unpruned network's point (threshold 0) of a sweep. */
export function unprunedPoint(result: SweepResult): SweepPoint {
  const base = result.points.find((p) => p.threshold === 0);
  if (base === undefined) throw new Error('sweep has no unpruned point (threshold 0)');
  return base;
}

/**
 * The sparsest point (fewest weights kept; the first of equals) whose macro-F1 stays within
 * `tolerance` of the unpruned network — the unpruned point itself when no pruning qualifies.
 */
export function maxPrunablePoint(result: SweepResult, tolerance = 0.01): SweepPoint {
  const base = unprunedPoint(result);
  let best = base;
  for (const p of result.points) {
    if (p.metrics.macroF1 >= base.metrics.macroF1 - tolerance && p.keptFraction < best.keptFraction) best = p;
  }
  return best;
}

/**
 * The largest fraction of weights removable while macro-F1 stays within `tolerance` of the
 * unpruned network (the headline number of a sweep).
 */
export function maxPrunableFraction(result: SweepResult, tolerance = 0.01): number {
  return Math.max(0, 1 - maxPrunablePoint(result, tolerance).keptFraction);
}
