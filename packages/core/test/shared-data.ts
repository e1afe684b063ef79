/**
 * Where the shared real data lives: `../shared/data` relative to the repository root (or
 * `VB_SHARED_DATA`). Tests that need it skip, with a message, when it is absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA =
  process.env.VB_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
export const PIT_DIR = join(SHARED_DATA, 'pit2015');
export const GLOVE_PIT = join(SHARED_DATA, 'glove', 'glove.6B.100d.pit2015.txt');

/** True when `path` exists; otherwise logs why the dependent tests are skipped. */
export function haveSharedData(path: string): boolean {
  if (existsSync(path)) return true;
  console.warn(`[skip] shared data not found at ${path} (set VB_SHARED_DATA or place it at ../shared/data)`);
  return false;
}
