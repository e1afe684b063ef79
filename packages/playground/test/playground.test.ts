/**
 * The playground as a person uses it, in headless Chromium (Debian's, through playwright-core)
 * against `vite preview` of the built page (dist/): load it, train the built-in task, pause and
 * stop, move the pruning slider, predict a typed pair, download the model and open it again, open
 * a model trained by vb-cli (and predict with the page's model in vb-cli), and train on an own CSV
 * file with gzipped GloVe-style vectors. It measures what issue 14 sets as goals — time to
 * interactive (< 1 s), training time against Node's `fit` (≤ 1.5×), slider → numbers (< 100 ms) —
 * and writes them with screenshots to test-results/ (a CI artifact).
 *
 * Needs `npm run build` (turbo builds dist/ first) and /usr/bin/chromium; skipped with a message
 * without Chromium, unless VB_REQUIRE_CHROMIUM=1 (CI), where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  decodeModel,
  evaluate,
  fit,
  formatPairTable,
  plantedTeacher,
  predictSet,
  seededRandom,
  stratifiedSplit,
  subsetPairSet,
  TextPredictor,
  trainerFromModel,
} from '@vb/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.VB_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-results');
const CLI = fileURLToPath(new URL('../../cli/bin/vb-cli.js', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
const haveBuild = existsSync(join(root, 'dist/index.html'));
if (!haveChromium) {
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set VB_CHROMIUM)`;
  if (process.env.VB_REQUIRE_CHROMIUM === '1') throw new Error(`playground browser test: ${why}`);
  console.warn(`SKIPPED playground browser test: ${why}`);
}
if (haveChromium && !haveBuild)
  throw new Error('packages/playground/dist is missing: run `npm run build` first');

/** Goals of issue 14, asserted with headroom for a loaded 2-core CI machine (the numbers are recorded). */
const GOAL = { interactiveMs: 1000, trainRatio: 1.5, sliderMs: 100 };
const LIMIT = { interactiveMs: 2500, trainRatio: 2.5, sliderMs: 100 };

/** The built-in training both sides run: vb-cli train's defaults with these settings. */
const EPOCHS = 40;
const HIDDEN = 16;

interface Metrics {
  interactiveMs?: number;
  engineMs?: number;
  dataMs?: number;
  simd?: string;
  trainSeconds?: number;
  trainWallSeconds?: number;
  trainEpochs?: number;
  finalLoss?: number;
  pruneLatencyMs?: number;
  pruneWorkerMs?: number;
  charts: number;
}

const recorded: Record<string, unknown> = { date: new Date().toISOString(), goals: GOAL };
let server: PreviewServer;
let browser: Browser;
let page: Page;
let base = '';
const errors: string[] = [];

const metrics = () =>
  page.evaluate(() => (globalThis as unknown as { vbPlayground: { metrics: Metrics } }).vbPlayground.metrics);
const text = async (selector: string) => (await page.locator(selector).textContent()) ?? '';
const shot = (name: string) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

async function setValue(selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

/** Trains with the form as it is and waits for the end; returns the page's metrics. */
async function trainInPage(epochs: number): Promise<Metrics> {
  await setValue('#epochs', String(epochs));
  await page.evaluate(() => {
    delete document.documentElement.dataset.trained;
  });
  await page.locator('#start').click();
  await page.waitForSelector('html[data-trained]', { timeout: 120_000 });
  return metrics();
}

/** Node's `fit` on the same split with the same settings (what the worker replicates). */
async function nodeFit(epochs: number) {
  const d = plantedTeacher();
  const [train, validation] = stratifiedSplit(d.set.labels, { fractions: [0.7, 0.15, 0.15], seed: 2015 }).map(
    (ids) => subsetPairSet(d.set, ids),
  ) as [ReturnType<typeof subsetPairSet>, ReturnType<typeof subsetPairSet>];
  const options = {
    embeddings: d.embeddings,
    engine: {
      inputDim: d.inputDim,
      classes: d.classes,
      hidden: HIDDEN,
      readout: 'last' as const,
      cell: 'rnn' as const,
      family: 'diagonal' as const,
      prior: 'isotropic' as const,
      stdParam: 'softplus' as const,
      samples: 1,
      priorUpdate: 'step' as const,
      init: 'glorot' as const,
      initStd: 0.01,
      priorVariance: 1,
      optimizer: 'adam' as const,
      learningRate: 0.01,
      clipNorm: 5,
      l2: 0,
      seed: 1,
    },
    epochs,
    batchSize: 32,
    learningRateSchedule: { kind: 'cosine' as const },
    klWarmupEpochs: 3,
    klWeight: 1,
    validation,
    convergence: false as const,
  };
  const runs: { seconds: number; loss: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const { trainer, history } = await fit(train, options);
    runs.push({ seconds: (performance.now() - t0) / 1000, loss: history.at(-1)?.loss as number });
    trainer.free();
  }
  return runs;
}

/** In the page: set the slider to `position`, and time until the parameter count on the page changes. */
async function slide(position: number): Promise<{ ms: number; params: string; changed: boolean }> {
  return page.evaluate(async (p) => {
    const slider = document.getElementById('tau') as HTMLInputElement;
    const params = document.getElementById('n-params') as HTMLElement;
    const before = params.textContent;
    const t0 = performance.now();
    slider.value = String(p);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const deadline = t0 + 2000;
    while (params.textContent === before && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 1));
    return {
      ms: performance.now() - t0,
      params: params.textContent ?? '',
      changed: params.textContent !== before,
    };
  }, position);
}

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  if (!haveChromium) return;
  server = await preview({
    root,
    logLevel: 'silent',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  base = server.resolvedUrls?.local[0] ?? '';
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  writeFileSync(join(out, 'metrics.json'), `${JSON.stringify(recorded, null, 2)}\n`);
  console.log(
    `playground metrics (also in test-results/metrics.json):\n${JSON.stringify(recorded, null, 2)}`,
  );
});

describe.skipIf(!haveChromium)('the playground in headless Chromium', () => {
  it('loads, becomes interactive, runs the WASM engine in a worker', async () => {
    await page.goto(base);
    await page.waitForSelector('html[data-ready]', { timeout: 30_000 });
    const m = await metrics();
    recorded.timeToInteractiveMs = Math.round(m.interactiveMs ?? Number.NaN);
    recorded.engineLoadMs = Math.round(m.engineMs ?? Number.NaN);
    recorded.builtinTaskMs = Math.round(m.dataMs ?? Number.NaN);
    expect(m.simd).toBe('wasm-simd128');
    expect(await page.locator('#start').isEnabled()).toBe(true);
    expect(await text('#data-summary')).toContain('2100 training, 450 validation and 450 test pairs');
    // A second, warm load (cached assets), as a returning visitor sees it.
    await page.reload();
    await page.waitForSelector('html[data-ready]', { timeout: 30_000 });
    recorded.timeToInteractiveReloadMs = Math.round((await metrics()).interactiveMs ?? Number.NaN);
    await shot('1-loaded');
    expect(m.interactiveMs).toBeLessThan(LIMIT.interactiveMs);
    expect(errors).toEqual([]);
  });

  it('trains the built-in task as fast as Node (same loss), and the page stays responsive', async () => {
    await setValue('#hidden', String(HIDDEN));
    // The main thread's longest gap between animation frames while the worker trains.
    await page.evaluate(() => {
      const w = window as unknown as { maxFrameGap: number; frames: boolean };
      w.maxFrameGap = 0;
      w.frames = true;
      let last = performance.now();
      const tick = (t: number) => {
        w.maxFrameGap = Math.max(w.maxFrameGap, t - last);
        last = t;
        if (w.frames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const cold = await trainInPage(EPOCHS);
    const frameGap = await page.evaluate(() => {
      const w = window as unknown as { maxFrameGap: number; frames: boolean };
      w.frames = false;
      return w.maxFrameGap;
    });
    // Timings on a shared machine are noisy: the best of two warm runs on each side, interleaved.
    const warm1 = await trainInPage(EPOCHS);
    const node = await nodeFit(EPOCHS);
    const warm2 = await trainInPage(EPOCHS);
    const nodeCold = node[0] as { seconds: number; loss: number };
    const nodeWarm = Math.min(...node.slice(1).map((r) => r.seconds));
    const pageWarm = Math.min(warm1.trainSeconds as number, warm2.trainSeconds as number);
    const pageWarmWall = Math.min(warm1.trainWallSeconds as number, warm2.trainWallSeconds as number);
    expect(cold.trainEpochs).toBe(EPOCHS);
    // The worker's loop is fit's: the same history, to float precision.
    expect(cold.finalLoss).toBeCloseTo(nodeCold.loss, 6);
    expect(warm2.finalLoss).toBeCloseTo(nodeCold.loss, 6);
    const ratio = pageWarm / nodeWarm;
    const ratioWall = pageWarmWall / nodeWarm;
    recorded.training = {
      task: `built-in planted teacher, ${EPOCHS} epochs, hidden ${HIDDEN}, diagonal/isotropic, vb-cli train defaults`,
      pageColdSeconds: cold.trainSeconds,
      pageColdWallSeconds: cold.trainWallSeconds,
      pageWarmSeconds: pageWarm,
      pageWarmWallSeconds: pageWarmWall,
      nodeColdSeconds: nodeCold.seconds,
      nodeWarmSeconds: nodeWarm,
      ratioWarm: ratio,
      ratioWarmWall: ratioWall,
      ratioCold: (cold.trainSeconds as number) / nodeCold.seconds,
      ratioColdWall: (cold.trainWallSeconds as number) / nodeCold.seconds,
      finalLoss: { page: warm2.finalLoss, node: nodeCold.loss },
      longestFrameGapMsWhileTraining: Math.round(frameGap),
    };
    await page.waitForFunction(() => document.querySelector('#chart-training svg') !== null, undefined, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => document.querySelector('#chart-lambda svg') !== null, undefined, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => document.querySelector('#chart-steps svg') !== null, undefined, {
      timeout: 30_000,
    });
    await page.waitForFunction(() => document.querySelector('#chart-sweep svg') !== null, undefined, {
      timeout: 30_000,
    });
    expect(await text('#epoch-line')).toMatch(new RegExp(`^Epoch ${EPOCHS}: loss`));
    expect(await page.locator('#chart-training').getAttribute('aria-label')).toContain(
      `over ${EPOCHS} epochs`,
    );
    await shot('2-trained');
    expect(ratio).toBeLessThan(LIMIT.trainRatio);
    expect(ratioWall).toBeLessThan(LIMIT.trainRatio);
    expect(frameGap).toBeLessThan(500);
  });

  it('pauses, answers the slider while paused, resumes and stops', async () => {
    await setValue('#epochs', '400');
    await page.evaluate(() => {
      delete document.documentElement.dataset.trained;
    });
    await page.locator('#start').click();
    await page.waitForFunction(() =>
      /epoch [2-9]/.test(document.getElementById('progress-text')?.textContent ?? ''),
    );
    await page.locator('#pause').click();
    await expect.poll(() => page.locator('#pause').getAttribute('aria-pressed')).toBe('true');
    const at = await text('#progress-text');
    await page.waitForTimeout(300);
    expect(await text('#progress-text')).toBe(at);
    const moved = await slide(120);
    expect(moved.changed).toBe(true);
    await page.locator('#pause').click(); // resume
    await expect.poll(() => text('#progress-text'), { timeout: 10_000 }).not.toBe(at);
    await page.locator('#stop').click();
    await page.waitForSelector('html[data-trained]', { timeout: 30_000 });
    expect(await text('#progress-text')).toMatch(/^stopped: \d+ epochs/);
    await slide(0);
  });

  it('retrains, and the λ slider updates the numbers within 100 ms', async () => {
    await trainInPage(EPOCHS);
    await page.waitForFunction(() => document.getElementById('n-val-f1')?.textContent !== '—');
    const unpruned = {
      params: await text('#n-params'),
      valF1: Number(await text('#n-val-f1')),
      testF1: Number(await text('#n-test-f1')),
    };
    expect(unpruned.params).toMatch(/\(100\.0%\)$/);
    const times: number[] = [];
    let last = unpruned.params;
    for (const p of [40, 80, 110, 130, 150, 170, 190, 200, 100, 60, 20, 1]) {
      const r = await slide(p);
      times.push(r.ms);
      if (r.changed) last = r.params;
    }
    // Keyboard: the slider is a native range input.
    await page.locator('#tau').focus();
    await page.keyboard.press('End');
    await expect.poll(() => text('#n-params')).not.toBe(last);
    const pruned = await text('#n-params');
    expect(Number(pruned.split(' / ')[0]?.replace(/,/g, ''))).toBeLessThan(
      Number(unpruned.params.split(' / ')[0]?.replace(/,/g, '')),
    );
    expect(await text('#n-units')).toMatch(/^\d+ \/ 16$/);
    expect(await page.locator('#structure').getAttribute('aria-label')).toMatch(
      /hidden units and \d+ of 24 input dimensions survive/,
    );
    const sorted = [...times].sort((a, b) => a - b);
    recorded.slider = {
      latenciesMs: times.map((t) => Math.round(t * 10) / 10),
      medianMs: sorted[Math.floor(sorted.length / 2)],
      maxMs: sorted.at(-1),
      workerMs: (await metrics()).pruneWorkerMs,
    };
    await page.keyboard.press('Home');
    await page.keyboard.press('PageUp');
    await page.waitForTimeout(200);
    await shot('3-pruned');
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(LIMIT.sliderMs);
    expect(sorted.at(-1)).toBeLessThan(3 * LIMIT.sliderMs);
    await page.keyboard.press('Home');
    await expect.poll(() => text('#n-params')).toMatch(/\(100\.0%\)$/);
    expect(Number(await text('#n-test-f1'))).toBeCloseTo(unpruned.testF1, 6);
  });

  it('predicts a typed sentence pair with its uncertainty', async () => {
    await page.locator('#example').click();
    await setValue('#sent-a', 'w1 w2 w3 w4 w5');
    await setValue('#sent-b', 'w1 w2 w3 w9 w10 w11');
    await setValue('#mc', '25');
    await page.locator('#predict').click();
    await page.waitForSelector('#prediction .probs');
    const values = await page.locator('#prediction .probs .numbers').allInnerTexts();
    expect(values).toHaveLength(6);
    const p = values.map((v) => Number(v.split(' ± ')[0]));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(values.every((v) => v.includes(' ± '))).toBe(true);
    expect(await text('#prediction')).toMatch(
      /25 posterior samples: predictive entropy [\d.]+ nats, of which epistemic \(mutual information\) [\d.]+/,
    );
    await shot('4-predicted');
  });

  it('downloads the model; vb-cli reads it; the page opens it again; it opens a model vb-cli trained', async () => {
    // Page → file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    const file = join(out, 'page-model.safetensors');
    await download.saveAs(file);
    const bytes = new Uint8Array(readFileSync(file));
    const saved = decodeModel(bytes, file);
    expect(saved.config).toMatchObject({ hidden: HIDDEN, inputDim: 24, classes: 6, family: 'diagonal' });
    expect(saved.history).toHaveLength(EPOCHS);
    expect(saved.vectorsSource).toBe('builtin:planted-teacher');
    // The page's prediction with the posterior means, and vb-cli predict's on the same file.
    await setValue('#mc', '0');
    await page.locator('#predict').click();
    await page.waitForFunction(() =>
      /posterior means/.test(document.getElementById('prediction')?.textContent ?? ''),
    );
    const pagePs = (await page.locator('#prediction .probs .numbers').allInnerTexts()).map(Number);
    const cli = JSON.parse(
      execFileSync(process.execPath, [CLI, 'predict', '--model', file], {
        input: 'w1 w2 w3 w4 w5\tw1 w2 w3 w9 w10 w11\n',
        encoding: 'utf8',
      }),
    ) as { probabilities: number[] };
    for (const [k, q] of cli.probabilities.entries()) expect(q).toBeCloseTo(pagePs[k] as number, 3);
    // And @vb/core in Node agrees.
    const predictor = TextPredictor.fromModel(saved);
    const [node] = predictor.predict([['w1 w2 w3 w4 w5', 'w1 w2 w3 w9 w10 w11']]);
    predictor.free();
    expect(node?.probabilities).toHaveLength(6);
    for (const [k, q] of (node?.probabilities ?? []).entries()) expect(q).toBeCloseTo(pagePs[k] as number, 3);

    // File → page: the same numbers as before the round trip.
    const testF1 = await text('#n-test-f1');
    await page.locator('#upload').setInputFiles(file);
    await page.waitForFunction(() =>
      /^Opened page-model/.test(document.getElementById('model-summary')?.textContent ?? ''),
    );
    await expect.poll(() => text('#n-test-f1')).toBe(testF1);

    // vb-cli train → page.
    const cliModel = join(out, 'cli-model.safetensors');
    execFileSync(process.execPath, [
      CLI,
      'train',
      '--out',
      cliModel,
      '--epochs',
      '3',
      '--hidden',
      '8',
      '--prior',
      'group',
      '-q',
    ]);
    await page.locator('#upload').setInputFiles(cliModel);
    await page.waitForFunction(() =>
      /^Opened cli-model/.test(document.getElementById('model-summary')?.textContent ?? ''),
    );
    expect(await text('#model-summary')).toContain('8 hidden units');
    expect(await text('#model-summary')).toContain('prior group');
    await expect.poll(() => text('#n-units')).toMatch(/^\d+ \/ 8$/);
    // Its validation macro-F1 on the page is the one @vb/core computes in Node on vb-cli's split.
    const d = plantedTeacher();
    const [, va] = stratifiedSplit(d.set.labels, { fractions: [0.7, 0.15, 0.15], seed: 2015 });
    const trainer = trainerFromModel(decodeModel(new Uint8Array(readFileSync(cliModel))));
    const validation = subsetPairSet(d.set, va as number[]);
    const f1 = evaluate(predictSet(trainer, validation), validation.labels, { classes: 6 }).macroF1;
    trainer.free();
    await expect.poll(() => text('#n-val-f1')).toBe(f1.toFixed(3));
    await page.locator('#predict').click();
    await page.waitForFunction(() => (document.getElementById('prediction')?.textContent ?? '').length > 0);
    await page.waitForFunction(() => document.querySelector('#chart-training svg') !== null);
    await shot('5-cli-model');
    // A model vb-cli pruned and compacted (dead units and inputs removed) opens with its smaller structure.
    const small = join(out, 'cli-model-compact.safetensors');
    execFileSync(process.execPath, [
      CLI,
      'prune',
      cliModel,
      '--keep',
      '0.3',
      '--compact',
      '--out',
      small,
      '-q',
    ]);
    const compact = decodeModel(new Uint8Array(readFileSync(small)));
    expect(compact.compaction).toBeDefined();
    await page.locator('#upload').setInputFiles(small);
    await page.waitForFunction(() =>
      /^Opened cli-model-compact/.test(document.getElementById('model-summary')?.textContent ?? ''),
    );
    expect(await text('#model-summary')).toContain(
      `${compact.config.hidden} hidden units, input dimension ${compact.config.inputDim}`,
    );
    await expect.poll(() => text('#n-units')).toBe(`${compact.config.hidden} / ${compact.config.hidden}`);
    expect(Number(await text('#n-val-f1'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('trains on an own CSV file with gzipped GloVe-style vectors, columns found from the header, and reads JSON lines', async () => {
    const dir = join(tmpdir(), `vb-playground-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const words = [
      'the',
      'cat',
      'dog',
      'sat',
      'ran',
      'on',
      'mat',
      'park',
      'big',
      'small',
      'red',
      'blue',
      'not',
      'is',
      'a',
      'house',
      'tree',
      'bird',
    ];
    const r = seededRandom(3);
    const sentence = () =>
      Array.from({ length: 3 + Math.floor(r() * 5) }, () => words[Math.floor(r() * words.length)]).join(' ');
    const rows = Array.from({ length: 400 }, (_, i) => {
      const a = sentence();
      const same = i % 2 === 0;
      return {
        sentence1: `${a}.`,
        sentence2: same ? `${a} indeed.` : `${sentence()}.`,
        label: same ? 'paraphrase' : 'different',
      };
    });
    // Extra columns first, so that the picker has to find the right ones.
    const csv = formatPairTable(rows, 'csv')
      .split('\n')
      .map((line, i) => (line ? `${i === 0 ? 'id' : i},${line}` : line))
      .join('\n');
    writeFileSync(join(dir, 'pairs.csv'), csv);
    const v = seededRandom(7);
    const glove = [...words, '.', 'indeed']
      .map((w) => `${w} ${Array.from({ length: 12 }, () => (v() * 2 - 1).toFixed(4)).join(' ')}`)
      .join('\n');
    writeFileSync(join(dir, 'vectors.txt.gz'), gzipSync(`${glove}\n`));

    await page.locator('input[name="source"][value="table"]').check();
    await page.locator('#table-file').setInputFiles(join(dir, 'pairs.csv'));
    await page.waitForSelector('#column-picker:not([hidden])');
    expect(await page.locator('#col-s1 option:checked').textContent()).toBe('sentence1');
    expect(await page.locator('#col-s2 option:checked').textContent()).toBe('sentence2');
    expect(await page.locator('#col-target option:checked').textContent()).toBe('label');
    await page.locator('#vectors-file').setInputFiles(join(dir, 'vectors.txt.gz'));
    await page.locator('#load-table').click();
    await page.waitForFunction(() =>
      /pairs\.csv: 2 classes/.test(document.getElementById('data-summary')?.textContent ?? ''),
    );
    expect(await text('#data-summary')).toContain('(different, paraphrase)');
    expect(await text('#data-summary')).toContain('Word vectors cover 100.0% of the tokens');
    await setValue('#hidden', '8');
    await trainInPage(6);
    await page.waitForFunction(() => document.getElementById('n-val-f1')?.textContent !== '—');
    expect(Number(await text('#n-val-f1'))).toBeGreaterThan(0.6);
    await setValue('#sent-a', 'The big dog ran in the park.');
    await setValue('#sent-b', 'The big dog ran in the park indeed.');
    await setValue('#mc', '20');
    await page.locator('#predict').click();
    await page.waitForFunction(() =>
      /paraphrase/.test(document.querySelector('#prediction .probs')?.textContent ?? ''),
    );
    expect(await text('#prediction')).toMatch(/Predicted class: (paraphrase|different)/);
    // The model file carries the recipe vb-cli needs to read raw text.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
    const file = join(out, 'csv-model.safetensors');
    await download.saveAs(file);
    const saved = decodeModel(new Uint8Array(readFileSync(file)));
    expect(saved.text).toMatchObject({
      tokenizer: 'ptb',
      lowercase: true,
      maxLength: 40,
      labelNames: ['different', 'paraphrase'],
    });
    expect(saved.text?.origin).toMatchObject({
      data: 'csv:pairs.csv',
      vectors: 'vectors.txt.gz',
      splitSeed: 2015,
    });
    const cli = JSON.parse(
      execFileSync(process.execPath, [CLI, 'predict', '--model', file], {
        input: 'The big dog ran in the park.\tThe big dog ran in the park indeed.\n',
        encoding: 'utf8',
      }),
    ) as { labelName: string };
    expect(['paraphrase', 'different']).toContain(cli.labelName);
    await shot('6-own-csv');

    // The same pairs as JSON lines: the keys found, the same data, the model's origin says jsonl.
    writeFileSync(join(dir, 'pairs.jsonl'), formatPairTable(rows, 'jsonl'));
    await page.locator('#table-file').setInputFiles(join(dir, 'pairs.jsonl'));
    await page.waitForFunction(
      () => document.querySelector('#col-s1 option:checked')?.textContent === 'sentence1',
    );
    expect(await page.locator('#col-target option:checked').textContent()).toBe('label');
    await page.locator('#load-table').click();
    await page.waitForFunction(() =>
      /pairs\.jsonl: 2 classes/.test(document.getElementById('data-summary')?.textContent ?? ''),
    );
    expect(await text('#data-summary')).toContain('(different, paraphrase)');
    await trainInPage(2);
    const [jsonlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download').click(),
    ]);
    const jsonlFile = join(out, 'jsonl-model.safetensors');
    await jsonlDownload.saveAs(jsonlFile);
    expect(decodeModel(new Uint8Array(readFileSync(jsonlFile))).text?.origin).toMatchObject({
      data: 'jsonl:pairs.jsonl',
    });
    expect(errors).toEqual([]);
  });
});
