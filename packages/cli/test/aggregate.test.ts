/** The table's aggregates over seeds: structure at the max-prunable point and SNR vs magnitude. */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../src/sweep/aggregate.js';
import type { RunResult } from '../src/sweep/run.js';
import { klSelectionMarkdown, overfittingMarkdown, snrVsMagnitudeNote, sweepTablesMarkdown, validatedPruningMarkdown } from '../src/sweep/tables.js';

const structure = (units: number, inputs: number) => ({ hidden: 8, inputDim: 24, aliveHidden: units, functionalHidden: units, aliveInputs: inputs, keptPerTensor: {} });
const point = (kept: number, f1: number, units = 8, inputs = 24) => ({
  threshold: 1 - kept,
  kept: Math.round(kept * 100),
  keptFraction: kept,
  structure: structure(units, inputs),
  // log-likelihood = F1 − 2, so both comparisons see the same gaps
  metrics: { macroF1: f1, meanLogLikelihood: f1 - 2 } as never,
});
const epoch = (e: number, nll: number, val: number) => ({ epoch: e, loss: nll, nll, kl: 0, penalty: 0, priorMean: 0, priorVariance: 1, learningRate: 0.01, klWeight: 1, steps: 1, seconds: 0, validation: { nll: val, accuracy: 0, macroF1: 0 } });
function run(seed: number, snr: number[], magnitude: number[]): RunResult {
  const kept = [1, 0.75, 0.5, 0.25];
  return {
    history: [epoch(1, 1.5, 1.6), epoch(2, 1.2, 1.5 + seed / 10), epoch(3, 1.0, 1.8)],
    klWeight: seed === 1 ? 0.3 : 0.1,
    validatedPruning: { score: 'snr', threshold: 1, keptFraction: seed === 1 ? 0.25 : 0.5, testMacroF1: 0.4, testDrop: seed === 1 ? 0.02 : -0.01 },
    klSelection: [
      { klWeight: 0.3, validationMacroF1: 0.3, validationNll: 1.5 + seed / 100 },
      { klWeight: 0.1, validationMacroF1: 0.2, validationNll: 1.6 },
    ],
    id: `dI.${seed}`,
    row: 'RNN + variational, D, I',
    seed,
    seconds: 1,
    test: { macroF1: snr[0], accuracy: 0.5, binaryF1: null, meanLogLikelihood: -1, probabilistic: true } as never,
    sweeps: {
      // The SNR sweep keeps 4 units and 10 inputs at 25% of the weights.
      snr: { score: 'snr', total: 100, points: kept.map((k, i) => point(k, snr[i] as number, k === 0.25 ? 4 : 8, k === 0.25 ? 10 : 24)) },
      magnitude: { score: 'magnitude', total: 100, points: kept.map((k, i) => point(k, magnitude[i] as number)) },
    },
  };
}

describe('aggregate', () => {
  // Seed 1: SNR within 0.01 down to 25% kept; seed 2: only down to 50%.
  const rows = aggregate([run(1, [0.5, 0.5, 0.495, 0.492], [0.5, 0.48, 0.47, 0.3]), run(2, [0.4, 0.41, 0.395, 0.2], [0.4, 0.4, 0.42, 0.25])]);
  const dI = rows[0];

  it('reports the structure at each run’s max-prunable point, mean ± std over seeds', () => {
    expect(dI?.structure?.score).toBe('snr');
    expect(dI?.structure?.units.mean).toBe(6); // 4 and 8
    expect(dI?.structure?.inputs.mean).toBe(17); // 10 and 24
    expect(dI?.structure?.units.n).toBe(2);
  });

  it('compares SNR with magnitude at matched sparsity on the seed means (unpruned point excluded)', () => {
    // Gaps (SNR − magnitude) per level: 75%: +0.02, +0.01 → +0.015; 50%: +0.025, −0.025 → 0; 25%: +0.192, −0.05 → +0.071.
    expect(dI?.snrVsMagnitude?.levels).toBe(3);
    expect(dI?.snrVsMagnitude?.snrAtLeast).toBe(3);
    expect(dI?.snrVsMagnitude?.meanGap).toBeCloseTo((0.015 + 0 + 0.071) / 3, 6);
    expect(dI?.snrVsMagnitude?.likelihood.snrAtLeast).toBe(3);
    expect(dI?.snrVsMagnitude?.likelihood.meanGap).toBeCloseTo((0.015 + 0 + 0.071) / 3, 6);
    expect(snrVsMagnitudeNote(rows)).toBe(
      'RNN + variational, D, I: SNR pruning ≥ magnitude pruning (seed-mean macro-F1) at 3 of 3 sparsity levels; mean difference +0.029; by test log-likelihood at 3 of 3, mean +0.029 nats.',
    );
  });

  it('summarises the NLL curves (best and last validation epoch) and the κ candidates', () => {
    expect(dI?.nllCurve?.validationBest.mean).toBeCloseTo((1.6 + 1.6) / 2, 10); // seed 1: min(1.6, 1.6, 1.8); seed 2: min(1.6, 1.7, 1.8)
    expect(dI?.nllCurve?.validationLast.mean).toBeCloseTo(1.8, 10);
    expect(dI?.nllCurve?.trainingLast.mean).toBeCloseTo(1.0, 10);
    expect(overfittingMarkdown(rows)).toContain('| RNN + variational, D, I | 1.600 ± 0.000 | 1.800 ± 0.000 | 1.000 ± 0.000 |');
    expect(dI?.klCandidates?.map((c) => [c.klWeight, c.chosen])).toEqual([[0.3, 1], [0.1, 1]]);
    expect(klSelectionMarkdown(rows)).toContain('| RNN + variational, D, I | 0.3 | 1.515 ± 0.007 | 0.300 ± 0.000 | 1 of 2 |');
    const all = sweepTablesMarkdown(rows, { dataName: 'pit2015:pooled', majorityMacroF1: 0.084 });
    for (const h of ['| classifier | seed F1 |', 'Majority-class baseline', '### Pruning with τ chosen on validation', '### Structure', '### Overfitting check', '### KL weight κ chosen on validation']) expect(all).toContain(h);
  });

  it('summarises pruning with τ chosen on validation: fraction removed and test macro-F1 change', () => {
    expect(dI?.validatedPruning?.removed.mean).toBeCloseTo(0.625, 10);
    expect(dI?.validatedPruning?.testChange.mean).toBeCloseTo(-0.005, 10);
    expect(validatedPruningMarkdown(rows)).toContain('| RNN + variational, D, I | SNR | 62.5% ± 17.7% | -0.005 ± 0.021 |');
  });

  it('counts a level where magnitude pruning is ahead', () => {
    const worse = aggregate([run(1, [0.5, 0.45, 0.44, 0.3], [0.5, 0.5, 0.43, 0.3])])[0];
    expect(worse?.snrVsMagnitude).toEqual({
      levels: 3,
      snrAtLeast: 2,
      meanGap: expect.closeTo((-0.05 + 0.01 + 0) / 3, 6),
      likelihood: { snrAtLeast: 2, meanGap: expect.closeTo((-0.05 + 0.01 + 0) / 3, 6) },
    });
  });
});

describe('lambdaOf (the evidence fallback for runs without a recorded evidence)', () => {
  it('lays λ out in the run’s own cell (GRU/LSTM tensors hold one block per gate)', async () => {
    const { tensorsOf } = await import('@vb/core');
    const { lambdaOf } = await import('../src/sweep/aggregate.js');
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      const dims = { inputDim: 3, hidden: 2, classes: 2, pairFeatures: 0, cell };
      const t = Object.fromEntries(tensorsOf(dims).map((x) => [x.name, Array(x.rows * x.cols).fill(1)]));
      const run = {
        lambda: t,
        groupSweeps: { unit: { groups: 2 }, input: { groups: 3 } },
        encoder: { cell, readout: 'last', hidden: 2, learningRate: 0.01 },
      } as unknown as Parameters<typeof lambdaOf>[0];
      const out = lambdaOf(run);
      const last = out?.tensors.at(-1);
      expect(out?.tensors.map((x) => x.name)).toEqual(['W', 'U', 'b', 'V', 'c']);
      expect((last?.offset ?? 0) + (last?.rows ?? 0) * (last?.cols ?? 0), cell).toBe(out?.lambda.length);
      expect(out?.tensors).toEqual(tensorsOf(dims));
    }
  });
});
