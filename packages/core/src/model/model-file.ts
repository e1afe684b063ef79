/**
 * Saving and loading trained models: a versioned safetensors file.
 *
 * Tensors: for each of W, U, b, V, c — `<name>.mean` (F32) and, for Bayesian models,
 * `<name>.std` (diagonal) or one `posterior.beta` (isotropic); `prior.variances` (F64, one per
 * group) for the tensor/group/diagonal prior families; for a pruned model only the
 * surviving weights are stored, with `<name>.index` (I32 flat indices inside the tensor), so the
 * file shrinks with sparsity. Optionally `embeddings` (vocab × dim, F32).
 * Metadata (`__metadata__`, strings): `format` = "vb-model", `version` = "1", and `model`: JSON
 * with the engine config, vocabulary, vectors source, prior, history and pruning info.
 */
import { type ResolvedEngineConfig, Trainer } from '../engine/trainer.js';
import { type Compaction, compactEmbeddings } from '../prune/compact.js';
import type { EpochRecord } from '../train/history.js';
import { tensorsOf } from './layout.js';
import { nestedDeeperThan, showValue } from '../data/show.js';
import { type TextRecipe, validateTextRecipe } from './text-recipe.js';
import { encodeSafetensors, type NamedTensor, readSafetensors } from './safetensors.js';
import { requireObject } from '../args.js';

export const MODEL_FORMAT = 'vb-model';
const PRIOR_FAMILIES: readonly string[] = ['isotropic', 'tensor', 'group', 'diagonal', 'logUniform'];
export const MODEL_VERSION = 1;
/**
 * The most weights a model file may declare (2²⁸, 1 GiB of float32 means): the config is checked
 * against it before anything is allocated, so a damaged `hidden` cannot exhaust memory.
 */
const MAX_WEIGHTS = 2 ** 28;

export interface PruningInfo {
  score: 'snr' | 'magnitude';
  threshold: number;
  kept: number;
  total: number;
}

/** A trained model outside the engine. */
export interface SavedModel {
  config: ResolvedEngineConfig;
  /** Token strings in id order (row i of the embedding table is word i). */
  vocabulary: string[];
  /** Where the vectors came from (path or package name); informative. */
  vectorsSource?: string;
  /** vocab × inputDim; absent when the file stores only a reference to the vectors. */
  embeddings?: Float32Array;
  prior: { mean: number; variance: number };
  /** Per-group prior variances of the tensor/group/diagonal prior families (absent otherwise). */
  priorVariances?: Float64Array;
  history: EpochRecord[];
  /** Dense posterior means (zeros where pruned). */
  means: Float32Array;
  /** Dense posterior stds (empty for family `none`). */
  stds: Float32Array;
  /** Keep-mask when the model was pruned. */
  mask?: Uint8Array;
  pruning?: PruningInfo;
  /** For a compacted model: which input dimensions and hidden units of the original it keeps. */
  compaction?: Compaction;
  /** How raw text becomes its input and its classes read back (absent in older files). */
  text?: TextRecipe;
}

/** `v`, or undefined when it is empty (families without prior variances). */
function nonEmpty(v: Float64Array): Float64Array | undefined {
  return v.length > 0 ? v : undefined;
}

/** Collects a trainer's posterior (and, optionally, a pruning mask) into a `SavedModel`. */
export function modelFromTrainer(
  trainer: Trainer,
  extra: {
    vocabulary: string[];
    history?: EpochRecord[];
    embeddings?: Float32Array;
    vectorsSource?: string;
    mask?: Uint8Array;
    pruning?: PruningInfo;
    text?: TextRecipe;
  },
): SavedModel {
  const means = trainer.means();
  const stds = trainer.config.family === 'none' ? new Float32Array() : trainer.stds();
  if (extra.vocabulary.length !== trainer.vocabSize) {
    throw new Error(
      `vocabulary has ${extra.vocabulary.length} words, the model's embedding table has ${trainer.vocabSize} rows`,
    );
  }
  if (extra.mask) {
    if (extra.mask.length !== means.length)
      throw new Error(`mask has ${extra.mask.length} entries, the model has ${means.length} weights`);
    extra.mask.forEach((keep, i) => {
      if (!keep) means[i] = 0;
    });
  }
  return {
    config: trainer.config,
    vocabulary: extra.vocabulary,
    vectorsSource: extra.vectorsSource,
    embeddings: extra.embeddings,
    prior: trainer.prior(),
    // A pruned model is for deployment: its prior variances (8 bytes per weight for ARD) are left
    // out; loading it re-estimates them in closed form from the posterior.
    priorVariances: extra.mask ? undefined : nonEmpty(trainer.priorVariances()),
    history: extra.history ?? [],
    means,
    stds,
    mask: extra.mask,
    pruning: extra.pruning,
    text: extra.text,
  };
}

/** Serialises a model. `includeEmbeddings: false` stores only `vectorsSource`. */
export function encodeModel(model: SavedModel, options: { includeEmbeddings?: boolean } = {}): Uint8Array {
  requireObject(model, 'encodeModel', 'model', 'a SavedModel');
  const tensors: Record<string, NamedTensor> = {};
  const family = model.config.family;
  for (const t of tensorsOf(model.config)) {
    const size = t.rows * t.cols;
    const idx: number[] = [];
    for (let i = 0; i < size; i++) if (!model.mask || model.mask[t.offset + i]) idx.push(i);
    const pick = (src: Float32Array) => Float32Array.from(idx, (i) => src[t.offset + i] as number);
    const shape = model.mask ? [idx.length] : [t.rows, t.cols];
    tensors[`${t.name}.mean`] = { dtype: 'F32', shape, data: pick(model.means) };
    if (family === 'diagonal') tensors[`${t.name}.std`] = { dtype: 'F32', shape, data: pick(model.stds) };
    if (model.mask)
      tensors[`${t.name}.index`] = { dtype: 'I32', shape: [idx.length], data: Int32Array.from(idx) };
  }
  if (family === 'isotropic')
    tensors['posterior.beta'] = { dtype: 'F32', shape: [1], data: Float32Array.of(model.stds[0] ?? 0) };
  if (model.priorVariances)
    tensors['prior.variances'] = {
      dtype: 'F64',
      shape: [model.priorVariances.length],
      data: model.priorVariances,
    };
  const embed = options.includeEmbeddings ?? true;
  if (embed && model.embeddings) {
    tensors.embeddings = {
      dtype: 'F32',
      shape: [model.vocabulary.length, model.config.inputDim],
      data: model.embeddings,
    };
  }
  const meta = {
    config: model.config,
    vocabulary: model.vocabulary,
    vectorsSource: model.vectorsSource ?? null,
    prior: model.prior,
    history: model.history,
    pruning: model.pruning ?? null,
    sparse: Boolean(model.mask),
    compaction: model.compaction ?? null,
    text: model.text ?? null,
  };
  return encodeSafetensors(tensors, {
    format: MODEL_FORMAT,
    version: String(MODEL_VERSION),
    model: JSON.stringify(meta),
  });
}

/** Parses and validates a model file; `source` names it in errors. */
export function decodeModel(bytes: Uint8Array, source = 'model file'): SavedModel {
  requireObject(bytes, 'decodeModel', 'bytes', "a model file's bytes (Uint8Array)");
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  // The data section's tiling is checked after the tensors this model needs are found, so a
  // missing tensor is named as such rather than reported as a gap in its neighbour's data.
  const { tensors, metadata, gap } = readSafetensors(bytes, source);
  if (metadata.format !== MODEL_FORMAT) fail(`not a vb model (format ${showValue(metadata.format)})`);
  if (metadata.version !== String(MODEL_VERSION))
    fail(`model format version ${metadata.version}; this build reads version ${MODEL_VERSION}`);
  let meta: {
    config: ResolvedEngineConfig;
    vocabulary: string[];
    vectorsSource: string | null;
    prior: { mean: number; variance: number };
    history: EpochRecord[];
    pruning: PruningInfo | null;
    sparse: boolean;
    compaction?: Compaction | null;
    text?: TextRecipe | null;
  };
  try {
    meta = JSON.parse(metadata.model ?? '');
  } catch {
    return fail('metadata "model" is not valid JSON');
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
    fail('metadata "model" is not a JSON object');
  // What a model file holds is a few levels deep; far deeper is damage (and would overflow the
  // stack of whatever serialises it next).
  if (nestedDeeperThan(meta, 16)) fail('metadata "model" is nested more than 16 levels deep');
  const config = meta.config;
  const positive = (x: unknown) => Number.isInteger(x) && (x as number) >= 1;
  if (
    typeof config !== 'object' ||
    config === null ||
    !positive(config.inputDim) ||
    !positive(config.hidden) ||
    !positive(config.classes)
  ) {
    fail('metadata has no valid config (positive integers inputDim, hidden, classes)');
  }
  // The engine reads the config as it is: every setting must be a finite number or a name.
  for (const [key, v] of Object.entries(config)) {
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
      fail(`config.${key} is ${showValue(v)}, not a finite number or a name`);
  }
  if (
    config.pairFeatures !== undefined &&
    !(Number.isInteger(config.pairFeatures) && config.pairFeatures >= 0)
  ) {
    fail(`config.pairFeatures is ${showValue(config.pairFeatures)}, not an integer ≥ 0`);
  }
  if (config.family !== 'diagonal' && config.family !== 'isotropic' && config.family !== 'none') {
    fail(`config.family is ${showValue(config.family)}, not 'diagonal', 'isotropic' or 'none'`);
  }
  const priorFamily = config.prior ?? 'isotropic';
  if (!PRIOR_FAMILIES.includes(priorFamily))
    fail(`config.prior is ${showValue(config.prior)}, not one of ${PRIOR_FAMILIES.join(', ')}`);
  if (config.cell !== undefined && !['rnn', 'gru', 'lstm'].includes(config.cell))
    fail(`config.cell is ${showValue(config.cell)}, not 'rnn', 'gru' or 'lstm'`);
  if (config.readout !== undefined && !['last', 'mean', 'max'].includes(config.readout))
    fail(`config.readout is ${showValue(config.readout)}, not 'last', 'mean' or 'max'`);
  const stdParam = config.stdParam ?? 'softplus';
  if (stdParam !== 'softplus' && stdParam !== 'logVariance')
    fail(`config.stdParam is ${showValue(config.stdParam)}, not 'softplus' or 'logVariance'`);
  if (!Array.isArray(meta.vocabulary)) fail('metadata has no vocabulary');
  const notWord = meta.vocabulary.findIndex((w) => typeof w !== 'string');
  if (notWord >= 0)
    fail(`metadata vocabulary[${notWord}] is ${showValue(meta.vocabulary[notWord])}, not a string`);
  if (meta.history !== undefined && meta.history !== null && !Array.isArray(meta.history))
    fail('metadata history is not a list');
  if (
    typeof meta.vectorsSource !== 'string' &&
    meta.vectorsSource !== null &&
    meta.vectorsSource !== undefined
  )
    fail('metadata vectorsSource is not a string');
  const prior = meta.prior;
  const varianceOk = priorFamily === 'logUniform' ? (v: number) => v >= 0 : (v: number) => v > 0;
  if (
    typeof prior !== 'object' ||
    prior === null ||
    !Number.isFinite(prior.mean) ||
    !(Number.isFinite(prior.variance) && varianceOk(prior.variance))
  ) {
    fail('metadata has no valid prior (finite mean, variance > 0)');
  }
  const layout = tensorsOf(config);
  const total = layout.reduce((a, t) => a + t.rows * t.cols, 0);
  if (total > MAX_WEIGHTS)
    fail(
      `the config (inputDim ${config.inputDim}, hidden ${config.hidden}, classes ${config.classes}) implies ${total} weights, more than ${MAX_WEIGHTS}`,
    );
  const means = new Float32Array(total);
  const stds = new Float32Array(config.family === 'none' ? 0 : total);
  const mask = meta.sparse ? new Uint8Array(total) : undefined;
  const get = (name: string, dtype: string): NamedTensor => {
    const t = tensors[name];
    if (!t) return fail(`missing tensor ${name}`);
    if (t.dtype !== dtype) fail(`tensor ${name} has dtype ${t.dtype}, expected ${dtype}`);
    return t;
  };
  let priorVariances: Float64Array | undefined;
  const compaction = meta.compaction ?? undefined;
  if (compaction) validateCompaction(compaction, config, fail);
  if (tensors['prior.variances']) {
    priorVariances = Float64Array.from(get('prior.variances', 'F64').data);
    const bad = priorVariances.findIndex((v) => !(Number.isFinite(v) && v > 0));
    if (bad >= 0)
      fail(`tensor prior.variances holds ${priorVariances[bad]} at ${bad}, not a finite variance > 0`);
  }
  for (const t of layout) {
    const size = t.rows * t.cols;
    const mean = get(`${t.name}.mean`, 'F32');
    let index: Int32Array | undefined;
    if (meta.sparse) {
      index = get(`${t.name}.index`, 'I32').data as Int32Array;
      if (index.length !== mean.data.length)
        fail(`tensor ${t.name}.index has ${index.length} entries, ${t.name}.mean ${mean.data.length}`);
      for (const i of index)
        if (i < 0 || i >= size) fail(`tensor ${t.name}.index holds ${i}, outside 0..${size - 1}`);
    } else if (mean.shape.join('x') !== `${t.rows}x${t.cols}`) {
      fail(`tensor ${t.name}.mean has shape [${mean.shape}], the config implies [${t.rows}, ${t.cols}]`);
    }
    const place = (dst: Float32Array, src: NamedTensor['data']) => {
      for (let j = 0; j < src.length; j++)
        dst[t.offset + (index ? (index[j] as number) : j)] = src[j] as number;
    };
    place(means, mean.data);
    if (config.family === 'diagonal') {
      const std = get(`${t.name}.std`, 'F32');
      if (std.data.length !== mean.data.length)
        fail(`tensor ${t.name}.std has ${std.data.length} values, ${t.name}.mean ${mean.data.length}`);
      place(stds, std.data);
    }
    if (mask && index) for (const i of index) mask[t.offset + i] = 1;
  }
  if (config.family === 'isotropic') stds.fill(get('posterior.beta', 'F32').data[0] as number);
  if (mask && config.family === 'diagonal') {
    // Pruned weights: the posterior collapsed to zero; keep a valid std (the prior's) for the engine.
    const priorStd = meta.prior.variance > 0 ? Math.sqrt(meta.prior.variance) : 1;
    mask.forEach((keep, i) => {
      if (!keep) stds[i] = priorStd;
    });
  }
  for (const [name, v] of [['mean', means] as const, ['std', stds] as const]) {
    const bad = v.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`non-finite posterior ${name} at weight ${bad}`);
  }
  // A std is a scale: a negative one (or 0, whose log-parameter is −∞) cannot come from training.
  const negative = stds.findIndex((x) => x < 0);
  if (negative >= 0) fail(`negative posterior std at weight ${negative} (${stds[negative]})`);
  const zero = stds.indexOf(0);
  if (zero >= 0) fail(`posterior std 0 at weight ${zero} (a std must be > 0)`);
  let embeddings: Float32Array | undefined;
  if (tensors.embeddings) {
    const e = get('embeddings', 'F32');
    if (e.shape[0] !== meta.vocabulary.length || e.shape[1] !== config.inputDim) {
      fail(`embeddings have shape [${e.shape}], expected [${meta.vocabulary.length}, ${config.inputDim}]`);
    }
    embeddings = e.data as Float32Array;
  }
  if (gap !== undefined) fail(gap);
  return {
    config,
    vocabulary: meta.vocabulary,
    vectorsSource: meta.vectorsSource ?? undefined,
    embeddings,
    prior: meta.prior,
    priorVariances,
    history: meta.history ?? [],
    means,
    stds,
    mask,
    pruning: meta.pruning ?? undefined,
    compaction,
    text: meta.text ? validateTextRecipe(meta.text, config.classes, fail) : undefined,
  };
}

function validateCompaction(c: Compaction, config: ResolvedEngineConfig, fail: (why: string) => never): void {
  const ascending = (v: unknown, size: number, bound: unknown) =>
    Array.isArray(v) &&
    v.length === size &&
    Number.isInteger(bound) &&
    v.every(
      (x, i) =>
        Number.isInteger(x) && x >= 0 && x < (bound as number) && (i === 0 || x > (v[i - 1] as number)),
    );
  if (!ascending(c.inputColumns, config.inputDim, c.inputDim)) {
    fail(
      `compaction.inputColumns must list ${config.inputDim} ascending columns below compaction.inputDim ${showValue(c.inputDim)}`,
    );
  }
  if (!ascending(c.hiddenUnits, config.hidden, c.hidden)) {
    fail(
      `compaction.hiddenUnits must list ${config.hidden} ascending units below compaction.hidden ${showValue(c.hidden)}`,
    );
  }
}

/** softplus⁻¹(s) = log(eˢ − 1), stable. */
function softplusInverse(s: number): number {
  return s + Math.log(-Math.expm1(-s));
}

/** ρ of a posterior std under the model's parameterisation. */
function rhoOf(s: number, stdParam: string | undefined): number {
  return stdParam === 'logVariance' ? 2 * Math.log(s) : softplusInverse(s);
}

/** A trainer holding a saved model's posterior (predict with `model.mask` for a pruned model). */
export function trainerFromModel(
  model: SavedModel,
  embeddingsArg?: Float32Array,
): Trainer {
  requireObject(model, 'trainerFromModel', 'model', 'a SavedModel (decodeModel)');
  let embeddings = embeddingsArg ?? model.embeddings;
  if (!embeddings)
    throw new Error('the model file does not embed its vectors; pass the embedding table (vocab × inputDim)');
  // A compacted model reads only some columns of the full word vectors.
  const vocab = model.vocabulary.length;
  if (
    model.compaction &&
    embeddings.length === vocab * model.compaction.inputDim &&
    model.compaction.inputDim !== model.config.inputDim
  ) {
    embeddings = compactEmbeddings(embeddings, vocab, model.compaction);
  }
  const p = model.means.length;
  const family = model.config.family;
  const params = new Float32Array(p + (family === 'diagonal' ? p : family === 'isotropic' ? 1 : 0));
  params.set(model.means);
  const stdParam = model.config.stdParam;
  if (family === 'diagonal')
    for (let i = 0; i < p; i++) params[p + i] = rhoOf(model.stds[i] as number, stdParam);
  if (family === 'isotropic') params[p] = rhoOf(model.stds[0] as number, stdParam);
  const trainer = new Trainer(model.config, embeddings);
  try {
    trainer.setParams(params);
    const priorFamily = model.config.prior ?? 'isotropic';
    if (priorFamily === 'isotropic') trainer.setPrior(model.prior.mean, model.prior.variance);
    else if (model.priorVariances) trainer.setPriorVariances(model.priorVariances);
    // Pruned and compacted files carry no prior variances: the closed form of the posterior.
    else if (priorFamily !== 'logUniform') trainer.updatePrior();
  } catch (e) {
    trainer.free();
    throw e;
  }
  return trainer;
}
