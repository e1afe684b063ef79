import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// The lock's refresher is a worker thread; the compiled module is what vb-cli runs.
const MODULE = fileURLToPath(new URL('../dist/sweep/out-lock.js', import.meta.url));
const { lockOutput, LOCK_FILE, shardLockFile } = await import(MODULE);

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

const taken: Array<{ release(): void }> = [];
afterEach(() => {
  for (const l of taken.splice(0)) l.release();
});

function take(dir: string, options: Record<string, unknown> = {}) {
  const notices: string[] = [];
  const lock = lockOutput(dir, { onStale: (m: string) => notices.push(m), ...options });
  taken.push(lock);
  return { lock, release: () => lock.release(), notices };
}

/** A child process that takes the lock of `dir`, prints "locked", then runs `then` (JS source). */
function child(dir: string, then: string) {
  const code = `const { lockOutput } = await import(${JSON.stringify(MODULE)});
lockOutput(${JSON.stringify(dir)}, { staleAfter: 0.4 });
console.log('locked');
${then}`;
  const p = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const locked = new Promise<void>((resolve) => p.stdout.on('data', () => resolve()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const t0 = performance.now();
    p.on('close', (code, signal) => resolve({ code, signal, ms: performance.now() - t0 }));
  });
  return { p, locked, ended };
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
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(info); // refreshed, not rewritten
    release();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps refreshing after the lock was moved aside for a moment (a contender checking it)', async () => {
    const dir = folder();
    const lost: string[] = [];
    take(dir, { staleAfter: 0.4, onLost: (m: string) => lost.push(m) });
    const path = join(dir, LOCK_FILE);
    renameSync(path, `${path}.aside`);
    await sleep(150);
    renameSync(`${path}.aside`, path);
    utimesSync(path, HOUR_AGO, HOUR_AGO);
    await sleep(400);
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(5_000);
    expect(lost).toEqual([]);
  });

  it('does not keep the process alive, and is released on exit', async () => {
    const a = folder();
    const idle = child(a, '// the script ends without releasing');
    const ended = await idle.ended;
    expect(ended.code).toBe(0);
    expect(ended.ms).toBeLessThan(10_000);
    expect(existsSync(join(a, LOCK_FILE))).toBe(false);
  });

  // Windows has no catchable SIGTERM/SIGINT from another process (kill() terminates outright).
  it.skipIf(process.platform === 'win32')(
    'Ctrl-C or SIGTERM release it, and the process dies of that signal',
    async () => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const b = folder();
        const busy = child(b, 'setInterval(() => {}, 1000);');
        await busy.locked;
        expect(existsSync(join(b, LOCK_FILE))).toBe(true);
        busy.p.kill(signal);
        const r = await busy.ended;
        expect(r.signal).toBe(signal);
        expect(existsSync(join(b, LOCK_FILE))).toBe(false);
      }
    },
  );

  it('refuses a fresh lock of another host, naming it, unless told to take it over', () => {
    const dir = folder();
    plant(dir, { pid: 4242, host: 'node-7' });
    expect(() => take(dir)).toThrow(
      /holds \.vb-sweep\.lock \(pid 4242 on node-7, since 2026-01-01T00:00:00Z, refreshed \d+ s ago\).*--take-over-lock/,
    );
    // A host whose clock runs ahead: its lock looks refreshed in the future, still live.
    const ahead = new Date(Date.now() + 3600_000);
    utimesSync(join(dir, LOCK_FILE), ahead, ahead);
    expect(() => take(dir)).toThrow(/refreshed 0 s ago/);
    const { notices } = take(dir, { takeOver: true });
    expect(notices).toEqual([
      expect.stringMatching(/taking over the lock .*pid 4242 on node-7.*--take-over-lock/),
    ]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
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

  it('takes over a lock that stays unreadable, after giving it a second to be written', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), '');
    const t0 = performance.now();
    const { notices } = take(dir);
    expect(performance.now() - t0).toBeGreaterThan(900);
    expect(notices[0]).toContain('unreadable lock file');
  });

  it.runIf(linux)(
    'tells a live owner on this host from a reused pid, a restarted container and a reboot',
    () => {
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const ns = readlinkSync('/proc/self/ns/pid');
      const parent = { pid: process.ppid, host: hostname(), boot, pidNamespace: ns };
      // The parent runs, with the start tick recorded: live, however old the lock (a stopped sweep).
      const a = folder();
      plant(a, { ...parent, startTick: startTickOf(process.ppid) }, LOCK_FILE, HOUR_AGO);
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
      expect(take(e).notices[0]).toMatch(/\(another container\): not refreshed for 360\d s/);
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

  it('reports a lock replaced while held, refuses to go on, and release leaves the new owner’s lock', async () => {
    const dir = folder();
    const lost: string[] = [];
    const { lock, release } = take(dir, { staleAfter: 0.2, onLost: (m: string) => lost.push(m) });
    lock.assertHeld();
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: 1, host: 'node-9', started: 'now', token: 'theirs' }));
    for (let i = 0; i < 50 && lost.length === 0; i++) await sleep(50);
    expect(lost).toEqual([expect.stringContaining(`${LOCK_FILE} was taken over by pid 1 on node-9`)]);
    expect(() => lock.assertHeld()).toThrow(
      /was taken over by pid 1 on node-9 .*the results are not written/,
    );
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
