/** Shared fixtures for the training tests: a small planted-teacher problem split three ways. */
import { plantedTeacher, subsetPairSet } from '../src/index.js';

export function smallProblem(pairs = 3000) {
  const data = plantedTeacher({ pairs });
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const nTrain = Math.round(pairs * 0.7);
  const nVal = Math.round(pairs * 0.15);
  return {
    data,
    train: subsetPairSet(data.set, range(0, nTrain)),
    validation: subsetPairSet(data.set, range(nTrain, nTrain + nVal)),
    test: subsetPairSet(data.set, range(nTrain + nVal, pairs)),
  };
}

/**
 * A tiny engine fixture: a 9-word table of 4-dimensional vectors and one batch of B = 2 pairs,
 * T = 3 (rows a0, a1, b0, b1), for tests of the engine's API rather than of learning.
 */
export function tinyBatch() {
  const inputDim = 4;
  const vocab = 9;
  return {
    inputDim,
    embeddings: Float32Array.from({ length: vocab * inputDim }, (_, i) => Math.sin(i * 1.7)),
    batch: {
      tokens: Uint32Array.from([1, 2, 3, 4, 5, 0, 6, 7, 8, 2, 0, 0]),
      lengths: Uint32Array.from([3, 2, 3, 1]),
      labels: Uint32Array.from([0, 5]),
    },
  };
}
