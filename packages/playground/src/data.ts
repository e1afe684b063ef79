/**
 * Reading the user's own table — CSV, TSV or JSON lines — the way vb-cli does
 * (packages/cli/src/data/table.ts): the columns
 * found from a header with the usual names, integer labels or sorted label names, the PTB
 * tokenizer lowercased, sentences cut to 40 tokens, a stratified 70/15/15 split with seed 2015,
 * and the vocabulary's words looked up in the vectors with their fallback forms (`n't` → `not`).
 * A model trained here on the same files therefore has the vocabulary vb-cli would build.
 */
import {
  type Binning,
  type ColumnMapping,
  DEFAULT_SPLIT,
  DEFAULT_SPLIT_SEED,
  detectColumns as detectHeaderColumns,
  type PairDataset,
  parseDecimal,
  parseDelimited,
  parseDelimitedRecords,
  parseJsonl,
  seededRandom,
  splitDataset,
  type WordVectors,
  makeWordVectors,
} from '@vb/core';
import type { ColumnChoice, TablePreview } from './protocol.js';

/** vb-cli's defaults (the split: @vb/core DEFAULT_SPLIT, DEFAULT_SPLIT_SEED; packages/cli/src/data/corpus.ts, tokenizers.ts). */
export const MAX_LENGTH = 40;
export const TOKENIZER = 'ptb' as const;
/** Score columns: vb-cli's default range and classes. */
export const SCORE_RANGE: [number, number] = [0, 5];
export const SCORE_CLASSES = 6;
export const SCORE_BINNING: Binning = 'round';

type Key = 'sentence1' | 'sentence2' | 'label' | 'score';

/** Column index per key found in a header (@vb/core's `detectColumns`, which vb-cli uses too). */
export function detectColumns(names: readonly string[]): Partial<Record<Key, number>> {
  const out: Partial<Record<Key, number>> = {};
  for (const [key, name] of Object.entries(detectHeaderColumns(names)) as Array<[Key, string]>)
    out[key] = names.indexOf(name);
  return out;
}

/** Tab-separated when the first line has a tab (and the name does not say .csv), else comma. */
export function delimiterOf(name: string, text: string): ',' | '\t' {
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (/\.csv$/i.test(name)) return ',';
  if (/\.(tsv|tab)$/i.test(name)) return '\t';
  return first.includes('\t') ? '\t' : ',';
}

const quotingOf = (delimiter: string) => (delimiter === ',' ? 'rfc4180' : 'none');

/** JSON lines when the name says so (.jsonl, .ndjson) or the first non-blank line is an object. */
export function formatOf(name: string, text: string): TablePreview['format'] {
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (!/\.(csv|tsv|tab)$/i.test(name) && /^\s*\{/.test(text)) return 'jsonl';
  return delimiterOf(name, text) === ',' ? 'csv' : 'tsv';
}

/**
 * The JSON objects of JSON lines, one per non-blank line; a line that is not an object is left out
 * here (the reader skips and counts it, as vb-cli does with --skip-invalid), and so is the last
 * line of a preview cut in the middle.
 */
function* jsonObjects(text: string): Generator<Record<string, unknown>> {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) yield v as Record<string, unknown>;
  }
}

const cell = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** The picker's choice from the columns a header names (each only when found). */
function detectedChoice(found: Partial<Record<Key, number>>): Partial<ColumnChoice> {
  return {
    ...(found.sentence1 !== undefined ? { sentence1: found.sentence1 } : {}),
    ...(found.sentence2 !== undefined ? { sentence2: found.sentence2 } : {}),
    ...(found.label !== undefined
      ? { target: found.label, targetKind: 'label' as const }
      : found.score !== undefined
        ? { target: found.score, targetKind: 'score' as const }
        : {}),
  };
}

/** JSON lines as a table: the first object's keys are the columns (vb-cli's rule), a header always. */
function previewJsonl(name: string, text: string): TablePreview {
  const objects: Array<Record<string, unknown>> = [];
  for (const o of jsonObjects(text)) {
    objects.push(o);
    if (objects.length >= 5) break;
  }
  const names = Object.keys(objects[0] ?? {});
  return {
    file: name,
    format: 'jsonl',
    header: names,
    columns: names.length,
    detected: detectedChoice(detectColumns(names)),
    rows: objects.map((o) => names.map((k) => cell(o[k]))),
  };
}

/** The first records and the columns found from the header, for the column picker. */
export function previewTable(name: string, raw: string): TablePreview {
  const text = raw.replace(/^\ufeff/, '');
  if (formatOf(name, text) === 'jsonl') return previewJsonl(name, text);
  const delimiter = delimiterOf(name, text);
  const rows: string[][] = [];
  for (const r of parseDelimitedRecords(text, { delimiter, quoting: quotingOf(delimiter) })) {
    if ('fields' in r) rows.push(r.fields.map((f) => f.trim()));
    if (rows.length >= 6) break;
  }
  const first = rows[0] ?? [];
  const found = detectColumns(first);
  // A first record that names both sentence columns is a header (vb-cli's rule).
  const header = found.sentence1 !== undefined && found.sentence2 !== undefined ? first : null;
  return {
    file: name,
    format: delimiter === ',' ? 'csv' : 'tsv',
    header,
    columns: first.length,
    detected: header ? detectedChoice(found) : {},
    rows: header ? rows.slice(1) : rows,
  };
}

/** Integer labels → K = max + 1 (≥ 2); names → the distinct names sorted (vb-cli's rule). */
function decideLabels(values: string[]): { classes: number; labelNames?: string[] } {
  const blank = values.indexOf('');
  if (blank !== -1) throw new Error(`record ${blank + 1}: the label is empty`);
  const numbers = values.map((v) => parseDecimal(v));
  if (numbers.every((n) => n !== undefined && Number.isInteger(n))) {
    const max = numbers.reduce<number>((m, n) => Math.max(m, n as number), 1);
    return { classes: Math.max(2, max + 1) };
  }
  const odd = numbers.findIndex((n) => n !== undefined && Number.isInteger(n));
  if (odd !== -1)
    throw new Error(
      `the label column mixes integers (${values[odd]}) and names (${values[numbers.findIndex((n) => n === undefined || !Number.isInteger(n))]})`,
    );
  const labelNames = [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en'));
  return { classes: labelNames.length, labelNames };
}

export interface ReadTable {
  splits: [PairDataset, PairDataset, PairDataset];
  classes: number;
  labelNames?: string[];
  scoreRange?: [number, number];
  binning?: Binning;
  skipped: number;
}

/** Parses the table with the chosen columns and splits it 70/15/15 (stratified, seed 2015). */
export function readTable(name: string, raw: string, choice: ColumnChoice): ReadTable {
  const text = raw.replace(/^\ufeff/, '');
  if (text.trim() === '') throw new Error(`${name} is empty`);
  const preview = previewTable(name, text);
  if (preview.format === 'jsonl') return readJsonl(name, text, preview, choice);
  const header = preview.header !== null;
  const delimiter = preview.format === 'csv' ? ',' : '\t';
  const labels = labelsOf(choice, function* () {
    let first = true;
    for (const r of parseDelimitedRecords(text, { delimiter, quoting: quotingOf(delimiter) })) {
      if (!('fields' in r)) continue;
      if (first && header) {
        first = false;
        continue;
      }
      first = false;
      const v = r.fields[choice.target];
      if (v !== undefined) yield v.trim();
    }
  });
  const dataset = parseDelimited(text, {
    ...readerOptions(name, choice, (i) => i, labels),
    delimiter,
    quoting: quotingOf(delimiter),
    header,
  });
  return finish(name, dataset, labels, choice);
}

type Labels = { classes: number; labelNames?: string[] };

/** The classes: decided from the label column's values (vb-cli's rule), or the score's bins. */
function labelsOf(choice: ColumnChoice, values: () => Iterable<string>): Labels {
  return choice.targetKind === 'label' ? decideLabels([...values()]) : { classes: SCORE_CLASSES };
}

/** What both readers are given: the chosen columns (as `ref` names them), vb-cli's text recipe, the classes. */
function readerOptions(
  name: string,
  choice: ColumnChoice,
  ref: (column: number) => ColumnMapping['sentence1'],
  labels: Labels,
) {
  const columns: ColumnMapping =
    choice.targetKind === 'label'
      ? { sentence1: ref(choice.sentence1), sentence2: ref(choice.sentence2), label: ref(choice.target) }
      : { sentence1: ref(choice.sentence1), sentence2: ref(choice.sentence2), score: ref(choice.target) };
  return {
    file: name,
    name,
    columns,
    tokenizer: TOKENIZER,
    lowercase: true,
    onInvalid: 'skip' as const,
    classes: labels.classes,
    labelNames: labels.labelNames,
    ...(choice.targetKind === 'score' ? { scoreRange: SCORE_RANGE, binning: SCORE_BINNING } : {}),
  };
}

/** JSON lines with the chosen keys (the preview's columns are the keys of the first objects). */
function readJsonl(name: string, text: string, preview: TablePreview, choice: ColumnChoice): ReadTable {
  const names = preview.header ?? [];
  const key = (i: number) => {
    const k = names[i];
    if (k === undefined) throw new Error(`${name}: column ${i} does not exist (keys: ${names.join(', ')})`);
    return k;
  };
  const labels = labelsOf(choice, function* () {
    const target = key(choice.target);
    // As vb-cli: a missing or null label is the reader's to skip, not a label.
    for (const o of jsonObjects(text)) {
      const v = o[target];
      if (v !== undefined && v !== null) yield cell(v).trim();
    }
  });
  const dataset = parseJsonl(text, readerOptions(name, choice, key, labels));
  return finish(name, dataset, labels, choice);
}

/** At least 10 pairs, split 70/15/15 (stratified, seed 2015). */
function finish(name: string, dataset: PairDataset, labels: Labels, choice: ColumnChoice): ReadTable {
  if (dataset.pairs.length < 10)
    throw new Error(
      `${name}: ${dataset.pairs.length} usable sentence pairs${dataset.skipped.total ? ` (${dataset.skipped.total} skipped; first: ${dataset.skipped.examples[0]?.message})` : ''}; at least 10 are needed`,
    );
  const splits = splitDataset(dataset, {
    fractions: DEFAULT_SPLIT,
    seed: DEFAULT_SPLIT_SEED,
    names: ['train', 'validation', 'test'],
  });
  return {
    splits: splits as [PairDataset, PairDataset, PairDataset],
    classes: dataset.classes,
    labelNames: labels.labelNames,
    ...(choice.targetKind === 'score' ? { scoreRange: SCORE_RANGE, binning: SCORE_BINNING } : {}),
    skipped: dataset.skipped.total,
  };
}

/** FNV-1a of a string: the seed of a word's hashed vector. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The built-in vectors: every word gets a fixed pseudo-random unit-variance Gaussian vector from
 * a hash of its text. Words are told apart (the same word has the same vector, so overlap between
 * the sentences is visible) but not related: use a GloVe file for meaning.
 */
export function hashedVectors(words: Iterable<string>, dim: number): WordVectors {
  const list = [...words];
  const data = new Float32Array(list.length * dim);
  list.forEach((w, i) => {
    const random = seededRandom(fnv1a(w));
    for (let d = 0; d < dim; d += 2) {
      const u1 = 1 - random();
      const u2 = random();
      const r = Math.sqrt(-2 * Math.log(u1));
      data[i * dim + d] = r * Math.cos(2 * Math.PI * u2);
      if (d + 1 < dim) data[i * dim + d + 1] = r * Math.sin(2 * Math.PI * u2);
    }
  });
  return makeWordVectors(list, data, dim);
}
