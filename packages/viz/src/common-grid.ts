/**
 * Runs on one grid: the pruning thresholds of a sweep are quantiles of its own λ, so two seeds of a
 * model never share their τ (nor exactly their kept fractions). To average them, each run's curve is
 * interpolated linearly onto a common grid, within its own range only (never extrapolated).
 */
import { type SeedBand, seedBand } from './seed-bands.js';

/** Points on a common grid: the grid's default size. */
export const GRID_POINTS = 64;

/** One run's curve: `x` ascending; each field one value per x (`null`: missing there). */
export interface RunCurve<F extends string> {
  x: readonly number[];
  y: Readonly<Record<F, readonly (number | null)[]>>;
}

/** The runs at one grid point: how many reach it, and mean ± std of each field over those that have it. */
export interface GridPoint<F extends string> {
  x: number;
  /** Runs whose curve spans this x. */
  runs: number;
  bands: Record<F, SeedBand | null>;
}

/** `count` evenly spaced values from `lo` to `hi` (one value when they are equal). */
export function linearGrid(lo: number, hi: number, count = GRID_POINTS): number[] {
  if (!(hi > lo) || count < 2) return [lo];
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? hi : lo + ((hi - lo) * i) / (count - 1)));
}

/**
 * The range a grid should span: from the smallest to the largest x that at least half of the runs
 * reach (`needed` = ⌈n / 2⌉ runs whose own x range holds it), so that one run with an unusual range
 * does not spread the grid over values most runs never reach. Null when no x is reached by that many.
 */
export function sharedRange(curves: readonly RunCurve<string>[]): [number, number] | null {
  const spans = curves.filter((c) => c.x.length > 0).map((c) => [c.x[0] as number, c.x.at(-1) as number]);
  const needed = Math.max(1, Math.ceil(curves.length / 2));
  // Sweep the ranges' ends: from the left, starts before ends at equal x (ranges are closed) …
  const events = spans.flatMap(([a, b]) => [
    { x: a as number, d: 1 },
    { x: b as number, d: -1 },
  ]);
  let count = 0;
  let lo: number | undefined;
  for (const e of [...events].sort((p, q) => p.x - q.x || q.d - p.d)) {
    count += e.d;
    if (count >= needed) {
      lo = e.x;
      break;
    }
  }
  // … and from the right, ends before starts.
  count = 0;
  let hi: number | undefined;
  for (const e of [...events].sort((p, q) => q.x - p.x || p.d - q.d)) {
    count -= e.d;
    if (count >= needed) {
      hi = e.x;
      break;
    }
  }
  return lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo
    ? [lo, hi]
    : null;
}

/**
 * The value of a piecewise-linear curve at `q`: exact at a point, linear between two, `null`
 * outside [x₀, x_last] or next to a missing value.
 */
export function valueAt(x: readonly number[], y: readonly (number | null)[], q: number): number | null {
  let lo = 0;
  let hi = x.length - 1;
  if (hi < 0 || !(q >= (x[0] as number) && q <= (x[hi] as number))) return null;
  // The last index with x ≤ q.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((x[mid] as number) <= q) lo = mid;
    else hi = mid - 1;
  }
  const x0 = x[lo] as number;
  const y0 = y[lo] ?? null;
  if (x0 === q || lo === x.length - 1) return y0;
  const x1 = x[lo + 1] as number;
  const y1 = y[lo + 1] ?? null;
  if (y0 === null || y1 === null) return null;
  return y0 + ((y1 - y0) * (q - x0)) / (x1 - x0);
}

/**
 * Mean ± std of every field over the runs, at each grid value: a run counts at a grid value inside
 * its own x range. A grid value that fewer than half of the runs reach is left out, so the ends of
 * the range, where a few runs would make a noisy mean, are not drawn; so is a field's value that
 * fewer than half of the runs have there (a missing or non-finite value, e.g. a log-likelihood of
 * −∞): its band is null rather than the mean of the few.
 */
export function bandsOnGrid<F extends string>(
  curves: readonly RunCurve<F>[],
  fields: readonly F[],
  grid: readonly number[],
): GridPoint<F>[] {
  const needed = Math.max(1, Math.ceil(curves.length / 2));
  const spans = curves
    .filter((c) => c.x.length > 0)
    .map((c) => ({ c, lo: c.x[0] as number, hi: c.x.at(-1) as number }));
  const out: GridPoint<F>[] = [];
  for (const q of grid) {
    const inside = spans.filter((s) => q >= s.lo && q <= s.hi).map((s) => s.c);
    if (inside.length < needed) continue;
    const bands = {} as Record<F, SeedBand | null>;
    for (const f of fields) {
      const values: number[] = [];
      for (const c of inside) {
        const v = valueAt(c.x, c.y[f], q);
        if (v !== null && Number.isFinite(v)) values.push(v);
      }
      bands[f] = values.length >= needed ? seedBand(values) : null;
    }
    out.push({ x: q, runs: inside.length, bands });
  }
  return out;
}
