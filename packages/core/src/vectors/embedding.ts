/**
 * The embedding matrix the engine takes (vocab × dim, row-major), aligned with the ids of a
 * {@link Vocabulary} built from the dataset's tokens and the available vectors.
 */
import { buildVocabulary, checkOovRule, type OovRule, UNK_ID, type Vocabulary } from '../data/vocabulary.js';
import { type Coverage, computeCoverage, type WordVectors } from './types.js';
import { requireObject } from '../args.js';

/** A vocabulary and its embedding matrix. */
export interface Embedding {
  /** `<unk>` (id 0) and the dataset's tokens that have a vector. */
  vocabulary: Vocabulary;
  /** vocabulary.tokens.length × dim; row 0 is the `<unk>` row (zeros, or the mean under `oov: 'mean'`). */
  matrix: Float32Array;
  dim: number;
  /** Coverage of the counted tokens by the vocabulary. */
  coverage: Coverage;
}

/** Options of {@link buildEmbedding}. */
export interface EmbeddingOptions {
  /** Out-of-vocabulary rule (default `zero`); see {@link OovRule}. */
  oov?: OovRule;
  /** Tokens seen fewer times map to `<unk>` (default 1: keep every token with a vector). */
  minCount?: number;
}

/**
 * The vocabulary of the counted tokens that have vectors, and its matrix.
 *
 * ```ts
 * const counts = countTokens(pooled.all);
 * const { vectors } = await readGlove(path, counts);
 * const embedding = buildEmbedding(counts, vectors);            // oov: 'zero'
 * new Trainer({ inputDim: embedding.dim, trainSize: n }, embedding.matrix);
 * ```
 */
export function buildEmbedding(
  counts: ReadonlyMap<string, number>,
  vectors: WordVectors,
  options: EmbeddingOptions = {},
): Embedding {
  requireObject(counts, 'buildEmbedding', 'counts', 'token counts (a Map, e.g. from countTokens)');
  requireObject(vectors, 'buildEmbedding', 'vectors', 'WordVectors');
  const oov = options.oov ?? 'zero';
  checkOovRule(oov);
  const vocabulary = buildVocabulary(counts, {
    oov,
    minCount: options.minCount ?? 1,
    keep: (t) => vectors.index.has(t),
  });
  const dim = vectors.dim;
  const matrix = embeddingMatrix(vocabulary.tokens, vectors);
  const known = vocabulary.tokens.length - 1;
  if (oov === 'mean' && known > 0) {
    const mean = new Float64Array(dim);
    for (let id = 1; id <= known; id++)
      for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (matrix[id * dim + j] as number);
    for (let j = 0; j < dim; j++) matrix[UNK_ID * dim + j] = (mean[j] as number) / known;
  }
  const coverage = computeCoverage(counts, { has: (t) => (vocabulary.ids.get(t) ?? UNK_ID) !== UNK_ID });
  return { vocabulary, matrix, dim, coverage };
}

/**
 * The embedding matrix of a fixed token list (e.g. a saved model's vocabulary), tokens.length × dim:
 * row i is the vector of `tokens[i]`; row {@link UNK_ID} and tokens without a vector are zeros.
 *
 * ```ts
 * const matrix = embeddingMatrix(model.vocabulary, vectors); // row i ↔ word i of the model
 * ```
 */
export function embeddingMatrix(tokens: readonly string[], vectors: WordVectors): Float32Array {
  const dim = vectors.dim;
  const matrix = new Float32Array(tokens.length * dim);
  for (let id = 0; id < tokens.length; id++) {
    if (id === UNK_ID) continue;
    const row = vectors.index.get(tokens[id] as string);
    if (row !== undefined) matrix.set(vectors.data.subarray(row * dim, (row + 1) * dim), id * dim);
  }
  return matrix;
}
