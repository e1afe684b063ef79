/** The built-in task: sentence pairs labelled by a planted sparse teacher RNN (offline, no files). */
import { type PairSet, plantedTeacher, splitPairSet } from '@vb/core';
import { labelHistogram, type SweepData } from './loaded.js';

/** The built-in planted-teacher task, split 70/15/15 stratified. */
export function builtinData(split: [number, number, number], splitSeed: number): SweepData {
  const d = plantedTeacher();
  const [train, validation, test] = splitPairSet(d.set, { fractions: split, seed: splitSeed }) as [
    PairSet,
    PairSet,
    PairSet,
  ];
  return {
    name: 'builtin:planted-teacher',
    description:
      `Synthetic sentence pairs labelled by a planted sparse teacher RNN (${d.options.teacherHidden} hidden units reading ` +
      `${d.options.usedInputs} of ${d.inputDim} input dimensions, ${d.options.vocabSize} words, ${d.options.pairs} pairs, K = ${d.classes}).`,
    train,
    validation,
    test,
    embeddings: d.embeddings,
    inputDim: d.inputDim,
    pairFeatureNames: [],
    classes: d.classes,
    vocabulary: d.vocabulary,
    planted: d.planted,
    scoring: { paraphrase: false },
    stats: {
      pairs: d.set.size,
      train: train.size,
      validation: validation.size,
      test: test.size,
      labelHistogram: labelHistogram(d.set, d.classes),
      teacher: d.options,
    },
  };
}
