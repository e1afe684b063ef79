/** The shape of `results.json`, written by `vb-cli sweep` and read by `vb-cli report`. */
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

/** Parses and checks a results.json; `source` names the file in errors. */
export function parseResultsFile(text: string, source: string): SweepResultsFile {
  let value: SweepResultsFile;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (value?.format !== 'vb-sweep-results')
    throw new Error(`${source}: not a vb-cli sweep results file (format ${JSON.stringify(value?.format)})`);
  if (value.version !== 1)
    throw new Error(`${source}: results version ${value.version}; this vb-cli reads version 1`);
  if (!Array.isArray(value.runs) || !Array.isArray(value.table))
    throw new Error(`${source}: missing runs or table`);
  if (typeof value.data?.name !== 'string') throw new Error(`${source}: data.name is missing`);
  // `report` re-aggregates the runs: every number it averages must be there and finite.
  value.runs.forEach((r, i) => {
    const at = `${source}: runs[${i}]${typeof r?.id === 'string' ? ` (${r.id})` : ''}`;
    if (typeof r?.id !== 'string' || typeof r.row !== 'string' || !Number.isInteger(r.seed)) {
      throw new Error(`${at}: needs a string id and row and an integer seed`);
    }
    for (const key of ['macroF1', 'accuracy'] as const) {
      const v = r.test?.[key];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new Error(`${at}: test.${key} is ${JSON.stringify(v)}, not a finite number`);
    }
  });
  return value;
}
