/**
 * `--resume`: every finished run is stored as `<out>/runs/<id>.json` together with a fingerprint
 * of the settings and data it was made with; a resumed sweep reuses exactly the runs whose
 * fingerprint matches and recomputes the rest.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutput } from '../io/atomic.js';
import type { SweepResultsFile } from './results-file.js';
import type { RowName } from './rows.js';
import type { RunResult } from './run.js';
import type { SweepSettings } from './settings.js';

/**
 * The shared settings of a sweep, stored in every run file beside the fingerprint, so that
 * `vb-cli merge` can rebuild the sweep's results from run files alone (no data loading) and name
 * the setting in which a shard differs.
 */
export interface SweepContext {
  settings: SweepSettings;
  rows: RowName[];
  data: SweepResultsFile['data'];
  version: string;
  /** `--jobs` of the sweep (or shard) that made the run. */
  jobs: number;
  /** The shard that made the run, and the plan that split the sweep (absent: unsharded, or older). */
  shard?: { index: number; count: number; plan: string };
}

/** The contents of `<out>/runs/<id>.json`. `sweep` is absent in files of older vb-cli versions. */
export interface RunFile {
  fingerprint: string;
  result: RunResult;
  sweep?: SweepContext;
}

/** FNV-1a over a JSON serialisation: enough to tell settings apart, not a security measure. */
export function fingerprint(value: unknown): string {
  const s = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function runsDir(out: string): string {
  return join(out, 'runs');
}

export async function saveRun(
  out: string,
  print: string,
  result: RunResult,
  sweep?: SweepContext,
): Promise<void> {
  const file: RunFile = { fingerprint: print, result, ...(sweep ? { sweep } : {}) };
  await writeOutput(join(runsDir(out), `${result.id}.json`), JSON.stringify(file));
}

/** Finished runs in `out` made with the same fingerprint. Unreadable files are reported and ignored. */
export function loadRuns(
  out: string,
  print: string,
  warn: (msg: string) => void,
  /** Only these run ids (a shard's share); the other files are left alone, unread. */
  only?: Set<string>,
): Map<string, RunResult> {
  const found = new Map<string, RunResult>();
  const dir = runsDir(out);
  if (!existsSync(dir)) return found;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    if (only && !only.has(f.slice(0, -'.json'.length))) continue;
    try {
      const { fingerprint: p, result } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
        fingerprint: string;
        result: RunResult;
      };
      if (p === print) found.set(result.id, result);
      else warn(`--resume: ${join(dir, f)} was made with other settings; it will be recomputed`);
    } catch (e) {
      warn(`--resume: cannot read ${join(dir, f)} (${(e as Error).message}); it will be recomputed`);
    }
  }
  return found;
}

/**
 * A fresh (not resumed) sweep: removes the finished runs and the previous results.json, so
 * nothing in `out` can be mistaken for a result of the new settings while it runs.
 */
/** What of an earlier sweep `out` holds ("results.json, 7 run files"), or undefined when nothing. */
export function previousResults(out: string): string | undefined {
  const parts: string[] = [];
  if (existsSync(join(out, 'results.json'))) parts.push('results.json');
  const dir = runsDir(out);
  const runs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
  if (runs > 0) parts.push(`${runs} run file${runs === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Removes an earlier sweep's runs and outputs from `out` (a fresh sweep must not leave them beside its own). */
export function clearRuns(out: string): void {
  rmSync(runsDir(out), { recursive: true, force: true });
  rmSync(join(out, 'results.json'), { force: true });
  if (existsSync(out)) {
    for (const f of readdirSync(out)) {
      if (['table.md', 'table.csv', 'curves.csv', 'report.html'].includes(f) || f.endsWith('.svg'))
        rmSync(join(out, f), { force: true });
    }
  }
  mkdirSync(runsDir(out), { recursive: true });
}

/**
 * A fresh shard: removes only the run files of its own share (other shards may be writing theirs
 * into the same folder) and the combined outputs of an earlier merge, which the new runs outdate.
 */
export function clearShardRuns(out: string, ids: Iterable<string>): void {
  for (const id of ids) rmSync(join(runsDir(out), `${id}.json`), { force: true });
  rmSync(join(out, 'results.json'), { force: true });
  mkdirSync(runsDir(out), { recursive: true });
}
