/**
 * Training histories of many seeds as mean ± std per (model, panel, split, epoch): the data of the
 * training curves and the overfitting check when a model has more seeds than they draw as lines
 * (see `seed-bands.ts`).
 *
 * Runs of one model may stop at different epochs (early stopping): an epoch is averaged over the
 * runs that reached it, and an epoch fewer than half of its runs reached is not drawn, so a few
 * long runs do not make a noisy tail (nor one odd run a spike).
 */
import { seedBand } from './seed-bands.js';
import type { TrainingPanel, TrainingRow } from './training-curves.js';

/** One epoch of one (model, panel, split): mean, band (mean ∓ std), std and the runs averaged. */
export interface TrainingBandRow {
  model: string;
  panel: TrainingPanel;
  split: TrainingRow['split'];
  epoch: number;
  /** The mean over runs (named like {@link TrainingRow}'s value). */
  value: number;
  lo: number;
  hi: number;
  std: number;
  /** Runs averaged at this epoch. */
  runs: number;
}

/**
 * Mean ± std over the runs (`series`) of each model, per panel, split and epoch, from the rows of
 * `trainingRows` (which leave out non-finite values, an all-zero KL and an unfitted σ²).
 */
export function trainingBands(rows: readonly TrainingRow[]): TrainingBandRow[] {
  // (model, panel, split) → epoch → values; and the runs that have the curve at all.
  const curves = new Map<
    string,
    {
      model: string;
      panel: TrainingPanel;
      split: TrainingRow['split'];
      runs: Set<string>;
      epochs: Map<number, number[]>;
    }
  >();
  for (const r of rows) {
    const key = `${r.panel} ${r.split} ${r.model}`;
    let c = curves.get(key);
    if (!c) {
      c = { model: r.model, panel: r.panel, split: r.split, runs: new Set(), epochs: new Map() };
      curves.set(key, c);
    }
    c.runs.add(r.series);
    const values = c.epochs.get(r.epoch) ?? [];
    values.push(r.value);
    c.epochs.set(r.epoch, values);
  }
  const out: TrainingBandRow[] = [];
  for (const c of curves.values()) {
    const needed = Math.max(1, Math.ceil(c.runs.size / 2));
    const epochs = [...c.epochs.keys()].sort((a, b) => a - b);
    for (const epoch of epochs) {
      // An epoch fewer than half of the runs reached (early stopping) is not drawn, wherever it is.
      const values = c.epochs.get(epoch) as number[];
      if (values.length < needed) continue;
      const b = seedBand(values);
      out.push({
        model: c.model,
        panel: c.panel,
        split: c.split,
        epoch,
        value: b.mean,
        lo: b.lo,
        hi: b.hi,
        std: b.std,
        runs: b.n,
      });
    }
  }
  return out;
}
