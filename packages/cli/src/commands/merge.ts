/**
 * `vb-cli merge DIR… --out DIR`: joins the run files of a sharded sweep (`vb-cli sweep --shard i/N`)
 * into the results of the whole sweep — the same results.json, tables, figures and report.html as
 * an unsharded sweep — after checking that every run is there exactly once, made with the same
 * settings and data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { lockOutput } from '../sweep/out-lock.js';
import { writeSweepOutputs } from '../sweep/outputs.js';
import { type RunFile, runsDir, type SweepContext } from '../sweep/resume.js';
import type { RunResult } from '../sweep/run.js';
import { sweepSpecs } from '../sweep/shard.js';
import { UsageError } from '../usage-error.js';

interface Found {
  path: string;
  file: RunFile & { sweep: SweepContext };
}

/** What must agree between shards: the context without the per-process parts. */
function comparable(c: SweepContext): unknown {
  const { vectorCache: _cache, ...stats } = c.data.stats;
  return { settings: c.settings, rows: c.rows, data: { ...c.data, stats }, version: c.version };
}

/** The first path (`settings.rnn.epochs`) at which `a` and `b` differ, with both values; undefined if equal. */
export function firstDifference(
  a: unknown,
  b: unknown,
  at = '',
): { at: string; a: unknown; b: unknown } | undefined {
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k,
      );
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b)
    ? undefined
    : { at: at || '(everything)', a, b };
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'missing' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function list(items: string[], most = 8): string {
  return items.length <= most
    ? items.join(', ')
    : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

/** Reads every run file of `dirs`; throws naming the unreadable ones. */
function readRunFiles(dirs: string[], shown: (p: string) => string): Found[] {
  const found: Found[] = [];
  for (const dir of dirs) {
    const rd = runsDir(dir);
    if (!existsSync(rd))
      throw new Error(`${shown(dir)} holds no runs/ folder (not the --out of a vb-cli sweep)`);
    for (const f of readdirSync(rd)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const path = join(rd, f);
      let file: RunFile;
      try {
        file = JSON.parse(readFileSync(path, 'utf8')) as RunFile;
      } catch (e) {
        throw new Error(`cannot read ${shown(path)}: ${(e as Error).message}`);
      }
      if (typeof file?.fingerprint !== 'string' || typeof file.result?.id !== 'string')
        throw new Error(`${shown(path)} is not a vb-cli run file`);
      if (!file.sweep)
        throw new Error(
          `${shown(path)} was written by a vb-cli without the sweep's settings in its run files; re-run that shard (--resume reuses nothing from it) with this vb-cli`,
        );
      found.push({ path, file: file as Found['file'] });
    }
  }
  return found;
}

export interface MergeOptions {
  out: string;
  takeOverLock?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export async function runMerge(dirArgs: string[], opts: MergeOptions): Promise<void> {
  const started = performance.now();
  const cwd = process.cwd();
  const shown = (p: string) => relative(cwd, p) || '.';
  const dirs = [...new Set(dirArgs.map((d) => resolve(d)))];
  const out = resolve(opts.out);
  // Not while a sweep or shards still write into --out.
  const lock = lockOutput(out, {
    takeOver: opts.takeOverLock === true,
    onStale: (m) => process.stderr.write(`${m}\n`),
    onLost: (m) => process.stderr.write(`warning: ${m}\n`),
  });
  try {
    const t = performance.now();
    const files = readRunFiles(dirs, shown);
    if (files.length === 0) throw new Error(`no run files in ${list(dirs.map(shown))}`);
    // The reference: the settings most run files share (ties: the first folder's), so the odd shard is named.
    const keyOf = (f: Found) => `${f.file.fingerprint} ${show(f.file.sweep.rows)}`;
    const votes = new Map<string, number>();
    for (const f of files) votes.set(keyOf(f), (votes.get(keyOf(f)) ?? 0) + 1);
    const ref = files.reduce((best, f) =>
      (votes.get(keyOf(f)) ?? 0) > (votes.get(keyOf(best)) ?? 0) ? f : best,
    );
    // The same settings and data everywhere: name the setting and the files that differ.
    const refView = comparable(ref.file.sweep);
    const conflicts = new Map<string, { detail: string; paths: string[] }>();
    for (const f of files) {
      if (keyOf(f) === keyOf(ref)) continue;
      const d = firstDifference(refView, comparable(f.file.sweep));
      const key = d ? `${d.at}: ${show(d.b)}` : `fingerprint ${f.file.fingerprint}`;
      const detail = d
        ? `${d.at} is ${show(d.b)} there but ${show(d.a)} in ${shown(ref.path)}`
        : `fingerprint ${f.file.fingerprint} there but ${ref.file.fingerprint} in ${shown(ref.path)}`;
      const c = conflicts.get(key) ?? { detail, paths: [] };
      c.paths.push(shown(f.path));
      conflicts.set(key, c);
    }
    if (conflicts.size > 0)
      throw new Error(
        `the shards were not made with the same settings: ${[...conflicts.values()]
          .map((c) => `${list(c.paths, 4)} (${c.detail})`)
          .join('; ')}`,
      );
    // Every run of the sweep exactly once.
    const { settings, rows, data } = ref.file.sweep;
    const specs = sweepSpecs(rows, settings.seeds);
    const expected = new Set(specs.map((s) => s.id));
    const byId = new Map<string, Found>();
    const duplicated: string[] = [];
    const unexpected: string[] = [];
    for (const f of files) {
      const id = f.file.result.id;
      if (!expected.has(id)) unexpected.push(shown(f.path));
      const seen = byId.get(id);
      if (seen) duplicated.push(`${id} (${shown(seen.path)} and ${shown(f.path)})`);
      else byId.set(id, f);
    }
    if (unexpected.length > 0)
      throw new Error(`run files that are not runs of this sweep (rows or seeds): ${list(unexpected)}`);
    // Shards split by different vb-cli versions' plans overlap and leave gaps: say so.
    const plans = [...new Set(files.map((f) => f.file.sweep.shard?.plan ?? '(none)'))];
    const planHint =
      plans.length > 1
        ? `; the run files come from shards split by different shard plans (${plans.join(', ')}; "(none)": an unsharded sweep or a vb-cli before the plan was recorded), whose shares do not add up — run every shard with the same vb-cli`
        : '';
    if (duplicated.length > 0)
      throw new Error(
        `runs present more than once (shards overlap, or a folder was given twice under different names): ${list(duplicated)}${planHint}`,
      );
    const missing = specs.filter((s) => !byId.has(s.id)).map((s) => s.id);
    if (missing.length > 0)
      throw new Error(
        `${missing.length} of ${specs.length} runs are missing (a shard not finished or not given?): ${list(missing, 20)}${planHint}`,
      );
    const results: RunResult[] = specs.map((s) => (byId.get(s.id) as Found).file.result);
    const stages: Record<string, number> = { merge: (performance.now() - t) / 1000 };
    if (!opts.quiet && !opts.json)
      process.stderr.write(
        `merge: ${files.length} runs from ${dirs.length} folder${dirs.length === 1 ? '' : 's'}\n`,
      );
    lock.assertHeld();
    await writeSweepOutputs(
      { out, settings, rows, data, results, jobs: ref.file.sweep.jobs, stages, started },
      { json: opts.json, quiet: opts.quiet },
    );
  } finally {
    lock.release();
  }
}

export function mergeCommand(): Command {
  return new Command('merge')
    .argument('<dirs...>', 'folders of the shards (their --out; one shared folder is fine)')
    .description(
      'Join the run files of a sharded sweep (vb-cli sweep --shard i/N) into the results of the whole sweep: checks that every run is present exactly once and made with the same settings and data (names the missing, duplicated or conflicting runs), then writes the same results.json, table.md, table.csv, curves.csv, figures and report.html as an unsharded sweep.',
    )
    .requiredOption('-o, --out <dir>', "output folder (may be the shards' shared folder)")
    .option(
      '--take-over-lock',
      "take over --out's lock now, even if its owner looks alive (a merge killed on another node; a lock not refreshed for VB_LOCK_STALE_AFTER seconds, 300 by default, is taken over anyway)",
    )
    .option('--json', 'print the results (results.json) to stdout instead of the table')
    .option('-q, --quiet', 'no stage times or file list; the table still prints (--json for JSON only)')
    .addHelpText(
      'after',
      `
Examples:
  $ vb-cli sweep --shard 1/2 --out s1 && vb-cli sweep --shard 2/2 --out s2
  $ vb-cli merge s1 s2 --out results
  $ vb-cli merge shared --out shared          # shards that wrote into one folder
Exit codes: 0 merged; 1 missing, duplicated or conflicting runs (named); 2 usage error.`,
    )
    .action(async (dirs: string[], o: MergeOptions) => {
      if (dirs.length === 0) throw new UsageError('give the folders of the shards');
      await runMerge(dirs, o);
    });
}
