/** Structured pruning: whole input dimensions and hidden units (groupSweep). */
import { describe, expect, it } from 'vitest';
import {
  fit,
  groupIndices,
  groupSweep,
  maxRemovablePoint,
  nodeGroups,
  predictSet,
  structureOf,
  Trainer,
  tensorsOf,
} from '../src/index.js';
import { smallProblem } from './helpers.js';

describe('groupIndices', () => {
  it('a gated unit owns its column in every gate block, its biases, its row of U and its V rows', () => {
    for (const [cell, g] of [['gru', 3], ['lstm', 4]] as const) {
      const [m, n, k] = [3, 4, 2];
      const tensors = tensorsOf({ inputDim: m, hidden: n, classes: k, cell });
      const units = groupIndices(tensors, 'unit');
      const inputs = groupIndices(tensors, 'input');
      expect(inputs.map((x) => x.length)).toEqual([g * n, g * n, g * n]);
      // m·g (W column per gate) + n·g (U column per gate) + (g − 1)·n (rest of U's row) + 4 biases + 2K (V)
      for (const u of units) {
        expect(u.length).toBe(m * g + n * g + (g * n - g) + 4 + 2 * k);
        expect(new Set(u).size).toBe(u.length);
      }
      // Every weight of W, U, b and V's first 2n rows belongs to some unit: removing them all leaves only c.
      const all = new Set(units.flat());
      const c = tensors[4] as (typeof tensors)[number];
      expect(all.size).toBe(c.offset);
      // The evidence's outgoing groups: row j of U (every gate) and V rows j, n + j.
      expect(nodeGroups(tensors).units[0]?.length).toBe(g * n + 2 * k);
      const none = structureOf(new Uint8Array(c.offset + k), tensors);
      expect(none.aliveHidden).toBe(0);
    }
  });

  const t = new Trainer({ inputDim: 5, hidden: 3, classes: 4, trainSize: 10, pairFeatures: 2 }, new Float32Array(5 * 7));
  const tensors = t.tensors();
  t.free();
  const tensor = (name: string) => {
    const t = tensors.find((x) => x.name === name);
    if (!t) throw new Error(`no tensor ${name}`);
    return t;
  };
  const W = tensor('W');

  it('an input dimension is its row of W; every W weight is in exactly one input group', () => {
    const inputs = groupIndices(tensors, 'input');
    expect(inputs).toHaveLength(5);
    expect(inputs[2]).toEqual([W.offset + 6, W.offset + 7, W.offset + 8]);
    expect(new Set(inputs.flat()).size).toBe(15);
  });

  it('a unit is its W and U columns, bias, U row and both V rows (not the pair-feature rows of V)', () => {
    const units = groupIndices(tensors, 'unit');
    // Exact membership of unit j = 1 (m = 5, n = 3, K = 4, F = 2).
    const [w, u, b, v] = [tensor('W'), tensor('U'), tensor('b'), tensor('V')];
    const j = 1;
    const want = new Set<number>([b.offset + j]);
    for (let i = 0; i < 5; i++) want.add(w.offset + i * 3 + j);
    for (let i = 0; i < 3; i++) want.add(u.offset + i * 3 + j).add(u.offset + j * 3 + i);
    for (let c = 0; c < 4; c++) want.add(v.offset + j * 4 + c).add(v.offset + (3 + j) * 4 + c);
    expect(new Set(units[j])).toEqual(want);
    expect(units).toHaveLength(3);
    // 1 bias + 5 W + (2·3 − 1) U + 2·4 V
    for (const u of units) expect(new Set(u).size).toBe(1 + 5 + 5 + 8);
    const V = tensor('V');
    const featureRows = new Set(Array.from({ length: 2 * 4 }, (_, i) => V.offset + 6 * 4 + i));
    expect(units.flat().some((i) => featureRows.has(i))).toBe(false);
    // U's diagonal entry U[j, j] belongs to unit j once.
    const U = tensor('U');
    expect(units[1]?.filter((i) => i === U.offset + 1 * 3 + 1)).toHaveLength(1);
  });
});

describe('groupSweep on the planted teacher (6 of 24 inputs carry the signal)', async () => {
  const { train, validation, test, data } = smallProblem(3000);
  const { trainer } = await fit(train, {
    embeddings: data.embeddings,
    engine: { inputDim: 24, hidden: 16, family: 'diagonal', learningRate: 0.01, seed: 3 },
    epochs: 25,
    validation,
  });

  it('ranks the planted inputs as the most important and removes the others within tolerance', () => {
    const inputs = groupSweep(trainer, test, { group: 'input', score: 'snr', paraphrase: false });
    expect(inputs.groups).toBe(24);
    const top6 = inputs.importance
      .map((v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 6)
      .map(([, i]) => i);
    const planted = new Set(data.planted.usedInputs);
    expect(top6.filter((i) => planted.has(i)).length).toBeGreaterThanOrEqual(5);
    const best = maxRemovablePoint(inputs);
    expect(best.removed).toBeGreaterThanOrEqual(12);
    expect(best.removedGroups.filter((i) => planted.has(i)).length).toBeLessThanOrEqual(1);
    // Removing every input leaves a network that cannot tell pairs apart: every row predicts the same.
    const all = groupSweep(trainer, test, { group: 'input', counts: [24], paraphrase: false }).points.at(-1);
    expect(all?.keptWeights).toBe(trainer.paramCount - 24 * 16);
    expect(all?.metrics.macroF1).toBeLessThan(best.metrics.macroF1 - 0.1);
  });

  it('removes units least important first and reports what is left', () => {
    const units = groupSweep(trainer, test, { group: 'unit', score: 'magnitude', paraphrase: false });
    expect(units.points.map((p) => p.removed)).toEqual(Array.from({ length: 16 }, (_, k) => k));
    for (const p of units.points) expect(p.left).toBe(16 - p.removed);
    const order = units.points.at(-1)?.removedGroups ?? [];
    for (let i = 1; i < order.length; i++) expect(units.importance[order[i] as number]).toBeGreaterThanOrEqual(units.importance[order[i - 1] as number] as number);
    // The intact point is the unpruned network.
    const intact = predictSet(trainer, test);
    expect(units.points[0]?.keptWeights).toBe(trainer.paramCount);
    expect(units.points[0]?.metrics.pairs).toBe(intact.length / 6);
    expect(() => groupSweep(trainer, test, { group: 'unit', counts: [17] })).toThrow('group counts must be integers in 0..16, got 17');
  });
});
