// Tests import the sources; load the WASM engine synchronously the way the Node entry does.
import { readFileSync } from 'node:fs';
import { initEngineSync } from '../src/engine/wasm.js';

initEngineSync(readFileSync(new URL('../wasm/vb_wasm_bg.wasm', import.meta.url)));
