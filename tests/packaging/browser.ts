// A browser project's view of @vb/core (lib dom, no @types/node): init() takes what a page has.
import { init, plantedTeacher, Trainer } from '@vb/core';

export async function start(): Promise<number> {
  await init(fetch(new URL('/assets/vb_wasm_bg.wasm', location.href)));
  await init(new URL('vb_wasm_bg.wasm', import.meta.url));
  await init(await WebAssembly.compileStreaming(fetch('/vb_wasm_bg.wasm')));
  const data = plantedTeacher({ pairs: 10, seed: 1 });
  const trainer = new Trainer({ inputDim: data.inputDim, trainSize: data.set.size }, data.embeddings);
  try {
    return trainer.snr().length;
  } finally {
    trainer[Symbol.dispose](); // declared by @vb/core's types even without lib esnext.disposable
  }
}
