/**
 * The structure a pruning mask leaves: which hidden units and input dimensions survive —
 * the "optimal structure" the seed is after.
 */
import type { TensorInfo } from '../engine/trainer.js';

export interface StructureReport {
  hidden: number;
  inputDim: number;
  /**
   * Hidden units with at least one surviving weight among their incoming (W column, U column,
   * b entry) or outgoing (U row, the two V rows) weights — a unit is dead when all are pruned.
   */
  aliveHidden: number;
  /** Hidden units that can still carry signal: some incoming and some outgoing weight survives. */
  functionalHidden: number;
  /** Input dimensions with at least one surviving weight in their row of W. */
  aliveInputs: number;
  /** Surviving weights per tensor. */
  keptPerTensor: Record<string, number>;
}

/** Structure left by `mask` (1 keep) over the tensors laid out as in `tensors`. */
export function structureOf(mask: Uint8Array, tensors: TensorInfo[]): StructureReport {
  const t = Object.fromEntries(tensors.map((x) => [x.name, x])) as Record<string, TensorInfo>;
  const { W, U, b, V } = t as Record<'W' | 'U' | 'b' | 'V', TensorInfo>;
  const m = W.rows;
  const n = W.cols;
  const k = V.cols;
  const at = (x: TensorInfo, r: number, c: number) => mask[x.offset + r * x.cols + c] === 1;
  let aliveHidden = 0;
  let functionalHidden = 0;
  for (let j = 0; j < n; j++) {
    let incoming = at(b, 0, j);
    for (let i = 0; i < m && !incoming; i++) incoming = at(W, i, j);
    for (let i = 0; i < n && !incoming; i++) incoming = at(U, i, j);
    let outgoing = false;
    for (let i = 0; i < n && !outgoing; i++) outgoing = at(U, j, i);
    for (let c = 0; c < k && !outgoing; c++) outgoing = at(V, j, c) || at(V, n + j, c);
    if (incoming || outgoing) aliveHidden++;
    if (incoming && outgoing) functionalHidden++;
  }
  let aliveInputs = 0;
  for (let i = 0; i < m; i++) {
    let alive = false;
    for (let j = 0; j < n && !alive; j++) alive = at(W, i, j);
    if (alive) aliveInputs++;
  }
  const keptPerTensor: Record<string, number> = {};
  for (const x of tensors) {
    let kept = 0;
    for (let i = x.offset; i < x.offset + x.rows * x.cols; i++) kept += mask[i] as number;
    keptPerTensor[x.name] = kept;
  }
  return { hidden: n, inputDim: m, aliveHidden, functionalHidden, aliveInputs, keptPerTensor };
}
