/**
 * Sentence pairs without labels, for `vb-cli predict`: from a CSV/TSV/JSONL/STS file (columns from
 * `--columns` or a header with the usual names) or from tab-separated lines on standard input.
 */
import { type ColumnMapping, parseDelimitedRecords, type Quoting } from '@vb/core';
import { UsageError } from '../usage-error.js';
import { describeColumns, detectColumns, looksLikeHeader } from './columns.js';
import type { TableFormat } from './spec.js';

export interface RawPair {
  /** 1-based line where the pair starts. */
  line: number;
  /** A sentence, or its tokens (JSONL arrays). */
  a: string | string[];
  b: string | string[];
}

export interface SentenceTableOptions {
  columns?: Partial<ColumnMapping>;
  header?: boolean;
  quoting?: Quoting;
  log?: (message: string) => void;
}

/**
 * The pairs of `text`. Without a header or `--columns`, CSV/TSV take the first two fields as the
 * sentences (STS: fields 1 and 2, after the score).
 * @throws Error naming `file` and the line of a record without the sentence columns.
 */
export function readSentencePairs(
  text: string,
  format: TableFormat,
  file: string,
  o: SentenceTableOptions = {},
): RawPair[] {
  const out: RawPair[] = [];
  const explicit = o.columns ?? {};
  text = text.replace(/^\ufeff/, '');
  if (format === 'jsonl') {
    let columns: Partial<ColumnMapping> | undefined;
    text.split('\n').forEach((t, i) => {
      if (t.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: invalid JSON (${(e as Error).message})`);
      }
      if (typeof v !== 'object' || v === null)
        throw new Error(`${file}:${i + 1}: expected a JSON object or array`);
      if (!columns) {
        columns = Array.isArray(v)
          ? { sentence1: 0, sentence2: 1, ...explicit }
          : { ...detectColumns(Object.keys(v)), ...explicit };
        if (columns.sentence1 === undefined || columns.sentence2 === undefined)
          throw new UsageError(
            `${file}: cannot tell which fields hold the two sentences (keys: ${Object.keys(v).join(', ')}); give --columns sentence1=<key>,sentence2=<key>`,
          );
      }
      const r = v as Record<string | number, unknown>;
      const a = r[columns.sentence1 as string | number];
      const b = r[columns.sentence2 as string | number];
      const ok = (x: unknown) =>
        typeof x === 'string' || (Array.isArray(x) && x.every((t) => typeof t === 'string'));
      if (!ok(a) || !ok(b))
        throw new Error(
          `${file}:${i + 1}: fields ${JSON.stringify(columns.sentence1)} and ${JSON.stringify(columns.sentence2)} must be strings or lists of token strings`,
        );
      out.push({ line: i + 1, a: a as string | string[], b: b as string | string[] });
    });
    return out;
  }
  const syntax = {
    delimiter: format === 'csv' ? ',' : '\t',
    quoting: o.quoting ?? (format === 'csv' ? 'rfc4180' : 'none'),
  } as const;
  let at: [number, number] | undefined;
  for (const r of parseDelimitedRecords(text, syntax)) {
    if ('error' in r) throw new Error(`${file}:${r.line}: ${r.error}`);
    if (!at) {
      const names = r.fields.map((f) => f.trim());
      const byName = Object.values(explicit).some((x) => typeof x === 'string');
      const header = format !== 'sts' && (o.header ?? (byName || looksLikeHeader(names)));
      // Without a header, only a two-field layout says where the sentences are.
      const given = explicit.sentence1 !== undefined && explicit.sentence2 !== undefined;
      if (format !== 'sts' && !header && !given && names.length !== 2)
        throw new UsageError(
          `${file}: no header naming the sentence columns and ${names.length} fields per line (the first: ${names
            .slice(0, 4)
            .map((n) => JSON.stringify(n.slice(0, 30)))
            .join(
              ', ',
            )}${names.length > 4 ? ', …' : ''}); give --columns sentence1=<index>,sentence2=<index>`,
        );
      const columns: Partial<ColumnMapping> = {
        ...(format === 'sts'
          ? { sentence1: 1, sentence2: 2 }
          : header
            ? detectColumns(names)
            : { sentence1: 0, sentence2: 1 }),
        ...explicit,
      };
      const index = (ref: string | number | undefined) =>
        typeof ref === 'number' ? ref : ref === undefined ? -1 : names.indexOf(ref);
      at = [index(columns.sentence1), index(columns.sentence2)];
      if (at[0] < 0 || at[1] < 0)
        throw new UsageError(
          `${file}: cannot tell which columns hold the two sentences (${header ? `header: ${names.join(', ')}` : 'no header'}); give --columns sentence1=<name|index>,sentence2=<name|index>`,
        );
      if (header) {
        o.log?.(
          `columns of ${file}: ${describeColumns({ sentence1: columns.sentence1, sentence2: columns.sentence2 })}`,
        );
        continue;
      }
    }
    const [i, j] = at;
    const a = r.fields[i];
    const b = r.fields[j];
    if (a === undefined || b === undefined)
      throw new Error(
        `${file}:${r.line}: expected at least ${Math.max(i, j) + 1} fields, found ${r.fields.length}`,
      );
    out.push({ line: r.line, a, b });
  }
  return out;
}
