/**
 * Generic readers driven by a column mapping — CSV/TSV (RFC 4180), JSONL — and the STS preset
 * (`score<TAB>sentence1<TAB>sentence2`). A new corpus format needs only a {@link ColumnMapping}.
 */
import { type DelimitedSyntax, parseDelimitedRecords } from './csv.js';
import { DataError } from './errors.js';
import type { LabelOptions } from './labels.js';
import { isBlank, splitLines } from './lines.js';
import { PairBuilder, type RawPair } from './pair-builder.js';
import type { PairDataset, ReadOptions } from './types.js';
import { requireObject, requireString } from '../args.js';

/** A column: its header name, or its 0-based index. In JSONL: an object key, or an array index. */
export type ColumnRef = string | number;

/**
 * Where the fields of a pair are. `label` or `score` (or both) must be given; with only `score`, the
 * class is the binned score (see {@link LabelOptions}).
 *
 * ```ts
 * const snli: ColumnMapping = { sentence1: 'sentence1', sentence2: 'sentence2', label: 'gold_label' };
 * const sts: ColumnMapping = { score: 0, sentence1: 1, sentence2: 2 };
 * ```
 */
export interface ColumnMapping {
  sentence1: ColumnRef;
  sentence2: ColumnRef;
  label?: ColumnRef;
  score?: ColumnRef;
}

/** Options of {@link parseDelimited}. Sentences default to the `regex` tokenizer. */
export interface DelimitedOptions extends ReadOptions, LabelOptions, DelimitedSyntax {
  columns: ColumnMapping;
  /**
   * The first record is a header of column names. Default: `true` when a column is referred to by
   * name, else `false`.
   */
  header?: boolean;
  /**
   * Every record must have exactly this many fields. Default: the header's count, or without a
   * header the first record's count.
   */
  columnCount?: number;
}

/** Options of {@link parseJsonl}: one JSON object (or array) per line. Sentences default to `regex`. */
export interface JsonlOptions extends ReadOptions, LabelOptions {
  columns: ColumnMapping;
}

/** Options of {@link parseSts}. Sentences default to the `regex` tokenizer; K defaults to 6, range to [0, 5]. */
export interface StsOptions extends ReadOptions, Omit<LabelOptions, 'labelNames'> {
  /** Skip a first header line (default false). */
  header?: boolean;
}

function refs(columns: ColumnMapping): [keyof ColumnMapping, ColumnRef][] {
  const out: [keyof ColumnMapping, ColumnRef][] = [];
  for (const key of ['sentence1', 'sentence2', 'label', 'score'] as const) {
    const ref = columns[key];
    if (ref === undefined) continue;
    if (typeof ref === 'number' ? !(Number.isInteger(ref) && ref >= 0) : typeof ref !== 'string') {
      throw new TypeError(`columns.${key} must be a column name or a 0-based index, got ${String(ref)}`);
    }
    out.push([key, ref]);
  }
  if (!columns.sentence1 && columns.sentence1 !== 0) throw new TypeError('columns.sentence1 is required');
  if (!columns.sentence2 && columns.sentence2 !== 0) throw new TypeError('columns.sentence2 is required');
  return out;
}

/**
 * Sentence pairs from CSV/TSV text.
 *
 * ```ts
 * const ds = parseDelimited('s1,s2,label\nA cat.,"A cat, sitting.",1\n', {
 *   file: 'pairs.csv', columns: { sentence1: 's1', sentence2: 's2', label: 'label' }, classes: 2,
 * });
 * ds.pairs[0]?.b; // ['a', 'cat', ',', 'sitting', '.']
 * ```
 * @throws DataError on an invalid record (unless `onInvalid: 'skip'`), and always on a header
 *   without a named column.
 */
export function parseDelimited(text: string, options: DelimitedOptions): PairDataset {
  requireString(text, 'parseDelimited', 'text');
  requireObject(options, 'parseDelimited', 'options', '{ columns, … }');
  const mapping = refs(options.columns);
  const header = options.header ?? mapping.some(([, r]) => typeof r === 'string');
  if (!header && mapping.some(([, r]) => typeof r === 'string')) {
    throw new TypeError('columns given by name need header: true');
  }
  const builder = new PairBuilder(
    options,
    { label: options.columns.label !== undefined, score: options.columns.score !== undefined },
    'regex',
  );
  const file = options.file ?? '<input>';
  let index: Map<keyof ColumnMapping, number> | undefined;
  let columnCount = options.columnCount;
  if (columnCount !== undefined && !(Number.isInteger(columnCount) && columnCount >= 1)) {
    throw new RangeError(`columnCount must be a positive integer, got ${columnCount}`);
  }
  for (const record of parseDelimitedRecords(text, options)) {
    if ('error' in record) {
      builder.policy.invalid(record.line, 'syntax', record.error);
      continue;
    }
    const { fields, line } = record;
    if (index === undefined) {
      index = new Map();
      const names = header ? fields.map((f) => f.trim()) : [];
      for (const [key, ref] of mapping) {
        const at = typeof ref === 'number' ? ref : names.indexOf(ref);
        if (at === -1) {
          throw new DataError(
            file,
            line,
            'header',
            `no column ${JSON.stringify(ref)} in the header (${names.map((n) => JSON.stringify(n)).join(', ')})`,
          );
        }
        index.set(key, at);
      }
      columnCount ??= fields.length;
      if (header) continue;
    }
    const need = Math.max(...index.values()) + 1;
    if (fields.length !== columnCount || fields.length < need) {
      const expected = Math.max(columnCount ?? 0, need);
      builder.policy.invalid(line, 'columns', `expected ${expected} columns, found ${fields.length}`);
      continue;
    }
    const raw: RawPair = {
      line,
      a: fields[index.get('sentence1') as number],
      b: fields[index.get('sentence2') as number],
    };
    const l = index.get('label');
    if (l !== undefined) raw.label = fields[l];
    const s = index.get('score');
    if (s !== undefined) raw.score = fields[s];
    builder.add(raw);
  }
  return builder.finish(options.name);
}

/**
 * Sentence pairs from JSON Lines: each non-blank line is one JSON object (columns by key) or array
 * (columns by index). A sentence may be a string (tokenised) or an array of token strings (used as
 * given, lowercased if asked); labels and scores may be numbers or numeric strings.
 *
 * ```ts
 * parseJsonl('{"s1":"hi there","s2":["hello","there"],"y":1}\n', {
 *   columns: { sentence1: 's1', sentence2: 's2', label: 'y' }, classes: 2,
 * }).pairs[0]?.b; // ['hello', 'there']
 * ```
 */
export function parseJsonl(text: string, options: JsonlOptions): PairDataset {
  requireString(text, 'parseJsonl', 'text');
  requireObject(options, 'parseJsonl', 'options', '{ columns, … }');
  const mapping = refs(options.columns);
  const builder = new PairBuilder(
    options,
    { label: options.columns.label !== undefined, score: options.columns.score !== undefined },
    'regex',
  );
  for (const { number: line, text: t } of splitLines(text)) {
    if (isBlank(t)) continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      builder.policy.invalid(line, 'syntax', `invalid JSON (${(e as Error).message})`);
      continue;
    }
    if (typeof value !== 'object' || value === null) {
      builder.policy.invalid(
        line,
        'syntax',
        `expected a JSON object or array, found ${JSON.stringify(value)}`,
      );
      continue;
    }
    const raw: RawPair = { line, a: undefined, b: undefined };
    let missing: string | undefined;
    for (const [key, ref] of mapping) {
      const has = Array.isArray(value)
        ? typeof ref === 'number' && ref < value.length
        : typeof ref === 'string' && Object.hasOwn(value, ref);
      if (!has) {
        missing = `no field ${JSON.stringify(ref)} (${key})`;
        break;
      }
      const v = (value as Record<string | number, unknown>)[ref];
      if (key === 'sentence1') raw.a = v;
      else if (key === 'sentence2') raw.b = v;
      else raw[key] = v;
    }
    if (missing !== undefined) {
      builder.policy.invalid(line, 'columns', missing);
      continue;
    }
    builder.add(raw);
  }
  return builder.finish(options.name);
}

/**
 * STS-style TSV: `score<TAB>sentence1<TAB>sentence2`, exactly three fields, no quoting (STS text
 * holds unbalanced quotes). The score is kept in `pair.score`; the class is the binned score
 * (default K = 6, range [0, 5], `round`: class = round(score)).
 *
 * ```ts
 * parseSts('3.8\tA man plays.\tA man is playing.\n').pairs[0]; // { label: 4, score: 3.8, ... }
 * ```
 */
export function parseSts(text: string, options: StsOptions = {}): PairDataset {
  requireString(text, 'parseSts', 'text');
  return parseDelimited(text, {
    ...options,
    columns: { score: 0, sentence1: 1, sentence2: 2 },
    delimiter: '\t',
    quoting: 'none',
    header: options.header ?? false,
    columnCount: 3,
  });
}
