// Shared by the three bundler entries: load the engine from `source`, train a tiny model, prune it,
// and report on the page (document.title 'vb-ok' / 'vb-error', details in window.__vb).
import { fit, init, plantedTeacher, pruneSweep, simdPath } from '@vb/core';

export function start(source) {
  const t0 = performance.now();
  (async () => {
    await init(source);
    const data = plantedTeacher({ pairs: 300, seed: 3 });
    const { trainer, history } = await fit(data.set, {
      embeddings: data.embeddings,
      engine: { inputDim: data.inputDim, hidden: 4, learningRate: 0.01, seed: 1 },
      epochs: 2,
      convergence: false,
    });
    const sweep = pruneSweep(trainer, data.set, { score: 'snr' });
    trainer.free();
    const last = history[history.length - 1];
    return { simd: simdPath(), epochs: history.length, loss: last.loss, weights: sweep.total, ms: performance.now() - t0 };
  })().then(
    (result) => {
      window.__vb = result;
      document.title = 'vb-ok';
    },
    (error) => {
      window.__vb = { error: String(error?.stack ?? error) };
      document.title = 'vb-error';
    },
  );
}
