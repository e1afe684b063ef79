import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDelimitedRecord, parseDelimitedRecords } from '../src/index.js';

const records = (text: string, syntax = {}) => [...parseDelimitedRecords(text, syntax)];

describe('RFC 4180 records', () => {
  it('reads quoted fields, doubled quotes, embedded delimiters and newlines', () => {
    const text = 'a,"b,c"\r\n"say ""hi""",d\n"multi\nline",x\n\n   \nlast,"" \n';
    expect(records(text)).toEqual([
      { line: 1, fields: ['a', 'b,c'] },
      { line: 2, fields: ['say "hi"', 'd'] },
      { line: 3, fields: ['multi\nline', 'x'] },
      { line: 7, error: expect.stringMatching(/after a closing quote/) },
    ]);
  });

  it('treats a quote inside an unquoted field as a character; quoting none makes quotes literal', () => {
    expect(records('He said "hi",2\n')).toEqual([{ line: 1, fields: ['He said "hi"', '2'] }]);
    expect(records('"a\t"b\n', { delimiter: '\t', quoting: 'none' })).toEqual([
      { line: 1, fields: ['"a', '"b'] },
    ]);
  });

  it('reports an unterminated quote at the line where its record starts, and resumes after other errors', () => {
    expect(records('ok,1\n"open,2\nmore\n')).toEqual([
      { line: 1, fields: ['ok', '1'] },
      { line: 2, error: expect.stringMatching(/unterminated/) },
    ]);
    expect(records('"a"b,1\nc,2\n')).toEqual([
      { line: 1, error: expect.stringMatching(/after a closing quote/) },
      { line: 2, fields: ['c', '2'] },
    ]);
  });

  it('drops a leading byte-order mark, keeps empty fields, reads a last line without a newline', () => {
    expect(records('\ufeffa,,b')).toEqual([{ line: 1, fields: ['a', '', 'b'] }]);
  });

  it('formats only what needs quoting', () => {
    expect(formatDelimitedRecord(['a', 'b,c', 'd"e', 'x\ny', ''])).toBe('a,"b,c","d""e","x\ny",');
    expect(formatDelimitedRecord([''])).toBe('""');
    expect(formatDelimitedRecord(['a\tb', 'c'], { delimiter: '\t' })).toBe('"a\tb"\tc');
    expect(() => formatDelimitedRecord(['a\tb'], { delimiter: '\t', quoting: 'none' })).toThrow(TypeError);
    expect(() => formatDelimitedRecord(['a'], { delimiter: '"' })).toThrow(/delimiter/);
  });

  it('property: format then parse is the identity, with the starting line of each record', () => {
    const delimiter = fc.constantFrom(',', '\t', ';', '|');
    const field = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        delimiter,
        fc
          .integer({ min: 1, max: 5 })
          .chain((cols) =>
            fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { maxLength: 12 }),
          ),
        fc.constantFrom('\n', '\r\n'),
        (d, rows, eol) => {
          const lines = rows.map((r) => formatDelimitedRecord(r, { delimiter: d }));
          const parsed = records(lines.map((l) => l + eol).join(''), { delimiter: d });
          expect(parsed.map((r) => ('fields' in r ? r.fields : r))).toEqual(rows);
          let line = 1;
          parsed.forEach((r, i) => {
            expect(r.line).toBe(line);
            line += (lines[i] as string).split('\n').length;
          });
        },
      ),
    );
  });

  it('property: any text yields records or syntax errors with valid line numbers, never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom(',', '\t'), (text, d) => {
        const lines = text.split('\n').length;
        let last = 0;
        for (const r of parseDelimitedRecords(text, { delimiter: d })) {
          expect(r.line).toBeGreaterThan(last);
          expect(r.line).toBeLessThanOrEqual(lines);
          last = r.line;
        }
      }),
    );
  });
});
