/**
 * Sharded sweeps: `vb-cli sweep --shard i/N` runs only its share of the runs, so N machines (a
 * Slurm job array, a Kubernetes Indexed Job, a CI matrix) split one sweep; `vb-cli merge` joins
 * their run files into the results of the whole sweep.
 *
 * Shards are numbered from 1 (`--shard 1/2`, `--shard 2/2`). Without `--shard`, the shard is read
 * from the environment, first match wins:
 * - Slurm job arrays: `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` (0 when unset) + 1 of
 *   `SLURM_ARRAY_TASK_COUNT`;
 * - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based) + 1 of `VB_SHARD_COUNT` (Kubernetes
 *   does not export the completion count: set it to `spec.completions`);
 * - CI matrices and anything else: `VB_SHARD_INDEX` (1-based, like `--shard`) of `VB_SHARD_COUNT`.
 * `--shard off` runs the whole sweep whatever the environment says.
 */
import { UsageError } from '../usage-error.js';
import type { RowName } from './rows.js';
import { isRnnRow, runId } from './rows.js';
import type { RunSpec } from './run.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
  /** Where it came from: "--shard", "SLURM_ARRAY_TASK_ID", … (for messages). */
  source: string;
}

function whole(text: string | undefined, what: string, min: number): number {
  const t = (text ?? '').trim();
  if (!/^\d+$/.test(t)) throw new UsageError(`${what} is "${text ?? ''}", not a whole number`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${what} is ${t}, not a whole number ≥ ${min}`);
  return n;
}

function checked(index: number, count: number, source: string): Shard {
  if (index < 1 || index > count)
    throw new UsageError(
      `${source}: shard ${index} of ${count} does not exist (shards are numbered 1 to ${count})`,
    );
  return { index, count, source };
}

/** `--shard i/N` (1 ≤ i ≤ N), or `off`. */
export function parseShardSpec(spec: string): Shard | 'off' {
  if (spec.trim() === 'off') return 'off';
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new UsageError(`--shard is "${spec}", not i/N (e.g. 1/4: the first of four shards) or off`);
  return checked(whole(m[1], '--shard i', 1), whole(m[2], '--shard N', 1), '--shard');
}

/** The shard the scheduler's environment names, or undefined when none does. */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  const set = (k: string) => env[k] !== undefined && env[k] !== '';
  if (set('SLURM_ARRAY_TASK_ID')) {
    if (!set('SLURM_ARRAY_TASK_COUNT'))
      throw new UsageError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard i/N');
    const id = whole(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID', 0);
    const min = set('SLURM_ARRAY_TASK_MIN') ? whole(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN', 0) : 0;
    const count = whole(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT', 1);
    return checked(id - min + 1, count, 'SLURM_ARRAY_TASK_ID');
  }
  if (set('JOB_COMPLETION_INDEX')) {
    if (!set('VB_SHARD_COUNT'))
      throw new UsageError(
        "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but VB_SHARD_COUNT is not; set it to the Job's completions",
      );
    const index = whole(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX', 0) + 1;
    return checked(index, whole(env.VB_SHARD_COUNT, 'VB_SHARD_COUNT', 1), 'JOB_COMPLETION_INDEX');
  }
  if (set('VB_SHARD_INDEX') || set('VB_SHARD_COUNT')) {
    if (!set('VB_SHARD_INDEX') || !set('VB_SHARD_COUNT'))
      throw new UsageError('set both VB_SHARD_INDEX (1-based) and VB_SHARD_COUNT, or neither');
    return checked(
      whole(env.VB_SHARD_INDEX, 'VB_SHARD_INDEX', 1),
      whole(env.VB_SHARD_COUNT, 'VB_SHARD_COUNT', 1),
      'VB_SHARD_INDEX',
    );
  }
  return undefined;
}

/** `--shard` when given, else the environment's; undefined = the whole sweep. */
export function resolveShard(
  spec: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Shard | undefined {
  if (spec !== undefined) {
    const s = parseShardSpec(spec);
    return s === 'off' ? undefined : s;
  }
  return shardFromEnv(env);
}

/** Every run of a sweep, in the order of its tables (the baselines are deterministic: one run each). */
export function sweepSpecs(rows: RowName[], seeds: number[]): RunSpec[] {
  return seeds.flatMap((seed, i) =>
    rows.filter((row) => i === 0 || isRnnRow(row)).map((row) => ({ id: runId(row, seed), row, seed })),
  );
}

/**
 * The version of the split below (its rule and the expected costs): shards split by different
 * plans do not add up, so each run file records it and `vb-cli merge` names a mixture.
 */
export const SHARD_PLAN = 'lpt/costs-2';

/**
 * The share of `shard`: longest-processing-time greedy — runs by expected cost, largest first
 * (ties in sweep order), each to the shard with the least expected work so far (ties: the lower
 * index). Deterministic: every shard computes the same split from the same settings.
 */
export function shardShare(specs: RunSpec[], cost: (s: RunSpec) => number, shard: Shard): RunSpec[] {
  const to = assignShards(specs, cost, shard.count);
  return specs.filter((_, i) => to[i] === shard.index);
}

/** The shard (1-based) of every run in `specs`, by the rule of {@link shardShare}. */
export function assignShards(specs: RunSpec[], cost: (s: RunSpec) => number, count: number): number[] {
  const order = specs.map((s, i) => ({ i, c: cost(s) })).sort((a, b) => b.c - a.c || a.i - b.i);
  const load = new Array<number>(count).fill(0);
  const to = new Array<number>(specs.length);
  for (const { i, c } of order) {
    let best = 0;
    for (let k = 1; k < count; k++) if ((load[k] as number) < (load[best] as number)) best = k;
    load[best] = (load[best] as number) + c;
    to[i] = best + 1;
  }
  return to;
}
