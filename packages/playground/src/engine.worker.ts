/**
 * The engine worker: everything @vb/core does for the page — data, training, pruning, prediction,
 * model files — off the main thread, so the page never freezes.
 *
 * Training is @vb/core's `fit` with vb-cli train's defaults (cosine learning rate, 3 KL warm-up
 * epochs, batches of 32, clip norm 5, prior updated every step, validation after each epoch), so
 * a model trained here is the one `vb-cli train` would give with the same settings (the browser
 * test checks the loss against Node's `fit`). Its step callback yields to the worker's event loop
 * every ~25 ms, so pause, stop, the λ slider and predictions are answered while it trains.
 */
import {
  aliasFallbacks,
  buildEmbedding,
  countTokens,
  decodeModel,
  DEFAULT_SPLIT,
  DEFAULT_SPLIT_SEED,
  decodeText,
  embeddingMatrix,
  encodeModel,
  encodePairs,
  type EpochRecord,
  evaluate,
  evaluatePruned,
  fit,
  importance,
  init,
  keepMask,
  liveNodes,
  modelFromTrainer,
  OVERLAP_FEATURES,
  overlapFeatures,
  type PairDataset,
  type PairSet,
  parseGlove,
  predictSet,
  pruneSweep,
  type SavedModel,
  simdPath,
  splitPairSet,
  structureOf,
  subsetPairSet,
  type TextRecipe,
  TextPredictor,
  type Trainer,
  trainerFromModel,
  type Vocabulary,
  type WordVectors,
  withFallbackForms,
} from '@vb/core';
import builtinTask from 'virtual:vb-builtin-task';
import { decodeBuiltinTask } from './builtin-task.js';
import { formatOf, hashedVectors, MAX_LENGTH, previewTable, readTable, TOKENIZER } from './data.js';
import type {
  ColumnChoice,
  DataSummary,
  EngineMessage,
  EngineRequest,
  LambdaSnapshot,
  ModelSummary,
  PruneResult,
  StepPoint,
  TrainSettings,
  VectorChoice,
} from './protocol.js';

const scope = self as unknown as {
  postMessage(message: EngineMessage, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<EngineRequest>) => void) | null;
};
const post = (m: EngineMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

/** The built-in task's name, as vb-cli records it in a model's `vectorsSource`. */
const BUILTIN = 'builtin:planted-teacher';

interface Data {
  kind: 'builtin' | 'table';
  name: string;
  description: string;
  train: PairSet;
  validation: PairSet;
  test: PairSet;
  /** A fixed subset of the training pairs (≤ 256) for the training macro-F1 curve. */
  trainSample: PairSet;
  /** The tokenised splits of a table (to encode them with another model's vocabulary). */
  raw?: [PairDataset, PairDataset, PairDataset];
  embeddings: Float32Array;
  vocabulary: string[];
  inputDim: number;
  classes: number;
  labelNames?: string[];
  text?: TextRecipe;
  vectors?: WordVectors;
  vectorsSource: string;
  summary: DataSummary;
}

interface Model {
  trainer: Trainer;
  history: EpochRecord[];
  vocabulary: string[];
  embeddings: Float32Array;
  vectorsSource?: string;
  text?: TextRecipe;
  name: string;
  source: 'trained' | 'uploaded';
  /** The uploaded file's own keep-mask (a pruned model). */
  baseMask?: Uint8Array;
  /** Validation and test sets encoded for this model (absent: the loaded data cannot score it). */
  sets?: { validation: PairSet; test: PairSet };
  note?: string;
}

let data: Data | undefined;
let model: Model | undefined;
let predictor: { forSteps: number; value: TextPredictor } | undefined;
/** The threshold of the last prune request: predictions and pruned downloads use it. */
let threshold = 0;
interface TrainingState {
  paused: boolean;
  stopped: boolean;
  controller: AbortController;
  wake?: () => void;
}
let training: TrainingState | undefined;
/** ms spent answering requests other than training (subtracted from the training time). */
let otherMs = 0;

// ---------------------------------------------------------------------------------------------
// Yielding without timer clamping: a message to ourselves is a task, so the worker's queue (pause,
// stop, prune, predict) runs before the loop goes on.
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldNow = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

// ---------------------------------------------------------------------------------------------
// Data

function summarise(
  d: Omit<Data, 'summary'>,
  examples: DataSummary['examples'],
  coverage?: DataSummary['coverage'],
): DataSummary {
  return {
    kind: d.kind,
    name: d.name,
    description: d.description,
    sizes: { train: d.train.size, validation: d.validation.size, test: d.test.size },
    classes: d.classes,
    labelNames: d.labelNames,
    inputDim: d.inputDim,
    vocabSize: d.vocabulary.length,
    coverage,
    examples,
  };
}

function sampleOf(set: PairSet): PairSet {
  const size = 256;
  if (set.size <= size) return set;
  const step = set.size / size;
  return subsetPairSet(
    set,
    Array.from({ length: size }, (_, i) => Math.floor(i * step)),
  );
}

function loadBuiltin(): Data {
  // vb-cli's built-in task: plantedTeacher() with its defaults (generated at build time), split
  // 70/15/15 with seed 2015.
  const d = decodeBuiltinTask(builtinTask);
  const [train, validation, test] = splitPairSet(d.set, {
    fractions: DEFAULT_SPLIT,
    seed: DEFAULT_SPLIT_SEED,
  }) as [PairSet, PairSet, PairSet];
  const o = d.options;
  const words = (tokens: Uint32Array, at: number, length: number) =>
    Array.from(
      tokens.subarray(at * test.maxLength, at * test.maxLength + length),
      (id) => d.vocabulary[id],
    ).join(' ');
  const examples = Array.from({ length: Math.min(8, test.size) }, (_, i) => ({
    a: words(test.tokensA, i, test.lengthsA[i] as number),
    b: words(test.tokensB, i, test.lengthsB[i] as number),
    label: test.labels[i] as number,
  }));
  const base = {
    kind: 'builtin' as const,
    name: BUILTIN,
    description:
      `Synthetic sentence pairs labelled by a planted sparse teacher RNN: ${o.teacherHidden} hidden units reading ` +
      `${o.usedInputs} of ${d.inputDim} input dimensions, ${o.vocabSize} words (w0 … w${o.vocabSize - 1}), ${o.pairs} pairs, ${d.classes} classes.`,
    train,
    validation,
    test,
    trainSample: sampleOf(train),
    embeddings: d.embeddings,
    vocabulary: d.vocabulary,
    inputDim: d.inputDim,
    classes: d.classes,
    vectorsSource: BUILTIN,
  };
  return { ...base, summary: summarise(base, examples) };
}

async function loadVectors(
  choice: VectorChoice,
  wanted: Set<string>,
): Promise<{ vectors: WordVectors; source: string }> {
  if (choice.kind === 'hashed')
    return { vectors: hashedVectors(wanted, choice.dim), source: `hashed:${choice.dim}` };
  const file = choice.file;
  const gzip = /\.gz$/i.test(file.name);
  const chunks = decodeText(file.stream() as ReadableStream<Uint8Array>, { gzip, source: file.name });
  const loaded = await parseGlove(chunks, wanted, { file: file.name });
  if (loaded.vectors.words.length === 0)
    throw new Error(
      `${file.name}: no word of the corpus has a vector there (${loaded.stats.read} vector lines read) — is it a GloVe/word2vec text file for this corpus?`,
    );
  return { vectors: loaded.vectors, source: file.name };
}

async function loadTable(file: File, columns: ColumnChoice, vectorChoice: VectorChoice): Promise<Data> {
  const text = await file.text();
  const table = readTable(file.name, text, columns);
  const [tr, va, te] = table.splits;
  const counts = countTokens(tr, va, te);
  post({
    type: 'status',
    text: `Read ${tr.pairs.length + va.pairs.length + te.pairs.length} pairs; loading word vectors…`,
  });
  const { vectors: loaded, source } = await loadVectors(vectorChoice, withFallbackForms(counts.keys()));
  const { vectors } = aliasFallbacks(loaded, counts.keys());
  const e = buildEmbedding(counts, vectors);
  const encode = (d: PairDataset) => encodePairs(d, e.vocabulary, { maxLength: MAX_LENGTH });
  const [train, validation, test] = [encode(tr), encode(va), encode(te)];
  const format = formatOf(file.name, text.slice(0, 65536));
  const text_: TextRecipe = {
    tokenizer: TOKENIZER,
    lowercase: true,
    maxLength: MAX_LENGTH,
    ...(table.labelNames ? { labelNames: table.labelNames } : {}),
    ...(table.scoreRange ? { scoreRange: table.scoreRange, binning: table.binning } : {}),
    origin: {
      data: `${format}:${file.name}`,
      ...(vectorChoice.kind === 'file' ? { vectors: source } : {}),
      split: [...DEFAULT_SPLIT],
      splitSeed: DEFAULT_SPLIT_SEED,
    },
  };
  const examples = te.pairs.slice(0, 8).map((p) => ({ a: p.a.join(' '), b: p.b.join(' '), label: p.label }));
  const base = {
    kind: 'table' as const,
    name: file.name,
    description:
      `${file.name}: ${table.classes} classes${table.labelNames ? ` (${table.labelNames.join(', ')})` : ''}, ` +
      `split 70/15/15 stratified by class (seed ${DEFAULT_SPLIT_SEED})${table.skipped ? `, ${table.skipped} invalid records skipped` : ''}; ` +
      `vectors: ${vectorChoice.kind === 'file' ? source : `built-in hashed vectors (dimension ${vectorChoice.dim})`}.`,
    train,
    validation,
    test,
    trainSample: sampleOf(train),
    raw: table.splits,
    embeddings: e.matrix,
    vocabulary: [...e.vocabulary.tokens],
    inputDim: e.dim,
    classes: table.classes,
    labelNames: table.labelNames,
    text: text_,
    vectors,
    vectorsSource: source,
  };
  const c = e.coverage;
  return {
    ...base,
    summary: summarise(base, examples, {
      tokens: c.tokenCoverage,
      types: c.typeCoverage,
      missing: c.missing.slice(0, 8).map((m) => m.token),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Models

function lambdaOf(m: Model): LambdaSnapshot {
  const trainer = m.trainer;
  const score = trainer.config.family === 'none' ? 'magnitude' : 'snr';
  const lambda = importance(trainer, score);
  const tensors: Record<string, Float32Array> = {};
  for (const t of trainer.tensors()) tensors[t.name] = lambda.slice(t.offset, t.offset + t.rows * t.cols);
  const positive = Float64Array.from(lambda.filter((x) => x > 0 && Number.isFinite(x))).sort();
  const lo = positive.length ? (positive[Math.floor(0.005 * (positive.length - 1))] as number) : 1e-3;
  const hi = positive.length ? (positive[positive.length - 1] as number) : 1;
  return { score, tensors, lo: Math.min(lo, hi / 10), hi: hi * 1.0001, total: lambda.length };
}

function summaryOf(m: Model): ModelSummary {
  const c = m.trainer.config;
  return {
    source: m.source,
    name: m.name,
    config: {
      family: c.family,
      prior: c.prior,
      cell: c.cell,
      readout: c.readout,
      hidden: c.hidden,
      inputDim: c.inputDim,
      classes: c.classes,
    },
    params: m.trainer.paramCount,
    epochs: m.history.length,
    scored: m.sets !== undefined,
    note: m.note,
    history: m.history,
    labelNames: m.text?.labelNames,
  };
}

function dropModel(): void {
  predictor?.value.free();
  predictor = undefined;
  model?.trainer.free();
  model = undefined;
  threshold = 0;
}

/** The keep-mask at τ (and the file's own mask), or undefined when nothing is pruned. */
function maskAt(m: Model, tau: number): Uint8Array | undefined {
  if (tau <= 0 && !m.baseMask) return undefined;
  const lambda = importance(m.trainer, m.trainer.config.family === 'none' ? 'magnitude' : 'snr');
  const mask = keepMask(lambda, tau);
  if (m.baseMask)
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] as number) & (m.baseMask[i] as number);
  return mask;
}

function savedModel(m: Model, pruned: boolean): SavedModel {
  const mask = pruned ? maskAt(m, threshold) : m.baseMask;
  const kept = mask ? mask.reduce((a, b) => a + b, 0) : undefined;
  return modelFromTrainer(m.trainer, {
    vocabulary: m.vocabulary,
    embeddings: m.embeddings,
    vectorsSource: m.vectorsSource,
    history: m.history,
    ...(m.text ? { text: m.text } : {}),
    ...(mask
      ? {
          mask,
          pruning: {
            score: m.trainer.config.family === 'none' ? ('magnitude' as const) : ('snr' as const),
            threshold: pruned ? threshold : 0,
            kept: kept as number,
            total: mask.length,
          },
        }
      : {}),
  });
}

function vocabularyOf(tokens: string[]): Vocabulary {
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])), oov: 'zero' };
}

/** The loaded data's validation and test pairs as `saved` reads them, or a reason why not. */
function setsFor(saved: SavedModel): { sets?: Model['sets']; note?: string } {
  if (!data) return { note: 'no data is loaded to score it' };
  if (saved.config.classes !== data.classes)
    return {
      note: `it has ${saved.config.classes} classes, the loaded data ${data.classes}: load its data to score it`,
    };
  if (data.kind === 'builtin') {
    const same =
      saved.vocabulary.length === data.vocabulary.length &&
      saved.vocabulary.every((w, i) => w === data?.vocabulary[i]);
    if (!same || (saved.config.pairFeatures ?? 0) !== 0)
      return { note: 'its vocabulary is not the built-in task’s: load its data to score it' };
    return { sets: { validation: data.validation, test: data.test } };
  }
  const raw = data.raw as [PairDataset, PairDataset, PairDataset];
  const f = saved.config.pairFeatures ?? 0;
  if (f !== 0 && f !== OVERLAP_FEATURES.length)
    return { note: `it reads ${f} pair features the page does not know` };
  const vocabulary = vocabularyOf(saved.vocabulary);
  const encode = (d: PairDataset) => {
    const e = encodePairs(d, vocabulary, { maxLength: saved.text?.maxLength ?? MAX_LENGTH });
    return f === 0 ? e : { ...e, features: overlapFeatures(d), featureCount: f };
  };
  return { sets: { validation: encode(raw[1]), test: encode(raw[2]) } };
}

function importModel(bytes: Uint8Array, name: string): Model {
  const saved = decodeModel(bytes, name);
  let embeddings = saved.embeddings;
  const fullDim = saved.compaction?.inputDim ?? saved.config.inputDim;
  let note: string | undefined;
  if (!embeddings) {
    if (
      saved.vectorsSource === BUILTIN &&
      data?.kind === 'builtin' &&
      saved.vocabulary.length === data.vocabulary.length
    )
      embeddings = data.embeddings;
    else if (data?.vectors && data.vectors.dim === fullDim) {
      embeddings = embeddingMatrix(saved.vocabulary, data.vectors);
      note = `its word vectors were not in the file: taken from ${data.vectorsSource}`;
    } else
      throw new Error(
        `${name} does not hold its word vectors (vb-cli train --no-embed-vectors): load data with its vectors (dimension ${fullDim}) first`,
      );
  }
  const trainer = trainerFromModel(saved, embeddings);
  // A compacted model reads fewer columns: keep the table it actually uses.
  const used =
    saved.compaction && embeddings.length !== saved.vocabulary.length * saved.config.inputDim
      ? trainerEmbeddings(saved, embeddings)
      : embeddings;
  const { sets, note: why } = setsFor(saved);
  return {
    trainer,
    history: saved.history,
    vocabulary: saved.vocabulary,
    embeddings: used,
    vectorsSource: saved.vectorsSource,
    text: saved.text,
    name,
    source: 'uploaded',
    baseMask: saved.mask,
    sets,
    note: [note, why].filter(Boolean).join('; ') || undefined,
  };
}

function trainerEmbeddings(saved: SavedModel, full: Float32Array): Float32Array {
  const c = saved.compaction;
  if (!c) return full;
  const vocab = saved.vocabulary.length;
  const out = new Float32Array(vocab * c.inputColumns.length);
  for (let w = 0; w < vocab; w++)
    c.inputColumns.forEach((col, j) => {
      out[w * c.inputColumns.length + j] = full[w * c.inputDim + col] as number;
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Training: @vb/core's fit, paused, stopped and yielded through its callbacks

async function train(settings: TrainSettings): Promise<void> {
  const d = data;
  if (!d) throw new Error('load data first');
  if (training) throw new Error('training is already running');
  dropModel();
  const epochs = settings.epochs;
  const batchSize = 32;
  const m: Model = {
    // Set by onStart before the first step; until then no request can reach the model.
    trainer: undefined as unknown as Trainer,
    history: [],
    vocabulary: d.vocabulary,
    embeddings: d.embeddings,
    vectorsSource: d.vectorsSource,
    text: d.text,
    name: `${d.kind === 'builtin' ? 'builtin' : d.name.replace(/\.[^.]*$/, '')}-${settings.family}-${settings.prior}`,
    source: 'trained',
    sets: { validation: d.validation, test: d.test },
  };
  const controller = new AbortController();
  const state: TrainingState = { paused: false, stopped: false, controller };
  training = state;
  const batches = Math.ceil(d.train.size / batchSize);
  // Time: the wall clock less pauses is the page's training time; less the page's extras
  // (training F1, λ snapshots, messages) and the other requests answered meanwhile (slider,
  // predictions), it is the work `fit` does, what Node's time is compared with.
  const started = performance.now();
  const otherAtStart = otherMs;
  let pausedMs = 0;
  let extraMs = 0;
  const wallSeconds = () => (performance.now() - started - pausedMs) / 1000;
  const fitSeconds = () => wallSeconds() - (extraMs + otherMs - otherAtStart) / 1000;
  let steps: StepPoint[] = [];
  let lastPost = performance.now();
  let sliceAt = performance.now();
  post({ type: 'state', state: 'running', seconds: 0, wallSeconds: 0, epochs: 0 });
  // Between steps every ~25 ms: post progress, let the worker's queue run (pause, stop, slider,
  // predictions), and wait while paused.
  const checkpoint = async (epoch: number, batch: number) => {
    const now = performance.now();
    if (now - lastPost > 100 || batch === batches) {
      post({ type: 'progress', epoch, epochs, batch, batches, steps });
      steps = [];
      lastPost = performance.now();
      extraMs += lastPost - now;
    }
    await yieldNow();
    while (state.paused && !state.stopped) {
      const p0 = performance.now();
      post({
        type: 'state',
        state: 'paused',
        seconds: fitSeconds(),
        wallSeconds: wallSeconds(),
        epochs: m.history.length,
      });
      await new Promise<void>((resolve) => {
        state.wake = resolve;
      });
      pausedMs += performance.now() - p0;
      if (!state.stopped)
        post({
          type: 'state',
          state: 'running',
          seconds: fitSeconds(),
          wallSeconds: wallSeconds(),
          epochs: m.history.length,
        });
    }
    sliceAt = performance.now();
  };
  try {
    // vb-cli train's defaults: cosine learning rate, 3 KL warm-up epochs, batches of 32, clip
    // norm 5, prior updated every step, validation after each epoch; no convergence stop.
    await fit(d.train, {
      embeddings: d.embeddings,
      engine: {
        inputDim: d.inputDim,
        classes: d.classes,
        hidden: settings.hidden,
        readout: settings.readout,
        cell: settings.cell,
        pairFeatures: 0,
        family: settings.family,
        prior: settings.prior,
        stdParam: settings.prior === 'logUniform' ? 'logVariance' : 'softplus',
        samples: 1,
        priorUpdate: 'step',
        init: 'glorot',
        initStd: 0.01,
        priorVariance: 1,
        optimizer: 'adam',
        learningRate: settings.learningRate,
        clipNorm: 5,
        l2: 0,
        seed: settings.seed,
      },
      epochs,
      batchSize,
      learningRateSchedule: { kind: 'cosine' },
      klWarmupEpochs: settings.family === 'none' ? 0 : 3,
      klWeight: settings.klWeight,
      validation: d.validation,
      convergence: false,
      signal: controller.signal,
      onStart: (trainer) => {
        m.trainer = trainer;
        model = m;
      },
      onStep: (stats, where) => {
        steps.push({ step: stats.step, loss: stats.loss, priorVariance: stats.priorVariance });
        return performance.now() - sliceAt > 25 ? checkpoint(where.epoch, where.batch) : undefined;
      },
      onEpoch: (record, trainer) => {
        m.history.push(record);
        // The page's extras, timed apart from fit's work.
        const t0 = performance.now();
        const trainProbs = predictSet(trainer, d.trainSample);
        const trainMacroF1 = evaluate(trainProbs, d.trainSample.labels, { classes: d.classes }).macroF1;
        const lambda = lambdaOf(m);
        post({ type: 'progress', epoch: record.epoch, epochs, batch: batches, batches, steps });
        steps = [];
        post(
          { type: 'epoch', record, trainMacroF1, lambda },
          Object.values(lambda.tensors).map((t) => t.buffer),
        );
        extraMs += performance.now() - t0;
        return checkpoint(record.epoch, batches);
      },
    });
  } catch (e) {
    if (model === m) model = undefined; // fit freed the trainer
    throw e;
  } finally {
    training = undefined;
  }
  post({
    type: 'state',
    state: state.stopped ? 'stopped' : 'done',
    seconds: fitSeconds(),
    wallSeconds: wallSeconds(),
    epochs: m.history.length,
  });
  if (model === m) post({ type: 'model', summary: summaryOf(m), lambda: lambdaOf(m) });
}

// ---------------------------------------------------------------------------------------------
// Pruning and prediction

function prune(id: number, tau: number): PruneResult {
  const m = model;
  if (!m) throw new Error('no model yet: train one or upload a model file');
  const t0 = performance.now();
  threshold = tau;
  const trainer = m.trainer;
  const tensors = trainer.tensors();
  const mask = maskAt(m, tau) ?? new Uint8Array(trainer.paramCount).fill(1);
  let kept = 0;
  for (const x of mask) kept += x;
  const report = structureOf(mask, tensors);
  const live = liveNodes(mask, tensors);
  const W = tensors.find((t) => t.name === 'W');
  const U = tensors.find((t) => t.name === 'U');
  const n = trainer.config.hidden;
  const m_ = trainer.config.inputDim;
  const units = new Array<number>(n).fill(0);
  for (const j of live.units) units[j] = 1;
  const inputs = new Array<number>(m_).fill(0);
  for (const i of live.inputs) inputs[i] = 1;
  const score = (set: PairSet) => {
    const r = evaluatePruned(trainer, set, mask, { paraphrase: false });
    return { macroF1: r.macroF1, logLikelihood: r.meanLogLikelihood, accuracy: r.accuracy };
  };
  const result: PruneResult = {
    id,
    threshold: tau,
    kept,
    total: mask.length,
    structure: {
      hidden: n,
      inputDim: m_,
      aliveHidden: live.units.length,
      aliveInputs: live.inputs.length,
      units,
      inputs,
      keptPerTensor: report.keptPerTensor,
    },
    maskW: W ? mask.slice(W.offset, W.offset + W.rows * W.cols) : new Uint8Array(),
    maskU: U ? mask.slice(U.offset, U.offset + U.rows * U.cols) : new Uint8Array(),
    gates: W ? W.cols / n : 1,
    ...(m.sets ? { validation: score(m.sets.validation), test: score(m.sets.test) } : {}),
    ms: 0,
  };
  result.ms = performance.now() - t0;
  return result;
}

function predict(a: string, b: string, mcSamples: number, seed: number) {
  const m = model;
  if (!m) throw new Error('no model yet: train one or upload a model file');
  const steps = m.trainer.steps;
  if (!predictor || predictor.forSteps !== steps) {
    predictor?.value.free();
    const vectors =
      data?.kind === 'table' && data.vectors && data.vectors.dim === m.trainer.config.inputDim
        ? data.vectors
        : undefined;
    const saved = savedModel(m, false);
    const compacted = saved.compaction !== undefined;
    predictor = { forSteps: steps, value: TextPredictor.fromModel(saved, compacted ? {} : { vectors }) };
  }
  const mask = maskAt(m, threshold);
  const bayesian = m.trainer.config.family !== 'none';
  const [p] = predictor.value.predict([[a, b]], {
    mcSamples: bayesian ? mcSamples : 0,
    seed,
    ...(mask ? { mask } : {}),
  });
  if (!p) throw new Error('no prediction');
  const k = m.trainer.config.classes;
  const names = m.text?.labelNames ?? Array.from({ length: k }, (_, c) => String(c));
  return {
    tokens: p.tokens,
    unknown: p.unknown,
    probabilities: p.probabilities,
    std: p.uncertainty?.std,
    label: p.label,
    labelName: p.labelName,
    classNames: names,
    entropy: p.uncertainty?.entropy,
    mutualInformation: p.uncertainty?.mutualInformation,
    samples: p.uncertainty?.samples ?? 1,
    masked: mask !== undefined,
  };
}

// ---------------------------------------------------------------------------------------------

async function handle(r: EngineRequest): Promise<void> {
  switch (r.type) {
    case 'init': {
      const t0 = performance.now();
      await init();
      post({ type: 'ready', simd: simdPath(), ms: performance.now() - t0 });
      return;
    }
    case 'loadBuiltin': {
      const t0 = performance.now();
      if (training) throw new Error('stop the training first');
      data = loadBuiltin();
      post({ type: 'data', summary: data.summary, ms: performance.now() - t0 });
      return;
    }
    case 'inspectTable': {
      const head = await r.file.slice(0, 1 << 20).text();
      post({ type: 'table', preview: previewTable(r.file.name, head) });
      return;
    }
    case 'loadTable': {
      const t0 = performance.now();
      if (training) throw new Error('stop the training first');
      data = await loadTable(r.file, r.columns, r.vectors);
      post({ type: 'data', summary: data.summary, ms: performance.now() - t0 });
      return;
    }
    case 'train':
      await train(r.settings);
      return;
    case 'pause':
      if (training) training.paused = true;
      return;
    case 'resume':
      if (training) {
        training.paused = false;
        training.wake?.();
      }
      return;
    case 'stop':
      if (training) {
        training.stopped = true;
        training.controller.abort();
        training.wake?.();
      }
      return;
    case 'prune': {
      const result = prune(r.id, r.threshold);
      post({ type: 'pruned', result }, [result.maskW.buffer, result.maskU.buffer]);
      return;
    }
    case 'sweep': {
      const m = model;
      if (!m?.sets) return;
      const sweep = pruneSweep(m.trainer, m.sets.validation, {
        score: m.trainer.config.family === 'none' ? 'magnitude' : 'snr',
        grid: { kind: 'quantiles', count: 30, extraKept: [0.02, 0.01] },
        paraphrase: false,
      });
      post({
        type: 'sweep',
        sweep: {
          score: sweep.score,
          total: sweep.total,
          points: sweep.points.map((p) => ({
            threshold: p.threshold,
            kept: p.kept,
            keptFraction: p.keptFraction,
            metrics: {
              macroF1: p.metrics.macroF1,
              accuracy: p.metrics.accuracy,
              meanLogLikelihood: p.metrics.meanLogLikelihood,
              paraphrase: null,
            },
          })),
        },
      });
      return;
    }
    case 'predict':
      post({ type: 'prediction', result: predict(r.a, r.b, r.mcSamples, r.seed) });
      return;
    case 'exportModel': {
      const m = model;
      if (!m) throw new Error('no model to download');
      const bytes = encodeModel(savedModel(m, r.pruned), { includeEmbeddings: true });
      post(
        {
          type: 'modelFile',
          bytes,
          name: `${m.name}${r.pruned && threshold > 0 ? '-pruned' : ''}.safetensors`,
        },
        [bytes.buffer],
      );
      return;
    }
    case 'importModel': {
      if (training) throw new Error('stop the training first');
      const next = importModel(r.bytes, r.name);
      dropModel();
      model = next;
      post({ type: 'model', summary: summaryOf(next), lambda: lambdaOf(next) });
      return;
    }
  }
}

scope.onmessage = (e) => {
  const r = e.data;
  const t0 = performance.now();
  const done = handle(r);
  if (r.type !== 'train') otherMs += performance.now() - t0;
  done.catch((err: unknown) => {
    post({ type: 'error', during: r.type, message: err instanceof Error ? err.message : String(err) });
  });
};
