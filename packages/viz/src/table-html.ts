/** Tables for the report: plain rows of text and numbers, escaped, numbers formatted and right-aligned. */
import { escapeHtml } from './escape.js';

/** Text that reads as a number (e.g. a formatted percentage), aligned like one. */
const NUMERIC_TEXT = /^[-−+]?[\d,]*\.?\d+(e[-+]?\d+)?%?$/i;

/** One table cell: text, a number (formatted by {@link formatCell}), or empty. */
export type CellValue = string | number | null | undefined;

/** A table of the report. */
export interface ReportTable {
  /** Shown above the table. */
  caption?: string;
  /** Column headers. */
  columns: string[];
  /** Rows of cells, in column order; missing cells are empty. */
  rows: CellValue[][];
  /** Decimals of non-integer numbers (default 3). */
  digits?: number;
  /** A note under the table (plain text). */
  note?: string;
}

/**
 * A cell as text: integers with thousands separators, other numbers with `digits` decimals
 * (exponent notation when tiny or huge), empty and non-finite numbers as an em dash.
 *
 * ```ts
 * formatCell(30000); // '30,000'
 * formatCell(0.33041); // '0.330'
 * ```
 */
export function formatCell(value: CellValue, digits = 3): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  const a = Math.abs(value);
  if (a >= 1e6 || (a > 0 && a < 10 ** -digits)) return value.toExponential(2);
  return value.toFixed(digits);
}

/** The table as HTML (`<table>` with `<caption>`, `<thead>`, `<tbody>`); numeric columns get class `num`. */
export function tableHtml(table: ReportTable): string {
  const digits = table.digits ?? 3;
  const numeric = table.columns.map((_, j) => {
    const present = table.rows.map((r) => r[j]).filter((v) => v !== null && v !== undefined);
    return (
      present.length > 0 && present.every((v) => typeof v === 'number' || NUMERIC_TEXT.test(v as string))
    );
  });
  const cls = (j: number) => (numeric[j] ? ' class="num"' : '');
  const head = table.columns.map((c, j) => `<th scope="col"${cls(j)}>${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map(
      (r) =>
        `<tr>${table.columns.map((_, j) => `<td${cls(j)}>${escapeHtml(formatCell(r[j], digits))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>\n` : '';
  const note = table.note ? `\n<p class="note">${escapeHtml(table.note)}</p>` : '';
  return `<div class="table">\n<table>\n${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${note}\n</div>`;
}
