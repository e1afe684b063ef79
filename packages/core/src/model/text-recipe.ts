/**
 * What a model needs to read raw text the way it was trained: the tokenizer, lowercasing and the
 * longest sentence; and how its classes read back (label names; the score range its classes bin).
 * Stored in the model file so `predict` on new sentences needs nothing but the file.
 */
import type { Binning } from '../data/labels.js';
import { showValue } from '../data/show.js';

export const TEXT_TOKENIZERS = ['ptb', 'regex', 'whitespace'] as const;
export type TextTokenizer = (typeof TEXT_TOKENIZERS)[number];

export interface TextRecipe {
  tokenizer: TextTokenizer;
  lowercase: boolean;
  /** Sentences are cut to this many tokens. */
  maxLength: number;
  /** Class names in class order (absent: the classes are 0..K−1). */
  labelNames?: string[];
  /**
   * The score range [lo, hi] the classes grade (STS-like data; PIT-2015's 0..5 votes): the expected
   * score is lo + (hi − lo)·Σ_k k·p_k/(K − 1). Absent: the expected class Σ_k k·p_k.
   */
  scoreRange?: [number, number];
  binning?: Binning;
  /** The data it was trained on, so that evaluating it later reads the same files, split alike. */
  origin?: DataOrigin;
}

/** Where a model's training data came from (vb-cli's `--data`, `--vectors` and split options). */
export interface DataOrigin {
  /** The `--data` spec, e.g. `csv:pairs.csv` (paths as given, relative to where it ran). */
  data: string;
  /** `--vectors` (a path or `wink`). */
  vectors?: string;
  protocol?: 'pooled' | 'official';
  /** Train/validation/test fractions and the seed of the split (for data without a fixed split). */
  split: [number, number, number];
  splitSeed: number;
}

/** Checks a recipe read from a file (`fail` throws naming the file). */
export function validateTextRecipe(v: TextRecipe, classes: number, fail: (why: string) => never): TextRecipe {
  if (typeof v !== 'object' || v === null) fail('metadata "text" is not an object');
  if (!(TEXT_TOKENIZERS as readonly string[]).includes(v.tokenizer))
    fail(`metadata text.tokenizer ${showValue(v.tokenizer)} is not one of ${TEXT_TOKENIZERS.join(', ')}`);
  if (typeof v.lowercase !== 'boolean') fail('metadata text.lowercase is not a boolean');
  if (!(Number.isInteger(v.maxLength) && v.maxLength >= 1))
    fail('metadata text.maxLength is not a positive integer');
  if (
    v.labelNames !== undefined &&
    !(
      Array.isArray(v.labelNames) &&
      v.labelNames.length === classes &&
      v.labelNames.every((n) => typeof n === 'string')
    )
  )
    fail(`metadata text.labelNames is not a list of ${classes} names`);
  if (
    v.scoreRange !== undefined &&
    !(
      Array.isArray(v.scoreRange) &&
      v.scoreRange.length === 2 &&
      v.scoreRange.every((x) => Number.isFinite(x)) &&
      v.scoreRange[0] < v.scoreRange[1]
    )
  )
    fail('metadata text.scoreRange is not two finite numbers lo < hi');
  if (v.binning !== undefined && v.binning !== 'round' && v.binning !== 'floor')
    fail('metadata text.binning is not round or floor');
  const o = v.origin;
  if (
    o !== undefined &&
    !(
      typeof o === 'object' &&
      o !== null &&
      typeof o.data === 'string' &&
      (o.vectors === undefined || typeof o.vectors === 'string') &&
      (o.protocol === undefined || o.protocol === 'pooled' || o.protocol === 'official') &&
      Array.isArray(o.split) &&
      o.split.length === 3 &&
      o.split.every((f) => Number.isFinite(f) && f > 0 && f < 1) &&
      Number.isSafeInteger(o.splitSeed) &&
      o.splitSeed >= 0
    )
  )
    fail('metadata text.origin is not { data, vectors?, protocol?, split: three fractions, splitSeed }');
  return v;
}
