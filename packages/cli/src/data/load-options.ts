/** How `--data` is read: the options every corpus loader takes (one file, so loaders and the dispatcher do not import each other). */
import type { TableOptions } from './table.js';

/**
 * Fixed pair features for the RNN head and the baselines: `none` (the method's model) or
 * `overlap` (@vb/core's 18 lexical-overlap features, real sentences only).
 */
export type PairFeatureKind = 'none' | 'overlap';

export interface LoadOptions {
  vectors?: string;
  /** Default `none`. */
  pairFeatures?: PairFeatureKind;
  protocol: 'pooled' | 'official';
  /** Train/validation/test fractions for data without a fixed split. */
  split: [number, number, number];
  splitSeed: number;
  /** Encode with this vocabulary (a saved model's) instead of building one from the data. */
  vocabulary?: string[];
  /** How to read CSV/TSV/JSONL/STS files (and the tokenizer of MSRP). */
  table?: TableOptions;
  /** Where to say what was inferred (columns found from a header, label names). */
  log?: (message: string) => void;
}
