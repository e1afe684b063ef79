/** Mean ± std over seeds for each row of the table. */
import type { RunResult } from './run.js';
import { ROWS, type RowName, SEED_F1 } from './rows.js';

export interface Stat {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single seed. */
  std: number;
  n: number;
}

export interface TableRow {
  row: RowName;
  seedF1: number;
  macroF1: Stat;
  binaryF1: Stat | null;
  accuracy: Stat;
  /** Only for models that output probabilities. */
  meanLogLikelihood: Stat | null;
  maxPrunableSnr: Stat | null;
  maxPrunableMagnitude: Stat | null;
  seconds: Stat;
}

export function stat(values: number[]): Stat {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

function maybe(values: Array<number | undefined | null>): Stat | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length === values.length && v.length > 0 ? stat(v) : null;
}

export function aggregate(results: RunResult[]): TableRow[] {
  return ROWS.flatMap((row) => {
    const rs = results.filter((r) => r.row === row);
    if (rs.length === 0) return [];
    return [
      {
        row,
        seedF1: SEED_F1[row],
        macroF1: stat(rs.map((r) => r.test.macroF1)),
        binaryF1: maybe(rs.map((r) => r.test.binaryF1)),
        accuracy: stat(rs.map((r) => r.test.accuracy)),
        meanLogLikelihood: rs.every((r) => r.test.probabilistic) ? stat(rs.map((r) => r.test.meanLogLikelihood)) : null,
        maxPrunableSnr: maybe(rs.map((r) => r.maxPrunable?.snr)),
        maxPrunableMagnitude: maybe(rs.map((r) => r.maxPrunable?.magnitude)),
        seconds: stat(rs.map((r) => r.seconds)),
      },
    ];
  });
}

export function formatStat(s: Stat | null, digits = 3): string {
  if (!s) return '—';
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}` : s.mean.toFixed(digits);
}

export function formatPercent(s: Stat | null): string {
  if (!s) return '—';
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  return s.n > 1 ? `${p(s.mean)} ± ${p(s.std)}` : p(s.mean);
}
