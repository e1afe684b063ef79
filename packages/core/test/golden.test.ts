/**
 * Golden values across the WASM boundary: every case of crates/vb-kernels/tests/golden/engine.json
 * (written by the native engine, `cargo run --release --example golden`) replayed through the
 * WebAssembly build via the typed `Trainer`, compared within a relative tolerance of 1e-5.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type EngineConfig, type StepStats, Trainer } from '../src/index.js';

const RTOL = 1e-5;

interface GoldenBatch {
  tokens: number[];
  lengths: number[];
  labels: number[];
}
interface GoldenStep extends StepStats {
  lastGradNorms: number[];
}
interface GoldenCase {
  name: string;
  config: EngineConfig;
  embeddings: number[];
  batches: GoldenBatch[];
  steps: GoldenStep[];
  priorAfterEndEpoch: { mean: number; variance: number };
  paramCount: number;
  paramSum: number;
  paramAbsSum: number;
  eval: { tokens: number[]; lengths: number[] };
  predict: number[];
  mcSamples: number;
  mcSeed: number;
  predictMc: number[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../../crates/vb-kernels/tests/golden/engine.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

/** `|got − want| ≤ RTOL · max(|want|, scale)`: relative, absolute below `scale` (as tests/golden.rs). */
function expectClose(what: string, got: number, want: number, scale = 0): void {
  const tol = RTOL * Math.max(Math.abs(want), scale);
  if (!(Math.abs(got - want) <= tol)) {
    throw new Error(`${what}: WASM ${got}, native golden ${want} (|diff| ${Math.abs(got - want)} > ${tol})`);
  }
}

function expectAllClose(what: string, got: ArrayLike<number>, want: number[], scale = 0): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) expectClose(`${what}[${i}]`, got[i], want[i], scale);
}

const batchOf = (b: GoldenBatch) => ({
  tokens: Uint32Array.from(b.tokens),
  lengths: Uint32Array.from(b.lengths),
  labels: Uint32Array.from(b.labels),
});

describe('golden values: the WASM engine reproduces the native one', () => {
  it('has the cases the file promises: diagonal, isotropic and plain, S = 1 and S = 3, every cell', () => {
    const kinds = golden.cases.map((c) => `${c.config.family}/${c.config.samples}`);
    for (const kind of ['diagonal/1', 'diagonal/3', 'isotropic/3', 'none/1']) expect(kinds).toContain(kind);
    const cells = golden.cases.map((c) => `${c.config.cell}/${c.config.readout}`);
    for (const kind of ['rnn/last', 'gru/max', 'lstm/mean']) expect(cells).toContain(kind);
  });

  for (const c of golden.cases) {
    it(c.name, () => {
      const t = new Trainer(c.config, Float32Array.from(c.embeddings));
      try {
        expect(t.params().length, `${c.name}: length of [m | ρ]`).toBe(c.paramCount);
        c.batches.forEach((b, i) => {
          const at = (key: string) => `${c.name}: step ${i + 1} ${key}`;
          const want = c.steps[i];
          const s = t.step(batchOf(b));
          expect(s.step, at('number')).toBe(want.step);
          expect(s.clipped, at('clipped')).toBe(want.clipped);
          for (const key of ['loss', 'nll', 'kl', 'penalty', 'gradNorm'] as const) {
            expectClose(at(key), s[key], want[key], 1e-3);
          }
          expectClose(at('priorVariance'), s.priorVariance, want.priorVariance);
          expectClose(at('priorMean'), s.priorMean, want.priorMean, Math.sqrt(want.priorVariance));
          expectAllClose(at('lastGradNorms'), t.lastGradNorms(), want.lastGradNorms, 1e-3);
        });
        t.endEpoch();
        const prior = t.prior();
        const wantPrior = c.priorAfterEndEpoch;
        expectClose(`${c.name}: prior variance after endEpoch`, prior.variance, wantPrior.variance);
        expectClose(
          `${c.name}: prior mean after endEpoch`,
          prior.mean,
          wantPrior.mean,
          Math.sqrt(wantPrior.variance),
        );
        const params = t.params();
        let sum = 0;
        let absSum = 0;
        for (const x of params) {
          sum += x;
          absSum += Math.abs(x);
        }
        expectClose(`${c.name}: Σ|params|`, absSum, c.paramAbsSum);
        expectClose(`${c.name}: Σ params`, sum, c.paramSum, c.paramAbsSum);
        const evalBatch = {
          tokens: Uint32Array.from(c.eval.tokens),
          lengths: Uint32Array.from(c.eval.lengths),
        };
        expectAllClose(`${c.name}: predict`, t.predict(evalBatch), c.predict, 1e-3);
        const mc = t.predict(evalBatch, { mcSamples: c.mcSamples, seed: c.mcSeed });
        expectAllClose(`${c.name}: Monte-Carlo predict`, mc, c.predictMc, 1e-3);
      } finally {
        t.free();
      }
    });
  }
});
