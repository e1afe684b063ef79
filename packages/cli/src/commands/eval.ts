/** `vb-cli eval`: metrics of a saved model on a split. */
import { evaluate, predictSet, trainerFromModel } from '@vb/core';
import { Command, Option } from 'commander';
import { nonNegativeInt } from '../options.js';
import {
  addDataOptions,
  DATA_EXAMPLES,
  type DataOptions,
  jsonOut,
  explicitOptions,
  loadDataForModel,
  metricsLine,
  readModel,
  type SplitName,
} from './shared.js';

interface EvalOptions extends Omit<DataOptions, 'split'> {
  split: SplitName;
  splitFractions: DataOptions['split'];
  mcSamples: number;
  json?: boolean;
  quiet?: boolean;
}

export function evalCommand(): Command {
  const cmd = new Command('eval').argument('<model>', 'model file written by vb-cli train or prune').description(
    'Evaluate a saved (possibly pruned) model: macro-F1, per-class scores, binary F1, accuracy, log-likelihood, Pearson r.',
  );
  addDataOptions(cmd, '--split-fractions')
    .addOption(new Option('--split <name>', 'which split').choices(['train', 'validation', 'test']).default('test'))
    .option('--mc-samples <n>', 'Monte-Carlo predictive samples (0 = posterior means)', nonNegativeInt, 0)
    .option('--json', 'print all metrics as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `\nExamples:\n  $ vb-cli eval model.safetensors\n  $ vb-cli eval pruned.safetensors --split validation --json\n  $ vb-cli eval mine.safetensors --data pairs.csv --vectors glove.6B.100d.txt   # the data and split it was trained on\n${DATA_EXAMPLES.replaceAll('--split ', '--split-fractions ')}`,
    );
  return cmd.action(async (path: string, o: EvalOptions, command: Command) => {
    const model = readModel(path);
    const data = await loadDataForModel({ ...o, split: o.splitFractions }, model, path, explicitOptions(command, { split: 'evaluatedSplit', splitFractions: 'split' }));
    const trainer = trainerFromModel(model, model.embeddings ?? data.embeddings);
    try {
      const set = data[o.split];
      const probs = predictSet(trainer, set, { mask: model.mask, mcSamples: o.mcSamples });
      const m = evaluate(probs, set.labels, { classes: model.config.classes, goldScores: o.split === 'test' ? data.testScores : undefined, ...data.scoring });
      if (o.json) jsonOut({ model: path, config: model.config, split: o.split, pruning: model.pruning ?? null, metrics: m });
      else if (!o.quiet) {
        process.stdout.write(`${path} on ${data.name} ${o.split} (${set.size} pairs): ${metricsLine(m, o.split === 'test' && data.scored)}\n`);
        process.stdout.write(`class  precision  recall  F1     support\n`);
        m.perClass.f1.forEach((f, k) => {
          process.stdout.write(
            `${String(k).padEnd(6)} ${m.perClass.precision[k]?.toFixed(3).padEnd(10)} ${m.perClass.recall[k]?.toFixed(3).padEnd(7)} ${f.toFixed(3).padEnd(6)} ${m.perClass.support[k]}\n`,
          );
        });
      }
    } finally {
      trainer.free();
    }
  });
}
