/** The FitOptions of one RNN as vb-cli trains it (`train` and every run of `sweep` alike). */
import type { FitOptions, PosteriorFamily, PriorFamilyName, StdParam } from '@vb/core';
import type { SweepData } from '../data/loaded.js';
import type { RnnSettings } from './rnn-settings.js';

/** How an RNN's model is built: posterior family, prior family, std parameterisation. */
export interface RowModel {
  family: PosteriorFamily;
  prior: PriorFamilyName;
  stdParam: StdParam;
}

/** How `vb-cli` trains an RNN of posterior `family` and prior `prior` on `data` (train and sweep alike). */
export function rnnFitOptions(data: SweepData, r: RnnSettings, model: RowModel, seed: number): FitOptions {
  const { family, prior, stdParam } = model;
  return {
    embeddings: data.embeddings,
    engine: {
      inputDim: data.inputDim,
      classes: data.classes,
      hidden: r.hidden,
      readout: r.readout,
      cell: r.cell,
      pairFeatures: data.pairFeatureNames.length,
      family,
      prior,
      stdParam,
      samples: r.samples,
      priorUpdate: r.priorUpdate,
      init: r.init,
      initStd: r.initStd,
      priorVariance: r.priorVariance,
      optimizer: r.optimizer,
      learningRate: r.learningRate,
      clipNorm: r.clipNorm,
      l2: family === 'none' ? r.l2 : 0,
      seed,
    },
    epochs: r.epochs,
    batchSize: r.batchSize,
    learningRateSchedule: { kind: r.schedule },
    klWarmupEpochs: family === 'none' ? 0 : r.klWarmupEpochs,
    klWeight: r.klWeight,
    validation: data.validation,
    earlyStopping: r.patience > 0 ? { metric: 'nll', patience: r.patience } : undefined,
    convergence: false,
  };
}
