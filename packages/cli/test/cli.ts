/** Runs the built CLI (dist/bin.js) as a user would. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/vb-cli.js', import.meta.url));

export function vb(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    input: options.input,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function vbAsync(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
}

export function tempDir(prefix = 'vb-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
