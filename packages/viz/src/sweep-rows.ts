/** Pruning sweeps flattened to one JSON-able row per (series, threshold): the data of the λ charts. */
import { scoreLabel, seedLabel, seriesKey } from './chart-common.js';
import type { LabelledSweep } from './inputs.js';

/** One point of one sweep, flat (non-finite numbers become `null`, which JSON and Vega accept). */
export interface SweepRow {
  model: string;
  seed: string;
  score: string;
  /** `scoreLabel(score)`, the facet header. */
  scoreLabel: string;
  /** Identifies the line: (model, score, seed). */
  series: string;
  threshold: number;
  kept: number;
  keptFraction: number;
  total: number;
  macroF1: number | null;
  paraphraseF1: number | null;
  accuracy: number | null;
  meanLogLikelihood: number | null;
  functionalHidden: number | null;
  aliveInputs: number | null;
}

function finite(x: number | undefined | null): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** The rows of every sweep, in input order, points sorted by threshold. */
export function sweepRows(sweeps: readonly LabelledSweep[]): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const { model, seed, sweep } of sweeps) {
    const points = [...sweep.points].sort((a, b) => a.threshold - b.threshold);
    for (const p of points) {
      rows.push({
        model,
        seed: seedLabel(seed),
        score: sweep.score,
        scoreLabel: scoreLabel(sweep.score),
        series: seriesKey(model, sweep.score, seed),
        threshold: p.threshold,
        kept: p.kept,
        keptFraction: p.keptFraction,
        total: sweep.total,
        macroF1: finite(p.metrics.macroF1),
        paraphraseF1: finite(p.metrics.paraphrase?.f1),
        accuracy: finite(p.metrics.accuracy),
        meanLogLikelihood: finite(p.metrics.meanLogLikelihood),
        functionalHidden: finite(p.structure?.functionalHidden),
        aliveInputs: finite(p.structure?.aliveInputs),
      });
    }
  }
  return rows;
}

/** Which F1 a chart plots: six-class macro-F1 (the seed's table) or the PIT-2015 binary F1. */
export type F1Kind = 'macro' | 'paraphrase';

/** Row field and axis title of the chosen F1 (default `macro`). */
export function f1Field(kind: F1Kind = 'macro'): { field: 'macroF1' | 'paraphraseF1'; title: string } {
  return kind === 'macro'
    ? { field: 'macroF1', title: 'macro-F1 (6 classes)' }
    : { field: 'paraphraseF1', title: 'paraphrase F1 (PIT-2015)' };
}
