/**
 * The layout of the flat weight vector for a configuration — the same as the engine's
 * `Trainer.tensors()` (W m×Gn, U n×Gn, b 1×n or 1×4n, V (2n+F)×K, c 1×K, in that order, with G the
 * cell's gates: 1 for the tanh RNN, 3 GRU, 4 LSTM) — computed without an engine, for model files and
 * compaction; and the encoder's geometry read back from a layout.
 */
import type { Cell, EngineConfig, TensorInfo } from '../engine/trainer.js';

/** Gates G of a cell (the column blocks of W and U) and blocks of its bias row. */
export const CELL_GATES: Record<Cell, { gates: number; biasBlocks: number }> = {
  rnn: { gates: 1, biasBlocks: 1 },
  gru: { gates: 3, biasBlocks: 4 },
  lstm: { gates: 4, biasBlocks: 4 },
};

export function tensorsOf(
  config: Pick<EngineConfig, 'inputDim' | 'hidden' | 'classes' | 'pairFeatures' | 'cell'>,
): TensorInfo[] {
  const m = config.inputDim;
  const n = config.hidden ?? 32;
  const k = config.classes ?? 6;
  const f = config.pairFeatures ?? 0;
  const cell = CELL_GATES[config.cell ?? 'rnn'];
  if (!cell) throw new RangeError(`unknown cell ${JSON.stringify(config.cell)} (rnn, gru or lstm)`);
  const shapes: Array<[TensorInfo['name'], number, number]> = [
    ['W', m, cell.gates * n],
    ['U', n, cell.gates * n],
    ['b', 1, cell.biasBlocks * n],
    ['V', 2 * n + f, k],
    ['c', 1, k],
  ];
  let offset = 0;
  return shapes.map(([name, rows, cols]) => {
    const t = { name, offset, rows, cols };
    offset += rows * cols;
    return t;
  });
}

/**
 * The encoder's geometry, read from a layout: m inputs, n units, G gates, and where unit j's
 * *candidate* lives — the block whose input decides whether h_j can ever leave 0 (tanh RNN: its
 * only block; GRU: ñ, block 2, with biases b_in and b_hn, blocks 2 and 3; LSTM: ĝ, block 2). A unit
 * whose candidate receives nothing has h_j ≡ 0 whatever its other gates do.
 */
export interface EncoderShape {
  m: number;
  n: number;
  gates: number;
  candidate: number;
  candidateBias: number[];
  /** Flat index of column `gate·n + j` in row `r` of `x` (W, U or b). */
  at: (x: TensorInfo, r: number, gate: number, j: number) => number;
}

export function encoderShape(tensors: TensorInfo[]): EncoderShape {
  const { W, U, b } = Object.fromEntries(tensors.map((x) => [x.name, x])) as Record<TensorInfo['name'], TensorInfo>;
  const n = U.rows;
  const gates = U.cols / n;
  const cell = gates === 1 ? 'rnn' : gates === 3 ? 'gru' : 'lstm';
  if (![1, 3, 4].includes(gates) || W.cols !== U.cols || b.cols !== CELL_GATES[cell].biasBlocks * n)
    throw new Error(`tensors W ${W.rows}×${W.cols}, U ${U.rows}×${U.cols}, b 1×${b.cols} are no known cell`);
  return {
    m: W.rows,
    n,
    gates,
    candidate: cell === 'rnn' ? 0 : 2,
    candidateBias: cell === 'rnn' ? [0] : cell === 'gru' ? [2, 3] : [2],
    at: (x, r, gate, j) => x.offset + r * x.cols + gate * n + j,
  };
}

/** The same layout keyed by tensor name. */
export function tensorMap(config: Parameters<typeof tensorsOf>[0]): Record<TensorInfo['name'], TensorInfo> {
  return Object.fromEntries(tensorsOf(config).map((t) => [t.name, t])) as Record<
    TensorInfo['name'],
    TensorInfo
  >;
}
