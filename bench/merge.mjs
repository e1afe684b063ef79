#!/usr/bin/env node
// How long `vb-cli merge` takes over 1,000 run files (goal: < 10 s; see bench/README.md).
// 1. A small real sweep (one seed, every row, --tune off) gives one run file per row as templates.
// 2. From them, synthetic run files of a sweep with S seeds are written — 4 classic baselines
//    (one run each) + 6 RNN rows × S seeds = --runs files (1,000 by default: S = 166) — split
//    between two shard folders, with the settings (seeds 1…S) every run file carries.
// 3. `vb-cli merge shard-a shard-b --out merged --quiet` is timed (wall clock, --repeat times), with
//    the stage times it records in results.json (merge = read + check the run files, outputs = the
//    tables and CSVs, figures = the SVGs and report.html; the rest of the wall time is Node's start
//    and writing results.json, which comes last) and the sizes of what it writes.
// The table shows each repeat and the median; results go to bench/results/merge-<date>.json.
//
// Usage: node bench/merge.mjs [--runs 1000] [--repeat 3] [--epochs 5] [--thresholds 20] [--keep]
//                             [--no-write] [--out file.json]
// Expects a built vb-cli (npm run build, or: npm run build -w @vb/viz && npm run build -w vb-cli).
// VB_BENCH_CLI (a vb-cli.js) measures another build, e.g. an older commit's, in place of this tree's.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const benchEnv = { ...process.env };
const BIN = path.resolve(benchEnv.VB_BENCH_CLI ?? path.join(root, 'packages/cli/bin/vb-cli.js'));
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`--${name} needs a value`);
    process.exit(2);
  }
  return value;
};
const runs = Number(arg('runs', '1000'));
const repeat = Number(arg('repeat', '3'));
const epochs = arg('epochs', '5');
const thresholds = arg('thresholds', '20');
const WRITE = !argv.includes('--no-write');
const OUT = arg('out', null); // results file (default bench/results/merge-<date>.json)
const GOAL_SECONDS = 10;
const BASELINES = 4;
const RNN_ROWS = 6;
if (!Number.isInteger(runs) || runs < BASELINES + RNN_ROWS || (runs - BASELINES) % RNN_ROWS !== 0) {
  console.error(`--runs must be 4 + 6·S (S seeds), e.g. 1000`);
  process.exit(2);
}
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error('--repeat must be a positive integer');
  process.exit(2);
}
const seeds = (runs - BASELINES) / RNN_ROWS;

const env = { ...process.env, FORCE_COLOR: '0' };
for (const k of ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'VB_SHARD_INDEX', 'VB_SHARD_COUNT'])
  delete env[k];
const vb = (args) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.error(`vb-cli ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  return r;
};

function machineInfo() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name) => (cpuinfo.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm')) || [])[1];
  return {
    cpu: field('model name') ?? os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverageAtStart: os.loadavg(),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

const machine = machineInfo();
console.log(`vb-cli merge benchmark — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`);
if (machine.loadAverageAtStart[0] > 0.5)
  console.log(
    `note: load average ${machine.loadAverageAtStart[0].toFixed(2)} at the start (other jobs running)`,
  );

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-merge-'));
const template = path.join(tmp, 'template');
console.log(`template sweep (1 seed, --epochs ${epochs}, --thresholds ${thresholds}) in ${template} …`);
vb([
  'sweep',
  '--out',
  template,
  '--tune',
  'off',
  '--epochs',
  epochs,
  '--hidden',
  '8',
  '--thresholds',
  thresholds,
  '--seeds',
  '1',
  '--jobs',
  String(Math.max(1, Math.min(4, os.cpus().length))),
  '--quiet',
]);

const files = fs
  .readdirSync(path.join(template, 'runs'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(template, 'runs', f), 'utf8')));
const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
/** A seed's own numbers, so that the figures' averaging over seeds has real work to do: its
 * pruning thresholds scaled by up to ±5% (seeds share no τ, as real quantile grids), its F1 and
 * log-likelihood along the sweep shifted by up to ±0.02, its training losses by up to ±2%. */
function vary(result, seed) {
  if (seed === 1) return result;
  const u = (k) => (((seed * 2654435761 + k * 40503) >>> 0) % 1000) / 500 - 1; // in [−1, 1)
  const sweep = (sw) =>
    sw && {
      ...sw,
      points: sw.points.map((p) => ({
        ...p,
        threshold: p.threshold * (1 + 0.05 * u(1)),
        metrics: {
          ...p.metrics,
          macroF1: p.metrics.macroF1 + 0.02 * u(2),
          meanLogLikelihood: p.metrics.meanLogLikelihood + 0.02 * u(3),
        },
      })),
    };
  return {
    ...result,
    ...(result.sweeps
      ? {
          sweeps: {
            ...result.sweeps,
            snr: sweep(result.sweeps.snr),
            magnitude: sweep(result.sweeps.magnitude),
          },
        }
      : {}),
    ...(result.history
      ? {
          history: result.history.map((e) => ({
            ...e,
            loss: e.loss * (1 + 0.02 * u(4)),
            nll: e.nll * (1 + 0.02 * u(5)),
          })),
        }
      : {}),
  };
}
const shards = ['shard-a', 'shard-b'].map((d) => path.join(tmp, d));
for (const d of shards) fs.mkdirSync(path.join(d, 'runs'), { recursive: true });
let written = 0;
let bytes = 0;
for (const t of files) {
  const rnn = t.result.row.startsWith('RNN');
  for (const seed of rnn ? seedList : [1]) {
    const id = t.result.id.replace(/\.seed\d+$/, `.seed${seed}`);
    const file = {
      fingerprint: t.fingerprint,
      result: { ...vary(t.result, seed), id, seed },
      sweep: { ...t.sweep, settings: { ...t.sweep.settings, seeds: seedList } },
    };
    const text = JSON.stringify(file);
    bytes += text.length;
    fs.writeFileSync(path.join(shards[written % 2], 'runs', `${id}.json`), text);
    written++;
  }
}
console.log(`${written} synthetic run files (${(bytes / 1e6).toFixed(1)} MB) in two shard folders`);

const repeats = [];
let sizes = {};
for (let i = 0; i < repeat; i++) {
  const merged = path.join(tmp, `merged-${i}`);
  const t0 = performance.now();
  vb(['merge', ...shards, '--out', merged, '--quiet']);
  const wall = (performance.now() - t0) / 1000;
  const results = JSON.parse(fs.readFileSync(path.join(merged, 'results.json'), 'utf8'));
  if (results.runs.length !== runs) throw new Error(`merged ${results.runs.length} runs, expected ${runs}`);
  const stages = results.stages;
  repeats.push({
    repeat: i,
    wall,
    stages: { merge: stages.merge, outputs: stages.outputs, figures: stages.figures, total: stages.total },
    // Node's start and results.json (written after the stages are taken).
    rest: wall - stages.total,
  });
  if (i === 0)
    sizes = Object.fromEntries(
      fs
        .readdirSync(merged)
        .filter((f) => fs.statSync(path.join(merged, f)).isFile())
        .sort()
        .map((f) => [f, fs.statSync(path.join(merged, f)).size]),
    );
  process.stdout.write(`  repeat ${i + 1}/${repeat}: ${wall.toFixed(2)} s\n`);
}

const columns = ['merge', 'outputs', 'figures', 'rest'];
const at = (r, c) => (c === 'rest' ? r.rest : r.stages[c]);
const summary = {
  wall: median(repeats.map((r) => r.wall)),
  best: Math.min(...repeats.map((r) => r.wall)),
  ...Object.fromEntries(columns.map((c) => [c, median(repeats.map((r) => at(r, c)))])),
};
const goalMet = summary.wall < GOAL_SECONDS;

const f = (x) => x.toFixed(2);
const head = [
  'repeat',
  'merge (read + check)',
  'outputs (tables)',
  'figures + report',
  'start + results.json',
  'wall',
];
const body = [
  ...repeats.map((r) => [String(r.repeat + 1), ...columns.map((c) => f(at(r, c))), f(r.wall)]),
  ['median', ...columns.map((c) => f(summary[c])), f(summary.wall)],
];
const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
const line = (cells) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(`\nseconds, ${runs} run files (${seeds} seeds per RNN row):`);
console.log(line(head));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of body) console.log(line(r));
const mb = (n) => `${(n / 1e6).toFixed(n < 1e6 ? 2 : 1)} MB`;
console.log(
  `\noutputs: ${Object.entries(sizes)
    .map(([k, v]) => `${k} ${mb(v)}`)
    .join(', ')}`,
);
console.log(
  `vb-cli merge of ${runs} run files: median ${f(summary.wall)} s, best ${f(summary.best)} s over ${repeat} (goal < ${GOAL_SECONDS} s: ${goalMet ? 'met' : 'NOT met'})`,
);

if (WRITE) {
  const date = new Date().toISOString().slice(0, 10);
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = OUT ? path.resolve(OUT) : path.join(dir, `merge-${date}.json`);
  const out = {
    date: new Date().toISOString(),
    // Other jobs on the machine show here (the measurements swing with them).
    machine: { ...machine, loadAverageAtEnd: os.loadavg() },
    cli: path.relative(root, BIN),
    settings: {
      runs,
      seeds,
      repeat,
      epochs: Number(epochs),
      thresholds: Number(thresholds),
      runFileBytes: bytes,
    },
    goal: { seconds: GOAL_SECONDS, met: goalMet },
    median: summary,
    repeats,
    sizes,
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, file)}`);
}
if (argv.includes('--keep')) console.log(`kept ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
