// esbuild: the `file` loader for .wasm (`--loader:.wasm=file`) copies it to the output folder and
// imports its path relative to the bundle; new URL(…, import.meta.url) makes it absolute.
import wasmUrl from '@vb/core/wasm/vb_wasm_bg.wasm';
import { start } from './run.js';

start(new URL(wasmUrl, import.meta.url));
