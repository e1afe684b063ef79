/**
 * Pruning sweeps of many seeds as mean ± std per (model, score): the data of the λ charts and the
 * trade-off chart when a model has more seeds than they draw as lines (see `seed-bands.ts`).
 *
 * The thresholds of a sweep are quantiles of that run's own λ, so seeds do not share them: each
 * run's curve is interpolated linearly in log τ (λ charts) or in log kept fraction (trade-off)
 * onto {@link GRID_POINTS} log-spaced values spanning the range at least half of the runs reach,
 * and averaged over the runs whose own range reaches the value (a value fewer than half of the
 * runs reach, or have a finite number at, is left out). The
 * unpruned network (τ = 0) is averaged as it is.
 */
import { scoreLabel, seriesKey } from './chart-common.js';
import {
  bandsOnGrid,
  GRID_POINTS,
  type GridPoint,
  linearGrid,
  type RunCurve,
  sharedRange,
} from './common-grid.js';
import type { LabelledSweep } from './inputs.js';
import { seedBand } from './seed-bands.js';
import { type SweepRow, sweepRows } from './sweep-rows.js';

/** The values averaged over seeds. */
export type BandField = 'kept' | 'keptFraction' | 'macroF1' | 'paraphraseF1' | 'meanLogLikelihood';

const FIELDS: readonly BandField[] = ['kept', 'keptFraction', 'macroF1', 'paraphraseF1', 'meanLogLikelihood'];

/**
 * One point of one (model, score): each value's mean over the runs (`macroF1`), its band
 * (`macroF1Lo`, `macroF1Hi` = mean ∓ std) and its std (`macroF1Std`); `null` where no run has it.
 */
export type SweepBandRow = {
  model: string;
  score: string;
  scoreLabel: string;
  /** Identifies the line: (model, score). */
  series: string;
  /** τ (0: the unpruned network); on a common log grid for τ > 0. */
  threshold: number;
  /** Runs averaged at this point. */
  runs: number;
} & Record<BandField | `${BandField}${'Lo' | 'Hi' | 'Std'}`, number | null>;

/** (model, score) groups of sweeps, in first-seen order, each with its rows per run. */
function groups(
  sweeps: readonly LabelledSweep[],
): Array<{ model: string; score: string; runs: SweepRow[][] }> {
  const byKey = new Map<string, { model: string; score: string; runs: SweepRow[][] }>();
  for (const s of sweeps) {
    const key = JSON.stringify([s.model, s.sweep.score]);
    const g = byKey.get(key) ?? { model: s.model, score: s.sweep.score, runs: [] };
    g.runs.push(sweepRows([s]));
    byKey.set(key, g);
  }
  return [...byKey.values()];
}

function row(
  g: { model: string; score: string },
  threshold: number,
  runs: number,
  bands: GridPoint<BandField>['bands'],
): SweepBandRow {
  const out = {
    model: g.model,
    score: g.score,
    scoreLabel: scoreLabel(g.score as 'snr' | 'magnitude'),
    series: seriesKey(g.model, g.score, undefined),
    threshold,
    runs,
  } as SweepBandRow;
  for (const f of FIELDS) {
    const b = bands[f];
    out[f] = b?.mean ?? null;
    out[`${f}Lo`] = b?.lo ?? null;
    out[`${f}Hi`] = b?.hi ?? null;
    out[`${f}Std`] = b?.std ?? null;
  }
  return out;
}

/** Mean ± std over the runs of each field at τ = 0 (the unpruned network). */
function unpruned(runs: readonly SweepRow[][]): GridPoint<BandField> | null {
  const base = runs.flatMap((r) => r.filter((p) => p.threshold === 0).slice(0, 1));
  if (base.length === 0) return null;
  const bands = {} as GridPoint<BandField>['bands'];
  for (const f of FIELDS) {
    const values = base.map((p) => p[f]).filter((v): v is number => v !== null && Number.isFinite(v));
    bands[f] = values.length > 0 ? seedBand(values) : null;
  }
  return { x: 0, runs: base.length, bands };
}

/** Each run's curve over x = `coordinate(point)` (points where it is not finite left out), ascending. */
function curves(runs: readonly SweepRow[][], coordinate: (p: SweepRow) => number): RunCurve<BandField>[] {
  return runs.map((points) => {
    const kept = points
      .map((p) => ({ x: coordinate(p), p }))
      .filter((q) => Number.isFinite(q.x))
      .sort((a, b) => a.x - b.x);
    const y = {} as Record<BandField, (number | null)[]>;
    for (const f of FIELDS) y[f] = kept.map((q) => q.p[f]);
    return { x: kept.map((q) => q.x), y };
  });
}

/** A log-spaced grid (as logarithms) over the range at least half of the runs reach. */
function gridOver(cs: readonly RunCurve<BandField>[], count: number): number[] {
  const range = sharedRange(cs);
  return range ? linearGrid(range[0], range[1], count) : [];
}

/**
 * The λ charts' data for many seeds: per (model, score), the unpruned mean (τ = 0), then the mean
 * ± std on a common grid of `count` log-spaced τ.
 */
export function sweepBands(sweeps: readonly LabelledSweep[], count = GRID_POINTS): SweepBandRow[] {
  const out: SweepBandRow[] = [];
  for (const g of groups(sweeps)) {
    const base = unpruned(g.runs);
    if (base) out.push(row(g, 0, base.runs, base.bands));
    const cs = curves(g.runs, (p) => (p.threshold > 0 ? Math.log(p.threshold) : Number.NaN));
    for (const p of bandsOnGrid(cs, FIELDS, gridOver(cs, count)))
      out.push(row(g, Math.exp(p.x), p.runs, p.bands));
  }
  return out;
}

/**
 * The trade-off chart's data for many seeds: per (model, score), mean ± std of F1 on a common
 * grid of `count` log-spaced kept fractions (`keptFraction` is the grid value; `threshold` is 0).
 */
export function tradeoffBands(sweeps: readonly LabelledSweep[], count = GRID_POINTS): SweepBandRow[] {
  const out: SweepBandRow[] = [];
  for (const g of groups(sweeps)) {
    const cs = curves(g.runs, (p) => (p.keptFraction > 0 ? Math.log(p.keptFraction) : Number.NaN));
    for (const p of bandsOnGrid(cs, FIELDS, gridOver(cs, count))) {
      const r = row(g, 0, p.runs, p.bands);
      r.keptFraction = Math.exp(p.x);
      out.push(r);
    }
  }
  return out;
}
