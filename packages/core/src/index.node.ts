/** The Node entry of @vb/core: the same API as the browser entry, with the engine loaded on import. */
import { readFileSync } from 'node:fs';
import { initEngineSync } from './engine/wasm.js';

initEngineSync(readFileSync(new URL('../wasm/vb_wasm_bg.wasm', import.meta.url)));

export * from './index.js';
