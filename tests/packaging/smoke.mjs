/** ESM consumer: every entry point of the three packages loads; @vb/viz renders an SVG offline. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as core from '@vb/core';
import * as coreNode from '@vb/core/node';
import { renderSvg, trainingCurvesSpec } from '@vb/viz';

assert.equal(core.simdPath(), 'wasm-simd128');
assert.equal(typeof coreNode.readDataset, 'function');
// One module instance whichever way it is loaded: require() of @vb/core is the ES module itself
// (no second copy of the engine, `instanceof` holds across both).
const require = createRequire(import.meta.url);
assert.equal(require('@vb/core').Trainer, core.Trainer);
const history = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, nll: 1 / epoch, kl: 0.1, priorVariance: 0.5 }));
const svg = await renderSvg(trainingCurvesSpec([{ model: 'RNN', history }]), { onWarning: () => {} });
assert.match(svg, /^<svg/);
const version = JSON.parse(readFileSync(require.resolve('vb-cli/package.json'), 'utf8')).version;
console.log(`ESM: @vb/core, @vb/core/node and @vb/viz load; SVG ${svg.length} chars; vb-cli ${version}`);
