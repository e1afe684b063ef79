/**
 * Fuzzing what `vb-cli report` reads: results.json, as random bytes, with its bytes mutated, and
 * with its JSON mutated (a value anywhere replaced by null, a wrong type, a huge or deeply nested
 * value; a key removed; a list emptied). `parseResultsFile` must refuse it with an Error naming the
 * file, or accept it — and then everything `report` does with it (re-aggregation, tables, CSVs,
 * figures and report.html) must work: no TypeError, no hang.
 *
 * `VB_FUZZ_SCALE` multiplies the number of cases (default ≈ 1,600); `VB_FUZZ_SEED` replays a seed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregate, type PlantedTruth } from '../src/sweep/aggregate.js';
import { writeFigures } from '../src/sweep/figures.js';
import { parseResultsFile, resultsFileText, type SweepResultsFile } from '../src/sweep/results-file.js';
import { curvesCsv, sweepTablesMarkdown, tableCsv } from '../src/sweep/tables.js';

const SCALE = Number(process.env.VB_FUZZ_SCALE ?? 1);
const SEED = process.env.VB_FUZZ_SEED === undefined ? undefined : Number(process.env.VB_FUZZ_SEED);
function runs(n: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(n * SCALE)), ...(SEED === undefined ? {} : { seed: SEED }) };
}
const CASE_MS = 5_000;
const SOURCE = '/sweeps/x/results.json';

let cases = 0;
let accepted = 0;
const started = performance.now();
afterAll(() => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${cases} results.json cases (${accepted} accepted) in ${seconds} s`);
});

// ---------------------------------------------------------------------------------------------
// A small valid results.json: two baseline runs, a plain RNN and a variational row over two seeds.

const K = 3;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const metrics = (f1: number) => ({
  classes: K,
  pairs: 12,
  accuracy: f1 + 0.1,
  macroF1: f1,
  weightedF1: f1,
  perClass: { precision: [f1, f1, f1], recall: [f1, f1, f1], f1: [f1, f1, f1], support: [4, 4, 4] },
  confusion: [
    [2, 1, 1],
    [1, 2, 1],
    [0, 1, 3],
  ],
  meanLogLikelihood: -1 + f1,
  pearson: 0.3,
  spearman: null, // NaN, as JSON writes it
  paraphrase: null,
  binaryF1: null,
});
const structure = (units: number, inputs: number) => ({
  hidden: 2,
  inputDim: 3,
  aliveHidden: units,
  functionalHidden: units,
  aliveInputs: inputs,
  keptPerTensor: { W: 6, U: 4, b: 2, V: 12, c: 3 },
});
const sweep = (score: 'snr' | 'magnitude', f1: number) => ({
  score,
  total: 27,
  points: [0, 0.1, 0.5, 2].map((threshold, i) => ({
    threshold,
    kept: 27 - 8 * i,
    keptFraction: (27 - 8 * i) / 27,
    structure: structure(2 - (i > 2 ? 1 : 0), 3 - (i > 1 ? 1 : 0)),
    metrics: metrics(f1 - 0.02 * i),
  })),
});
const groupSweep = (group: 'input' | 'unit', g: number, f1: number) => ({
  group,
  score: 'snr',
  groups: g,
  importance: range(g).map((i) => 0.5 + i),
  points: range(g).map((k) => ({
    removed: k,
    left: g - k,
    removedGroups: range(k),
    keptWeights: 27 - 3 * k,
    metrics: metrics(f1 - 0.005 * k),
  })),
});
const history = (epochs: number) =>
  range(epochs).map((e) => ({
    epoch: e + 1,
    loss: 1.2 - 0.1 * e,
    nll: 1.1 - 0.1 * e,
    kl: 5,
    penalty: 0.1,
    priorMean: 0,
    priorVariance: 1,
    learningRate: 0.01,
    klWeight: 1,
    steps: 10,
    seconds: 0.01,
    validation: { nll: 1.15 - 0.05 * e, accuracy: 0.5, macroF1: 0.4 },
  }));
const candidate = (klWeight: number, f1: number) => ({
  cell: 'rnn',
  readout: 'last',
  hidden: 2,
  learningRate: 0.01,
  klWeight,
  epoch: 3,
  stoppedBy: 'epochs',
  validationNll: 1 - f1,
  validationMacroF1: f1,
  trainElbo: -1.1,
  testNll: 1.05 - f1,
  testMacroF1: f1,
});
const lambda = () => ({
  W: range(6).map((i) => 0.2 * (i + 1)),
  U: range(4).map((i) => 0.3 * (i + 1)),
  b: [0.5, 1.5],
  V: range(12).map((i) => 0.1 * (i + 1)),
  c: [1, 2, 3],
});

function rnnRun(row: string, id: string, seed: number, variational: boolean) {
  const f1 = 0.5 + 0.01 * seed;
  const run: Record<string, unknown> = {
    id,
    row,
    seed,
    seconds: 1.5,
    test: { ...metrics(f1), probabilistic: true },
    validation: { ...metrics(f1 - 0.05), probabilistic: true },
    history: history(3),
    stoppedBy: 'epochs',
    encoder: { cell: 'rnn', readout: 'last', hidden: 2, learningRate: 0.01 },
    selection: {
      selectBy: 'nll',
      tune: 'on',
      chosen: 1,
      candidates: [candidate(0.1, f1 - 0.02), candidate(1, f1)],
      elboVsValidation: 0.5,
      byValidationNll: 1,
      byElbo: 0,
    },
    sweeps: variational
      ? { snr: sweep('snr', f1), magnitude: sweep('magnitude', f1 - 0.01) }
      : { magnitude: sweep('magnitude', f1) },
    groupSweeps: { input: groupSweep('input', 3, f1), unit: groupSweep('unit', 2, f1) },
    maxPrunable: variational ? { snr: 0.3, magnitude: 0.2 } : { magnitude: 0.2 },
    validatedPruning: {
      score: variational ? 'snr' : 'magnitude',
      threshold: 0.1,
      keptFraction: 19 / 27,
      testMacroF1: f1 - 0.01,
      testDrop: 0.01,
      testLogLikChange: -0.02,
      liveUnits: [0, 1],
      liveInputs: [0, 2],
      denseBytes: 1000,
      compactBytes: 700,
    },
    lambda: lambda(),
    planted: {
      keptFraction: 0.7,
      aliveInputs: [0, 2],
      precision: 0.5,
      recall: 1,
      liveUnits: 2,
      unitPrecision: 1,
      unitRecall: 1,
    },
  };
  if (variational) {
    run.klWeight = 1;
    run.klSelection = [
      { klWeight: 0.1, validationMacroF1: f1 - 0.02, validationNll: 0.9 },
      { klWeight: 1, validationMacroF1: f1, validationNll: 0.8 },
    ];
    run.logAlphaRule = {
      threshold: 0.22,
      keptFraction: 0.6,
      testMacroF1: f1,
      testDrop: 0,
      testLogLikChange: 0,
    };
    run.evidence = { inputs: [0, 2], units: [1] };
    run.groupVariances = { inputs: [0.5, 0.1, 0.7], units: [1, 0.2] };
  }
  return run;
}

const VALID = {
  format: 'vb-sweep-results',
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  tool: { name: 'vb-cli', version: '0.1.0', node: 'v22.12.0', engine: 'simd', jobs: 2 },
  command: ['sweep', '--out', 'x'],
  settings: { seeds: [1, 2], klWeights: [0.1, 1], selectBy: 'nll', tune: 'on', thresholds: 4 },
  rows: ['SVC', 'RNN', 'RNN + variational, D, D'],
  data: {
    name: 'builtin',
    description: 'A planted teacher.',
    stats: { pairs: 60, train: 42, validation: 9, test: 9 },
    planted: { usedInputs: [0, 2], teacherHidden: 2, nonZeroWeights: 10, totalWeights: 27 },
    majorityMacroF1: 0.17,
    scored: true,
  },
  stages: { data: 0.1, runs: 3, figures: 1, outputs: 0.1, total: 4.3 },
  table: [],
  runs: [
    { id: 'svc.seed1', row: 'SVC', seed: 1, seconds: 0.2, test: { ...metrics(0.4), probabilistic: false } },
    { id: 'svc.seed2', row: 'SVC', seed: 2, seconds: 0.2, test: { ...metrics(0.42), probabilistic: false } },
    rnnRun('RNN', 'rnn.seed1', 1, false),
    rnnRun('RNN', 'rnn.seed2', 2, false),
    rnnRun('RNN + variational, D, D', 'vdd.seed1', 1, true),
    rnnRun('RNN + variational, D, D', 'vdd.seed2', 2, true),
  ],
  figures: [],
};
const VALID_TEXT = JSON.stringify(VALID, null, 1);

// ---------------------------------------------------------------------------------------------
// Mutations

/** Every path (list of keys) to a value in `v`. */
function pathsOf(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  return out;
}
const PATHS = pathsOf(VALID).filter((p) => p.length > 0);

type Edit =
  | { path: number; kind: 'set'; value: unknown }
  | { path: number; kind: 'delete' | 'empty' | 'dup' };

/** Applies edits to a deep copy of VALID. */
function edited(edits: readonly Edit[]): unknown {
  const v = structuredClone(VALID) as Record<string, unknown>;
  for (const e of edits) {
    const path = PATHS[e.path % PATHS.length] as Array<string | number>;
    let parent: unknown = v;
    for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)?.[k];
    if (typeof parent !== 'object' || parent === null) continue;
    const p = parent as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (e.kind === 'set') p[key] = e.value;
    else if (e.kind === 'delete') {
      if (Array.isArray(p)) p.splice(Number(key), 1);
      else delete p[key];
    } else if (e.kind === 'empty') p[key] = Array.isArray(p[key]) ? [] : {};
    else if (Array.isArray(p)) p.splice(Number(key), 0, structuredClone(p[key]));
  }
  return v;
}

/** Values a damaged file might hold where a number, string, list or object was. */
const strange = fc.oneof(
  fc.constantFrom(null, 0, -1, 1, 0.5, 1e9, -1e9, 2 ** 53, 1e308, '', 'x', '1', true, [], {}, [null], {
    a: 1,
  }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant('@deep'),
);

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ path: fc.nat(), kind: fc.constant('set' as const), value: strange }) },
  {
    weight: 2,
    arbitrary: fc.record({
      path: fc.nat(),
      kind: fc.constantFrom('delete' as const, 'empty' as const, 'dup' as const),
    }),
  },
);

const deepText = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
const jsonMutated = fc
  .array(editArb, { minLength: 1, maxLength: 3 })
  .map((edits) => JSON.stringify(edited(edits)).replaceAll('"@deep"', deepText));

/** One value changed to a number or null: mostly accepted, so the figures see odd values. */
const leafMutated = fc
  .record({
    path: fc.nat(),
    kind: fc.constant('set' as const),
    value: fc.constantFrom(null, 0, -1, 1, 0.5, 2, 1e9, -1e-9, 1e308),
  })
  .map((edit) => JSON.stringify(edited([edit])));

const encoder = new TextEncoder();
const byteMutated = fc
  .array(
    fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('flip', 'delete', 'truncate', 'insert'),
      byte: fc.nat(255),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((ops) => {
    let b = encoder.encode(VALID_TEXT);
    for (const op of ops) {
      const at = op.at % (b.length + 1);
      if (op.kind === 'flip' && b.length > 0)
        b[at % b.length] = (b[at % b.length] as number) ^ (1 << (op.byte % 8));
      else if (op.kind === 'delete')
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + (op.byte % 8))]);
      else if (op.kind === 'truncate') b = b.slice(0, at);
      else b = Uint8Array.from([...b.subarray(0, at), op.byte, ...b.subarray(at)]);
    }
    return new TextDecoder().decode(b);
  });

const anyResults = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: byteMutated },
  { weight: 6, arbitrary: jsonMutated },
);

// ---------------------------------------------------------------------------------------------

const INTERNAL =
  /Cannot read propert|is not a function|is not iterable|is not a constructor|Cannot convert undefined or null|Invalid array length|Maximum call stack/;

/** parseResultsFile: the parsed file, or `undefined` after checking the error names the file. */
function parse(text: string): SweepResultsFile | undefined {
  try {
    const r = parseResultsFile(text, SOURCE);
    accepted++;
    return r;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).constructor).toBe(Error);
    expect((e as Error).message.startsWith(`${SOURCE}: `)).toBe(true);
    expect((e as Error).message).not.toMatch(INTERNAL);
    return undefined;
  }
}

/** What `report` computes from a parsed file before drawing (no files written). */
function tables(results: SweepResultsFile): void {
  results.table = aggregate(results.runs, results.data.planted as PlantedTruth | null);
  sweepTablesMarkdown(results.table, {
    dataName: results.data.name,
    majorityMacroF1:
      typeof results.data.majorityMacroF1 === 'number' ? results.data.majorityMacroF1 : undefined,
    scores: results.data.scored === true,
  });
  tableCsv(results.table);
  curvesCsv(results.runs);
  resultsFileText(results);
}

describe('fuzz: results.json for vb-cli report', () => {
  const out = mkdtempSync(join(tmpdir(), 'vb-fuzz-report-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the valid file passes parse, tables and figures', async () => {
    const results = parseResultsFile(VALID_TEXT, SOURCE);
    tables(results);
    const files = await writeFigures(out, results);
    expect(files).toContain('report.html');
    expect(files.length).toBeGreaterThan(3);
  });

  it('random, byte-mutated and JSON-mutated files: a named Error, or tables that work', () => {
    fc.assert(
      fc.property(anyResults, (text) => {
        cases++;
        const t0 = performance.now();
        const results = parse(text);
        if (results) tables(results);
        expect(performance.now() - t0).toBeLessThan(CASE_MS);
      }),
      runs(1_500),
    );
  });

  it('JSON-mutated files that parse also draw (figures and report.html)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(leafMutated, jsonMutated), async (text) => {
        cases++;
        const results = parse(text);
        if (!results) return;
        tables(results);
        await writeFigures(out, results);
      }),
      runs(30),
    );
  });
});
