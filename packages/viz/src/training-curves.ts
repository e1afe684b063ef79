/**
 * Training curves over epochs: the loss (negative ELBO), NLL (training vs validation, the seed's
 * "minimising the evidence does not overfit" claim), KL(q‖p) and the empirical-Bayes prior σ².
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartSize,
  modelColor,
  modelOrder,
  panelSize,
  seedLabel,
  seriesKey,
  VEGA_LITE_SCHEMA,
} from './chart-common.js';
import type { EpochLike, LabelledHistory } from './inputs.js';

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
  { id: 'loss', title: 'Loss (negative ELBO per pair)', yTitle: 'loss per pair' },
  { id: 'nll', title: 'NLL per pair: training (solid) vs validation (dashed)', yTitle: 'NLL per pair' },
  { id: 'kl', title: 'KL(q‖p)', yTitle: 'KL (nats)' },
  { id: 'priorVariance', title: 'Prior variance σ²', yTitle: 'σ²' },
];

/** Options of {@link trainingCurvesSpec}. */
export type TrainingCurvesOptions = ChartSize;

/**
 * The long-format rows of the training chart. Non-finite values are left out; so is the KL of a
 * run whose KL is 0 at every epoch (the plain RNN, which has an L2 penalty instead).
 */
export function trainingRows(histories: readonly LabelledHistory[]): TrainingRow[] {
  const rows: TrainingRow[] = [];
  for (const { model, seed, history } of histories) {
    const series = seriesKey(model, '', seed);
    const base = { model, seed: seedLabel(seed), series };
    const hasKl = history.some((e) => e.kl !== 0);
    const push = (
      e: EpochLike,
      panel: TrainingPanel,
      split: TrainingRow['split'],
      value: number | undefined,
    ) => {
      if (typeof value === 'number' && Number.isFinite(value))
        rows.push({ ...base, epoch: e.epoch, panel, split, value });
    };
    for (const e of history) {
      push(e, 'loss', 'training', e.loss);
      push(e, 'nll', 'training', e.nll);
      push(e, 'nll', 'validation', e.validation?.nll);
      if (hasKl) push(e, 'kl', 'training', e.kl);
      push(e, 'priorVariance', 'training', e.priorVariance);
    }
  }
  return rows;
}

/**
 * Four panels over epochs (2 × 2), one line per (model, seed), coloured by model. The NLL panel
 * layers the training NLL (epoch mean under sampled weights) and the validation NLL (at the
 * posterior means), so a gap opening between them would show overfitting.
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
  const color = modelColor(modelOrder(histories));
  const fewEpochs = histories.every((h) => h.history.length <= 1);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Training curves',
    description:
      'Loss, training and validation NLL, KL(q‖p) and prior variance over epochs, one line per model and seed.',
    data: { values: trainingRows(histories) },
    columns: 2,
    concat: PANELS.map((p) => ({
      title: p.title,
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
    })),
  };
}
