import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tempDir, vb, vbAsync } from './cli.js';

const CHROMIUM = process.env.VB_CHROMIUM ?? '/usr/bin/chromium';
const FAST = ['--tune', 'off', '--epochs', '3', '--hidden', '8', '--thresholds', '8', '--quiet'];

describe('vb-cli sweep (built-in data)', () => {
  const out = tempDir();
  const r = vb(['sweep', '--out', out, '--jobs', '2', ...FAST.filter((a) => a !== '--quiet')]);

  it('prints the table with all ten rows (the seed column only belongs to pooled PIT-2015)', () => {
    expect(r.code, r.stderr).toBe(0);
    for (const row of [
      'Logistic Regression',
      'SVC',
      'DecisionTreeClassifier',
      'KNeighborsClassifier',
      'RNN',
      'RNN + variational, I, I',
      'RNN + variational, D, I',
      'RNN + variational, D, D',
      'RNN + variational, D, G',
      'RNN + sparse VD, D, log-uniform',
    ]) {
      expect(r.stdout).toContain(`| ${row} |`);
    }
    expect(r.stdout).not.toContain('seed F1');
    // Rendering the figures warns about nothing (e.g. a ± std band over a single seed).
    expect(r.stderr).not.toContain('@vb/viz');
    expect(r.stdout).toMatch(
      /RNN \+ variational, D, I: SNR pruning ≥ magnitude pruning \(seed-mean macro-F1\) at \d+ of \d+ sparsity levels; mean difference [+-]\d\.\d{3}; by test log-likelihood at \d+ of \d+, mean [+-]\d+\.\d{3} nats\./,
    );
    // The structure table: units/inputs left by weight pruning and removable by structured pruning.
    expect(r.stdout).toContain(
      '| model | score | units left (weight pruning) | inputs left (weight pruning) | units removable | inputs removable |',
    );
    expect(r.stdout).toMatch(
      /\| RNN \+ variational, D, I \| SNR \| \d+ \/ 8 \| \d+ \/ 24 \| \d+ \/ 8 \| \d+ \/ 24 \|/,
    );
    expect(r.stdout).toMatch(/\| RNN \| magnitude \| \d+ \/ 8 \| \d+ \/ 24 \| \d+ \/ 8 \| \d+ \/ 24 \|/);
  });

  it('writes results.json with every run, the settings, versions and stage times', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.format).toBe('vb-sweep-results');
    expect(results.runs).toHaveLength(10);
    expect(results.table).toHaveLength(10);
    expect(results.tool.engine).toBe('wasm-simd128');
    for (const stage of ['data', 'runs', 'outputs', 'total'])
      expect(results.stages[stage]).toBeGreaterThanOrEqual(0);
    const dI = results.runs.find((x: { row: string }) => x.row === 'RNN + variational, D, I');
    expect(dI.history).toHaveLength(3);
    expect(dI.sweeps.snr.points.length).toBeGreaterThan(5);
    expect(dI.planted.recall).toBeGreaterThanOrEqual(0);
    // κ chosen per run on validation (default: NLL) among the default candidates; the kept model is the best one.
    expect(results.settings.selectBy).toBe('nll');
    expect(dI.klSelection.map((c: { klWeight: number }) => c.klWeight)).toEqual([1, 0.3, 0.1]);
    const bestNll = Math.min(...dI.klSelection.map((c: { validationNll: number }) => c.validationNll));
    expect(dI.klSelection.find((c: { klWeight: number }) => c.klWeight === dI.klWeight).validationNll).toBe(
      bestNll,
    );
    expect(-dI.validation.meanLogLikelihood).toBe(bestNll);
    expect(results.runs.find((x: { row: string }) => x.row === 'RNN').klSelection).toBeUndefined();
    expect(results.data.planted.usedInputs).toHaveLength(6);
    // Pruning with τ chosen on validation: a point of the test sweep, reported with its test change.
    const vp = dI.validatedPruning;
    expect(vp.score).toBe('snr');
    const at = dI.sweeps.snr.points.find((p: { threshold: number }) => p.threshold === vp.threshold);
    expect(at.keptFraction).toBe(vp.keptFraction);
    expect(vp.testDrop).toBeCloseTo(dI.test.macroF1 - at.metrics.macroF1, 12);
    expect(vp.testLogLikChange).toBeCloseTo(at.metrics.meanLogLikelihood - dI.test.meanLogLikelihood, 12);
    // The deployed network's live nodes and its compacted file.
    const dG = results.runs.find((x: { row: string }) => x.row === 'RNN + variational, D, G');
    expect(dG.validatedPruning.liveUnits.length).toBeLessThanOrEqual(8);
    expect(dG.validatedPruning.compactBytes).toBeLessThanOrEqual(dG.validatedPruning.denseBytes);
    expect(dG.groupVariances.inputs).toHaveLength(24);
    expect(dG.groupVariances.units).toHaveLength(8);
    expect(dG.planted.unitRecall).toBeGreaterThan(0);
    // Sparse VD also reports its own rule, log α > 3 ⇔ SNR < e^{−3/2}.
    const svd = results.runs.find((x: { row: string }) => x.row === 'RNN + sparse VD, D, log-uniform');
    expect(svd.logAlphaRule.threshold).toBeCloseTo(Math.exp(-1.5), 12);
    expect(svd.logAlphaRule.keptFraction).toBeGreaterThan(0);
    expect(dG.logAlphaRule).toBeUndefined();
    // The grid resolves the sparse end: a point keeping ≤ 0.5% of the weights.
    expect(
      Math.min(...dG.sweeps.snr.points.map((p: { keptFraction: number }) => p.keptFraction)),
    ).toBeLessThanOrEqual(0.005);
  });

  it('writes the tables and the curves', () => {
    const md = readFileSync(join(out, 'table.md'), 'utf8');
    // The main table (header + 10 rows), the validated-pruning, structure and overfitting tables
    // (header + 6 RNN rows each), sparse VD's rule (header + 1), the planted recovery (header +
    // 6 rows by τ + 5 variational rows by the evidence), the evidence's structure (header + 5) and
    // the κ selection (header + 5 variational rows × 3 candidates) and the model selection (header +
    // 6 RNN rows; without --tune no table of grid candidates).
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(11 + 7 + 2 + 12 + 6 + 7 + 7 + 16 + 7);
    for (const h of [
      '### Pruning with τ chosen on validation',
      '### Sparse VD’s own rule',
      '### Recovery of the planted structure',
      '### Structure',
      '### Overfitting check',
      '### KL weight κ chosen on validation',
    ]) {
      expect(md).toContain(h);
    }
    expect(md).toMatch(
      /RNN \+ variational, D, D \(SNR\) vs RNN \(magnitude\), ≥ 50% of weights removed: better or equal test log-likelihood at \d+ of \d+ levels/,
    );
    expect(md).toMatch(
      /\| RNN \+ variational, D, G \| evidence \(mean λ² ≥ 1\) \| \d\.\d\d \| \d\.\d\d \| \d+\.\d \| \d\.\d\d \| \d\.\d\d \|/,
    );
    const csv = readFileSync(join(out, 'table.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(11);
    const curves = readFileSync(join(out, 'curves.csv'), 'utf8').trim().split('\n');
    expect(curves[0]).toContain('kept_fraction');
    expect(curves.length).toBeGreaterThan(20);
  });

  it('--resume reuses finished runs and recomputes only the missing ones', () => {
    rmSync(join(out, 'runs', 'svc.seed1.json'));
    const again = vb([
      'sweep',
      '--out',
      out,
      '--resume',
      '--jobs',
      '1',
      ...FAST.filter((a) => a !== '--quiet'),
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('--resume: 9 of 10 runs already finished');
    expect(again.stderr).toContain('[start] SVC (seed 1)');
    expect(again.stderr).not.toContain('[start] RNN (seed 1)');
    expect(existsSync(join(out, 'runs', 'svc.seed1.json'))).toBe(true);
  });

  it('never leaves a half-written results.json when killed, and resumes afterwards', async () => {
    const dir = tempDir();
    const child = vbAsync(['sweep', '--out', dir, '--jobs', '1', ...FAST]);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const runs = existsSync(join(dir, 'runs'))
          ? readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json'))
          : [];
        if (runs.length >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
    for (const f of readdirSync(join(dir, 'runs'))) {
      if (f.endsWith('.json'))
        expect(() => JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8'))).not.toThrow();
    }
    const resumed = vb(['sweep', '--out', dir, '--resume', '--jobs', '2', ...FAST]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).runs).toHaveLength(10);
  });

  it('takes one KL weight or a list, and refuses a bad list', () => {
    const dir = tempDir();
    const one = vb([
      'sweep',
      '--out',
      dir,
      '--rows',
      'RNN + variational, I, I',
      '--kl-weights',
      '0.5',
      '--kl-warmup',
      '0',
      ...FAST,
    ]);
    expect(one.code, one.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).runs[0];
    expect(run.klWeight).toBe(0.5);
    expect(run.history.at(-1).klWeight).toBe(0.5);
    const bad = vb(['sweep', '--kl-weights', '1,,0.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--kl-weights <list>' argument '1,,0.1' is invalid");
  });

  it('repeats rows over seeds and reports mean ± std', () => {
    const dir = tempDir();
    const s = vb(['sweep', '--out', dir, '--seeds', '2', '--rows', 'RNN,KNeighborsClassifier', ...FAST]);
    expect(s.code, s.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    // The deterministic baselines run once; the RNN once per seed.
    expect(results.runs).toHaveLength(3);
    expect(results.table.find((t: { row: string }) => t.row === 'RNN').macroF1.n).toBe(2);
    expect(results.table.find((t: { row: string }) => t.row === 'KNeighborsClassifier').macroF1.n).toBe(1);
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toMatch(/\| RNN \| \d\.\d{3} ± \d\.\d{3} \|/);
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toMatch(
      /\| RNN \| magnitude \| \d+\.\d ± \d+\.\d \/ 8 \|/,
    );
  });
});

describe('vb-cli sweep: one sweep per output folder', () => {
  const ONE = ['--rows', 'SVC', '--quiet'];

  it("refuses a folder holding another sweep's results unless --resume or --force", () => {
    const dir = tempDir();
    expect(vb(['sweep', '--out', dir, ...ONE]).code).toBe(0);
    const again = vb(['sweep', '--out', dir, ...ONE]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `--out ${dir} holds another sweep's results (results.json, 1 run file); use --resume to continue it or --force to replace it`,
    );
    writeFileSync(join(dir, 'extra.svg'), '<svg/>');
    const forced = vb(['sweep', '--out', dir, '--rows', 'KNeighborsClassifier', '--quiet', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(
      JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).runs.map((r: { row: string }) => r.row),
    ).toEqual(['KNeighborsClassifier']);
    expect(existsSync(join(dir, 'runs', 'svc.seed1.json'))).toBe(false);
    expect(existsSync(join(dir, 'extra.svg'))).toBe(false);
    expect(existsSync(join(dir, '.vb-sweep.lock'))).toBe(false);
  });

  it('refuses while another sweep holds the folder, and takes over the lock of a dead one', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, '.vb-sweep.lock');
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const busy = vb(['sweep', '--out', dir, ...ONE]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(
      `another vb-cli sweep holds .vb-sweep.lock (pid ${process.pid} on ${hostname()}, since 2026-01-01T00:00:00Z)`,
    );
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
    writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 31 - 2, host: hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const stale = vb(['sweep', '--out', dir, '--rows', 'SVC']);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stderr).toContain('taking over the lock of a sweep that is gone');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('vb-cli sweep --tune (model selection over the grid)', () => {
  const out = tempDir();
  const grid = ['--grid-encoders', 'rnn/last,gru/mean,lstm/max', '--grid-hidden', '8', '--grid-epochs', '4'];
  const rows = ['--rows', 'RNN,RNN + variational, D, G', '--kl-weights', '1,0.1', '--thresholds', '6'];
  const r = vb(['sweep', '--out', out, '--jobs', '2', ...grid, ...rows, '--quiet']);

  it('trains every candidate, keeps the one with the best validation NLL and records all of them', () => {
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.settings.tune).toBe('on');
    expect(results.settings.grid.encoders).toHaveLength(3);
    const dG = results.runs.find((x: { row: string }) => x.row === 'RNN + variational, D, G');
    const sel = dG.selection;
    // 3 encoders × 2 κ, each with its validation scores, training ELBO and (recorded only) test scores.
    expect(sel.candidates).toHaveLength(6);
    for (const c of sel.candidates) {
      expect(c.validationNll).toBeGreaterThan(0);
      expect(c.trainElbo).toBeLessThan(0);
      expect(c.epoch).toBeGreaterThanOrEqual(1);
      expect(c.epoch).toBeLessThanOrEqual(4);
    }
    const nlls = sel.candidates.map((c: { validationNll: number }) => c.validationNll);
    expect(sel.chosen).toBe(nlls.indexOf(Math.min(...nlls)));
    expect(sel.byValidationNll).toBe(sel.chosen);
    const elbos = sel.candidates.map((c: { trainElbo: number }) => c.trainElbo);
    expect(sel.byElbo).toBe(elbos.indexOf(Math.max(...elbos)));
    expect(sel.elboVsValidation).toBeGreaterThanOrEqual(-1);
    expect(sel.elboVsValidation).toBeLessThanOrEqual(1);
    // The kept model is the chosen candidate: its encoder and its validation NLL.
    const best = sel.candidates[sel.chosen];
    expect(dG.encoder).toEqual({ cell: best.cell, readout: best.readout, hidden: 8, learningRate: 0.01 });
    expect(-dG.validation.meanLogLikelihood).toBeCloseTo(best.validationNll, 12);
    expect(dG.klWeight).toBe(best.klWeight);
    // The plain RNN: one κ, no ELBO.
    const plain = results.runs.find((x: { row: string }) => x.row === 'RNN');
    expect(plain.selection.candidates).toHaveLength(3);
    expect(plain.selection.byElbo).toBeUndefined();
    const md = readFileSync(join(out, 'table.md'), 'utf8');
    expect(md).toContain('### Model selection');
    expect(md).toContain('### Every candidate of the grid');
    expect(md).toMatch(/\| RNN \+ variational, D, G \| gru\/mean n=8 lr=0\.01 κ=0\.1 \| \d\.\d{3} \|/);
  });

  it('--select-by elbo keeps the candidate with the best training ELBO (variational rows)', () => {
    const dir = tempDir();
    const e = vb(['sweep', '--out', dir, ...grid, ...rows, '--select-by', 'elbo', '--quiet']);
    expect(e.code, e.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const dG = results.runs.find((x: { row: string }) => x.row === 'RNN + variational, D, G');
    expect(dG.selection.selectBy).toBe('elbo');
    expect(dG.selection.chosen).toBe(dG.selection.byElbo);
    // The plain RNN has no ELBO: it falls back to validation NLL.
    const plain = results.runs.find((x: { row: string }) => x.row === 'RNN');
    expect(plain.selection.chosen).toBe(plain.selection.byValidationNll);
  });

  it('refuses fixed-encoder options while tuning, and bad grid values, with exit code 2', () => {
    const a = vb(['sweep', '--cell', 'gru', '--out', tempDir()]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--cell sets a fixed encoder/optimisation setting, but --tune is on');
    const b = vb(['sweep', '--grid-encoders', 'gru/avg', '--out', tempDir()]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('got "gru/avg"');
    const c = vb(['sweep', '--grid-hidden', '16,0', '--out', tempDir()]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('positive integers');
  });
});

describe('vb-cli sweep: bad input', () => {
  it('names an unknown option, dataset format or row and exits 2 (usage errors)', () => {
    const a = vb(['sweep', '--bogus']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("unknown option '--bogus'");
    const b = vb(['sweep', '--data', 'mnist:foo', '--out', tempDir()]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--data mnist:foo: unknown format "mnist"');
    const c = vb(['sweep', '--rows', 'RNN,Random Forest', '--out', tempDir()]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('--rows: unknown row at "Random Forest"');
    const d = vb(['sweep', '--hidden', '-3']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("option '--hidden <n>' argument '-3' is invalid");
  });
});

describe('vb-cli report', () => {
  it('writes the three λ-curves, training curves and a report that plot what they say', () => {
    const out = tempDir();
    const s = vb(['sweep', '--out', out, '--rows', 'RNN,RNN + variational, D, I', ...FAST]);
    expect(s.code, s.stderr).toBe(0);
    const svg = (f: string) => readFileSync(join(out, f), 'utf8');
    expect(svg('parameters-vs-lambda.svg')).toContain('<svg');
    expect(svg('parameters-vs-lambda.svg')).toMatch(/kept|Kept|parameters|Parameters/);
    expect(svg('f1-vs-lambda.svg')).toMatch(/F1/);
    expect(svg('likelihood-vs-lambda.svg')).toMatch(/likelihood/i);
    expect(svg('training-curves.svg')).toMatch(/NLL/);
    expect(svg('overfitting.svg')).toMatch(/validation/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('RNN + variational, D, I');
    rmSync(join(out, 'report.html'));
    rmSync(join(out, 'f1-vs-lambda.svg'));
    const r = vb(['report', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toContain('report.html');
    expect(existsSync(join(out, 'f1-vs-lambda.svg'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(html);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'report.html opens in headless Chromium without errors or requests',
    async () => {
      const out = tempDir();
      expect(vb(['sweep', '--out', out, '--rows', 'RNN + variational, I, I,SVC', ...FAST]).code).toBe(0);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
        await page.goto(pathToFileURL(join(out, 'report.html')).href);
        expect(problems, problems.join('\n')).toEqual([]);
        expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(6);
        expect(await page.textContent('body')).toContain('RNN + variational, I, I');
      } finally {
        await browser.close();
      }
    },
  );

  it('names the run and field of a damaged results.json instead of throwing a TypeError', () => {
    const out = tempDir();
    expect(vb(['sweep', '--out', out, '--rows', 'SVC', '--quiet']).code).toBe(0);
    const path = join(out, 'results.json');
    const results = JSON.parse(readFileSync(path, 'utf8'));
    results.runs[0].test.macroF1 = null;
    writeFileSync(path, JSON.stringify(results));
    const r = vb(['report', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'results.json: runs[0] (svc.seed1): test.macroF1 is null, not a finite number',
    );
    expect(r.stderr).not.toContain('TypeError');
  });

  it('refuses a folder without results.json', () => {
    const r = vb(['report', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*results\.json: ENOENT/);
  });
});
