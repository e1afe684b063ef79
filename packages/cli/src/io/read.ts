/** Input files: read whole, with an error that names the file and the system's reason. */
import { readFileSync } from 'node:fs';

/** The bytes of `path`; `label` names it in the error (default: the path), `hint` says what to do. */
export function readInput(path: string, label: string = path, hint = ''): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}${hint}`);
  }
}
