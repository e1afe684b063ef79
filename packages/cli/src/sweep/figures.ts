/**
 * The sweep's figures and report, from results.json alone (so `vb-cli report` can rebuild them):
 * the seed's three λ-curves (parameters, macro-F1 and log-likelihood vs the pruning threshold),
 * the sparsity/quality trade-off (SNR vs magnitude), training curves, λ histograms per tensor,
 * and one self-contained report.html.
 */
import { join } from 'node:path';
import {
  GRID_POINTS,
  type LabelledHistory,
  type LabelledSweep,
  lambdaCurvesSpecs,
  MAX_SEED_LINES,
  modelColors,
  overfittingSpec,
  type ReportFigure,
  renderSvg,
  reportHtml,
  snrHistogramSpec,
  type TensorLambdas,
  trainingCurvesSpec,
  usesSeedBands,
} from '@vb/viz';
import { writeOutput } from '../io/atomic.js';
import { formatPercent, formatStat, stat } from './aggregate.js';
import type { SweepResultsFile } from './results-file.js';
import { RNN_ROWS } from './rows.js';
import { sweepTablesMarkdown } from './tables.js';

/** What the λ histograms' rows are: the tensors of the network (and, for gated cells, their gate blocks). */
export const TENSORS_CAPTION =
  'Tensors: W input → hidden (word vector to hidden units), U hidden → hidden (the recurrence), b hidden bias, V hidden → class (the head, reading [h_a ⊙ h_b, |h_a − h_b|] and any --pair-features), c class bias. A GRU or LSTM has one block of n columns per gate in W and U (GRU: r, z, n; LSTM: i, f, g, o) and b holds the gates’ biases.';

/**
 * One colour per row, the same in every figure and in every sweep: the RNN rows in the table's
 * canonical order (the plain RNN black, (I, I) orange, (D, I) blue, …; see @vb/viz's
 * MODEL_PALETTE, colour-blind safe), any other model after them.
 */
export function rowColors(r: SweepResultsFile): Record<string, string> {
  return modelColors([...RNN_ROWS, ...r.rows, ...r.runs.map((x) => x.row)]);
}

/** The most seeds any row has. */
function seedsPerRow(r: SweepResultsFile): number {
  const seeds = new Map<string, Set<number>>();
  for (const x of r.runs) seeds.set(x.row, (seeds.get(x.row) ?? new Set()).add(x.seed));
  return Math.max(0, ...[...seeds.values()].map((s) => s.size));
}

/**
 * Whether the figures draw each row's mean ± std over seeds instead of one line per seed (more
 * than @vb/viz's MAX_SEED_LINES seeds in a row): what the captions then add.
 */
function bandNotes(r: SweepResultsFile): { lambda: string; tradeoff: string; epochs: string } | null {
  if (!usesSeedBands(r.runs.map((x) => ({ model: x.row, seed: x.seed })))) return null;
  const many = `With ${seedsPerRow(r)} seeds per row (more than ${MAX_SEED_LINES}), one line per row: the mean over its seeds, with a band of ± 1 standard deviation.`;
  return {
    lambda: ` ${many} Each seed's thresholds are quantiles of its own λ, so its curve is interpolated linearly in log τ onto ${GRID_POINTS} log-spaced thresholds over the range at least half of the seeds reach, and each threshold averages the seeds whose own range reaches it (a threshold fewer than half of them reach, or have a value at, is not drawn); the dashed rule is the mean unpruned value.`,
    tradeoff: ` ${many} Each seed's curve is interpolated linearly in log kept fraction onto ${GRID_POINTS} log-spaced kept fractions over the range at least half of the seeds reach, each averaging the seeds whose own range reaches it (a fraction fewer than half of them reach is not drawn).`,
    epochs: ` ${many} An epoch averages the seeds that reached it (early stopping ends runs at different epochs), and an epoch fewer than half of its seeds reached is not drawn.`,
  };
}

function figuresOf(r: SweepResultsFile): Array<{ file: string; figure: ReportFigure }> {
  const colors = rowColors(r);
  const bands = bandNotes(r);
  const sweeps: LabelledSweep[] = [];
  const histories: LabelledHistory[] = [];
  const lambdas: TensorLambdas[] = [];
  const firstSeed = Math.min(...r.runs.map((x) => x.seed));
  for (const run of r.runs) {
    if (run.sweeps?.snr) sweeps.push({ model: run.row, seed: run.seed, sweep: run.sweeps.snr });
    if (run.sweeps?.magnitude) sweeps.push({ model: run.row, seed: run.seed, sweep: run.sweeps.magnitude });
    if (run.history) histories.push({ model: run.row, seed: run.seed, history: run.history });
    if (run.lambda && run.seed === firstSeed)
      lambdas.push({
        model: run.row,
        seed: run.seed,
        // λ is the SNR |m|/s of a variational row, |m| for the plain RNN (which has no s).
        score: run.validatedPruning?.score ?? (run.sweeps?.snr ? 'snr' : 'magnitude'),
        tensors: run.lambda,
      });
  }
  const out: Array<{ file: string; figure: ReportFigure }> = [];
  if (sweeps.length > 0) {
    const c = lambdaCurvesSpecs(sweeps, { colors });
    out.push(
      {
        file: 'parameters-vs-lambda.svg',
        figure: {
          title: 'Parameters vs λ',
          spec: c.parameters,
          caption: `Weights kept when every weight with importance below the threshold λ is removed.${bands?.lambda ?? ''}`,
        },
      },
      {
        file: 'f1-vs-lambda.svg',
        figure: {
          title: 'Macro-F1 vs λ',
          spec: c.f1,
          caption: `Test macro-F1 of the pruned network (posterior means); dashed: unpruned.${bands?.lambda ?? ''}`,
        },
      },
      {
        file: 'likelihood-vs-lambda.svg',
        figure: {
          title: 'Log-likelihood vs λ',
          spec: c.likelihood,
          caption: `Mean test log-likelihood of the pruned network; dashed: unpruned.${bands?.lambda ?? ''}`,
        },
      },
      {
        file: 'f1-vs-kept.svg',
        figure: {
          title: 'Quality vs sparsity',
          spec: c.tradeoff,
          caption: `Macro-F1 against the fraction of weights kept: SNR pruning vs magnitude pruning.${bands?.tradeoff ?? ''}`,
        },
      },
    );
  }
  if (histories.length > 0) {
    const withKl = histories.filter((h) => h.history.some((e) => e.kl !== 0));
    const withPrior = withKl.filter((h) => h.history.some((e) => e.priorVariance > 0));
    const panels =
      withKl.length === 0
        ? 'There is no KL or prior-variance panel: no row here has a prior (the plain RNN is trained with an L2 penalty instead).'
        : `The KL panel shows the variational rows only; the prior-variance panel only the rows with a fitted Gaussian prior (not the plain RNN, which has no prior, nor a log-uniform prior, which has no variance), so their constants do not flatten the fitted curves.${
            withPrior.length === 0 ? ' No row here has one, so that panel is left out.' : ''
          }`;
    out.push({
      file: 'training-curves.svg',
      figure: {
        title: 'Training curves',
        spec: trainingCurvesSpec(histories, { colors }),
        caption: `Training loss per pair (NLL + κ·KL/N for a variational row, the negative ELBO at κ = 1; NLL + L2 penalty for the plain RNN), NLL (training vs validation), KL and the prior variance σ² over epochs. ${panels}${bands?.epochs ?? ''}`,
      },
    });
    out.push({
      file: 'overfitting.svg',
      figure: {
        title: 'Overfitting check',
        spec: overfittingSpec(histories),
        caption: `Training vs validation NLL per pair over epochs, one panel per model, mean ± std over seeds: a validation curve rising while the training curve falls is overfitting.${
          bands
            ? ' An epoch averages the seeds that reached it; an epoch fewer than half of them reached is not drawn.'
            : ''
        }`,
      },
    });
  }
  if (lambdas.length > 0) {
    out.push({
      file: 'lambda-histograms.svg',
      figure: {
        title: 'λ per tensor',
        spec: snrHistogramSpec(lambdas, { colors }),
        caption: `Distribution of the importance λ per tensor: the SNR |m|/s for a variational row, the magnitude |m| for the plain RNN (each column says which). ${TENSORS_CAPTION}${
          seedsPerRow(r) > 1 ? ` One seed per row: seed ${firstSeed}, the first.` : ''
        }`,
      },
    });
  }
  return out;
}

/** The planted-structure recovery of one run. */
function plantedLine(p: SweepResultsFile['runs'][number]): string {
  const rec = p.planted as NonNullable<typeof p.planted>;
  const units =
    rec.liveUnits === undefined
      ? ''
      : `; ${rec.liveUnits} hidden units live, precision ${rec.unitPrecision?.toFixed(2)}, recall ${rec.unitRecall?.toFixed(2)}`;
  return `- ${p.row} (seed ${p.seed}): ${(100 * rec.keptFraction).toFixed(1)}% of weights kept; ${rec.aliveInputs.length} input dimensions live, precision ${rec.precision.toFixed(2)}, recall ${rec.recall.toFixed(2)}${units}`;
}

/** The planted-structure recovery of many seeds: one line per row, mean ± std over its seeds. */
function plantedPerRow(planted: SweepResultsFile['runs']): string[] {
  const lines: string[] = [];
  for (const row of [...new Set(planted.map((p) => p.row))]) {
    const recs = planted.filter((p) => p.row === row).map((p) => p.planted as NonNullable<typeof p.planted>);
    // A value no seed has prints as —, not as 0.
    const of = (values: Array<number | undefined>) => {
      const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      return v.length > 0 ? stat(v) : null;
    };
    const units = recs.every((x) => x.liveUnits !== undefined)
      ? `; ${formatStat(of(recs.map((x) => x.liveUnits)), 1)} hidden units live, precision ${formatStat(of(recs.map((x) => x.unitPrecision)), 2)}, recall ${formatStat(of(recs.map((x) => x.unitRecall)), 2)}`
      : '';
    lines.push(
      `- ${row} (${recs.length} seeds, mean ± std): ${formatPercent(of(recs.map((x) => x.keptFraction)))} of weights kept; ${formatStat(of(recs.map((x) => x.aliveInputs.length)), 1)} input dimensions live, precision ${formatStat(of(recs.map((x) => x.precision)), 2)}, recall ${formatStat(of(recs.map((x) => x.recall)), 2)}${units}`,
    );
  }
  return lines;
}

function summaryOf(r: SweepResultsFile): string {
  const lines = [
    r.data.description,
    '',
    '### Results per row (test split)',
    '',
    // Results written before the majority baseline was recorded have no such field.
    sweepTablesMarkdown(r.table, {
      dataName: r.data.name,
      majorityMacroF1: typeof r.data.majorityMacroF1 === 'number' ? r.data.majorityMacroF1 : undefined,
      scores: r.data.scored === true,
    }),
    'Macro-F1 over the classes on the test split; "seed F1" (pooled PIT-2015 only) is the seed’s number; prunable = the largest fraction of weights removable at ≤ 0.01 macro-F1 loss. Structure: units/inputs left = what weight pruning leaves at that point (units with a surviving incoming and outgoing weight, input dimensions with a surviving weight); removable = whole units / input dimensions removed by structured pruning, least important first (root-sum-square of λ over the group), at ≤ 0.01 macro-F1 loss.',
  ];
  const planted = r.runs.filter((x) => x.planted);
  if (planted.length > 0) {
    const teacher = (r.data.planted as { teacherHidden?: number } | null)?.teacherHidden;
    lines.push(
      '',
      `Recovery of the planted structure (the input dimensions and the ${teacher ?? '?'} hidden units the teacher uses) by the network pruned at the τ chosen on validation; units are compared by count (a student's units match the teacher's only up to a permutation):`,
      '',
    );
    lines.push(...(seedsPerRow(r) > MAX_SEED_LINES ? plantedPerRow(planted) : planted.map(plantedLine)));
  }
  lines.push('', `Run times (s): ${r.table.map((t) => `${t.row} ${formatStat(t.seconds, 1)}`).join('; ')}.`);
  return lines.join('\n');
}

/** Renders every figure to SVG and the report to report.html in `out`; returns the file names. */
export async function writeFigures(out: string, r: SweepResultsFile): Promise<string[]> {
  const figures = figuresOf(r);
  // Rendered once: the SVG files and the report's inline plots are the same.
  for (const f of figures) {
    f.figure.svg = await renderSvg(f.figure.spec);
    await writeOutput(join(out, f.file), f.figure.svg);
  }
  const html = await reportHtml({
    title: `vb sweep — ${r.data.name}`,
    meta: [
      `vb-cli ${r.tool.version}, ${r.tool.engine}, Node ${r.tool.node}`,
      `command: vb-cli ${r.command.join(' ')}`,
      `created ${r.createdAt}`,
    ],
    summary: { markdown: summaryOf(r) },
    specs: figures.map((f) => f.figure),
  });
  await writeOutput(join(out, 'report.html'), html);
  return [...figures.map((f) => f.file), 'report.html'];
}
