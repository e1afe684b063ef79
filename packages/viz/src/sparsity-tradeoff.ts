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
import { type F1Kind, f1Field, sweepRows } from './sweep-rows.js';

/** Options of {@link sparsityTradeoffSpec}. */
export interface SparsityTradeoffOptions extends ChartOptions {
  /** `macro` (default) or `paraphrase`. */
  f1?: F1Kind;
}

/**
 * F1 vs fraction of weights kept, one line per (model, score, seed).
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
