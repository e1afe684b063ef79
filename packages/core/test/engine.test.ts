import { describe, expect, it } from 'vitest';
import { simdPath, Trainer } from '../src/index.js';
import { tinyBatch } from './helpers.js';

// B = 2 pairs, T = 3: rows a0, a1, b0, b1
const { inputDim: m, embeddings, batch } = tinyBatch();
const config = { inputDim: m, hidden: 5, trainSize: 10, seed: 3 };

describe('engine through WASM', () => {
  it('runs the SIMD build', () => {
    expect(simdPath()).toBe('wasm-simd128');
  });

  it('steps, predicts probabilities that sum to one, and fills the config defaults', () => {
    const t = new Trainer(config, embeddings);
    expect(t.config.classes).toBe(6);
    expect(t.config.family).toBe('diagonal');
    expect(t.paramCount).toBe(4 * 5 + 25 + 5 + 10 * 6 + 6);
    const s = t.step(batch);
    expect(s.step).toBe(1);
    expect(Number.isFinite(s.loss)).toBe(true);
    expect(s.loss).toBeCloseTo(s.nll + s.penalty, 10);
    const p = t.predict(batch);
    expect(p.length).toBe(12);
    for (let i = 0; i < 2; i++) {
      const row = p.subarray(i * 6, i * 6 + 6);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    t.free();
  });

  it('is bit-identical for the same seed and differs for another', () => {
    const run = (seed: number) => {
      const t = new Trainer({ ...config, seed }, embeddings);
      for (let i = 0; i < 5; i++) t.step(batch);
      const out = t.params();
      t.free();
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('throws real Error objects with readable messages', () => {
    const bad = () => new Trainer({ ...config, inputDim: 5 }, embeddings);
    expect(bad).toThrow(Error);
    try {
      bad();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(/not a positive multiple of inputDim = 5/);
    }
    const t = new Trainer(config, embeddings);
    const wrongLabel = { ...batch, labels: Uint32Array.from([0, 9]) };
    expect(() => t.step(wrongLabel)).toThrow(/pair 1: label 9 outside 0..5/);
    expect(() => new Trainer({ ...config, samples: 0 }, embeddings)).toThrow(/samples: must be ≥ 1/);
    expect(() => new Trainer({ ...config, nonsense: 1 } as never, embeddings)).toThrow(
      /unknown field `nonsense`/,
    );
    t.free();
  });

  it('refuses a NaN embedding table, naming the row', () => {
    const e = embeddings.slice();
    e[2 * m + 1] = Number.NaN;
    expect(() => new Trainer(config, e)).toThrow(/row 2 column 1 is NaN/);
  });

  it('checkpoints: export, import into a fresh trainer, continue identically', () => {
    const a = new Trainer(config, embeddings);
    for (let i = 0; i < 3; i++) a.step(batch);
    const bytes = a.exportState();
    const b = new Trainer(config, embeddings);
    b.importState(bytes);
    for (let i = 0; i < 3; i++) {
      a.step(batch);
      b.step(batch);
    }
    expect(b.params()).toEqual(a.params());
    expect(b.steps).toBe(6);
    const corrupt = bytes.slice();
    corrupt[40] = (corrupt[40] ?? 0) ^ 0xff;
    expect(() => b.importState(corrupt)).toThrow(/checksum mismatch/);
    a.free();
    b.free();
  });
});
