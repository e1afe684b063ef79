/**
 * The page: controls and numbers only. @vb/core runs in the engine worker, @vb/viz (Vega) in the
 * chart worker; this thread sends requests, keeps the last answer, and never waits.
 */
import type { EpochRecord } from '@vb/core';
import type {
  ChartMessage,
  ChartRequest,
  ColumnChoice,
  DataSummary,
  EngineMessage,
  EngineRequest,
  LambdaSnapshot,
  ModelSummary,
  PredictionResult,
  PruneResult,
  StepPoint,
  SweepSnapshot,
  TablePreview,
  TrainSettings,
} from './protocol.js';

/** What the browser test reads (and anyone can in the console: `vbPlayground.metrics`). */
interface Metrics {
  /** ms from navigation start until Start could be pressed (engine loaded, built-in data ready). */
  interactiveMs?: number;
  engineMs?: number;
  dataMs?: number;
  simd?: string;
  /** Seconds of fit's work in the last training (steps, end of epoch, validation), and wall time. */
  trainSeconds?: number;
  trainWallSeconds?: number;
  trainEpochs?: number;
  finalLoss?: number;
  /** ms from the last slider input to its numbers on the page. */
  pruneLatencyMs?: number;
  pruneWorkerMs?: number;
  charts: number;
}
const metrics: Metrics = { charts: 0 };
(globalThis as unknown as { vbPlayground: { metrics: Metrics } }).vbPlayground = { metrics };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const errorBox = $<HTMLParagraphElement>('error');
const startButton = $<HTMLButtonElement>('start');
const pauseButton = $<HTMLButtonElement>('pause');
const stopButton = $<HTMLButtonElement>('stop');
const tau = $<HTMLInputElement>('tau');
const predictButton = $<HTMLButtonElement>('predict');
const exampleButton = $<HTMLButtonElement>('example');
const downloadButton = $<HTMLButtonElement>('download');

const engine = new Worker(new URL('./engine.worker.ts', import.meta.url), {
  type: 'module',
  name: 'vb-engine',
});
let charts: Worker | undefined;

function send(r: EngineRequest, transfer: Transferable[] = []): void {
  engine.postMessage(r, transfer);
}

function say(text: string): void {
  status.textContent = text;
}

function showError(text: string | undefined): void {
  errorBox.hidden = !text;
  errorBox.textContent = text ?? '';
}

const fmt = (x: number | undefined, digits = 3) =>
  x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// ---------------------------------------------------------------------------------------------
// State

let data: DataSummary | undefined;
let training: 'idle' | 'running' | 'paused' = 'idle';
let modelReady = false;
let history: EpochRecord[] = [];
let trainF1: number[] = [];
let steps: StepPoint[] = [];
let lambda: LambdaSnapshot | undefined;
let sweep: SweepSnapshot | undefined;
let modelName = 'model';
let labelNames: string[] | undefined;
let exampleIndex = 0;

function setButtons(): void {
  const busy = training !== 'idle';
  startButton.disabled = !data || busy;
  pauseButton.disabled = !busy;
  stopButton.disabled = !busy;
  pauseButton.textContent = training === 'paused' ? 'Resume' : 'Pause';
  pauseButton.setAttribute('aria-pressed', String(training === 'paused'));
  predictButton.disabled = !modelReady;
  exampleButton.disabled = !data;
  downloadButton.disabled = !modelReady;
  tau.disabled = !lambda;
  $<HTMLButtonElement>('load-table').disabled = busy || !tableFile;
}

// ---------------------------------------------------------------------------------------------
// Charts: one request in flight per chart, the newest waiting behind it; while training, each
// chart is redrawn at most once a second, so that Vega does not take the training's CPU.

const CHART_INTERVAL_TRAINING_MS = 1000;
let chartId = 0;
interface ChartSlot {
  busy: boolean;
  next?: ChartRequest;
  lastSent: number;
  timer?: ReturnType<typeof setTimeout>;
}
const chartSlots = new Map<ChartRequest['chart'], ChartSlot>();
const chartTarget: Record<ChartRequest['chart'], string> = {
  training: 'chart-training',
  steps: 'chart-steps',
  lambda: 'chart-lambda',
  sweep: 'chart-sweep',
};
const chartLabel: Record<ChartRequest['chart'], () => string> = {
  training: () => {
    const e = history.at(-1);
    return e
      ? `Training curves over ${history.length} epochs: last loss ${fmt(e.loss)}, NLL ${fmt(e.nll)}, validation NLL ${fmt(e.validation?.nll)}, validation macro-F1 ${fmt(e.validation?.macroF1)}`
      : 'Training curves';
  },
  steps: () => {
    const s = steps.at(-1);
    return s
      ? `Prior variance over ${steps.length} steps: now ${s.priorVariance.toExponential(2)}`
      : 'Prior variance over steps';
  },
  lambda: () =>
    lambda
      ? `Histogram of λ over ${lambda.total} weights, threshold τ = ${fmt(currentTau(), 4)}`
      : 'Histogram of λ',
  sweep: () =>
    sweep
      ? `Pruning curves over ${sweep.points.length} thresholds: validation macro-F1 from ${fmt(sweep.points[0]?.metrics.macroF1)} unpruned to ${fmt(sweep.points.at(-1)?.metrics.macroF1)} at ${pct(sweep.points.at(-1)?.keptFraction ?? 0)} of the weights`
      : 'Pruning curves',
};

function chartWorker(): Worker {
  if (!charts) {
    charts = new Worker(new URL('./charts.worker.ts', import.meta.url), {
      type: 'module',
      name: 'vb-charts',
    });
    charts.onmessage = (e: MessageEvent<ChartMessage>) => {
      const m = e.data;
      const el = $(chartTarget[m.chart]);
      if ('svg' in m) {
        el.innerHTML = m.svg;
        el.setAttribute('aria-label', chartLabel[m.chart]());
        metrics.charts++;
      } else el.textContent = `chart failed: ${m.error}`;
      const slot = chartSlots.get(m.chart);
      if (slot) slot.busy = false;
      pumpChart(m.chart);
    };
  }
  return charts;
}

function pumpChart(kind: ChartRequest['chart']): void {
  const slot = chartSlots.get(kind);
  if (!slot?.next || slot.busy || slot.timer) return;
  const wait = training === 'idle' ? 0 : slot.lastSent + CHART_INTERVAL_TRAINING_MS - performance.now();
  if (wait > 0) {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      pumpChart(kind);
    }, wait);
    return;
  }
  slot.busy = true;
  slot.lastSent = performance.now();
  chartWorker().postMessage(slot.next);
  slot.next = undefined;
}

/** Draws the charts waiting for the training's interval at once (when it ends or pauses). */
function flushCharts(): void {
  for (const [kind, slot] of chartSlots) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    pumpChart(kind);
  }
}

type ChartData = ChartRequest extends infer R ? (R extends ChartRequest ? Omit<R, 'id'> : never) : never;

function chart(request: ChartData): void {
  const r = { ...request, id: ++chartId } as ChartRequest;
  let slot = chartSlots.get(r.chart);
  if (!slot) {
    slot = { busy: false, lastSent: 0 };
    chartSlots.set(r.chart, slot);
  }
  slot.next = r;
  pumpChart(r.chart);
}

function drawTraining(): void {
  if (history.length) chart({ chart: 'training', model: modelName, history, trainF1 });
}

// ---------------------------------------------------------------------------------------------
// Data panel

let tableFile: File | undefined;

function sourceChoice(): 'builtin' | 'table' {
  return (document.querySelector('input[name="source"]:checked') as HTMLInputElement).value as
    | 'builtin'
    | 'table';
}

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="source"]')) {
  radio.addEventListener('change', () => {
    const table = sourceChoice() === 'table';
    $('table-options').hidden = !table;
    if (!table && data?.kind !== 'builtin' && training === 'idle') {
      say('Loading the built-in task…');
      send({ type: 'loadBuiltin' });
    }
  });
}

$<HTMLInputElement>('table-file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  tableFile = file;
  setButtons();
  if (file) send({ type: 'inspectTable', file });
});

function fillColumns(p: TablePreview): void {
  const names = p.header ?? Array.from({ length: p.columns }, (_, i) => `column ${i + 1}`);
  const fill = (id: string, pick: number | undefined) => {
    const select = $<HTMLSelectElement>(id);
    select.replaceChildren(
      ...names.map((n, i) => {
        const o = document.createElement('option');
        o.value = String(i);
        o.textContent = n;
        return o;
      }),
    );
    if (pick !== undefined) select.value = String(pick);
  };
  const d = p.detected;
  fill('col-s1', d.sentence1 ?? 0);
  fill('col-s2', d.sentence2 ?? Math.min(1, names.length - 1));
  fill('col-target', d.target ?? Math.min(2, names.length - 1));
  $<HTMLSelectElement>('target-kind').value = d.targetKind ?? 'label';
  const table = $<HTMLTableElement>('table-preview');
  const head = document.createElement('tr');
  for (const n of names) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = n;
    head.append(th);
  }
  const rows = p.rows.slice(0, 4).map((r) => {
    const tr = document.createElement('tr');
    for (const f of r) {
      const td = document.createElement('td');
      td.textContent = f;
      td.title = f;
      tr.append(td);
    }
    return tr;
  });
  table.replaceChildren(head, ...rows);
  $('column-picker').hidden = false;
  say(
    p.header
      ? `Read the header of ${p.file}${d.sentence1 !== undefined ? ': columns found from it (change them below if needed)' : ''}.`
      : `${p.file} has no header naming the sentence columns: choose them below.`,
  );
}

$<HTMLButtonElement>('load-table').addEventListener('click', () => {
  if (!tableFile) return;
  const columns: ColumnChoice = {
    sentence1: Number($<HTMLSelectElement>('col-s1').value),
    sentence2: Number($<HTMLSelectElement>('col-s2').value),
    target: Number($<HTMLSelectElement>('col-target').value),
    targetKind: $<HTMLSelectElement>('target-kind').value as 'label' | 'score',
  };
  const kind = (document.querySelector('input[name="vectors"]:checked') as HTMLInputElement).value;
  const vectorsFile = $<HTMLInputElement>('vectors-file').files?.[0];
  if (kind === 'file' && !vectorsFile) {
    showError('Choose a word-vector file, or the built-in hashed vectors.');
    return;
  }
  showError(undefined);
  say(`Reading ${tableFile.name}…`);
  send({
    type: 'loadTable',
    file: tableFile,
    columns,
    vectors:
      kind === 'file' && vectorsFile ? { kind: 'file', file: vectorsFile } : { kind: 'hashed', dim: 32 },
  });
});

function showData(d: DataSummary): void {
  const s = d.sizes;
  const cov = d.coverage
    ? ` Word vectors cover ${pct(d.coverage.tokens)} of the tokens (${pct(d.coverage.types)} of the words)${d.coverage.missing.length ? `; without a vector: ${d.coverage.missing.join(', ')}` : ''}.`
    : '';
  $('data-summary').textContent =
    `${d.description} ${s.train} training, ${s.validation} validation and ${s.test} test pairs; ${d.vocabSize} words of dimension ${d.inputDim}.${cov}`;
  exampleIndex = 0;
  if (d.examples[0]) fillExample();
}

function fillExample(): void {
  const ex = data?.examples[exampleIndex % (data?.examples.length || 1)];
  exampleIndex++;
  if (!ex) return;
  $<HTMLInputElement>('sent-a').value = ex.a;
  $<HTMLInputElement>('sent-b').value = ex.b;
  const name = data?.labelNames?.[ex.label] ?? String(ex.label);
  $<HTMLInputElement>('sent-b').dataset.gold = name;
}
exampleButton.addEventListener('click', fillExample);

// ---------------------------------------------------------------------------------------------
// Training panel

function settings(): TrainSettings {
  const num = (id: string) => Number($<HTMLInputElement>(id).value);
  const sel = (id: string) => $<HTMLSelectElement>(id).value;
  return {
    family: sel('family') as TrainSettings['family'],
    prior: sel('prior') as TrainSettings['prior'],
    cell: sel('cell') as TrainSettings['cell'],
    readout: sel('readout') as TrainSettings['readout'],
    hidden: Math.round(num('hidden')),
    klWeight: num('kappa'),
    epochs: Math.round(num('epochs')),
    learningRate: num('lr'),
    seed: Math.round(num('seed')),
  };
}

$<HTMLFormElement>('train-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!data || training !== 'idle') return;
  const s = settings();
  showError(undefined);
  history = [];
  trainF1 = [];
  steps = [];
  lambda = undefined;
  sweep = undefined;
  modelReady = false;
  labelNames = data.labelNames;
  modelName = `RNN ${s.cell}/${s.readout}, ${s.family === 'none' ? 'plain' : `(${s.family}, ${s.prior})`}`;
  tau.value = '0';
  for (const id of ['chart-training', 'chart-steps', 'chart-lambda', 'chart-sweep']) $(id).replaceChildren();
  $('epoch-line').textContent = 'Training…';
  training = 'running';
  setButtons();
  say(`Training ${modelName} for ${s.epochs} epochs…`);
  send({ type: 'train', settings: s });
});

pauseButton.addEventListener('click', () => {
  if (training === 'running') send({ type: 'pause' });
  else if (training === 'paused') send({ type: 'resume' });
});
stopButton.addEventListener('click', () => send({ type: 'stop' }));

function showEpoch(r: EpochRecord, f1: number): void {
  const v = r.validation;
  $('epoch-line').textContent =
    `Epoch ${r.epoch}: loss ${fmt(r.loss)}, NLL ${fmt(r.nll)}, KL ${fmt(r.kl, 1)}, prior σ² ${r.priorVariance.toExponential(2)}; ` +
    `macro-F1 training ${fmt(f1)}, validation ${fmt(v?.macroF1)} (validation NLL ${fmt(v?.nll)}).`;
}

// ---------------------------------------------------------------------------------------------
// Pruning panel: the slider maps to τ on a log scale over the positive λ; 0 keeps everything.

const STEPS = Number(tau.max);

function currentTau(): number {
  const p = Number(tau.value);
  if (!lambda || p <= 0) return 0;
  const a = Math.log(lambda.lo);
  const b = Math.log(lambda.hi);
  return Math.exp(a + ((b - a) * (p - 1)) / (STEPS - 1));
}

let pruneId = 0;
let lastEpochPrune = 0;
let pruneBusy = false;
/** performance.now() of the first slider input not yet sent (0: none waiting), and of the one in flight. */
let pruneWaitingSince = 0;
let pruneInFlightSince = 0;

function requestPrune(): void {
  if (!lambda) return;
  if (!pruneWaitingSince) pruneWaitingSince = performance.now();
  if (pruneBusy) return; // sent when the answer in flight arrives
  pruneBusy = true;
  pruneInFlightSince = pruneWaitingSince;
  pruneWaitingSince = 0;
  send({ type: 'prune', id: ++pruneId, threshold: currentTau() });
}

function tauText(t: number): string {
  return t <= 0
    ? 'τ = 0: nothing pruned'
    : `τ = ${t < 0.01 || t >= 100 ? t.toExponential(2) : t.toPrecision(3)}`;
}

tau.addEventListener('input', () => {
  $('tau-value').textContent = tauText(currentTau());
  requestPrune();
});
tau.addEventListener('change', () => {
  if (lambda) chart({ chart: 'lambda', model: modelName, lambda, threshold: currentTau() });
});

function showPrune(r: PruneResult): void {
  const set = (id: string, text: string) => {
    $(id).textContent = text;
  };
  set(
    'n-params',
    `${r.kept.toLocaleString('en')} / ${r.total.toLocaleString('en')} (${pct(r.kept / r.total)})`,
  );
  set('n-val-f1', fmt(r.validation?.macroF1));
  set('n-val-ll', fmt(r.validation?.logLikelihood));
  set('n-test-f1', fmt(r.test?.macroF1));
  set('n-test-ll', fmt(r.test?.logLikelihood));
  set('n-units', `${r.structure.aliveHidden} / ${r.structure.hidden}`);
  set('n-inputs', `${r.structure.aliveInputs} / ${r.structure.inputDim}`);
  $('tau-value').textContent = tauText(r.threshold);
  tau.setAttribute('aria-valuetext', `${tauText(r.threshold)}, ${pct(r.kept / r.total)} of the weights kept`);
  drawStructure(r);
}

function drawStructure(r: PruneResult): void {
  const canvas = $<HTMLCanvasElement>('structure');
  const { hidden: n, inputDim: m } = r.structure;
  const cols = r.gates * n;
  const left = 78;
  const top = 34;
  const cell = Math.max(2, Math.min(14, Math.floor(Math.min(420 / cols, 520 / (m + n + 3)))));
  const width = left + cols * cell + 10;
  const height = top + (m + n + 2) * cell + 24;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#333';
  g.fillText('hidden units', left, 12);
  // Units strip (one mark per unit in every gate block).
  for (let c = 0; c < cols; c++) {
    g.fillStyle = r.structure.units[c % n] ? '#009e73' : '#e0e0e0';
    g.fillRect(left + c * cell, top - cell - 4, cell - (cell > 3 ? 1 : 0), cell);
  }
  const block = (mask: Uint8Array, rows: number, y0: number, alive: number[], label: string) => {
    g.fillStyle = '#333';
    g.fillText(label, 4, y0 + 10);
    for (let i = 0; i < rows; i++) {
      g.fillStyle = alive[i] ? '#009e73' : '#e0e0e0';
      g.fillRect(left - cell - 4, y0 + i * cell, cell, cell - (cell > 3 ? 1 : 0));
      for (let c = 0; c < cols; c++) {
        g.fillStyle = mask[i * cols + c] ? '#0072b2' : '#f0f0f0';
        g.fillRect(left + c * cell, y0 + i * cell, cell - (cell > 3 ? 1 : 0), cell - (cell > 3 ? 1 : 0));
      }
    }
  };
  block(r.maskW, m, top, r.structure.inputs, 'W: inputs');
  block(r.maskU, n, top + (m + 1) * cell, r.structure.units, 'U: units');
  g.fillStyle = '#333';
  g.fillText(
    `${r.gates > 1 ? `${r.gates} gate blocks; ` : ''}green: survives, grey: removed`,
    left,
    height - 6,
  );
  canvas.setAttribute(
    'aria-label',
    `Structure at ${tauText(r.threshold)}: ${r.structure.aliveHidden} of ${n} hidden units and ${r.structure.aliveInputs} of ${m} input dimensions survive; W keeps ${r.structure.keptPerTensor.W ?? 0} of ${m * cols} weights, U ${r.structure.keptPerTensor.U ?? 0} of ${n * cols}.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Prediction panel

$<HTMLFormElement>('predict-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const a = $<HTMLInputElement>('sent-a').value.trim();
  const b = $<HTMLInputElement>('sent-b').value.trim();
  if (!a || !b) {
    showError('Type two sentences.');
    return;
  }
  showError(undefined);
  send({
    type: 'predict',
    a,
    b,
    mcSamples: Math.max(0, Math.round(Number($<HTMLInputElement>('mc').value) || 0)),
    seed: 1,
  });
});

function showPrediction(p: PredictionResult): void {
  const box = $('prediction');
  const head = document.createElement('p');
  const name = p.labelName ?? p.classNames[p.label] ?? String(p.label);
  head.innerHTML = '';
  head.append(
    `Predicted class: `,
    Object.assign(document.createElement('strong'), { textContent: name }),
    ` (p = ${fmt(p.probabilities[p.label])}${p.std ? ` ± ${fmt(p.std[p.label])}` : ''})` +
      (p.samples > 1
        ? `; ${p.samples} posterior samples: predictive entropy ${fmt(p.entropy)} nats, of which epistemic (mutual information) ${fmt(p.mutualInformation)}`
        : '; posterior means (no sampling)') +
      (p.masked ? '; the network pruned at the current τ' : '') +
      '.',
  );
  const grid = document.createElement('div');
  grid.className = 'probs';
  grid.setAttribute('role', 'list');
  grid.setAttribute('aria-label', 'Class probabilities');
  p.probabilities.forEach((q, k) => {
    const label = document.createElement('span');
    label.textContent = p.classNames[k] ?? String(k);
    label.setAttribute('role', 'listitem');
    if (k === p.label) label.className = 'top';
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.style.width = `${(100 * q).toFixed(1)}%`;
    bar.append(fill);
    const sd = p.std?.[k];
    if (sd !== undefined) {
      const whisker = document.createElement('i');
      whisker.style.left = `${Math.max(0, 100 * (q - sd)).toFixed(1)}%`;
      whisker.style.width = `${Math.min(100, 200 * sd).toFixed(1)}%`;
      bar.append(whisker);
    }
    const value = document.createElement('span');
    value.className = 'numbers';
    value.textContent = `${fmt(q)}${sd !== undefined ? ` ± ${fmt(sd)}` : ''}`;
    value.setAttribute(
      'aria-label',
      `${p.classNames[k] ?? k}: probability ${fmt(q)}${sd !== undefined ? `, standard deviation ${fmt(sd)}` : ''}`,
    );
    grid.append(label, bar, value);
  });
  const tokens = document.createElement('p');
  tokens.className = 'note';
  tokens.textContent = `Tokens read: [${p.tokens.a.join(' ')}] / [${p.tokens.b.join(' ')}]${p.unknown ? `; ${p.unknown} without a vector (read as zeros)` : ''}.`;
  box.replaceChildren(head, grid, tokens);
}

// ---------------------------------------------------------------------------------------------
// Model file panel

downloadButton.addEventListener('click', () =>
  send({ type: 'exportModel', pruned: $<HTMLInputElement>('download-pruned').checked }),
);

$<HTMLInputElement>('upload').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  if (training !== 'idle') {
    showError('Stop the training before opening a model.');
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  say(`Opening ${file.name}…`);
  send({ type: 'importModel', bytes, name: file.name }, [bytes.buffer]);
  input.value = '';
});

function showModel(s: ModelSummary, l: LambdaSnapshot): void {
  modelReady = true;
  lambda = l;
  labelNames = s.labelNames ?? labelNames;
  const c = s.config;
  if (s.source === 'uploaded') {
    modelName = s.name;
    history = s.history;
    trainF1 = [];
    steps = [];
    for (const id of ['chart-training', 'chart-steps', 'chart-sweep']) $(id).replaceChildren();
    drawTraining();
  }
  $('lambda-name').textContent = l.score === 'snr' ? 'λ = |m|/s' : 'λ = |m| (plain RNN: magnitude)';
  $('model-summary').textContent =
    `${s.source === 'uploaded' ? `Opened ${s.name}` : 'Trained model'}: ${c.cell} cell, ${c.readout} readout, ${c.hidden} hidden units, ` +
    `input dimension ${c.inputDim}, ${c.classes} classes, posterior ${c.family}, prior ${c.prior}; ${s.params.toLocaleString('en')} weights, ` +
    `${s.epochs} epochs in its history.${s.note ? ` Note: ${s.note}.` : ''}${s.scored ? '' : ' It is not scored on the loaded data.'}`;
  $('prune-note').textContent = s.scored
    ? ''
    : `Metrics need data this model can read${s.note ? ` (${s.note})` : ''}.`;
  setButtons();
  requestPrune();
  chart({ chart: 'lambda', model: modelName, lambda: l, threshold: currentTau() });
  if (s.scored) send({ type: 'sweep' });
}

// ---------------------------------------------------------------------------------------------
// Engine messages

engine.onmessage = (e: MessageEvent<EngineMessage>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      metrics.engineMs = m.ms;
      metrics.simd = m.simd;
      say('Engine loaded; generating the built-in task…');
      send({ type: 'loadBuiltin' });
      return;
    case 'data': {
      const first = data === undefined;
      data = m.summary;
      metrics.dataMs = m.ms;
      showData(m.summary);
      if (first) {
        metrics.interactiveMs = performance.now();
        performance.mark('vb-interactive');
        document.documentElement.dataset.ready = 'true';
        // Vega loads in its own worker once the page is usable.
        chartWorker();
      }
      say(
        `Ready: ${m.summary.kind === 'builtin' ? 'the built-in task' : m.summary.name} is loaded. Choose a model and press Start.`,
      );
      setButtons();
      return;
    }
    case 'table':
      fillColumns(m.preview);
      setButtons();
      return;
    case 'status':
      say(m.text);
      return;
    case 'progress': {
      for (const s of m.steps) steps.push(s);
      const done = (m.epoch - 1 + m.batch / m.batches) / m.epochs;
      const bar = $<HTMLProgressElement>('progress');
      bar.value = done;
      $('progress-text').textContent = `epoch ${m.epoch} of ${m.epochs}, batch ${m.batch} of ${m.batches}`;
      if (m.steps.length) chart({ chart: 'steps', model: modelName, steps });
      return;
    }
    case 'epoch':
      history.push(m.record);
      trainF1.push(m.trainMacroF1);
      lambda = m.lambda;
      modelReady = true;
      showEpoch(m.record, m.trainMacroF1);
      drawTraining();
      chart({ chart: 'lambda', model: modelName, lambda: m.lambda, threshold: currentTau() });
      setButtons();
      // The pruning numbers follow the training, at most once a second (they cost an evaluation).
      if (performance.now() - lastEpochPrune > 1000) {
        lastEpochPrune = performance.now();
        requestPrune();
      }
      return;
    case 'state':
      training = m.state === 'running' ? 'running' : m.state === 'paused' ? 'paused' : 'idle';
      if (m.state === 'done' || m.state === 'stopped') {
        metrics.trainSeconds = m.seconds;
        metrics.trainWallSeconds = m.wallSeconds;
        metrics.trainEpochs = m.epochs;
        metrics.finalLoss = history.at(-1)?.loss;
        $('progress-text').textContent =
          `${m.state === 'done' ? 'done' : 'stopped'}: ${m.epochs} epochs in ${m.wallSeconds.toFixed(2)} s`;
        say(
          `Training ${m.state === 'done' ? 'finished' : 'stopped'} after ${m.epochs} epochs (${m.wallSeconds.toFixed(2)} s). Move the slider to prune.`,
        );
        document.documentElement.dataset.trained = String(m.epochs);
      }
      if (m.state === 'paused') requestPrune();
      if (m.state !== 'running') queueMicrotask(flushCharts);
      if (m.state === 'paused')
        say('Paused: prune, predict or download the model as it is now; Resume to go on.');
      else if (m.state === 'running' && history.length) say(`Training ${modelName}…`);
      setButtons();
      return;
    case 'model':
      showModel(m.summary, m.lambda);
      if (m.summary.source === 'uploaded') say(`Opened ${m.summary.name}.`);
      return;
    case 'pruned': {
      pruneBusy = false;
      showPrune(m.result);
      metrics.pruneWorkerMs = m.result.ms;
      metrics.pruneLatencyMs = performance.now() - pruneInFlightSince;
      if (pruneWaitingSince) requestPrune(); // the slider moved meanwhile
      return;
    }
    case 'sweep':
      sweep = m.sweep;
      chart({ chart: 'sweep', model: modelName, sweep: m.sweep, threshold: currentTau() });
      return;
    case 'prediction':
      showPrediction(m.result);
      return;
    case 'modelFile': {
      const url = URL.createObjectURL(new Blob([m.bytes as BlobPart], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = m.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      say(`Downloaded ${m.name} (${(m.bytes.byteLength / 1024).toFixed(1)} kB).`);
      return;
    }
    case 'error':
      if (m.during === 'prune') pruneBusy = false;
      if (m.during === 'train') {
        training = 'idle';
        setButtons();
      }
      showError(`${m.during}: ${m.message}`);
      say('Something went wrong (see the message below the title).');
      return;
  }
};

engine.onerror = (e) => showError(`the engine worker failed: ${e.message}`);
send({ type: 'init' });
setButtons();
