/**
 * Many seeds, one curve: when a model has more runs (seeds) than a chart can show as separate
 * lines, the charts draw the mean over its runs with a band of ± one standard deviation instead.
 * The statistics are computed here, before the spec is built, so a spec carries one row per model
 * and point, not one per run and point.
 */

/** Most runs of one model a chart draws as separate lines (more: the mean with a ± 1 std band). */
export const MAX_SEED_LINES = 10;

/** Options of the charts that draw one line per run. */
export interface SeedOptions {
  /**
   * Most runs (distinct seeds) of one model drawn as separate lines, default {@link MAX_SEED_LINES}.
   * When some model of the chart has more, every model is drawn as its mean over runs with a band
   * of ± one standard deviation (sample std, n − 1), computed before the spec is built.
   */
  maxSeedLines?: number;
}

/** Mean ± std of one value over the runs that have it. */
export interface SeedBand {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one run. */
  std: number;
  /** `mean − std`, `mean + std`: the band's edges. */
  lo: number;
  hi: number;
  /** Runs averaged. */
  n: number;
}

/** Mean and sample std of `values` (finite numbers; at least one). */
export function seedBand(values: readonly number[]): SeedBand {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, std, lo: mean - std, hi: mean + std, n };
}

/**
 * Whether a chart of `items` draws mean ± std bands: some model has more distinct seeds than
 * `maxSeedLines` (entries of one model and seed, e.g. its SNR and magnitude sweeps, are one run).
 */
export function usesSeedBands(
  items: readonly { model: string; seed?: number | string }[],
  options: SeedOptions = {},
): boolean {
  const most = options.maxSeedLines ?? MAX_SEED_LINES;
  const seeds = new Map<string, Set<string>>();
  for (const x of items) {
    const s = seeds.get(x.model) ?? new Set<string>();
    s.add(String(x.seed ?? ''));
    seeds.set(x.model, s);
    if (s.size > most) return true;
  }
  return false;
}
