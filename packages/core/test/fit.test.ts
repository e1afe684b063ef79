import { describe, expect, it } from 'vitest';
import { type EpochRecord, type FitOptions, fit, predictSet } from '../src/index.js';
import { evaluate } from '../src/metrics/index.js';
import { smallProblem } from './helpers.js';

const { data, train, validation, test } = smallProblem();
const base: FitOptions = {
  embeddings: data.embeddings,
  engine: { inputDim: data.inputDim, hidden: 12, learningRate: 0.01, seed: 5 },
  epochs: 6,
  convergence: false,
};
const withoutTime = (h: EpochRecord[]) => h.map(({ seconds: _s, ...rest }) => rest);

describe('fit', () => {
  it('learns the planted teacher well above the majority class, and the validation NLL is recorded', async () => {
    const { trainer, history } = await fit(train, { ...base, epochs: 25, validation });
    const m = evaluate(predictSet(trainer, test), test.labels, { classes: 6 });
    const counts = new Array(6).fill(0);
    for (const y of test.labels) counts[y]++;
    const majority = Math.max(...counts) / test.size;
    expect(m.accuracy).toBeGreaterThan(majority + 0.25);
    expect(history[0]?.validation?.nll).toBeGreaterThan(history.at(-1)?.validation?.nll ?? Infinity);
    expect(history.at(-1)?.loss).toBeLessThan(history[0]?.loss ?? 0);
    trainer.free();
  });

  it('gives identical histories and weights for the same seed', async () => {
    const a = await fit(train, { ...base, validation });
    const b = await fit(train, { ...base, validation });
    expect(withoutTime(b.history)).toEqual(withoutTime(a.history));
    expect(b.trainer.params()).toEqual(a.trainer.params());
    const c = await fit(train, { ...base, engine: { ...base.engine, seed: 6 } });
    expect(c.trainer.params()).not.toEqual(a.trainer.params());
    for (const r of [a, b, c]) r.trainer.free();
  });

  it('resumes from a checkpoint exactly where it stopped', async () => {
    const full = await fit(train, base);
    const checkpoints: Uint8Array[] = [];
    const first = await fit(train, { ...base, epochs: 3, onCheckpoint: (c) => checkpoints.push(c) });
    const resumed = await fit(train, { ...base, resumeFrom: checkpoints[2] });
    expect(withoutTime(resumed.history)).toEqual(withoutTime(full.history));
    expect(resumed.trainer.params()).toEqual(full.trainer.params());
    for (const r of [full, first, resumed]) r.trainer.free();
  });

  it('awaits the callbacks’ promises (pause, yield) without changing the result or the epoch times', async () => {
    const plain = await fit(train, { ...base, epochs: 3, validation });
    let started: unknown;
    const seen: unknown[] = [];
    let steps = 0;
    const paused = await fit(train, {
      ...base,
      epochs: 3,
      validation,
      onStart: (t) => {
        started = t;
      },
      // A 100 ms pause after every 5th step and a 30 ms one after every epoch.
      onStep: () => (++steps % 5 === 0 ? new Promise((r) => setTimeout(r, 100)) : undefined),
      onEpoch: (_record, t) => {
        seen.push(t);
        return new Promise((r) => setTimeout(r, 30));
      },
    });
    expect(started).toBe(paused.trainer);
    expect(seen).toEqual([paused.trainer, paused.trainer, paused.trainer]);
    expect(withoutTime(paused.history)).toEqual(withoutTime(plain.history));
    expect(paused.trainer.params()).toEqual(plain.trainer.params());
    // Each epoch paused 100 ms per 5 steps; none of it is in the epoch's seconds (half of it is
    // the margin for a loaded machine).
    const perEpoch = Math.floor(paused.history[0].steps / 5) * 0.1;
    expect(perEpoch).toBeGreaterThanOrEqual(0.2);
    for (const [i, r] of paused.history.entries())
      expect(r.seconds).toBeLessThan(plain.history[i].seconds + perEpoch / 2);
    // An abort during a pause stops after that step.
    const controller = new AbortController();
    const aborted = await fit(train, {
      ...base,
      signal: controller.signal,
      onStep: (_s, where) => {
        if (where.batch === 2) controller.abort();
        return Promise.resolve();
      },
    });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.history).toHaveLength(0);
    for (const r of [plain, paused, aborted]) r.trainer.free();
  });

  it('stops on abort, on convergence, and early-stops restoring the best epoch', async () => {
    const controller = new AbortController();
    const aborted = await fit(train, {
      ...base,
      signal: controller.signal,
      onEpoch: () => controller.abort(),
    });
    expect(aborted.stoppedBy).toBe('aborted');
    expect(aborted.history).toHaveLength(1);

    const converged = await fit(train, { ...base, epochs: 50, convergence: { tolerance: 0.5, patience: 2 } });
    expect(converged.stoppedBy).toBe('converged');
    expect(converged.history.length).toBeLessThan(50);

    const early = await fit(train, {
      ...base,
      epochs: 40,
      engine: { ...base.engine, family: 'none', learningRate: 0.03 },
      validation,
      earlyStopping: { metric: 'nll', patience: 2 },
    });
    expect(early.stoppedBy).toBe('earlyStopping');
    const best = early.history.reduce((x, y) =>
      (y.validation?.nll ?? 0) < (x.validation?.nll ?? 0) ? y : x,
    );
    expect(early.epoch).toBe(best.epoch);
    const m = evaluate(predictSet(early.trainer, validation), validation.labels, { classes: 6 });
    expect(-m.meanLogLikelihood).toBeCloseTo(best.validation?.nll ?? 0, 5);
    for (const r of [aborted, converged, early]) r.trainer.free();
  });

  it('follows the learning-rate schedule and the KL warm-up', async () => {
    const r = await fit(train, {
      ...base,
      epochs: 4,
      learningRateSchedule: { kind: 'step', every: 2, gamma: 0.1 },
      klWarmupEpochs: 3,
    });
    expect(r.history.map((h) => h.learningRate)).toEqual([0.01, 0.01, 0.01 * 0.1, 0.01 * 0.1]);
    expect(r.history.map((h) => h.klWeight)).toEqual([0.25, 0.5, 0.75, 1]);
    r.trainer.free();
    const tempered = await fit(train, { ...base, epochs: 3, klWarmupEpochs: 1, klWeight: 0.5 });
    expect(tempered.history.map((h) => h.klWeight)).toEqual([0.25, 0.5, 0.5]);
    expect(tempered.trainer.config.klWeight).toBe(0.5);
    tempered.trainer.free();
    await expect(fit(train, { ...base, klWeight: -1 })).rejects.toThrow(
      /klWeight must be a finite number ≥ 0/,
    );
  });

  it('rejects bad options and data with clear messages', async () => {
    await expect(fit(train, { ...base, epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
    await expect(fit({ ...train, size: 0 }, base)).rejects.toThrow(/training set: empty/);
    await expect(fit(train, { ...base, earlyStopping: { metric: 'nll', patience: 1 } })).rejects.toThrow(
      /needs a validation set/,
    );
    const badLengths = { ...train, lengthsA: train.lengthsA.map((l, i) => (i === 7 ? 0 : l)) };
    await expect(fit(badLengths, base)).rejects.toThrow(/pair 7 has sentence lengths 0/);
  });
});
