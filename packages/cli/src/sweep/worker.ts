/** Worker-thread entry: receives run specs, executes them, posts progress and results back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepData } from '../data/loaded.js';
import { executeRun, type RunSpec } from './run.js';
import type { SweepSettings } from './settings.js';

const { data, settings } = workerData as { data: SweepData; settings: SweepSettings };
const port = parentPort;
if (!port) throw new Error('sweep/worker.js must run in a worker thread');

port.on('message', async (spec: RunSpec) => {
  try {
    const result = await executeRun(spec, data, settings, (event) => port.postMessage({ type: 'progress', event }));
    port.postMessage({ type: 'done', result });
  } catch (e) {
    port.postMessage({ type: 'error', id: spec.id, message: (e as Error).message, stack: (e as Error).stack });
  }
});
