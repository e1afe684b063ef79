#!/usr/bin/env node
// The vb throughput benchmark (see bench/README.md): one training step of the standard workload —
// B = 32 pairs, T = 20 tokens per sentence, m = 50, n = 64, K = 6, diagonal posterior, Adam —
// at S = 1 and S = 4 posterior samples, for each recurrent cell (--cells: the tanh RNN, the GRU and
// the LSTM), measured for
//   (a) the WASM-SIMD engine in this Node process (1 thread),
//   (b) the same Rust engine compiled natively (crates/vb-kernels/examples/bench_native.rs),
//   (c) a PyTorch CPU implementation of the same step (bench/torch_step.py, 1 thread; the gated
//       cells through PyTorch's fused nn.GRU / nn.LSTM kernels).
// Runs are interleaved and repeated (--repeat, default 3); the table shows the median and the best
// of the repeats, and the ratios use the medians; pairs/CPU-s divides by the process's CPU time
// instead (less sensitive to other jobs on a shared machine). Results go to bench/results/<date>.json.
//
// Usage: node bench/run.mjs [--repeat 3] [--seconds 2] [--warmup 0.5] [--samples 1,4]
//                           [--cells rnn,gru,lstm] [--only wasm,native,torch] [--no-write] [--out file.json]
// Expects an up-to-date WASM build (npm run bench builds it first). VB_PYTHON picks the Python;
// VB_BENCH_WASM_DIR (a wasm-pack output folder) and VB_BENCH_NATIVE_BIN (a built bench_native)
// measure other builds, e.g. an older commit's, in place of this tree's (the tanh RNN rows pass
// no cell option, so builds from before the gated cells still measure them).

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// This script's own settings (it is no turbo task, so they do not belong in turbo.json).
const benchEnv = { ...process.env };
const root = path.resolve(here, '..');

// ---- arguments -------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const REPEAT = Number(opt('repeat', '3'));
const SECONDS = Number(opt('seconds', '2'));
const WARMUP = Number(opt('warmup', '0.5'));
const SAMPLES = opt('samples', '1,4').split(',').map(Number);
const ONLY = opt('only', 'wasm,native,torch').split(',');
// Gates G per cell: W is m × Gn, U is n × Gn. The WASM/PyTorch target of the issue per cell.
const GATES = { rnn: 1, gru: 3, lstm: 4 };
const TARGET = { rnn: 1.5, gru: 1.2, lstm: 1.2 };
const CELLS = opt('cells', 'rnn,gru,lstm').split(',');
for (const c of CELLS) if (!(c in GATES)) throw new Error(`--cells: unknown cell ${c} (rnn, gru, lstm)`);
const WRITE = !argv.includes('--no-write');
const OUT = opt('out', null); // results file (default bench/results/<date>.json)
const W = {
  pairs: 32,
  len: 20,
  input: 50,
  hidden: 64,
  classes: 6,
  vocab: 10_000,
  batches: 8,
  trainSize: 10_000,
};
// FLOPs per pair per sample (the matrix products): 2T(4mGn + 6nGn) + 12nK, = rnn::flops_per_pair.
const flopsOf = (cell) => {
  const gn = GATES[cell] * W.hidden;
  return 2 * W.len * (4 * W.input * gn + 6 * W.hidden * gn) + 12 * W.hidden * W.classes;
};
const FLOPS = flopsOf('rnn'); // the tanh RNN's, as before the gated cells
const commonArgs = [
  '--samples',
  SAMPLES.join(','),
  '--pairs',
  W.pairs,
  '--len',
  W.len,
  '--input',
  W.input,
  '--hidden',
  W.hidden,
  '--classes',
  W.classes,
  '--seconds',
  SECONDS,
  '--warmup',
  WARMUP,
].map(String);

// ---- (a) WASM in this process ----------------------------------------------------------------
let wasm = null;
async function loadWasm() {
  const dir = benchEnv.VB_BENCH_WASM_DIR
    ? path.resolve(benchEnv.VB_BENCH_WASM_DIR)
    : path.join(root, 'packages/core/wasm');
  const mod = await import(path.join(dir, 'vb_wasm.js'));
  mod.initSync({ module: fs.readFileSync(path.join(dir, 'vb_wasm_bg.wasm')) });
  return mod;
}

function workload() {
  // mulberry32 + Box–Muller: a fixed, cheap data set (the step's cost does not depend on values).
  let s = 2024 >>> 0;
  const u32 = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => (u32() + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const embeddings = new Float32Array(W.vocab * W.input).map(() => 0.1 * normal());
  const rows = 2 * W.pairs;
  const batches = [];
  for (let i = 0; i < W.batches; i++) {
    batches.push({
      tokens: new Uint32Array(rows * W.len).map(() => u32() % W.vocab),
      lengths: new Uint32Array(rows).fill(W.len),
      labels: new Uint32Array(W.pairs).map(() => u32() % W.classes),
    });
  }
  return { embeddings, batches };
}

function benchWasm(samples, data, cell) {
  const config = {
    // The tanh RNN is the default cell; leaving it out keeps builds from before `cell` usable.
    ...(cell === 'rnn' ? {} : { cell }),
    inputDim: W.input,
    hidden: W.hidden,
    classes: W.classes,
    family: 'diagonal',
    samples,
    trainSize: W.trainSize,
    optimizer: 'adam',
    learningRate: 1e-3,
    seed: 1,
  };
  const trainer = new wasm.Trainer(config, data.embeddings);
  const NO_FEATURES = new Float32Array(0); // the benchmark model reads no pair features
  const run = (minSeconds) => {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let steps = 0;
    for (;;) {
      const b = data.batches[steps % W.batches];
      trainer.step(b.tokens, b.lengths, NO_FEATURES, b.labels);
      steps++;
      const el = Number(process.hrtime.bigint() - start) / 1e9;
      if (el >= minSeconds && steps >= 5) {
        const cpu = process.cpuUsage(cpuStart);
        return { steps, seconds: el, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      }
    }
  };
  run(WARMUP);
  const { steps, seconds, cpuSeconds } = run(SECONDS);
  trainer.free();
  const pairsPerSec = (steps * W.pairs) / seconds;
  return {
    impl: 'wasm',
    simd: wasm.simdPath(),
    cell,
    samples,
    steps,
    seconds,
    pairsPerSec,
    msPerStep: (1e3 * seconds) / steps,
    cpuSeconds,
    pairsPerCpuSec: (steps * W.pairs) / cpuSeconds,
  };
}

// ---- (b) native Rust ---------------------------------------------------------------------------
const cargoEnv = { ...process.env, PATH: `${os.homedir()}/.cargo/bin:${process.env.PATH}` };
const nativeBin = benchEnv.VB_BENCH_NATIVE_BIN; // a prebuilt bench_native (to compare builds)
function buildNative() {
  if (nativeBin) return;
  execFileSync('cargo', ['build', '--release', '-q', '-p', 'vb-kernels', '--example', 'bench_native'], {
    cwd: root,
    env: cargoEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
function benchNative(cell) {
  // The tanh RNN is the default cell; no option for it keeps builds from before `--cell` usable.
  const benchArgs = [...commonArgs, ...(cell === 'rnn' ? [] : ['--cell', cell])];
  const [cmd, args] = nativeBin
    ? [nativeBin, benchArgs]
    : ['cargo', ['run', '--release', '-q', '-p', 'vb-kernels', '--example', 'bench_native', '--', ...benchArgs]];
  const out = execFileSync(cmd, args, {
    cwd: root,
    env: cargoEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return parseLines(out).map((x) => ({ ...x, cell }));
}

// ---- (c) PyTorch -----------------------------------------------------------------------------
function findPython() {
  const candidates = [benchEnv.VB_PYTHON, 'python3', '/usr/bin/python3', 'python'].filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python: py, torch: r.stdout.trim() };
  }
  const any = candidates.find((py) => spawnSync(py, ['--version']).status === 0);
  return { python: any ?? null, torch: null };
}
function benchTorch(py, cell) {
  const skipped = (why) => SAMPLES.map((samples) => ({ impl: 'pytorch', cell, samples, skipped: why }));
  if (!py.python) return skipped('no python3 found');
  if (!py.torch) return skipped(`torch not importable from ${py.python}`);
  // torch.set_num_threads(1) does not reach a BLAS that torch was built against as "generic"
  // (Debian's torch + OpenBLAS): without these, OpenBLAS runs its own second thread.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const r = spawnSync(py.python, [path.join(here, 'torch_step.py'), ...commonArgs, '--cell', cell], {
    encoding: 'utf8',
    env,
  });
  if (r.status !== 0) return skipped(`torch_step.py failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  return parseLines(r.stdout);
}

function parseLines(text) {
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
}

// ---- machine info ------------------------------------------------------------------------------
function machineInfo(py) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name) => (cpuinfo.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm')) || [])[1];
  let rustc = null;
  try {
    rustc = execFileSync('rustc', ['--version'], { env: cargoEnv, encoding: 'utf8' }).trim();
  } catch {}
  return {
    cpu: field('model name') ?? os.cpus()[0]?.model,
    cpuFamily: field('cpu family'),
    cpuModel: field('model'),
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    v8: process.versions.v8,
    rustc,
    python: py.python,
    torch: py.torch,
    loadAverageAtStart: os.loadavg(),
  };
}

// ---- main ----------------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

const py = ONLY.includes('torch') ? findPython() : { python: null, torch: null };
const machine = machineInfo(py);
console.log(
  `vb benchmark — ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, torch ${machine.torch ?? 'n/a'}`,
);
if (machine.loadAverageAtStart[0] > 0.5)
  console.log(`note: load average ${machine.loadAverageAtStart[0].toFixed(2)} at the start (other jobs running)`);
const FLOPS_BY_CELL = Object.fromEntries(CELLS.map((c) => [c, flopsOf(c)]));
console.log(
  `workload: B=${W.pairs} T=${W.len} m=${W.input} n=${W.hidden} K=${W.classes}, diagonal, Adam; ` +
    `${REPEAT} repeats × ≥${SECONDS}s`,
);
const flopsList = CELLS.map((c) => `${c} (G=${GATES[c]}) ${FLOPS_BY_CELL[c]}`);
console.log(`F = 2T(4mGn + 6nGn) + 12nK FLOP/pair/sample: ${flopsList.join(', ')}`);

if (ONLY.includes('wasm')) wasm = await loadWasm();
if (ONLY.includes('native')) buildNative();
const data = wasm ? workload() : null;
// The engine's own count (rnn::flops_per_pair, with G) must agree with this script's.
if (wasm?.flopsPerPair)
  for (const c of CELLS) {
    const engine = wasm.flopsPerPair(W.input, W.hidden, W.classes, W.len, ...(c === 'rnn' ? [] : [c]));
    if (engine !== FLOPS_BY_CELL[c])
      throw new Error(`FLOPs of ${c}: the engine counts ${engine}, bench/run.mjs ${FLOPS_BY_CELL[c]}`);
  }

const runs = []; // every measurement
for (let r = 0; r < REPEAT; r++) {
  for (const cell of CELLS) {
    if (wasm) for (const s of SAMPLES) runs.push({ repeat: r, ...benchWasm(s, data, cell) });
    if (ONLY.includes('native')) for (const x of benchNative(cell)) runs.push({ repeat: r, ...x });
    if (ONLY.includes('torch')) for (const x of benchTorch(py, cell)) runs.push({ repeat: r, ...x });
  }
  process.stdout.write(`  repeat ${r + 1}/${REPEAT} done\n`);
}

const CELL_NAME = { gru: 'GRU', lstm: 'LSTM' };
const impls = [
  ['wasm', () => 'vb WASM-SIMD (Node, 1 thread)'],
  ['native', () => 'vb native Rust (1 thread)'],
  ['pytorch', (cell) => (cell === 'rnn' ? 'PyTorch CPU (1 thread)' : `PyTorch CPU (1 thread, nn.${CELL_NAME[cell]})`)],
];
const rows = [];
for (const cell of CELLS) {
  const flops = FLOPS_BY_CELL[cell];
  for (const [key, labelOf] of impls) {
    const label = labelOf(cell);
    for (const s of SAMPLES) {
      const mine = runs.filter((x) => x.impl === key && x.cell === cell && x.samples === s);
      if (mine.length === 0) continue;
      const ok = mine.filter((x) => !x.skipped);
      if (ok.length === 0) {
        rows.push({ impl: key, label, cell, samples: s, skipped: mine[0].skipped });
        continue;
      }
      const pps = ok.map((x) => x.pairsPerSec);
      const med = median(pps);
      const best = Math.max(...pps);
      const cpu = ok.map((x) => x.pairsPerCpuSec).filter((x) => x > 0);
      rows.push({
        impl: key,
        label,
        cell,
        samples: s,
        runs: pps.length,
        pairsPerSec: med,
        pairsPerSecBest: best,
        gflops: (med * s * flops) / 1e9,
        gflopsBest: (best * s * flops) / 1e9,
        msPerStep: (1e3 * W.pairs) / med,
        pairsPerCpuSec: cpu.length ? median(cpu) : null,
      });
    }
  }
}
const find = (impl, cell, s) =>
  rows.find((x) => x.impl === impl && x.cell === cell && x.samples === s && !x.skipped);
for (const row of rows) {
  const w = find('wasm', row.cell, row.samples);
  const t = find('pytorch', row.cell, row.samples);
  const n = find('native', row.cell, row.samples);
  const isWasm = row.impl === 'wasm';
  row.wasmOverTorch = isWasm && w && t ? w.pairsPerSec / t.pairsPerSec : null;
  row.wasmOverNative = isWasm && w && n ? w.pairsPerSec / n.pairsPerSec : null;
  if (isWasm) {
    row.wasmOverTorchTarget = TARGET[row.cell];
    row.wasmOverTorchTargetMet = row.wasmOverTorch == null ? null : row.wasmOverTorch >= TARGET[row.cell];
  }
}

const f = (x, d = 0) => (x == null ? '—' : x.toFixed(d));
const header = [
  'cell',
  'implementation',
  'S',
  'pairs/s (median)',
  'pairs/s (best)',
  'GFLOP/s',
  'ms/step',
  'pairs/CPU-s',
  'WASM/PyTorch',
  'WASM/native',
];
const table = rows.map((r) =>
  r.skipped
    ? [r.cell, r.label, String(r.samples), `skipped (${r.skipped})`, '', '', '', '', '', '']
    : [
        r.cell,
        r.label,
        String(r.samples),
        f(r.pairsPerSec),
        f(r.pairsPerSecBest),
        f(r.gflops, 2),
        f(r.msPerStep, 3),
        f(r.pairsPerCpuSec),
        r.impl === 'wasm' ? f(r.wasmOverTorch, 2) : '',
        r.impl === 'wasm' ? f(r.wasmOverNative, 2) : '',
      ],
);
const printTable = (head, body) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log();
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) console.log(line(r));
};
printTable(header, table);

// Per cell and S: pairs/s `median (best)` of each implementation and the WASM/PyTorch ratio.
const mb = (r) => (r ? `${f(r.pairsPerSec)} (${f(r.pairsPerSecBest)})` : '—');
const summary = [];
for (const cell of CELLS)
  for (const s of SAMPLES) {
    const w = find('wasm', cell, s);
    const ratio = w?.wasmOverTorch;
    summary.push([
      cell,
      String(s),
      mb(w),
      mb(find('native', cell, s)),
      mb(find('pytorch', cell, s)),
      f(ratio, 2),
      `≥ ${TARGET[cell]}${ratio == null ? '' : ratio >= TARGET[cell] ? ' met' : ' missed'}`,
    ]);
  }
printTable(['cell', 'S', 'WASM pairs/s', 'native pairs/s', 'PyTorch pairs/s', 'WASM/PyTorch', 'target'], summary);

for (const cell of CELLS)
  for (const s of SAMPLES) {
    const w = find('wasm', cell, s);
    if (!w) continue;
    const notes = [];
    const met = (ok) => (ok ? 'met' : 'missed');
    const ratio = w.wasmOverTorch;
    if (ratio != null)
      notes.push(`WASM/PyTorch ${ratio.toFixed(2)}× (target ≥ ${TARGET[cell]}×: ${met(ratio >= TARGET[cell])})`);
    if (w.wasmOverNative != null)
      notes.push(
        `native/WASM ${(1 / w.wasmOverNative).toFixed(2)}× (target ≤ 1.5×: ${met(1 / w.wasmOverNative <= 1.5)})`,
      );
    if (notes.length) console.log(`${cell} S=${s}: ${notes.join('; ')}`);
  }

if (WRITE) {
  const date = new Date().toISOString().slice(0, 10);
  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = OUT ? path.resolve(OUT) : path.join(dir, `${date}.json`);
  const builds = {
    wasm: benchEnv.VB_BENCH_WASM_DIR ?? 'packages/core/wasm',
    native: nativeBin ?? 'cargo example bench_native',
  };
  const out = {
    date: new Date().toISOString(),
    // Other jobs on the machine show here (the measurements swing with them).
    machine: { ...machine, loadAverageAtEnd: os.loadavg() },
    builds,
    workload: {
      ...W,
      flopsPerPairPerSample: FLOPS,
      flopsPerPairPerSampleByCell: FLOPS_BY_CELL,
      family: 'diagonal',
      optimizer: 'adam',
    },
    settings: { repeat: REPEAT, seconds: SECONDS, warmup: WARMUP, samples: SAMPLES, cells: CELLS },
    targets: { wasmOverTorch: TARGET, nativeOverWasm: 1.5 },
    rows,
    runs,
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(root, file)}`);
}
