/**
 * The seed's claim "minimising the variational loss does not overfit", as one figure: for each
 * model side by side, the training NLL and the validation NLL over epochs — the mean over seeds
 * with a band of ± one standard deviation. A validation curve that turns up while the training
 * curve keeps falling is overfitting.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartSize, modelOrder, panelSize, VEGA_LITE_SCHEMA } from './chart-common.js';
import type { LabelledHistory } from './inputs.js';
import { type SeedOptions, usesSeedBands } from './seed-bands.js';
import { trainingBands } from './training-bands.js';
import { trainingRows } from './training-curves.js';

/** Options of {@link overfittingSpec}. */
export type OverfittingOptions = ChartSize & SeedOptions;

const EPOCH = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1 } };
const SPLIT_COLOR = {
  field: 'split',
  type: 'nominal' as const,
  title: 'NLL on',
  scale: { domain: ['training', 'validation'], range: ['#4c78a8', '#e45756'] },
};

/**
 * One panel per model (in the order given), training vs validation NLL per pair over epochs; the
 * ± std band only when some model has runs of more than one seed.
 *
 * ```ts
 * const spec = overfittingSpec([{ model: 'RNN', seed: 1, history }, { model: 'RNN + variational, D, I', seed: 1, history: h2 }]);
 * ```
 */
export function overfittingSpec(
  histories: readonly LabelledHistory[],
  options: OverfittingOptions = {},
): TopLevelSpec {
  const size = panelSize({ width: options.width ?? 220, height: options.height ?? 200 });
  const values = trainingRows(histories).filter((r) => r.panel === 'nll');
  // Many seeds: mean ± std computed here, so the spec carries one row per (model, split, epoch).
  if (usesSeedBands(histories, options)) return bandSpec(histories, trainingBands(values), size);
  const x = EPOCH;
  const color = SPLIT_COLOR;
  // A ± std band needs two runs of a model; with one seed per model the lines stand alone.
  const seedsPerModel = new Map<string, Set<string>>();
  for (const h of histories)
    seedsPerModel.set(h.model, (seedsPerModel.get(h.model) ?? new Set()).add(String(h.seed ?? '')));
  const band = [...seedsPerModel.values()].some((seeds) => seeds.size > 1);
  const line = {
    mark: { type: 'line' as const },
    encoding: {
      x,
      y: {
        aggregate: 'mean' as const,
        field: 'value',
        type: 'quantitative' as const,
        title: 'NLL per pair',
        scale: { zero: false },
      },
      color,
      tooltip: [
        { field: 'split', type: 'nominal' as const },
        { field: 'epoch', type: 'quantitative' as const },
        {
          aggregate: 'mean' as const,
          field: 'value',
          type: 'quantitative' as const,
          title: 'mean NLL',
          format: '.4~g',
        },
      ],
    },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: band
      ? 'Training vs validation NLL per pair (mean ± std over seeds)'
      : 'Training vs validation NLL per pair',
    description:
      'Overfitting check: one panel per model; training (blue) and validation (red) NLL over epochs.',
    data: { values },
    facet: { column: { field: 'model', type: 'nominal', title: null, sort: modelOrder(histories) } },
    spec: {
      ...size,
      layer: band
        ? [
            {
              mark: { type: 'errorband', extent: 'stdev', opacity: 0.25 },
              encoding: {
                x,
                y: { field: 'value', type: 'quantitative', title: 'NLL per pair', scale: { zero: false } },
                color,
              },
            },
            line,
          ]
        : [line],
    },
    resolve: { scale: { y: 'shared' } },
  };
}

/** The overfitting check from mean ± std rows (`trainingBands`): a band and a mean line per split. */
function bandSpec(
  histories: readonly LabelledHistory[],
  values: ReturnType<typeof trainingBands>,
  size: { width: number; height: number },
): TopLevelSpec {
  const x = EPOCH;
  const color = SPLIT_COLOR;
  const y = { type: 'quantitative' as const, title: 'NLL per pair', scale: { zero: false } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Training vs validation NLL per pair (mean ± std over seeds)',
    description:
      'Overfitting check: one panel per model; training (blue) and validation (red) NLL over epochs, the mean over seeds with a band of ± one standard deviation.',
    data: { values },
    facet: { column: { field: 'model', type: 'nominal', title: null, sort: modelOrder(histories) } },
    spec: {
      ...size,
      layer: [
        {
          mark: { type: 'area', fillOpacity: 0.25 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line' },
          encoding: {
            x,
            y: { ...y, field: 'value' },
            color,
            tooltip: [
              { field: 'split', type: 'nominal' },
              { field: 'epoch', type: 'quantitative' },
              { field: 'runs', type: 'quantitative', title: 'seeds' },
              { field: 'value', type: 'quantitative', title: 'mean NLL', format: '.4~g' },
              { field: 'std', type: 'quantitative', title: 'std', format: '.4~g' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  };
}
