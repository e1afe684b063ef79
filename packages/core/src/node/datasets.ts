/**
 * Reading corpora from paths: PIT-2015 folders and any format {@link parseDataset} knows.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type DatasetSpec, parseDataset } from '../data/dataset.js';
import {
  type Pit2015Official,
  type Pit2015Pooled,
  type PooledOptions,
  parsePit2015,
  parsePit2015Test,
  pit2015Official,
  pit2015Pooled,
} from '../data/pit2015.js';
import type { DelimitedOptions, JsonlOptions } from '../data/tabular.js';
import type { PairDataset, ReadOptions } from '../data/types.js';
import { decodeText } from '../vectors/text-stream.js';
import { errnoCode, FileError, fileError, statFile } from './files.js';

/**
 * Reads a text file, gunzipping it when the name ends in `.gz`.
 * @throws FileError naming the path (missing, a directory, unreadable); DataError naming the path
 *   for a `.gz` file that is not gzip or is truncated.
 */
export async function readText(path: string): Promise<string> {
  try {
    if (!path.endsWith('.gz')) return await readFile(path, 'utf8');
    await statFile(path);
    const parts: string[] = [];
    for await (const chunk of decodeText(createReadStream(path), { gzip: true, source: path }))
      parts.push(chunk);
    return parts.join('');
  } catch (e) {
    throw fileError(path, e, 'read');
  }
}

/** Options of {@link readPit2015}. */
export interface ReadPit2015Options
  extends PooledOptions,
    Pick<ReadOptions, 'lowercase' | 'onInvalid' | 'tokenizer'> {}

/** Which PIT-2015 protocol: the seed's pooled 6-class split, or the official binary one. */
export type Pit2015Protocol = 'pooled' | 'official';

const PIT_FILES = ['dev.data', 'test.data', 'test.label'] as const;

/**
 * The three PIT-2015 files, read concurrently. Missing files are reported all at once and in a
 * fixed order (a plain Promise.all would name whichever read happened to fail first).
 */
async function readPitFiles(dir: string): Promise<Array<{ path: string; text: string }>> {
  const reads = await Promise.allSettled(PIT_FILES.map((name) => readFile(join(dir, name), 'utf8')));
  const missing = PIT_FILES.filter((_, i) => {
    const r = reads[i] as PromiseSettledResult<string>;
    return r.status === 'rejected' && (r.reason as NodeJS.ErrnoException).code === 'ENOENT';
  });
  if (reads.some((r) => r.status === 'rejected' && errnoCode(r.reason) === 'ENOTDIR')) {
    throw new FileError(
      dir,
      `${dir} is a file, expected a PIT-2015 folder (holding ${PIT_FILES.join(', ')})`,
      'ENOTDIR',
    );
  }
  if (missing.length > 0) {
    throw new Error(`PIT-2015 folder ${dir} has no ${missing.join(', ')} (expected ${PIT_FILES.join(', ')})`);
  }
  return reads.map((r, i) => {
    const path = join(dir, PIT_FILES[i] as string);
    if (r.status === 'rejected') throw fileError(path, r.reason, 'read');
    return { path, text: r.value };
  });
}

/**
 * Reads `dev.data`, `test.data` and `test.label` from a PIT-2015 folder (checking the test files
 * against each other) and applies a protocol:
 * - `pooled`: dev + test pooled (5,699 pairs, y ∈ 0..5), split 70/15/15 stratified by y, seeded;
 * - `official`: train on dev (k = 2 dropped), test on test (score 3 dropped), binary labels.
 *
 * ```ts
 * const { train, validation, test } = await readPit2015('../shared/data/pit2015', 'pooled', { seed: 1 });
 * ```
 * @throws DataError (naming the file path and line) on invalid data; Error when a file is missing.
 */
export async function readPit2015(
  dir: string,
  protocol: 'pooled',
  options?: ReadPit2015Options,
): Promise<Pit2015Pooled>;
export async function readPit2015(
  dir: string,
  protocol: 'official',
  options?: ReadPit2015Options,
): Promise<Pit2015Official>;
export async function readPit2015(
  dir: string,
  protocol: Pit2015Protocol,
  options?: ReadPit2015Options,
): Promise<Pit2015Pooled | Pit2015Official>;
export async function readPit2015(
  dir: string,
  protocol: Pit2015Protocol,
  options: ReadPit2015Options = {},
): Promise<Pit2015Pooled | Pit2015Official> {
  if (protocol !== 'pooled' && protocol !== 'official') {
    throw new TypeError(`protocol must be 'pooled' or 'official', got ${JSON.stringify(protocol)}`);
  }
  const [dev, test, label] = (await readPitFiles(dir)) as [
    { path: string; text: string },
    { path: string; text: string },
    { path: string; text: string },
  ];
  const read = { lowercase: options.lowercase, onInvalid: options.onInvalid, tokenizer: options.tokenizer };
  const devSet = parsePit2015(dev.text, { ...read, file: dev.path, name: 'pit2015/dev', kind: 'votes' });
  const testSet = parsePit2015Test(test.text, label.text, {
    ...read,
    file: test.path,
    labelFile: label.path,
    name: 'pit2015/test',
  });
  // An empty file would silently shrink the pooled corpus (or leave nothing to train or test on).
  for (const [file, set] of [
    [dev.path, devSet],
    [test.path, testSet],
  ] as const) {
    if (set.pairs.length === 0)
      throw new Error(
        `${file}: holds no sentence pairs (PIT-2015 needs dev.data and test.data with their pairs)`,
      );
  }
  return protocol === 'pooled' ? pit2015Pooled(devSet, testSet, options) : pit2015Official(devSet, testSet);
}

/** A dataset spec, or a column mapping whose format follows from the file extension. */
export type ReadDatasetSpec =
  | DatasetSpec
  | (DelimitedOptions & { format?: undefined })
  | (JsonlOptions & { format?: undefined });

const FORMAT_BY_EXTENSION: Record<string, 'csv' | 'tsv' | 'jsonl'> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.txt': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/**
 * Reads a dataset file (`.gz` is gunzipped). Without `spec.format` the extension decides:
 * `.csv` → csv, `.tsv`/`.txt` → tsv, `.jsonl`/`.ndjson` → jsonl. `file` defaults to the path.
 *
 * ```ts
 * const ds = await readDataset('snli_dev.jsonl', {
 *   columns: { sentence1: 'sentence1', sentence2: 'sentence2', label: 'gold_label' },
 *   labelNames: ['contradiction', 'neutral', 'entailment'], onInvalid: 'skip',
 * });
 * ```
 */
export async function readDataset(path: string, spec: ReadDatasetSpec): Promise<PairDataset> {
  let format = spec.format;
  if (format === undefined) {
    const ext = extname(path.endsWith('.gz') ? path.slice(0, -3) : path).toLowerCase();
    format = FORMAT_BY_EXTENSION[ext];
    if (format === undefined) {
      throw new TypeError(
        `cannot tell the format of ${path} from its extension; pass format: 'csv' | 'tsv' | 'jsonl' | 'sts' | 'pit2015'`,
      );
    }
  }
  const text = await readText(path);
  return parseDataset(text, { file: path, ...spec, format } as DatasetSpec);
}
