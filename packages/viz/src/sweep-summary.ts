/** The headline numbers of each sweep as a report table. */
import type { LabelledSweep, SweepLike } from './inputs.js';
import { type F1Kind, f1Field } from './sweep-rows.js';
import type { ReportTable } from './table-html.js';

/** Options of {@link sweepSummaryTable}. */
export interface SweepSummaryOptions {
  /** F1 loss allowed when counting prunable weights (default 0.01, as @vb/core's `maxPrunableFraction`). */
  tolerance?: number;
  /** Which F1 the tolerance applies to (default `macro`). */
  f1?: F1Kind;
}

/**
 * The largest fraction of weights removable with F1 within `tolerance` of the unpruned point
 * (τ = 0, else the point keeping most weights), and the weights kept there.
 */
export function prunable(
  sweep: SweepLike,
  tolerance = 0.01,
  f1: F1Kind = 'macro',
): { fraction: number; kept: number } | null {
  const { field } = f1Field(f1);
  const value = (p: SweepLike['points'][number]) =>
    field === 'macroF1' ? p.metrics.macroF1 : p.metrics.paraphrase?.f1;
  const base =
    sweep.points.find((p) => p.threshold === 0) ??
    [...sweep.points].sort((a, b) => b.keptFraction - a.keptFraction)[0];
  const b = base === undefined ? undefined : value(base);
  if (base === undefined || b === undefined || !Number.isFinite(b)) return null;
  let best = { fraction: 1 - base.keptFraction, kept: base.kept };
  for (const p of sweep.points) {
    const v = value(p);
    if (v !== undefined && v >= b - tolerance && 1 - p.keptFraction > best.fraction) {
      best = { fraction: 1 - p.keptFraction, kept: p.kept };
    }
  }
  return best;
}

/**
 * One row per labelled sweep: the unpruned network's scores and how much of it can be pruned
 * (a `seed` column only when some sweep has a seed).
 *
 * ```ts
 * const html = await reportHtml({ title: 'vb sweep', tables: [sweepSummaryTable(sweeps)], specs });
 * ```
 */
export function sweepSummaryTable(
  sweeps: readonly LabelledSweep[],
  options: SweepSummaryOptions = {},
): ReportTable {
  const tolerance = options.tolerance ?? 0.01;
  const f1 = f1Field(options.f1);
  const withSeeds = sweeps.some((s) => s.seed !== undefined);
  const rows = sweeps.map(({ model, seed, sweep }) => {
    const base = sweep.points.find((p) => p.threshold === 0);
    const cut = prunable(sweep, tolerance, options.f1);
    return [
      model,
      ...(withSeeds ? [seed === undefined ? null : String(seed)] : []),
      sweep.score === 'snr' ? 'SNR |m|/s' : 'magnitude |m|',
      sweep.total,
      base?.metrics.macroF1,
      base?.metrics.paraphrase?.f1,
      base?.metrics.accuracy,
      base?.metrics.meanLogLikelihood,
      cut === null ? null : `${(100 * cut.fraction).toFixed(1)}%`,
      cut?.kept,
    ];
  });
  return {
    caption: 'Pruning sweeps: the unpruned network (τ = 0) and how far it prunes',
    columns: [
      'model',
      ...(withSeeds ? ['seed'] : []),
      'pruned by',
      'weights',
      'macro-F1',
      'paraphrase F1',
      'accuracy',
      'mean log-lik.',
      'prunable',
      'kept there',
    ],
    rows,
    note: `Scores at τ = 0 (no pruning). Prunable: the largest fraction of weights removed with ${f1.title} within ${tolerance} of that; kept there: the weights left at that point.`,
  };
}
