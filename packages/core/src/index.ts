/**
 * @vb/core — variational Bayesian structure optimisation for a siamese RNN.
 *
 * In a browser: `await init()` once, then use the API. In Node the engine loads on import.
 */
// --- Data layer: readers, vocabulary, encoding, splits, minibatches; word vectors (see README "## Data").
export * from './data/index.js';
export {
  type Cell,
  type EngineConfig,
  type InitScheme,
  type LossAndGradient,
  type OptimizerName,
  type PairBatch,
  type PosteriorFamily,
  type PredictOptions,
  type PriorFamilyName,
  PRIOR_DEFAULTS,
  PRIOR_UPDATE_MODES,
  type PriorUpdateMode,
  type Readout,
  type ResolvedEngineConfig,
  type StdParam,
  type StepStats,
  type TensorInfo,
  Trainer,
} from './engine/trainer.js';
// Engine errors: every refusal of the engine is an EngineError with a `code` (config, shape, non-finite, state).
export {
  ENGINE_ERROR_NAMES,
  EngineError,
  type EngineErrorCode,
  type EngineErrorName,
  isEngineError,
} from './engine/errors.js';
export {
  type EngineBytes,
  type EngineSource,
  flopsPerPair,
  init,
  initEngineSync,
  simdPath,
  simdSupported,
  type WasmModule,
} from './engine/wasm.js';
// Metrics: confusion matrix, per-class / macro / weighted F1, PIT-2015 paraphrase F1, log-likelihood, Pearson.
export {
  accuracy,
  argmaxLabels,
  type BinaryScores,
  binaryF1,
  binaryScores,
  type ClassScores,
  type ConfusionMatrix,
  classScores,
  confusionMatrix,
  type EvaluateOptions,
  evaluate,
  expectedScores,
  type Labels,
  LOG_PROB_FLOOR,
  type Metrics,
  macroF1,
  macroF1FromScores,
  meanLogLikelihood,
  type ParaphraseDecision,
  type ParaphraseOptions,
  type ParaphraseScores,
  PIT_CLASSES,
  type ProbabilityMatrix,
  paraphraseF1,
  paraphraseScores,
  pearson,
  spearman,
  averageRanks,
  pitGoldBinary,
  ROW_SUM_TOLERANCE,
  weightedF1,
  weightedF1FromScores,
} from './metrics/index.js';
export { CELL_GATES, type EncoderShape, encoderShape, tensorMap, tensorsOf } from './model/layout.js';
export {
  decodeModel,
  encodeModel,
  MODEL_FORMAT,
  MODEL_VERSION,
  modelFromTrainer,
  type PruningInfo,
  type SavedModel,
  trainerFromModel,
} from './model/model-file.js';
export { type DType, decodeSafetensors, encodeSafetensors, type NamedTensor } from './model/safetensors.js';
export { type Compaction, compactEmbeddings, compactModel, liveNodes } from './prune/compact.js';
export { liveByEvidence, meanSquaredSnr, nodeGroups } from './prune/evidence.js';
export {
  type GroupSweepOptions,
  type GroupSweepPoint,
  type GroupSweepResult,
  groupImportance,
  groupIndices,
  groupSweep,
  maxRemovablePoint,
  type StructureGroup,
} from './prune/groups.js';
export { type StructureReport, structureOf } from './prune/structure.js';
export {
  evaluatePruned,
  type ImportanceScore,
  importance,
  maxPrunableFraction,
  maxPrunablePoint,
  type PrunedEvaluationOptions,
  pruneSweep,
  type SweepOptions,
  type SweepPoint,
  type SweepResult,
  unprunedPoint,
} from './prune/sweep.js';
export { keepMask, LOG_ALPHA_THRESHOLD, type ThresholdGrid, thresholds } from './prune/thresholds.js';
export {
  PLANTED_TEACHER_DEFAULTS,
  type PlantedRecovery,
  type PlantedTeacherData,
  type PlantedTeacherOptions,
  plantedRecovery,
  plantedTeacher,
} from './synthetic/planted-teacher.js';
// Training, pruning and model files.
export { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from './train/checkpoint.js';
export { type FitEngineConfig, type FitOptions, type FitResult, fit, type StopReason } from './train/fit.js';
export type { EpochRecord, ValidationRecord } from './train/history.js';
export { type PairSet, ranges, splitPairSet, subsetPairSet, validatePairSet } from './train/pair-set.js';
export { predictSet } from './train/predict-set.js';
export {
  DEFAULT_TEXT_RECIPE,
  type PredictiveUncertainty,
  type PredictTextOptions,
  type Sentence,
  type TextPrediction,
  TextPredictor,
  type TextPredictorOptions,
} from './predict/text-predictor.js';
export {
  type DataOrigin,
  TEXT_TOKENIZERS,
  type TextRecipe,
  type TextTokenizer,
} from './model/text-recipe.js';
export { checkKlWeight, DEFAULT_KL_WEIGHT, isKlWeight } from './train/kl-weight.js';
export { klWeightAt, type LearningRateSchedule, learningRateAt } from './train/schedule.js';
export * from './vectors/index.js';
// --- end of data layer.
