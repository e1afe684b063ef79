/** SHA-256 of files, streamed (the GloVe tarball is 118 MB). */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Feeds the bytes of `path` into `hash` and returns how many there were. */
export async function hashInto(hash: Hash, path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return n;
}

/** The SHA-256 (lowercase hex) of the file at `path`. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await hashInto(h, path);
  return h.digest('hex');
}

/** The size of `path`, or undefined when there is no such file. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** True when `path` is a file of `size` bytes (when given) whose SHA-256 is `sha256`. */
export async function hasContent(path: string, sha256: string, size?: number): Promise<boolean> {
  const n = await fileSize(path);
  if (n === undefined || (size !== undefined && n !== size)) return false;
  return (await sha256File(path)) === sha256;
}
