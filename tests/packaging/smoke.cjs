/**
 * CommonJS consumer: require('@vb/core') and require('@vb/core/node') load synchronously (Node's
 * require of an ES module, on every Node the `engines` field allows); @vb/viz is loaded with
 * import() (Vega has a top-level await, which require() cannot load).
 */
'use strict';
const assert = require('node:assert/strict');
const core = require('@vb/core');
const coreNode = require('@vb/core/node');

assert.equal(core.simdPath(), 'wasm-simd128');
assert.equal(typeof coreNode.writeFileAtomic, 'function');

async function main() {
  const esm = await import('@vb/core');
  assert.equal(esm.Trainer, core.Trainer, 'require() and import() give the same @vb/core instance');
  const { renderSvg, trainingCurvesSpec } = await import('@vb/viz');
  const history = [1, 2].map((epoch) => ({ epoch, loss: 1 / epoch, nll: 1 / epoch, kl: 0.1, priorVariance: 0.5 }));
  const svg = await renderSvg(trainingCurvesSpec([{ model: 'RNN', history }]), { onWarning: () => {} });
  assert.match(svg, /^<svg/);
  console.log(`CJS: require('@vb/core'), require('@vb/core/node'), import('@vb/viz') work; SVG ${svg.length} chars`);
}
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
