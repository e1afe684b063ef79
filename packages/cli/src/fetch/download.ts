/**
 * One file, downloaded safely: a file already there with the right SHA-256 is kept; otherwise the
 * bytes go to `<file>.part`, a `.part` left by an interrupted run is resumed with an HTTP Range
 * request (a server that ignores Range and sends the whole file is handled by starting over), and
 * the SHA-256 is checked before the `.part` is renamed over the file — so the file name only ever
 * holds verified content. A checksum mismatch deletes the `.part` and fails naming the URL and both
 * hashes; an interrupted transfer keeps the `.part` for the next run.
 */
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { VERSION } from '../version.js';
import { type ByteProgress, formatBytes } from './byte-progress.js';
import { fileSize, hasContent, hashInto } from './hash.js';
import { isUnreachable, rootMessage, unreachableMessage } from './net-errors.js';

export interface DownloadRequest {
  url: string;
  /** The final file. */
  path: string;
  /** Expected SHA-256, lowercase hex. */
  sha256: string;
  /** Expected size in bytes, when known (a larger `.part` is discarded, a complete one just checked). */
  size?: number;
}

export interface DownloadOptions {
  progress: ByteProgress;
  /** Abort when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  /** `present`: the file was there already with the right content; `downloaded`: it is now. */
  status: 'present' | 'downloaded';
  /** Bytes received over the network by this call. */
  received: number;
  /** Size of the `.part` the download continued from (0 when it started afresh). */
  resumedFrom: number;
}

/** Where a URL's files live, for messages: "the URLs are in …" hints at how to fix a moved file. */
const WHERE_URLS_LIVE =
  'packages/cli/src/fetch/manifest.ts holds the URLs; --mirror, VB_DATA_MIRROR or VB_DATA_MANIFEST point elsewhere';

class Stalled extends Error {}

/** Parses `Content-Range: bytes a-b/n` into its first byte, or undefined. */
function rangeStart(header: string | null): number | undefined {
  const m = header ? /^bytes\s+(\d+)-\d+\/(\d+|\*)$/i.exec(header.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

/** Downloads `req.url` to `req.path` as described above. @throws Error with a one-line message. */
export async function download(req: DownloadRequest, options: DownloadOptions): Promise<DownloadResult> {
  const { url, path, sha256, size } = req;
  const { progress } = options;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const name = basename(path);
  const part = `${path}.part`;

  if (await hasContent(path, sha256, size)) return { status: 'present', received: 0, resumedFrom: 0 };
  if ((await fileSize(path)) !== undefined) {
    progress.log(`${name}: the file there has other content (SHA-256 differs): downloading it again`);
  }

  let have = (await fileSize(part)) ?? 0;
  if (size !== undefined && have >= size) {
    // A complete (or overlong) .part from a run stopped just before its rename.
    if (have === size && (await hasContent(part, sha256, size))) {
      await rename(part, path);
      return { status: 'downloaded', received: 0, resumedFrom: have };
    }
    await rm(part, { force: true });
    have = 0;
  }

  for (let attempt = 0; ; attempt++) {
    const resumedFrom = have;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Stalled()), idleMs);
    };
    const headers: Record<string, string> = {
      // Ranges count bytes of the file as stored: no transparent gzip.
      'accept-encoding': 'identity',
      'user-agent': `vb-cli/${VERSION}`,
    };
    if (have > 0) headers.range = `bytes=${have}-`;

    let res: Response;
    arm();
    try {
      res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      clearTimeout(timer);
      if (controller.signal.reason instanceof Stalled)
        throw new Error(
          `no answer from ${new URL(url).host} in ${idleMs / 1000} s for ${url}: try again later`,
        );
      if (isUnreachable(e)) throw new Error(unreachableMessage(url, e, dirname(path), name));
      throw new Error(`GET ${url}: ${rootMessage(e)}`);
    }

    let append = false;
    const start = res.status === 206 ? rangeStart(res.headers.get('content-range')) : undefined;
    if (res.status === 206 && have > 0 && start === have) {
      append = true;
    } else if (have > 0 && attempt === 0 && (res.status === 416 || res.status === 206)) {
      // The server cannot continue this .part (e.g. the file changed, or another range came back).
      clearTimeout(timer);
      await res.body?.cancel();
      progress.log(`${name}: the server cannot continue the partial download: starting over`);
      await rm(part, { force: true });
      have = 0;
      continue;
    } else if (res.status === 200) {
      if (have > 0) progress.log(`${name}: the server ignored the range request: downloading from the start`);
      have = 0;
    } else {
      clearTimeout(timer);
      await res.body?.cancel();
      const moved =
        res.status === 404 || res.status === 410 ? ` (has the file moved? ${WHERE_URLS_LIVE})` : '';
      throw new Error(`GET ${url}: HTTP ${res.status} ${res.statusText}${moved}`);
    }

    clearTimeout(timer); // re-armed before each read below
    const hash = createHash('sha256');
    if (append) {
      const hashed = await hashInto(hash, part);
      if (hashed !== have) {
        await res.body?.cancel();
        throw new Error(`${part} changed while it was being read: run the command again`);
      }
    }
    const lengthHeader = Number(res.headers.get('content-length'));
    const total =
      size ?? (Number.isFinite(lengthHeader) && lengthHeader > 0 ? have + lengthHeader : undefined);
    const started = Date.now();
    let done = have;
    progress.start(name, total, done);
    const file = await open(part, append ? 'a' : 'w');
    try {
      const reader = res.body?.getReader();
      for (;;) {
        if (!reader) break;
        arm();
        const { done: end, value } = await reader.read();
        if (end) break;
        await file.write(value);
        hash.update(value);
        done += value.length;
        progress.update(done);
      }
      await file.sync();
    } catch (e) {
      const why =
        controller.signal.reason instanceof Stalled ? `no data for ${idleMs / 1000} s` : rootMessage(e);
      progress.finish(`${name}: interrupted after ${formatBytes(done)}`);
      throw new Error(
        `download of ${url} interrupted after ${formatBytes(done)} (${why}): run the command again to resume from ${part}`,
      );
    } finally {
      clearTimeout(timer);
      await file.close();
    }

    const actual = hash.digest('hex');
    if (actual !== sha256) {
      await rm(part, { force: true });
      progress.finish(`${name}: checksum mismatch`);
      const bytes = size !== undefined && done !== size ? ` (${done} bytes, expected ${size})` : '';
      throw new Error(
        `checksum mismatch for ${url}: expected sha256 ${sha256}, got ${actual}${bytes}; the download was deleted`,
      );
    }
    await rename(part, path);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const resumed = resumedFrom > 0 && append ? ` (resumed at ${formatBytes(resumedFrom)})` : '';
    progress.finish(
      `${name}: ${formatBytes(done - (append ? resumedFrom : 0))} downloaded in ${seconds} s${resumed}, SHA-256 ok`,
    );
    return {
      status: 'downloaded',
      received: done - (append ? resumedFrom : 0),
      resumedFrom: append ? resumedFrom : 0,
    };
  }
}
