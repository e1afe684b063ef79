/** How vb-cli trains one RNN (`train`, and each run of `sweep`): the settings and their defaults. */
import {
  type Cell,
  DEFAULT_KL_WEIGHT,
  PRIOR_DEFAULTS,
  type InitScheme,
  type OptimizerName,
  type PriorUpdateMode,
  type Readout,
} from '@vb/core';

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

export const RNN_DEFAULTS: RnnSettings = {
  hidden: 32,
  epochs: 30,
  batchSize: 32,
  learningRate: 0.01,
  schedule: 'cosine',
  samples: 1,
  priorUpdate: PRIOR_DEFAULTS.priorUpdate,
  priorVariance: PRIOR_DEFAULTS.priorVariance,
  init: 'glorot',
  initStd: 0.01,
  optimizer: 'adam',
  klWarmupEpochs: 3,
  klWeight: DEFAULT_KL_WEIGHT,
  l2: 0,
  clipNorm: 5,
  patience: 0,
  readout: 'last',
  cell: 'rnn',
};
