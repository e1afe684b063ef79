/**
 * One sweep per output folder: an exclusive lock file (`<out>/.vb-sweep.lock`) naming its owner —
 * pid, host, start time, and on Linux the boot, the pid namespace and the process's start tick,
 * so a reused pid or a restarted container is told apart from the owner. It is written in full
 * under a temporary name and hard-linked into place (atomic: nobody reads half a lock). A second
 * sweep into the same folder is refused while the owner runs.
 *
 * The owner refreshes the lock every few seconds from a worker thread (so a long run on the main
 * thread with `--jobs 1` does not stop it) by rewriting its bytes, which sets the modification
 * time from the file server's clock. A lock is taken over when
 *  - its owner is provably gone: same host, boot and pid namespace, and the pid has exited or
 *    now belongs to another process (start tick differs, or it is our own pid); on the same host
 *    only this counts — a stopped (Ctrl-Z) sweep keeps its lock;
 *  - the host rebooted since;
 *  - for an owner on another host (shared storage: a Slurm task requeued on another node) or in
 *    another container with the same hostname (a Kubernetes pod retried), where no pid can be
 *    checked: it has not been refreshed for VB_LOCK_STALE_AFTER seconds (300 by default; the age
 *    is measured against a probe file's time on the same file system, not this host's clock);
 *  - the user says so (`--take-over-lock`): for a scheduler that runs one copy of a shard at a
 *    time and restarts it at once.
 * A takeover moves the stale lock aside (atomic rename) and checks it moved the lock it judged; a
 * fresher one it raced with is put back. An owner whose lock was taken over or removed learns it
 * from its refresher and from {@link OutputLock.assertHeld}, which a sweep calls before it writes
 * its combined outputs. SIGINT and SIGTERM (Ctrl-C, a scheduler's time limit) release the lock.
 *
 * Shards of one sweep (`--shard i/N`) may share a folder: each takes its own lock file
 * (`<out>/.vb-sweep.shard-i-of-N.lock`), so two processes of the same shard still exclude each
 * other, and a shard refuses a folder in which an unsharded sweep (or shards of another split)
 * run — and an unsharded sweep refuses a folder in which shards run.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
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

export interface OutputLock {
  /** Releases the lock (if it is still ours); idempotent. */
  release(): void;
  /** Throws, naming the new owner, if the lock was removed or taken over while held. */
  assertHeld(): void;
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

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

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

function identity(): LockInfo & { token: string } {
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

function parseLock(text: string | undefined): LockInfo | undefined {
  if (text === undefined) return undefined;
  try {
    const info = JSON.parse(text) as LockInfo;
    return info && Number.isInteger(info.pid) && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

function readLock(path: string): LockInfo | undefined {
  return parseLock(readText(path));
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

/**
 * "Now" on the file system of `dir`, in ms: the modification time of a probe file written there
 * (the file server's clock on NFS, as the owner's refreshes are); this host's clock if it fails.
 */
function fileSystemNow(dir: string): number {
  const probe = join(dir, `.vb-clock.${randomUUID()}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    return statSync(probe).mtimeMs;
  } catch {
    return Date.now();
  } finally {
    rmSync(probe, { force: true });
  }
}

/** The tokens of the locks this process holds. */
const held = new Set<string>();

type Verdict = { live: boolean; why: string };

/** Whether the owner of a lock file still runs, as far as this process can tell. */
function judge(
  path: string,
  dir: string,
  other: LockInfo | undefined,
  me: LockInfo,
  staleAfter: number,
): Verdict {
  if (!other) return { live: false, why: 'unreadable lock file' };
  const owner = `pid ${other.pid} on ${other.host}, since ${other.started}`;
  const sameHost = other.host === me.host;
  if (sameHost && other.boot && me.boot && other.boot !== me.boot)
    return { live: false, why: `${owner}: the host has rebooted since` };
  const sameSpace = !(other.pidNamespace && me.pidNamespace && other.pidNamespace !== me.pidNamespace);
  if (sameHost && sameSpace) {
    // Here the pid tells, whatever the lock's age (a stopped sweep keeps its lock).
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
  // Another host, or another container with our hostname: its pids mean nothing here; only the refresh tells.
  let age: number;
  try {
    age = Math.max(0, (fileSystemNow(dir) - statSync(path).mtimeMs) / 1000);
  } catch {
    return { live: false, why: 'lock file gone' };
  }
  const where = sameHost ? ' (another container)' : '';
  if (age > staleAfter)
    return { live: false, why: `${owner}${where}: not refreshed for ${Math.round(age)} s` };
  return { live: true, why: `${owner}${where}, refreshed ${Math.round(age)} s ago` };
}

/** Reads a lock, giving one that is unreadable (being written by an old vb-cli, or damaged) a second to settle. */
function readSettled(path: string): { text: string | undefined; info: LockInfo | undefined } {
  let text = readText(path);
  for (let i = 0; i < 10 && text !== undefined && parseLock(text) === undefined; i++) {
    sleep(100);
    text = readText(path);
  }
  return { text, info: parseLock(text) };
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
    const verdict = judge(path, out, readSettled(path).info, me, staleAfter);
    if (verdict.live) found.push(`${f} (${verdict.why})`);
  }
  return found;
}

/**
 * Creates `path` holding `text`, or returns false if it exists: written in full under a temporary
 * name, then hard-linked into place; with O_EXCL where the file system has no hard links.
 */
function createExclusive(path: string, text: string, token: string): boolean {
  const tmp = `${path}.${token}.new`;
  writeFileSync(tmp, text, { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Removes the lock at `path` if it is still the one `isIt` recognises: moved aside first (atomic),
 * checked there, and put back if another process replaced it in between. Undefined when there was
 * nothing to move.
 */
function removeIfStill(
  path: string,
  aside: string,
  isIt: (text: string | undefined) => boolean,
): boolean | undefined {
  try {
    renameSync(path, aside);
  } catch {
    return undefined;
  }
  if (isIt(readText(aside))) {
    rmSync(aside, { force: true });
    return true;
  }
  putBack(aside, path);
  return false;
}

/** How a lock that is no longer ours reads in a message. */
const takenOverBy = (now: LockInfo) => `taken over by pid ${now.pid} on ${now.host} (since ${now.started})`;

/** Puts a lock moved aside back in place, unless another one is there; drops the aside copy. */
function putBack(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && !existsSync(path)) {
      try {
        renameSync(aside, path); // a file system without hard links
        return;
      } catch {
        // nothing more to do
      }
    }
  }
  rmSync(aside, { force: true });
}

/**
 * The refresher: a worker thread that rewrites the lock's bytes (through one file descriptor, so
 * a lock renamed or replaced meanwhile is never written over) every `every` seconds while it holds
 * our token. It reports 'replaced' when another owner's lock is there, 'removed' when the file
 * stays missing or unreadable for three refreshes in a row, and keeps watching either way.
 */
const REFRESHER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { path, token, every } = workerData;
let misses = 0;
let reported = '';
const report = (what) => {
  if (reported !== what) parentPort.postMessage(what);
  reported = what;
};
setInterval(() => {
  let fd;
  try {
    fd = fs.openSync(path, 'r+');
  } catch {
    if (++misses >= 3) report('removed');
    return;
  }
  try {
    const bytes = fs.readFileSync(fd);
    let owner;
    try { owner = JSON.parse(bytes.toString('utf8')).token; } catch { owner = undefined; }
    if (owner === token) {
      fs.writeSync(fd, bytes, 0, bytes.length, 0);
      misses = 0;
      reported = '';
    } else if (owner !== undefined) report('replaced');
    else if (++misses >= 3) report('removed');
  } catch {
    if (++misses >= 3) report('removed');
  } finally {
    fs.closeSync(fd);
  }
}, every * 1000);
`;

/**
 * Takes the lock of `out` (creating the folder) — of one shard when `options.shard` is given.
 */
export function lockOutput(out: string, options: LockOptions = {}): OutputLock {
  const { shard, takeOver = false } = options;
  const staleAfter = staleAfterSeconds(options.staleAfter);
  mkdirSync(out, { recursive: true });
  const name = shard ? shardLockFile(shard) : LOCK_FILE;
  const path = join(out, name);
  const me = identity();
  const text = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, text, me.token)) break;
    const seen = readSettled(path);
    if (seen.text === undefined) continue; // removed meanwhile: try again
    const verdict = judge(path, out, seen.info, me, staleAfter);
    if ((verdict.live && !takeOver) || attempt >= 5) {
      throw new Error(
        `--out ${out}: another vb-cli sweep holds ${name} (${verdict.why}); wait for it to finish or choose another --out. A lock not refreshed for ${staleAfter} s (VB_LOCK_STALE_AFTER) is taken over; --take-over-lock takes it now, if you know that sweep is gone`,
      );
    }
    // Only the lock judged: a second process taking over at the same time may have put a fresh
    // one there in between — that one goes back.
    if (!removeIfStill(path, `${path}.${me.token}.stale`, (text) => text === seen.text)) continue;
    options.onStale?.(
      `--out ${out}: taking over the lock of a sweep that is gone (${name}: ${verdict.live ? `${verdict.why}; --take-over-lock` : verdict.why})`,
    );
  }
  held.add(me.token);
  let lost: string | undefined;
  const refresher = new Worker(REFRESHER, {
    eval: true,
    workerData: { path, token: me.token, every: refreshEvery(staleAfter) },
  });
  // Listeners first: adding one after unref() would ref the worker again and keep the process alive.
  refresher.on('message', (what: string) => {
    const now = readLock(path);
    lost = what === 'replaced' && now ? takenOverBy(now) : 'removed';
    options.onLost?.(
      `--out ${out}: the lock file ${name} was ${lost} while this sweep runs; another sweep may be writing into the same folder`,
    );
  });
  refresher.on('error', (e: Error) =>
    options.onLost?.(`--out ${out}: the lock ${name} is no longer refreshed (${e.message})`),
  );
  refresher.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    void refresher.terminate();
    held.delete(me.token);
    process.off('exit', release);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (readLock(path)?.token !== me.token) return;
    // Only our own: a lock that another process put there in between is not deleted.
    removeIfStill(path, `${path}.${me.token}.release`, (text) => parseLock(text)?.token === me.token);
  };
  // Ctrl-C or a scheduler's SIGTERM: release, then die of the same signal (exit status 128 + n).
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.kill(process.pid, signal);
  };
  process.on('exit', release);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const assertHeld = () => {
    const now = readLock(path);
    if (now?.token === me.token && lost === undefined) return;
    const how = now && now.token !== me.token ? takenOverBy(now) : (lost ?? 'removed');
    throw new Error(
      `--out ${out}: the lock ${name} was ${how} while this sweep ran, so another sweep may be writing there; the results are not written (the finished runs are in ${join(out, 'runs')}: run again with --resume once the other sweep is done)`,
    );
  };
  const others = conflicting(out, name, me, shard?.count, staleAfter);
  if (others.length > 0) {
    release();
    throw new Error(
      shard
        ? `--out ${out}: shard ${shard.index}/${shard.count} cannot share the folder with ${others.join(', ')} (an unsharded sweep, or shards of another split); choose another --out`
        : `--out ${out}: shards of a sweep are writing there (${others.join(', ')}); wait for them and run vb-cli merge, or choose another --out`,
    );
  }
  return { release, assertHeld };
}
