// Vite: `?url` makes the .wasm an asset and gives its final URL (dev server and build alike).
import wasmUrl from '@vb/core/wasm/vb_wasm_bg.wasm?url';
import { start } from './run.js';

start(wasmUrl);
