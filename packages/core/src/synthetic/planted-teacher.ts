/**
 * The built-in dataset: sentence pairs labelled by a planted sparse teacher network.
 *
 * A random vocabulary of `vocabSize` words gets `inputDim`-dimensional Gaussian word vectors.
 * The teacher is the same siamese tanh RNN as the student, but small and sparse: only
 * `teacherHidden` hidden units and the first `usedInputs` input dimensions carry weights (every
 * other weight is exactly zero), with a `density` fraction of the remaining W and U entries kept.
 * Each pair's label is drawn from the teacher's softmax at `temperature`, with the class biases
 * balanced so all K classes occur. Half of the pairs share words (a paraphrase-like structure).
 *
 * Because the planted structure is known, a pruning sweep on a wider student can be scored on how
 * well it recovers it: which input dimensions survive (see `plantedRecovery`).
 */
import { Trainer } from '../engine/trainer.js';
import type { PairSet } from '../train/pair-set.js';
import { predictSet } from '../train/predict-set.js';
import { type Random, seededRandom } from '../data/random.js';

export interface PlantedTeacherOptions {
  pairs?: number;
  vocabSize?: number;
  inputDim?: number;
  /** Input dimensions the teacher reads (the first `usedInputs`). */
  usedInputs?: number;
  teacherHidden?: number;
  /** Fraction of the teacher's W/U entries (within the used block) that are non-zero. */
  density?: number;
  classes?: number;
  minLength?: number;
  maxLength?: number;
  temperature?: number;
  seed?: number;
}

export interface PlantedTeacherData {
  /** All pairs, in generation order. */
  set: PairSet;
  vocabulary: string[];
  /** vocabSize × inputDim word vectors. */
  embeddings: Float32Array;
  inputDim: number;
  classes: number;
  /** The planted structure: input dimensions and hidden units the teacher uses. */
  planted: { usedInputs: number[]; teacherHidden: number; nonZeroWeights: number; totalWeights: number };
  options: Required<PlantedTeacherOptions>;
}

export const PLANTED_TEACHER_DEFAULTS: Required<PlantedTeacherOptions> = {
  pairs: 3000,
  vocabSize: 400,
  inputDim: 24,
  usedInputs: 6,
  teacherHidden: 6,
  density: 0.6,
  classes: 6,
  minLength: 3,
  maxLength: 12,
  temperature: 0.35,
  seed: 2018,
};

function gaussian(random: Random): number {
  // Box–Muller; u1 in (0, 1].
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Generates the planted-teacher dataset (deterministic for a seed). */
export function plantedTeacher(options: PlantedTeacherOptions = {}): PlantedTeacherData {
  const o = { ...PLANTED_TEACHER_DEFAULTS, ...options };
  if (o.usedInputs > o.inputDim) throw new Error(`plantedTeacher: usedInputs ${o.usedInputs} > inputDim ${o.inputDim}`);
  if (o.minLength < 1 || o.maxLength < o.minLength) throw new Error('plantedTeacher: need 1 ≤ minLength ≤ maxLength');
  const random = seededRandom(o.seed);
  const below = (n: number) => Math.floor(random() * n);
  const m = o.inputDim;
  const n = o.teacherHidden;
  const k = o.classes;
  const vocabulary = Array.from({ length: o.vocabSize }, (_, i) => `w${i}`);
  const embeddings = Float32Array.from({ length: o.vocabSize * m }, () => gaussian(random));

  // Sentences: random words; pairs share a prefix of words half the time.
  const t = o.maxLength;
  const tokensA = new Uint32Array(o.pairs * t);
  const tokensB = new Uint32Array(o.pairs * t);
  const lengthsA = new Uint32Array(o.pairs);
  const lengthsB = new Uint32Array(o.pairs);
  const span = o.maxLength - o.minLength + 1;
  for (let i = 0; i < o.pairs; i++) {
    const la = o.minLength + below(span);
    const lb = o.minLength + below(span);
    lengthsA[i] = la;
    lengthsB[i] = lb;
    for (let j = 0; j < la; j++) tokensA[i * t + j] = below(o.vocabSize);
    const shared = random() < 0.5 ? below(Math.min(la, lb) + 1) : 0;
    for (let j = 0; j < lb; j++) tokensB[i * t + j] = j < shared ? (tokensA[i * t + j] as number) : below(o.vocabSize);
  }

  // Teacher weights, laid out as the engine's [W | U | b | V | c].
  const sizes = { W: m * n, U: n * n, b: n, V: 2 * n * k, c: k };
  const weights = new Float32Array(sizes.W + sizes.U + sizes.b + sizes.V + sizes.c);
  let nonZero = 0;
  const scaleW = 1.6 / Math.sqrt(o.usedInputs * o.density);
  const scaleU = 0.8 / Math.sqrt(n * o.density);
  for (let r = 0; r < o.usedInputs; r++) {
    for (let j = 0; j < n; j++) {
      if (random() < o.density) {
        weights[r * n + j] = gaussian(random) * scaleW;
        nonZero++;
      }
    }
  }
  for (let i = 0; i < n * n; i++) {
    if (random() < o.density) {
      weights[sizes.W + i] = gaussian(random) * scaleU;
      nonZero++;
    }
  }
  const vAt = sizes.W + sizes.U + sizes.b;
  for (let i = 0; i < sizes.V; i++) weights[vAt + i] = (gaussian(random) * 3) / Math.sqrt(2 * n);
  nonZero += sizes.V;
  const cAt = vAt + sizes.V;

  const set: PairSet = { size: o.pairs, maxLength: t, tokensA, tokensB, lengthsA, lengthsB, labels: new Uint32Array(o.pairs) };
  const teacher = new Trainer({ inputDim: m, hidden: n, classes: k, family: 'none', trainSize: o.pairs }, embeddings);
  try {
    // Balance the classes: shift the biases towards the classes the teacher under-predicts.
    for (let round = 0; round < 30; round++) {
      teacher.setParams(weights);
      const probs = predictSet(teacher, set);
      const mass = new Float64Array(k);
      for (let i = 0; i < probs.length; i++) mass[i % k] = (mass[i % k] as number) + (probs[i] as number);
      for (let c = 0; c < k; c++) weights[cAt + c] = (weights[cAt + c] as number) - 0.5 * Math.log((mass[c] as number) / (o.pairs / k));
    }
    // Draw the labels from the tempered softmax of the teacher's logits.
    teacher.setParams(weights);
    const probs = predictSet(teacher, set);
    for (let i = 0; i < o.pairs; i++) {
      const logits = Array.from({ length: k }, (_, c) => Math.log(Math.max(probs[i * k + c] as number, 1e-30)) / o.temperature);
      const max = Math.max(...logits);
      const w = logits.map((z) => Math.exp(z - max));
      const total = w.reduce((a, b) => a + b, 0);
      let u = random() * total;
      let label = k - 1;
      for (let c = 0; c < k; c++) {
        u -= w[c] as number;
        if (u < 0) {
          label = c;
          break;
        }
      }
      set.labels[i] = label;
    }
  } finally {
    teacher.free();
  }
  return {
    set,
    vocabulary,
    embeddings,
    inputDim: m,
    classes: k,
    planted: {
      usedInputs: Array.from({ length: o.usedInputs }, (_, i) => i),
      teacherHidden: n,
      nonZeroWeights: nonZero,
      totalWeights: weights.length,
    },
    options: o,
  };
}

/** How well a student's live structure matches the planted one (see {@link plantedRecovery}). */
export interface PlantedRecovery {
  aliveInputs: number[];
  /** Input dimensions, by index: precision and recall of "alive" against "used by the teacher". */
  precision: number;
  recall: number;
  liveUnits: number;
  /** Hidden units, by count (a student's units match the teacher's only up to a permutation). */
  unitPrecision: number;
  unitRecall: number;
}

/**
 * How well the live input dimensions and hidden units of a student (e.g. `liveNodes` of a pruning
 * mask, or `liveByEvidence`) recover the planted structure: inputs by index; units by count,
 * precision = min(1, teacher units / live units), recall = min(1, live units / teacher units).
 */
export function plantedRecovery(
  live: { inputs: number[]; units: number[] },
  planted: { usedInputs: number[]; teacherHidden: number },
): PlantedRecovery {
  const used = new Set(planted.usedInputs);
  const hits = live.inputs.filter((i) => used.has(i)).length;
  const units = live.units.length;
  const teacher = planted.teacherHidden;
  return {
    aliveInputs: live.inputs,
    precision: live.inputs.length === 0 ? 0 : hits / live.inputs.length,
    recall: used.size === 0 ? 1 : hits / used.size,
    liveUnits: units,
    unitPrecision: units === 0 ? 0 : Math.min(1, teacher / units),
    unitRecall: teacher === 0 ? 1 : Math.min(1, units / teacher),
  };
}
