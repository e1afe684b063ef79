/**
 * `fit`: the seed's algorithm — gradient steps on the posterior, the prior re-estimated in
 * closed form (after every step by default), until the loss stabilises — with the options a
 * researcher expects: validation, early stopping, learning-rate schedules, KL annealing,
 * AbortSignal, progress callbacks, checkpoints and exact resume.
 *
 * ```ts
 * const { trainer, history } = await fit(train, {
 *   embeddings, engine: { inputDim: 100, hidden: 32, family: 'diagonal' }, epochs: 20, validation: dev,
 * });
 * ```
 */
import { type EngineConfig, type StepStats, Trainer } from '../engine/trainer.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from './checkpoint.js';
import type { EpochRecord } from './history.js';
import { epochOrder, packBatch } from '../data/batches.js';
import { type PairSet, validatePairSet } from './pair-set.js';
import { checkKlWeight, DEFAULT_KL_WEIGHT } from './kl-weight.js';
import { klWeightAt, type LearningRateSchedule, learningRateAt } from './schedule.js';
import { validate } from './validation.js';
import { requireObject } from '../args.js';

/** Engine settings for `fit`: `trainSize` is filled in from the training set. */
export type FitEngineConfig = Omit<EngineConfig, 'trainSize'>;

export interface FitOptions {
  engine: FitEngineConfig;
  /** vocab × inputDim word vectors aligned with the token ids. */
  embeddings: Float32Array;
  /** Maximum number of epochs (default 30). */
  epochs?: number;
  /** Pairs per step (default 32). */
  batchSize?: number;
  /** Default `{ kind: 'constant' }`. */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * Epochs w over which the KL weight ramps up to its final κ (`klWeight`): κ·min(1, (e + 1)/(w + 1))
   * in epoch e (default 0: the final κ from the start).
   */
  klWarmupEpochs?: number;
  /**
   * Final KL weight κ (default 1: the true ELBO). κ < 1 tempers the posterior (a "cold"
   * posterior); choose it on validation data. The warm-up ramps to this value.
   */
  klWeight?: number;
  /** Evaluated after every epoch when given. */
  validation?: PairSet;
  /**
   * Stop when validation `metric` has not improved for `patience` epochs; restores the best state by
   * default. Epochs of the KL warm-up (κ below its final value) neither count nor can be the best.
   */
  earlyStopping?: { metric: 'nll' | 'macroF1'; patience: number; restoreBest?: boolean };
  /**
   * "Until L stabilises": stop when the relative change of the epoch loss stays below
   * `tolerance` for `patience` epochs in a row (default tolerance 1e-3, patience 3; `false` = off).
   */
  convergence?: { tolerance: number; patience: number } | false;
  /** Aborting stops after the current step; `fit` resolves with `stoppedBy: 'aborted'`. */
  signal?: AbortSignal;
  /**
   * Called once with the trainer before the first step, e.g. to prune or predict with the model
   * from other callbacks while it trains. The trainer belongs to `fit` until it resolves.
   */
  onStart?: (trainer: Trainer) => void;
  /**
   * After every epoch. A returned promise is awaited before the next epoch (to pause, or to
   * yield to an event loop); the time it takes is not counted in the epoch's `seconds`.
   */
  onEpoch?: (record: EpochRecord, trainer: Trainer) => void | Promise<void>;
  /** After every step; a returned promise is awaited before the next step, as for `onEpoch`. */
  onStep?: (
    stats: StepStats,
    where: { epoch: number; batch: number; batches: number },
  ) => void | Promise<void>;
  /** Called with a checkpoint after every epoch (e.g. to write it to disk). */
  onCheckpoint?: (bytes: Uint8Array) => void;
  /** Resume from a checkpoint produced by `onCheckpoint` with the same data and options. */
  resumeFrom?: Uint8Array;
}

export type StopReason = 'maxEpochs' | 'converged' | 'earlyStopping' | 'aborted';

export interface FitResult {
  trainer: Trainer;
  history: EpochRecord[];
  stoppedBy: StopReason;
  /** Epoch whose state the trainer holds (the best one under early stopping with restoreBest). */
  epoch: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Trains a model on `train`. Same data, options and seed ⇒ identical history and weights. */
export async function fit(train: PairSet, options: FitOptions): Promise<FitResult> {
  requireObject(train, 'fit', 'train', 'the training PairSet');
  requireObject(options, 'fit', 'options', '{ embeddings, engine, … }');
  validatePairSet(train, 'training set');
  if (options.validation) validatePairSet(options.validation, 'validation set');
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`fit: epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`fit: batchSize must be a positive integer, got ${batchSize}`);
  const schedule = options.learningRateSchedule ?? { kind: 'constant' };
  const warmup = options.klWarmupEpochs ?? 0;
  const finalKappa = checkKlWeight(options.klWeight ?? DEFAULT_KL_WEIGHT, 'fit: klWeight');
  const convergence =
    options.convergence === undefined ? { tolerance: 1e-3, patience: 3 } : options.convergence;
  const early = options.earlyStopping;
  if (early && !options.validation) throw new Error('fit: earlyStopping needs a validation set');

  const trainer = new Trainer({ ...options.engine, trainSize: train.size }, options.embeddings);
  try {
    const baseLr = options.engine.learningRate ?? trainer.config.learningRate;
    const seed = trainer.config.seed;
    let state: FitCheckpoint = {
      epoch: 0,
      history: [],
      trainerState: new Uint8Array(),
      convergedStreak: 0,
      staleEpochs: 0,
    };
    if (options.resumeFrom) {
      state = decodeCheckpoint(options.resumeFrom);
      trainer.importState(state.trainerState);
    }
    const batches = Math.ceil(train.size / batchSize);
    let stoppedBy: StopReason = 'maxEpochs';
    options.onStart?.(trainer);
    // Time spent awaiting the callbacks' promises (a pause), left out of the epochs' seconds.
    let waited = 0;
    const wait = async (pending: void | Promise<void>) => {
      if (!pending) return;
      const t0 = performance.now();
      await pending;
      waited += performance.now() - t0;
    };

    for (let e = state.epoch; e < epochs; e++) {
      // Aborted during the last epoch's callback: the trainer keeps that epoch's settings.
      if (options.signal?.aborted) {
        stoppedBy = 'aborted';
        break;
      }
      const started = performance.now();
      waited = 0;
      const lr = learningRateAt(schedule, baseLr, e, epochs);
      const kappa = finalKappa * klWeightAt(warmup, e);
      trainer.setLearningRate(lr);
      if (trainer.config.family !== 'none') trainer.setKlWeight(kappa);
      // Each epoch's order depends only on (seed, epoch): a resumed run replays it exactly.
      const order = epochOrder(train.size, seed, e);
      let sumLoss = 0;
      let sumNll = 0;
      let sumPenalty = 0;
      let last: StepStats | undefined;
      let steps = 0;
      for (let b = 0; b < batches; b++) {
        if (options.signal?.aborted) break;
        const stats = trainer.step(packBatch(train, order.subarray(b * batchSize, (b + 1) * batchSize)));
        sumLoss += stats.loss;
        sumNll += stats.nll;
        sumPenalty += stats.penalty;
        last = stats;
        steps++;
        const pending = options.onStep?.(stats, { epoch: e + 1, batch: b + 1, batches });
        if (pending) await wait(pending);
      }
      if (options.signal?.aborted) {
        stoppedBy = 'aborted';
        break;
      }
      trainer.endEpoch();
      const prior = trainer.prior();
      const record: EpochRecord = {
        epoch: e + 1,
        loss: sumLoss / steps,
        nll: sumNll / steps,
        kl: last?.kl ?? 0,
        penalty: sumPenalty / steps,
        priorMean: prior.mean,
        priorVariance: prior.variance,
        learningRate: lr,
        klWeight: kappa,
        steps,
        seconds: 0,
      };
      if (options.validation) record.validation = validate(trainer, options.validation);
      record.seconds = (performance.now() - started - waited) / 1000;
      state.history.push(record);
      state.epoch = e + 1;

      // "Until L stabilises" — only once the KL weight has reached its final κ.
      const prev = state.history[state.history.length - 2];
      if (convergence && prev && kappa === finalKappa && prev.klWeight === finalKappa) {
        const change = Math.abs(record.loss - prev.loss) / Math.max(Math.abs(prev.loss), 1e-12);
        state.convergedStreak = change < convergence.tolerance ? state.convergedStreak + 1 : 0;
      }
      // The best state is looked for only once κ has reached its final value: a state from the
      // KL warm-up belongs to another objective (a smaller κ), and would win on NLL for that reason.
      if (early && record.validation && (trainer.config.family === 'none' || kappa === finalKappa)) {
        const score = early.metric === 'nll' ? -record.validation.nll : record.validation.macroF1;
        if (!state.best || score > state.best.score) {
          state.best = { epoch: e + 1, score, trainerState: trainer.exportState() };
          state.staleEpochs = 0;
        } else {
          state.staleEpochs++;
        }
      }
      await wait(options.onEpoch?.(record, trainer));
      if (options.onCheckpoint) {
        state.trainerState = trainer.exportState();
        options.onCheckpoint(encodeCheckpoint(state));
      }
      if (convergence && state.convergedStreak >= convergence.patience) {
        stoppedBy = 'converged';
        break;
      }
      if (early && state.staleEpochs >= early.patience) {
        stoppedBy = 'earlyStopping';
        break;
      }
      await yieldToEventLoop();
    }

    let epoch = state.epoch;
    if (early && state.best && early.restoreBest !== false) {
      trainer.importState(state.best.trainerState);
      epoch = state.best.epoch;
    }
    return { trainer, history: state.history, stoppedBy, epoch };
  } catch (e) {
    trainer.free();
    throw e;
  }
}
