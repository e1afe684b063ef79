import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The lock's refresher is a worker thread; the compiled module is what vb-cli runs.
const { lockOutput, LOCK_FILE, shardLockFile } = await import('../dist/sweep/out-lock.js');

const linux = existsSync('/proc/self/stat');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const folder = () => mkdtempSync(join(tmpdir(), 'vb-lock-'));
const startTickOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};
const HOUR_AGO = new Date(Date.now() - 3600_000);

/** Writes a lock file as another owner would, optionally with an old modification time. */
function plant(dir: string, owner: Record<string, unknown>, name = LOCK_FILE, mtime?: Date): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ started: '2026-01-01T00:00:00Z', ...owner }));
  if (mtime) utimesSync(path, mtime, mtime);
  return path;
}

function take(dir: string, options: Record<string, unknown> = {}) {
  const notices: string[] = [];
  const release = lockOutput(dir, { onStale: (m: string) => notices.push(m), ...options });
  return { release, notices };
}

describe('the output lock', () => {
  it('is written with its owner, refreshed while held, and removed on release', async () => {
    const dir = folder();
    const { release } = take(dir, { staleAfter: 0.4 }); // refreshed every 0.1 s
    const path = join(dir, LOCK_FILE);
    const info = JSON.parse(readFileSync(path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof info.token).toBe('string');
    if (linux) expect(info.startTick).toBe(startTickOf(process.pid));
    utimesSync(path, HOUR_AGO, HOUR_AGO);
    await sleep(400);
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(5_000);
    release();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a fresh lock of another host, naming it, unless told to take it over', () => {
    const dir = folder();
    plant(dir, { pid: 4242, host: 'node-7' });
    expect(() => take(dir)).toThrow(
      /holds \.vb-sweep\.lock \(pid 4242 on node-7, since 2026-01-01T00:00:00Z, refreshed \d+ s ago\).*--take-over-lock/,
    );
    const { release, notices } = take(dir, { takeOver: true });
    expect(notices).toEqual([
      expect.stringMatching(/taking over the lock .*pid 4242 on node-7.*--take-over-lock/),
    ]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over a lock of another host not refreshed for VB_LOCK_STALE_AFTER seconds', () => {
    const dir = folder();
    plant(dir, { pid: 4242, host: 'node-7' }, LOCK_FILE, new Date(Date.now() - 20_000));
    expect(() => take(dir)).toThrow(/another vb-cli sweep holds/); // 20 s < 300 s
    const before = process.env.VB_LOCK_STALE_AFTER;
    process.env.VB_LOCK_STALE_AFTER = '10';
    try {
      const { release, notices } = take(dir);
      expect(notices[0]).toMatch(/pid 4242 on node-7.*not refreshed for 2\d s/);
      release();
      process.env.VB_LOCK_STALE_AFTER = 'soon';
      expect(() => take(dir)).toThrow("VB_LOCK_STALE_AFTER is 'soon', not a number of seconds > 0");
    } finally {
      if (before === undefined) delete process.env.VB_LOCK_STALE_AFTER;
      else process.env.VB_LOCK_STALE_AFTER = before;
    }
  });

  it.runIf(linux)(
    'tells a live owner on this host from a reused pid, a restarted container and a reboot',
    () => {
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const ns = readlinkSync('/proc/self/ns/pid');
      const parent = { pid: process.ppid, host: hostname(), boot, pidNamespace: ns };
      // The parent runs, with the start tick recorded: live.
      const a = folder();
      plant(a, { ...parent, startTick: startTickOf(process.ppid) });
      expect(() => take(a)).toThrow(`pid ${process.ppid} on ${hostname()}`);
      // Same pid, another start tick: the pid was reused.
      const b = folder();
      plant(b, { ...parent, startTick: '1' });
      expect(take(b).notices[0]).toContain('the pid now belongs to another process');
      // Our own pid, in a lock we did not write (a container restarted with the same hostname and pid).
      const c = folder();
      plant(c, { ...parent, pid: process.pid });
      expect(take(c).notices[0]).toContain('that pid is this process now');
      // Another pid namespace (another container with our hostname): only the refresh tells.
      const d = folder();
      plant(d, { ...parent, pidNamespace: 'pid:[1]' });
      expect(() => take(d)).toThrow('(another container), refreshed');
      const e = folder();
      plant(e, { ...parent, pidNamespace: 'pid:[1]' }, LOCK_FILE, HOUR_AGO);
      expect(take(e).notices[0]).toContain('not refreshed for 3600 s');
      // Another boot of this host.
      const f = folder();
      plant(f, { ...parent, boot: 'another-boot' });
      expect(take(f).notices[0]).toContain('the host has rebooted since');
      // A process that has exited.
      const g = folder();
      plant(g, { pid: 2 ** 31 - 2, host: hostname() });
      expect(take(g).notices[0]).toContain('the process is gone');
    },
  );

  it('reports a lock removed or replaced while held, and release leaves the new owner’s lock', async () => {
    const dir = folder();
    const lost: string[] = [];
    const { release } = take(dir, { staleAfter: 0.2, onLost: (m: string) => lost.push(m) });
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'node-9', started: 'now', token: 'theirs' }));
    for (let i = 0; i < 50 && lost.length === 0; i++) await sleep(50);
    expect(lost).toEqual([expect.stringContaining(`${LOCK_FILE} was replaced by another process`)]);
    release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('theirs');
  });

  it('lets shards of one split share a folder and refuses mixed splits and unsharded sweeps', () => {
    const dir = folder();
    const one = take(dir, { shard: { index: 1, count: 2 } });
    const two = take(dir, { shard: { index: 2, count: 2 } });
    expect(existsSync(join(dir, shardLockFile({ index: 2, count: 2 })))).toBe(true);
    expect(() => take(dir, { shard: { index: 1, count: 3 } })).toThrow(
      /shard 1\/3 cannot share the folder with \.vb-sweep\.shard-1-of-2\.lock/,
    );
    expect(() => take(dir)).toThrow(/shards of a sweep are writing there/);
    one.release();
    two.release();
    take(dir).release();
  });
});
