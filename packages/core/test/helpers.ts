/** Shared fixtures for the training tests: a small planted-teacher problem split three ways. */
import { type PairSet, plantedTeacher } from '../src/index.js';

export function subset(set: PairSet, ids: number[]): PairSet {
  const t = set.maxLength;
  const rows = (src: Uint32Array) => {
    const out = new Uint32Array(ids.length * t);
    ids.forEach((p, i) => {
      out.set(src.subarray(p * t, (p + 1) * t), i * t);
    });
    return out;
  };
  const pick = (src: Uint32Array) => Uint32Array.from(ids, (p) => src[p] as number);
  return {
    size: ids.length,
    maxLength: t,
    tokensA: rows(set.tokensA),
    tokensB: rows(set.tokensB),
    lengthsA: pick(set.lengthsA),
    lengthsB: pick(set.lengthsB),
    labels: pick(set.labels),
  };
}

export function smallProblem(pairs = 3000) {
  const data = plantedTeacher({ pairs });
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const nTrain = Math.round(pairs * 0.7);
  const nVal = Math.round(pairs * 0.15);
  return {
    data,
    train: subset(data.set, range(0, nTrain)),
    validation: subset(data.set, range(nTrain, nTrain + nVal)),
    test: subset(data.set, range(nTrain + nVal, pairs)),
  };
}
