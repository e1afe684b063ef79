/**
 * The browser entry in a real browser: serves packages/core over HTTP, loads dist/index.js in
 * headless Chromium, trains a few epochs on a small planted-teacher problem and checks the result
 * and the typed engine errors (name, code, instanceof EngineError).
 * Needs a build (`npm run build`) and Debian's chromium; skipped with a message without chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.VB_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
const haveBuild = existsSync(join(root, 'dist/index.js'));
if (!haveChromium) console.warn(`SKIPPED browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set VB_CHROMIUM)`);
if (!haveBuild) console.warn('SKIPPED browser test: packages/core/dist is missing (run npm run build)');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path === '/' ? 'index.html' : path);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><link rel="icon" href="data:,"><title>vb</title>');
    } else if (file.startsWith(root) && existsSync(file)) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => server?.close());

describe.skipIf(!haveChromium || !haveBuild)('@vb/core in headless Chromium', () => {
  it('loads the engine, trains, the loss falls, and engine errors are typed', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${base}/`);
      // A string, not a function: vitest would rewrite a dynamic import() inside a function.
      const script = `(async () => {
        const vb = await import('/dist/index.js');
        await vb.init();
        const data = vb.plantedTeacher({ pairs: 600, seed: 3 });
        const { trainer, history } = await vb.fit(data.set, {
          embeddings: data.embeddings,
          engine: { inputDim: data.inputDim, hidden: 8, learningRate: 0.01, seed: 1 },
          epochs: 4,
          convergence: false,
        });
        const probs = trainer.predict(vb.packBatch(data.set, [0, 1, 2]));
        trainer.free();
        // Typed engine errors: one from the Rust engine, one from the wrapper (use after free).
        const caught = (f) => {
          try {
            f();
          } catch (e) {
            const typed = e instanceof vb.EngineError && vb.isEngineError(e);
            return { name: e.name, code: e.code, typed, message: e.message };
          }
        };
        const thrown = [
          caught(() => new vb.Trainer({ inputDim: data.inputDim, trainSize: 1, samples: 0 }, data.embeddings)),
          caught(() => trainer.predict(vb.packBatch(data.set, [0]))),
        ];
        return { simd: vb.simdPath(), losses: history.map((h) => h.loss), probs: Array.from(probs), thrown };
      })()`;
      const result = (await page.evaluate(script)) as {
        simd: string;
        losses: number[];
        probs: number[];
        thrown: { name: string; code: string; typed: boolean; message: string }[];
      };
      expect(result.thrown).toEqual([
        { name: 'VbConfigError', code: 'config', typed: true, message: 'invalid config: samples: must be ≥ 1' },
        {
          name: 'VbStateError',
          code: 'state',
          typed: true,
          message: 'this Trainer was freed (free() or a using block); create a new one',
        },
      ]);
      expect(errors, errors.join("\n")).toEqual([]);
      expect(result.simd).toBe('wasm-simd128');
      expect(result.losses.length).toBe(4);
      expect(result.losses[3]).toBeLessThan(result.losses[0] as number);
      const row = result.probs.slice(0, 6).reduce((a, b) => a + b, 0);
      expect(row).toBeCloseTo(1, 4);
    } finally {
      await browser.close();
    }
  });
});
