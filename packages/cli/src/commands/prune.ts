/** `vb-cli prune`: prune a saved model by SNR (or magnitude) and save the smaller model. */
import {
  compactModel,
  encodeModel,
  evaluate,
  importance,
  keepMask,
  modelFromTrainer,
  predictSet,
  pruneSweep,
  structureOf,
  trainerFromModel,
} from '@vb/core';
import { Command, Option } from 'commander';
import { writeOutput } from '../io/atomic.js';
import { checkWritableFile } from '../io/writable.js';
import { UsageError } from '../usage-error.js';
import { fraction, nonNegativeNumber, positiveInt, thresholdCount } from '../options.js';
import {
  addDataOptions,
  type DataOptions,
  jsonOut,
  explicitOptions,
  loadDataForModel,
  metricsLine,
  readModel,
} from './shared.js';

interface PruneOptions extends DataOptions {
  out?: string;
  threshold?: number;
  keep?: number;
  score: 'snr' | 'magnitude';
  sweep?: number;
  compact?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function pruneCommand(): Command {
  const cmd = new Command('prune')
    .argument('<model>', 'model file written by vb-cli train')
    .description(
      'Prune a model: remove every weight whose importance λ (SNR |m|/s, or |m|) is below a threshold, report the surviving structure and metrics, and save a sparse model file that stores only the surviving weights. With --sweep, evaluate a whole threshold grid instead.',
    );
  addDataOptions(cmd)
    .option('-o, --out <file>', 'pruned model file to write')
    .option('--threshold <tau>', 'prune weights with λ < τ', nonNegativeNumber)
    .option('--keep <fraction>', 'keep this fraction of the weights (the largest λ)', fraction)
    .addOption(
      new Option('--score <kind>', 'importance: snr (variational models) or magnitude')
        .choices(['snr', 'magnitude'])
        .default('snr'),
    )
    .option(
      '--sweep <points>',
      'evaluate a quantile grid of thresholds on the validation split and print it (at most 10000 points)',
      thresholdCount,
    )
    .option(
      '--compact',
      'also remove the dead hidden units and input dimensions physically: smaller dense matrices and word vectors, a smaller file, faster inference, the same predictions',
    )
    .option('--json', 'print results as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      '\nExamples:\n  $ vb-cli prune model.safetensors --keep 0.1 --out pruned.safetensors\n  $ vb-cli prune model.safetensors --keep 0.05 --compact --out small.safetensors\n  $ vb-cli prune model.safetensors --threshold 2.5 --out pruned.safetensors\n  $ vb-cli prune model.safetensors --sweep 20',
    );
  return cmd.action(async (path: string, o: PruneOptions, command: Command) => {
    const chosen = [o.threshold !== undefined, o.keep !== undefined, o.sweep !== undefined].filter(
      Boolean,
    ).length;
    if (chosen !== 1) throw new UsageError('prune: give exactly one of --threshold, --keep or --sweep');
    if (o.sweep === undefined && !o.out)
      throw new UsageError('prune: --out <file> is required with --threshold or --keep');
    if (o.out) checkWritableFile(o.out, '--out');
    const model = readModel(path);
    if (model.mask || model.compaction)
      throw new Error(`${path} is already pruned; prune the dense model instead`);
    if (o.score === 'snr' && model.config.family === 'none') {
      throw new UsageError(`${path} is a plain RNN (family none), which has no SNR; use --score magnitude`);
    }
    const data = await loadDataForModel(o, model, path, explicitOptions(command));
    const trainer = trainerFromModel(model, model.embeddings ?? data.embeddings);
    try {
      if (o.sweep !== undefined) {
        const sweep = pruneSweep(trainer, data.validation, {
          score: o.score,
          grid: { kind: 'quantiles', count: o.sweep },
          ...data.scoring,
        });
        if (o.json) return jsonOut(sweep);
        if (!o.quiet) {
          process.stdout.write('threshold   kept     macro-F1  log-lik   alive hidden  alive inputs\n');
          for (const p of sweep.points) {
            process.stdout.write(
              `${p.threshold.toPrecision(4).padEnd(11)} ${(100 * p.keptFraction).toFixed(1).padStart(5)}%   ${p.metrics.macroF1.toFixed(3)}     ${p.metrics.meanLogLikelihood.toFixed(3).padEnd(9)} ${String(p.structure.functionalHidden).padEnd(13)} ${p.structure.aliveInputs}\n`,
            );
          }
        }
        return;
      }
      const lambda = importance(trainer, o.score);
      let tau = o.threshold ?? 0;
      if (o.keep !== undefined) {
        const sorted = Float64Array.from(lambda).sort();
        tau = sorted[Math.min(sorted.length - 1, Math.floor((1 - o.keep) * sorted.length))] as number;
      }
      const mask = keepMask(lambda, tau);
      const kept = mask.reduce((a, b) => a + b, 0);
      const structure = structureOf(mask, trainer.tensors());
      const test = evaluate(predictSet(trainer, data.test, { mask }), data.test.labels, {
        classes: model.config.classes,
        goldScores: data.testScores,
        ...data.scoring,
      });
      const pruned = modelFromTrainer(trainer, {
        vocabulary: model.vocabulary,
        embeddings: model.embeddings,
        vectorsSource: model.vectorsSource,
        history: model.history,
        mask,
        pruning: { score: o.score, threshold: tau, kept, total: mask.length },
        text: model.text,
      });
      const saved = o.compact ? compactModel(pruned) : pruned;
      const bytes = encodeModel(saved, { includeEmbeddings: model.embeddings !== undefined });
      await writeOutput(o.out as string, bytes);
      const compacted = saved.compaction
        ? {
            hidden: saved.config.hidden,
            inputDim: saved.config.inputDim,
            hiddenUnits: saved.compaction.hiddenUnits,
            inputColumns: saved.compaction.inputColumns,
            bytes: bytes.length,
          }
        : undefined;
      if (o.json)
        jsonOut({ out: o.out, threshold: tau, kept, total: mask.length, structure, compacted, test });
      else if (!o.quiet) {
        process.stdout.write(
          `kept ${kept} of ${mask.length} weights (${((100 * kept) / mask.length).toFixed(1)}%) at λ ≥ ${tau.toPrecision(4)}; ` +
            `${structure.functionalHidden} of ${structure.hidden} hidden units and ${structure.aliveInputs} of ${structure.inputDim} input dimensions survive\n` +
            (compacted
              ? `compacted to ${compacted.inputDim} inputs × ${compacted.hidden} hidden units (${compacted.bytes} bytes)\n`
              : '') +
            `test: ${metricsLine(test, data.scored)}\nsaved ${o.out}\n`,
        );
      }
    } finally {
      trainer.free();
    }
  });
}
