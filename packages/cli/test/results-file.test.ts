/**
 * How results.json is written (resultsFileText): plain JSON that parses to what JSON.stringify
 * would give, the top-level fields indented, each run compact on a line of its own.
 */
import { describe, expect, it } from 'vitest';
import { resultsFileText, type SweepResultsFile } from '../src/sweep/results-file.js';

/** A results object with what JSON writes in its own way: newlines and U+2028 in strings, NaN, undefined. */
function sample(runs: unknown[]): SweepResultsFile {
  return {
    format: 'vb-sweep-results',
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    tool: { name: 'vb-cli', version: '0.1.0', node: 'v20.0.0', engine: 'wasm-simd128', jobs: 2 },
    command: ['sweep', '--out', 'a\nb'],
    settings: { seeds: [1, 2] } as unknown as SweepResultsFile['settings'],
    rows: ['RNN'],
    data: {
      name: 'builtin',
      description: 'line one\nline two \u2028 "quoted"',
      stats: { nested: { deep: [1, [2, { x: Number.NaN }]] } },
      planted: null,
      majorityMacroF1: 0.1,
      scored: undefined,
    },
    stages: { total: 1.5 },
    table: [],
    runs: runs as SweepResultsFile['runs'],
    figures: ['report.html'],
  };
}

const RUNS = [
  { id: 'rnn.seed1', row: 'RNN', seed: 1, test: { macroF1: 0.5, pearson: Number.NaN }, note: 'a\nb' },
  {
    id: 'rnn.seed2',
    row: 'RNN',
    seed: 2,
    test: { macroF1: 0.25, extra: undefined },
    history: [{ epoch: 1 }],
  },
];

describe('resultsFileText', () => {
  it('parses to the same value as JSON.stringify writes', () => {
    for (const runs of [RUNS, []]) {
      const r = sample(runs);
      expect(JSON.parse(resultsFileText(r))).toEqual(JSON.parse(JSON.stringify(r)));
    }
  });

  it('writes each run on one line and every top-level field on lines of its own', () => {
    const text = resultsFileText(sample(RUNS));
    const lines = text.split('\n');
    expect(lines[0]).toBe('{');
    expect(lines).toContain(' "format": "vb-sweep-results",');
    expect(lines).toContain(' "runs": [');
    expect(lines).toContain(`${JSON.stringify(RUNS[0])},`);
    expect(lines).toContain(JSON.stringify(RUNS[1]));
    expect(lines).toContain(' ],');
    // The other fields are indented, one value per line (as JSON.stringify(…, null, 1) one level in).
    expect(lines).toContain('  "engine": "wasm-simd128",');
    expect(text.endsWith('\n}\n')).toBe(true);
    expect(resultsFileText(sample([]))).toContain('\n "runs": [],\n');
  });

  it('is much smaller than the indented file for runs with long curves', () => {
    const run = {
      id: 'x',
      row: 'RNN',
      seed: 1,
      points: Array.from({ length: 200 }, (_, i) => ({ t: i, m: { f: i / 3 } })),
    };
    const r = sample(Array.from({ length: 20 }, () => run));
    expect(resultsFileText(r).length).toBeLessThan(0.5 * JSON.stringify(r, null, 1).length);
  });
});
