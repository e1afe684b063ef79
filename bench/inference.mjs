#!/usr/bin/env node
// Inference benchmark: a pruned model as a masked dense network vs the same model compacted (dead
// hidden units and input dimensions physically removed, see @vb/core compactModel). One model is
// trained with the sweep's settings (default: the (D, G) row at κ = 1 on the built-in planted-
// teacher task), pruned at the τ chosen on validation (sparsest point within 0.01 macro-F1), then
// both networks predict the test split (posterior means) repeatedly; the table shows pairs/s
// (median of --repeat), the speed-up, the model file sizes (with word vectors and without), and
// checks that the two predict the same probabilities. Results: bench/results/<date>-inference.json.
//
// Usage (after npm run build): node bench/inference.mjs [--data builtin | pit2015:DIR | msrp:DIR]
//   [--vectors FILE] [--prior group|diagonal|logUniform|isotropic] [--kl-weight 1] [--seed 1]
//   [--repeat 5] [--seconds 1] [--no-write] [--out file.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compactModel,
  encodeModel,
  evaluate,
  fit,
  importance,
  keepMask,
  modelFromTrainer,
  predictSet,
  trainerFromModel,
} from '@vb/core';
import { loadSweepData } from '../packages/cli/dist/sweep/load.js';
import { rnnFitOptions, validatedPruningPoint } from '../packages/cli/dist/sweep/run.js';
import { defaultSettings } from '../packages/cli/dist/sweep/settings.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const DATA = opt('data', 'builtin');
const PRIOR = opt('prior', 'group');
const KAPPA = Number(opt('kl-weight', '1'));
const SEED = Number(opt('seed', '1'));
const REPEAT = Number(opt('repeat', '5'));
const SECONDS = Number(opt('seconds', '1'));
const WRITE = !argv.includes('--no-write');

const settings = defaultSettings();
const data = await loadSweepData(DATA, {
  vectors: opt('vectors', undefined),
  protocol: 'pooled',
  split: settings.split,
  splitSeed: settings.splitSeed,
});
const model = {
  family: 'diagonal',
  prior: PRIOR,
  stdParam: PRIOR === 'logUniform' ? 'logVariance' : 'softplus',
};
console.log(`inference benchmark — ${data.name}, (D, ${PRIOR}) at κ = ${KAPPA}, seed ${SEED}: training…`);
const { trainer } = await fit(
  data.train,
  rnnFitOptions(data, { ...settings.rnn, klWeight: KAPPA }, model, SEED),
);
const chosen = validatedPruningPoint(trainer, data, settings, 'snr');
const mask = keepMask(importance(trainer, 'snr'), chosen.threshold);
const extra = { vocabulary: data.vocabulary, embeddings: data.embeddings };
// Neither file counts the prior's variances (absent from pruned files): the ratio is compaction's.
const dense = { ...modelFromTrainer(trainer, extra), priorVariances: undefined };
const pruned = modelFromTrainer(trainer, { ...extra, mask });
const compact = compactModel(pruned);
const compactTrainer = trainerFromModel(compact);
const compactOptions = compact.mask ? { mask: compact.mask } : {};

// Same predictions (up to the order of floating-point sums).
const a = predictSet(trainer, data.test, { mask });
const b = predictSet(compactTrainer, data.test, compactOptions);
let maxDiff = 0;
for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
const f1 = (p) => evaluate(p, data.test.labels, { classes: data.classes, ...data.scoring }).macroF1;

function throughput(t, options) {
  const run = (seconds) => {
    const start = process.hrtime.bigint();
    let passes = 0;
    for (;;) {
      predictSet(t, data.test, options);
      passes++;
      const el = Number(process.hrtime.bigint() - start) / 1e9;
      if (el >= seconds && passes >= 3) return (passes * data.test.size) / el;
    }
  };
  run(0.2);
  return run(SECONDS);
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const denseRuns = [];
const compactRuns = [];
for (let r = 0; r < REPEAT; r++) {
  denseRuns.push(throughput(trainer, { mask }));
  compactRuns.push(throughput(compactTrainer, compactOptions));
}
const bytes = (m, embed) => encodeModel(m, { includeEmbeddings: embed }).length;
const rows = [
  {
    network: 'dense, masked',
    m: data.inputDim,
    n: trainer.config.hidden,
    pairsPerSec: median(denseRuns),
    fileBytes: bytes(dense, true),
    fileBytesNoVectors: bytes(dense, false),
  },
  {
    network: 'compacted',
    m: compact.config.inputDim,
    n: compact.config.hidden,
    pairsPerSec: median(compactRuns),
    fileBytes: bytes(compact, true),
    fileBytesNoVectors: bytes(compact, false),
  },
];
const speedup = rows[1].pairsPerSec / rows[0].pairsPerSec;
const smaller = rows[0].fileBytes / rows[1].fileBytes;
const pad = (s, w) => String(s).padEnd(w);
console.log(
  `pruned at τ = ${chosen.threshold.toPrecision(4)} (validation): ${(100 * (1 - chosen.keptFraction)).toFixed(1)}% of weights removed`,
);
console.log(
  `test macro-F1 masked ${f1(a).toFixed(4)}, compacted ${f1(b).toFixed(4)}; max |Δp| = ${maxDiff.toExponential(2)}\n`,
);
console.log(
  `| ${pad('network', 14)} | inputs m | hidden n | pairs/s (median) | file, with vectors | file, no vectors |`,
);
console.log(
  '|----------------|---------:|---------:|-----------------:|-------------------:|-----------------:|',
);
for (const r of rows) {
  console.log(
    `| ${pad(r.network, 14)} | ${pad(r.m, 8)} | ${pad(r.n, 8)} | ${pad(r.pairsPerSec.toFixed(0), 16)} | ${pad(r.fileBytes, 18)} | ${pad(r.fileBytesNoVectors, 16)} |`,
  );
}
console.log(
  `\ncompacted: ${speedup.toFixed(2)}× faster (target ≥ 5×: ${speedup >= 5 ? 'met' : 'missed'}), file ${smaller.toFixed(1)}× smaller (target ≥ 10×: ${smaller >= 10 ? 'met' : 'missed'})`,
);
if (WRITE) {
  const date = new Date().toISOString().slice(0, 10);
  const file = opt('out', null)
    ? path.resolve(opt('out'))
    : path.join(here, 'results', `${date}-inference.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = {
    date: new Date().toISOString(),
    data: data.name,
    model: { ...model, klWeight: KAPPA, seed: SEED, hidden: trainer.config.hidden },
    threshold: chosen.threshold,
    removedFraction: 1 - chosen.keptFraction,
    testMacroF1: { masked: f1(a), compacted: f1(b) },
    maxProbabilityDifference: maxDiff,
    settings: { repeat: REPEAT, seconds: SECONDS },
    rows,
    speedup,
    fileRatio: smaller,
    runs: { dense: denseRuns, compact: compactRuns },
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(path.resolve(here, '..'), file)}`);
}
trainer.free();
compactTrainer.free();
