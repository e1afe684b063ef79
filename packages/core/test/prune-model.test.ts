import { describe, expect, it } from 'vitest';
import {
  decodeModel,
  decodeSafetensors,
  encodeModel,
  encodeSafetensors,
  fit,
  keepMask,
  maxPrunableFraction,
  modelFromTrainer,
  predictSet,
  pruneSweep,
  structureOf,
  thresholds,
  trainerFromModel,
} from '../src/index.js';
import { evaluate } from '../src/metrics/index.js';
import { smallProblem } from './helpers.js';

const { data, train, test } = smallProblem();
const trained = await fit(train, {
  embeddings: data.embeddings,
  engine: { inputDim: data.inputDim, hidden: 12, learningRate: 0.01, seed: 5 },
  epochs: 12,
  convergence: false,
});
const trainer = trained.trainer;

describe('pruning', () => {
  it('sweeps the kept fraction from 100% to near 0% and scores every point', () => {
    const sweep = pruneSweep(trainer, test, { grid: { kind: 'quantiles', count: 20 } });
    const kept = sweep.points.map((p) => p.keptFraction);
    expect(kept[0]).toBe(1);
    expect(kept.at(-1)).toBeLessThanOrEqual(0.06);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeLessThanOrEqual(kept[i - 1] as number);
    const unpruned = evaluate(predictSet(trainer, test), test.labels, { classes: 6 });
    expect(sweep.points[0]?.metrics.macroF1).toBeCloseTo(unpruned.macroF1, 12);
    // Removing almost everything must hurt; a light pruning must not.
    expect(sweep.points.at(-1)?.metrics.macroF1).toBeLessThan(unpruned.macroF1 - 0.1);
    expect(maxPrunableFraction(sweep, 0.01)).toBeGreaterThan(0.1);
  });

  it('prunes the smallest SNR first and predicts with zeros in their place', () => {
    const lambda = trainer.snr();
    const tau = thresholds(lambda, { kind: 'quantiles', count: 4 })[2] as number;
    const mask = keepMask(lambda, tau);
    for (let i = 0; i < lambda.length; i++) expect(mask[i]).toBe((lambda[i] as number) >= tau ? 1 : 0);
    const params = trainer.params();
    const zeroed = params.slice();
    mask.forEach((k, i) => {
      if (!k) zeroed[i] = 0;
    });
    const copy = trainerFromModel(
      modelFromTrainer(trainer, { vocabulary: data.vocabulary, embeddings: data.embeddings }),
    );
    copy.setParams(zeroed);
    expect(predictSet(trainer, test, { mask })).toEqual(predictSet(copy, test));
    copy.free();
  });

  it('reports the surviving structure', () => {
    const tensors = trainer.tensors();
    const mask = new Uint8Array(trainer.paramCount);
    const W = tensors[0];
    const V = tensors[3];
    if (!W || !V) throw new Error('layout');
    mask[W.offset + 3 * W.cols + 5] = 1; // input 3 → unit 5
    mask[V.offset + 5 * V.cols + 0] = 1; // unit 5 → class 0
    mask[V.offset + 7 * V.cols + 2] = 1; // unit 7 (outgoing only)
    const s = structureOf(mask, tensors);
    expect(s.aliveInputs).toBe(1);
    expect(s.aliveHidden).toBe(2);
    expect(s.functionalHidden).toBe(1);
    expect(s.keptPerTensor).toEqual({ W: 1, U: 0, b: 0, V: 2, c: 0 });
  });

  it('offers explicit and log-spaced grids and refuses bad ones', () => {
    const lambda = Float32Array.from([0.1, 1, 10]);
    expect(thresholds(lambda, { kind: 'explicit', values: [2, 0.5] })).toEqual([0, 0.5, 2]);
    expect(
      thresholds(lambda, { kind: 'log', min: 0.01, max: 100, count: 5 }).map((x) => +x.toPrecision(6)),
    ).toEqual([0, 0.01, 0.1, 1, 10, 100]);
    expect(() => thresholds(lambda, { kind: 'log', min: 0, max: 1, count: 3 })).toThrow(/0 < min < max/);
    expect(() => thresholds(lambda, { kind: 'explicit', values: [Number.NaN] })).toThrow(/finite/);
  });
});

describe('model files', () => {
  it('round-trips a dense model: same predictions, config, prior, history', () => {
    const model = modelFromTrainer(trainer, {
      vocabulary: data.vocabulary,
      embeddings: data.embeddings,
      history: trained.history,
    });
    const bytes = encodeModel(model);
    const loaded = decodeModel(bytes, 'dense.safetensors');
    expect(loaded.config).toEqual(trainer.config);
    expect(loaded.prior).toEqual(trainer.prior());
    expect(loaded.history).toEqual(trained.history);
    const copy = trainerFromModel(loaded);
    expect(copy.means()).toEqual(trainer.means());
    const a = predictSet(trainer, test);
    const b = predictSet(copy, test);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] as number, 6);
    copy.free();
  });

  it('stores only surviving weights of a pruned model, so the file shrinks with sparsity', () => {
    const lambda = trainer.snr();
    const sizes = [0, 0.5, 0.9].map((q) => {
      const tau = q === 0 ? 0 : ([...lambda].sort((x, y) => x - y)[Math.floor(q * lambda.length)] as number);
      const mask = keepMask(lambda, tau);
      const model = modelFromTrainer(trainer, {
        vocabulary: data.vocabulary,
        mask,
        pruning: { score: 'snr', threshold: tau, kept: 0, total: 0 },
      });
      const bytes = encodeModel(model, { includeEmbeddings: false });
      const loaded = decodeModel(bytes);
      expect(loaded.mask).toEqual(mask);
      const copy = trainerFromModel(loaded, data.embeddings);
      expect(predictSet(copy, test, { mask })).toEqual(predictSet(trainer, test, { mask }));
      copy.free();
      // Tensor bytes only (the JSON header holds the vocabulary and history, the same at every sparsity).
      return bytes.length - 8 - Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    });
    expect(sizes[1]).toBeLessThan(sizes[0] as number);
    expect(sizes[2]).toBeLessThan((sizes[1] as number) * 0.4);
  });

  it('rejects corrupt, truncated and mismatched files with a clear message', () => {
    const bytes = encodeModel(
      modelFromTrainer(trainer, { vocabulary: data.vocabulary, embeddings: data.embeddings }),
    );
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 10), 'm.safetensors')).toThrow(
      /m.safetensors: tensor .* outside the data|bytes for shape/,
    );
    expect(() => decodeModel(new Uint8Array([1, 2, 3]), 'x')).toThrow(/x: too short/);
    const garbled = bytes.slice();
    garbled[8] = 0x00; // break the JSON header
    expect(() => decodeModel(garbled, 'g')).toThrow(/g: header is not valid JSON/);
    const parts = decodeSafetensors(bytes);
    const other = encodeSafetensors(parts.tensors, { ...parts.metadata, version: '9' });
    expect(() => decodeModel(other, 'v')).toThrow(/model format version 9/);
    expect(() => trainerFromModel({ ...decodeModel(bytes), embeddings: undefined })).toThrow(
      /does not embed its vectors/,
    );
  });
});

describe('threshold grid: the sparse tail', () => {
  it('adds the quantiles that keep each extra fraction', () => {
    const lambda = Float32Array.from({ length: 1000 }, (_, i) => i + 1);
    const grid = thresholds(lambda, { kind: 'quantiles', count: 10, extraKept: [0.01, 0.005] });
    const kept = grid.map((t) => keepMask(lambda, t).reduce((a, b) => a + b, 0));
    expect(kept).toContain(10);
    expect(kept).toContain(5);
    expect(kept).toContain(100);
    expect(() => thresholds(lambda, { kind: 'quantiles', count: 10, extraKept: [0] })).toThrow(/extraKept/);
  });
});
