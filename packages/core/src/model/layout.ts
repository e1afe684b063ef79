/**
 * The layout of the flat weight vector for a configuration — the same as the engine's
 * `Trainer.tensors()` (W m×n, U n×n, b 1×n, V (2n+F)×K, c 1×K, in that order) — computed without
 * an engine, for model files and compaction.
 */
import type { EngineConfig, TensorInfo } from '../engine/trainer.js';

export function tensorsOf(
  config: Pick<EngineConfig, 'inputDim' | 'hidden' | 'classes' | 'pairFeatures'>,
): TensorInfo[] {
  const m = config.inputDim;
  const n = config.hidden ?? 32;
  const k = config.classes ?? 6;
  const f = config.pairFeatures ?? 0;
  const shapes: Array<[TensorInfo['name'], number, number]> = [
    ['W', m, n],
    ['U', n, n],
    ['b', 1, n],
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

/** The same layout keyed by tensor name. */
export function tensorMap(config: Parameters<typeof tensorsOf>[0]): Record<TensorInfo['name'], TensorInfo> {
  return Object.fromEntries(tensorsOf(config).map((t) => [t.name, t])) as Record<
    TensorInfo['name'],
    TensorInfo
  >;
}
