/**
 * Loading the WebAssembly engine once, in Node or a browser.
 *
 * The engine is built with wasm-bindgen's `web` target. In Node the package entry
 * (`index.node.ts`) reads the `.wasm` file synchronously at import, so nothing needs awaiting;
 * in a browser call `await init()` once before using a `Trainer`.
 */
import wasmInit, {
  flopsPerPair as wasmFlopsPerPair,
  initSync,
  type InitInput,
  simdPath as wasmSimdPath,
} from '../../wasm/vb_wasm.js';
import { EngineError, toEngineError } from './errors.js';

// The public signatures below are typed without the DOM lib (wasm-bindgen's own declarations use
// `RequestInfo`, `BufferSource` and the `WebAssembly` namespace, which only the DOM lib declares),
// so a Node project compiles with `lib: ["es2022"]` and @types/node; nothing here changes at run time.

/**
 * A compiled `WebAssembly.Module`: the real type where the DOM lib declares it, any object elsewhere
 * (the ES libs and @types/node 20 have no `WebAssembly` types).
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } }
  ? M
  : object;

/** The engine's `.wasm` as bytes or a compiled module, what {@link initEngineSync} takes. */
export type EngineBytes = ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * Where {@link init} finds the engine: the `.wasm`'s URL (a string or `URL`, fetched), a `fetch`
 * `Response`, its bytes, or a compiled `WebAssembly.Module`.
 */
export type EngineSource = string | URL | Response | EngineBytes;

// `Trainer` and `TextPredictor` are disposable (`using t = new Trainer(…)`); their declarations name
// `Symbol.dispose`, which lib es2022 and the DOM lib lack. Declared here as @types/node and
// lib.esnext.disposable declare it (the declarations merge), so strict projects on any lib compile.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

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
 * Loads the engine (idempotent). In a browser, without `source`, the `.wasm` is fetched from beside
 * the engine's glue module (`wasm/vb_wasm_bg.wasm` in the package, located with `import.meta.url`);
 * where a bundler moves it, pass the URL the bundler gives the file (the README's "Bundlers"), a
 * `Response`, its bytes or a compiled module. In Node the package's entry has already loaded it.
 *
 * ```ts
 * import wasmUrl from '@vb/core/wasm/vb_wasm_bg.wasm?url'; // Vite; esbuild: the `file` loader
 * await init(wasmUrl);
 * ```
 */
export async function init(source?: EngineSource | Promise<EngineSource>): Promise<void> {
  if (loaded) return;
  requireSimd();
  await wasmInit(
    source === undefined ? undefined : { module_or_path: source as InitInput | Promise<InitInput> },
  );
  loaded = true;
}

/** Loads the engine synchronously from its bytes or a compiled module (idempotent). */
export function initEngineSync(bytes: EngineBytes): void {
  if (loaded) return;
  requireSimd();
  initSync({ module: bytes as BufferSource | WebAssembly.Module });
  loaded = true;
}

/** Which SIMD path the engine was compiled with (`"wasm-simd128"` in the shipped build). */
export function simdPath(): string {
  assertEngineLoaded();
  return wasmSimdPath();
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
