/**
 * Structured pruning: remove whole input dimensions or whole hidden units, least important first,
 * and evaluate — the structure question of the seed ("how many units and inputs does the network
 * need?") asked directly, where weight-by-weight pruning leaves every unit with a few weights.
 *
 * - input dimension i: its row of W (the Gn weights that read x_i, G gates);
 * - hidden unit j: everything that feeds it or reads it — its column in every gate block of W and
 *   of U, its bias entries, row j of U, and rows j and n + j of V (its two entries in
 *   φ = [h_a ⊙ h_b, |h_a − h_b|]).
 *
 * A group's importance is the root-sum-square of its weights' importance λ (SNR |m|/s, or |m|):
 * for SNR, Σ λ² is the group's total signal-to-noise energy.
 */
import type { TensorInfo, Trainer } from '../engine/trainer.js';
import { encoderShape } from '../model/layout.js';
import type { Metrics } from '../metrics/index.js';
import type { PairSet } from '../train/pair-set.js';
import { evaluatePruned, type ImportanceScore, importance, type PrunedEvaluationOptions } from './sweep.js';

/** What a structured sweep removes: input dimensions (rows of W) or hidden units. */
export type StructureGroup = 'input' | 'unit';

/** The flat weight indices of every group of kind `group` (m input dimensions or n units). */
export function groupIndices(tensors: TensorInfo[], group: StructureGroup): number[][] {
  const t = Object.fromEntries(tensors.map((x) => [x.name, x])) as Record<TensorInfo['name'], TensorInfo>;
  const { W, U, b, V } = t;
  const at = (x: TensorInfo, r: number, c: number) => x.offset + r * x.cols + c;
  const { n, gates, at: gateAt } = encoderShape(tensors);
  if (group === 'input') {
    return Array.from({ length: W.rows }, (_, i) => Array.from({ length: W.cols }, (_, c) => at(W, i, c)));
  }
  return Array.from({ length: n }, (_, j) => {
    const idx: number[] = [];
    for (let g = 0; g < b.cols / n; g++) idx.push(gateAt(b, 0, g, j));
    for (let g = 0; g < gates; g++) {
      for (let i = 0; i < W.rows; i++) idx.push(gateAt(W, i, g, j));
      for (let i = 0; i < n; i++) idx.push(gateAt(U, i, g, j));
    }
    // Row j of U minus the entries already listed (its own columns in each gate).
    for (let c = 0; c < U.cols; c++) if (c % n !== j) idx.push(at(U, j, c));
    for (let c = 0; c < V.cols; c++) idx.push(at(V, j, c), at(V, n + j, c));
    return idx;
  });
}

/** Root-sum-square of `lambda` over each group. */
export function groupImportance(lambda: Float32Array, groups: number[][]): Float64Array {
  return Float64Array.from(groups, (g) => Math.sqrt(g.reduce((s, i) => s + (lambda[i] as number) ** 2, 0)));
}

export interface GroupSweepOptions extends PrunedEvaluationOptions {
  group: StructureGroup;
  score?: ImportanceScore;
  /**
   * Numbers of groups to remove, one point each. Default: every count 0..G−1 when G ≤ 21 (e.g.
   * 32 hidden units: 0..31), else 21 evenly spaced counts capped at G − 1 (100 inputs: 0, 5, …, 95,
   * 99) — removing all G is not tried by default.
   */
  counts?: number[];
}

export interface GroupSweepPoint {
  /** Groups removed (the `removed` least important). */
  removed: number;
  /** Groups left. */
  left: number;
  /** Which groups were removed (indices 0..G−1), least important first. */
  removedGroups: number[];
  /** Weights still non-zero after removing the groups. */
  keptWeights: number;
  metrics: Metrics;
}

export interface GroupSweepResult {
  group: StructureGroup;
  score: ImportanceScore;
  /** G: input dimensions m or hidden units n. */
  groups: number;
  /** Importance of each group. */
  importance: number[];
  points: GroupSweepPoint[];
}

function defaultCounts(group: StructureGroup, g: number): number[] {
  if (group === 'unit' || g <= 21) return Array.from({ length: g }, (_, k) => k);
  return [...new Set(Array.from({ length: 21 }, (_, k) => Math.min(g - 1, Math.round((k * g) / 20))))];
}

/**
 * Removes the k least important groups for each k of `counts` and evaluates on `set`.
 *
 * ```ts
 * const inputs = groupSweep(trainer, test, { group: 'input', score: 'snr' });
 * maxRemovablePoint(inputs).removed; // input dimensions removable within 0.01 macro-F1
 * ```
 */
export function groupSweep(trainer: Trainer, set: PairSet, options: GroupSweepOptions): GroupSweepResult {
  const score = options.score ?? 'snr';
  const lambda = importance(trainer, score);
  const groups = groupIndices(trainer.tensors(), options.group);
  const imp = groupImportance(lambda, groups);
  // Least important first; ties by index, so the order is deterministic.
  const order = Array.from(imp.keys()).sort((a, b) => (imp[a] as number) - (imp[b] as number) || a - b);
  const counts = [...new Set([0, ...(options.counts ?? defaultCounts(options.group, groups.length))])].sort((a, b) => a - b);
  for (const k of counts) {
    if (!(Number.isInteger(k) && k >= 0 && k <= groups.length)) {
      throw new RangeError(`group counts must be integers in 0..${groups.length}, got ${k}`);
    }
  }
  const points = counts.map((k) => {
    const mask = new Uint8Array(lambda.length).fill(1);
    const removedGroups = order.slice(0, k);
    for (const g of removedGroups) for (const i of groups[g] as number[]) mask[i] = 0;
    return {
      removed: k,
      left: groups.length - k,
      removedGroups,
      keptWeights: mask.reduce((a, b) => a + b, 0),
      metrics: evaluatePruned(trainer, set, mask, options),
    };
  });
  return { group: options.group, score, groups: groups.length, importance: Array.from(imp), points };
}

/**
 * The point removing the most groups whose macro-F1 stays within `tolerance` of the intact
 * network (the intact point when none qualifies).
 */
export function maxRemovablePoint(result: GroupSweepResult, tolerance = 0.01): GroupSweepPoint {
  const base = result.points.find((p) => p.removed === 0);
  if (!base) throw new Error('group sweep has no intact point (0 removed)');
  let best = base;
  for (const p of result.points) {
    if (p.metrics.macroF1 >= base.metrics.macroF1 - tolerance && p.removed > best.removed) best = p;
  }
  return best;
}
