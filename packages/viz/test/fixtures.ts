/** Small synthetic inputs shaped like @vb/core's results (built here: @vb/viz must not need @vb/core). */
import type { EpochLike, LabelledHistory, LabelledSweep, SweepLike, TensorLambdas } from '../src/index.js';

/** A deterministic PRNG (mulberry32), so fixtures are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A sweep over `count` thresholds: τ = 0 first, F1 and likelihood falling as weights go. */
export function fakeSweep(score: 'snr' | 'magnitude', quality: number, count = 12, total = 1000): SweepLike {
  const points = Array.from({ length: count }, (_, i) => {
    const keptFraction = 1 - i / count;
    const kept = Math.round(keptFraction * total);
    const loss = (1 - keptFraction) ** 3;
    const f1 = quality * (1 - 0.8 * loss);
    return {
      threshold: i === 0 ? 0 : (score === 'snr' ? 0.05 : 0.001) * 1.6 ** i,
      kept,
      keptFraction,
      structure: {
        aliveHidden: 16,
        functionalHidden: 16 - i,
        aliveInputs: 50 - i,
        hidden: 16,
        inputDim: 50,
        keptPerTensor: { W: kept - 40, U: 20, b: 10, V: 8, c: 2 },
      },
      metrics: {
        macroF1: f1,
        accuracy: 0.3 + f1 / 2,
        meanLogLikelihood: -1.6 - 2 * loss,
        paraphrase: { f1: f1 + 0.2 },
      },
    };
  });
  return { score, total, points };
}

/** Three models, as the CLI's sweep would label them. */
export function fakeSweeps(): LabelledSweep[] {
  return [
    { model: 'RNN + variational (D, I)', sweep: fakeSweep('snr', 0.33) },
    { model: 'RNN + variational (I, I)', sweep: fakeSweep('snr', 0.31) },
    { model: 'RNN (magnitude)', sweep: fakeSweep('magnitude', 0.36) },
  ];
}

/** A history of `epochs` epochs, with validation. */
export function fakeHistory(epochs: number, offset = 0): EpochLike[] {
  return Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    loss: 2 + offset + 1 / (i + 1),
    nll: 1.7 + offset + 0.5 / (i + 1),
    kl: 3000 / (i + 1),
    penalty: 0,
    priorMean: 0.001 * i,
    priorVariance: 0.5 / (1 + 0.1 * i),
    learningRate: 0.01,
    klWeight: 1,
    steps: 20,
    seconds: 0.5,
    validation: { nll: 1.75 + offset + 0.45 / (i + 1), accuracy: 0.4, macroF1: 0.3 },
  }));
}

export function fakeHistories(): LabelledHistory[] {
  return [
    { model: 'RNN + variational (D, I)', history: fakeHistory(8) },
    { model: 'RNN + variational (I, I)', history: fakeHistory(8, 0.05) },
  ];
}

/** λ of a small network (m = 10 inputs, n = 6 hidden), log-normal with a few exact zeros. */
export function fakeLambdas(model = 'RNN + variational (D, I)', seed = 7): TensorLambdas {
  const r = rng(seed);
  const draw = (n: number) =>
    Float32Array.from({ length: n }, () => {
      const u = Math.max(r(), 1e-9);
      const v = r();
      return Math.exp(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * 1.5);
    });
  const W = draw(60);
  W[0] = 0;
  return { model, tensors: { W, U: draw(36), b: Array.from(draw(6)), V: draw(72), c: draw(6) } };
}
