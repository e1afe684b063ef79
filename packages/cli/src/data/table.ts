/**
 * A user's own corpus from CSV, TSV, JSONL or STS files: one file split 70/15/15 (stratified by
 * class, seeded) or three files used as train, validation and test. The columns come from
 * `--columns` or from a header with the usual names (printed); labels are integers, or names
 * (`--label-names`, else the distinct names in sorted order, printed); a score column is kept for
 * Pearson/Spearman and, without a label column, binned into K classes (`--classes`,
 * `--score-range`, `--binning`).
 */
import { resolve } from 'node:path';
import {
  type Binning,
  type ColumnMapping,
  type PairDataset,
  parseDecimal,
  parseDelimited,
  parseDelimitedRecords,
  parseJsonl,
  parseSts,
  type Quoting,
  splitDataset,
} from '@vb/core';
import { readText } from '@vb/core/node';
import { corpusData } from './corpus.js';
import type { SweepData } from './loaded.js';
import type { LoadOptions } from './load-options.js';
import { UsageError } from '../usage-error.js';
import { describeColumns, detectColumns, looksLikeHeader } from './columns.js';
import type { DataSpec, TableFormat } from './spec.js';
import { RAW_TOKENIZER, type TokenizerName } from './tokenizers.js';

/** How to read a table: the `--columns`, `--label-names`, … options. */
export interface TableOptions {
  columns?: Partial<ColumnMapping>;
  labelNames?: string[];
  classes?: number;
  scoreRange?: [number, number];
  binning?: Binning;
  /** Undefined: detected (a first record naming the sentence columns is a header). */
  header?: boolean;
  /** Default: `rfc4180` for CSV, `none` for TSV (IANA TSV has no quoting; corpora hold stray quotes). */
  quoting?: Quoting;
  tokenizer?: TokenizerName;
  /** Skip invalid records (counted and reported) instead of stopping at the first. */
  skipInvalid?: boolean;
}

const SPLIT_NAMES = ['train', 'validation', 'test'] as const;

interface Source {
  path: string;
  text: string;
}

async function readSources(spec: DataSpec): Promise<Source[]> {
  return Promise.all(
    spec.paths.map(async (path) => {
      let text: string;
      try {
        // A byte-order mark is no part of the first record (CSV and TSV strip it too).
        text = (await readText(path)).replace(/^\ufeff/, '');
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new Error(`--data ${spec.text}: cannot read ${path}: ${err.code ?? err.message}`);
      }
      if (text.trim() === '') throw new Error(`--data ${spec.text}: ${path} is empty`);
      return { path, text };
    }),
  );
}

function syntaxOf(format: TableFormat, t: TableOptions): { delimiter: string; quoting: Quoting } {
  return {
    delimiter: format === 'csv' ? ',' : '\t',
    quoting: t.quoting ?? (format === 'csv' ? 'rfc4180' : 'none'),
  };
}

/** The first record's fields (CSV/TSV) or the first object's keys (JSONL); [] when none. */
function firstNames(format: TableFormat, text: string, t: TableOptions): string[] {
  if (format === 'jsonl') {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const v = JSON.parse(line) as unknown;
        return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
      } catch {
        return [];
      }
    }
    return [];
  }
  for (const r of parseDelimitedRecords(text, syntaxOf(format, t))) {
    return 'fields' in r ? r.fields.map((f) => f.trim()) : [];
  }
  return [];
}

/** The label column's raw values in every file (to decide between integer labels and names). */
interface LabelValue {
  value: string;
  file: string;
  line: number;
}

function labelValues(
  format: TableFormat,
  sources: Source[],
  label: string | number,
  header: boolean[],
  t: TableOptions,
): LabelValue[] {
  const out: LabelValue[] = [];
  sources.forEach((s, i) => {
    if (format === 'jsonl') {
      for (const [n, line] of s.text.split('\n').entries()) {
        if (line.trim() === '') continue;
        try {
          const v = (JSON.parse(line) as Record<string | number, unknown>)[label];
          if (v !== undefined && v !== null) out.push({ value: String(v).trim(), file: s.path, line: n + 1 });
        } catch {
          // The reader reports the line properly.
        }
      }
      return;
    }
    let at: number | undefined = typeof label === 'number' ? label : undefined;
    let first = true;
    for (const r of parseDelimitedRecords(s.text, syntaxOf(format, t))) {
      if (!('fields' in r)) continue;
      if (first) {
        first = false;
        if (header[i]) {
          if (at === undefined) at = r.fields.map((f) => f.trim()).indexOf(label as string);
          continue;
        }
      }
      const v = at === undefined || at < 0 ? undefined : r.fields[at];
      if (v !== undefined) out.push({ value: v.trim(), file: s.path, line: r.line });
    }
  });
  return out;
}

interface Labels {
  classes?: number;
  labelNames?: string[];
  /** What to print about them, when they were inferred. */
  note?: string;
}

/** Integer labels → K = max + 1 over all files (≥ 2); names → sorted distinct names (printed). */
function decideLabels(labels: LabelValue[], t: TableOptions): Labels {
  const blank = labels.find((l) => l.value === '');
  if (blank) throw new Error(`${blank.file}: line ${blank.line}: the label is empty`);
  if (t.labelNames) {
    if (t.classes !== undefined && t.classes !== t.labelNames.length)
      throw new UsageError(
        `--classes ${t.classes} contradicts --label-names, which names ${t.labelNames.length} classes`,
      );
    return { labelNames: t.labelNames, classes: t.labelNames.length };
  }
  const values = labels.map((l) => l.value);
  const numbers = values.map((v) => parseDecimal(v));
  const integer = numbers.map((n) => n !== undefined && Number.isInteger(n));
  if (integer.every(Boolean)) {
    const max = numbers.reduce<number>((m, n) => Math.max(m, n as number), 1);
    return { classes: t.classes ?? Math.max(2, max + 1) };
  }
  // A mix of integers and names is a damaged column, not a set of names.
  const firstInteger = integer.indexOf(true);
  if (firstInteger !== -1) {
    const odd = labels[integer.indexOf(false)] as LabelValue;
    throw new Error(
      `${odd.file}: line ${odd.line}: label ${JSON.stringify(odd.value)} is not an integer class, while line ${labels[firstInteger]?.line} of ${labels[firstInteger]?.file} has the integer label ${labels[firstInteger]?.value} (for named classes give --label-names)`,
    );
  }
  const names = [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en'));
  if (t.classes !== undefined && t.classes !== names.length)
    throw new UsageError(
      `--classes ${t.classes}, but the label column holds ${names.length} distinct names (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}); give --label-names`,
    );
  return {
    labelNames: names,
    classes: names.length,
    note: `labels: ${names.map((n, i) => `${JSON.stringify(n)} = ${i}`).join(', ')} (sorted; --label-names to choose the order)`,
  };
}

/**
 * Every column the mapping names exists in every file — a name in its header, an index below its
 * first record's field count — and files agree on having a header: a usage error otherwise (exit 2).
 */
function checkMapping(
  spec: DataSpec,
  format: TableFormat,
  sources: Source[],
  names: string[][],
  header: boolean[],
  columns: Partial<ColumnMapping>,
): void {
  if (format === 'jsonl') return; // keys may differ per line; the reader names a missing one with its line
  const refs = Object.entries(columns) as Array<[string, string | number]>;
  const byName = refs.some(([, r]) => typeof r === 'string');
  sources.forEach((s, i) => {
    const fields = names[i] ?? [];
    if (byName && !header[i])
      throw new UsageError(
        `--data ${spec.text}: ${s.path} has no header line naming the columns (its first record: ${fields.map((f) => JSON.stringify(f)).join(', ')}), while ${sources[0]?.path}'s header names them; give every file a header, or the columns as 0-based indices with --no-header`,
      );
    for (const [key, ref] of refs) {
      if (typeof ref === 'string' && !fields.includes(ref))
        throw new UsageError(
          `--columns ${key}=${ref}: ${s.path} has no column ${JSON.stringify(ref)} (its header: ${fields.map((f) => JSON.stringify(f)).join(', ')})`,
        );
      if (typeof ref === 'number' && ref >= fields.length)
        throw new UsageError(
          `--columns ${key}=${ref}: ${s.path} has ${fields.length} columns (indices 0..${fields.length - 1})`,
        );
    }
  });
}

/** Reads the files of a table-format `--data` into train/validation/test datasets. */
export async function readTables(
  spec: DataSpec & { format: TableFormat },
  o: LoadOptions,
): Promise<{ splits: PairDataset[]; facts: Record<string, unknown> }> {
  const t = o.table ?? {};
  const log = o.log ?? (() => {});
  const sources = await readSources(spec);
  const format = spec.format;
  const tokenizer = t.tokenizer ?? RAW_TOKENIZER;
  const common = {
    tokenizer,
    lowercase: true,
    onInvalid: t.skipInvalid ? ('skip' as const) : ('throw' as const),
  };
  let datasets: PairDataset[];
  let facts: Record<string, unknown>;
  if (format === 'sts') {
    if (t.columns || t.labelNames || t.quoting)
      throw new UsageError(
        '--data sts: the STS format has fixed columns (score, sentence1, sentence2, tab-separated, no quoting); --columns, --label-names and --quoting do not apply (use tsv: for other layouts; --header skips a header line)',
      );
    datasets = sources.map((s) =>
      parseSts(s.text, {
        ...common,
        file: s.path,
        header: t.header ?? false,
        classes: t.classes,
        scoreRange: t.scoreRange,
        binning: t.binning,
      }),
    );
    facts = {
      columns: { score: 0, sentence1: 1, sentence2: 2 },
      scoreRange: t.scoreRange ?? [0, 5],
      binning: t.binning ?? 'round',
    };
  } else {
    const names = sources.map((s) => firstNames(format, s.text, t));
    const explicit = t.columns ?? {};
    const byName = Object.values(explicit).some((r) => typeof r === 'string');
    // CSV/TSV: a header when asked, when --columns names columns, or when the first record names the sentences.
    const header =
      format === 'jsonl'
        ? sources.map(() => false)
        : names.map((n) => t.header ?? (byName || looksLikeHeader(n)));
    if (format !== 'jsonl' && byName && header.some((h) => !h))
      throw new UsageError(
        '--columns names columns, but --no-header says the files have no header; give 0-based indices',
      );
    const detected = format === 'jsonl' || header[0] ? detectColumns(names[0] ?? []) : {};
    const columns: Partial<ColumnMapping> = { ...detected, ...explicit };
    const shown = (names[0] ?? []).map((n) => JSON.stringify(n)).join(', ');
    if (columns.sentence1 === undefined || columns.sentence2 === undefined)
      throw new UsageError(
        `--data ${spec.text}: cannot tell which columns hold the two sentences (${header[0] || format === 'jsonl' ? `first record's names: ${shown}` : 'no header'}); give --columns sentence1=<name|index>,sentence2=<name|index>,label=<name|index> (or score=…)`,
      );
    if (columns.label === undefined && columns.score === undefined)
      throw new UsageError(
        `--data ${spec.text}: no label or score column (${shown ? `names: ${shown}` : 'no header'}); add label=<name|index> or score=<name|index> to --columns`,
      );
    checkMapping(spec, format, sources, names, header, columns);
    const auto = Object.keys(detected).filter((k) => !Object.hasOwn(explicit, k));
    if (auto.length > 0)
      log(
        `columns of ${sources[0]?.path}: ${describeColumns(columns)} (found from the header; --columns to change)`,
      );
    const labels =
      columns.label !== undefined
        ? decideLabels(labelValues(format, sources, columns.label, header, t), t)
        : { classes: t.classes };
    if (labels.note) log(labels.note);
    const mapping = columns as ColumnMapping;
    datasets = sources.map((s, i) => {
      const options = {
        ...common,
        file: s.path,
        columns: mapping,
        classes: labels.classes,
        labelNames: labels.labelNames,
        scoreRange: t.scoreRange,
        binning: t.binning,
      };
      return format === 'jsonl'
        ? parseJsonl(s.text, options)
        : parseDelimited(s.text, { ...options, ...syntaxOf(format, t), header: header[i] });
    });
    facts = {
      columns: mapping,
      ...(labels.labelNames ? { labelNames: labels.labelNames } : {}),
      // Classes binned from a score: the expected score reads back on the score's scale.
      ...(columns.label === undefined
        ? { scoreRange: t.scoreRange ?? [0, 5], binning: t.binning ?? 'round' }
        : {}),
    };
  }
  for (const [i, d] of datasets.entries()) {
    if (d.pairs.length === 0)
      throw new Error(`--data ${spec.text}: ${sources[i]?.path} holds no sentence pair`);
  }
  for (const d of datasets) {
    const k = d.skipped;
    if (k.total > 0)
      log(
        `skipped ${k.total} invalid record${k.total > 1 ? 's' : ''} of ${d.name} (${Object.entries(k.byReason)
          .map(([r, n]) => `${r} ${n}`)
          .join(', ')}; first: ${k.examples[0]?.message})`,
      );
  }
  const classes = Math.max(...datasets.map((d) => d.classes));
  datasets = datasets.map((d) => ({ ...d, classes }));
  let splits: PairDataset[];
  if (datasets.length === 1) {
    splits = splitDataset(datasets[0] as PairDataset, {
      fractions: o.split,
      seed: o.splitSeed,
      names: [...SPLIT_NAMES],
    });
  } else splits = datasets.map((d, i) => ({ ...d, name: `${d.name}/${SPLIT_NAMES[i]}` }));
  // A class the model never sees in training can still be scored: say so.
  const seen = new Array<number>(classes).fill(0);
  for (const p of splits[0]?.pairs ?? []) seen[p.label] = (seen[p.label] ?? 0) + 1;
  const names = (facts.labelNames as string[] | undefined) ?? undefined;
  const unseen = seen.flatMap((n, k) =>
    n === 0 ? [names ? `${k} (${JSON.stringify(names[k])})` : String(k)] : [],
  );
  if (unseen.length > 0)
    log(
      `warning: class${unseen.length > 1 ? 'es' : ''} ${unseen.join(', ')} of ${classes} ha${unseen.length > 1 ? 've' : 's'} no training pair${format === 'sts' || !('columns' in facts) || (facts.columns as Partial<ColumnMapping>).label === undefined ? ' (the scores leave those bins empty: see --score-range and --classes)' : ''}`,
    );
  return {
    splits,
    facts: {
      format,
      files: sources.map((s) => resolve(s.path)),
      tokenizer,
      ...facts,
      ...(datasets.length === 1 ? { split: o.split, splitSeed: o.splitSeed } : {}),
    },
  };
}

/** The table-format corpus with its word vectors, ready for a sweep. */
export async function tableData(
  spec: DataSpec & { format: TableFormat },
  vectors: string,
  o: LoadOptions,
): Promise<SweepData> {
  const { splits, facts } = await readTables(spec, o);
  const [train, validation, test] = splits as [PairDataset, PairDataset, PairDataset];
  const hasScore = test.pairs.some((p) => p.score !== undefined);
  const how =
    splits.length === 3 && spec.paths.length === 3
      ? 'train, validation and test files as given'
      : `split ${o.split.map((f) => Math.round(f * 100)).join('/')} stratified by class (seed ${o.splitSeed})`;
  const description = `${spec.format.toUpperCase()} data ${spec.paths.join(', ')}: ${train.classes} classes${hasScore ? ' (with gold scores)' : ''}, ${how}.`;
  return corpusData(
    {
      name: spec.text,
      description,
      dir: spec.paths[0] as string,
      train,
      validation,
      test,
      scoring: { paraphrase: false },
      stats: facts,
      text: {
        tokenizer: facts.tokenizer as TokenizerName,
        ...(facts.labelNames ? { labelNames: facts.labelNames as string[] } : {}),
        ...(facts.scoreRange
          ? { scoreRange: facts.scoreRange as [number, number], binning: facts.binning as Binning }
          : {}),
      },
    },
    vectors,
    o,
  );
}
