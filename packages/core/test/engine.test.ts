import { describe, expect, it } from 'vitest';
import { Trainer as WasmTrainer } from '../wasm/vb_wasm.js';
import { EngineError, flopsPerPair, isEngineError, simdPath, Trainer } from '../src/index.js';
import { thrownEngineError } from './engine-error.js';
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

  it('throws typed EngineErrors: name and code say the kind, the message names the cause', () => {
    const wrongWidth = thrownEngineError(() => new Trainer({ ...config, inputDim: 5 }, embeddings), 'shape');
    expect(wrongWidth.name).toBe('VbShapeError');
    expect(wrongWidth.message).toMatch(/not a positive multiple of inputDim = 5/);
    const t = new Trainer(config, embeddings);
    const wrongLabel = { ...batch, labels: Uint32Array.from([0, 9]) };
    expect(thrownEngineError(() => t.step(wrongLabel), 'shape').message).toMatch(
      /pair 1: label 9 outside 0..5/,
    );
    const { labels: _, ...unlabelled } = batch;
    thrownEngineError(() => t.step(unlabelled), 'shape');
    thrownEngineError(() => new Trainer({ ...config, samples: 0 }, embeddings), 'config');
    expect(
      thrownEngineError(() => new Trainer({ ...config, nonsense: 1 } as never, embeddings), 'config').message,
    ).toMatch(/unknown field `nonsense`/);
    thrownEngineError(() => new Trainer({ ...config, hidden: -1 }, embeddings), 'config');
    thrownEngineError(() => t.setLearningRate(0), 'config');
    thrownEngineError(() => t.setParams(new Float32Array(3)), 'state');
    thrownEngineError(() => flopsPerPair(4, 5, 6, 3, 'transformer'), 'config');
    // V = 1e38: the logits overflow f32, the loss is not a number; refused, nothing changed.
    const before = t.params();
    const huge = before.slice();
    const v = t.tensors().find((x) => x.name === 'V');
    huge.fill(1e38, v?.offset, (v?.offset ?? 0) + (v?.rows ?? 0) * (v?.cols ?? 0));
    t.setParams(huge);
    const overflow = thrownEngineError(() => t.step(batch), 'non-finite');
    expect(overflow.name).toBe('VbNonFiniteError');
    expect(overflow.message).toMatch(/^non-finite loss in tensor NLL at step 1; weights were not updated/);
    expect(t.params()).toEqual(huge);
    expect(t.steps).toBe(0);
    t.setParams(before);
    expect(t.step(batch).step).toBe(1);
    t.free();
  });

  it('the binding itself sets name and code; isEngineError accepts such an error, EngineError wraps it', () => {
    let raw: unknown;
    try {
      new WasmTrainer({ ...config, samples: 0 }, embeddings);
    } catch (e) {
      raw = e;
    }
    expect(raw).toBeInstanceOf(Error);
    expect(raw).not.toBeInstanceOf(EngineError);
    expect(raw).toMatchObject({
      name: 'VbConfigError',
      code: 'config',
      message: 'invalid config: samples: must be ≥ 1',
    });
    expect(isEngineError(raw)).toBe(true);
    expect(isEngineError(raw, 'config')).toBe(true);
    expect(isEngineError(raw, 'state')).toBe(false);
    expect(isEngineError(new Error('invalid config: x'))).toBe(false);
    expect(isEngineError(Object.assign(new Error('x'), { code: 'config' }))).toBe(false); // name must match
    expect(isEngineError({ name: 'VbConfigError', code: 'config', message: 'x' })).toBe(false); // not an Error
    const e = new EngineError('non-finite', 'm');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual([
      'VbNonFiniteError',
      'non-finite',
      'm',
      true,
    ]);
  });

  it('after free() (or a using block) every member throws a clear state error; free() is idempotent', () => {
    const t = new Trainer(config, embeddings);
    t.free();
    expect(t.freed).toBe(true);
    const freed = 'this Trainer was freed (free() or a using block); create a new one';
    for (const call of [
      () => t.step(batch),
      () => t.predict(batch),
      () => t.params(),
      () => t.exportState(),
      () => t.importState(new Uint8Array(0)),
      () => t.config,
      () => t.paramCount,
      () => t.steps,
      () => t.endEpoch(),
    ]) {
      const e = thrownEngineError(call, 'state');
      expect(e.name).toBe('VbStateError');
      expect(e.message).toBe(freed);
    }
    expect(() => t.free()).not.toThrow();
    let escaped: Trainer | undefined;
    {
      using scoped = new Trainer(config, embeddings);
      scoped.step(batch);
      escaped = scoped;
      expect(escaped.freed).toBe(false);
    }
    expect(escaped.freed).toBe(true);
    expect(thrownEngineError(() => escaped?.predict(batch), 'state').message).toBe(freed);
  });

  it('refuses a NaN embedding table, naming the row', () => {
    const e = embeddings.slice();
    e[2 * m + 1] = Number.NaN;
    expect(thrownEngineError(() => new Trainer(config, e), 'shape').message).toMatch(/row 2 column 1 is NaN/);
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
    expect(thrownEngineError(() => b.importState(corrupt), 'state').message).toMatch(/checksum mismatch/);
    expect(b.steps).toBe(6); // a refused import changes nothing
    a.free();
    b.free();
  });
});
