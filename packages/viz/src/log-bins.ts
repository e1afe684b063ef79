/**
 * Log-spaced histogram bins. λ spans orders of magnitude (a pruned-away weight has λ ≪ 1, a sure
 * one λ ≫ 1), so equal-width bins would put almost everything in the first one. Binning happens
 * here, not in Vega-Lite, so a spec carries bin counts rather than every λ.
 */

/** Counts of one set of values over log-spaced bins. */
export interface LogBinCounts {
  /** `counts[i]`: values in [edges[i], edges[i+1]) (the last bin also holds edges[bins]). */
  counts: number[];
  /** Values equal to 0: they have no place on a log axis. */
  zeros: number;
  /** NaN, ±∞ and negative values, left out. */
  invalid: number;
}

/**
 * `bins + 1` log-spaced edges covering [min, max] of the positive finite values (widened by half
 * a decade each way when all are equal; [1e-3, 1] when there are none).
 */
export function logBinEdges(values: Iterable<ArrayLike<number>>, bins: number): number[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const xs of values) {
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i] as number;
      if (v > 0 && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!(lo <= hi)) {
    lo = 1e-3;
    hi = 1;
  } else if (lo === hi) {
    lo /= Math.sqrt(10);
    hi *= Math.sqrt(10);
  }
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const edges = Array.from({ length: bins + 1 }, (_, i) => 10 ** (a + ((b - a) * i) / bins));
  // Pin the ends exactly, so min and max fall inside despite rounding in 10 ** log10(x).
  edges[0] = lo;
  edges[bins] = hi;
  return edges;
}

/** Counts `values` over `edges` (from {@link logBinEdges}); values outside go to the end bins. */
export function logBinCounts(values: ArrayLike<number>, edges: readonly number[]): LogBinCounts {
  const bins = edges.length - 1;
  if (bins < 1) throw new RangeError('edges must hold at least two values');
  const a = Math.log10(edges[0] as number);
  const step = (Math.log10(edges[bins] as number) - a) / bins;
  const counts = new Array<number>(bins).fill(0);
  let zeros = 0;
  let invalid = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === 0) zeros++;
    else if (!(v > 0) || !Number.isFinite(v)) invalid++;
    else {
      const k = Math.min(bins - 1, Math.max(0, Math.floor((Math.log10(v) - a) / step)));
      counts[k] = (counts[k] as number) + 1;
    }
  }
  return { counts, zeros, invalid };
}
