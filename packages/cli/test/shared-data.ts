/**
 * Where the shared real data lives: `../shared/data` beside the repository (or `VB_SHARED_DATA`).
 * Tests that need it skip, with a message, when it is absent (CI has it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = process.env.VB_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
export const PIT_DIR = join(SHARED_DATA, 'pit2015');
export const GLOVE_PIT = join(SHARED_DATA, 'glove', 'glove.6B.100d.pit2015.txt');

/** True when PIT-2015 and its GloVe file are there; otherwise logs why the dependent tests skip. */
export function haveSharedData(): boolean {
  if (existsSync(PIT_DIR) && existsSync(GLOVE_PIT)) return true;
  console.warn(`[skip] shared data not found at ${SHARED_DATA} (set VB_SHARED_DATA or place it at ../shared/data)`);
  return false;
}

export const MSRP_DIR = join(SHARED_DATA, 'msrp');
export const GLOVE_MSRP = join(SHARED_DATA, 'glove', 'glove.6B.100d.msrp.txt');

/** True when MSRP and its GloVe file are there; otherwise logs why the dependent tests skip. */
export function haveMsrp(): boolean {
  if (existsSync(MSRP_DIR) && existsSync(GLOVE_MSRP)) return true;
  console.warn(`[skip] MSRP not found at ${MSRP_DIR} (set VB_SHARED_DATA or place it at ../shared/data)`);
  return false;
}
