/** `vb-cli train`: trains one model and saves it as a safetensors model file. */
import {
  encodeModel,
  evaluate,
  fit,
  modelFromTrainer,
  type PosteriorFamily,
  type PriorFamilyName,
  predictSet,
  type StdParam,
} from '@vb/core';
import { Command, Option } from 'commander';
import { writeOutput } from '../io/atomic.js';
import { nonNegativeInt, seed } from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { parseDataSpec } from '../data/spec.js';
import { checkWritableFile } from '../io/writable.js';
import { rnnFitOptions } from '../training/fit-options.js';
import {
  addDataOptions,
  DATA_EXAMPLES,
  addPairFeaturesOption,
  addRnnOptions,
  type DataOptions,
  jsonOut,
  loadData,
  metricsLine,
  type RnnCliOptions,
  rnnSettingsFrom,
} from './shared.js';

interface TrainOptions extends DataOptions, RnnCliOptions {
  out: string;
  family: PosteriorFamily;
  prior: PriorFamilyName;
  stdParam?: StdParam;
  seed: number;
  embedVectors: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function trainCommand(): Command {
  const cmd = new Command('train').description(
    'Train one siamese RNN (variational or plain) on the training split, with validation, and save it as a model file (safetensors + JSON metadata).',
  );
  addPairFeaturesOption(addDataOptions(cmd))
    .requiredOption('-o, --out <file>', 'model file to write (.safetensors)')
    .addOption(
      new Option('--family <name>', 'posterior: diagonal (D), isotropic (I) or none (plain RNN)')
        .choices(['diagonal', 'isotropic', 'none'])
        .default('diagonal'),
    )
    .addOption(
      new Option(
        '--prior <name>',
        "prior: isotropic (I, the seed's scalar N(μ, σ²)), diagonal (D, ARD: one variance per weight), group (G: one per input dimension and hidden unit), tensor (one per tensor), logUniform (sparse variational dropout)",
      )
        .choices(['isotropic', 'diagonal', 'group', 'tensor', 'logUniform'])
        .default('isotropic'),
    )
    .addOption(
      new Option(
        '--std-param <name>',
        'posterior std parameterisation (default: logVariance for --prior logUniform, as in sparse VD; softplus otherwise)',
      ).choices(['softplus', 'logVariance']),
    );
  addRnnOptions(cmd)
    .option('--seed <n>', 'random seed', seed, 1)
    .option('--no-embed-vectors', 'store only a reference to the word vectors, not the vectors')
    .option('--json', 'print the history and metrics as JSON')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ vb-cli train --out model.safetensors\n  $ vb-cli train --data pit2015:data/pit2015 --vectors glove.txt --family isotropic --epochs 40 --out pit-ii.safetensors\n  $ vb-cli train --data pit2015:data/pit2015 --vectors glove.txt --prior diagonal --kl-weight 1 --out pit-dd.safetensors\n  $ vb-cli train --data pairs.csv --vectors glove.6B.100d.txt --cell gru --readout mean --out mine.safetensors\n' +
        DATA_EXAMPLES,
    );
  return cmd.action(async (o: TrainOptions) => {
    // Before the data and the training: an unwritable --out fails now, not after the last epoch.
    checkWritableFile(o.out, '--out');
    const data = await loadData(o);
    const progress = createProgress(progressMode(o));
    progress.start('train', `train ${o.family}/${o.prior}`, o.epochs);
    let result: Awaited<ReturnType<typeof fit>>;
    try {
      result = await fit(data.train, {
        ...rnnFitOptions(
          data,
          rnnSettingsFrom(o),
          {
            family: o.family,
            prior: o.prior,
            stdParam: o.stdParam ?? (o.prior === 'logUniform' ? 'logVariance' : 'softplus'),
          },
          o.seed,
        ),
        onEpoch: (r) => progress.update('train', r.epoch, { loss: r.loss, valF1: r.validation?.macroF1 }),
      });
    } finally {
      progress.stop();
    }
    const trainer = result.trainer;
    try {
      const test = evaluate(predictSet(trainer, data.test), data.test.labels, {
        classes: data.classes,
        goldScores: data.testScores,
        ...data.scoring,
      });
      const model = modelFromTrainer(trainer, {
        vocabulary: data.vocabulary,
        embeddings: data.embeddings,
        vectorsSource: o.vectors ?? data.name,
        history: result.history,
        // How it read its text and which data it learnt from: eval, prune and predict read alike.
        text: data.text && {
          ...data.text,
          origin: {
            data: parseDataSpec(o.data).text,
            ...(o.vectors ? { vectors: o.vectors } : {}),
            protocol: o.protocol,
            split: o.split,
            splitSeed: o.splitSeed,
          },
        },
      });
      await writeOutput(o.out, encodeModel(model, { includeEmbeddings: o.embedVectors }));
      if (o.json)
        jsonOut({
          model: o.out,
          stoppedBy: result.stoppedBy,
          epoch: result.epoch,
          history: result.history,
          test,
        });
      else if (!o.quiet)
        process.stdout.write(
          `saved ${o.out} (epoch ${result.epoch}, ${result.stoppedBy}); test: ${metricsLine(test, data.scored)}\n`,
        );
    } finally {
      trainer.free();
    }
  });
}
