/**
 * File-system errors as a user should read them: the path first, then what is wrong in words (a
 * folder where a file was expected, a full disk), with the system's code kept on `code` and the
 * original error on `cause`.
 */
import { stat } from 'node:fs/promises';

/** An error of the file system, already phrased for a user; `code` is the system's (ENOENT, ENOSPC …). */
export class FileError extends Error {
  override readonly name = 'FileError';
  /** The file the operation was about. */
  readonly path: string;
  readonly code: string | undefined;

  constructor(path: string, message: string, code: string | undefined, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.path = path;
    this.code = code;
  }
}

/** The system error code of `e` (`ENOENT`, …), if it has one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `e` as a {@link FileError} naming `path`, when it is an error of the file system (one with an
 * errno code); other errors (a DataError about the contents, a bug) are returned unchanged.
 *
 * ```ts
 * try { await readFile(path); } catch (e) { throw fileError(path, e, 'read'); }
 * // "data/dev.data is a directory, expected a file"
 * ```
 */
export function fileError(path: string, e: unknown, action: 'read' | 'write'): unknown {
  if (e instanceof FileError) return e;
  const code = errnoCode(e);
  if (code === undefined || !(e instanceof Error)) return e;
  const what = (): string => {
    switch (code) {
      case 'EISDIR':
        return `${path} is a directory, expected a file`;
      case 'ENOENT':
        return action === 'read'
          ? `${path}: no such file (ENOENT)`
          : `${path}: cannot write, its folder does not exist (ENOENT)`;
      case 'ENOTDIR':
        return `${path}: a part of the path is a file, not a folder (ENOTDIR)`;
      case 'EACCES':
      case 'EPERM':
        return `${path}: cannot ${action}, permission denied (${code})`;
      case 'ENOSPC':
        return `${path}: cannot write, the disk is full (ENOSPC)`;
      case 'EDQUOT':
        return `${path}: cannot write, the disk quota is exceeded (EDQUOT)`;
      case 'EROFS':
        return `${path}: cannot write, the file system is read-only (EROFS)`;
      case 'EMFILE':
      case 'ENFILE':
        return `${path}: cannot ${action}, too many open files (${code})`;
      default:
        return `${path}: cannot ${action} (${code}: ${e.message})`;
    }
  };
  return new FileError(path, what(), code, e);
}

/**
 * Checks that `path` is a readable regular file (or a device such as a pipe), before a stream
 * would fail half-way with a bare system error. Returns its size and modification time.
 * @throws FileError naming the path (missing, a directory, no permission).
 */
export async function statFile(path: string): Promise<{ size: number; mtimeMs: number }> {
  let s: Awaited<ReturnType<typeof stat>>;
  try {
    s = await stat(path);
  } catch (e) {
    throw fileError(path, e, 'read');
  }
  if (s.isDirectory()) {
    throw new FileError(path, `${path} is a directory, expected a file`, 'EISDIR');
  }
  return { size: s.size, mtimeMs: s.mtimeMs };
}
