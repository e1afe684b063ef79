/**
 * The dataset type every reader returns: tokenised sentence pairs with a class label, and, where
 * the source has them, a binary (paraphrase) label and a real-valued score.
 */
import type { OnInvalid, SkipReport } from './errors.js';
import type { TokenizerSpec } from './tokenize.js';

/** Where a pair came from: the file name the caller gave and the 1-based line it starts on. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * One labelled sentence pair.
 *
 * ```ts
 * const pair: SentencePair = {
 *   a: ['a', 'walk', 'to', 'remember'], b: ['a', 'walk', 'to', 'remember', 'is', 'on'],
 *   label: 3, binary: 1, score: 3, source: { file: 'dev.data', line: 2 },
 * };
 * ```
 */
export interface SentencePair {
  /** Tokens of the first sentence (never empty). */
  a: string[];
  /** Tokens of the second sentence (never empty). */
  b: string[];
  /** The class the model is trained on: an integer in 0..classes−1. */
  label: number;
  /**
   * Binary paraphrase label where the protocol defines one (1 paraphrase, 0 not); absent for the
   * pairs the protocol calls debatable, and for sources without a binary task.
   */
  binary?: 0 | 1;
  /**
   * The graded judgement the label was derived from, where there is one: the STS score, the
   * PIT-2015 vote count k or expert score (0..5, so the 6-class y survives in binary protocols).
   */
  score?: number;
  source: SourceRef;
}

/**
 * A named list of pairs with K classes. Readers also report what they skipped.
 *
 * ```ts
 * const ds = parsePit2015(text, { file: 'dev.data' });
 * ds.classes;        // 6
 * ds.pairs[0]?.label; // 1
 * ds.skipped.total;  // 0 unless onInvalid: 'skip' dropped lines
 * ```
 */
export interface PairDataset {
  /** A short name, e.g. `pit2015-pooled/train`. */
  name: string;
  /** K: every `pair.label` is in 0..K−1. */
  classes: number;
  pairs: SentencePair[];
  /** Lines skipped under `onInvalid: 'skip'` (always present; `total` 0 otherwise). */
  skipped: SkipReport;
}

/** Options every text reader takes. */
export interface ReadOptions {
  /** The source's name, used in errors and `pair.source.file` (default `<input>`). */
  file?: string;
  /** Dataset name (default: `file`). */
  name?: string;
  /** `throw` (default): the first invalid line throws a DataError; `skip`: skip and count. */
  onInvalid?: OnInvalid;
  /** Lowercase every token (default `true`: GloVe 6B and wink vectors are lowercase). */
  lowercase?: boolean;
  /** How sentences become tokens (each reader documents its default). */
  tokenizer?: TokenizerSpec;
}
