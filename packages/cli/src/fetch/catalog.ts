/**
 * The datasets `vb-cli data fetch` can fetch: the built-in manifest, merged with a JSON manifest
 * named by `VB_DATA_MANIFEST` when it is set (tests use it to serve small synthetic files; anyone
 * may use it to add a corpus or pin another copy). Its shape:
 *
 * ```json
 * { "datasets": [ { "name": "tiny", "description": "…", "source": "…", "licence": "…",
 *     "files": [ { "name": "a.txt", "url": "https://…/a.txt", "sha256": "<64 hex>", "size": 12 } ],
 *     "use": "--data pit2015:{dir}" } ] }
 * ```
 *
 * An entry whose name is a built-in dataset's replaces it; others are added.
 */
import { readFileSync } from 'node:fs';
import { BUILTIN_DATASETS, type Dataset, type ManifestFile, type ManifestUnpack } from './manifest.js';

export const MANIFEST_ENV = 'VB_DATA_MANIFEST';

const SHA256 = /^[0-9a-f]{64}$/;

function fail(file: string, what: string): never {
  throw new Error(`${MANIFEST_ENV}=${file}: ${what}`);
}

function str(file: string, where: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(file, `${where} must be a non-empty string`);
  return v;
}

function size(file: string, where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(file, `${where} must be an integer ≥ 0`);
  return v;
}

function hash(file: string, where: string, v: unknown): string {
  const s = str(file, where, v).toLowerCase();
  if (!SHA256.test(s)) fail(file, `${where} must be a SHA-256 (64 hex digits)`);
  return s;
}

/** A file name that stays inside the dataset's folder. */
function fileName(file: string, where: string, v: unknown): string {
  const s = str(file, where, v);
  if (s.includes('/') || s.includes('\\') || s === '.' || s === '..')
    fail(file, `${where} must be a plain file name`);
  return s;
}

function parseDataset(file: string, d: unknown, i: number): Dataset {
  const at = `datasets[${i}]`;
  if (typeof d !== 'object' || d === null) fail(file, `${at} must be an object`);
  const o = d as Record<string, unknown>;
  if (!Array.isArray(o.files) || o.files.length === 0) fail(file, `${at}.files must be a non-empty array`);
  const files: ManifestFile[] = o.files.map((f: unknown, j: number) => {
    const w = `${at}.files[${j}]`;
    const r = (f ?? {}) as Record<string, unknown>;
    return {
      name: fileName(file, `${w}.name`, r.name),
      url: str(file, `${w}.url`, r.url),
      sha256: hash(file, `${w}.sha256`, r.sha256),
      ...(r.size !== undefined ? { size: size(file, `${w}.size`, r.size) } : {}),
    };
  });
  let unpack: ManifestUnpack | undefined;
  if (o.unpack !== undefined) {
    const u = (o.unpack ?? {}) as Record<string, unknown>;
    if (u.kind !== 'wink-to-glove') fail(file, `${at}.unpack.kind must be "wink-to-glove"`);
    unpack = {
      kind: 'wink-to-glove',
      from: fileName(file, `${at}.unpack.from`, u.from),
      entry: str(file, `${at}.unpack.entry`, u.entry),
      output: fileName(file, `${at}.unpack.output`, u.output),
      ...(u.sha256 !== undefined ? { sha256: hash(file, `${at}.unpack.sha256`, u.sha256) } : {}),
      ...(u.size !== undefined ? { size: size(file, `${at}.unpack.size`, u.size) } : {}),
    };
    if (!files.some((f) => f.name === unpack?.from))
      fail(file, `${at}.unpack.from must name one of its files`);
  }
  const name = str(file, `${at}.name`, o.name);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name))
    fail(file, `${at}.name must be letters, digits, ".", "_" or "-"`);
  return {
    name,
    ...(Array.isArray(o.aliases)
      ? { aliases: o.aliases.map((a, j) => str(file, `${at}.aliases[${j}]`, a)) }
      : {}),
    description: typeof o.description === 'string' ? o.description : '',
    source: typeof o.source === 'string' ? o.source : files.map((f) => f.url).join(', '),
    licence: typeof o.licence === 'string' ? o.licence : '',
    files,
    ...(unpack ? { unpack } : {}),
    use: typeof o.use === 'string' ? o.use : '{dir}',
  };
}

/** Reads and checks a JSON manifest. @throws Error naming the file and the bad field. */
export function readManifestFile(file: string): Dataset[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(file, (e as Error).message);
  }
  const list = (parsed as { datasets?: unknown } | null)?.datasets;
  if (!Array.isArray(list)) fail(file, 'expected { "datasets": [ … ] }');
  return list.map((d, i) => parseDataset(file, d, i));
}

/** The built-in datasets, merged with the `VB_DATA_MANIFEST` file when set. */
export function datasets(env: NodeJS.ProcessEnv = process.env): Dataset[] {
  const all = new Map(BUILTIN_DATASETS.map((d) => [d.name, d]));
  const file = env[MANIFEST_ENV];
  if (file) for (const d of readManifestFile(file)) all.set(d.name, d);
  return [...all.values()];
}

/** The dataset called `name` (or with that alias), if any. */
export function findDataset(list: readonly Dataset[], name: string): Dataset | undefined {
  return list.find((d) => d.name === name) ?? list.find((d) => d.aliases?.includes(name));
}

/** "pit2015, msrp, glove (wink)": the names a user may type. */
export function datasetNames(list: readonly Dataset[]): string {
  return list.map((d) => (d.aliases?.length ? `${d.name} (${d.aliases.join(', ')})` : d.name)).join(', ');
}
