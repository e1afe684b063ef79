/**
 * The inputs of @vb/viz, defined structurally so that the package needs no runtime (or type)
 * dependency on @vb/core: each shape is the subset of a @vb/core result object that the plots
 * read. A @vb/core `SweepResult`, `EpochRecord[]` or `Float32Array` of λ is assignable as is;
 * so is the same object after a JSON round trip (e.g. read back from a results file).
 */

/** How weights were ranked for pruning: `snr` λ = |m|/s (the method), `magnitude` λ = |m| (baseline). */
export type ImportanceScore = 'snr' | 'magnitude';

/** The metrics of one evaluation that the plots read (a subset of @vb/core's `Metrics`). */
export interface MetricsLike {
  /** Mean per-class F1 over the six classes (the seed's table). */
  macroF1: number;
  accuracy: number;
  /** (1/B) Σ log p(gold): the "likelihood" curve. */
  meanLogLikelihood: number;
  /** PIT-2015 binary scores, `null` when the data have no six classes. */
  paraphrase?: { f1: number } | null;
}

/** The structure left at one threshold (a subset of @vb/core's `StructureReport`; optional here). */
export interface StructureLike {
  aliveHidden: number;
  functionalHidden: number;
  aliveInputs: number;
  hidden: number;
  inputDim: number;
  keptPerTensor: Record<string, number>;
}

/** One threshold τ of a pruning sweep: every weight with λ < τ removed (@vb/core's `SweepPoint`). */
export interface SweepPointLike {
  /** τ ≥ 0; τ = 0 is the unpruned network. */
  threshold: number;
  /** Weights kept (λ ≥ τ). */
  kept: number;
  /** `kept / total`. */
  keptFraction: number;
  structure?: StructureLike;
  metrics: MetricsLike;
}

/** A pruning sweep (@vb/core's `SweepResult`). */
export interface SweepLike {
  score: ImportanceScore;
  /** Number of weights before pruning. */
  total: number;
  points: readonly SweepPointLike[];
}

/**
 * A sweep labelled for plotting: one line per (model, score, seed).
 *
 * ```ts
 * const input: LabelledSweep = { model: 'RNN + variational (D, I)', seed: 1, sweep: pruneSweep(trainer, test) };
 * ```
 */
export interface LabelledSweep {
  /** Legend label, e.g. `RNN + variational (D, I)` or `RNN (magnitude)`. Any text: it is escaped. */
  model: string;
  /** Distinguishes repeated runs of one model; runs of one model share a colour. */
  seed?: number | string;
  sweep: SweepLike;
}

/** Validation metrics after an epoch (@vb/core's `ValidationRecord`). */
export interface ValidationLike {
  /** Mean negative log-likelihood per pair, at the posterior means. */
  nll: number;
  accuracy: number;
  macroF1: number;
}

/** One epoch of training (@vb/core's `EpochRecord`; fields not plotted are optional here). */
export interface EpochLike {
  /** 1-based epoch number. */
  epoch: number;
  /** Negative ELBO per pair (nll + κ·KL/N), or nll + L2 penalty for the plain RNN. */
  loss: number;
  /** Mean training NLL per pair over the epoch's steps, under sampled weights. */
  nll: number;
  /** KL(q‖p) over all weights (0 for the plain RNN). */
  kl: number;
  /** Prior variance σ² after the epoch's empirical-Bayes update. */
  priorVariance: number;
  penalty?: number;
  priorMean?: number;
  learningRate?: number;
  klWeight?: number;
  steps?: number;
  seconds?: number;
  validation?: ValidationLike;
}

/** A training history labelled for plotting. */
export interface LabelledHistory {
  model: string;
  seed?: number | string;
  history: readonly EpochLike[];
}

/**
 * Importance scores λ per tensor of one model, e.g. `{ W, U, b, V, c }` from `trainer.snr()` split
 * by `trainer.tensors()`. Plain arrays (as in a JSON results file) work too.
 */
export interface TensorLambdas {
  model: string;
  seed?: number | string;
  /**
   * Which λ these are: `snr` |m|/s (default; a variational model) or `magnitude` |m| (the plain
   * RNN, whose weights have no s). Labels the histogram column.
   */
  score?: ImportanceScore;
  /** λ per weight, by tensor name; tensors W, U, b, V, c are drawn in that order, others after. */
  tensors: Readonly<Record<string, ArrayLike<number>>>;
}
