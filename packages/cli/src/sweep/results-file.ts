/**
 * The shape of `results.json`, written by `vb-cli sweep`, `vb-cli merge` and `vb-cli report`
 * ({@link resultsFileText}) and read by `vb-cli report` ({@link parseResultsFile}).
 */
import type { TableRow } from './aggregate.js';
import type { RowName } from './rows.js';
import type { RunResult } from './run.js';
import type { SweepSettings } from './settings.js';

export interface SweepResultsFile {
  format: 'vb-sweep-results';
  version: 1;
  createdAt: string;
  tool: { name: string; version: string; node: string; engine: string; jobs: number };
  command: string[];
  settings: SweepSettings;
  rows: RowName[];
  /** `majorityMacroF1`: test macro-F1 of always predicting the most frequent training class. */
  data: {
    name: string;
    description: string;
    stats: Record<string, unknown>;
    planted: unknown;
    majorityMacroF1: number;
    /** The test pairs carry gold scores (absent in results written before it was recorded). */
    scored?: boolean;
  };
  /** Seconds per stage: data, runs, figures, outputs, total. */
  stages: Record<string, number>;
  table: TableRow[];
  runs: RunResult[];
  /** Files written beside results.json (plots and report). */
  figures: string[];
}

/**
 * results.json as text: plain JSON, the top-level fields indented (settings, data, stages and the
 * table read as they are), each run compact on a line of its own. The runs are the bulk of the file:
 * written with every value on its own line, 1,000 runs made 171 MB and took seconds to write and
 * parse; on one line each they are about half the size and quick to read.
 */
export function resultsFileText(r: SweepResultsFile): string {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(r)) {
    let text: string | undefined;
    if (key === 'runs' && Array.isArray(value))
      text =
        // Array.from: a hole in a sparse array is null, as in JSON.stringify.
        value.length === 0
          ? '[]'
          : `[\n${Array.from(value, (run) => JSON.stringify(run) ?? 'null').join(',\n')}\n ]`;
    // JSON strings hold no raw newline, so every newline here is the layout's: indent it one more.
    else text = JSON.stringify(value, null, 1)?.replaceAll('\n', '\n ');
    if (text !== undefined) fields.push(` ${JSON.stringify(key)}: ${text}`);
  }
  return `{\n${fields.join(',\n')}\n}\n`;
}

/**
 * A checker of one JSON value: throws {@link Invalid} naming the value's path (`runs[3].test.macroF1`)
 * and what was expected. `report` re-aggregates and re-draws from the runs, so every value it reads
 * is checked here first — a damaged file stops with the file and the path, never a TypeError deep
 * inside the tables or figures.
 */
type Check = (v: unknown, at: string) => void;

class Invalid extends Error {}

function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? '[…]' : '{…}'; // too deep to write out
  }
  return s === undefined ? 'missing' : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** How deep `v` nests arrays and objects, measured without recursion (up to `limit` + 1). */
function depthOver(v: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop() as [unknown, number];
    if (typeof x !== 'object' || x === null) continue;
    if (depth >= limit) return true;
    for (const y of Object.values(x)) stack.push([y, depth + 1]);
  }
  return false;
}

function expect(ok: boolean, v: unknown, at: string, what: string): void {
  if (!ok) throw new Invalid(`${at} is ${show(v)}, not ${what}`);
}

/** A finite number. */
const finite: Check = (v, at) =>
  expect(typeof v === 'number' && Number.isFinite(v), v, at, 'a finite number');
/** A number, or null: JSON writes NaN and ±∞ (an undefined Pearson r, a −∞ log-likelihood) as null. */
const number: Check = (v, at) => expect(typeof v === 'number' || v === null, v, at, 'a number');
const integer: Check = (v, at) => expect(Number.isSafeInteger(v), v, at, 'an integer');
const count: Check = (v, at) => expect(Number.isSafeInteger(v) && (v as number) >= 0, v, at, 'a count ≥ 0');
const string: Check = (v, at) => expect(typeof v === 'string', v, at, 'a string');
const boolean: Check = (v, at) => expect(typeof v === 'boolean', v, at, 'true or false');

function array(item: Check, options: { nonEmpty?: boolean } = {}): Check {
  return (v, at) => {
    expect(
      Array.isArray(v) && (!options.nonEmpty || v.length > 0),
      v,
      at,
      options.nonEmpty ? 'a non-empty list' : 'a list',
    );
    for (const [i, x] of (v as unknown[]).entries()) item(x, `${at}[${i}]`);
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object; `optional` fields may also be absent or null. Other fields are not checked. */
function object(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (v, at) => {
    expect(isObject(v), v, at, 'an object');
    const o = v as Record<string, unknown>;
    for (const [k, c] of Object.entries(required)) c(Object.hasOwn(o, k) ? o[k] : undefined, `${at}.${k}`);
    for (const [k, c] of Object.entries(optional)) {
      const x = Object.hasOwn(o, k) ? o[k] : undefined;
      if (x !== undefined && x !== null) c(x, `${at}.${k}`);
    }
  };
}

/** An object of any keys, each value checked by `item`. */
function record(item: Check): Check {
  return (v, at) => {
    expect(isObject(v), v, at, 'an object');
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) item(x, `${at}.${k}`);
  };
}

const metrics = (extra: Record<string, Check> = {}): Check =>
  object(
    { classes: count, pairs: count, accuracy: number, macroF1: number, ...extra },
    {
      weightedF1: number,
      meanLogLikelihood: number,
      pearson: number,
      spearman: number,
      binaryF1: number,
      perClass: record(array(number)),
      confusion: array(array(number)),
      paraphrase: record(number),
      probabilistic: boolean,
    },
  );

const epochRecord = object(
  { epoch: integer },
  {
    loss: number,
    nll: number,
    kl: number,
    penalty: number,
    priorMean: number,
    priorVariance: number,
    learningRate: number,
    klWeight: number,
    steps: number,
    seconds: number,
    validation: object({}, { nll: number, accuracy: number, macroF1: number }),
  },
);

/** A threshold sweep: its points, one of them the unpruned network (threshold 0). */
const sweep: Check = (v, at) => {
  object({
    score: string,
    total: number,
    points: array(
      object(
        { threshold: number, kept: number, keptFraction: finite, metrics: metrics() },
        { structure: object({}, {}) },
      ),
      { nonEmpty: true },
    ),
  })(v, at);
  const points = (v as { points: Array<{ threshold: unknown; structure?: unknown }> }).points;
  const base = points.find((p) => p.threshold === 0);
  if (!base) throw new Invalid(`${at}.points has no unpruned point (threshold 0)`);
  // The report reads the structure at the sweep's max-prunable point, which can be any point.
  const structure = object(
    { hidden: count, inputDim: count, functionalHidden: number, aliveInputs: number },
    { aliveHidden: number, keptPerTensor: record(number) },
  );
  for (const [i, p] of points.entries()) structure(p.structure, `${at}.points[${i}].structure`);
};

/** A structured (group) sweep: G groups with their importance; one point removes nothing. */
const groupSweep: Check = (v, at) => {
  object({
    group: string,
    score: string,
    groups: count,
    importance: array(number),
    points: array(
      object(
        { removed: count, left: count, keptWeights: number, metrics: metrics() },
        { removedGroups: array(count) },
      ),
      { nonEmpty: true },
    ),
  })(v, at);
  const g = v as { groups: number; importance: unknown[]; points: Array<{ removed: number }> };
  if (g.importance.length !== g.groups)
    throw new Invalid(`${at}.importance has ${g.importance.length} values for ${g.groups} groups`);
  if (!g.points.some((p) => p.removed === 0))
    throw new Invalid(`${at}.points has no intact point (0 removed)`);
};

const candidate = object(
  {
    cell: string,
    readout: string,
    hidden: number,
    learningRate: number,
    klWeight: number,
    epoch: number,
    validationNll: number,
    validationMacroF1: number,
    testNll: number,
    testMacroF1: number,
  },
  { stoppedBy: string, trainElbo: number },
);

/** The choice among a run's candidates: every index must name one of them. */
const selection: Check = (v, at) => {
  object(
    {
      selectBy: string,
      tune: string,
      chosen: count,
      candidates: array(candidate, { nonEmpty: true }),
      byValidationNll: count,
    },
    { elboVsValidation: number, byElbo: count },
  )(v, at);
  const s = v as Record<string, unknown> & { candidates: unknown[] };
  for (const key of ['chosen', 'byValidationNll', 'byElbo']) {
    const i = s[key];
    if (typeof i === 'number' && i >= s.candidates.length)
      throw new Invalid(`${at}.${key} is ${i}, but there are ${s.candidates.length} candidates`);
  }
};

const indices = array(count);

const run = object(
  { id: string, row: string, seed: integer, test: metrics({ accuracy: finite, macroF1: finite }) },
  {
    seconds: number,
    validation: metrics(),
    history: array(epochRecord),
    stoppedBy: string,
    sweeps: object({}, { snr: sweep, magnitude: sweep }),
    groupSweeps: object({ input: groupSweep, unit: groupSweep }),
    klWeight: number,
    klSelection: array(object({ klWeight: number, validationMacroF1: number }, { validationNll: number })),
    encoder: object({ cell: string, readout: string, hidden: number, learningRate: number }),
    selection,
    maxPrunable: object({}, { snr: number, magnitude: number }),
    validatedPruning: object(
      { score: string, threshold: number, keptFraction: number, testMacroF1: number, testDrop: number },
      {
        testLogLikChange: number,
        liveUnits: indices,
        liveInputs: indices,
        denseBytes: number,
        compactBytes: number,
      },
    ),
    logAlphaRule: object({
      threshold: number,
      keptFraction: number,
      testMacroF1: number,
      testDrop: number,
      testLogLikChange: number,
    }),
    evidence: object({ inputs: indices, units: indices }),
    groupVariances: object({ inputs: array(number), units: array(number) }),
    lambda: record(array(number)),
    planted: object(
      { keptFraction: finite, aliveInputs: indices, precision: finite, recall: finite },
      { liveUnits: count, unitPrecision: finite, unitRecall: finite },
    ),
  },
);

/**
 * The per-tensor λ of a run with structured sweeps must fit the layout they imply (m inputs and n
 * units from the sweeps, K classes from `c`): the report rebuilds the layout from them.
 */
function checkLambda(r: Record<string, unknown>, at: string): void {
  const l = r.lambda as Record<string, unknown[]> | undefined | null;
  const g = r.groupSweeps as { unit: { groups: number } } | undefined | null;
  if (!l || !g || !l.W || !l.U || !l.b || !l.V || !l.c) return;
  const n = g.unit.groups;
  const k = l.c.length;
  const f = k === 0 ? Number.NaN : l.V.length / k - 2 * n;
  if (!(Number.isInteger(f) && f >= 0))
    throw new Invalid(
      `${at}.lambda.V has ${l.V.length} values, which is no (2·${n} units + features) × ${k} classes`,
    );
}

/**
 * The seeds of a row are summarised encoder by encoder (cell/readout, hidden, learning rate): when
 * every run of a row has a selection, each must have tried the same encoders.
 */
function checkSameEncoders(runs: ReadonlyArray<Record<string, unknown>>): void {
  const byRow = new Map<unknown, number[]>();
  for (const [i, r] of runs.entries()) byRow.set(r.row, [...(byRow.get(r.row) ?? []), i]);
  for (const [row, indices] of byRow) {
    const selections = indices.map((i) => (runs[i] as { selection?: { candidates: Candidate[] } }).selection);
    if (selections.some((s) => !s)) continue;
    const keys = selections.map((s) =>
      [
        ...new Set(
          (s?.candidates ?? []).map((c) => `${c.cell}/${c.readout} n=${c.hidden} lr=${c.learningRate}`),
        ),
      ]
        .sort()
        .join('; '),
    );
    const odd = keys.findIndex((k) => k !== keys[0]);
    if (odd > 0)
      throw new Invalid(
        `runs[${indices[odd]}].selection.candidates try encoders ${keys[odd]}, runs[${indices[0]}] of the same row (${String(row)}) ${keys[0]}`,
      );
  }
}

type Candidate = { cell: unknown; readout: unknown; hidden: unknown; learningRate: unknown };

/**
 * Parses and checks a results.json; `source` names the file in errors.
 * @throws Error `<source>: <path> is <value>, not <what>` for anything `report` could not use.
 */
export function parseResultsFile(text: string, source: string): SweepResultsFile {
  let value: SweepResultsFile;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  // A sweep writes a few levels; far deeper is damage, and would overflow the stack of the
  // JSON.stringify that writes the file back.
  if (depthOver(value, 32)) throw new Error(`${source}: nested more than 32 levels deep`);
  if (!isObject(value) || value.format !== 'vb-sweep-results')
    throw new Error(
      `${source}: not a vb-cli sweep results file (format ${JSON.stringify(isObject(value) ? value.format : value) ?? 'missing'})`,
    );
  if (value.version !== 1)
    throw new Error(
      `${source}: results version ${JSON.stringify(value.version)}; this vb-cli reads version 1`,
    );
  if (!Array.isArray(value.runs) || !Array.isArray(value.table))
    throw new Error(`${source}: missing runs or table`);
  if (!isObject(value.data) || typeof value.data.name !== 'string')
    throw new Error(`${source}: data.name is missing`);
  try {
    object(
      {
        createdAt: string,
        tool: object({ version: string, node: string, engine: string }),
        command: array(string),
        data: object(
          { name: string, description: string },
          {
            majorityMacroF1: number,
            scored: boolean,
            planted: object({ usedInputs: indices, teacherHidden: count }),
          },
        ),
      },
      { rows: array(string), stages: record(number), figures: array(string), settings: object({}) },
    )(value, 'results');
    value.runs.forEach((r, i) => {
      const at = `runs[${i}]`;
      try {
        run(r, at);
        checkLambda(r as unknown as Record<string, unknown>, at);
      } catch (e) {
        // `runs[3] (rnn.seed2): test.macroF1 is null, …`: the run by index and id, then the field.
        const id = (r as { id?: unknown } | null)?.id;
        if (!(e instanceof Invalid) || typeof id !== 'string' || !e.message.startsWith(`${at}.`)) throw e;
        throw new Invalid(`${at} (${id}): ${e.message.slice(at.length + 1)}`);
      }
    });
    checkSameEncoders(value.runs as unknown as Array<Record<string, unknown>>);
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    const path = e.message.startsWith('results.') ? e.message.slice('results.'.length) : e.message;
    throw new Error(`${source}: ${path}`);
  }
  return value;
}
