/**
 * One sweep per output folder: an exclusive lock file (`<out>/.vb-sweep.lock`, created with
 * O_EXCL) naming its owner — pid, host, start time, and on Linux the boot, the pid namespace and
 * the process's start tick, so a reused pid or a restarted container is told apart from the owner.
 * A second sweep into the same folder is refused while the owner runs.
 *
 * The owner refreshes the lock's modification time every few seconds from a worker thread (so a
 * long run on the main thread with `--jobs 1` does not stop it). A lock is taken over when
 *  - its owner is provably gone: same host and pid namespace, and the pid has exited or now
 *    belongs to another process (start tick differs, or it is our own pid), or the host rebooted;
 *  - it has not been refreshed for VB_LOCK_STALE_AFTER seconds (300 by default): the only test
 *    possible for an owner on another host (shared storage: a Slurm task requeued on another
 *    node) or in another container with the same hostname (a Kubernetes pod retried);
 *  - the user says so (`--take-over-lock`): for a scheduler that runs one copy of a shard at a
 *    time and restarts it at once.
 *
 * Shards of one sweep (`--shard i/N`) may share a folder: each takes its own lock file
 * (`<out>/.vb-sweep.shard-i-of-N.lock`), so two processes of the same shard still exclude each
 * other, and a shard refuses a folder in which an unsharded sweep (or shards of another split)
 * run — and an unsharded sweep refuses a folder in which shards run.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export const LOCK_FILE = '.vb-sweep.lock';

/** Seconds without a refresh after which a lock is stale (environment VB_LOCK_STALE_AFTER). */
export const DEFAULT_LOCK_STALE_AFTER = 300;

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  /** Unique per lock taken: the owner checks on each refresh that the file is still its own. */
  token?: string;
  /** Linux: /proc/sys/kernel/random/boot_id of the owner's host. */
  boot?: string;
  /** Linux: the owner's pid namespace (readlink /proc/self/ns/pid). */
  pidNamespace?: string;
  /** Linux: the owner's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTick?: string;
}

export interface LockOptions {
  /** Called with a one-line notice when a stale lock is taken over. */
  onStale?: (message: string) => void;
  /** Called when the lock file is found removed or replaced by another process while we run. */
  onLost?: (message: string) => void;
  shard?: { index: number; count: number };
  /** Take over whatever lock the folder holds (`--take-over-lock`). */
  takeOver?: boolean;
  /** Seconds without a refresh after which a lock is stale (default: VB_LOCK_STALE_AFTER or 300). */
  staleAfter?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The start tick of a process (Linux), undefined where /proc does not say. */
function startTickOf(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // Field 2 (the command) may hold spaces and parentheses: the fields after it follow the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function identity(): LockInfo {
  return {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    token: randomUUID(),
    boot: readText('/proc/sys/kernel/random/boot_id'),
    pidNamespace: pidNamespace(),
    startTick: startTickOf(process.pid),
  };
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

function staleAfterSeconds(given: number | undefined): number {
  if (given !== undefined) return given;
  const env = process.env.VB_LOCK_STALE_AFTER;
  if (env === undefined || env === '') return DEFAULT_LOCK_STALE_AFTER;
  const s = Number(env);
  if (!Number.isFinite(s) || s <= 0)
    throw new Error(`VB_LOCK_STALE_AFTER is '${env}', not a number of seconds > 0`);
  return s;
}

/** Seconds between refreshes: well inside the stale limit (a quarter of it, at most 30 s). */
function refreshEvery(staleAfter: number): number {
  return Math.max(0.05, Math.min(30, staleAfter / 4));
}

/** The tokens of the locks this process holds. */
const held = new Set<string>();

type Verdict = { live: true; why: string } | { live: false; why: string };

/** Whether the owner of a lock file still runs, as far as this process can tell. */
function judge(path: string, other: LockInfo | undefined, me: LockInfo, staleAfter: number): Verdict {
  if (!other) return { live: false, why: 'unreadable lock file' };
  let age: number;
  try {
    age = (Date.now() - statSync(path).mtimeMs) / 1000;
  } catch {
    return { live: false, why: 'lock file gone' };
  }
  const owner = `pid ${other.pid} on ${other.host}, since ${other.started}`;
  if (age > staleAfter) return { live: false, why: `${owner}: not refreshed for ${Math.round(age)} s` };
  if (other.host !== me.host) return { live: true, why: `${owner}, refreshed ${Math.round(age)} s ago` };
  if (other.boot && me.boot && other.boot !== me.boot)
    return { live: false, why: `${owner}: the host has rebooted since` };
  if (other.pidNamespace && me.pidNamespace && other.pidNamespace !== me.pidNamespace)
    // Another container with our hostname: its pids mean nothing here; only the refresh tells.
    return { live: true, why: `${owner} (another container), refreshed ${Math.round(age)} s ago` };
  if (other.pid === me.pid)
    return other.token !== undefined && held.has(other.token)
      ? { live: true, why: `${owner} (this process)` }
      : { live: false, why: `${owner}: that pid is this process now` };
  if (!alive(other.pid)) return { live: false, why: `${owner}: the process is gone` };
  if (other.startTick !== undefined) {
    const tick = startTickOf(other.pid);
    if (tick !== undefined && tick !== other.startTick)
      return { live: false, why: `${owner}: the pid now belongs to another process` };
  }
  return { live: true, why: owner };
}

const SHARD_LOCK = /^\.vb-sweep\.shard-(\d+)-of-(\d+)\.lock$/;

export function shardLockFile(shard: { index: number; count: number }): string {
  return `.vb-sweep.shard-${shard.index}-of-${shard.count}.lock`;
}

/** The lock files in `out` that exclude the owner of `mine`, with a live (or unverifiable) owner. */
function conflicting(
  out: string,
  mine: string,
  me: LockInfo,
  shardCount: number | undefined,
  staleAfter: number,
): string[] {
  const found: string[] = [];
  for (const f of readdirSync(out)) {
    if (f === mine) continue;
    const m = SHARD_LOCK.exec(f);
    const excludes =
      shardCount === undefined ? m !== null : f === LOCK_FILE || (m !== null && Number(m[2]) !== shardCount);
    if (!excludes) continue;
    const path = join(out, f);
    const verdict = judge(path, readLock(path), me, staleAfter);
    if (verdict.live) found.push(`${f} (${verdict.why})`);
  }
  return found;
}

/**
 * The refresher: a worker thread that sets the lock file's modification time every `every`
 * seconds while the file still holds our token, and reports once if it does not.
 */
const REFRESHER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { path, token, every } = workerData;
const timer = setInterval(() => {
  let text;
  try { text = fs.readFileSync(path, 'utf8'); } catch { text = undefined; }
  let owner;
  try { owner = text === undefined ? undefined : JSON.parse(text).token; } catch { owner = undefined; }
  if (owner !== token) {
    clearInterval(timer);
    parentPort.postMessage(text === undefined ? 'removed' : 'replaced');
    return;
  }
  const now = new Date();
  try { fs.utimesSync(path, now, now); } catch {}
}, every * 1000);
`;

/**
 * Takes the lock of `out` (creating the folder) — of one shard when `options.shard` is given;
 * returns the function that releases it.
 */
export function lockOutput(out: string, options: LockOptions = {}): () => void {
  const { shard, takeOver = false } = options;
  const staleAfter = staleAfterSeconds(options.staleAfter);
  mkdirSync(out, { recursive: true });
  const name = shard ? shardLockFile(shard) : LOCK_FILE;
  const path = join(out, name);
  const me = identity();
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
    }
    const seen = readText(path);
    if (seen === undefined) continue; // removed meanwhile: try again
    const verdict = judge(path, readLock(path), me, staleAfter);
    if (verdict.live && !takeOver) {
      throw new Error(
        `--out ${out}: another vb-cli sweep holds ${name} (${verdict.why}); wait for it to finish or choose another --out. A lock not refreshed for ${staleAfter} s (VB_LOCK_STALE_AFTER) is taken over; --take-over-lock takes it now, if you know that sweep is gone`,
      );
    }
    // Move the stale lock aside (atomic), then check it is the one judged: a second process taking
    // over at the same time may have put a fresh lock there in between — that one goes back.
    const aside = `${path}.${me.token}.stale`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    if (readText(aside) !== seen) {
      try {
        linkSync(aside, path);
      } catch {
        // a newer lock is in place already
      }
      rmSync(aside, { force: true });
      continue;
    }
    rmSync(aside, { force: true });
    options.onStale?.(
      `--out ${out}: taking over the lock of a sweep that is gone (${name}: ${verdict.live ? `${verdict.why}; --take-over-lock` : verdict.why})`,
    );
  }
  held.add(me.token as string);
  const refresher = new Worker(REFRESHER, {
    eval: true,
    workerData: { path, token: me.token, every: refreshEvery(staleAfter) },
  });
  refresher.unref();
  refresher.on('message', (what: string) =>
    options.onLost?.(
      `--out ${out}: the lock file ${name} was ${what} by another process while this sweep runs; another sweep may be writing into the same folder`,
    ),
  );
  const release = () => {
    void refresher.terminate();
    held.delete(me.token as string);
    if (readLock(path)?.token === me.token) rmSync(path, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  const others = conflicting(out, name, me, shard?.count, staleAfter);
  if (others.length > 0) {
    release();
    throw new Error(
      shard
        ? `--out ${out}: shard ${shard.index}/${shard.count} cannot share the folder with ${others.join(', ')} (an unsharded sweep, or shards of another split); choose another --out`
        : `--out ${out}: shards of a sweep are writing there (${others.join(', ')}); wait for them and run vb-cli merge, or choose another --out`,
    );
  }
  return release;
}
