/**
 * The structure the evidence keeps: each node (input dimension, hidden unit) owns the weights it
 * sends — the grouping of the G prior (crates/vb-kernels/src/groups.rs): input i its row of W,
 * hidden unit j its row of U (every gate) and rows j and n + j of V. A node is alive when the mean squared SNR
 * of its outgoing weights is at least 1 (`threshold`).
 *
 * Why mean λ²: under the G prior the closed-form variance is σ_g² = mean(m²) + mean(s²), so with
 * the posterior stds of a group alike, σ_g²/s² = 1 + mean λ², and the KL the group pays per weight
 * is ½ log(1 + mean λ²). A node below 1 carries less signal than noise in what it sends, which the
 * prior has pushed to zero; above it, the evidence pays to keep the node. Unlike the τ chosen on
 * validation this uses no data at all — it reads the structure off the posterior.
 */
import type { TensorInfo } from '../engine/trainer.js';
import { groupIndices } from './groups.js';

/** The outgoing weights (flat indices) of every input dimension and every hidden unit. */
export function nodeGroups(tensors: TensorInfo[]): { inputs: number[][]; units: number[][] } {
  const t = Object.fromEntries(tensors.map((x) => [x.name, x])) as Record<TensorInfo['name'], TensorInfo>;
  const { U, V } = t;
  const n = U.rows;
  const row = (x: TensorInfo, r: number) =>
    Array.from({ length: x.cols }, (_, c) => x.offset + r * x.cols + c);
  return {
    // An input sends exactly what structured pruning removes with it: its row of W.
    inputs: groupIndices(tensors, 'input'),
    units: Array.from({ length: n }, (_, j) => [...row(U, j), ...row(V, j), ...row(V, n + j)]),
  };
}

/** Mean λ² of each group. */
export function meanSquaredSnr(lambda: ArrayLike<number>, groups: number[][]): number[] {
  return groups.map((g) => g.reduce((s, i) => s + (lambda[i] as number) ** 2, 0) / Math.max(1, g.length));
}

/** Input dimensions and hidden units whose outgoing weights have mean λ² ≥ `threshold`. */
export function liveByEvidence(
  lambda: ArrayLike<number>,
  tensors: TensorInfo[],
  threshold = 1,
): { inputs: number[]; units: number[] } {
  const g = nodeGroups(tensors);
  const alive = (v: number[]) => v.flatMap((x, i) => (x >= threshold ? [i] : []));
  return { inputs: alive(meanSquaredSnr(lambda, g.inputs)), units: alive(meanSquaredSnr(lambda, g.units)) };
}
