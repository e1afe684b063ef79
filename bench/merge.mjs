#!/usr/bin/env node
// How long `vb-cli merge` takes over 1,000 run files (goal: < 10 s; see bench/README.md).
// 1. A small real sweep (one seed, every row, --tune off) gives one run file per row as templates.
// 2. From them, synthetic run files of a sweep with S seeds are written — 4 classic baselines
//    (one run each) + 6 RNN rows × S seeds = --runs files (1,000 by default: S = 166) — split
//    between two shard folders, with the settings (seeds 1…S) every run file carries.
// 3. `vb-cli merge shard-a shard-b --out merged --quiet` is timed (wall clock, --repeat times).
//
// Usage: node bench/merge.mjs [--runs 1000] [--repeat 3] [--epochs 5] [--thresholds 20] [--keep]
// Expects a built vb-cli (cd packages/cli && npx tsc -p .).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../packages/cli/bin/vb-cli.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg('runs', '1000'));
const repeat = Number(arg('repeat', '3'));
const epochs = arg('epochs', '5');
const thresholds = arg('thresholds', '20');
const BASELINES = 4;
const RNN_ROWS = 6;
if (!Number.isInteger(runs) || runs < BASELINES + RNN_ROWS || (runs - BASELINES) % RNN_ROWS !== 0) {
  console.error(`--runs must be 4 + 6·S (S seeds), e.g. 1000`);
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

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-merge-'));
const template = path.join(root, 'template');
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
const shards = ['shard-a', 'shard-b'].map((d) => path.join(root, d));
for (const d of shards) fs.mkdirSync(path.join(d, 'runs'), { recursive: true });
let written = 0;
let bytes = 0;
for (const t of files) {
  const rnn = t.result.row.startsWith('RNN');
  for (const seed of rnn ? seedList : [1]) {
    const id = t.result.id.replace(/\.seed\d+$/, `.seed${seed}`);
    const file = {
      fingerprint: t.fingerprint,
      result: { ...t.result, id, seed },
      sweep: { ...t.sweep, settings: { ...t.sweep.settings, seeds: seedList } },
    };
    const text = JSON.stringify(file);
    bytes += text.length;
    fs.writeFileSync(path.join(shards[written % 2], 'runs', `${id}.json`), text);
    written++;
  }
}
console.log(`${written} synthetic run files (${(bytes / 1e6).toFixed(1)} MB) in two shard folders`);

const times = [];
for (let i = 0; i < repeat; i++) {
  const merged = path.join(root, `merged-${i}`);
  const t0 = performance.now();
  vb(['merge', ...shards, '--out', merged, '--quiet']);
  times.push((performance.now() - t0) / 1000);
  const results = JSON.parse(fs.readFileSync(path.join(merged, 'results.json'), 'utf8'));
  if (results.runs.length !== runs) throw new Error(`merged ${results.runs.length} runs, expected ${runs}`);
  if (i === 0)
    console.log(
      `merge stages (s): ${Object.entries(results.stages)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  `vb-cli merge of ${runs} run files: median ${median.toFixed(2)} s, best ${sorted[0].toFixed(2)} s over ${repeat} (goal < 10 s: ${median < 10 ? 'met' : 'NOT met'})`,
);
if (process.argv.includes('--keep')) console.log(`kept ${root}`);
else fs.rmSync(root, { recursive: true, force: true });
