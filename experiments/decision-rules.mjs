// Two decision rules tried on validation for docs/RESULTS.md ("What did not work"), seed 1:
//  1. pooled protocol: macro-F1 of argmax vs class-balanced decisions (argmax of p(y)/π(y), π =
//     training class frequencies) for the plain RNN and the variational rows;
//  2. official protocol with overlap features: the validation-optimal threshold on P(paraphrase)
//     and what it gives on test, against the default 0.5.
// Run after `npm run build`:  node experiments/decision-rules.mjs [path/to/shared/data]
import { evaluate, fit, predictSet } from '@vb/core';
import { loadSweepData } from '../packages/cli/dist/sweep/load.js';
import { rnnFitOptions } from '../packages/cli/dist/sweep/run.js';
import { RNN_DEFAULTS } from '../packages/cli/dist/sweep/settings.js';

const shared = process.argv[2] ?? process.env.VB_SHARED_DATA ?? '../shared/data';
const load = (protocol, pairFeatures) =>
  loadSweepData(`pit2015:${shared}/pit2015`, {
    vectors: `${shared}/glove/glove.6B.100d.pit2015.txt`,
    protocol,
    pairFeatures,
    split: [0.7, 0.15, 0.15],
    splitSeed: 2015,
  });

function balanced(p, k, weights) {
  const q = new Float32Array(p.length);
  for (let i = 0; i < p.length / k; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += q[i * k + c] = p[i * k + c] * weights[c];
    for (let c = 0; c < k; c++) q[i * k + c] /= s;
  }
  return q;
}

async function train(data, family, klWeight) {
  return (await fit(data.train, rnnFitOptions(data, { ...RNN_DEFAULTS, klWeight }, family, 1))).trainer;
}

console.log('pooled protocol, validation macro-F1: argmax vs class-balanced decisions');
for (const pairFeatures of ['none', 'overlap']) {
  const data = await load('pooled', pairFeatures);
  const k = data.classes;
  const prior = new Array(k).fill(0);
  for (const y of data.train.labels) prior[y] += 1 / data.train.size;
  const inverse = prior.map((x) => 1 / x);
  for (const [family, klWeight] of [['none', 1], ['diagonal', 1], ['diagonal', 0.3], ['diagonal', 0.1], ['isotropic', 0.3]]) {
    const t = await train(data, family, klWeight);
    const p = predictSet(t, data.validation);
    const o = { classes: k, ...data.scoring };
    const argmax = evaluate(p, data.validation.labels, o).macroF1;
    const bal = evaluate(balanced(p, k, inverse), data.validation.labels, o).macroF1;
    console.log(`  ${pairFeatures.padEnd(8)} ${family.padEnd(10)} κ=${String(klWeight).padEnd(4)} argmax ${argmax.toFixed(3)}  balanced ${bal.toFixed(3)}`);
    t.free();
  }
}

console.log('official protocol + overlap: threshold on P(paraphrase) chosen on validation');
const official = await load('official', 'overlap');
const f1At = (p, labels, th) => {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const yes = p[i * 2 + 1] >= th;
    if (yes && labels[i] === 1) tp++;
    else if (yes) fp++;
    else if (labels[i] === 1) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn);
};
for (const family of ['diagonal', 'isotropic']) {
  const t = await train(official, family, 0.3);
  const pv = predictSet(t, official.validation);
  let best = 0.5, bestF1 = -1;
  for (let i = 2; i <= 38; i++) {
    const th = i * 0.025;
    const f = f1At(pv, official.validation.labels, th);
    if (f > bestF1) [best, bestF1] = [th, f];
  }
  const pt = predictSet(t, official.test);
  console.log(`  ${family.padEnd(10)} best validation threshold ${best.toFixed(3)} (val F1 ${bestF1.toFixed(3)}); test F1 at it ${f1At(pt, official.test.labels, best).toFixed(3)}, at 0.5 ${f1At(pt, official.test.labels, 0.5).toFixed(3)}`);
  t.free();
}
