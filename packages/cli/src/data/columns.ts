/**
 * Column mapping of a table: `--columns sentence1=NAME|INDEX,sentence2=…,label=…|score=…`, or found
 * from a header whose names are the usual ones (sentence1/sentence2/label/score and close variants
 * such as `s1`, `text_a`, `question1`, `premise`/`hypothesis`, `gold_label`, `quality`, `#1 String`).
 */
import { type ColumnMapping, type ColumnRef, detectColumns, looksLikeHeader } from '@vb/core';
import { InvalidArgumentError } from 'commander';

export type ColumnKey = keyof ColumnMapping;
export const COLUMN_KEYS: readonly ColumnKey[] = ['sentence1', 'sentence2', 'label', 'score'];

/**
 * `--columns`: comma-separated `key=ref`, key ∈ sentence1, sentence2, label, score; ref a header
 * name or a 0-based column index (JSONL: an object key or array index).
 */
export function parseColumnsOption(value: string): Partial<ColumnMapping> {
  const out: Partial<ColumnMapping> = {};
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const ref = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (!(COLUMN_KEYS as readonly string[]).includes(key) || ref === '')
      throw new InvalidArgumentError(
        `expected comma-separated key=column with key ∈ {${COLUMN_KEYS.join(', ')}} and column a header name or a 0-based index, got "${part}"`,
      );
    if (Object.hasOwn(out, key)) throw new InvalidArgumentError(`"${key}" is given twice in "${value}"`);
    out[key as ColumnKey] = /^\d+$/.test(ref) ? Number(ref) : ref;
  }
  return out;
}

/** `sentence1 = "s1", sentence2 = "s2", label = column 3` — for the message that prints a mapping. */
export function describeColumns(m: Partial<ColumnMapping>): string {
  return COLUMN_KEYS.filter((k) => m[k] !== undefined)
    .map((k) => `${k} = ${typeof m[k] === 'number' ? `column ${m[k]}` : JSON.stringify(m[k])}`)
    .join(', ');
}

export { type ColumnRef, detectColumns, looksLikeHeader };
