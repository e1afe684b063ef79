/**
 * Seeded, stratified splits (docs/METHOD.md §1: 70/15/15 stratified by y).
 *
 * Algorithm: group the indices by label (labels in ascending order), shuffle each group with one
 * mulberry32 stream seeded by `seed`, and cut it into parts by the largest-remainder rule — part k
 * gets ⌊n_c·f_k⌋ of a class with n_c items, and the leftover items go one each to the parts with the
 * largest fractional remainders (ties to the part furthest below its share of the items so far,
 * then to the earlier part). So every class is split in the given proportions to within one item
 * per part, and each part's total stays close to its share.
 */
import { emptySkipReport } from './errors.js';
import { seededRandom, shuffleInPlace } from './random.js';
import type { PairDataset } from './types.js';

/** The seed's split (docs/METHOD.md §1): train / validation / test fractions 70/15/15 … */
export const DEFAULT_SPLIT: readonly [number, number, number] = Object.freeze([0.7, 0.15, 0.15] as const);
/** … stratified with this seed: vb-cli's default for a corpus without a fixed split, and the playground's. */
export const DEFAULT_SPLIT_SEED = 2015;

/** Options of {@link stratifiedSplit}. */
export interface SplitOptions {
  /** Fractions ≥ 0 summing to 1, one per part, e.g. [0.7, 0.15, 0.15]. */
  fractions: readonly number[];
  seed: number;
  /** Stratify by label (default true); `false` splits the whole shuffled list the same way. */
  stratify?: boolean;
}

function checkFractions(fractions: readonly number[]): void {
  const sum = fractions.reduce((s, f) => s + f, 0);
  if (fractions.length < 1 || fractions.some((f) => !(f >= 0 && f <= 1)) || Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(`fractions must be numbers in [0, 1] summing to 1, got [${fractions.join(', ')}]`);
  }
}

/**
 * Largest-remainder apportionment of n items by `fractions`. Equal remainders go first to the part
 * with the larger `priority` (default: none), then to the earlier part.
 */
export function apportion(n: number, fractions: readonly number[], priority?: readonly number[]): number[] {
  const quotas = fractions.map((f) => n * f);
  const counts = quotas.map((q) => Math.floor(q + 1e-9));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = quotas
    .map((q, k) => ({ k, r: q - Math.floor(q + 1e-9), p: priority?.[k] ?? 0 }))
    .sort((x, y) => (Math.abs(y.r - x.r) > 1e-9 ? y.r - x.r : y.p - x.p || x.k - y.k));
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) {
    const k = (order[i] as { k: number }).k;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/**
 * Index sets (each ascending) of a seeded split of items with these `labels`.
 *
 * ```ts
 * const [train, val, test] = stratifiedSplit(labels, { fractions: [0.7, 0.15, 0.15], seed: 1 });
 * ```
 */
export function stratifiedSplit(labels: ArrayLike<number>, options: SplitOptions): number[][] {
  checkFractions(options.fractions);
  const random = seededRandom(options.seed);
  const groups = new Map<number, number[]>();
  const stratify = options.stratify ?? true;
  for (let i = 0; i < labels.length; i++) {
    const key = stratify ? (labels[i] as number) : 0;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const parts: number[][] = options.fractions.map(() => []);
  let seen = 0;
  for (const key of [...groups.keys()].sort((x, y) => x - y)) {
    const g = shuffleInPlace(groups.get(key) as number[], random);
    seen += g.length;
    // Ties go to the part furthest below its share of the classes so far, so totals stay balanced.
    const deficit = parts.map((p, k) => seen * (options.fractions[k] as number) - p.length);
    let at = 0;
    apportion(g.length, options.fractions, deficit).forEach((count, k) => {
      for (const i of g.slice(at, at + count)) (parts[k] as number[]).push(i);
      at += count;
    });
  }
  for (const p of parts) p.sort((x, y) => x - y);
  return parts;
}

/** A dataset restricted to the pairs at `indices` (same classes; the skip report is not repeated). */
export function subsetDataset(dataset: PairDataset, indices: ArrayLike<number>, name: string): PairDataset {
  const pairs = Array.from({ length: indices.length }, (_, i) => {
    const pair = dataset.pairs[indices[i] as number];
    if (!pair) throw new RangeError(`index ${indices[i]} outside 0..${dataset.pairs.length - 1}`);
    return pair;
  });
  return { name, classes: dataset.classes, pairs, skipped: emptySkipReport() };
}

/** Options of {@link splitDataset}. */
export interface SplitDatasetOptions extends SplitOptions {
  /** Part names, appended to the dataset's name: `<name>/<part>` (default `part0`, `part1`, …). */
  names?: readonly string[];
}

/**
 * A dataset cut into parts by {@link stratifiedSplit} on its labels.
 *
 * ```ts
 * const [train, validation, test] = splitDataset(all, {
 *   fractions: [0.7, 0.15, 0.15], seed: 1, names: ['train', 'validation', 'test'],
 * });
 * ```
 */
export function splitDataset(dataset: PairDataset, options: SplitDatasetOptions): PairDataset[] {
  const parts = stratifiedSplit(
    dataset.pairs.map((p) => p.label),
    options,
  );
  return parts.map((idx, k) =>
    subsetDataset(dataset, idx, `${dataset.name}/${options.names?.[k] ?? `part${k}`}`),
  );
}
