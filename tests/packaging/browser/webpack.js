// webpack 5: no configuration; it turns the engine's own `new URL('vb_wasm_bg.wasm', import.meta.url)`
// into an emitted asset, so init() with no argument finds it.
import { start } from './run.js';

start();
