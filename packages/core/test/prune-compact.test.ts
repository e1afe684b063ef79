import { describe, expect, it } from 'vitest';
import {
  compactEmbeddings,
  compactModel,
  decodeModel,
  encodeModel,
  fit,
  importance,
  keepMask,
  liveByEvidence,
  liveNodes,
  meanSquaredSnr,
  modelFromTrainer,
  nodeGroups,
  plantedRecovery,
  predictSet,
  structureOf,
  tensorsOf,
  thresholds,
  trainerFromModel,
} from '../src/index.js';
import type { TensorInfo } from '../src/index.js';
import { smallProblem } from './helpers.js';

const { data, train, test } = smallProblem();
const trained = await fit(train, {
  embeddings: data.embeddings,
  engine: { inputDim: data.inputDim, hidden: 12, learningRate: 0.01, seed: 5, prior: 'group' },
  epochs: 10,
  convergence: false,
});
const trainer = trained.trainer;
const lambda = importance(trainer, 'snr');

function prunedModel(quantile: number) {
  const tau = thresholds(lambda, { kind: 'quantiles', count: 10 })[quantile] as number;
  const mask = keepMask(lambda, tau);
  return modelFromTrainer(trainer, {
    vocabulary: data.vocabulary,
    embeddings: data.embeddings,
    mask,
    pruning: { score: 'snr', threshold: tau, kept: 0, total: mask.length },
  });
}

describe('compaction', () => {
  it('removes dead units and inputs and predicts what the masked network predicts', () => {
    for (const q of [3, 6, 8, 9]) {
      const pruned = prunedModel(q);
      const mask = pruned.mask as Uint8Array;
      const exact = compactModel(pruned, { align: 1 });
      const live = liveNodes(mask, trainer.tensors());
      expect(exact.config.hidden).toBe(Math.max(1, live.units.length));
      expect(exact.config.inputDim).toBe(Math.max(1, live.inputs.length));
      expect(exact.compaction?.hiddenUnits).toEqual(live.units.length > 0 ? live.units : [0]);
      // every unit/input a structure report calls non-functional is gone
      const s = structureOf(mask, trainer.tensors());
      expect(exact.config.hidden).toBeLessThanOrEqual(Math.max(1, s.functionalHidden));
      expect(exact.config.inputDim).toBeLessThanOrEqual(Math.max(1, s.aliveInputs));
      // The default rounds both up to a multiple of 4 (the SIMD width) with dead nodes.
      const small = compactModel(pruned);
      expect(small.config.hidden).toBe(Math.min(12, Math.ceil(Math.max(1, live.units.length) / 4) * 4));
      expect(small.config.inputDim).toBe(
        Math.min(data.inputDim, Math.ceil(Math.max(1, live.inputs.length) / 4) * 4),
      );
      for (const j of live.units) expect(small.compaction?.hiddenUnits).toContain(j);
      expect(() => compactModel(pruned, { align: 0 })).toThrow(/align/);
      const want = predictSet(trainer, test, { mask });
      const dense = trainerFromModel(small);
      const got = predictSet(dense, test, small.mask ? { mask: small.mask } : {});
      dense.free();
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++)
        worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
      expect(worst, `quantile ${q}`).toBeLessThan(2e-6);
    }
  });

  it('shrinks the matrices at high sparsity and survives a file round trip', () => {
    const pruned = prunedModel(9);
    const small = compactModel(pruned);
    expect(small.config.hidden * small.config.inputDim).toBeLessThan(
      pruned.config.hidden * pruned.config.inputDim,
    );
    const bytes = encodeModel(small);
    expect(bytes.length).toBeLessThan(encodeModel(pruned).length);
    const back = decodeModel(bytes, 'compact.safetensors');
    expect(back.compaction).toEqual(small.compaction);
    expect(back.config.hidden).toBe(small.config.hidden);
    // Without embedded vectors the full table is narrowed to the kept columns on load.
    const noVectors = decodeModel(encodeModel(small, { includeEmbeddings: false }));
    const a = trainerFromModel(noVectors, data.embeddings);
    const b = trainerFromModel(back);
    expect(predictSet(a, test, back.mask ? { mask: back.mask } : {})).toEqual(
      predictSet(b, test, back.mask ? { mask: back.mask } : {}),
    );
    a.free();
    b.free();
    expect(() => compactModel(small)).toThrow(/already compacted/);
  });

  it('finds dead nodes by the rules: no outgoing, no incoming, fixpoint', () => {
    // m = 2, n = 3, K = 2, F = 0: W 2×3, U 3×3, b 3, V 6×2, c 2
    const tensors = tensorsOf({ inputDim: 2, hidden: 3, classes: 2 }); // W at 0, U at 6, b at 15, V at 18, c at 30
    const mask = new Uint8Array(32);
    mask[0] = 1; // W[0,0]: input 0 → unit 0
    mask[18] = 1; // V[0,0]: unit 0 → output
    mask[1] = 1; // W[0,1]: input 0 → unit 1
    mask[6 + 1 * 3 + 1] = 1; // U[1,1]: unit 1 only feeds itself → dead (sends nothing else)
    mask[6 + 2 * 3 + 0] = 1; // U[2,0]: unit 2 feeds unit 0 ...
    mask[18 + 2 * 2] = 1; // ... and the output, but receives nothing → dead
    mask[5] = 1; // W[1,2]: input 1 → unit 2 only; unit 2 receives this → alive after all
    expect(liveNodes(mask, tensors)).toEqual({ inputs: [0, 1], units: [0, 2] });
    mask[5] = 0; // without it unit 2 computes 0 and input 1 sends nothing
    expect(liveNodes(mask, tensors)).toEqual({ inputs: [0], units: [0] });
    // A unit that receives only its own self-loop stays at tanh(0) = 0 (h_0 = 0), whatever it sends.
    const selfish = new Uint8Array(32);
    selfish[0] = 1; // W[0,0]
    selfish[18] = 1; // V[0,0]
    selfish[6 + 1 * 3 + 1] = 1; // U[1,1]
    selfish[18 + 1 * 2] = 1; // V[1,0]: unit 1 sends to the output
    expect(liveNodes(selfish, tensors)).toEqual({ inputs: [0], units: [0] });
  });

  it('compacts GRU and LSTM encoders (every gate block) to the same predictions', async () => {
    for (const cell of ['gru', 'lstm'] as const) {
      const gated = await fit(train, {
        embeddings: data.embeddings,
        engine: { inputDim: data.inputDim, hidden: 10, learningRate: 0.01, seed: 6, prior: 'group', cell, readout: 'max' },
        epochs: 6,
        convergence: false,
      });
      const t = gated.trainer;
      const lam = importance(t, 'snr');
      let shrunk = false;
      for (const q of [40, 90, 98]) {
        const tau = thresholds(lam, { kind: 'quantiles', count: 100 })[q] as number;
        const mask = keepMask(lam, tau);
        const pruned = modelFromTrainer(t, {
          vocabulary: data.vocabulary,
          embeddings: data.embeddings,
          mask,
          pruning: { score: 'snr', threshold: tau, kept: 0, total: mask.length },
        });
        const small = compactModel(pruned, { align: 1 });
        expect(small.config.cell).toBe(cell);
        shrunk ||= small.config.hidden < 10 || small.config.inputDim < data.inputDim;
        const want = predictSet(t, test, { mask });
        const dense = trainerFromModel(decodeModel(encodeModel(small)));
        const got = predictSet(dense, test, small.mask ? { mask: small.mask } : {});
        dense.free();
        let worst = 0;
        for (let i = 0; i < want.length; i++)
          worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
        expect(worst, `${cell} quantile ${q}`).toBeLessThan(2e-6);
      }
      expect(shrunk, `${cell}: some pruning level removes a node`).toBe(true);
      t.free();
    }
  });

  it('a gated unit whose candidate receives nothing computes 0, whatever its gates receive', () => {
    // GRU, m = 1, n = 2, K = 2: W 1×6, U 2×6, b 1×8, V 4×2, c 2
    const tensors = tensorsOf({ inputDim: 1, hidden: 2, classes: 2, cell: 'gru' });
    const [W, U, b, V] = tensors as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    const mask = new Uint8Array(V.offset + 4 * 2 + 2);
    const set = (x: TensorInfo, r: number, c: number) => {
      mask[x.offset + r * x.cols + c] = 1;
    };
    set(W, 0, 2 * 2 + 0); // x → candidate of unit 0
    set(V, 0, 0); // unit 0 → output
    set(W, 0, 0 * 2 + 1); // x → reset gate of unit 1
    set(W, 0, 1 * 2 + 1); // x → update gate of unit 1
    set(b, 0, 1 * 2 + 1); // update-gate bias of unit 1
    set(V, 1, 0); // unit 1 → output
    set(U, 1, 2 * 2 + 0); // unit 1 → unit 0's candidate
    expect(liveNodes(mask, tensors)).toEqual({ inputs: [0], units: [0] });
    set(b, 0, 3 * 2 + 1); // b_hn of unit 1: its candidate now receives a constant
    expect(liveNodes(mask, tensors)).toEqual({ inputs: [0], units: [0, 1] });
  });

  it('rejects a wrong embedding table with the sizes', () => {
    expect(() =>
      compactEmbeddings(new Float32Array(10), 3, {
        inputDim: 4,
        hidden: 2,
        inputColumns: [1],
        hiddenUnits: [0],
      }),
    ).toThrow(/vocab 3 × original inputDim 4/);
  });
});

describe('structure by the evidence', () => {
  it('keeps the nodes whose outgoing weights have mean λ² ≥ 1', () => {
    // m = 2, n = 2, K = 1: W 2×2, U 2×2, b 2, V 4×1, c 1
    const tensors = tensorsOf({ inputDim: 2, hidden: 2, classes: 1 }); // W at 0, U at 4, b at 8, V at 10, c at 14
    const groups = nodeGroups(tensors);
    expect(groups.inputs).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(groups.units).toEqual([
      [4, 5, 10, 12],
      [6, 7, 11, 13],
    ]);
    const lambda = new Float32Array(15);
    lambda.set([1.5, 0], 0); // input 0: mean λ² = 1.125 → alive
    lambda.set([0.9, 0.9], 2); // input 1: 0.81 → dead
    lambda.set([0, 0, 2, 0], 4); // U rows: unit 0 sends U[0,*] = 0, 0; unit 1 sends 2, 0
    lambda.set([0, 1, 0, 1], 10); // V: unit 0 rows 0, 2 = 0, 0; unit 1 rows 1, 3 = 1, 1
    expect(meanSquaredSnr(lambda, groups.units)).toEqual([0, 1.5]);
    expect(liveByEvidence(lambda, tensors)).toEqual({ inputs: [0], units: [1] });
  });
});

describe('plantedRecovery', () => {
  it('scores inputs by index and units by count', () => {
    const planted = { usedInputs: [0, 1, 2], teacherHidden: 4 };
    expect(plantedRecovery({ inputs: [0, 1, 5, 6], units: [0, 3, 7, 8, 9, 11, 12, 13] }, planted)).toEqual({
      aliveInputs: [0, 1, 5, 6],
      precision: 0.5,
      recall: 2 / 3,
      liveUnits: 8,
      unitPrecision: 0.5,
      unitRecall: 1,
    });
    expect(plantedRecovery({ inputs: [], units: [1] }, planted)).toMatchObject({
      precision: 0,
      recall: 0,
      unitRecall: 0.25,
    });
  });
});
