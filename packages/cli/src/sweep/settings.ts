/** Every setting of a sweep, with the defaults `vb-cli sweep` uses. */
import type { Cell, InitScheme, OptimizerName, PriorUpdateMode, Readout } from '@vb/core';
import { BASELINE_DEFAULTS, type BaselineSettings } from '../baselines/classifiers.js';
import { DEFAULT_GRID, type TuneGrid } from './tune.js';

export interface RnnSettings {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Learning-rate schedule over the epochs. */
  schedule: 'constant' | 'cosine';
  samples: number;
  priorUpdate: PriorUpdateMode;
  /** Initial prior variance σ² (the prior itself with `priorUpdate: 'fixed'`); the prior mean starts at 0. */
  priorVariance: number;
  init: InitScheme;
  initStd: number;
  optimizer: OptimizerName;
  klWarmupEpochs: number;
  /** Final KL weight κ (1 = the ELBO). */
  klWeight: number;
  /** L2 coefficient of the plain RNN (MAP under N(0, 1/l2)). */
  l2: number;
  clipNorm: number;
  /** Early stopping on validation NLL (0 = off). */
  patience: number;
  /** Sentence code of every RNN row: the last hidden state (the seed's), or the mean or maximum of the states. */
  readout: Readout;
  /** Recurrent cell of every RNN row: the seed's tanh RNN, GRU or LSTM. */
  cell: Cell;
}

/**
 * The criterion that chooses among candidate models: validation NLL or macro-F1, or the ELBO on
 * the training data (variational rows; see sweep/tune.ts).
 */
export type SelectBy = 'nll' | 'macroF1' | 'elbo';

export interface SweepSettings {
  seeds: number[];
  /**
   * Candidate KL weights κ for the variational rows: one value trains with it; several train one
   * model per κ and keep the best on validation under `selectBy` (ties go to the earlier κ in the
   * list — by default the larger one, nearer the ELBO).
   */
  klWeights: number[];
  /**
   * What picks a row's model among its candidates (κ, and with `tune` the grid): `nll` (default)
   * the mean negative log-likelihood on the validation split — the predictive quantity the ELBO
   * targets, and far less noisy than a six-class F1 on 855 pairs — `macroF1`, or `elbo`, the
   * evidence lower bound on the training data alone (the seed's formal model selection).
   */
  selectBy: SelectBy;
  /** `on`: each RNN row searches `grid` (× κ); `off`: the fixed settings of `rnn` (the seed's). */
  tune: 'on' | 'off';
  grid: TuneGrid;
  rnn: RnnSettings;
  baselines: BaselineSettings;
  /** Thresholds per pruning sweep (quantile grid). */
  thresholds: number;
  /** Monte-Carlo samples for the predictive (0 = posterior means). */
  mcSamples: number;
  /** Fractions of the train/validation/test split (where the data has no fixed split). */
  split: [number, number, number];
  /** Seed of the data split. */
  splitSeed: number;
}

export const RNN_DEFAULTS: RnnSettings = {
  hidden: 32,
  epochs: 30,
  batchSize: 32,
  learningRate: 0.01,
  schedule: 'cosine',
  samples: 1,
  priorUpdate: 'step',
  priorVariance: 1,
  init: 'glorot',
  initStd: 0.01,
  optimizer: 'adam',
  klWarmupEpochs: 3,
  klWeight: 1,
  l2: 0,
  clipNorm: 5,
  patience: 0,
  readout: 'last',
  cell: 'rnn',
};

export function defaultSettings(): SweepSettings {
  return {
    seeds: [1],
    klWeights: [1, 0.3, 0.1],
    selectBy: 'nll',
    tune: 'on',
    grid: structuredClone(DEFAULT_GRID),
    rnn: { ...RNN_DEFAULTS },
    baselines: { ...BASELINE_DEFAULTS },
    thresholds: 40,
    mcSamples: 0,
    split: [0.7, 0.15, 0.15],
    splitSeed: 2015,
  };
}
