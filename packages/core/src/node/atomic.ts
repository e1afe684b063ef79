/**
 * Atomic file replacement: readers see the old file or the new one, never a partial write.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileError } from './files.js';

/**
 * Writes `data` to a temporary file in the same folder (same file system, so the rename is atomic),
 * flushes it to disk (fsync), then renames it over `path`; on failure the temporary file is removed.
 * The folder is fsynced afterwards where the platform allows it, so the rename itself is durable.
 * @throws FileError naming `path` (never the temporary file) and the reason in words — e.g.
 *   `out/model.safetensors: cannot write, the disk is full (ENOSPC)`; `code` keeps the system's code.
 *
 * ```ts
 * await writeFileAtomic('runs/model.safetensors', bytes);
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw fileError(path, e, 'write');
  }
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename has happened regardless.
  }
}
