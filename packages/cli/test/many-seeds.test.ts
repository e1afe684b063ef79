/**
 * A sweep with more seeds per row than the figures draw as lines (11 > MAX_SEED_LINES), run as two
 * shards and merged: the figures and report.html draw each row's mean ± std over seeds (their specs
 * carry one row per model and point, not per run), with the numbers the runs in results.json give
 * when averaged here; results.json keeps every run, one per line. The same runs cut to 3 seeds
 * draw one line per seed, as before.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRID_POINTS, MAX_SEED_LINES } from '@vb/viz';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseResultsFile } from '../src/sweep/results-file.js';
import { tempDir, vb } from './cli.js';

const SEEDS = MAX_SEED_LINES + 1;
const PLAIN = 'RNN';
const DI = 'RNN + variational, D, I';
const TINY = [
  '--rows',
  `${PLAIN},${DI}`,
  '--seeds',
  String(SEEDS),
  '--tune',
  'off',
  '--kl-weights',
  '1',
  '--epochs',
  '2',
  '--hidden',
  '4',
  '--thresholds',
  '4',
  '--jobs',
  '2',
  '--quiet',
];

type Json = Record<string, unknown>;
type Spec = {
  title?: { text?: string } | string;
  data: { values: Json[] };
  spec?: Json;
  layer?: Json[];
} & Json;

/** The Vega-Lite specs embedded in report.html, by title. */
function reportSpecs(html: string): Map<string, Spec> {
  const specs = [
    ...html.matchAll(/<script type="application\/json" id="spec-fig-\d+">\n(.*?)\n<\/script>/gs),
  ].map((m) => JSON.parse(m[1] as string) as Spec);
  return new Map(specs.map((s) => [typeof s.title === 'string' ? s.title : (s.title?.text ?? ''), s]));
}

/** Every mark type of a spec (layers, facets and concatenations walked). */
function marks(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (o.mark) out.push(typeof o.mark === 'string' ? o.mark : ((o.mark as Json).type as string));
      for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
    }
  };
  walk(spec);
  return out;
}

/** Mean and sample std, as the test computes them (Σx² − n·x̄²). */
function meanStd(xs: number[]): { mean: number; std: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sq = xs.reduce((a, b) => a + b * b, 0);
  return { mean, std: Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))) };
}

interface Run {
  id: string;
  row: string;
  seed: number;
  history: Array<{ epoch: number; loss: number }>;
  sweeps: Record<string, { points: Array<{ threshold: number; metrics: { macroF1: number } }> }>;
}

describe(`merge of a sweep with ${SEEDS} seeds per row`, () => {
  const root = tempDir('vb-many-seeds-');
  const merged = join(root, 'merged');
  let results: { runs: Run[] } & Json;
  let text = '';
  let html = '';
  let specs = new Map<string, Spec>();

  beforeAll(() => {
    for (const shard of ['1/2', '2/2']) {
      const s = vb(['sweep', '--out', join(root, 's'), '--shard', shard, ...TINY]);
      expect(s.code, s.stderr).toBe(0);
    }
    const m = vb(['merge', join(root, 's'), '--out', merged, '--quiet']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toBe('');
    text = readFileSync(join(merged, 'results.json'), 'utf8');
    results = JSON.parse(text);
    html = readFileSync(join(merged, 'report.html'), 'utf8');
    specs = reportSpecs(html);
  }, 240_000);

  it('results.json holds every run, each on a line of its own, and vb-cli reads it back', () => {
    expect(results.runs).toHaveLength(2 * SEEDS);
    const lines = text.split('\n');
    // Each run is one line: the run itself, compact, then a comma (but the last).
    for (const run of results.runs)
      expect(lines.map((l) => l.replace(/,$/, ''))).toContain(JSON.stringify(run));
    expect(lines.filter((l) => l.startsWith('{"id":'))).toHaveLength(2 * SEEDS);
    expect(lines).toContain(' "format": "vb-sweep-results",');
    expect(parseResultsFile(text, 'results.json').runs).toHaveLength(2 * SEEDS);
  });

  it('λ charts: one line per (row, score), the mean over seeds with a ± std band', () => {
    const f1 = specs.get('F1 vs λ') as Spec;
    const values = f1.data.values;
    const series = new Set(values.map((v) => v.series));
    expect(series).toEqual(new Set([`${PLAIN} · magnitude`, `${DI} · snr`, `${DI} · magnitude`]));
    expect(values.length).toBeLessThanOrEqual(series.size * (GRID_POINTS + 1));
    expect(values.every((v) => v.seed === undefined)).toBe(true);
    expect(marks(f1)).toEqual(['area', 'line', 'rule']);
    // The unpruned rule of (D, I, SNR): mean ± std of the runs' τ = 0 macro-F1, computed here.
    const base = results.runs
      .filter((r) => r.row === DI)
      .map((r) => r.sweeps.snr?.points.find((p) => p.threshold === 0)?.metrics.macroF1 as number);
    expect(base).toHaveLength(SEEDS);
    const expected = meanStd(base);
    const rule = values.find((v) => v.series === `${DI} · snr` && v.threshold === 0) as Json;
    expect(rule.runs).toBe(SEEDS);
    expect(rule.macroF1 as number).toBeCloseTo(expected.mean, 12);
    expect(rule.macroF1Std as number).toBeCloseTo(expected.std, 12);
    expect(expected.std).toBeGreaterThan(0); // the seeds differ, so the band has a width
    const svg = readFileSync(join(merged, 'f1-vs-lambda.svg'), 'utf8');
    expect((svg.match(/class="mark-area role-mark/g) ?? []).length).toBeGreaterThan(0);
  });

  it('training curves and the overfitting check: one row per (row, panel, split, epoch), mean of the runs', () => {
    const training = specs.get('Training curves') as Spec;
    const values = training.data.values;
    // RNN: loss, NLL training and validation; (D, I) also KL and σ² — over 2 epochs, not 22 runs × 2.
    expect(values).toHaveLength((3 + 5) * 2);
    const loss = values.find((v) => v.model === PLAIN && v.panel === 'loss' && v.epoch === 1) as Json;
    const expected = meanStd(
      results.runs.filter((r) => r.row === PLAIN).map((r) => r.history[0]?.loss as number),
    );
    expect(loss.value as number).toBeCloseTo(expected.mean, 12);
    expect(loss.std as number).toBeCloseTo(expected.std, 12);
    expect(loss.runs).toBe(SEEDS);
    expect(marks(training).filter((m) => m === 'area')).toHaveLength(4);
    const overfitting = specs.get('Training vs validation NLL per pair (mean ± std over seeds)') as Spec;
    expect(marks(overfitting)).toEqual(['area', 'line']);
    expect(overfitting.data.values).toHaveLength(2 * 2 * 2);
  });

  it('report.html stays small and says what the figures show', () => {
    expect(html.length).toBeLessThan(2_000_000);
    expect(html).toContain(`With ${SEEDS} seeds per row (more than ${MAX_SEED_LINES}), one line per row`);
    expect(html).toContain('interpolated linearly in log τ onto');
    expect(html).toContain('an epoch fewer than half of its seeds reached is not drawn');
    expect(html).toContain('One seed per row: seed 1, the first.');
    expect(html).toContain(`<li>${DI} (${SEEDS} seeds, mean ± std):`);
  });

  it('vb-cli report redraws the same figures from the compact results.json', () => {
    const again = join(root, 'again');
    mkdirSync(again);
    writeFileSync(join(again, 'results.json'), text);
    const r = vb(['report', again, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['f1-vs-lambda.svg', 'training-curves.svg', 'overfitting.svg'])
      expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(merged, f), 'utf8'));
  });

  it('the same runs with 3 seeds per row: one line per seed, as before', () => {
    const few = join(root, 'few');
    mkdirSync(few);
    const cut = {
      ...results,
      runs: results.runs.filter((r) => r.seed <= 3),
      settings: { ...(results.settings as Json), seeds: [1, 2, 3] },
    };
    writeFileSync(join(few, 'results.json'), JSON.stringify(cut));
    const r = vb(['report', few, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const s = reportSpecs(readFileSync(join(few, 'report.html'), 'utf8'));
    const f1 = s.get('F1 vs λ') as Spec;
    const points = cut.runs.reduce(
      (n, run) => n + Object.values(run.sweeps).reduce((k, w) => k + w.points.length, 0),
      0,
    );
    expect(f1.data.values).toHaveLength(points);
    expect(new Set(f1.data.values.map((v) => v.seed))).toEqual(new Set(['1', '2', '3']));
    expect(marks(f1)).toEqual(['line', 'rule']);
    expect(marks(s.get('Training curves'))).not.toContain('area');
    expect(readFileSync(join(few, 'report.html'), 'utf8')).not.toContain('seeds per row (more than');
  });
});
