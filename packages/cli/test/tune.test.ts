import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/sweep/settings.js';
import {
  type CandidateScores,
  candidateSettings,
  candidatesOf,
  choose,
  DEFAULT_GRID,
  elboAgreement,
  spearman,
} from '../src/sweep/tune.js';

const scores = (xs: Array<[number, number, number | undefined]>): CandidateScores[] =>
  xs.map(([validationNll, validationMacroF1, trainElbo], i) => ({
    cell: 'rnn',
    readout: 'last',
    hidden: 8,
    learningRate: 0.01,
    klWeight: 1 / (i + 1),
    epoch: 3,
    stoppedBy: 'earlyStopping',
    validationNll,
    validationMacroF1,
    trainElbo,
    testNll: 0,
    testMacroF1: 0,
  }));

describe('model selection', () => {
  it('Spearman ρ matches values computed by hand (and scipy.stats.spearmanr), ties averaged', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).correlation = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    // with ties: spearmanr([1, 2, 2, 3], [1, 3, 2, 4]).correlation = 0.9486832980505138
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 12);
    expect(spearman([1, 2], [2, 1])).toBeUndefined();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeUndefined();
  });

  it('chooses by validation NLL, macro-F1 or ELBO; ties keep the earlier candidate', () => {
    const cs = scores([
      [1.2, 0.5, -3],
      [1.1, 0.4, -2],
      [1.1, 0.6, -4],
    ]);
    expect(choose(cs, 'nll')).toBe(1);
    expect(choose(cs, 'macroF1')).toBe(2);
    expect(choose(cs, 'elbo')).toBe(1);
    // ELBO agrees with validation log-likelihood on these three: ranks (-3, -2, -4) vs (-1.2, -1.1, -1.1)
    expect(elboAgreement(cs)).toBeCloseTo(spearman([-3, -2, -4], [-1.2, -1.1, -1.1]) as number, 12);
    // No ELBO (the plain RNN): falls back to validation NLL.
    expect(choose(scores([[1.3, 0.5, undefined], [1.0, 0.1, undefined]]), 'elbo')).toBe(1);
  });

  it('the grid: tune on crosses encoders × hidden × lr × κ; off keeps the fixed settings', () => {
    const s = defaultSettings();
    expect(s.tune).toBe('on');
    const on = candidatesOf(true, s);
    expect(on).toHaveLength(DEFAULT_GRID.encoders.length * s.klWeights.length);
    expect(on[0]).toEqual({ cell: 'rnn', readout: 'last', hidden: 32, learningRate: 0.01, klWeight: 1 });
    expect(candidatesOf(false, s)).toHaveLength(DEFAULT_GRID.encoders.length);
    const r = candidateSettings(on[on.length - 1] as (typeof on)[number], s);
    expect(r.epochs).toBe(DEFAULT_GRID.epochs);
    expect(r.patience).toBe(DEFAULT_GRID.patience);
    s.tune = 'off';
    s.rnn = { ...s.rnn, cell: 'gru', readout: 'max', epochs: 7, patience: 0 };
    const off = candidatesOf(true, s);
    expect(off.map((c) => `${c.cell}/${c.readout}/${c.klWeight}`)).toEqual(['gru/max/1', 'gru/max/0.3', 'gru/max/0.1']);
    expect(candidateSettings(off[0] as (typeof off)[number], s).epochs).toBe(7);
  });
});
