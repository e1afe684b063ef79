/** Options and helpers shared by the commands that read a dataset or a model, or train an RNN. */
import {
  decodeModel,
  type InitScheme,
  type Metrics,
  OVERLAP_FEATURES,
  PRIOR_UPDATE_MODES,
  type PriorUpdateMode,
  type Readout,
  type Cell,
  type SavedModel,
} from '@vb/core';
import { type Command, Option } from 'commander';
import { readInput } from '../io/read.js';
import { klWeight, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../options.js';
import type { SweepData } from '../data/loaded.js';
import { type DataOptions, tableOptionsFrom } from '../data/options.js';
import { optionFlag } from '../data/refuse.js';
import { parseDataSpec } from '../data/spec.js';
import { UsageError } from '../usage-error.js';
import { loadSweepData, type PairFeatureKind } from '../data/load.js';
import { RNN_DEFAULTS, type RnnSettings } from '../training/rnn-settings.js';

/** `--pair-features`, for the commands that train a model. */
export function addPairFeaturesOption(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--pair-features <kind>',
      "fixed pair features beside the sentence codes in the RNN head and appended to the baselines' features: none (the method's model) or overlap (18 word/character n-gram overlap scores; real sentences, not the builtin task)",
    )
      .choices(['none', 'overlap'])
      .default('none'),
  );
}

export { addDataOptions, DATA_EXAMPLES, type DataOptions } from '../data/options.js';

/** The RNN training options of `train` and `sweep`, as commander parses them. */
export interface RnnCliOptions {
  hidden: number;
  epochs: number;
  lr: number;
  batchSize: number;
  samples: number;
  schedule: 'constant' | 'cosine';
  priorUpdate: PriorUpdateMode;
  init: InitScheme;
  initStd: number;
  priorVariance: number;
  klWarmup: number;
  klWeight?: number;
  l2: number;
  patience: number;
  readout: Readout;
  cell: Cell;
}

/** Adds the RNN training options (defaults from `d`) to `cmd`. */
export function addRnnOptions(cmd: Command, d: RnnSettings = RNN_DEFAULTS, withKlWeight = true): Command {
  cmd
    .option('--epochs <n>', 'training epochs of the RNN', positiveInt, d.epochs)
    .option('--hidden <n>', 'hidden units n of the RNN', positiveInt, d.hidden)
    .option('--lr <x>', 'Adam learning rate', positiveNumber, d.learningRate)
    .option('--batch-size <n>', 'pairs per step', positiveInt, d.batchSize)
    .option('--samples <n>', 'posterior samples S per step', positiveInt, d.samples)
    .addOption(
      new Option('--schedule <kind>', 'learning-rate schedule')
        .choices(['constant', 'cosine'])
        .default(d.schedule),
    )
    .addOption(
      new Option('--prior-update <when>', 'closed-form prior update')
        .choices([...PRIOR_UPDATE_MODES])
        .default(d.priorUpdate),
    )
    .addOption(
      new Option('--init <scheme>', "posterior initialisation (glorot, or the seed's m = 0, s = 1)")
        .choices(['glorot', 'seed'])
        .default(d.init),
    )
    .option('--init-std <x>', 'initial posterior std (glorot init)', positiveNumber, d.initStd)
    .option(
      '--prior-variance <x>',
      "initial prior variance σ² (with --prior-update fixed: the prior's variance throughout)",
      positiveNumber,
      d.priorVariance,
    )
    .option(
      '--kl-warmup <epochs>',
      'epochs over which the KL weight ramps up from 0 to its final κ',
      nonNegativeInt,
      d.klWarmupEpochs,
    )
    .option('--l2 <x>', 'L2 coefficient of the plain RNN', nonNegativeNumber, d.l2)
    .option('--patience <epochs>', 'early stopping on validation NLL (0 = off)', nonNegativeInt, d.patience)
    .addOption(
      new Option(
        '--readout <kind>',
        "sentence code: the last hidden state (the seed's), or the mean or elementwise maximum of the hidden states",
      )
        .choices(['last', 'mean', 'max'])
        .default(d.readout),
    )
    .addOption(
      new Option(
        '--cell <kind>',
        "recurrent cell: the seed's tanh RNN, or a GRU or LSTM (torch.nn.GRU / LSTM equations; every weight Bayesian)",
      )
        .choices(['rnn', 'gru', 'lstm'])
        .default(d.cell),
    );
  if (withKlWeight) {
    cmd.option(
      '--kl-weight <kappa>',
      'final KL weight κ in NLL + κ·KL/N (1 = the ELBO; < 1 tempers the posterior)',
      klWeight,
      d.klWeight,
    );
  }
  return cmd;
}

/** `base` with the RNN options of the command line applied (key order kept: settings are fingerprinted). */
export function rnnSettingsFrom(o: RnnCliOptions, base: RnnSettings = RNN_DEFAULTS): RnnSettings {
  return {
    ...base,
    hidden: o.hidden,
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.lr,
    schedule: o.schedule,
    samples: o.samples,
    priorUpdate: o.priorUpdate,
    init: o.init,
    initStd: o.initStd,
    priorVariance: o.priorVariance,
    klWarmupEpochs: o.klWarmup,
    klWeight: o.klWeight ?? base.klWeight,
    l2: o.l2,
    patience: o.patience,
    readout: o.readout,
    cell: o.cell,
  };
}

/** The dataset, with the default split. */
export async function loadData(o: DataOptions, log: (m: string) => void = stderrLog): Promise<SweepData> {
  return loadSweepData(o.data, {
    vectors: o.vectors,
    protocol: o.protocol,
    split: o.split,
    splitSeed: o.splitSeed,
    pairFeatures: o.pairFeatures,
    table: tableOptionsFrom(o),
    log,
  });
}

/** What was inferred about the data, on stderr (stdout stays for results and --json). */
export function stderrLog(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The pair features a saved model reads (its head's extra inputs F), by their count. */
function modelPairFeatures(model: SavedModel, path: string): PairFeatureKind {
  const f = model.config.pairFeatures ?? 0;
  if (f === 0) return 'none';
  if (f === OVERLAP_FEATURES.length) return 'overlap';
  throw new Error(
    `${path}: the model reads ${f} pair features; vb-cli knows 'overlap' (${OVERLAP_FEATURES.length})`,
  );
}

/** The options given on the command line (not defaulted), by attribute name; `rename` maps an attribute to the DataOptions key it stands for. */
export function explicitOptions(cmd: Command, rename: Record<string, string> = {}): Set<string> {
  const out = new Set<string>();
  for (const [k] of Object.entries(cmd.opts())) {
    if (cmd.getOptionValueSource(k) === 'cli') out.add(rename[k] ?? k);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The dataset encoded with a saved model's vocabulary, read the way the model was trained — its
 * recorded data, vectors and split when `--data`/`--vectors`/`--split*` are not given, its
 * tokenizer, label names, classes and score binning always (a contradicting option is a usage
 * error) — and checked against the model: same classes, input dimension and vocabulary.
 */
export async function loadDataForModel(
  o: DataOptions & { quiet?: boolean },
  model: SavedModel,
  path: string,
  explicit: Set<string> = new Set(),
): Promise<SweepData> {
  const recipe = model.text;
  const origin = recipe?.origin;
  const log = o.quiet ? () => {} : stderrLog;
  const d: DataOptions = { ...o };
  if (origin) {
    // Where the model learnt: the same files and the same split, unless told otherwise.
    if (!explicit.has('data')) d.data = origin.data;
    if (!explicit.has('vectors') && origin.vectors) d.vectors = origin.vectors;
    if (!explicit.has('protocol') && origin.protocol) d.protocol = origin.protocol;
    if (!explicit.has('split')) d.split = origin.split;
    if (!explicit.has('splitSeed')) d.splitSeed = origin.splitSeed;
    const sameData = d.data === origin.data;
    if (sameData && (!same(d.split, origin.split) || d.splitSeed !== origin.splitSeed))
      log(
        `warning: ${path} was trained on ${origin.data} split ${origin.split.join(',')} with seed ${origin.splitSeed}; another split scores pairs it was trained on`,
      );
  }
  const table = tableOptionsFrom(d) ?? {};
  const format = parseDataSpec(d.data).format;
  // The known corpora fix their own labels; a table's labels are read as the model read them.
  const known = format === 'builtin' || format === 'pit2015' || format === 'msrp';
  if (recipe) {
    // How the model reads text and what its classes are: fixed by the model.
    const fixed: Array<[keyof typeof table, unknown]> = [
      ['tokenizer', recipe.tokenizer],
      ...(known
        ? []
        : ([
            ['labelNames', recipe.labelNames],
            ['scoreRange', recipe.scoreRange],
            ['binning', recipe.binning],
          ] as Array<[keyof typeof table, unknown]>)),
    ];
    for (const [key, value] of fixed) {
      if (value === undefined) continue;
      if (explicit.has(key) && !same(table[key], value))
        throw new UsageError(
          `${path} was trained with ${optionFlag(key)} ${Array.isArray(value) ? value.join(',') : String(value)}; ${optionFlag(key)} ${String(table[key])} would read its data differently`,
        );
      (table as Record<string, unknown>)[key] = value;
    }
  }
  if (explicit.has('classes') && table.classes !== model.config.classes)
    throw new UsageError(
      `${path} has ${model.config.classes} classes; --classes ${table.classes} contradicts it`,
    );
  if (!known) table.classes = model.config.classes;
  const data = await loadSweepData(d.data, {
    vectors: d.vectors,
    protocol: d.protocol,
    split: d.split,
    splitSeed: d.splitSeed,
    vocabulary: model.vocabulary,
    pairFeatures: modelPairFeatures(model, path),
    table: Object.keys(table).length > 0 ? table : undefined,
    log,
  });
  const { classes } = model.config;
  // A compacted model reads some columns of the original word vectors.
  const inputDim = model.compaction?.inputDim ?? model.config.inputDim;
  const mismatch =
    data.classes !== classes
      ? `${data.classes} classes, the model ${classes}`
      : data.inputDim !== inputDim
        ? `word vectors of dimension ${data.inputDim}, the model ${inputDim}`
        : data.vocabulary.length !== model.vocabulary.length ||
            data.vocabulary.some((w, i) => w !== model.vocabulary[i])
          ? `a vocabulary of ${data.vocabulary.length} words that is not the model's (${model.vocabulary.length} words)`
          : undefined;
  if (mismatch)
    throw new Error(
      `${path} does not fit --data ${d.data}${d.data.startsWith('pit2015') ? ` --protocol ${d.protocol}` : ''}: the data has ${mismatch}`,
    );
  return data;
}

export function readModel(path: string): SavedModel {
  return decodeModel(readInput(path, `model ${path}`), path);
}

export type SplitName = 'train' | 'validation' | 'test';

/** A compact one-line summary of metrics. */
export function metricsLine(m: Metrics, scored = false): string {
  const parts = [
    `macro-F1 ${m.macroF1.toFixed(3)}`,
    `accuracy ${m.accuracy.toFixed(3)}`,
    `log-lik ${m.meanLogLikelihood.toFixed(3)}`,
  ];
  if (m.binaryF1 !== null) parts.push(`binary F1 ${m.binaryF1.toFixed(3)}`);
  // Correlations of the expected score only where the data has gold scores.
  if (scored && Number.isFinite(m.pearson)) parts.push(`Pearson ${m.pearson.toFixed(3)}`);
  if (scored && Number.isFinite(m.spearman)) parts.push(`Spearman ${m.spearman.toFixed(3)}`);
  return parts.join(', ');
}

/** Prints `value` as JSON on stdout (the output of every `--json`). */
export function jsonOut(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 1)}\n`);
}
