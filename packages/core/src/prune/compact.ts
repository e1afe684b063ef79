/**
 * Compaction: the network a pruning mask leaves, with the dead hidden units and input dimensions
 * physically removed — smaller dense matrices, a smaller file, faster inference — computing the
 * same function as the masked network.
 *
 * A hidden unit j is dead when nothing it computes reaches the output: every weight it sends (its
 * row of U — into every gate — except into its own gates, rows j and n + j of V) is pruned or goes
 * to a dead unit; or when it computes nothing: every weight its *candidate* receives (the tanh RNN's
 * only block; the GRU's ñ and the LSTM's ĝ: their column of W and of U and their biases) is pruned
 * or comes from a dead unit or input (its self-loop alone does not count), so h_j ≡ 0 — tanh(0) for
 * the RNN; for the GRU h_j = (1 − z)·0 + z·h_{j,t−1} = 0; for the LSTM c_j = f·c + i·0 = 0 and
 * h_j = o·tanh(0) = 0. An input dimension is dead when its row of W reaches only pruned weights or
 * dead units. The rules are applied until nothing changes.
 * Removing a dead node drops only terms that are exactly zero, so the compacted network's
 * predictions with the posterior means equal the masked network's up to the order of
 * floating-point sums. (Monte-Carlo predictions draw one normal per weight, so a network with
 * fewer weights sees another noise stream: equal in distribution, not sample by sample.)
 */
import type { TensorInfo } from '../engine/trainer.js';
import { CELL_GATES, encoderShape, tensorMap } from '../model/layout.js';
import type { SavedModel } from '../model/model-file.js';

/** Which nodes of the original network a compacted model keeps. */
export interface Compaction {
  /** Original sizes. */
  inputDim: number;
  hidden: number;
  /** Kept input dimensions (columns of the original embedding table), ascending. */
  inputColumns: number[];
  /** Kept hidden units of the original network, ascending. */
  hiddenUnits: number[];
}

/** The live nodes of a masked network (see the module docs). */
export function liveNodes(mask: Uint8Array, tensors: TensorInfo[]): { inputs: number[]; units: number[] } {
  const t = Object.fromEntries(tensors.map((x) => [x.name, x])) as Record<TensorInfo['name'], TensorInfo>;
  const { W, U, b, V } = t;
  const { m, n, gates, candidate, candidateBias, at } = encoderShape(tensors);
  const k = V.cols;
  const on = (x: TensorInfo, r: number, g: number, j: number) => mask[at(x, r, g, j)] === 1;
  const unit = new Array<boolean>(n).fill(true);
  const input = new Array<boolean>(m).fill(true);
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j < n; j++) {
      if (!unit[j]) continue;
      let sends = false;
      for (let c = 0; c < k && !sends; c++) sends = on(V, j, 0, c) || on(V, n + j, 0, c);
      for (let g = 0; g < gates; g++)
        for (let i = 0; i < n && !sends; i++) sends = i !== j && unit[i] === true && on(U, j, g, i);
      let receives = candidateBias.some((g) => on(b, 0, g, j));
      for (let i = 0; i < m && !receives; i++) receives = input[i] === true && on(W, i, candidate, j);
      // (its own self-loop alone cannot make it non-zero: h_0 = 0, so h_j stays 0)
      for (let i = 0; i < n && !receives; i++) receives = i !== j && unit[i] === true && on(U, i, candidate, j);
      if (!sends || !receives) {
        unit[j] = false;
        changed = true;
      }
    }
    for (let i = 0; i < m; i++) {
      if (!input[i]) continue;
      let sends = false;
      for (let g = 0; g < gates; g++)
        for (let j = 0; j < n && !sends; j++) sends = unit[j] === true && on(W, i, g, j);
      if (!sends) {
        input[i] = false;
        changed = true;
      }
    }
  }
  const pick = (alive: boolean[]) => alive.flatMap((a, i) => (a ? [i] : []));
  return { inputs: pick(input), units: pick(unit) };
}

export interface CompactOptions {
  /**
   * Round the kept hidden units and input dimensions up to a multiple of this (default 4, the SIMD
   * width of the engine's kernels) by keeping some dead ones too — their weights are zero, so the
   * function is unchanged, and the matrix products avoid their slow scalar edge (1 = no padding).
   */
  align?: number;
}

/** `kept` (ascending) padded with the lowest other indices below `total` to a multiple of `align` (at least one). */
function padTo(kept: number[], total: number, align: number): number[] {
  if (!(Number.isInteger(align) && align >= 1))
    throw new RangeError(`compactModel: align must be an integer ≥ 1, got ${align}`);
  const want = Math.min(total, Math.max(1, Math.ceil(kept.length / align) * align));
  const set = new Set(kept);
  for (let i = 0; i < total && set.size < want; i++) set.add(i);
  return [...set].sort((a, b) => a - b);
}

/**
 * The compacted model of a pruned (masked) `model`: only the live input dimensions and hidden
 * units (at least one of each, rounded up to a multiple of `options.align` with dead ones, which
 * compute 0), the embedding table restricted to the live columns, and the remaining mask. Predicting with it on
 * the same sentences gives the masked model's probabilities.
 *
 * ```ts
 * const small = compactModel(prunedModel);
 * small.config.hidden;          // e.g. 7 of 32
 * small.compaction?.inputColumns; // which word-vector dimensions it reads
 * ```
 */
export function compactModel(model: SavedModel, options: CompactOptions = {}): SavedModel {
  if (model.compaction) throw new Error('the model is already compacted');
  const c = model.config;
  const m = c.inputDim;
  const n = c.hidden;
  const k = c.classes;
  const f = c.pairFeatures ?? 0;
  const cell = c.cell ?? 'rnn';
  const { gates, biasBlocks } = CELL_GATES[cell];
  const full = tensorMap({ inputDim: m, hidden: n, classes: k, pairFeatures: f, cell });
  const p = full.c.offset + k;
  const mask = model.mask ?? new Uint8Array(p).fill(1);
  if (mask.length !== p || model.means.length !== p)
    throw new Error(
      `model has ${model.means.length} weights and a mask of ${mask.length}, its config implies ${p}`,
    );
  const live = liveNodes(mask, Object.values(full));
  const align = options.align ?? 4;
  const inputs = padTo(live.inputs, m, align);
  const units = padTo(live.units, n, align);
  const m2 = inputs.length;
  const n2 = units.length;
  const small = tensorMap({ inputDim: m2, hidden: n2, classes: k, pairFeatures: f, cell });
  const p2 = small.c.offset + k;
  const bayesian = c.family !== 'none';
  const means = new Float32Array(p2);
  const stds = new Float32Array(bayesian ? p2 : 0);
  const mask2 = new Uint8Array(p2);
  const copy = (to: TensorInfo, r2: number, c2: number, from: TensorInfo, r: number, col: number) => {
    const src = from.offset + r * from.cols + col;
    const dst = to.offset + r2 * to.cols + c2;
    const keep = mask[src] as number;
    mask2[dst] = keep;
    means[dst] = keep ? (model.means[src] as number) : 0;
    if (bayesian) stds[dst] = model.stds[src] as number;
  };
  for (let g = 0; g < gates; g++) {
    for (const [i2, i] of inputs.entries())
      for (const [j2, j] of units.entries()) copy(small.W, i2, g * n2 + j2, full.W, i, g * n + j);
    for (const [i2, i] of units.entries())
      for (const [j2, j] of units.entries()) copy(small.U, i2, g * n2 + j2, full.U, i, g * n + j);
  }
  for (let g = 0; g < biasBlocks; g++)
    for (const [j2, j] of units.entries()) copy(small.b, 0, g * n2 + j2, full.b, 0, g * n + j);
  for (let col = 0; col < k; col++) {
    for (const [j2, j] of units.entries()) {
      copy(small.V, j2, col, full.V, j, col);
      copy(small.V, n2 + j2, col, full.V, n + j, col);
    }
    for (let q = 0; q < f; q++) copy(small.V, 2 * n2 + q, col, full.V, 2 * n + q, col);
    copy(small.c, 0, col, full.c, 0, col);
  }
  const compaction: Compaction = { inputDim: m, hidden: n, inputColumns: inputs, hiddenUnits: units };
  const allKept = mask2.every((x) => x === 1);
  return {
    ...model,
    config: { ...c, inputDim: m2, hidden: n2 },
    embeddings: model.embeddings && compactEmbeddings(model.embeddings, model.vocabulary.length, compaction),
    means,
    stds,
    mask: allKept ? undefined : mask2,
    priorVariances: undefined,
    compaction,
  };
}

/** The embedding table a compacted model reads: `embeddings` (vocab × original inputDim) restricted to its columns. */
export function compactEmbeddings(
  embeddings: Float32Array,
  vocab: number,
  compaction: Compaction,
): Float32Array {
  const { inputDim, inputColumns } = compaction;
  if (embeddings.length !== vocab * inputDim) {
    throw new Error(
      `embedding table has ${embeddings.length} values, expected vocab ${vocab} × original inputDim ${inputDim}`,
    );
  }
  const m2 = inputColumns.length;
  const out = new Float32Array(vocab * m2);
  for (let w = 0; w < vocab; w++)
    for (let i2 = 0; i2 < m2; i2++)
      out[w * m2 + i2] = embeddings[w * inputDim + (inputColumns[i2] as number)] as number;
  return out;
}
