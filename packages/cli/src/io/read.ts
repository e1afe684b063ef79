/** Input files: read whole, with an error that names the file and the system's reason. */
import { readFileSync } from 'node:fs';

/** The bytes of `path`; `label` names it in the error (default: the path), `hint` says what to do. */
export function readInput(path: string, label: string = path, hint = ''): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new Error(`cannot read ${label}: ${path} is a directory, expected a file`);
    throw new Error(`cannot read ${label}: ${code ?? (e as Error).message}${hint}`);
  }
}
