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
 *
 * Every method throws an {@link EngineError} when the engine refuses (`code`: `config`, `shape`,
 * `non-finite` or `state`; see `./errors.ts`), including any call after `free()`.
 */
import { Trainer as WasmTrainer } from '../../wasm/vb_wasm.js';
import { EngineError, toEngineError } from './errors.js';
import { assertEngineLoaded } from './wasm.js';
import { requireObject } from '../args.js';

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
export const PRIOR_UPDATE_MODES = ['step', 'epoch', 'fixed'] as const;
export type PriorUpdateMode = (typeof PRIOR_UPDATE_MODES)[number];
/**
 * The prior settings' defaults — the engine's own (a test checks they agree with the resolved
 * config), re-used by vb-cli: after every step, from N(0, 1).
 */
export const PRIOR_DEFAULTS: { readonly priorUpdate: PriorUpdateMode; readonly priorVariance: number } = {
  priorUpdate: 'step',
  priorVariance: 1,
};
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
  if (!batch.labels) throw new EngineError('shape', 'this batch has no labels; training needs labels');
  return batch.labels;
}

const FREED = 'this Trainer was freed (free() or a using block); create a new one';

/** One model under training. */
export class Trainer {
  /** The WASM handle; undefined once freed. */
  #inner: WasmTrainer | undefined;

  /** `embeddings` is the vocab × inputDim word-vector table, row-major. */
  constructor(config: EngineConfig, embeddings: Float32Array) {
    assertEngineLoaded();
    requireObject(config, 'new Trainer', 'config', '{ inputDim, trainSize, … }');
    requireObject(embeddings, 'new Trainer', 'embeddings', 'the vocab × inputDim embedding table (Float32Array)');
    try {
      this.#inner = new WasmTrainer(config, embeddings);
    } catch (e) {
      throw toEngineError(e);
    }
  }

  /**
   * Runs `f` on the live handle: a freed trainer throws a `state` EngineError (instead of
   * wasm-bindgen's "null pointer passed to rust"), and what the engine throws becomes an EngineError.
   */
  #call<T>(f: (inner: WasmTrainer) => T): T {
    const inner = this.#inner;
    if (inner === undefined) throw new EngineError('state', FREED);
    try {
      return f(inner);
    } catch (e) {
      throw toEngineError(e);
    }
  }

  get config(): ResolvedEngineConfig {
    return this.#call((t) => t.config as ResolvedEngineConfig);
  }
  /** Number of weights P. */
  get paramCount(): number {
    return this.#call((t) => t.paramCount);
  }
  get vocabSize(): number {
    return this.#call((t) => t.vocabSize);
  }
  /** Steps taken so far. */
  get steps(): number {
    return this.#call((t) => t.steps);
  }
  /** Whether `free()` has released this trainer (every other member then throws). */
  get freed(): boolean {
    return this.#inner === undefined;
  }
  tensors(): TensorInfo[] {
    return this.#call((t) => t.tensors() as TensorInfo[]);
  }

  /** One optimisation step. Throws (and changes nothing) on a non-finite loss or gradient (`code: 'non-finite'`). */
  step(batch: PairBatch): StepStats {
    return this.#call(
      (t) =>
        t.step(batch.tokens, batch.lengths, batch.features ?? NO_FEATURES, needLabels(batch)) as StepStats,
    );
  }

  /** Loss terms and gradient for fixed noise (`samples × P` normals); changes nothing. */
  lossAndGradient(batch: PairBatch, noise: Float32Array, samples: number): LossAndGradient {
    const r = this.#call((t) =>
      t.lossAndGradient(
        batch.tokens,
        batch.lengths,
        batch.features ?? NO_FEATURES,
        needLabels(batch),
        noise,
        samples,
      ),
    );
    // The binding serialises the gradient as a plain Array of numbers.
    return { ...r, gradient: Float32Array.from(r.gradient as number[]) };
  }

  /** Class probabilities, B × K row-major. */
  predict(batch: PairBatch, options: PredictOptions = {}): Float32Array {
    return this.#call((t) =>
      t.predict(
        batch.tokens,
        batch.lengths,
        batch.features ?? NO_FEATURES,
        options.mask,
        options.mcSamples,
        options.seed,
      ),
    );
  }

  /** Call after every epoch (applies the `epoch` prior update when configured). */
  endEpoch(): void {
    this.#call((t) => t.endEpoch());
  }
  updatePrior(): void {
    this.#call((t) => t.updatePrior());
  }
  /**
   * μ and σ² of the prior; for the `tensor`/`group`/`diagonal` families μ = 0 and σ² is the mean
   * of the per-weight variances (see `priorVariances`); for `logUniform` both are 0.
   */
  prior(): { mean: number; variance: number } {
    return this.#call((t) => t.prior() as { mean: number; variance: number });
  }
  /** One prior variance per group of the prior family (empty for `isotropic` and `logUniform`). */
  priorVariances(): Float64Array {
    return this.#call((t) => t.priorVariances());
  }
  /** The prior group of every weight (`tensor`, `group`; empty for the other families). */
  priorGroups(): Uint32Array {
    return this.#call((t) => t.priorGroups());
  }
  setPriorVariances(variances: Float64Array): void {
    this.#call((t) => t.setPriorVariances(variances));
  }
  setPrior(mean: number, variance: number): void {
    this.#call((t) => t.setPrior(mean, variance));
  }
  setLearningRate(lr: number): void {
    this.#call((t) => t.setLearningRate(lr));
  }
  setKlWeight(kappa: number): void {
    this.#call((t) => t.setKlWeight(kappa));
  }
  /** Posterior means m. */
  means(): Float32Array {
    return this.#call((t) => t.means());
  }
  /** Posterior stds s (zeros for family `none`). */
  stds(): Float32Array {
    return this.#call((t) => t.stds());
  }
  /** Signal-to-noise λ = |m|/s (|m| for family `none`). */
  snr(): Float32Array {
    return this.#call((t) => t.snr());
  }
  /** `[m | ρ]`. */
  params(): Float32Array {
    return this.#call((t) => t.params());
  }
  /** Replaces `[m | ρ]` (length P + |ρ|, every value finite; else a `state` EngineError). */
  setParams(params: Float32Array): void {
    this.#call((t) => t.setParams(params));
  }
  /** Gradient norms of the last step: W, U, b, V, c (means), then the std part. */
  lastGradNorms(): Float64Array {
    return this.#call((t) => t.lastGradNorms());
  }
  /** The mutable training state as bytes (a checkpoint). */
  exportState(): Uint8Array {
    return this.#call((t) => t.exportState());
  }
  /**
   * Restores a checkpoint made with the same config and embeddings. A damaged or foreign
   * checkpoint throws a `state` EngineError and leaves the trainer unchanged.
   */
  importState(bytes: Uint8Array): void {
    this.#call((t) => t.importState(bytes));
  }
  /** Releases the WASM memory of this trainer. Idempotent; any other call afterwards throws. */
  free(): void {
    const inner = this.#inner;
    this.#inner = undefined;
    inner?.free();
  }
  [disposeSymbol](): void {
    this.free();
  }
}
