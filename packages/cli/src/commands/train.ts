/** `vb-cli train`: trains one model and saves it as a safetensors model file. */
import { evaluate, fit, modelFromTrainer, encodeModel, predictSet, type PosteriorFamily } from '@vb/core';
import { Command, Option } from 'commander';
import { writeOutput } from '../io/atomic.js';
import { nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { RNN_DEFAULTS } from '../sweep/settings.js';
import { addDataOptions, type DataOptions, jsonOut, loadData, metricsLine } from './shared.js';

interface TrainOptions extends DataOptions {
  out: string;
  family: PosteriorFamily;
  hidden: number;
  epochs: number;
  lr: number;
  batchSize: number;
  samples: number;
  schedule: 'constant' | 'cosine';
  priorUpdate: 'step' | 'epoch' | 'fixed';
  init: 'glorot' | 'seed';
  initStd: number;
  klWarmup: number;
  l2: number;
  patience: number;
  seed: number;
  embedVectors: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function trainCommand(): Command {
  const d = RNN_DEFAULTS;
  const cmd = new Command('train').description(
    'Train one siamese RNN (variational or plain) on the training split, with validation, and save it as a model file (safetensors + JSON metadata).',
  );
  addDataOptions(cmd)
    .requiredOption('-o, --out <file>', 'model file to write (.safetensors)')
    .addOption(new Option('--family <name>', 'posterior: diagonal (D), isotropic (I) or none (plain RNN)').choices(['diagonal', 'isotropic', 'none']).default('diagonal'))
    .option('--hidden <n>', 'hidden units', positiveInt, d.hidden)
    .option('--epochs <n>', 'epochs', positiveInt, d.epochs)
    .option('--lr <x>', 'learning rate', positiveNumber, d.learningRate)
    .option('--batch-size <n>', 'pairs per step', positiveInt, d.batchSize)
    .option('--samples <n>', 'posterior samples per step', positiveInt, d.samples)
    .addOption(new Option('--schedule <kind>', 'learning-rate schedule').choices(['constant', 'cosine']).default(d.schedule))
    .addOption(new Option('--prior-update <when>', 'closed-form prior update').choices(['step', 'epoch', 'fixed']).default(d.priorUpdate))
    .addOption(new Option('--init <scheme>', 'initialisation').choices(['glorot', 'seed']).default(d.init))
    .option('--init-std <x>', 'initial posterior std', positiveNumber, d.initStd)
    .option('--kl-warmup <epochs>', 'KL annealing epochs', nonNegativeInt, d.klWarmupEpochs)
    .option('--l2 <x>', 'L2 coefficient (plain RNN)', nonNegativeNumber, d.l2)
    .option('--patience <epochs>', 'early stopping on validation NLL (0 = off)', nonNegativeInt, d.patience)
    .option('--seed <n>', 'random seed', nonNegativeInt, 1)
    .option('--no-embed-vectors', 'store only a reference to the word vectors, not the vectors')
    .option('--json', 'print the history and metrics as JSON')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', '\nExamples:\n  $ vb-cli train --out model.safetensors\n  $ vb-cli train --data pit2015:data/pit2015 --vectors glove.txt --family isotropic --epochs 40 --out pit-ii.safetensors');
  return cmd.action(async (o: TrainOptions) => {
    const data = await loadData(o);
    const progress = createProgress(progressMode(o));
    progress.start('train', `train ${o.family}`, o.epochs);
    const result = await fit(data.train, {
      embeddings: data.embeddings,
      engine: {
        inputDim: data.inputDim,
        classes: data.classes,
        hidden: o.hidden,
        family: o.family,
        samples: o.samples,
        priorUpdate: o.priorUpdate,
        init: o.init,
        initStd: o.initStd,
        learningRate: o.lr,
        l2: o.family === 'none' ? o.l2 : 0,
        clipNorm: d.clipNorm,
        seed: o.seed,
      },
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRateSchedule: { kind: o.schedule },
      klWarmupEpochs: o.family === 'none' ? 0 : o.klWarmup,
      validation: data.validation,
      earlyStopping: o.patience > 0 ? { metric: 'nll', patience: o.patience } : undefined,
      convergence: false,
      onEpoch: (r) => progress.update('train', r.epoch, { loss: r.loss, valF1: r.validation?.macroF1 }),
    });
    progress.stop();
    const trainer = result.trainer;
    try {
      const test = evaluate(predictSet(trainer, data.test), data.test.labels, { classes: data.classes, goldScores: data.testScores });
      const model = modelFromTrainer(trainer, {
        vocabulary: data.vocabulary,
        embeddings: data.embeddings,
        vectorsSource: o.vectors ?? data.name,
        history: result.history,
      });
      await writeOutput(o.out, encodeModel(model, { includeEmbeddings: o.embedVectors }));
      if (o.json) jsonOut({ model: o.out, stoppedBy: result.stoppedBy, epoch: result.epoch, history: result.history, test });
      else if (!o.quiet) process.stdout.write(`saved ${o.out} (epoch ${result.epoch}, ${result.stoppedBy}); test: ${metricsLine(test)}\n`);
    } finally {
      trainer.free();
    }
  });
}
