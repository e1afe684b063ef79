/**
 * Model selection of an RNN row: the candidate grid (encoder — cell, readout, hidden size — and
 * optimisation — learning rate, epochs by early stopping on validation NLL — crossed with the KL
 * weights κ), and the two criteria that choose among the candidates:
 *
 * - `nll` / `macroF1` — the validation split (held-out data, the practitioner's criterion);
 * - `elbo` — the seed's formal model selection: the evidence lower bound on the *training* data,
 *   ELBO/N = E_q[log p(y | x, w)] − KL(q ‖ p)/N, per pair, at κ = 1 whatever κ the candidate was
 *   trained with (no validation data needed — the point of the evidence). It exists only for the
 *   variational rows; the plain RNN has no posterior and is chosen by validation NLL.
 *
 * Every candidate's validation scores (and its ELBO where defined) go into the run record, with
 * the Spearman rank correlation of the two criteria over the grid; the candidates' test scores are
 * recorded too, for the report's "how does each criterion's choice do on test" — never to choose.
 */
import type { Cell, Metrics, PairSet, Readout, Trainer } from '@vb/core';
import { evaluate, meanLogLikelihood, packBatch, predictSet, spearman as spearmanRho } from '@vb/core';
import type { SweepData } from '../data/loaded.js';
import { isRnnRow, ROW_MODEL, type RowName } from './rows.js';
import type { RnnSettings, SweepSettings } from './settings.js';

/** A sentence encoder of the grid. */
export interface Encoder {
  cell: Cell;
  readout: Readout;
}

/** The grid `vb-cli sweep` searches per RNN row when `tune` is on (crossed with `klWeights`). */
export interface TuneGrid {
  encoders: Encoder[];
  hidden: number[];
  learningRates: number[];
  /** Most epochs of a candidate; early stopping on validation NLL ends most runs sooner. */
  epochs: number;
  /** Epochs without a better validation NLL (after the KL warm-up) before a candidate stops. */
  patience: number;
}

/**
 * The default grid — small because each value earns its place (docs/RESULTS.md, "Encoders"): the
 * seed's encoder (tanh RNN, last state), so tuning never loses what the seed had; a GRU reading the
 * mean of its states (gates decide what to keep, the mean reads the sentence as a whole); an LSTM
 * with the elementwise maximum (each unit a feature detector over the sentence). On the validation
 * splits of PIT-2015 and MSRP the tanh RNN with the mean readout was never the best encoder on
 * average (docs/RESULTS.md, Part 0), so it is not in the default grid. One hidden size and learning rate: the cosine
 * schedule with early stopping (patience 2 after the KL warm-up) makes the result insensitive to
 * both within a factor of two; widen the grid with `--grid-hidden` / `--grid-lr`.
 */
export const DEFAULT_GRID: TuneGrid = {
  encoders: [
    { cell: 'rnn', readout: 'last' },
    { cell: 'gru', readout: 'mean' },
    { cell: 'lstm', readout: 'max' },
  ],
  hidden: [32],
  learningRates: [0.01],
  epochs: 30,
  patience: 2,
};

/** One candidate of a row: the settings it trains with. */
export interface Candidate extends Encoder {
  hidden: number;
  learningRate: number;
  klWeight: number;
}

/** A trained candidate and its scores. */
export interface CandidateScores extends Candidate {
  /** Epoch whose state was kept (the best validation NLL under early stopping). */
  epoch: number;
  stoppedBy: string;
  validationNll: number;
  validationMacroF1: number;
  /** ELBO per training pair at κ = 1 (variational rows). */
  trainElbo?: number;
  /** Recorded for the report only (never used to choose). */
  testNll: number;
  testMacroF1: number;
}

/** `a`, `b` as `cell/readout`. */
export function encoderName(e: Encoder): string {
  return `${e.cell}/${e.readout}`;
}

/** A readable name of a candidate, e.g. `gru/mean n=32 lr=0.01 κ=0.3`. */
export function candidateName(c: Candidate): string {
  return `${encoderName(c)} n=${c.hidden} lr=${c.learningRate} κ=${c.klWeight}`;
}

/**
 * The candidates of one row: with `tune` off the seed's fixed encoder and optimisation settings
 * (`s.rnn`), crossed with the κ candidates; with `tune` on the grid crossed with them. The plain RNN
 * has a single κ (it has no KL).
 */
export function candidatesOf(variational: boolean, s: SweepSettings): Candidate[] {
  const kappas = variational ? s.klWeights : [s.rnn.klWeight];
  const r = s.rnn;
  const grid: TuneGrid =
    s.tune === 'on'
      ? s.grid
      : {
          encoders: [{ cell: r.cell, readout: r.readout }],
          hidden: [r.hidden],
          learningRates: [r.learningRate],
          epochs: r.epochs,
          patience: r.patience,
        };
  const out: Candidate[] = [];
  for (const e of grid.encoders)
    for (const hidden of grid.hidden)
      for (const learningRate of grid.learningRates)
        for (const klWeight of kappas) out.push({ ...e, hidden, learningRate, klWeight });
  return out;
}

/** The RNN settings a candidate trains with: `r` with the candidate's values and the grid's epochs/patience. */
export function candidateSettings(c: Candidate, s: SweepSettings): RnnSettings {
  const tuned = s.tune === 'on';
  return {
    ...s.rnn,
    cell: c.cell,
    readout: c.readout,
    hidden: c.hidden,
    learningRate: c.learningRate,
    klWeight: c.klWeight,
    epochs: tuned ? s.grid.epochs : s.rnn.epochs,
    patience: tuned ? s.grid.patience : s.rnn.patience,
  };
}

/** Relative cost of an epoch per cell (measured: bench/README.md, GRU ≈ 2.5×, LSTM ≈ 3.3× the tanh RNN). */
const CELL_COST: Record<Cell, number> = { rnn: 1, gru: 2.5, lstm: 3.3 };

/**
 * Measured cost of a classic baseline, in tanh-RNN epochs of the same data: the seconds of the
 * baseline over the seconds of one epoch, from the default sweep's run times (--jobs 1, one core)
 * on PIT-2015 pooled (3,989 training pairs) and the built-in task (2,100): SVC 757 / 464, logistic
 * regression 186 / 274, k-NN 78 / 36, decision tree 34 / 36 — about the middle taken.
 */
const BASELINE_COST: Record<string, number> = {
  SVC: 600,
  'Logistic Regression': 220,
  KNeighborsClassifier: 55,
  DecisionTreeClassifier: 35,
};

/** Per-epoch cost of a variational row over the plain RNN's (sampling and the KL). */
const VARIATIONAL_COST = 1.3;
/** The log-uniform prior's rows (sparse VD) took 1.4× (PIT-2015) and 1.9× (built-in) a Gaussian prior's. */
const LOG_UNIFORM_COST = 1.6;

/**
 * A run's expected cost in tanh-RNN epochs, for scheduling the longest runs first and for
 * balancing shards: the sum over its candidates of (most epochs × cell cost), × 1.3 for a
 * variational row and × 1.6 more with the log-uniform prior; a classic baseline its measured
 * equivalent ({@link BASELINE_COST}; 100 for one not measured).
 */
export function expectedCost(row: RowName, s: SweepSettings): number {
  if (!isRnnRow(row)) return BASELINE_COST[row] ?? 100;
  const model = ROW_MODEL[row];
  const variational = model.family !== 'none';
  const epochs = s.tune === 'on' ? s.grid.epochs : s.rnn.epochs;
  const perEpoch =
    (variational ? VARIATIONAL_COST : 1) * (model.prior === 'logUniform' ? LOG_UNIFORM_COST : 1);
  return candidatesOf(variational, s).reduce((sum, c) => sum + epochs * CELL_COST[c.cell] * perEpoch, 0);
}

/** Most epochs a row may train, over all its candidates (for the progress bar). */
export function maxEpochsOf(variational: boolean, s: SweepSettings): number {
  const perCandidate = s.tune === 'on' ? s.grid.epochs : s.rnn.epochs;
  return perCandidate * candidatesOf(variational, s).length;
}

export type Criterion = 'nll' | 'macroF1' | 'elbo';

/** The value a criterion maximises (higher is better); undefined when it does not apply. */
export function criterionValue(c: CandidateScores, by: Criterion): number | undefined {
  if (by === 'nll') return -c.validationNll;
  if (by === 'macroF1') return c.validationMacroF1;
  return c.trainElbo;
}

/**
 * Index of the chosen candidate under `by` (ties keep the earlier one: the grid lists the seed's
 * encoder first and κ from the largest). `elbo` without an ELBO (the plain RNN) falls back to `nll`.
 */
export function choose(cs: CandidateScores[], by: Criterion): number {
  const crit: Criterion = by === 'elbo' && cs.some((c) => c.trainElbo === undefined) ? 'nll' : by;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const [i, c] of cs.entries()) {
    const v = criterionValue(c, crit);
    if (v !== undefined && Number.isFinite(v) && (best < 0 || v > bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  // Every candidate non-finite (cannot happen with finite metrics): keep the first.
  return Math.max(best, 0);
}

/**
 * Spearman's rank correlation of two equal-length lists (@vb/core's, ties averaged), undefined
 * below 3 points or without spread.
 */
export function spearman(a: number[], b: number[]): number | undefined {
  if (a.length !== b.length) throw new Error(`spearman: lengths ${a.length} and ${b.length} differ`);
  if (a.length < 3) return undefined;
  const rho = spearmanRho(a, b);
  return Number.isFinite(rho) ? rho : undefined;
}

/**
 * How the ELBO ranks the grid against validation NLL: Spearman's ρ between each candidate's ELBO
 * and its validation log-likelihood (−NLL), over the candidates that have both (variational rows).
 */
export function elboAgreement(cs: CandidateScores[]): number | undefined {
  const both = cs.filter((c) => c.trainElbo !== undefined && Number.isFinite(c.trainElbo));
  return spearman(
    both.map((c) => c.trainElbo as number),
    both.map((c) => -c.validationNll),
  );
}

/** Posterior samples of the ELBO's expected log-likelihood. */
export const ELBO_SAMPLES = 2;

/**
 * The ELBO per training pair at κ = 1: the mean over `ELBO_SAMPLES` posterior samples of the
 * training set's mean log-likelihood, minus KL(q ‖ p)/N with the model's current (empirical-Bayes)
 * prior. The KL is the engine's own (`lossAndGradient` on one pair; it does not depend on the batch).
 */
export function trainingElbo(trainer: Trainer, train: PairSet, seed: number): number {
  let logLik = 0;
  for (let s = 0; s < ELBO_SAMPLES; s++) {
    const probs = predictSet(trainer, train, { mcSamples: 1, seed: seed * 1000 + s });
    logLik += meanLogLikelihood(probs, train.labels, trainer.config.classes) / ELBO_SAMPLES;
  }
  const batch = packBatch(train, [0]);
  const { kl } = trainer.lossAndGradient(batch, new Float32Array(trainer.paramCount), 1);
  return logLik - kl / train.size;
}

/** Validation (or test) NLL and macro-F1 of a trainer on `set`. */
export function scoresOn(
  trainer: Trainer,
  set: PairSet,
  data: SweepData,
  predictOptions: { mcSamples?: number; seed?: number },
): Metrics {
  return evaluate(predictSet(trainer, set, predictOptions), set.labels, {
    classes: data.classes,
    ...data.scoring,
  });
}
