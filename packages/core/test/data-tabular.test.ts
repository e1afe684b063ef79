import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  formatDelimitedRecord,
  parseDataset,
  parseDelimited,
  parseJsonl,
  parseSts,
  scoreToClass,
} from '../src/index.js';
import { thrownDataError } from './data-error.js';

describe('CSV/TSV with a column mapping', () => {
  const csv = 'id,s1,s2,label\n1,A cat.,"A cat, sitting.",1\n2,"He said ""no""",Nope,0\n';
  const columns = { sentence1: 's1', sentence2: 's2', label: 'label' };

  it('maps columns by header name, tokenises with the regex tokenizer, lowercases', () => {
    const ds = parseDelimited(csv, { file: 'pairs.csv', columns, classes: 2 });
    expect(ds.classes).toBe(2);
    expect(ds.pairs.map((p) => [p.a, p.b, p.label, p.source.line])).toEqual([
      [['a', 'cat', '.'], ['a', 'cat', ',', 'sitting', '.'], 1, 2],
      [['he', 'said', '"', 'no', '"'], ['nope'], 0, 3],
    ]);
    expect(ds.name).toBe('pairs.csv');
  });

  it('maps columns by 0-based index without a header; infers K = max label + 1', () => {
    const ds = parseDelimited('x\ty\t2\nu\tv\t0\n', {
      delimiter: '\t',
      columns: { sentence1: 0, sentence2: 1, label: 2 },
    });
    expect(ds.classes).toBe(3);
    expect(ds.pairs.map((p) => p.label)).toEqual([2, 0]);
  });

  it('maps textual labels with labelNames and keeps an optional score column', () => {
    const text = 's1,s2,gold,sim\na,b,entailment,4.5\nc,d,neutral,2\n';
    const ds = parseDelimited(text, {
      columns: { sentence1: 's1', sentence2: 's2', label: 'gold', score: 'sim' },
      labelNames: ['contradiction', 'neutral', 'entailment'],
    });
    expect(ds.classes).toBe(3);
    expect(ds.pairs.map((p) => [p.label, p.score])).toEqual([
      [2, 4.5],
      [1, 2],
    ]);
  });

  it('bins a score column into K classes when there is no label column', () => {
    const text = 'a\tb\t0.74\nc\td\t0.25\n';
    const ds = parseDelimited(text, {
      delimiter: '\t',
      columns: { sentence1: 0, sentence2: 1, score: 2 },
      classes: 2,
      scoreRange: [0, 1],
    });
    expect(ds.pairs.map((p) => [p.label, p.score])).toEqual([
      [1, 0.74],
      [0, 0.25],
    ]);
  });

  it('errors name the file, the line and the problem', () => {
    const opts = { file: 'p.csv', columns, classes: 2 };
    let e = thrownDataError(() => parseDelimited(`${csv}3,only two\n`, opts));
    expect(e.message).toBe('p.csv:4: expected 4 columns, found 2');
    e = thrownDataError(() => parseDelimited(`${csv}3,a,b,2\n`, opts));
    expect(e.message).toBe('p.csv:4: label 2 outside 0..1');
    e = thrownDataError(() => parseDelimited(`${csv}3,a,b,-1\n`, opts));
    expect(e.reason).toBe('label');
    e = thrownDataError(() => parseDelimited(`${csv}3,a,b,1.5\n`, opts));
    expect(e.message).toMatch(/p\.csv:4: label "1\.5" is not an integer class 0\.\.1/);
    e = thrownDataError(() => parseDelimited(`${csv}3,a, ... ,1\n`, { ...opts, tokenizer: /\w+/g }));
    expect(e.message).toBe('p.csv:4: sentence 2 empty (no tokens)');
    expect(e.reason).toBe('empty-sentence');
    e = thrownDataError(() => parseDelimited(`${csv}3,"a,b,1\n`, opts));
    expect([e.line, e.reason]).toEqual([4, 'syntax']);
    e = thrownDataError(() => parseDelimited('s1,s2,y\na,b,1\n', opts));
    expect(e.message).toMatch(/^p\.csv:1: no column "label" in the header/);
    const score = { file: 's.tsv', delimiter: '\t', columns: { sentence1: 0, sentence2: 1, score: 2 } };
    expect(() => parseDelimited('a\tb\tNaN\n', score)).toThrow('s.tsv:1: score "NaN" is not a finite number');
    expect(() => parseDelimited('a\tb\t\n', score)).toThrow('s.tsv:1: score "" is not a finite number');
    expect(() => parseDelimited('a\tb\t5.5\n', score)).toThrow('s.tsv:1: score 5.5 outside the range [0, 5]');
  });

  it("onInvalid: 'skip' skips and counts by reason; a missing header column still throws", () => {
    const text = `${csv}3,only two\n4,a,b,7\n5,a,b,x\n6,"",b,1\n`;
    const ds = parseDelimited(text, { columns, classes: 2, onInvalid: 'skip' });
    expect(ds.pairs).toHaveLength(2);
    expect(ds.skipped.total).toBe(4);
    expect(ds.skipped.byReason).toEqual({ columns: 1, label: 2, 'empty-sentence': 1 });
    expect(() => parseDelimited('a,b\n', { columns, onInvalid: 'skip' })).toThrow(DataError);
  });

  it('rejects bad mappings with a TypeError', () => {
    expect(() => parseDelimited('', { columns: { sentence1: 0, sentence2: 1 } })).toThrow(/label or a score/);
    expect(() =>
      parseDelimited('', { columns: { sentence1: 'a', sentence2: 'b', label: 'c' }, header: false }),
    ).toThrow(/need header/);
    expect(() => parseDelimited('', { columns: { sentence1: -1, sentence2: 1, label: 2 } })).toThrow(
      /0-based index/,
    );
  });
});

describe('JSONL', () => {
  it('reads objects by key and arrays by index; sentences may be token arrays', () => {
    const text = '{"s1":"Hi there","s2":["Hello","there"],"y":1}\n\n["a b","c",0]\n';
    const byKey = parseJsonl(text.split('\n')[0] as string, {
      columns: { sentence1: 's1', sentence2: 's2', label: 'y' },
      classes: 2,
    });
    expect(byKey.pairs[0]).toMatchObject({ a: ['hi', 'there'], b: ['hello', 'there'], label: 1 });
    const byIndex = parseJsonl(text.split('\n').slice(2).join('\n'), {
      columns: { sentence1: 0, sentence2: 1, label: 2 },
      classes: 2,
    });
    expect(byIndex.pairs[0]).toMatchObject({ a: ['a', 'b'], b: ['c'], label: 0 });
  });

  it('names the line of invalid JSON, missing fields, wrong types; ignores inherited keys', () => {
    const opts = { file: 'd.jsonl', columns: { sentence1: 'a', sentence2: 'b', label: 'y' }, classes: 2 };
    expect(() => parseJsonl('{"a":"x","b":"y","y":0}\n{oops}\n', opts)).toThrow(/^d\.jsonl:2: invalid JSON/);
    expect(() => parseJsonl('{"a":"x","y":0}\n', opts)).toThrow('d.jsonl:1: no field "b" (sentence2)');
    expect(() => parseJsonl('{"a":"x","b":3,"y":0}\n', opts)).toThrow(
      /d\.jsonl:1: sentence 2 is 3, not a string/,
    );
    expect(() => parseJsonl('42\n', opts)).toThrow(/d\.jsonl:1: expected a JSON object or array/);
    const proto = {
      ...opts,
      columns: { sentence1: 'constructor', sentence2: 'toString', label: '__proto__' },
    };
    expect(() => parseJsonl('{"a":"x"}\n', proto)).toThrow(/d\.jsonl:1: no field "constructor"/);
    const own = parseJsonl('{"constructor":"x","toString":"y","__proto__":1}\n', proto);
    expect(own.pairs[0]).toMatchObject({ a: ['x'], b: ['y'], label: 1 });
  });
});

describe('STS TSV', () => {
  it('keeps the score and bins it: round(score) for K = 6 on [0, 5]', () => {
    const ds = parseSts(
      '3.8\tA man plays.\tA "man" is playing.\n2.5\ta\tb\n2.49\ta\tb\n0\ta\tb\n5.000\ta\tb\n',
      { file: 'sts.tsv' },
    );
    expect(ds.pairs.map((p) => [p.score, p.label])).toEqual([
      [3.8, 4],
      [2.5, 3],
      [2.49, 2],
      [0, 0],
      [5, 5],
    ]);
    expect(ds.pairs[0]?.b).toEqual(['a', '"', 'man', '"', 'is', 'playing', '.']);
    const floor = parseSts('4.9\ta\tb\n5\ta\tb\n2.4\ta\tb\n', { classes: 2, binning: 'floor' });
    expect(floor.pairs.map((p) => p.label)).toEqual([1, 1, 0]);
    expect(() => parseSts('x\ta\tb\n', { file: 'sts.tsv' })).toThrow(
      'sts.tsv:1: score "x" is not a finite number',
    );
    expect(() => parseSts('1\ta\tb\tc\n', { file: 'sts.tsv' })).toThrow(
      'sts.tsv:1: expected 3 columns, found 4',
    );
    expect(parseDataset('1\ta\tb\n', { format: 'sts' }).pairs).toHaveLength(1);
  });

  it('scoreToClass: round and floor binning', () => {
    expect([0, 0.49, 0.5, 4.5, 5].map((s) => scoreToClass(s, 6, [0, 5]))).toEqual([0, 0, 1, 5, 5]);
    expect([0, 0.99, 1, 4.99, 5].map((s) => scoreToClass(s, 5, [0, 5], 'floor'))).toEqual([0, 0, 1, 4, 4]);
  });
});

const word = fc.stringMatching(/^[a-z]{1,6}$/);
const words = fc.array(word, { minLength: 1, maxLength: 8 });
const row = fc.record({
  a: words,
  b: words,
  label: fc.integer({ min: 0, max: 3 }),
  score: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => v + 0), // −0 prints as 0
});

describe('reader properties', () => {
  it('CSV/TSV round trip through formatDelimitedRecord (with a header, any delimiter)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.constantFrom(',', '\t', ';'), (rows, delimiter) => {
        const lines = [
          formatDelimitedRecord(['score', 'first', 'second', 'y'], { delimiter }),
          ...rows.map((r) =>
            formatDelimitedRecord([String(r.score), r.a.join(' '), ` ${r.b.join(', ')}`, String(r.label)], {
              delimiter,
            }),
          ),
        ];
        const ds = parseDelimited(lines.join('\r\n'), {
          delimiter,
          columns: { sentence1: 'first', sentence2: 'second', label: 'y', score: 'score' },
          classes: 4,
        });
        expect(ds.pairs.map((p) => [p.a, p.b.filter((t) => t !== ','), p.label, p.score])).toEqual(
          rows.map((r) => [r.a, r.b, r.label, r.score]),
        );
      }),
    );
  });

  it('JSONL round trip (strings or token arrays)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.boolean()), { maxLength: 20 }), (rows) => {
        const text = rows
          .map(([r, asArray]) =>
            JSON.stringify({ p: asArray ? r.a : r.a.join(' '), q: r.b, y: r.label, s: r.score }),
          )
          .join('\n');
        const ds = parseJsonl(text, {
          columns: { sentence1: 'p', sentence2: 'q', label: 'y', score: 's' },
          classes: 4,
        });
        expect(ds.pairs.map((p) => [p.a, p.b, p.label, p.score])).toEqual(
          rows.map(([r]) => [r.a, r.b, r.label, r.score]),
        );
      }),
    );
  });

  it('STS round trip: the class is the nearest integer grade of the score', () => {
    const sts = fc.record({
      a: words,
      b: words,
      score: fc.integer({ min: 0, max: 5000 }).map((v) => v / 1000),
    });
    fc.assert(
      fc.property(fc.array(sts, { maxLength: 20 }), (rows) => {
        const ds = parseSts(rows.map((r) => `${r.score}\t${r.a.join(' ')}\t${r.b.join(' ')}`).join('\n'));
        expect(ds.pairs.map((p) => [p.a, p.b, p.score])).toEqual(rows.map((r) => [r.a, r.b, r.score]));
        // Independent expectation: the integer grade nearest to the score, halves up.
        ds.pairs.forEach((p, i) => {
          const s = (rows[i] as { score: number }).score;
          const lower = Math.floor(s);
          expect(p.label).toBe(s - lower >= 0.5 ? lower + 1 : lower);
        });
      }),
    );
  });

  it('a garbage record among valid ones: a DataError at its line, or it parses (blank or valid)', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary' }).map((s) => s.replace(/[\r\n]/g, '')),
      fc.constantFrom('a,b', 'a,b,c,d,e', 'x,y,9', 'x,y,NaN', '"x,y,1', 'x,"",1', '"a"b,c,1'),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.nat(), garbage, (rows, at, bad) => {
        const lines = rows.map((r) => formatDelimitedRecord([r.a.join(' '), r.b.join(' '), String(r.label)]));
        const pos = at % (lines.length + 1);
        lines.splice(pos, 0, bad);
        let n: number;
        try {
          n = parseDelimited(lines.join('\n'), {
            file: 'g.csv',
            columns: { sentence1: 0, sentence2: 1, label: 2 },
            columnCount: 3,
            classes: 4,
          }).pairs.length;
        } catch (e) {
          expect(e).toBeInstanceOf(DataError);
          expect((e as DataError).line).toBe(pos + 1);
          expect((e as DataError).message.startsWith(`g.csv:${pos + 1}: `)).toBe(true);
          return;
        }
        expect(n).toBe(bad.trim() === '' ? rows.length : rows.length + 1);
      }),
    );
  });

  it('a garbage JSONL line: a DataError at its line, or it parses', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.oneof(fc.string(), fc.json()),
        (rows, at, bad) => {
          const lines = rows.map((r) => JSON.stringify({ a: r.a.join(' '), b: r.b.join(' '), y: r.label }));
          const clean = bad.replace(/[\r\n]/g, '');
          const pos = at % (lines.length + 1);
          lines.splice(pos, 0, clean);
          try {
            parseJsonl(lines.join('\n'), {
              file: 'g.jsonl',
              columns: { sentence1: 'a', sentence2: 'b', label: 'y' },
              classes: 4,
            });
          } catch (e) {
            expect(e).toBeInstanceOf(DataError);
            expect((e as DataError).line).toBe(pos + 1);
          }
        },
      ),
    );
  });
});
