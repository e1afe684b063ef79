/** Mean ± std over seeds for each row of the table. */
import {
  liveByEvidence,
  maxPrunablePoint,
  maxRemovablePoint,
  plantedRecovery,
  type TensorInfo,
  tensorsOf,
} from '@vb/core';
import { ROWS, type RowName, SEED_F1 } from './rows.js';
import type { RunResult } from './run.js';
import { type CandidateScores, candidateName, encoderName } from './tune.js';

/** An encoder of the grid without κ: `gru/mean n=32 lr=0.01`. */
const encoderKey = (c: CandidateScores) => `${encoderName(c)} n=${c.hidden} lr=${c.learningRate}`;

export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single seed. */
  std: number;
  n: number;
}

export interface TableRow {
  row: RowName;
  /** The seed's macro-F1 for its own seven rows; null for the rows it did not run. */
  seedF1: number | null;
  macroF1: Stat;
  binaryF1: Stat | null;
  /** Pearson's r / Spearman's ρ of the expected score with the gold scores (null if undefined or absent). */
  pearson: Stat | null;
  spearman: Stat | null;
  accuracy: Stat;
  /** Only for models that output probabilities. */
  meanLogLikelihood: Stat | null;
  maxPrunableSnr: Stat | null;
  maxPrunableMagnitude: Stat | null;
  /**
   * The structure at the max-prunable point of the row's own pruning score (SNR for the
   * variational rows, magnitude for the plain RNN): hidden units that still carry signal
   * (some incoming and some outgoing weight survive) and input dimensions with a surviving weight.
   */
  structure: {
    score: 'snr' | 'magnitude';
    hidden: number;
    inputDim: number;
    units: Stat;
    inputs: Stat;
  } | null;
  /**
   * SNR against magnitude pruning at matched sparsity (the same quantile levels of kept weights,
   * unpruned point excluded): at how many levels the seed-mean macro-F1 of SNR pruning is at least
   * that of magnitude pruning, and the mean difference; the same for the mean test log-likelihood
   * (`likelihood`), a far less noisy score. Null without both sweeps.
   */
  snrVsMagnitude: {
    levels: number;
    snrAtLeast: number;
    meanGap: number;
    likelihood: { snrAtLeast: number; meanGap: number };
  } | null;
  /**
   * Structured pruning (the row's own score): how many whole input dimensions and hidden units can
   * be removed, least important first, at ≤ 0.01 macro-F1 loss. Null for the baselines.
   */
  removable: {
    score: 'snr' | 'magnitude';
    inputs: Stat;
    inputDim: number;
    units: Stat;
    hidden: number;
  } | null;
  /**
   * The overfitting check in numbers (RNN rows): validation NLL at its best epoch and at the last
   * epoch, and the training NLL at the last epoch. Null without histories.
   */
  nllCurve: { validationBest: Stat; validationLast: Stat; trainingLast: Stat } | null;
  /**
   * Pruning with τ chosen on validation (the row's own score): fraction of weights removed, and
   * test macro-F1 of the pruned network minus the unpruned one. Null without it.
   */
  validatedPruning: {
    score: 'snr' | 'magnitude';
    removed: Stat;
    testChange: Stat;
    /** Test mean log-likelihood change, live units and inputs, dense/compact file-size ratio (null in older results). */
    logLikChange: Stat | null;
    liveUnits: Stat | null;
    liveInputs: Stat | null;
    hidden: number | null;
    inputDim: number | null;
    compactRatio: Stat | null;
  } | null;
  /**
   * Seed-mean pruning curves per score (test split): kept fraction, macro-F1 and mean
   * log-likelihood at each level of the quantile grid (levels every seed has). Null for baselines.
   */
  meanCurves: Partial<
    Record<'snr' | 'magnitude', Array<{ keptFraction: number; macroF1: number; meanLogLikelihood: number }>>
  > | null;
  /**
   * For builtin data: recovery of the planted structure at the deployed pruning — input precision
   * and recall, live units and unit precision/recall (see RunResult.planted). Null otherwise.
   */
  planted: {
    precision: Stat;
    recall: Stat;
    liveUnits: Stat | null;
    unitPrecision: Stat | null;
    unitRecall: Stat | null;
  } | null;
  /**
   * The structure the evidence keeps (variational rows): input dimensions and hidden units whose
   * outgoing weights have mean λ² ≥ 1 (`liveByEvidence`), and on builtin data how well that
   * recovers the planted inputs (precision, recall) and the teacher's unit count.
   */
  evidence: {
    liveUnits: Stat;
    liveInputs: Stat;
    hidden: number;
    inputDim: number;
    planted: { precision: Stat; recall: Stat; unitPrecision: Stat; unitRecall: Stat } | null;
  } | null;
  /** Sparse VD's own rule (log α > 3): fraction removed and test changes. */
  logAlphaRule: { removed: Stat; testChange: Stat; logLikChange: Stat } | null;
  /** Per candidate κ of a variational row: mean validation NLL and macro-F1, and how often it was kept. */
  klCandidates: Array<{
    klWeight: number;
    validationNll: Stat | null;
    validationMacroF1: Stat;
    chosen: number;
  }> | null;
  /**
   * Model selection over the candidate grid (RNN rows): what was chosen (how often), every
   * candidate's mean scores, Spearman's ρ of the training ELBO against validation log-likelihood,
   * and the test macro-F1 / log-likelihood of the choices validation NLL and the ELBO make.
   */
  selection: {
    selectBy: string;
    tune: string;
    chosen: Array<{ name: string; count: number }>;
    candidates: Array<{
      name: string;
      validationNll: Stat;
      validationMacroF1: Stat;
      trainElbo: Stat | null;
      epoch: Stat;
      chosen: number;
    }>;
    elboVsValidation: Stat | null;
    /**
     * Per encoder (cell/readout, hidden, learning rate): the candidate each run would keep were the
     * grid that encoder alone (best validation NLL over κ), with its validation NLL and test scores.
     */
    encoders: Array<{ name: string; validationNll: Stat; testMacroF1: Stat; testLogLik: Stat }>;
    byValidationNll: { testMacroF1: Stat; testLogLik: Stat };
    byElbo: { testMacroF1: Stat; testLogLik: Stat } | null;
  } | null;
  seconds: Stat;
}

/** {@link TableRow.nllCurve} of a row's runs. */
function nllCurveOf(rs: RunResult[]): TableRow['nllCurve'] {
  const hs = rs.map((r) => r.history ?? []);
  if (rs.length === 0 || hs.some((h) => h.length === 0 || h.some((e) => !e.validation))) return null;
  const last = (h: (typeof hs)[number]) => h[h.length - 1] as (typeof h)[number];
  return {
    validationBest: stat(
      hs.map((h) => Math.min(...h.map((e) => e.validation?.nll ?? Number.POSITIVE_INFINITY))),
    ),
    validationLast: stat(hs.map((h) => last(h).validation?.nll as number)),
    trainingLast: stat(hs.map((h) => last(h).nll)),
  };
}

/** {@link TableRow.validatedPruning} of a row's runs. */
function validatedPruningOf(rs: RunResult[]): TableRow['validatedPruning'] {
  if (rs.length === 0 || !rs.every((r) => r.validatedPruning)) return null;
  const v = rs.map((r) => r.validatedPruning as NonNullable<RunResult['validatedPruning']>);
  const g = rs[0]?.groupSweeps;
  return {
    score: (v[0] as (typeof v)[number]).score,
    removed: stat(v.map((x) => 1 - x.keptFraction)),
    testChange: stat(v.map((x) => -x.testDrop)),
    logLikChange: maybe(v.map((x) => x.testLogLikChange)),
    liveUnits: maybe(v.map((x) => x.liveUnits?.length)),
    liveInputs: maybe(v.map((x) => x.liveInputs?.length)),
    hidden: g ? g.unit.groups : null,
    inputDim: g ? g.input.groups : null,
    compactRatio: maybe(
      v.map((x) => (x.denseBytes && x.compactBytes ? x.denseBytes / x.compactBytes : undefined)),
    ),
  };
}

/** {@link TableRow.meanCurves} of a row's runs. */
function meanCurvesOf(rs: RunResult[]): TableRow['meanCurves'] {
  if (rs.length === 0 || !rs.every((r) => r.sweeps)) return null;
  const out: NonNullable<TableRow['meanCurves']> = {};
  for (const score of ['snr', 'magnitude'] as const) {
    const sweeps = rs.map((r) => r.sweeps?.[score]);
    if (!sweeps.every((x) => x)) continue;
    // Levels of the first seed; each other seed contributes its point at the same kept fraction
    // (ties in λ can merge thresholds, so indices alone may not line up). A level some seed lacks
    // is left out.
    const reference = (sweeps[0] as NonNullable<(typeof sweeps)[number]>).points;
    const curve: NonNullable<NonNullable<TableRow['meanCurves']>['snr']> = [];
    for (const ref of reference) {
      const points = sweeps.map((x) =>
        x?.points.find((p) => Math.abs(p.keptFraction - ref.keptFraction) <= 0.005),
      );
      if (points.some((p) => !p)) continue;
      const mean = (f: (p: NonNullable<(typeof points)[number]>) => number) =>
        points.reduce((acc, p) => acc + f(p as NonNullable<typeof p>), 0) / points.length;
      curve.push({
        keptFraction: mean((p) => p.keptFraction),
        macroF1: mean((p) => p.metrics.macroF1),
        meanLogLikelihood: mean((p) => p.metrics.meanLogLikelihood),
      });
    }
    out[score] = curve;
  }
  return out;
}

/** {@link TableRow.planted} of a row's runs. */
function plantedOf(rs: RunResult[]): TableRow['planted'] {
  // Results written before the recovery was measured at the validated τ (no live-unit count)
  // measured it elsewhere (the max-prunable point on test): not comparable, so not shown.
  if (rs.length === 0 || !rs.every((r) => r.planted && r.planted.liveUnits !== undefined)) return null;
  const p = rs.map((r) => r.planted as NonNullable<RunResult['planted']>);
  return {
    precision: stat(p.map((x) => x.precision)),
    recall: stat(p.map((x) => x.recall)),
    liveUnits: maybe(p.map((x) => x.liveUnits)),
    unitPrecision: maybe(p.map((x) => x.unitPrecision)),
    unitRecall: maybe(p.map((x) => x.unitRecall)),
  };
}

/** The flat λ vector and tensor layout of a run (from its per-tensor λ), or null without them. */
export function lambdaOf(r: RunResult): { lambda: number[]; tensors: TensorInfo[] } | null {
  const l = r.lambda;
  const g = r.groupSweeps;
  if (!l || !g || !l.W || !l.U || !l.b || !l.V || !l.c) return null;
  const n = g.unit.groups;
  const k = l.c.length;
  // The layout of the run's own cell (GRU/LSTM tensors hold one block per gate).
  const tensors = tensorsOf({
    inputDim: g.input.groups,
    hidden: n,
    classes: k,
    pairFeatures: l.V.length / k - 2 * n,
    cell: r.encoder?.cell ?? 'rnn',
  });
  return { lambda: [...l.W, ...l.U, ...l.b, ...l.V, ...l.c], tensors };
}

/** {@link TableRow.evidence} of a row's runs. */
function evidenceOf(rs: RunResult[], planted?: PlantedTruth): TableRow['evidence'] {
  if (rs.length === 0 || rs.some((r) => !r.sweeps?.snr)) return null;
  const parts = rs.map(lambdaOf);
  if (parts.some((p) => p === null)) return null;
  // The run's own record (exact λ) when it has one; else recomputed from the stored 4-digit λ.
  const live = parts.map(
    (p, i) =>
      rs[i]?.evidence ??
      liveByEvidence((p as NonNullable<typeof p>).lambda, (p as NonNullable<typeof p>).tensors),
  );
  const first = (parts[0] as NonNullable<(typeof parts)[number]>).tensors;
  let recovery: NonNullable<TableRow['evidence']>['planted'] = null;
  if (planted) {
    const rec = live.map((x) => plantedRecovery(x, planted));
    recovery = {
      precision: stat(rec.map((x) => x.precision)),
      recall: stat(rec.map((x) => x.recall)),
      unitPrecision: stat(rec.map((x) => x.unitPrecision)),
      unitRecall: stat(rec.map((x) => x.unitRecall)),
    };
  }
  return {
    liveUnits: stat(live.map((x) => x.units.length)),
    liveInputs: stat(live.map((x) => x.inputs.length)),
    hidden: (first[0] as TensorInfo).cols,
    inputDim: (first[0] as TensorInfo).rows,
    planted: recovery,
  };
}

/** The planted structure of builtin data, when the aggregate should score its recovery. */
export interface PlantedTruth {
  usedInputs: number[];
  teacherHidden: number;
}

/** {@link TableRow.logAlphaRule} of a row's runs. */
function logAlphaRuleOf(rs: RunResult[]): TableRow['logAlphaRule'] {
  if (rs.length === 0 || !rs.every((r) => r.logAlphaRule)) return null;
  const v = rs.map((r) => r.logAlphaRule as NonNullable<RunResult['logAlphaRule']>);
  return {
    removed: stat(v.map((x) => 1 - x.keptFraction)),
    testChange: stat(v.map((x) => -x.testDrop)),
    logLikChange: stat(v.map((x) => x.testLogLikChange)),
  };
}

/** {@link TableRow.klCandidates} of a row's runs. */
function klCandidatesOf(rs: RunResult[]): TableRow['klCandidates'] {
  if (rs.length === 0 || !rs.every((r) => r.klSelection && r.klSelection.length > 0)) return null;
  const weights = [...new Set(rs.flatMap((r) => (r.klSelection ?? []).map((c) => c.klWeight)))];
  return weights.map((klWeight) => {
    const cs = rs.flatMap((r) => (r.klSelection ?? []).filter((c) => c.klWeight === klWeight));
    return {
      klWeight,
      validationNll: maybe(cs.map((c) => c.validationNll)),
      validationMacroF1: stat(cs.map((c) => c.validationMacroF1)),
      chosen: rs.filter((r) => r.klWeight === klWeight).length,
    };
  });
}

/** {@link TableRow.selection} of a row's runs. */
function selectionOf(rs: RunResult[]): TableRow['selection'] {
  const sels = rs.map((r) => r.selection);
  if (rs.length === 0 || sels.some((x) => !x)) return null;
  const ss = sels as Array<NonNullable<RunResult['selection']>>;
  const first = ss[0] as (typeof ss)[number];
  const names = [...new Set(ss.flatMap((x) => x.candidates.map(candidateName)))];
  const chosenNames = ss.map((x) => candidateName(x.candidates[x.chosen] as CandidateScores));
  const pick = (index: (x: (typeof ss)[number]) => number | undefined) => {
    const cs = ss.map((x) => {
      const i = index(x);
      return i === undefined ? undefined : x.candidates[i];
    });
    if (cs.some((c) => !c)) return null;
    const c = cs as CandidateScores[];
    return { testMacroF1: stat(c.map((x) => x.testMacroF1)), testLogLik: stat(c.map((x) => -x.testNll)) };
  };
  return {
    selectBy: first.selectBy,
    tune: first.tune,
    chosen: [...new Set(chosenNames)].map((name) => ({
      name,
      count: chosenNames.filter((n) => n === name).length,
    })),
    candidates: names.map((name) => {
      const cs = ss.flatMap((x) => x.candidates.filter((c) => candidateName(c) === name));
      return {
        name,
        validationNll: stat(cs.map((c) => c.validationNll)),
        validationMacroF1: stat(cs.map((c) => c.validationMacroF1)),
        trainElbo: maybe(cs.map((c) => c.trainElbo)),
        epoch: stat(cs.map((c) => c.epoch)),
        chosen: chosenNames.filter((n) => n === name).length,
      };
    }),
    elboVsValidation: maybe(ss.map((x) => x.elboVsValidation)),
    encoders: [...new Set(ss.flatMap((x) => x.candidates.map(encoderKey)))].map((name) => {
      const best = ss.map((x) =>
        x.candidates
          .filter((c) => encoderKey(c) === name)
          .reduce((a, b) => (b.validationNll < a.validationNll ? b : a)),
      );
      return {
        name,
        validationNll: stat(best.map((c) => c.validationNll)),
        testMacroF1: stat(best.map((c) => c.testMacroF1)),
        testLogLik: stat(best.map((c) => -c.testNll)),
      };
    }),
    byValidationNll: pick((x) => x.byValidationNll) as NonNullable<ReturnType<typeof pick>>,
    byElbo: pick((x) => x.byElbo),
  };
}

/** {@link TableRow.removable} of a row's runs. */
function removableOf(rs: RunResult[]): TableRow['removable'] {
  if (rs.length === 0 || !rs.every((r) => r.groupSweeps)) return null;
  const g = rs.map((r) => r.groupSweeps as NonNullable<RunResult['groupSweeps']>);
  const first = g[0] as (typeof g)[number];
  return {
    score: first.input.score,
    inputs: stat(g.map((x) => maxRemovablePoint(x.input).removed)),
    inputDim: first.input.groups,
    units: stat(g.map((x) => maxRemovablePoint(x.unit).removed)),
    hidden: first.unit.groups,
  };
}

/** {@link TableRow.snrVsMagnitude} of a row's runs. */
function snrVsMagnitude(rs: RunResult[]): TableRow['snrVsMagnitude'] {
  if (rs.length === 0 || !rs.every((r) => r.sweeps?.snr && r.sweeps.magnitude)) return null;
  const levels = Math.min(
    ...rs.map((r) => Math.min(r.sweeps?.snr?.points.length ?? 0, r.sweeps?.magnitude?.points.length ?? 0)),
  );
  let compared = 0;
  const f1 = { atLeast: 0, sum: 0 };
  const ll = { atLeast: 0, sum: 0 };
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  for (let i = 0; i < levels; i++) {
    const f1Gaps: number[] = [];
    const llGaps: number[] = [];
    for (const r of rs) {
      const a = r.sweeps?.snr?.points[i];
      const b = r.sweeps?.magnitude?.points[i];
      // Same sparsity level (quantile grids of the two scores keep the same counts), pruned points only.
      if (!a || !b || a.keptFraction >= 1 || Math.abs(a.keptFraction - b.keptFraction) > 0.01) continue;
      f1Gaps.push(a.metrics.macroF1 - b.metrics.macroF1);
      llGaps.push(a.metrics.meanLogLikelihood - b.metrics.meanLogLikelihood);
    }
    if (f1Gaps.length !== rs.length) continue;
    compared++;
    for (const [acc, gap] of [
      [f1, mean(f1Gaps)],
      [ll, mean(llGaps)],
    ] as const) {
      if (gap >= 0) acc.atLeast++;
      acc.sum += gap;
    }
  }
  if (compared === 0) return null;
  return {
    levels: compared,
    snrAtLeast: f1.atLeast,
    meanGap: f1.sum / compared,
    likelihood: { snrAtLeast: ll.atLeast, meanGap: ll.sum / compared },
  };
}

/** The structure of `rows` at the max-prunable point of their primary sweep (null for baselines). */
function structureAt(rs: RunResult[]): TableRow['structure'] {
  const points = rs.map((r) => {
    const sweep = r.sweeps?.snr ?? r.sweeps?.magnitude;
    return sweep
      ? { score: r.sweeps?.snr ? ('snr' as const) : ('magnitude' as const), point: maxPrunablePoint(sweep) }
      : null;
  });
  if (points.length === 0 || points.some((p) => p === null)) return null;
  const ps = points as Array<NonNullable<(typeof points)[number]>>;
  const first = ps[0] as (typeof ps)[number];
  return {
    score: first.score,
    hidden: first.point.structure.hidden,
    inputDim: first.point.structure.inputDim,
    units: stat(ps.map((p) => p.point.structure.functionalHidden)),
    inputs: stat(ps.map((p) => p.point.structure.aliveInputs)),
  };
}

export function stat(values: number[]): Stat {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

function maybe(values: Array<number | undefined | null>): Stat | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length === values.length && v.length > 0 ? stat(v) : null;
}

export function aggregate(results: RunResult[], planted?: PlantedTruth | null): TableRow[] {
  planted ??= undefined;
  return ROWS.flatMap((row) => {
    const rs = results.filter((r) => r.row === row);
    if (rs.length === 0) return [];
    return [
      {
        row,
        seedF1: SEED_F1[row] ?? null,
        macroF1: stat(rs.map((r) => r.test.macroF1)),
        binaryF1: maybe(rs.map((r) => r.test.binaryF1)),
        pearson: maybe(rs.map((r) => r.test.pearson)),
        // Results written before Spearman was recorded have none.
        spearman: maybe(rs.map((r) => r.test.spearman)),
        accuracy: stat(rs.map((r) => r.test.accuracy)),
        meanLogLikelihood: rs.every((r) => r.test.probabilistic)
          ? stat(rs.map((r) => r.test.meanLogLikelihood))
          : null,
        maxPrunableSnr: maybe(rs.map((r) => r.maxPrunable?.snr)),
        maxPrunableMagnitude: maybe(rs.map((r) => r.maxPrunable?.magnitude)),
        structure: structureAt(rs),
        snrVsMagnitude: snrVsMagnitude(rs),
        removable: removableOf(rs),
        nllCurve: nllCurveOf(rs),
        klCandidates: klCandidatesOf(rs),
        selection: selectionOf(rs),
        validatedPruning: validatedPruningOf(rs),
        logAlphaRule: logAlphaRuleOf(rs),
        evidence: evidenceOf(rs, planted),
        meanCurves: meanCurvesOf(rs),
        planted: plantedOf(rs),
        seconds: stat(rs.map((r) => r.seconds)),
      },
    ];
  });
}

export function formatStat(s: Stat | null, digits = 3): string {
  if (!s) return '—';
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}` : s.mean.toFixed(digits);
}

export function formatPercent(s: Stat | null): string {
  if (!s) return '—';
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  return s.n > 1 ? `${p(s.mean)} ± ${p(s.std)}` : p(s.mean);
}

/** "12.4 ± 3.1 / 32" (or "12 / 32" for one seed) — a count out of a total. */
export function formatCount(s: Stat, of: number): string {
  return s.n > 1 ? `${s.mean.toFixed(1)} ± ${s.std.toFixed(1)} / ${of}` : `${s.mean} / ${of}`;
}
