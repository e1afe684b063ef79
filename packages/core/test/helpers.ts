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
