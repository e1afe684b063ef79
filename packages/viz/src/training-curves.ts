/**
 * Training curves over epochs: the training loss (the negative ELBO; NLL + L2 penalty for the plain
 * RNN), NLL (training vs validation, the seed's "minimising the evidence does not overfit" claim),
 * KL(q‖p) and the empirical-Bayes prior σ².
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartOptions,
  modelColor,
  modelOrder,
  panelSize,
  seedLabel,
  seriesKey,
  VEGA_LITE_SCHEMA,
} from './chart-common.js';
import type { EpochLike, LabelledHistory } from './inputs.js';
import { usesSeedBands } from './seed-bands.js';
import { trainingBands } from './training-bands.js';

/** One value of one panel at one epoch (long format: the data of {@link trainingCurvesSpec}). */
export interface TrainingRow {
  model: string;
  seed: string;
  series: string;
  epoch: number;
  panel: TrainingPanel;
  split: 'training' | 'validation';
  value: number;
}

/** The panels of the training chart, in order. */
export type TrainingPanel = 'loss' | 'nll' | 'kl' | 'priorVariance';

const PANELS: { id: TrainingPanel; title: string; yTitle: string }[] = [
  { id: 'loss', title: 'Training loss per pair', yTitle: 'loss per pair' },
  { id: 'nll', title: 'NLL per pair: training (solid) vs validation (dashed)', yTitle: 'NLL per pair' },
  { id: 'kl', title: 'KL(q‖p)', yTitle: 'KL (nats)' },
  { id: 'priorVariance', title: 'Prior variance σ²', yTitle: 'σ²' },
];

/** Options of {@link trainingCurvesSpec}. */
export type TrainingCurvesOptions = ChartOptions;

/** Whether a run has a KL term: a KL that is not 0 at every epoch (the plain RNN's is). */
function hasKl(history: readonly EpochLike[]): boolean {
  return history.some((e) => e.kl !== 0 && Number.isFinite(e.kl));
}

/**
 * Whether a run has a Gaussian prior whose variance σ² is fitted: a KL term and some σ² > 0. The
 * plain RNN (no KL; it reports the σ² = 1 its L2 penalty stands for) and the log-uniform prior
 * (no variance; it reports 0) have none, and are left out of the σ² panel, where their constants
 * would squash the fitted variances into a flat line.
 */
function hasPriorVariance(history: readonly EpochLike[]): boolean {
  return hasKl(history) && history.some((e) => e.priorVariance > 0 && Number.isFinite(e.priorVariance));
}

/**
 * The long-format rows of the training chart. Non-finite values are left out; so is the KL of a
 * run whose KL is 0 at every epoch (the plain RNN, which has an L2 penalty instead), and the prior
 * variance of a run without a fitted Gaussian prior (the plain RNN, the log-uniform prior).
 */
export function trainingRows(histories: readonly LabelledHistory[]): TrainingRow[] {
  const rows: TrainingRow[] = [];
  for (const { model, seed, history } of histories) {
    const series = seriesKey(model, '', seed);
    const label = seedLabel(seed);
    const kl = hasKl(history);
    const prior = hasPriorVariance(history);
    const push = (
      e: EpochLike,
      panel: TrainingPanel,
      split: TrainingRow['split'],
      value: number | undefined,
    ) => {
      if (typeof value === 'number' && Number.isFinite(value))
        // Fields written out, not spread from a shared object: this runs for every value of every run.
        rows.push({ model, seed: label, series, epoch: e.epoch, panel, split, value });
    };
    for (const e of history) {
      push(e, 'loss', 'training', e.loss);
      push(e, 'nll', 'training', e.nll);
      push(e, 'nll', 'validation', e.validation?.nll);
      if (kl) push(e, 'kl', 'training', e.kl);
      if (prior && e.priorVariance > 0) push(e, 'priorVariance', 'training', e.priorVariance);
    }
  }
  return rows;
}

/** `parts` joined with `; ` into lines of at most about `width` characters (a longer part keeps its own line). */
function wrap(parts: string[], width = 56): string[] {
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 2 + p.length <= width) lines[lines.length - 1] = `${last}; ${p}`;
    else lines.push(p);
  }
  return lines;
}

/**
 * Up to four panels over epochs (two per row), one line per (model, seed), coloured by model;
 * with more seeds of a model than `maxSeedLines` (10), one line per model instead — the mean over
 * its seeds with a ± 1 std band, at the epochs at least half of its seeds reached
 * (`training-bands.ts`).
 * The NLL panel layers the training NLL (epoch mean under sampled weights) and the validation NLL
 * (at the posterior means), so a gap opening between them would show overfitting. The KL panel is
 * left out when no run has a KL (e.g. only the plain RNN), the σ² panel when no run has a fitted
 * prior variance; the chart's subtitle says so, and each panel names the models it leaves out.
 *
 * ```ts
 * const spec = trainingCurvesSpec([{ model: 'RNN + variational (D, I)', history: result.history }]);
 * ```
 */
export function trainingCurvesSpec(
  histories: readonly LabelledHistory[],
  options: TrainingCurvesOptions = {},
): TopLevelSpec {
  const size = panelSize({ width: options.width ?? 300, height: options.height ?? 180 });
  const models = modelOrder(histories);
  const color = modelColor(models, options.colors);
  const fewEpochs = histories.every((h) => h.history.length <= 1);
  // Models (not runs) without a KL / a fitted prior variance: named under the panel they miss.
  const withKl = new Set(histories.filter((h) => hasKl(h.history)).map((h) => h.model));
  const withPrior = new Set(histories.filter((h) => hasPriorVariance(h.history)).map((h) => h.model));
  const missing: Partial<Record<TrainingPanel, string[]>> = {
    kl: models.filter((m) => !withKl.has(m)),
    priorVariance: models.filter((m) => !withPrior.has(m)),
  };
  const panels = PANELS.filter(
    (p) => (p.id !== 'kl' || withKl.size > 0) && (p.id !== 'priorVariance' || withPrior.size > 0),
  );
  const omitted: string[] = [];
  if (withKl.size === 0) omitted.push('KL');
  if (withPrior.size === 0) omitted.push('prior variance σ²');
  const lossNote =
    withKl.size === 0
      ? 'loss: NLL + L2 penalty per pair'
      : withKl.size === models.length
        ? 'loss: NLL + κ·KL/N per pair (the negative ELBO at κ = 1)'
        : 'loss: NLL + κ·KL/N per pair (the negative ELBO at κ = 1); NLL + L2 penalty without a prior';
  const bands = usesSeedBands(histories, options);
  const subtitle = [
    lossNote,
    ...(bands ? ['mean ± std over seeds, at the epochs at least half of them reached'] : []),
    ...(omitted.length
      ? [
          `no ${omitted.join(' or ')} panel: no run here has ${withKl.size === 0 ? 'a prior (a KL term)' : 'a fitted Gaussian prior'}`,
        ]
      : []),
  ];
  const panelTitle = (p: (typeof PANELS)[number]) => {
    const left = missing[p.id] ?? [];
    return left.length === 0
      ? p.title
      : {
          text: p.title,
          subtitle: wrap([
            `not shown (${p.id === 'kl' ? 'no KL' : 'no fitted σ²'}): ${left[0]}`,
            ...left.slice(1),
          ]),
        };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Training curves', subtitle },
    description: `Training curves over epochs (${panels.map((p) => p.title).join('; ')}), ${
      bands
        ? 'one line per model: the mean over its seeds with a band of ± one standard deviation'
        : 'one line per model and seed'
    }.${omitted.length ? ` No ${omitted.join(' or ')} panel: no run has one.` : ''}`,
    data: { values: bands ? trainingBands(trainingRows(histories)) : trainingRows(histories) },
    columns: 2,
    concat: panels.map((p) =>
      bands
        ? bandPanel(p, panelTitle(p), size, color, fewEpochs)
        : {
            title: panelTitle(p),
            ...size,
            transform: [{ filter: { field: 'panel', equal: p.id } }],
            mark: { type: 'line' as const, point: fewEpochs },
            encoding: {
              x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1 } },
              y: { field: 'value', type: 'quantitative' as const, title: p.yTitle, scale: { zero: false } },
              color,
              detail: { field: 'series', type: 'nominal' as const },
              ...(p.id === 'nll'
                ? {
                    strokeDash: {
                      field: 'split',
                      type: 'nominal' as const,
                      title: 'NLL on',
                      scale: { domain: ['training', 'validation'] },
                    },
                  }
                : {}),
              tooltip: [
                { field: 'model', type: 'nominal' as const },
                { field: 'seed', type: 'nominal' as const },
                { field: 'split', type: 'nominal' as const },
                { field: 'epoch', type: 'quantitative' as const },
                { field: 'value', type: 'quantitative' as const, title: p.yTitle, format: '.4~g' },
              ],
            },
          },
    ),
  };
}

/** The NLL panel's dash: training solid, validation dashed. */
const SPLIT_DASH = {
  field: 'split',
  type: 'nominal' as const,
  title: 'NLL on',
  scale: { domain: ['training', 'validation'] },
};

/** One panel of mean ± std rows (`trainingBands`): a band and a mean line per (model, split). */
function bandPanel(
  p: (typeof PANELS)[number],
  title: string | { text: string; subtitle: string[] },
  size: { width: number; height: number },
  color: ReturnType<typeof modelColor>,
  fewEpochs: boolean,
) {
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1 } };
  const y = { type: 'quantitative' as const, title: p.yTitle, scale: { zero: false } };
  const split = { field: 'split', type: 'nominal' as const };
  return {
    title,
    ...size,
    transform: [{ filter: { field: 'panel', equal: p.id } }],
    layer: [
      {
        mark: { type: 'area' as const, fillOpacity: 0.2 },
        encoding: {
          x,
          y: { ...y, field: 'lo' },
          y2: { field: 'hi' },
          color,
          detail: split,
        },
      },
      {
        mark: { type: 'line' as const, point: fewEpochs },
        encoding: {
          x,
          y: { ...y, field: 'value' },
          color,
          detail: split,
          ...(p.id === 'nll' ? { strokeDash: SPLIT_DASH } : {}),
          tooltip: [
            { field: 'model', type: 'nominal' as const },
            { field: 'split', type: 'nominal' as const },
            { field: 'epoch', type: 'quantitative' as const },
            { field: 'runs', type: 'quantitative' as const, title: 'seeds' },
            { field: 'value', type: 'quantitative' as const, title: `${p.yTitle} (mean)`, format: '.4~g' },
            { field: 'std', type: 'quantitative' as const, title: 'std', format: '.4~g' },
          ],
        },
      },
    ],
  };
}
