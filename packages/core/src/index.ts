/**
 * @vb/core — variational Bayesian structure optimisation for a siamese RNN.
 *
 * In a browser: `await init()` once, then use the API. In Node the engine loads on import.
 */
export { flopsPerPair, simdPath } from '../wasm/vb_wasm.js';
export {
  type EngineConfig,
  type InitScheme,
  type LossAndGradient,
  type OptimizerName,
  type PairBatch,
  type PosteriorFamily,
  type PredictOptions,
  type PriorUpdateMode,
  type ResolvedEngineConfig,
  type StepStats,
  type TensorInfo,
  Trainer,
} from './engine/trainer.js';
export { init, initEngineSync, simdSupported } from './engine/wasm.js';
