/**
 * Delimited text (CSV, TSV) per RFC 4180: fields separated by one delimiter character, records by
 * `\n` or `\r\n`; a field that *starts* with `"` is quoted, may contain delimiters, newlines and
 * doubled quotes `""`, and must be followed by a delimiter or the end of the record. A `"` inside an
 * unquoted field is an ordinary character (lenient, as most writers produce it). With
 * `quoting: 'none'` quotes are never special (the STS files need this: they hold unbalanced quotes).
 */
import { isBlank, stripBom } from './lines.js';

/** `rfc4180` (default): quoted fields as above; `none`: every character is literal. */
export type Quoting = 'rfc4180' | 'none';

/** Options of {@link parseDelimitedRecords} and {@link formatDelimitedRecord}. */
export interface DelimitedSyntax {
  /** One character, default `,`. */
  delimiter?: string;
  quoting?: Quoting;
}

/** A record, or the syntax error that ended it; `line` is where the record starts (1-based). */
export type DelimitedRecord = { line: number; fields: string[] } | { line: number; error: string };

export function checkDelimiter(delimiter: string): void {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new TypeError(
      `delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
    );
  }
}

/**
 * The records of `text`; blank lines (empty or whitespace-only, outside quotes) are skipped. After a
 * syntax error the scanner resumes at the next line (an unterminated quote ends the input).
 *
 * ```ts
 * [...parseDelimitedRecords('a,"b,c"\n"say ""hi""",d\n')];
 * // [{ line: 1, fields: ['a', 'b,c'] }, { line: 2, fields: ['say "hi"', 'd'] }]
 * ```
 */
export function* parseDelimitedRecords(
  text: string,
  syntax: DelimitedSyntax = {},
): Generator<DelimitedRecord> {
  const delimiter = syntax.delimiter ?? ',';
  checkDelimiter(delimiter);
  const quotes = (syntax.quoting ?? 'rfc4180') === 'rfc4180';
  const s = stripBom(text);
  const n = s.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let quotedAny = false;
    let error: string | undefined;
    for (;;) {
      if (quotes && s[i] === '"') {
        quotedAny = true;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q === -1) {
            error = 'unterminated quoted field (a `"` opens a field that never closes)';
            break;
          }
          value += s.slice(j, q);
          if (s[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        line += countNewlines(s, i, Math.min(j, n));
        if (error !== undefined) {
          yield { line: start, error };
          return;
        }
        i = j;
        fields.push(value);
        const c = s[i];
        if (c === delimiter) {
          i++;
          continue;
        }
        if (i >= n || c === '\n' || (c === '\r' && s[i + 1] === '\n')) break;
        error = `unexpected ${JSON.stringify(c)} after a closing quote (expected the delimiter or the end of the line)`;
        break;
      }
      let j = i;
      while (j < n && s[j] !== delimiter && s[j] !== '\n') j++;
      const atEol = j >= n || s[j] === '\n';
      fields.push(s.slice(i, atEol && s[j - 1] === '\r' && j > i ? j - 1 : j));
      i = j;
      if (atEol) break;
      i++; // past the delimiter
    }
    // Move past the end of this line (on an error: skip the rest of the physical line).
    const nl = s.indexOf('\n', i);
    i = nl === -1 ? n : nl + 1;
    line++;
    if (error !== undefined) {
      yield { line: start, error };
      continue;
    }
    if (!quotedAny && fields.length === 1 && isBlank(fields[0] as string)) continue;
    yield { line: start, fields };
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let k = 0;
  for (let p = s.indexOf('\n', from); p !== -1 && p < to; p = s.indexOf('\n', p + 1)) k++;
  return k;
}

/**
 * One record as a line (without the line ending), quoting only the fields that need it (those with
 * the delimiter, a quote, CR or LF, or a lone blank field that would read as a blank line).
 * @throws TypeError under `quoting: 'none'` when a field cannot be written.
 */
export function formatDelimitedRecord(fields: readonly string[], syntax: DelimitedSyntax = {}): string {
  const delimiter = syntax.delimiter ?? ',';
  checkDelimiter(delimiter);
  const quotes = (syntax.quoting ?? 'rfc4180') === 'rfc4180';
  return fields
    .map((f) => {
      const special = f.includes(delimiter) || f.includes('\n') || f.includes('\r');
      // A leading BOM would be stripped as the text's byte-order mark: quote it to keep it.
      const needs =
        special || f.includes('"') || f.startsWith('\ufeff') || (fields.length === 1 && isBlank(f));
      if (!quotes) {
        if (special || (fields.length === 1 && isBlank(f))) {
          throw new TypeError(`field ${JSON.stringify(f)} cannot be written without quoting`);
        }
        return f;
      }
      return needs ? `"${f.replaceAll('"', '""')}"` : f;
    })
    .join(delimiter);
}
