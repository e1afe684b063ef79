/**
 * Writing sentence pairs as a table that `vb-cli --data` (and {@link parseDataset}) reads back: CSV
 * (RFC 4180 quoting), TSV (no quoting: IANA TSV), or JSON Lines, with the columns `sentence1`,
 * `sentence2` and `label` and/or `score` — the header names the readers find without a mapping.
 */
import { formatDelimitedRecord } from './csv.js';

export interface PairRow {
  sentence1: string;
  sentence2: string;
  /** A class (integer) or a label name. */
  label?: number | string;
  score?: number;
}

export type PairTableFormat = 'csv' | 'tsv' | 'jsonl';

/**
 * The table text (with a trailing newline). Every row must have the same columns.
 *
 * ```ts
 * formatPairTable([{ sentence1: 'A cat, sitting.', sentence2: 'A cat.', label: 1 }], 'csv');
 * // 'sentence1,sentence2,label\n"A cat, sitting.",A cat.,1\n'
 * ```
 * @throws TypeError naming the row when rows differ in their columns, a number is not finite, or a
 *   TSV field holds a tab or a line break (TSV cannot quote).
 */
export function formatPairTable(rows: readonly PairRow[], format: PairTableFormat): string {
  const first = rows[0];
  const columns = (['sentence1', 'sentence2', 'label', 'score'] as const).filter(
    (c) => first === undefined || first[c] !== undefined,
  );
  const lines: string[] = [];
  const syntax = format === 'csv' ? { delimiter: ',' } : { delimiter: '\t', quoting: 'none' as const };
  if (format !== 'jsonl') lines.push(formatDelimitedRecord(columns, syntax));
  rows.forEach((r, i) => {
    const have = (['sentence1', 'sentence2', 'label', 'score'] as const).filter((c) => r[c] !== undefined);
    if (have.join() !== columns.join())
      throw new TypeError(
        `row ${i + 1} has the columns ${have.join(', ')}, the first row ${columns.join(', ')}`,
      );
    for (const c of ['label', 'score'] as const) {
      const v = r[c];
      if (typeof v === 'number' && !Number.isFinite(v))
        throw new TypeError(`row ${i + 1}: ${c} ${v} is not finite`);
    }
    if (format === 'jsonl') {
      lines.push(JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c]]))));
      return;
    }
    try {
      lines.push(
        formatDelimitedRecord(
          columns.map((c) => String(r[c])),
          syntax,
        ),
      );
    } catch (e) {
      throw new TypeError(`row ${i + 1}: ${(e as Error).message} (TSV has no quoting; use CSV or JSONL)`);
    }
  });
  return `${lines.join('\n')}\n`;
}
