/** Every setting of a sweep, with the defaults `vb-cli sweep` uses. */
import {
  type Cell,
  DEFAULT_SPLIT,
  DEFAULT_SPLIT_SEED,
  type InitScheme,
  type OptimizerName,
  type PriorUpdateMode,
  type Readout,
} from '@vb/core';
import { BASELINE_DEFAULTS, type BaselineSettings } from '../baselines/classifiers.js';
import { RNN_DEFAULTS, type RnnSettings } from '../training/rnn-settings.js';
import { DEFAULT_GRID, type TuneGrid } from './tune.js';

export { RNN_DEFAULTS, type RnnSettings };

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
    split: [...DEFAULT_SPLIT],
    splitSeed: DEFAULT_SPLIT_SEED,
  };
}
