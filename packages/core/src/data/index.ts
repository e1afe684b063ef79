/** The data layer: readers, tokenisation, vocabulary, encoding, splits and minibatches. */
export { type BatchOptions, type EncodedBatch, epochOrder, iterateBatches, packBatch } from './batches.js';
export {
  checkDelimiter,
  type DelimitedRecord,
  type DelimitedSyntax,
  formatDelimitedRecord,
  parseDelimitedRecords,
  type Quoting,
} from './csv.js';
export { type DatasetFormat, type DatasetSpec, parseDataset } from './dataset.js';
export { type EncodedPairs, type EncodeOptions, encodePairs } from './encode.js';
export { OVERLAP_FEATURES, overlapFeatures, pairOverlap } from './overlap.js';
export {
  DataError,
  emptySkipReport,
  type InvalidReason,
  MAX_SKIP_EXAMPLES,
  mergeSkipReports,
  type OnInvalid,
  type SkipReport,
} from './errors.js';
export { type Binning, type LabelOptions, parseDecimal, scoreToClass } from './labels.js';
export { isBlank, type Line, linesOf, splitLines, type TextSource } from './lines.js';
export {
  PIT2015_CLASSES,
  type Pit2015Label,
  type Pit2015LabelKind,
  type Pit2015Official,
  type Pit2015Options,
  type Pit2015Pooled,
  type Pit2015TestOptions,
  type PooledOptions,
  parsePit2015,
  parsePit2015Labels,
  parsePit2015Test,
  pit2015Binary,
  pit2015Official,
  pit2015Pooled,
  pooledBinary,
} from './pit2015.js';
export { mixSeed, type Random, seededRandom, shuffleInPlace } from './random.js';
export {
  apportion,
  DEFAULT_SPLIT,
  DEFAULT_SPLIT_SEED,
  type SplitDatasetOptions,
  type SplitOptions,
  splitDataset,
  stratifiedSplit,
  subsetDataset,
} from './split.js';
export {
  type ColumnMapping,
  type ColumnRef,
  type DelimitedOptions,
  type JsonlOptions,
  parseDelimited,
  parseJsonl,
  parseSts,
  type StsOptions,
} from './tabular.js';
export {
  DEFAULT_TOKEN_PATTERN,
  makeTokenizer,
  ptbTokenize,
  regexTokenize,
  type Tokenizer,
  type TokenizerSpec,
  whitespaceTokenize,
} from './tokenize.js';
export type { PairDataset, ReadOptions, SentencePair, SourceRef } from './types.js';
export {
  buildVocabulary,
  countTokens,
  type OovRule,
  type TokenCounts,
  UNK_ID,
  UNK_TOKEN,
  type Vocabulary,
  type VocabularyOptions,
} from './vocabulary.js';
export { formatPairTable, type PairRow, type PairTableFormat } from './write-table.js';
export { detectColumns, looksLikeHeader } from './columns.js';
