import { describe, expect, it } from 'vitest';
import {
  decodeModel,
  encodeModel,
  fit,
  modelFromTrainer,
  predictSet,
  Trainer,
  trainerFromModel,
} from '../src/index.js';
import { thrownEngineError } from './engine-error.js';
import { smallProblem, tinyBatch } from './helpers.js';

const { inputDim: m, embeddings, batch } = tinyBatch();
const n = 5;
const base = { inputDim: m, hidden: n, trainSize: 10, seed: 3 };

describe('prior families through WASM', () => {
  it('has one variance per group, and the closed form after a step', () => {
    const counts = {
      isotropic: 0,
      tensor: 5,
      group: m + n + 2,
      diagonal: m * n + n * n + n + 2 * n * 6 + 6,
      logUniform: 0,
    } as const;
    for (const [prior, count] of Object.entries(counts)) {
      const t = new Trainer({ ...base, prior: prior as keyof typeof counts }, embeddings);
      expect(t.config.prior).toBe(prior);
      expect(t.priorVariances(), prior).toHaveLength(count);
      t.step(batch);
      const v = t.priorVariances();
      const groups = t.priorGroups();
      if (prior === 'group' || prior === 'tensor') {
        // σ_g² = mean over the group of m² + s²
        const mean = t.means();
        const std = t.stds();
        const sum = new Float64Array(count);
        const size = new Float64Array(count);
        groups.forEach((g, i) => {
          sum[g] = (sum[g] as number) + (mean[i] as number) ** 2 + (std[i] as number) ** 2;
          size[g] = (size[g] as number) + 1;
        });
        for (let g = 0; g < count; g++) expect(v[g]).toBeCloseTo((sum[g] as number) / (size[g] as number), 6);
      } else {
        expect(groups).toHaveLength(0);
      }
      if (prior === 'logUniform') expect(t.prior()).toEqual({ mean: 0, variance: 0 });
      t.free();
    }
  });

  it('rejects variances of the wrong count or value, naming them', () => {
    const t = new Trainer({ ...base, prior: 'group' }, embeddings);
    const config = (f: () => unknown) => thrownEngineError(f, 'config').message;
    expect(config(() => t.setPriorVariances(new Float64Array(3)))).toMatch(
      /got 3 values, the Group prior has 11/,
    );
    expect(config(() => t.setPriorVariances(new Float64Array(11).fill(-1)))).toMatch(/value 0 is -1/);
    expect(config(() => t.setPrior(0.5, 1))).toMatch(/has mean 0/);
    t.free();
    const lu = new Trainer({ ...base, prior: 'logUniform', stdParam: 'logVariance' }, embeddings);
    expect(config(() => lu.setPrior(0, 1))).toMatch(/log-uniform prior has no mean or variance/);
    lu.free();
    expect(config(() => new Trainer({ ...base, prior: 'horseshoe' as never }, embeddings))).toMatch(
      /unknown variant `horseshoe`/,
    );
  });

  it('refuses impossible sizes and sample counts with the option named, and stays usable', () => {
    const config = (f: () => unknown) => thrownEngineError(f, 'config').message;
    expect(config(() => new Trainer({ ...base, hidden: 20_000 }, embeddings))).toMatch(
      /hidden\/samples: this model needs [\d.]+ GiB .* limit is 2 GiB/,
    );
    const t = new Trainer(base, embeddings);
    expect(config(() => t.predict(batch, { mcSamples: -1 }))).toMatch(
      /mcSamples: must be an integer ≥ 0, got -1/,
    );
    expect(config(() => t.predict(batch, { mcSamples: 2.5 }))).toMatch(
      /mcSamples: must be an integer ≥ 0, got 2.5/,
    );
    expect(config(() => t.predict(batch, { mcSamples: 1e9 }))).toMatch(/mcSamples: at most 100000/);
    expect(t.predict(batch, { mcSamples: 3, seed: 1 })).toHaveLength(12);
    t.free();
  });

  it('log-variance parameterisation: s = exp(ρ/2)', () => {
    const t = new Trainer(
      { ...base, prior: 'logUniform', stdParam: 'logVariance', initStd: 0.02 },
      embeddings,
    );
    const p = t.params();
    const P = t.paramCount;
    expect(p[P]).toBeCloseTo(2 * Math.log(0.02), 5);
    expect(t.stds()[0]).toBeCloseTo(0.02, 6);
    t.free();
  });

  it('model files keep the prior family, its variances and the std parameterisation', async () => {
    const { data, train, test } = smallProblem(600);
    for (const engine of [
      { prior: 'group' as const },
      { prior: 'diagonal' as const, priorUpdate: 'epoch' as const },
      { prior: 'logUniform' as const, stdParam: 'logVariance' as const },
    ]) {
      const { trainer } = await fit(train, {
        embeddings: data.embeddings,
        engine: { inputDim: data.inputDim, hidden: 6, seed: 2, ...engine },
        epochs: 2,
        convergence: false,
      });
      const back = decodeModel(
        encodeModel(modelFromTrainer(trainer, { vocabulary: data.vocabulary, embeddings: data.embeddings })),
      );
      expect(back.config.prior).toBe(engine.prior);
      const copy = trainerFromModel(back);
      expect(Array.from(copy.priorVariances())).toEqual(Array.from(trainer.priorVariances()));
      const a = predictSet(trainer, test);
      const b = predictSet(copy, test);
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] as number, 6);
      expect(copy.stds()[7]).toBeCloseTo(trainer.stds()[7] as number, 6);
      trainer.free();
      copy.free();
    }
  });
});
