/** The sweep's figures (filled in below once @vb/viz is wired). */
import type { TableRow } from './aggregate.js';
import type { SweepData } from './data.js';
import type { RunResult } from './run.js';

export function writeFigures(_out: string, _results: RunResult[], _table: TableRow[], _data: SweepData): string[] {
  return [];
}
