/**
 * Threshold grids for a pruning sweep over importance scores λ (SNR |m|/s, or |m|).
 * Pruning at τ removes every weight with λ < τ.
 */

/**
 * `explicit`: the values given; `log`: `count` log-spaced values in [min, max];
 * `quantiles`: thresholds at `count` evenly spaced quantiles of λ, so the kept fraction runs
 * from 100% down to 1/`count`·… near 0% (the default, robust to the scale of λ), plus the
 * quantiles that keep each fraction of `extraKept` (e.g. `[0.02, 0.01, 0.005]` to resolve the
 * sparse end, where the priors that sparsify well operate).
 */
export type ThresholdGrid =
  | { kind: 'explicit'; values: number[] }
  | { kind: 'log'; min: number; max: number; count: number }
  | { kind: 'quantiles'; count: number; extraKept?: number[] };

/** The thresholds of `grid` for scores `lambda`, ascending and distinct; τ = 0 (keep all) first. */
export function thresholds(lambda: Float32Array, grid: ThresholdGrid): number[] {
  let values: number[];
  switch (grid.kind) {
    case 'explicit':
      values = grid.values.slice();
      break;
    case 'log': {
      if (!(grid.min > 0) || !(grid.max > grid.min) || !(grid.count >= 2)) {
        throw new Error(
          `threshold grid 'log': need 0 < min < max and count ≥ 2, got ${JSON.stringify(grid)}`,
        );
      }
      const a = Math.log(grid.min);
      const b = Math.log(grid.max);
      values = Array.from({ length: grid.count }, (_, i) => Math.exp(a + ((b - a) * i) / (grid.count - 1)));
      break;
    }
    case 'quantiles': {
      if (!(grid.count >= 2))
        throw new Error(`threshold grid 'quantiles': count must be ≥ 2, got ${grid.count}`);
      const sorted = Float64Array.from(lambda).sort();
      const n = sorted.length;
      // Keep fractions 1, (count−1)/count, …, 1/count: τ is the λ of the first kept weight.
      values = Array.from({ length: grid.count }, (_, i) => {
        const drop = Math.round((i * n) / grid.count);
        return drop === 0 ? 0 : (sorted[drop] as number);
      });
      for (const kept of grid.extraKept ?? []) {
        if (!(kept > 0 && kept <= 1))
          throw new Error(`threshold grid 'quantiles': extraKept fractions must be in (0, 1], got ${kept}`);
        const drop = Math.min(n - 1, Math.round((1 - kept) * n));
        values.push(drop === 0 ? 0 : (sorted[drop] as number));
      }
      break;
    }
  }
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0)
      throw new Error(`threshold grid: every threshold must be finite and ≥ 0, got ${v}`);
  }
  return [...new Set([0, ...values])].sort((x, y) => x - y);
}

/** Keep-mask (1 keep, 0 prune) for threshold τ: keep λ ≥ τ. */
export function keepMask(lambda: Float32Array, tau: number): Uint8Array {
  const mask = new Uint8Array(lambda.length);
  for (let i = 0; i < lambda.length; i++) mask[i] = (lambda[i] as number) >= tau ? 1 : 0;
  return mask;
}

/**
 * Sparse variational dropout's pruning rule (Molchanov, Ashukha, Vetrov 2017): a weight with
 * log α = log(s²/m²) above 3 is removed — the same as SNR |m|/s < e^{−3/2} ≈ 0.223.
 */
export const LOG_ALPHA_THRESHOLD = 3;
