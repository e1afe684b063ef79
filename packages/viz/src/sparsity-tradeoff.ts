/**
 * The sparsity/quality trade-off: F1 against the fraction of weights kept. Unlike τ, the kept
 * fraction is on one scale for every importance score, so SNR and magnitude pruning (and every
 * model) share one chart: colour = model, dash = score.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartOptions,
  modelColor,
  modelOrder,
  panelSize,
  scoreLabel,
  VEGA_LITE_SCHEMA,
} from './chart-common.js';
import type { LabelledSweep } from './inputs.js';
import { usesSeedBands } from './seed-bands.js';
import { tradeoffBands } from './sweep-bands.js';
import { type F1Kind, f1Field, sweepRows } from './sweep-rows.js';

/** Options of {@link sparsityTradeoffSpec}. */
export interface SparsityTradeoffOptions extends ChartOptions {
  /** `macro` (default) or `paraphrase`. */
  f1?: F1Kind;
}

/**
 * F1 vs fraction of weights kept, one line per (model, score, seed); with more seeds of a model
 * than `maxSeedLines` (10), one line per (model, score) — the mean over seeds on a common grid of
 * kept fractions — with a ± 1 std band.
 *
 * ```ts
 * const spec = sparsityTradeoffSpec([
 *   { model: 'RNN + variational (D, I)', sweep: snrSweep },
 *   { model: 'RNN + variational (D, I)', sweep: magnitudeSweep },
 * ]);
 * ```
 */
export function sparsityTradeoffSpec(
  sweeps: readonly LabelledSweep[],
  options: SparsityTradeoffOptions = {},
): TopLevelSpec {
  const f1 = f1Field(options.f1);
  const scores = [...new Set(sweeps.map((s) => s.sweep.score))];
  if (usesSeedBands(sweeps, options)) return tradeoffBandSpec(sweeps, options, f1, scores);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Sparsity vs quality', subtitle: `${f1.title} against the fraction of weights kept` },
    description: `${f1.title} against the fraction of weights kept after pruning, one line per model, score and seed.`,
    data: { values: sweepRows(sweeps) },
    transform: [{ filter: { field: f1.field, valid: true } }],
    ...panelSize(options),
    mark: { type: 'line' },
    encoding: {
      x: {
        field: 'keptFraction',
        type: 'quantitative',
        title: 'fraction of weights kept',
        scale: { domain: [0, 1] },
        axis: { format: '.0%' },
      },
      y: { field: f1.field, type: 'quantitative', title: f1.title, scale: { zero: false } },
      color: modelColor(modelOrder(sweeps), options.colors),
      strokeDash: {
        field: 'scoreLabel',
        type: 'nominal',
        title: 'pruned by',
        scale: { domain: scores.map(scoreLabel) },
      },
      detail: { field: 'series', type: 'nominal' },
      tooltip: [
        { field: 'model', type: 'nominal' },
        { field: 'seed', type: 'nominal' },
        { field: 'score', type: 'nominal' },
        { field: 'keptFraction', type: 'quantitative', title: 'kept', format: '.1%' },
        { field: 'kept', type: 'quantitative', format: ',' },
        { field: f1.field, type: 'quantitative', title: f1.title, format: '.3f' },
      ],
    },
  };
}

/** The trade-off chart of many seeds: per (model, score) the mean F1 over seeds and a ± 1 std band. */
function tradeoffBandSpec(
  sweeps: readonly LabelledSweep[],
  options: SparsityTradeoffOptions,
  f1: ReturnType<typeof f1Field>,
  scores: Array<'snr' | 'magnitude'>,
): TopLevelSpec {
  const x = {
    field: 'keptFraction',
    type: 'quantitative' as const,
    title: 'fraction of weights kept',
    scale: { domain: [0, 1] },
    axis: { format: '.0%' },
  };
  const color = modelColor(modelOrder(sweeps), options.colors);
  const series = { field: 'series', type: 'nominal' as const };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Sparsity vs quality',
      subtitle: `${f1.title} against the fraction of weights kept; mean ± std over seeds`,
    },
    description: `${f1.title} against the fraction of weights kept after pruning, one line per model and score: the mean over its seeds with a band of ± one standard deviation.`,
    data: {
      values: tradeoffBands(sweeps).map((r) => ({
        model: r.model,
        score: r.score,
        scoreLabel: r.scoreLabel,
        series: r.series,
        runs: r.runs,
        keptFraction: r.keptFraction,
        kept: r.kept,
        [f1.field]: r[f1.field],
        [`${f1.field}Lo`]: r[`${f1.field}Lo`],
        [`${f1.field}Hi`]: r[`${f1.field}Hi`],
        [`${f1.field}Std`]: r[`${f1.field}Std`],
      })),
    },
    transform: [{ filter: { field: f1.field, valid: true } }],
    ...panelSize(options),
    layer: [
      {
        mark: { type: 'area', fillOpacity: 0.15 },
        encoding: {
          x,
          y: { field: `${f1.field}Lo`, type: 'quantitative', title: f1.title, scale: { zero: false } },
          y2: { field: `${f1.field}Hi` },
          color,
          detail: series,
        },
      },
      {
        mark: { type: 'line' },
        encoding: {
          x,
          y: { field: f1.field, type: 'quantitative', title: f1.title, scale: { zero: false } },
          color,
          strokeDash: {
            field: 'scoreLabel',
            type: 'nominal',
            title: 'pruned by',
            scale: { domain: scores.map(scoreLabel) },
          },
          detail: series,
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'score', type: 'nominal' },
            { field: 'runs', type: 'quantitative', title: 'seeds' },
            { field: 'keptFraction', type: 'quantitative', title: 'kept', format: '.1%' },
            { field: 'kept', type: 'quantitative', title: 'kept (mean)', format: ',.0f' },
            { field: f1.field, type: 'quantitative', title: `${f1.title} (mean)`, format: '.3f' },
            { field: `${f1.field}Std`, type: 'quantitative', title: 'std', format: '.3f' },
          ],
        },
      },
    ],
  };
}
