/**
 * Checks, before any work, that an output file can be written: its folder exists or can be made,
 * and is writable; the path is not a folder. A training run that would fail at its very end on a
 * typo in `--out` fails at once instead, naming the option and the path.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../usage-error.js';

export function checkWritableFile(path: string, option: string): void {
  const target = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    // Absent: fine, it will be created.
  }
  if (isDir) throw new UsageError(`${option} ${path} is a folder; give a file name`);
  const dir = dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new Error(`${option} ${path}: cannot write into ${dir} (${code})`);
  }
}
