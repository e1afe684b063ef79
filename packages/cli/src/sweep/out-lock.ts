/**
 * One sweep per output folder: an exclusive lock file (`<out>/.vb-sweep.lock`, created with
 * O_EXCL) holding the owner's pid, host and start time. A second sweep into the same folder is
 * refused while the owner runs; a lock left by a sweep that was killed (its pid is gone, same
 * host) is taken over. On shared storage a lock from another host cannot be checked and is
 * respected; the message says how to remove it.
 *
 * Shards of one sweep (`--shard i/N`) may share a folder: each takes its own lock file
 * (`<out>/.vb-sweep.shard-i-of-N.lock`), so two processes of the same shard still exclude each
 * other, and a shard refuses a folder in which an unsharded sweep (or shards of another split)
 * run — and an unsharded sweep refuses a folder in which shards run.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = '.vb-sweep.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && typeof info.host === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

const SHARD_LOCK = /^\.vb-sweep\.shard-(\d+)-of-(\d+)\.lock$/;

export function shardLockFile(shard: { index: number; count: number }): string {
  return `.vb-sweep.shard-${shard.index}-of-${shard.count}.lock`;
}

/** The lock files in `out` that exclude the owner of `mine`, with a live (or unverifiable) owner. */
function conflicting(out: string, mine: string, shardCount: number | undefined): string[] {
  const found: string[] = [];
  for (const f of readdirSync(out)) {
    if (f === mine) continue;
    const m = SHARD_LOCK.exec(f);
    const excludes =
      shardCount === undefined ? m !== null : f === LOCK_FILE || (m !== null && Number(m[2]) !== shardCount);
    if (!excludes) continue;
    const other = readLock(join(out, f));
    if (other && (other.host !== hostname() || alive(other.pid)))
      found.push(`${f} (pid ${other.pid} on ${other.host}, since ${other.started})`);
  }
  return found;
}

/**
 * Takes the lock of `out` (creating the folder) — of one shard when `shard` is given; returns the
 * function that releases it.
 */
export function lockOutput(
  out: string,
  onStale: (message: string) => void = () => {},
  shard?: { index: number; count: number },
): () => void {
  mkdirSync(out, { recursive: true });
  const name = shard ? shardLockFile(shard) : LOCK_FILE;
  const path = join(out, name);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const other = readLock(path);
      if (other && other.host !== me.host) {
        throw new Error(
          `--out ${out}: a vb-cli sweep on host ${other.host} (pid ${other.pid}, since ${other.started}) holds ${name}; choose another --out, or delete the lock file if that sweep is gone`,
        );
      }
      if (other && alive(other.pid)) {
        throw new Error(
          `--out ${out}: another vb-cli sweep (pid ${other.pid}, since ${other.started}) is writing there; wait for it to finish or choose another --out`,
        );
      }
      onStale(
        `--out ${out}: taking over the lock of a sweep that is gone (${other ? `pid ${other.pid}` : 'unreadable lock file'})`,
      );
      rmSync(path, { force: true });
    }
  }
  const release = () => {
    if (readLock(path)?.pid === me.pid) rmSync(path, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  const others = conflicting(out, name, shard?.count);
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
