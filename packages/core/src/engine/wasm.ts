/**
 * Loading the WebAssembly engine once, in Node or a browser.
 *
 * The engine is built with wasm-bindgen's `web` target. In Node the package entry
 * (`index.node.ts`) reads the `.wasm` file synchronously at import, so nothing needs awaiting;
 * in a browser call `await init()` once before using a `Trainer`.
 */
import wasmInit, { flopsPerPair as wasmFlopsPerPair, initSync, type InitInput } from '../../wasm/vb_wasm.js';
import { EngineError, toEngineError } from './errors.js';

let loaded = false;

// The smallest module using a v128 instruction: (func (result v128) (v128.const i32x4 0 0 0 0)).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** Whether this JavaScript engine runs WebAssembly SIMD (vb needs it). */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

function requireSimd(): void {
  if (!simdSupported()) {
    throw new Error(
      'vb needs WebAssembly SIMD (simd128), which this JavaScript engine does not support; use Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89 or Safari ≥ 16.4',
    );
  }
}

/**
 * Loads the engine (idempotent). In a browser the `.wasm` is fetched next to this module unless
 * `source` (URL, Response, bytes or a compiled module) says otherwise.
 */
export async function init(source?: InitInput | Promise<InitInput>): Promise<void> {
  if (loaded) return;
  requireSimd();
  await wasmInit(source === undefined ? undefined : { module_or_path: source });
  loaded = true;
}

/** Loads the engine synchronously from its bytes or a compiled module (idempotent). */
export function initEngineSync(bytes: BufferSource | WebAssembly.Module): void {
  if (loaded) return;
  requireSimd();
  initSync({ module: bytes });
  loaded = true;
}

/** Throws a helpful error (an `EngineError`, code `state`) when the engine is used before it is loaded. */
export function assertEngineLoaded(): void {
  if (!loaded) {
    throw new EngineError(
      'state',
      'the vb engine is not loaded yet: call `await init()` from @vb/core first',
    );
  }
}

/**
 * FLOPs of one forward+backward pass per pair per sample, the benchmark convention
 * `2T(4mGn + 6nGn) + 12nK` (G = 1, 3, 4 gates for `cell` rnn, gru, lstm; default rnn). An unknown
 * cell throws an `EngineError` with code `config`.
 */
export function flopsPerPair(
  inputDim: number,
  hidden: number,
  classes: number,
  length: number,
  cell?: string | null,
): number {
  assertEngineLoaded();
  try {
    return wasmFlopsPerPair(inputDim, hidden, classes, length, cell);
  } catch (e) {
    throw toEngineError(e);
  }
}
