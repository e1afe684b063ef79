/**
 * The combined outputs of a sweep — results.json, table.md/.csv, curves.csv, the figures and
 * report.html — from its runs: written by `vb-cli sweep` and, from shards' run files, `vb-cli merge`.
 */
import { simdPath } from '@vb/core';
import { writeOutput } from '../io/atomic.js';
import { VERSION } from '../version.js';
import { aggregate, type PlantedTruth } from './aggregate.js';
import { writeFigures } from './figures.js';
import { resultsFileText, type SweepResultsFile } from './results-file.js';
import type { RowName } from './rows.js';
import type { RunResult } from './run.js';
import type { SweepSettings } from './settings.js';
import { curvesCsv, sweepTablesMarkdown, tableCsv } from './tables.js';

export interface SweepOutputsInput {
  out: string;
  settings: SweepSettings;
  rows: RowName[];
  data: SweepResultsFile['data'];
  /** Every run, in sweep order. */
  results: RunResult[];
  jobs: number;
  /** Seconds per stage so far; `outputs`, `figures` and `total` are added. */
  stages: Record<string, number>;
  /** performance.now() at the start of the command (for `total`). */
  started: number;
}

/** Writes every combined output (results.json last) and prints the table as `vb-cli sweep` does. */
export async function writeSweepOutputs(
  input: SweepOutputsInput,
  print: { json?: boolean; quiet?: boolean },
): Promise<SweepResultsFile> {
  const { out, settings, rows, data, results, stages, started } = input;
  let t = performance.now();
  const lap = (name: string, since: number) => {
    stages[name] = (performance.now() - since) / 1000;
    return performance.now();
  };
  const table = aggregate(results, data.planted as PlantedTruth | null);
  const report: SweepResultsFile = {
    format: 'vb-sweep-results',
    version: 1,
    createdAt: new Date().toISOString(),
    tool: { name: 'vb-cli', version: VERSION, node: process.version, engine: simdPath(), jobs: input.jobs },
    command: process.argv.slice(2),
    settings,
    rows,
    data,
    stages,
    table,
    runs: results,
    figures: [],
  };
  const tables = sweepTablesMarkdown(table, {
    dataName: data.name,
    majorityMacroF1: data.majorityMacroF1,
    scores: data.scored === true,
  });
  await writeOutput(`${out}/table.md`, tables);
  await writeOutput(`${out}/table.csv`, tableCsv(table));
  await writeOutput(`${out}/curves.csv`, curvesCsv(results));
  t = lap('outputs', t);
  report.figures = await writeFigures(out, report);
  t = lap('figures', t);
  stages.total = (performance.now() - started) / 1000;
  // Last: results.json appears only once everything it lists exists.
  const text = resultsFileText(report);
  await writeOutput(`${out}/results.json`, text);
  const figures = report.figures;
  if (print.json) {
    // The same text as results.json (each run on one line: fast for thousands of runs).
    process.stdout.write(text);
    return report;
  }
  // --quiet hides the progress and the stage times, never the results: the table always prints.
  process.stdout.write(`\n${data.description}\n\n${tables}\n`);
  if (!print.quiet) {
    process.stdout.write(
      `Stage times (s): ${Object.entries(stages)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}\n`,
    );
    process.stdout.write(
      `Outputs in ${out}: results.json, table.md, table.csv, curves.csv, ${figures.join(', ')}\n`,
    );
  }
  return report;
}
