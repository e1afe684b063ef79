/**
 * `Trainer`: the typed handle to the WebAssembly engine. It owns one model's whole training state
 * (posterior means and stds, prior, optimiser moments, seeded RNG) inside WASM memory; each call
 * crosses the boundary once per minibatch.
 *
 * ```ts
 * const trainer = new Trainer({ inputDim: 100, hidden: 32, trainSize: 4000, seed: 1 }, embeddings);
 * const stats = trainer.step(batch);            // { loss, nll, kl, priorVariance, ... }
 * const probs = trainer.predict(batch);         // Float32Array, B × K
 * trainer.free();                               // or `using trainer = new Trainer(...)`
 * ```
 */
import { Trainer as WasmTrainer } from '../../wasm/vb_wasm.js';
import { assertEngineLoaded } from './wasm.js';

/** Posterior family: `diagonal` (D), `isotropic` (I), or `none` — the plain, non-Bayesian RNN. */
export type PosteriorFamily = 'diagonal' | 'isotropic' | 'none';
/**
 * Prior family (docs/METHOD.md §8): `isotropic` (I, the seed's scalar N(μ, σ²)), `tensor` (one
 * variance per tensor), `group` (G: one variance per input dimension and per hidden unit — each
 * node owns the weights it sends), `diagonal` (D, ARD: one variance per weight), `logUniform`
 * (sparse variational dropout). Every Gaussian family but `isotropic` has μ = 0.
 */
export type PriorFamilyName = 'isotropic' | 'tensor' | 'group' | 'diagonal' | 'logUniform';
/** How ρ parameterises the posterior std: `softplus` (s = log(1 + e^ρ)) or `logVariance` (ρ = log s²). */
export type StdParam = 'softplus' | 'logVariance';
/** A sentence's code: its `last` hidden state (the seed's), or the `mean` or elementwise `max` of its hidden states. */
export type Readout = 'last' | 'mean' | 'max';
/**
 * The recurrent cell: `rnn` (the seed's tanh RNN), `gru` or `lstm` (the equations and gate order of
 * PyTorch's `nn.GRU` / `nn.LSTM`; W and U hold the gates side by side, see docs/METHOD.md §2).
 */
export type Cell = 'rnn' | 'gru' | 'lstm';
/** When the prior is re-estimated in closed form. */
export type PriorUpdateMode = 'step' | 'epoch' | 'fixed';
/** `glorot`: Glorot-uniform means, std = `initStd`; `seed`: the seed's m = 0, s = 1. */
export type InitScheme = 'glorot' | 'seed';
export type OptimizerName = 'adam' | 'sgd';

/** Settings of the engine (see docs/METHOD.md for the symbols). */
export interface EngineConfig {
  /** Word-vector dimension m; must equal the embedding table's width. */
  inputDim: number;
  /** Training-set size N: the KL enters each step as KL/N. */
  trainSize: number;
  /** Hidden units n (default 32). */
  hidden?: number;
  /** Classes K (default 6). */
  classes?: number;
  /**
   * Fixed pair features F appended to the head's input, `φ = [h_a ⊙ h_b, |h_a − h_b|, f]`
   * (default 0: the method's head). Every batch then carries `features` (B × F).
   */
  pairFeatures?: number;
  /** Recurrent cell (default `rnn`, the seed's). */
  cell?: Cell;
  /** Sentence code (default `last`, the seed's). */
  readout?: Readout;
  family?: PosteriorFamily;
  /** Prior family (default `isotropic`, the seed's). */
  prior?: PriorFamilyName;
  /** Std parameterisation (default `softplus`; sparse VD uses `logVariance`). */
  stdParam?: StdParam;
  /** Posterior samples S per step (default 1). */
  samples?: number;
  priorUpdate?: PriorUpdateMode;
  priorMean?: number;
  priorVariance?: number;
  init?: InitScheme;
  /** Initial posterior std for `init: 'glorot'` (default 0.01). */
  initStd?: number;
  optimizer?: OptimizerName;
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  momentum?: number;
  /** Clip the global gradient norm (0 = off). */
  clipNorm?: number;
  /** L2 coefficient for family `none`: penalty (l2/2)·‖w‖²/N. */
  l2?: number;
  /** κ in NLL + κ·KL/N (KL annealing; 1 = the ELBO). */
  klWeight?: number;
  seed?: number;
}

/** The engine's config with every default filled in. */
export type ResolvedEngineConfig = Required<EngineConfig>;

/** What one step reports. */
export interface StepStats {
  step: number;
  /** nll + penalty: the minibatch estimate of the negative ELBO per pair. */
  loss: number;
  /** Mean negative log-likelihood per pair (averaged over the S samples). */
  nll: number;
  /** KL(q‖p) over all weights. */
  kl: number;
  /** κ·KL/N (or the L2 penalty for family `none`). */
  penalty: number;
  gradNorm: number;
  clipped: boolean;
  priorMean: number;
  priorVariance: number;
}

/**
 * A minibatch of B pairs: `tokens` 2B × T (all first sentences, then all second sentences),
 * `features` B × F when the model has F > 0 pair features.
 */
export interface PairBatch {
  tokens: Uint32Array;
  lengths: Uint32Array;
  features?: Float32Array;
  labels?: Uint32Array;
}

const NO_FEATURES = new Float32Array(0);

export interface TensorInfo {
  name: 'W' | 'U' | 'b' | 'V' | 'c';
  offset: number;
  rows: number;
  cols: number;
}

export interface PredictOptions {
  /** Keep-mask over the P weights (1 keep, 0 prune). */
  mask?: Uint8Array;
  /** 0 (default): posterior means; S′ > 0: average the predictive over S′ posterior samples. */
  mcSamples?: number;
  /** Seed of the Monte-Carlo samples. */
  seed?: number;
}

export interface LossAndGradient {
  nll: number;
  kl: number;
  penalty: number;
  loss: number;
  /** `[∂/∂m | ∂/∂ρ]`. */
  gradient: Float32Array;
}

// Symbol.dispose exists from Node 20.4 / Chrome 125; older engines get a registered stand-in.
const disposeSymbol: typeof Symbol.dispose =
  Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

function needLabels(batch: PairBatch): Uint32Array {
  if (!batch.labels) throw new Error('this batch has no labels; training needs labels');
  return batch.labels;
}

/** One model under training. */
export class Trainer {
  readonly #inner: WasmTrainer;

  /** `embeddings` is the vocab × inputDim word-vector table, row-major. */
  constructor(config: EngineConfig, embeddings: Float32Array) {
    assertEngineLoaded();
    this.#inner = new WasmTrainer(config, embeddings);
  }

  get config(): ResolvedEngineConfig {
    return this.#inner.config as ResolvedEngineConfig;
  }
  /** Number of weights P. */
  get paramCount(): number {
    return this.#inner.paramCount;
  }
  get vocabSize(): number {
    return this.#inner.vocabSize;
  }
  /** Steps taken so far. */
  get steps(): number {
    return this.#inner.steps;
  }
  tensors(): TensorInfo[] {
    return this.#inner.tensors() as TensorInfo[];
  }

  /** One optimisation step. Throws (and changes nothing) on a non-finite loss or gradient. */
  step(batch: PairBatch): StepStats {
    return this.#inner.step(
      batch.tokens,
      batch.lengths,
      batch.features ?? NO_FEATURES,
      needLabels(batch),
    ) as StepStats;
  }

  /** Loss terms and gradient for fixed noise (`samples × P` normals); changes nothing. */
  lossAndGradient(batch: PairBatch, noise: Float32Array, samples: number): LossAndGradient {
    const r = this.#inner.lossAndGradient(
      batch.tokens,
      batch.lengths,
      batch.features ?? NO_FEATURES,
      needLabels(batch),
      noise,
      samples,
    );
    return { ...r, gradient: Float32Array.from(r.gradient as number[]) };
  }

  /** Class probabilities, B × K row-major. */
  predict(batch: PairBatch, options: PredictOptions = {}): Float32Array {
    return this.#inner.predict(
      batch.tokens,
      batch.lengths,
      batch.features ?? NO_FEATURES,
      options.mask,
      options.mcSamples,
      options.seed,
    );
  }

  /** Call after every epoch (applies the `epoch` prior update when configured). */
  endEpoch(): void {
    this.#inner.endEpoch();
  }
  updatePrior(): void {
    this.#inner.updatePrior();
  }
  /**
   * μ and σ² of the prior; for the `tensor`/`group`/`diagonal` families μ = 0 and σ² is the mean
   * of the per-weight variances (see `priorVariances`); for `logUniform` both are 0.
   */
  prior(): { mean: number; variance: number } {
    return this.#inner.prior() as { mean: number; variance: number };
  }
  /** One prior variance per group of the prior family (empty for `isotropic` and `logUniform`). */
  priorVariances(): Float64Array {
    return this.#inner.priorVariances();
  }
  /** The prior group of every weight (`tensor`, `group`; empty for the other families). */
  priorGroups(): Uint32Array {
    return this.#inner.priorGroups();
  }
  setPriorVariances(variances: Float64Array): void {
    this.#inner.setPriorVariances(variances);
  }
  setPrior(mean: number, variance: number): void {
    this.#inner.setPrior(mean, variance);
  }
  setLearningRate(lr: number): void {
    this.#inner.setLearningRate(lr);
  }
  setKlWeight(kappa: number): void {
    this.#inner.setKlWeight(kappa);
  }
  /** Posterior means m. */
  means(): Float32Array {
    return this.#inner.means();
  }
  /** Posterior stds s (zeros for family `none`). */
  stds(): Float32Array {
    return this.#inner.stds();
  }
  /** Signal-to-noise λ = |m|/s (|m| for family `none`). */
  snr(): Float32Array {
    return this.#inner.snr();
  }
  /** `[m | ρ]`. */
  params(): Float32Array {
    return this.#inner.params();
  }
  setParams(params: Float32Array): void {
    this.#inner.setParams(params);
  }
  /** Gradient norms of the last step: W, U, b, V, c (means), then the std part. */
  lastGradNorms(): Float64Array {
    return this.#inner.lastGradNorms();
  }
  /** The mutable training state as bytes (a checkpoint). */
  exportState(): Uint8Array {
    return this.#inner.exportState();
  }
  /** Restores a checkpoint made with the same config and embeddings. */
  importState(bytes: Uint8Array): void {
    this.#inner.importState(bytes);
  }
  /** Releases the WASM memory of this trainer. */
  free(): void {
    this.#inner.free();
  }
  [disposeSymbol](): void {
    this.free();
  }
}
