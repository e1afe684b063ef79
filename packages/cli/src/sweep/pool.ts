/**
 * Runs independent sweep runs in parallel worker threads (`--jobs`, default: the number of CPU
 * cores), or in-process with `jobs = 1`. Each finished run is handed to `onResult` at once (the
 * sweep writes it to disk, which is what `--resume` picks up).
 */
import { Worker } from 'node:worker_threads';
import type { SweepData } from '../data/loaded.js';
import { executeRun, type Progress, type RunResult, type RunSpec } from './run.js';
import type { SweepSettings } from './settings.js';

export interface PoolCallbacks {
  onStart?: (spec: RunSpec) => void;
  onProgress?: Progress;
  onResult?: (result: RunResult) => void | Promise<void>;
}

type Message =
  | { type: 'progress'; event: Parameters<Progress>[0] }
  | { type: 'done'; result: RunResult }
  | { type: 'error'; id: string; message: string; stack?: string };

export async function runPool(
  specs: RunSpec[],
  jobs: number,
  data: SweepData,
  settings: SweepSettings,
  callbacks: PoolCallbacks = {},
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  if (jobs <= 1 || specs.length <= 1) {
    for (const spec of specs) {
      callbacks.onStart?.(spec);
      const r = await executeRun(spec, data, settings, callbacks.onProgress);
      await callbacks.onResult?.(r);
      results.push(r);
    }
    return results;
  }
  const queue = specs.slice();
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        if (error === undefined) resolve();
        else reject(error);
      };
      /** The run each worker is executing. */
      const current = new Map<Worker, RunSpec>();
      const next = (worker: Worker) => {
        const spec = queue.shift();
        if (!spec) {
          if (current.size === 0) settle();
          return;
        }
        current.set(worker, spec);
        callbacks.onStart?.(spec);
        worker.postMessage(spec);
      };
      const count = Math.min(jobs, specs.length);
      for (let i = 0; i < count; i++) {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { data, settings } });
        workers.push(worker);
        worker.on('message', async (msg: Message) => {
          if (settled) return;
          if (msg.type === 'progress') {
            callbacks.onProgress?.(msg.event);
            return;
          }
          if (msg.type === 'error') {
            current.delete(worker);
            settle(new Error(`run ${msg.id} failed: ${msg.message}`));
            return;
          }
          // The worker counts as busy until its result is saved: otherwise another worker finding
          // the queue empty while this save is pending would end the sweep without this run.
          try {
            await callbacks.onResult?.(msg.result);
          } catch (e) {
            current.delete(worker);
            settle(e);
            return;
          }
          results.push(msg.result);
          current.delete(worker);
          if (!settled) next(worker);
        });
        const where = () => {
          const spec = current.get(worker);
          return spec ? `run ${spec.id}` : 'a sweep worker';
        };
        worker.on('error', (e) => settle(new Error(`${where()} failed: ${e.message}`)));
        // A worker that dies without an 'error' (e.g. out of memory, process.exit) would leave the sweep waiting.
        worker.on('exit', (code) => settle(new Error(`${where()}: its worker thread exited (code ${code}) before the sweep finished`)));
      }
      for (const w of workers) next(w);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const order = new Map(specs.map((s, i) => [s.id, i]));
  return results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
