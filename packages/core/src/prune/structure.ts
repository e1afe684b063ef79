/**
 * The structure a pruning mask leaves: which hidden units and input dimensions survive —
 * the "optimal structure" the seed is after.
 */
import type { TensorInfo } from '../engine/trainer.js';
import { encoderShape } from '../model/layout.js';

export interface StructureReport {
  hidden: number;
  inputDim: number;
  /**
   * Hidden units with at least one surviving weight among their incoming (W column, U column,
   * b entry, in any gate) or outgoing (U row, the two V rows) weights — a unit is dead when all
   * are pruned.
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
  const { m, n, gates, at: gateAt } = encoderShape(tensors);
  const k = V.cols;
  const at = (x: TensorInfo, r: number, c: number) => mask[x.offset + r * x.cols + c] === 1;
  const on = (x: TensorInfo, r: number, g: number, j: number) => mask[gateAt(x, r, g, j)] === 1;
  let aliveHidden = 0;
  let functionalHidden = 0;
  for (let j = 0; j < n; j++) {
    let incoming = false;
    for (let g = 0; g < b.cols / n && !incoming; g++) incoming = on(b, 0, g, j);
    for (let g = 0; g < gates; g++) {
      for (let i = 0; i < m && !incoming; i++) incoming = on(W, i, g, j);
      for (let i = 0; i < n && !incoming; i++) incoming = on(U, i, g, j);
    }
    let outgoing = false;
    for (let c = 0; c < U.cols && !outgoing; c++) outgoing = at(U, j, c);
    for (let c = 0; c < k && !outgoing; c++) outgoing = at(V, j, c) || at(V, n + j, c);
    if (incoming || outgoing) aliveHidden++;
    if (incoming && outgoing) functionalHidden++;
  }
  let aliveInputs = 0;
  for (let i = 0; i < m; i++) {
    let alive = false;
    for (let c = 0; c < W.cols && !alive; c++) alive = at(W, i, c);
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
