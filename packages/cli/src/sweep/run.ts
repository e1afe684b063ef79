/**
 * One run of a sweep: a table row trained with one seed, evaluated on the test split, and — for
 * the RNNs — pruned along a threshold grid. Runs are independent, so the sweep executes them in
 * worker threads; this module is what a worker calls.
 */
import {
  type Cell,
  compactModel,
  type EpochRecord,
  encodeModel,
  evaluate,
  evaluatePruned,
  type FitOptions,
  type FitResult,
  fit,
  type GroupSweepResult,
  groupSweep,
  importance,
  keepMask,
  LOG_ALPHA_THRESHOLD,
  liveByEvidence,
  liveNodes,
  type Metrics,
  maxPrunableFraction,
  maxPrunablePoint,
  modelFromTrainer,
  plantedRecovery,
  pruneSweep,
  type SweepPoint,
  type SweepResult,
  type ThresholdGrid,
  type Readout,
  type Trainer,
  unprunedPoint,
} from '@vb/core';
import { type BaselineName, type BaselinePrediction, runBaseline } from '../baselines/classifiers.js';
import { type FeatureMatrix, pairFeatures, standardise } from '../baselines/features.js';
import type { SweepData } from '../data/loaded.js';
import { rnnFitOptions } from '../training/fit-options.js';
import { FAMILY, isRnnRow, ROW_MODEL, type RowName } from './rows.js';
import type { RnnSettings, SelectBy, SweepSettings } from './settings.js';
import {
  type Candidate,
  type CandidateScores,
  candidateName,
  candidateSettings,
  candidatesOf,
  choose,
  elboAgreement,
  maxEpochsOf,
  scoresOn,
  trainingElbo,
} from './tune.js';

export interface RunSpec {
  id: string;
  row: RowName;
  seed: number;
}

/** Metrics, and whether they come from real probabilities (log-likelihood is meaningful). */
export type RunMetrics = Metrics & { probabilistic: boolean };

export interface RunResult {
  id: string;
  row: RowName;
  seed: number;
  seconds: number;
  test: RunMetrics;
  validation?: RunMetrics;
  history?: EpochRecord[];
  stoppedBy?: string;
  sweeps?: { snr?: SweepResult; magnitude?: SweepResult };
  /**
   * Structured pruning on the test split with the row's own score (SNR for the variational rows,
   * magnitude for the plain RNN): whole input dimensions and whole hidden units, least important first.
   */
  groupSweeps?: { input: GroupSweepResult; unit: GroupSweepResult };
  /** The KL weight κ of the kept model, and per κ the best candidate's validation NLL and macro-F1 (variational rows). */
  klWeight?: number;
  klSelection?: KlCandidate[];
  /** The encoder and optimisation settings of the kept model (RNN rows). */
  encoder?: { cell: Cell; readout: Readout; hidden: number; learningRate: number };
  /**
   * Model selection: every candidate with its validation scores, training ELBO and (for the
   * report only) test scores; the index chosen under `selectBy`, and the choices validation NLL
   * and the ELBO would make; Spearman's ρ of the ELBO against validation log-likelihood.
   */
  selection?: {
    selectBy: SelectBy;
    tune: 'on' | 'off';
    chosen: number;
    candidates: CandidateScores[];
    elboVsValidation?: number;
    byValidationNll: number;
    byElbo?: number;
  };
  /** Largest fraction of weights removable at ≤ 0.01 macro-F1 loss on the test split. */
  maxPrunable?: { snr?: number; magnitude?: number };
  /**
   * Pruning as a user would deploy it: the threshold τ chosen on the validation split (the
   * sparsest point within 0.01 validation macro-F1, the row's own score), then applied to test.
   */
  validatedPruning?: {
    score: 'snr' | 'magnitude';
    threshold: number;
    keptFraction: number;
    testMacroF1: number;
    testDrop: number;
    /** Test mean log-likelihood of the pruned network minus the unpruned one. */
    testLogLikChange?: number;
    /** Live hidden units and input dimensions of the pruned network (see `liveNodes`). */
    liveUnits?: number[];
    liveInputs?: number[];
    /** Model file sizes (bytes, word vectors included): dense, and compacted at this τ. */
    denseBytes?: number;
    compactBytes?: number;
  };
  /**
   * Sparse VD's own rule (Molchanov et al. 2017): prune log α = log(s²/m²) > 3, i.e. SNR < e^{−3/2};
   * the fraction kept and the test change it gives (sparse VD rows only).
   */
  logAlphaRule?: {
    threshold: number;
    keptFraction: number;
    testMacroF1: number;
    testDrop: number;
    testLogLikChange: number;
  };
  /**
   * The structure the evidence keeps (variational rows): input dimensions and hidden units whose
   * outgoing weights have mean λ² ≥ 1 (`liveByEvidence`).
   */
  evidence?: { inputs: number[]; units: number[] };
  /** Per-group prior variances of a G-prior row: input dimensions, then hidden units. */
  groupVariances?: { inputs: number[]; units: number[] };
  /** λ per tensor (4 significant digits) for the histograms. */
  lambda?: Record<string, number[]>;
  /**
   * For builtin data: recovery of the planted structure by the network pruned at the τ chosen on
   * validation — input dimensions by index; hidden units by count (the student's units are the
   * teacher's only up to a permutation): precision = min(1, teacher units / live units),
   * recall = min(1, live units / teacher units).
   */
  planted?: {
    keptFraction: number;
    aliveInputs: number[];
    precision: number;
    recall: number;
    liveUnits?: number;
    unitPrecision?: number;
    unitRecall?: number;
  };
}

/** One candidate κ of a variational row and its validation scores. */
export interface KlCandidate {
  klWeight: number;
  validationMacroF1: number;
  /** Mean negative log-likelihood on the validation split (absent in results written before it was recorded). */
  validationNll?: number;
}

/** Per κ, the scores of the candidate that the choice would keep at that κ (for the κ table). */
function klSelectionOf(scored: CandidateScores[]): KlCandidate[] {
  const byKappa = new Map<number, CandidateScores>();
  for (const c of scored) {
    const b = byKappa.get(c.klWeight);
    if (!b || c.validationNll < b.validationNll) byKappa.set(c.klWeight, c);
  }
  return [...byKappa.values()].map((c) => ({
    klWeight: c.klWeight,
    validationMacroF1: c.validationMacroF1,
    validationNll: c.validationNll,
  }));
}

export type Progress = (event: {
  id: string;
  epoch: number;
  epochs: number;
  record: EpochRecord;
  /** The candidate being trained, when a row has several. */
  candidate?: string;
}) => void;

function withKind(m: Metrics, probabilistic: boolean): RunMetrics {
  return { ...m, probabilistic };
}

/** Standardised pair features of the three splits, computed once per data (every baseline run shares them). */
const featureCache = new WeakMap<
  SweepData,
  { train: FeatureMatrix; validation: FeatureMatrix; test: FeatureMatrix }
>();

function baselineFeatures(data: SweepData) {
  let f = featureCache.get(data);
  if (!f) {
    const m = data.inputDim;
    f = {
      train: pairFeatures(data.train, data.embeddings, m),
      validation: pairFeatures(data.validation, data.embeddings, m),
      test: pairFeatures(data.test, data.embeddings, m),
    };
    standardise(f.train, f.test, f.validation);
    featureCache.set(data, f);
  }
  return f;
}

async function runBaselineRow(
  spec: RunSpec,
  row: BaselineName,
  data: SweepData,
  s: SweepSettings,
): Promise<RunResult> {
  const started = performance.now();
  const f = baselineFeatures(data);
  const y = Array.from(data.train.labels);
  const [onTest, onVal] = (await runBaseline(
    row,
    f.train,
    y,
    [f.test, f.validation],
    data.classes,
    s.baselines,
  )) as [BaselinePrediction, BaselinePrediction];
  return {
    id: spec.id,
    row,
    seed: spec.seed,
    seconds: (performance.now() - started) / 1000,
    test: withKind(
      evaluate(onTest.probs, data.test.labels, {
        classes: data.classes,
        goldScores: data.testScores,
        ...data.scoring,
      }),
      onTest.probabilistic,
    ),
    validation: withKind(
      evaluate(onVal.probs, data.validation.labels, { classes: data.classes, ...data.scoring }),
      onVal.probabilistic,
    ),
  };
}

const round4 = (x: number) => Number(x.toPrecision(4));

/** Kept fractions added to every pruning sweep's quantile grid: 4%, 3%, 2%, 1%, 0.5%, 0.2%. */
const SPARSE_TAIL = [0.04, 0.03, 0.02, 0.01, 0.005, 0.002];

/** The threshold grid of every pruning sweep: the quantiles, plus the sparse end (≤ 4% kept) where the sparsifying priors operate. */
export function pruningGrid(s: SweepSettings): ThresholdGrid {
  return { kind: 'quantiles', count: s.thresholds, extraKept: SPARSE_TAIL };
}

/**
 * Pruning as a user deploys it: the sparsest point of the validation sweep (score `score`) within
 * 0.01 macro-F1 of the unpruned network. The sweep, `bench/inference.mjs` and the experiments all
 * choose τ this way.
 */
export function validatedPruningPoint(
  trainer: Trainer,
  data: SweepData,
  s: SweepSettings,
  score: 'snr' | 'magnitude',
  predictOptions: { mcSamples?: number; seed?: number } = {},
): SweepPoint {
  return maxPrunablePoint(
    pruneSweep(trainer, data.validation, { grid: pruningGrid(s), ...predictOptions, ...data.scoring, score }),
  );
}


async function runRnnRow(
  spec: RunSpec,
  data: SweepData,
  s: SweepSettings,
  progress?: Progress,
): Promise<RunResult> {
  const started = performance.now();
  if (!isRnnRow(spec.row)) throw new Error(`not an RNN row: ${spec.row}`);
  const family = FAMILY[spec.row];
  const variational = family !== 'none';
  const predictOptions = { mcSamples: variational ? s.mcSamples : 0, seed: spec.seed };
  // One model per candidate (κ, and with tuning the encoder/optimisation grid); keep the best
  // under `selectBy` — validation NLL or macro-F1, or the training ELBO. The test split is scored
  // for the record only, after training, and never enters the choice.
  const candidates = candidatesOf(variational, s);
  const maxEpochs = maxEpochsOf(variational, s);
  const scored: CandidateScores[] = [];
  // The model kept so far (only it stays in memory) and its index in `candidates`.
  let best: { result: FitResult; validation: Metrics } | undefined;
  let chosen = -1;
  let epochsBefore = 0;
  for (const [i, c] of candidates.entries()) {
    const r = candidateSettings(c, s);
    const result = await fit(data.train, {
      ...rnnFitOptions(data, r, ROW_MODEL[spec.row], spec.seed),
      onEpoch: (record) =>
        progress?.({
          id: spec.id,
          epoch: epochsBefore + record.epoch,
          epochs: maxEpochs,
          record,
          candidate: candidates.length > 1 ? candidateName(c) : undefined,
        }),
    });
    epochsBefore += r.epochs;
    const validation = scoresOn(result.trainer, data.validation, data, predictOptions);
    const onTest = scoresOn(result.trainer, data.test, data, predictOptions);
    scored.push({
      ...c,
      epoch: result.epoch,
      stoppedBy: result.stoppedBy,
      validationNll: -validation.meanLogLikelihood,
      validationMacroF1: validation.macroF1,
      trainElbo: variational ? trainingElbo(result.trainer, data.train, spec.seed) : undefined,
      testNll: -onTest.meanLogLikelihood,
      testMacroF1: onTest.macroF1,
    });
    if (choose(scored, s.selectBy) === i) {
      best?.result.trainer.free();
      best = { result, validation };
      chosen = i;
    } else {
      result.trainer.free();
    }
  }
  if (!best) throw new Error('no candidate to train');
  const bestCandidate = candidates[chosen] as Candidate;
  const r = candidateSettings(bestCandidate, s);
  const selection: RunResult['selection'] = {
    selectBy: s.selectBy,
    tune: s.tune,
    chosen,
    candidates: scored,
    elboVsValidation: variational ? elboAgreement(scored) : undefined,
    byValidationNll: choose(scored, 'nll'),
    byElbo: variational ? choose(scored, 'elbo') : undefined,
  };
  const { result, validation } = best;
  const klWeight = bestCandidate.klWeight;
  const trainer = result.trainer;
  try {
    const grid = pruningGrid(s);
    const sweepOptions = { grid, goldScores: data.testScores, ...predictOptions, ...data.scoring };
    const magnitude = pruneSweep(trainer, data.test, { ...sweepOptions, score: 'magnitude' });
    const sweeps: RunResult['sweeps'] = { magnitude };
    if (family !== 'none') sweeps.snr = pruneSweep(trainer, data.test, { ...sweepOptions, score: 'snr' });
    // The unpruned point (τ = 0) of a sweep is the test evaluation itself: same network, data and samples.
    const test = unprunedPoint(magnitude).metrics;
    const primary = family === 'none' ? ('magnitude' as const) : ('snr' as const);
    const groupOptions = { score: primary, goldScores: data.testScores, ...predictOptions, ...data.scoring };
    const groupSweeps = {
      input: groupSweep(trainer, data.test, { ...groupOptions, group: 'input' }),
      unit: groupSweep(trainer, data.test, { ...groupOptions, group: 'unit' }),
    };
    // τ chosen on validation, evaluated on test (the same λ, hence the same quantile thresholds).
    const chosen = validatedPruningPoint(trainer, data, s, primary, predictOptions);
    const testSweep = primary === 'snr' ? (sweeps.snr as SweepResult) : magnitude;
    const atTest = testSweep.points.find((p) => p.threshold === chosen.threshold);
    if (!atTest)
      throw new Error(
        `pruning threshold ${chosen.threshold} chosen on validation is not on the test sweep's grid`,
      );
    const lambdaAll = importance(trainer, primary);
    const unpruned = unprunedPoint(testSweep).metrics;
    const deployedMask = keepMask(lambdaAll, chosen.threshold);
    const live = liveNodes(deployedMask, trainer.tensors());
    const sizes = modelSizes(trainer, data, deployedMask);
    const validatedPruning: RunResult['validatedPruning'] = {
      score: primary,
      threshold: chosen.threshold,
      keptFraction: atTest.keptFraction,
      testMacroF1: atTest.metrics.macroF1,
      testDrop: unpruned.macroF1 - atTest.metrics.macroF1,
      testLogLikChange: atTest.metrics.meanLogLikelihood - unpruned.meanLogLikelihood,
      liveUnits: live.units,
      liveInputs: live.inputs,
      ...sizes,
    };
    let logAlphaRule: RunResult['logAlphaRule'];
    if (ROW_MODEL[spec.row].prior === 'logUniform') {
      // The authors' rule exactly: keep log α = log s² − log(m² + 10⁻⁸) ≤ 3 (≈ SNR ≥ e^{−3/2},
      // except for means below ~10⁻⁴, where the 10⁻⁸ matters).
      const threshold = Math.exp(-LOG_ALPHA_THRESHOLD / 2);
      const means = trainer.means();
      const stds = trainer.stds();
      const mask = Uint8Array.from(means, (m, i) =>
        Math.log((stds[i] as number) ** 2) - Math.log(m * m + 1e-8) > LOG_ALPHA_THRESHOLD ? 0 : 1,
      );
      const m = evaluatePruned(trainer, data.test, mask, {
        goldScores: data.testScores,
        ...predictOptions,
        ...data.scoring,
      });
      logAlphaRule = {
        threshold,
        keptFraction: mask.reduce((a, b) => a + b, 0) / mask.length,
        testMacroF1: m.macroF1,
        testDrop: unpruned.macroF1 - m.macroF1,
        testLogLikChange: m.meanLogLikelihood - unpruned.meanLogLikelihood,
      };
    }
    let groupVariances: RunResult['groupVariances'];
    if (ROW_MODEL[spec.row].prior === 'group') {
      const v = Array.from(trainer.priorVariances(), (x) => Number(x.toPrecision(4)));
      groupVariances = {
        inputs: v.slice(0, data.inputDim),
        units: v.slice(data.inputDim, data.inputDim + r.hidden),
      };
    }
    const maxPrunable: RunResult['maxPrunable'] = { magnitude: maxPrunableFraction(magnitude) };
    if (sweeps.snr) maxPrunable.snr = maxPrunableFraction(sweeps.snr);
    const lambda: Record<string, number[]> = {};
    for (const t of trainer.tensors())
      lambda[t.name] = Array.from(lambdaAll.subarray(t.offset, t.offset + t.rows * t.cols), round4);
    let planted: RunResult['planted'];
    if (data.planted) {
      planted = { keptFraction: atTest.keptFraction, ...plantedRecovery(live, data.planted) };
    }
    return {
      id: spec.id,
      row: spec.row,
      seed: spec.seed,
      seconds: (performance.now() - started) / 1000,
      test: withKind(test, true),
      validation: withKind(validation, true),
      history: result.history,
      stoppedBy: result.stoppedBy,
      klWeight: variational ? klWeight : undefined,
      klSelection: variational ? klSelectionOf(scored) : undefined,
      encoder: { cell: bestCandidate.cell, readout: bestCandidate.readout, hidden: r.hidden, learningRate: r.learningRate },
      selection,
      sweeps,
      groupSweeps,
      maxPrunable,
      validatedPruning,
      logAlphaRule,
      evidence: family === 'none' ? undefined : liveByEvidence(lambdaAll, trainer.tensors()),
      groupVariances,
      lambda,
      planted,
    };
  } finally {
    trainer.free();
  }
}

/**
 * Model file sizes with the word vectors: the dense model, and the compacted one under `mask`.
 * Neither counts the prior's variances (8 bytes per weight for ARD, absent from pruned files), so
 * the ratio measures what compaction removes.
 */
function modelSizes(
  trainer: Trainer,
  data: SweepData,
  mask: Uint8Array,
): { denseBytes: number; compactBytes: number } {
  const extra = { vocabulary: data.vocabulary, embeddings: data.embeddings };
  const dense = encodeModel({ ...modelFromTrainer(trainer, extra), priorVariances: undefined }).length;
  const compact = encodeModel(compactModel(modelFromTrainer(trainer, { ...extra, mask }))).length;
  return { denseBytes: dense, compactBytes: compact };
}

/** Executes one run. */
export async function executeRun(
  spec: RunSpec,
  data: SweepData,
  settings: SweepSettings,
  progress?: Progress,
): Promise<RunResult> {
  if (isRnnRow(spec.row)) return runRnnRow(spec, data, settings, progress);
  return runBaselineRow(spec, spec.row as BaselineName, data, settings);
}
