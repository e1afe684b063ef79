/**
 * One sweep per output folder: an exclusive lock file (`<out>/.vb-sweep.lock`, created with
 * O_EXCL) holding the owner's pid, host and start time. A second sweep into the same folder is
 * refused while the owner runs; a lock left by a sweep that was killed (its pid is gone, same
 * host) is taken over. On shared storage a lock from another host cannot be checked and is
 * respected; the message says how to remove it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

/** Takes the lock of `out` (creating the folder); returns the function that releases it. */
export function lockOutput(out: string, onStale: (message: string) => void = () => {}): () => void {
  mkdirSync(out, { recursive: true });
  const path = join(out, LOCK_FILE);
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
          `--out ${out}: a vb-cli sweep on host ${other.host} (pid ${other.pid}, since ${other.started}) holds ${LOCK_FILE}; choose another --out, or delete the lock file if that sweep is gone`,
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
  return release;
}
