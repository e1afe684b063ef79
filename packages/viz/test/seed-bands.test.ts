/**
 * Many seeds: the charts draw each model's mean ± std over seeds (computed before the spec is
 * built) instead of one line per seed; up to MAX_SEED_LINES seeds they stay as they were. The
 * expected means and standard deviations are computed here another way: from the closed form of
 * each seed's curve (linear in log τ, so interpolation is exact) and with Σx² − n·x̄².
 */
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  compileSpec,
  type EpochLike,
  GRID_POINTS,
  type LabelledHistory,
  type LabelledSweep,
  type RunCurve,
  sharedRange,
  bandsOnGrid,
  lambdaCurvesSpecs,
  MAX_SEED_LINES,
  overfittingSpec,
  renderSvg,
  seedBand,
  sparsityTradeoffSpec,
  sweepBands,
  sweepRows,
  trainingBands,
  trainingCurvesSpec,
  trainingRows,
  usesSeedBands,
  valueAt,
} from '../src/index.js';
import { fakeHistory, fakeSweep } from './fixtures.js';
import { countMarks } from './svg-marks.js';

type Json = Record<string, unknown>;
const obj = (x: unknown) => x as Json;
const values = (spec: unknown) => obj(obj(spec).data).values as Json[];

/** Mean and sample std the other way round: std² = (Σx² − n·x̄²) / (n − 1). */
function reference(xs: number[]): { mean: number; std: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return { mean, std: n > 1 ? Math.sqrt(Math.max(0, (squares - n * mean * mean) / (n - 1))) : 0 };
}

const STEPS = 15;
/** Seed s's thresholds: c_s · 1.4^i (i = 1…15), so no two seeds share a τ, as with quantile grids. */
const scale = (seed: number) => 0.01 * (1 + 0.13 * seed);
const lastTau = (seed: number) => scale(seed) * 1.4 ** STEPS;
/** Seed s's macro-F1 at τ > 0: a_s + b_s · ln τ (linear in log τ: interpolation is exact). */
const f1At = (seed: number, tau: number) => 0.4 + 0.01 * (seed % 5) + (-0.02 - 0.001 * seed) * Math.log(tau);
const unprunedF1 = (seed: number) => 0.45 + 0.003 * seed;

function linearSweep(model: string, seed: number, score: 'snr' | 'magnitude' = 'snr'): LabelledSweep {
  const points = [0, ...Array.from({ length: STEPS }, (_, i) => scale(seed) * 1.4 ** (i + 1))].map(
    (tau, i) => {
      const kept = 1000 - 60 * i;
      return {
        threshold: tau,
        kept,
        keptFraction: kept / 1000,
        metrics: {
          macroF1: tau === 0 ? unprunedF1(seed) : f1At(seed, tau),
          accuracy: 0.5,
          meanLogLikelihood: -1 - 0.01 * seed,
        },
      };
    },
  );
  return { model, seed, sweep: { score, total: 1000, points } };
}

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const many = (models = ['D, I', 'I, I']) => models.flatMap((m) => SEEDS.map((s) => linearSweep(m, s)));

describe('seed statistics', () => {
  it('seedBand: mean and sample std (n − 1), the band one std either side', () => {
    const xs = [0.31, 0.35, 0.29, 0.4, 0.33];
    const b = seedBand(xs);
    const r = reference(xs);
    expect(b.mean).toBeCloseTo(r.mean, 12);
    expect(b.std).toBeCloseTo(r.std, 12);
    expect(b.lo).toBeCloseTo(r.mean - r.std, 12);
    expect(b.hi).toBeCloseTo(r.mean + r.std, 12);
    expect(b.n).toBe(5);
    expect(seedBand([2])).toEqual({ mean: 2, std: 0, lo: 2, hi: 2, n: 1 });
  });

  it('valueAt: exact at points, linear between them, nothing outside or next to a gap', () => {
    const x = [0, 1, 3];
    expect(valueAt(x, [1, 3, 7], 1)).toBe(3);
    expect(valueAt(x, [1, 3, 7], 2)).toBeCloseTo(5, 12);
    expect(valueAt(x, [1, 3, 7], 3)).toBe(7);
    expect(valueAt(x, [1, 3, 7], -0.1)).toBeNull();
    expect(valueAt(x, [1, 3, 7], 3.1)).toBeNull();
    expect(valueAt(x, [1, null, 7], 0.5)).toBeNull();
  });

  it(`draws bands only past ${MAX_SEED_LINES} seeds of one model (its SNR and magnitude sweeps are one run)`, () => {
    const seeds = (n: number) =>
      Array.from({ length: n }, (_, i) => [
        { model: 'm', seed: i + 1 },
        { model: 'm', seed: i + 1 },
      ]).flat();
    expect(usesSeedBands(seeds(MAX_SEED_LINES))).toBe(false);
    expect(usesSeedBands(seeds(MAX_SEED_LINES + 1))).toBe(true);
    expect(usesSeedBands(seeds(3), { maxSeedLines: 2 })).toBe(true);
  });
});

describe('sweepBands: seeds on a common log-τ grid', () => {
  const rows = sweepBands(many(['D, I']));
  // The grid spans what at least half of the seeds reach: from the 6th smallest first τ (seed 6's)
  // to the 6th largest last τ (seed 7's) of the 12 seeds.
  const lo = scale(6) * 1.4;
  const hi = lastTau(7);
  const grid = Array.from({ length: GRID_POINTS }, (_, i) => lo * (hi / lo) ** (i / (GRID_POINTS - 1)));
  const reaching = (tau: number) =>
    SEEDS.filter((s) => tau >= scale(s) * 1.4 * (1 - 1e-12) && tau <= lastTau(s) * (1 + 1e-12));

  it('averages the unpruned network (τ = 0) over every seed', () => {
    const base = rows.filter((r) => r.threshold === 0);
    expect(base).toHaveLength(1);
    const r = reference(SEEDS.map(unprunedF1));
    expect(base[0]?.macroF1).toBeCloseTo(r.mean, 10);
    expect(base[0]?.macroF1Std).toBeCloseTo(r.std, 10);
    expect(base[0]?.runs).toBe(SEEDS.length);
  });

  it('gives mean ± std of the seeds whose range reaches each grid τ, over the range half of them reach', () => {
    const curve = rows.filter((r) => r.threshold > 0);
    const expected = grid.filter((tau) => reaching(tau).length >= SEEDS.length / 2);
    expect(expected).toHaveLength(GRID_POINTS); // the grid is where half of the seeds are
    expect(curve.map((r) => r.threshold)).toHaveLength(expected.length);
    for (const [i, row] of curve.entries()) {
      const tau = expected[i] as number;
      expect(row.threshold).toBeCloseTo(tau, 10);
      const seeds = reaching(tau);
      const r = reference(seeds.map((s) => f1At(s, tau)));
      expect(row.runs).toBe(seeds.length);
      expect(row.macroF1).toBeCloseTo(r.mean, 10);
      expect(row.macroF1Std).toBeCloseTo(r.std, 10);
      expect(row.macroF1Lo).toBeCloseTo(r.mean - r.std, 10);
      expect(row.macroF1Hi).toBeCloseTo(r.mean + r.std, 10);
    }
  });
});

describe('the half-of-the-seeds rule', () => {
  const flat = (lo: number, hi: number, y: number | null = 1): RunCurve<'v'> => ({
    x: [lo, hi],
    y: { v: [y, y] },
  });

  it('bandsOnGrid drops a value fewer than ⌈n/2⌉ of the runs reach (11 runs: 5 no, 6 yes)', () => {
    const curves = [
      ...Array.from({ length: 5 }, () => flat(0, 2)),
      ...Array.from({ length: 6 }, () => flat(0, 1)),
    ];
    const points = bandsOnGrid(curves, ['v'], [0.5, 1.5]);
    expect(points.map((p) => [p.x, p.runs])).toEqual([[0.5, 11]]);
    const six = bandsOnGrid([...curves, flat(0, 2)], ['v'], [0.5, 1.5]);
    expect(six.map((p) => [p.x, p.runs])).toEqual([
      [0.5, 12],
      [1.5, 6],
    ]);
  });

  it('a field most runs lack there (null, −∞) has no band, not the mean of the few', () => {
    const curves = [
      flat(0, 1, 5),
      ...Array.from({ length: 10 }, () => flat(0, 1, null)),
      flat(0, 1, -Infinity),
    ];
    const [p] = bandsOnGrid(curves, ['v'], [0.5]);
    expect(p?.runs).toBe(12);
    expect(p?.bands.v).toBeNull();
    const half = [
      ...Array.from({ length: 6 }, (_, i) => flat(0, 1, i)),
      ...Array.from({ length: 6 }, () => flat(0, 1, null)),
    ];
    expect(bandsOnGrid(half, ['v'], [0.5])[0]?.bands.v).toMatchObject({ n: 6, mean: 2.5 });
  });

  it('sharedRange: one seed with an unusual range does not spread the grid', () => {
    const curves = [...Array.from({ length: 11 }, () => flat(-3, 0)), flat(-12, 0.5)];
    expect(sharedRange(curves)).toEqual([-3, 0]);
    expect(sharedRange([flat(0, 1), flat(2, 3), flat(4, 5)])).toBeNull(); // no value two of three reach
    expect(sharedRange([])).toBeNull();
    // sweepBands: 11 seeds over [τ₁, τ₁₅] and one from 1e-12: every grid point is drawn.
    const odd = linearSweep('D, I', 12);
    odd.sweep.points[1] = { ...(odd.sweep.points[1] as (typeof odd.sweep.points)[number]), threshold: 1e-12 };
    const rows = sweepBands([...SEEDS.slice(0, 11).map((s) => linearSweep('D, I', s)), odd]);
    expect(rows.filter((r) => r.threshold > 0)).toHaveLength(GRID_POINTS);
  });

  it('trainingBands drops an epoch fewer than half of the runs reached, wherever it is', () => {
    const rows = Array.from({ length: 11 }, (_, s) => [1, 3, ...(s === 0 ? [2] : [])]).flatMap((epochs, s) =>
      epochs.map((epoch) => ({
        model: 'D, I',
        seed: s + 1,
        series: `D, I seed ${s + 1}`,
        panel: 'loss' as const,
        split: 'train' as const,
        epoch,
        value: epoch,
      })),
    );
    expect(trainingBands(rows as Parameters<typeof trainingBands>[0]).map((b) => [b.epoch, b.runs])).toEqual([
      [1, 11],
      [3, 11],
    ]);
  });
});

describe('charts of many seeds', () => {
  const sweeps = [...many(), ...SEEDS.map((s) => linearSweep('D, I', s, 'magnitude'))];

  it('λ charts: one row per (model, score) and grid point in the spec, a band and a mean line', async () => {
    const specs = lambdaCurvesSpecs(sweeps);
    const rows = values(specs.f1);
    const series = new Set(rows.map((r) => r.series));
    expect(series).toEqual(new Set(['D, I · snr', 'I, I · snr', 'D, I · magnitude']));
    // Per series: the unpruned mean and at most GRID_POINTS grid points — not seeds × points.
    expect(rows.length).toBeLessThanOrEqual(3 * (GRID_POINTS + 1));
    expect(rows.length).toBeLessThan(sweeps.length * 16);
    expect(rows.every((r) => r.seed === undefined)).toBe(true);
    const layers = obj(obj(specs.f1).spec).layer as Json[];
    expect(layers.map((l) => obj(l.mark).type)).toEqual(['area', 'line', 'rule']);
    expect(obj(obj(layers[0]?.encoding).y).field).toBe('macroF1Lo');
    expect(obj(obj(layers[0]?.encoding).y2).field).toBe('macroF1Hi');
    for (const spec of Object.values(specs)) expect(compileSpec(spec).warnings).toEqual([]);
    const warnings: string[] = [];
    const svg = await renderSvg(specs.f1, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(countMarks(svg, 'line')).toBe(3);
    expect(countMarks(svg, 'rule')).toBe(3);
    expect((svg.match(/class="mark-area role-mark/g) ?? []).length).toBeGreaterThan(0);
  });

  it('trade-off chart: mean ± std of F1 on a common grid of kept fractions', () => {
    const spec = obj(sparsityTradeoffSpec(sweeps));
    const rows = values(spec);
    expect(rows.length).toBeLessThanOrEqual(3 * GRID_POINTS);
    expect((spec.layer as Json[]).map((l) => obj(l.mark).type)).toEqual(['area', 'line']);
    // Every seed keeps the same fractions here; at kept = 100% (τ = 0) the mean is the unpruned one.
    const top = rows.find(
      (r) => r.series === 'D, I · snr' && Math.abs((r.keptFraction as number) - 1) < 1e-12,
    );
    expect(top?.macroF1).toBeCloseTo(reference(SEEDS.map(unprunedF1)).mean, 10);
    expect(compileSpec(spec as TopLevelSpec).warnings).toEqual([]);
  });

  it(`up to ${MAX_SEED_LINES} seeds: one line per seed, the same spec as before`, () => {
    const ten = sweeps.filter((s) => (s.seed as number) <= MAX_SEED_LINES);
    const specs = lambdaCurvesSpecs(ten);
    expect(values(specs.f1)).toEqual(sweepRows(ten));
    const layers = obj(obj(specs.f1).spec).layer as Json[];
    expect(layers.map((l) => obj(l.mark).type)).toEqual(['line', 'rule']);
    expect(obj(specs.tradeoff).mark).toEqual({ type: 'line' });
    // The same spec as with bands switched off altogether.
    expect(specs).toEqual(lambdaCurvesSpecs(ten, { maxSeedLines: Number.POSITIVE_INFINITY }));
    // And bands for the same runs when asked for at fewer seeds.
    expect(obj(lambdaCurvesSpecs(ten, { maxSeedLines: 2 }).f1).description).toContain(
      '± one standard deviation',
    );
  });
});

/** Seed s stops early at epoch 6 + s mod 4: three seeds each run 6, 7, 8 and 9 epochs. */
function stoppedEarly(model: string): LabelledHistory[] {
  return SEEDS.map((seed) => ({
    model,
    seed,
    history: fakeHistory(6 + (seed % 4), 0.01 * seed).map((e) => ({ ...e, kl: e.kl * (1 + seed / 50) })),
  }));
}

describe('trainingBands: epochs of runs that stop at different times', () => {
  const histories = stoppedEarly('D, I');
  const bands = trainingBands(trainingRows(histories));

  it('averages each epoch over the seeds that reached it, at the epochs half of them reached', () => {
    const nll = bands.filter((b) => b.panel === 'nll' && b.split === 'validation');
    // 12 seeds: 9 reach epoch 7, 6 reach epoch 8, 3 reach epoch 9 (fewer than half: not drawn).
    expect(nll.map((b) => b.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const b of nll) {
      const epochs: EpochLike[] = histories.flatMap((h) => h.history.filter((e) => e.epoch === b.epoch));
      const r = reference(epochs.map((e) => e.validation?.nll as number));
      expect(b.runs).toBe(epochs.length);
      expect(b.value).toBeCloseTo(r.mean, 12);
      expect(b.std).toBeCloseTo(r.std, 12);
    }
    expect(nll.find((b) => b.epoch === 8)?.runs).toBe(6);
  });

  it('training curves: one row per (model, panel, split, epoch), a band and a mean line per panel', () => {
    const spec = obj(trainingCurvesSpec([...histories, ...stoppedEarly('I, I')]));
    const rows = values(spec);
    // 2 models × (loss, NLL training, NLL validation, KL, σ²) × 8 epochs — not 24 runs × 9 epochs × 5.
    expect(rows).toHaveLength(2 * 5 * 8);
    for (const panel of spec.concat as Json[])
      expect((panel.layer as Json[]).map((l) => obj(l.mark).type)).toEqual(['area', 'line']);
    expect(compileSpec(spec as TopLevelSpec).warnings).toEqual([]);
  });

  it('overfitting check: mean ± std rows per (model, split, epoch), computed before the spec', () => {
    const spec = obj(overfittingSpec([...histories, ...stoppedEarly('I, I')]));
    const rows = values(spec);
    expect(rows).toHaveLength(2 * 2 * 8);
    const layers = obj(spec.spec).layer as Json[];
    expect(layers.map((l) => obj(l.mark).type)).toEqual(['area', 'line']);
    expect(compileSpec(spec as TopLevelSpec).warnings).toEqual([]);
  });

  it(`up to ${MAX_SEED_LINES} seeds: one line per seed, as before`, () => {
    const ten = histories.filter((h) => (h.seed as number) <= MAX_SEED_LINES);
    const spec = trainingCurvesSpec(ten);
    expect(values(spec)).toEqual(trainingRows(ten));
    expect(spec).toEqual(trainingCurvesSpec(ten, { maxSeedLines: Number.POSITIVE_INFINITY }));
    expect(overfittingSpec(ten)).toEqual(overfittingSpec(ten, { maxSeedLines: Number.POSITIVE_INFINITY }));
    expect(obj(obj(overfittingSpec(ten)).spec).layer).toHaveLength(2);
    expect(values(overfittingSpec(ten))).toHaveLength(
      trainingRows(ten).filter((r) => r.panel === 'nll').length,
    );
  });

  it('still builds one line per seed from a few fake sweeps', () => {
    expect(
      values(lambdaCurvesSpecs([{ model: 'm', seed: 1, sweep: fakeSweep('snr', 0.3) }]).f1),
    ).toHaveLength(12);
  });
});
