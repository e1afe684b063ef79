/**
 * One entry point over every text format: a {@link DatasetSpec} names the format and its options.
 */
import { type Pit2015Options, parsePit2015 } from './pit2015.js';
import {
  type DelimitedOptions,
  type JsonlOptions,
  parseDelimited,
  parseJsonl,
  parseSts,
  type StsOptions,
} from './tabular.js';
import type { PairDataset } from './types.js';
import { requireObject } from '../args.js';

/** A format and its options. `tsv` is `csv` with a tab delimiter (quoting still RFC 4180 unless `quoting: 'none'`). */
export type DatasetSpec =
  | ({ format: 'csv' | 'tsv' } & DelimitedOptions)
  | ({ format: 'jsonl' } & JsonlOptions)
  | ({ format: 'sts' } & StsOptions)
  | ({ format: 'pit2015' } & Pit2015Options);

/** The formats {@link parseDataset} reads. */
export type DatasetFormat = DatasetSpec['format'];

/**
 * Parses `text` in the format `spec` names.
 *
 * ```ts
 * parseDataset(text, { format: 'tsv', file: 'pairs.tsv', columns: { sentence1: 0, sentence2: 1, label: 2 }, classes: 3 });
 * ```
 */
export function parseDataset(text: string, spec: DatasetSpec): PairDataset {
  requireObject(spec, 'parseDataset', 'spec', '{ format, … }');
  switch (spec.format) {
    case 'csv':
      return parseDelimited(text, spec);
    case 'tsv':
      return parseDelimited(text, { ...spec, delimiter: spec.delimiter ?? '\t' });
    case 'jsonl':
      return parseJsonl(text, spec);
    case 'sts':
      return parseSts(text, spec);
    case 'pit2015':
      return parsePit2015(text, spec);
    default:
      throw new TypeError(`unknown dataset format ${JSON.stringify((spec as { format: unknown }).format)}`);
  }
}
