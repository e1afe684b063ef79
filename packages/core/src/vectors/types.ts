/**
 * Word vectors in memory, the vocabulary filter loaders take, and coverage statistics.
 */
import type { SkipReport } from '../data/errors.js';

/**
 * A table of word vectors: row i of `data` (length `dim`) is the vector of `words[i]`.
 *
 * ```ts
 * const v = vectors.index.get('cat');
 * if (v !== undefined) vectors.data.subarray(v * vectors.dim, (v + 1) * vectors.dim);
 * ```
 */
export interface WordVectors {
  readonly dim: number;
  readonly words: readonly string[];
  /** words.length × dim, row-major. */
  readonly data: Float32Array;
  readonly index: ReadonlyMap<string, number>;
}

/**
 * Which words a loader keeps: a set of words, or token counts (a `Map`, e.g. from `countTokens`),
 * which also weights the token coverage.
 */
export type VocabularyFilter = ReadonlySet<string> | ReadonlyMap<string, number>;

/** How much of a dataset's vocabulary has vectors. */
export interface Coverage {
  /** Distinct tokens in the filter, and how many have a vector. */
  types: number;
  typesCovered: number;
  /** Token occurrences (sum of counts; = types for a set filter), and how many have a vector. */
  tokens: number;
  tokensCovered: number;
  /** typesCovered / types (1 when there are none). */
  typeCoverage: number;
  /** tokensCovered / tokens (1 when there are none). */
  tokenCoverage: number;
  /** The most frequent tokens without a vector (up to 20), for a log. */
  missing: Array<{ token: string; count: number }>;
}

/** Where vectors came from and what the loader saw. */
export interface VectorStats {
  /** The source's name (file name, package name). */
  source: string;
  format: 'glove' | 'word2vec-text' | 'wink' | 'cache';
  /** Vectors (lines / entries) read from the source, kept ones included. */
  read: number;
  /** Vectors kept (= `vectors.words.length`). */
  kept: number;
  /** Repeated words in the source (the first occurrence wins). */
  duplicates: number;
  /** Lines skipped under `onInvalid: 'skip'`. */
  skipped: SkipReport;
}

/** What every vector loader returns. */
export interface LoadedVectors {
  vectors: WordVectors;
  /** Coverage of the filter's tokens (absent when no filter was given). */
  coverage?: Coverage;
  stats: VectorStats;
}

/** Builds the word → row index of a table. */
export function makeWordVectors(words: readonly string[], data: Float32Array, dim: number): WordVectors {
  if (data.length !== words.length * dim) {
    throw new RangeError(`vector data has ${data.length} values, expected ${words.length} × ${dim}`);
  }
  return { dim, words, data, index: new Map(words.map((w, i) => [w, i])) };
}

/**
 * Token and type coverage of `filter` by the words in `has`.
 *
 * ```ts
 * const c = computeCoverage(countTokens(ds), vectors.index);
 * c.tokenCoverage; // ≈ 0.91 for PIT-2015 with GloVe 6B
 * ```
 */
export function computeCoverage(filter: VocabularyFilter, has: { has(word: string): boolean }): Coverage {
  let types = 0;
  let typesCovered = 0;
  let tokens = 0;
  let tokensCovered = 0;
  const missing: Array<{ token: string; count: number }> = [];
  const entries: Iterable<[string, number]> =
    filter instanceof Map
      ? (filter as ReadonlyMap<string, number>).entries()
      : [...filter.keys()].map((w) => [w, 1] as [string, number]);
  for (const [word, count] of entries) {
    types++;
    tokens += count;
    if (has.has(word)) {
      typesCovered++;
      tokensCovered += count;
    } else missing.push({ token: word, count });
  }
  missing.sort((x, y) => y.count - x.count || (x.token < y.token ? -1 : x.token > y.token ? 1 : 0));
  return {
    types,
    typesCovered,
    tokens,
    tokensCovered,
    typeCoverage: types === 0 ? 1 : typesCovered / types,
    tokenCoverage: tokens === 0 ? 1 : tokensCovered / tokens,
    missing: missing.slice(0, 20),
  };
}
