/** Metrics of sentence-pair classification (docs/METHOD.md §1): one concept per file, collected here. */
export { accuracy } from './accuracy.js';
export { argmaxLabels } from './argmax.js';
export { macroF1, weightedF1 } from './averaged-f1.js';
export { type BinaryScores, binaryF1, binaryScores } from './binary-f1.js';
export { type ClassScores, classScores, macroF1FromScores, weightedF1FromScores } from './class-scores.js';
export { type ConfusionMatrix, confusionMatrix } from './confusion.js';
export { type EvaluateOptions, evaluate, type Metrics } from './evaluate.js';
export { expectedScores } from './expected-score.js';
export { type Labels, type ProbabilityMatrix, ROW_SUM_TOLERANCE } from './input.js';
export { LOG_PROB_FLOOR, meanLogLikelihood } from './log-likelihood.js';
export {
  PIT_CLASSES,
  type ParaphraseDecision,
  type ParaphraseOptions,
  type ParaphraseScores,
  paraphraseF1,
  paraphraseScores,
  pitGoldBinary,
} from './paraphrase.js';
export { pearson } from './pearson.js';
export { averageRanks, spearman } from './spearman.js';
