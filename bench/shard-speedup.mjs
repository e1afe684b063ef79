#!/usr/bin/env node
// Sharded vs unsharded sweep on one machine, each shard pinned to its own core — the stand-in for
// N machines (issue #15: two 1-core shards must finish ≥ 1.8× faster than one 1-core sweep).
//  1. unsharded: `taskset -c 0 vb-cli sweep --jobs 1 …` (wall time);
//  2. sharded:   `taskset -c 0 vb-cli sweep --shard 1/2 --jobs 1 …` and `taskset -c 1 … --shard 2/2`
//     at the same time, into one folder, then `vb-cli merge` (wall time of the slower shard, and
//     with the merge);
//  3. the merged table.md, table.csv and curves.csv must be byte-identical to the unsharded ones.
// Prints a table and writes bench/results/shard-<date>.json.
//
// Usage: node bench/shard-speedup.mjs [--data pit2015:…] [--vectors …] [--no-write] [--keep] [-- extra sweep options]
// Defaults: PIT-2015 with its GloVe file from ../shared/data (VB_SHARED_DATA), the default sweep.
// Needs Linux `taskset` (util-linux), 2 cores, and a built vb-cli.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../packages/cli/bin/vb-cli.js');
const SHARED = process.env.VB_SHARED_DATA ?? path.resolve(here, '../../shared/data');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const extra = dash >= 0 ? argv.slice(dash + 1) : [];
const opt = (name, fallback) => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 ? own[i + 1] : fallback;
};
const data = opt('data', `pit2015:${path.join(SHARED, 'pit2015')}`);
const vectors = opt(
  'vectors',
  data.startsWith('pit2015:') ? path.join(SHARED, 'glove', 'glove.6B.100d.pit2015.txt') : undefined,
);
const write = !own.includes('--no-write');
if (os.cpus().length < 2 || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) {
  console.error('needs 2 cores and taskset (util-linux)');
  process.exit(2);
}

const env = { ...process.env, FORCE_COLOR: '0' };
for (const k of Object.keys(env)) if (/^(SLURM_ARRAY_|JOB_COMPLETION_INDEX|VB_SHARD_)/.test(k)) delete env[k];
const sweepArgs = (out) => [
  'sweep',
  '--data',
  data,
  ...(vectors ? ['--vectors', vectors] : []),
  '--out',
  out,
  '--jobs',
  '1',
  '--quiet',
  ...extra,
];

/** Runs `vb-cli …` pinned to `core`; resolves with its wall time in seconds. */
function timed(core, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('taskset', ['-c', String(core), process.execPath, BIN, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`vb-cli ${args.join(' ')} failed (${code}):\n${stderr}`));
      else resolve((performance.now() - t0) / 1000);
    });
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-shard-'));
console.log(
  `data ${data}, vectors ${vectors ?? '(none)'}; sweep options: ${extra.join(' ') || '(defaults)'}; in ${root}`,
);
console.log('1. unsharded sweep on core 0 …');
const unsharded = await timed(0, [...sweepArgs(path.join(root, 'unsharded')), '--shard', 'off']);
console.log(`   ${unsharded.toFixed(1)} s`);
console.log('2. two shards at once, on cores 0 and 1 …');
const shared = path.join(root, 'sharded');
const t0 = performance.now();
const shards = await Promise.all([
  timed(0, [...sweepArgs(shared), '--shard', '1/2']),
  timed(1, [...sweepArgs(shared), '--shard', '2/2']),
]);
const shardWall = (performance.now() - t0) / 1000;
const merge = await timed(0, ['merge', shared, '--out', shared, '--quiet']);
console.log(`   shards ${shards.map((s) => s.toFixed(1)).join(' s, ')} s; merge ${merge.toFixed(1)} s`);

const identical = {};
for (const f of ['table.md', 'table.csv', 'curves.csv'])
  identical[f] = fs
    .readFileSync(path.join(root, 'unsharded', f))
    .equals(fs.readFileSync(path.join(shared, f)));
const runs = fs.readdirSync(path.join(shared, 'runs')).length;
const speedup = unsharded / shardWall;
const withMerge = unsharded / (shardWall + merge);
const rows = [
  ['unsharded, 1 core', `${unsharded.toFixed(1)} s`, '1.00×'],
  ['2 shards, 1 core each', `${shardWall.toFixed(1)} s`, `${speedup.toFixed(2)}×`],
  ['2 shards + merge', `${(shardWall + merge).toFixed(1)} s`, `${withMerge.toFixed(2)}×`],
];
console.log(`\n| ${['', 'wall time', 'speed-up'].join(' | ')} |\n| --- | ---: | ---: |`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `\n${runs} runs; shard balance ${shards.map((s) => s.toFixed(1)).join(' / ')} s; goal ≥ 1.8×: ${speedup >= 1.8 ? 'met' : 'NOT met'}; merged tables byte-identical: ${Object.entries(
    identical,
  )
    .map(([f, same]) => `${f} ${same ? 'yes' : 'NO'}`)
    .join(', ')}`,
);
if (write) {
  const date = new Date().toISOString().slice(0, 10);
  const file = path.join(here, 'results', `shard-${date}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = {
    benchmark: 'shard-speedup',
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      loadAverageAtEnd: os.loadavg(),
    },
    settings: { data, vectors, extra, jobsPerProcess: 1 },
    runs,
    seconds: { unsharded, shards, shardWall, merge },
    speedup,
    speedupWithMerge: withMerge,
    goal: { speedup: 1.8, met: speedup >= 1.8 },
    identical,
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), file)}`);
}
if (own.includes('--keep')) console.log(`kept ${root}`);
else fs.rmSync(root, { recursive: true, force: true });
if (!Object.values(identical).every(Boolean)) process.exit(1);
