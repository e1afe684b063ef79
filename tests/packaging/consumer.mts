// Type-checked, not run: every entry point's public types as a strict Node ESM consumer uses them.
import { readFile } from 'node:fs/promises';
import {
  decodeModel,
  type EngineSource,
  type EpochRecord,
  fit,
  init,
  isEngineError,
  plantedTeacher,
  pruneSweep,
  type SweepResult,
  TextPredictor,
  Trainer,
} from '@vb/core';
import { readDataset, writeFileAtomic } from '@vb/core/node';
import { lambdaCurvesSpecs, renderSvg, reportHtml, trainingCurvesSpec } from '@vb/viz';

export async function consumer(modelPath: string): Promise<string> {
  const source: EngineSource = new URL('file:///opt/vb_wasm_bg.wasm');
  await init(source); // a no-op in Node: the engine loaded on import
  const data = plantedTeacher({ pairs: 100, seed: 1 });
  const { trainer, history } = await fit(data.set, {
    embeddings: data.embeddings,
    engine: { inputDim: data.inputDim, hidden: 4 },
    epochs: 1,
    signal: AbortSignal.timeout(60_000),
  });
  const sweep: SweepResult = pruneSweep(trainer, data.set);
  {
    using disposable = new Trainer({ inputDim: data.inputDim, trainSize: 1 }, data.embeddings);
    disposable.snr();
  }
  trainer.free();
  const records: EpochRecord[] = history;
  const predictor = TextPredictor.fromModel(decodeModel(await readFile(modelPath)));
  const [p] = predictor.predict([['a b', 'a c']]);
  predictor[Symbol.dispose]();
  const dataset = await readDataset('pairs.csv', { columns: { sentence1: 'a', sentence2: 'b', label: 'y' } });
  await writeFileAtomic('out.txt', `${dataset.pairs.length} ${p?.probabilities.length}`);
  try {
    new Trainer({ inputDim: 0, trainSize: 1 }, new Float32Array(0));
  } catch (e) {
    if (!isEngineError(e, 'config')) throw e;
  }
  const svg = await renderSvg(lambdaCurvesSpecs([{ model: 'RNN', sweep }]).f1);
  return reportHtml({ title: 'vb', specs: [{ title: 'training', spec: trainingCurvesSpec([{ model: 'RNN', history: records }]) }] }) + svg;
}
