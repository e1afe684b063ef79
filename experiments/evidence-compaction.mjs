// Compaction by the structure the evidence keeps (docs/RESULTS.md, Part I "Compaction"): train a
// row at κ = 1 exactly as `vb-cli sweep` does (same settings and seeds, so the same models), then
// remove every node (input dimension, hidden unit) whose outgoing weights have mean λ² < 1
// (`liveByEvidence`) — on top of the SNR pruning at the τ chosen on validation — compact, and
// report validation and test macro-F1 / log-likelihood changes, the kept structure, the model file
// sizes (with the word vectors) and the prediction throughput of the dense and compacted networks.
// Run after `npm run build`:
//   node experiments/evidence-compaction.mjs [pit2015-pooled|pit2015-official|msrp|builtin] [row prior] [seeds]
// e.g. node experiments/evidence-compaction.mjs pit2015-pooled diagonal 5
import {
  compactModel,
  encodeModel,
  evaluate,
  fit,
  importance,
  keepMask,
  liveByEvidence,
  modelFromTrainer,
  predictSet,
  trainerFromModel,
} from '@vb/core';
import { loadSweepData } from '../packages/cli/dist/sweep/load.js';
import { rnnFitOptions, validatedPruningPoint } from '../packages/cli/dist/sweep/run.js';
import { defaultSettings } from '../packages/cli/dist/sweep/settings.js';

const [which = 'pit2015-pooled', prior = 'diagonal', seedsArg = '5'] = process.argv.slice(2);
const shared = process.env.VB_SHARED_DATA ?? '../shared/data';
const settings = defaultSettings();
const specs = {
  'pit2015-pooled': [`pit2015:${shared}/pit2015`, `${shared}/glove/glove.6B.100d.pit2015.txt`, 'pooled'],
  'pit2015-official': [`pit2015:${shared}/pit2015`, `${shared}/glove/glove.6B.100d.pit2015.txt`, 'official'],
  msrp: [`msrp:${shared}/msrp`, `${shared}/glove/glove.6B.100d.msrp.txt`, 'pooled'],
  builtin: ['builtin', undefined, 'pooled'],
};
const [spec, vectors, protocol] = specs[which];
const data = await loadSweepData(spec, { vectors, protocol, split: settings.split, splitSeed: settings.splitSeed });
const model = { family: 'diagonal', prior, stdParam: prior === 'logUniform' ? 'logVariance' : 'softplus' };
const scoring = { classes: data.classes, ...data.scoring };
const metrics = (t, set, mask) => evaluate(predictSet(t, set, mask ? { mask } : {}), set.labels, scoring);
const rate = (t, mask) => {
  const start = performance.now();
  let passes = 0;
  while (performance.now() - start < 1000 || passes < 3) {
    predictSet(t, data.test, mask ? { mask } : {});
    passes++;
  }
  return (passes * data.test.size) / ((performance.now() - start) / 1000);
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = [];
for (let seed = 1; seed <= Number(seedsArg); seed++) {
  const { trainer } = await fit(data.train, rnnFitOptions(data, { ...settings.rnn, klWeight: 1 }, model, seed));
  const lambda = importance(trainer, 'snr');
  const tau = validatedPruningPoint(trainer, data, settings, 'snr').threshold;
  const mask = keepMask(lambda, tau);
  const live = liveByEvidence(lambda, trainer.tensors());
  const { W, U, V } = Object.fromEntries(trainer.tensors().map((t) => [t.name, t]));
  const n = W.cols;
  const deadUnit = new Set([...Array(n).keys()].filter((j) => !live.units.includes(j)));
  const deadInput = new Set([...Array(W.rows).keys()].filter((i) => !live.inputs.includes(i)));
  // Remove what dead nodes send: their rows of W (inputs), of U and of V (units).
  for (const i of deadInput) for (let j = 0; j < n; j++) mask[W.offset + i * n + j] = 0;
  for (const j of deadUnit) {
    for (let c = 0; c < n; c++) mask[U.offset + j * n + c] = 0;
    for (const r of [j, n + j]) for (let c = 0; c < V.cols; c++) mask[V.offset + r * V.cols + c] = 0;
  }
  const extra = { vocabulary: data.vocabulary, embeddings: data.embeddings };
  const dense = { ...modelFromTrainer(trainer, extra), priorVariances: undefined }; // as in the sweep
  const small = compactModel(modelFromTrainer(trainer, { ...extra, mask }));
  const compact = trainerFromModel(small);
  const smallMask = small.mask;
  const base = { val: metrics(trainer, data.validation), test: metrics(trainer, data.test) };
  const cut = { val: metrics(compact, data.validation, smallMask), test: metrics(compact, data.test, smallMask) };
  rows.push({
    seed,
    removed: 1 - mask.reduce((a, b) => a + b, 0) / mask.length,
    units: small.config.hidden,
    inputs: small.config.inputDim,
    valF1: cut.val.macroF1 - base.val.macroF1,
    testF1: cut.test.macroF1 - base.test.macroF1,
    testLL: cut.test.meanLogLikelihood - base.test.meanLogLikelihood,
    fileRatio: encodeModel(dense).length / encodeModel(small).length,
    speedup: rate(compact, smallMask) / rate(trainer, null),
  });
  console.log(JSON.stringify(rows.at(-1)));
  trainer.free();
  compact.free();
}
const f = (k, d = 3) => mean(rows.map((r) => r[k])).toFixed(d);
console.log(
  `\n${which}, (D, ${prior}) at κ = 1, ${rows.length} seeds: ${(100 * f('removed', 4)).toFixed(1)}% of weights removed, ${f('units', 1)} units × ${f('inputs', 1)} inputs left; ` +
    `macro-F1 change validation ${f('valF1')}, test ${f('testF1')}; test log-lik change ${f('testLL')}; file ${f('fileRatio', 1)}× smaller; inference ${f('speedup', 1)}× faster`,
);
