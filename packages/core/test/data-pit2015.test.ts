import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  type PairDataset,
  parsePit2015,
  parsePit2015Labels,
  parsePit2015Test,
  pit2015Official,
  pit2015Pooled,
} from '../src/index.js';
import { thrownDataError } from './data-error.js';

const tags = 'A/O/DT/B-NP/O\tB/O/NN/I-NP/O';
const dev = [
  `17\tA Walk To Remember\tA Walk to Remember is the definition of true love\tA Walk to Remember is on and Im in town\t(1, 4)\t${tags}`,
  `17\tA Walk To Remember\tA Walk to Remember is the definition of true love\tA Walk to Remember is the cutest thing\t(3, 2)\t${tags}`,
  `4\tTopic\tx y\tz\t(2, 3)\t${tags}`,
  '4\tTopic\tfive columns\tare fine\t(5, 0)',
].join('\n');
const testData = [
  `51\t8 Mile\tAll the home alones watching 8 mile\t8 mile is on thats my movie\t3\t${tags}`,
  `51\t8 Mile\tAll the home alones watching 8 mile\tThe last rap battle in 8 Mile\t2\t${tags}`,
  `51\t8 Mile\ta b\tc d\t5\t${tags}`,
].join('\n');
const testLabel = '----\t0.6000\nfalse\t0.4000\ntrue\t1.0000\n';

describe('PIT-2015 files', () => {
  it('reads dev lines: y = k, whitespace tokens lowercased, official binary labels', () => {
    const ds = parsePit2015(dev, { file: 'dev.data' });
    expect(ds.classes).toBe(6);
    expect(ds.pairs.map((p) => [p.label, p.score, p.binary])).toEqual([
      [1, 1, 0],
      [3, 3, 1],
      [2, 2, undefined],
      [5, 5, 1],
    ]);
    expect(ds.pairs[2]).not.toHaveProperty('binary');
    expect(ds.pairs[0]?.b).toEqual(['a', 'walk', 'to', 'remember', 'is', 'on', 'and', 'im', 'in', 'town']);
    expect(ds.pairs[3]?.source).toEqual({ file: 'dev.data', line: 4 });
    expect(parsePit2015(dev, { lowercase: false }).pairs[0]?.a[1]).toBe('Walk');
  });

  it('reads test lines: y = expert score, binary 4–5 → 1, 0–2 → 0, 3 debatable', () => {
    const ds = parsePit2015(testData, { file: 'test.data' });
    expect(ds.pairs.map((p) => [p.label, p.binary])).toEqual([
      [3, undefined],
      [2, 0],
      [5, 1],
    ]);
  });

  it('names the file, the line and the problem', () => {
    const bad = (line: string) =>
      thrownDataError(() => parsePit2015(`${dev.split('\n')[0]}\n${line}`, { file: 'dev.data' }));
    let e = bad('only\tthree\tcolumns');
    expect(e.message).toMatch(/^dev\.data:2: expected 7 tab-separated columns .* found 3$/);
    expect([e.line, e.reason, e.source]).toEqual([2, 'columns', 'dev.data']);
    e = bad(`1\tt\ta\tb\t(2, 2)\t${tags}`);
    expect(e.message).toMatch(/dev\.data:2: label "\(2, 2\)": the two vote counts must sum to 5/);
    e = bad(`1\tt\ta\tb\tyes\t${tags}`);
    expect(e.reason).toBe('label');
    e = bad(`1\tt\ta\tb\t6\t${tags}`);
    expect(e.message).toMatch(/label "6" is not/);
    e = bad(`1\tt\ta\t  \t(1, 4)\t${tags}`);
    expect(e.message).toBe('dev.data:2: sentence 2 is empty');
    expect(e.reason).toBe('empty-sentence');
    expect(() => parsePit2015(testData, { kind: 'votes' })).toThrow(
      /<input>:1: label "3" is not "\(k, 5-k\)"/,
    );
  });

  it("with onInvalid: 'skip' drops bad lines and counts them by reason", () => {
    const text = `${dev}\nbad line\n1\tt\ta\tb\t(9, 9)\t${tags}\n1\tt\t \tb\t(1, 4)\t${tags}\n\n`;
    const ds = parsePit2015(text, { file: 'dev.data', onInvalid: 'skip' });
    expect(ds.pairs).toHaveLength(4);
    expect(ds.skipped.total).toBe(3);
    expect(ds.skipped.byReason).toEqual({ columns: 1, label: 1, 'empty-sentence': 1 });
    expect(ds.skipped.examples.map((e) => e.line)).toEqual([5, 6, 7]);
  });

  it('checks test.data against test.label; test.label gives the binary label', () => {
    const ds = parsePit2015Test(testData, testLabel, { file: 'test.data', labelFile: 'test.label' });
    expect(ds.pairs.map((p) => [p.label, p.binary])).toEqual([
      [3, undefined],
      [2, 0],
      [5, 1],
    ]);
    const wrongScore = testLabel.replace('false\t0.4000', 'false\t0.2000');
    expect(() => parsePit2015Test(testData, wrongScore, { file: 'test.data' })).toThrow(
      /^test\.label:2: score 0\.2 ≠ 2\/5/,
    );
    const wrongFlag = testLabel.replace('true\t1.0000', 'false\t1.0000');
    const e = thrownDataError(() => parsePit2015Test(testData, wrongFlag, { file: 'test.data' }));
    expect([e.line, e.reason]).toEqual([3, 'mismatch']);
    expect(e.message).toMatch(/flag false but score 5 means true/);
    expect(() => parsePit2015Test(testData, 'true\t1.0\n', { file: 'test.data' })).toThrow(
      /1 labels for 3 lines/,
    );
    expect(() => parsePit2015Labels('maybe\t0.2\n', { file: 'test.label' })).toThrow(
      /test\.label:1: label "maybe"/,
    );
    expect(() => parsePit2015Labels('true\tNaN\n', { file: 'test.label' })).toThrow(
      /test\.label:1: score "NaN"/,
    );
    const skipped = parsePit2015Test(testData, wrongFlag, { file: 'test.data', onInvalid: 'skip' });
    expect(skipped.pairs).toHaveLength(2);
    expect(skipped.skipped.byReason).toEqual({ mismatch: 1 });
  });

  it('pooled protocol: y kept, binary by y ≥ 3 / y ≤ 1; official protocol: binary labels, debatable dropped', () => {
    const d = parsePit2015(dev, { file: 'dev.data' });
    const t = parsePit2015Test(testData, testLabel, { file: 'test.data' });
    const pooled = pit2015Pooled(d, t, { seed: 3 });
    expect(pooled.all.pairs).toHaveLength(7);
    expect(pooled.all.pairs.map((p) => [p.label, p.binary ?? null])).toEqual([
      [1, 0],
      [3, 1],
      [2, null],
      [5, 1],
      [3, 1],
      [2, null],
      [5, 1],
    ]);
    const sizes = [pooled.train, pooled.validation, pooled.test].map((s) => s.pairs.length);
    expect(sizes.reduce((a, b) => a + b)).toBe(7);
    expect(pooled.train.name).toBe('pit2015-pooled/train');
    const official = pit2015Official(d, t);
    expect(official.train.classes).toBe(2);
    expect(official.train.pairs.map((p) => [p.label, p.score])).toEqual([
      [0, 1],
      [1, 3],
      [1, 5],
    ]);
    expect(official.test.pairs.map((p) => [p.label, p.score])).toEqual([
      [0, 2],
      [1, 5],
    ]);
  });
});

// Tokens as PIT has them: no whitespace; lowercase so the default lowercasing keeps them.
const token = fc.stringMatching(/^[a-z0-9#@'.,!?:)(-]{1,8}$/);
const sentence = fc.array(token, { minLength: 1, maxLength: 12 });
const devPair = fc.record({ a: sentence, b: sentence, k: fc.integer({ min: 0, max: 5 }) });
const devLine = (p: { a: string[]; b: string[]; k: number }) =>
  `1\tTopic\t${p.a.join(' ')}\t${p.b.join(' ')}\t(${p.k}, ${5 - p.k})\tx\ty`;

describe('PIT-2015 properties', () => {
  it('round trip: serialised pairs parse back equal', () => {
    fc.assert(
      fc.property(fc.array(devPair, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (pairs, eol) => {
        const ds: PairDataset = parsePit2015(pairs.map(devLine).join(eol) + eol, { file: 'f' });
        expect(ds.pairs.map((p) => ({ a: p.a, b: p.b, k: p.label }))).toEqual(pairs);
        expect(ds.pairs.map((p) => p.source.line)).toEqual(pairs.map((_, i) => i + 1));
      }),
    );
  });

  it('a garbage line among valid ones throws a DataError naming exactly that line (or parses, if blank)', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary' }).map((s) => s.replace(/[\r\n]/g, '')),
      fc
        .array(
          fc.string().map((s) => s.replace(/[\r\n\t]/g, '')),
          { minLength: 1, maxLength: 9 },
        )
        .map((c) => c.join('\t')),
      devPair.map((p) => devLine(p).replace(/\(\d, \d\)/, '(x, 1)')),
      devPair.map((p) => devLine({ ...p, a: [' '] })),
    );
    fc.assert(
      fc.property(fc.array(devPair, { minLength: 1, maxLength: 10 }), fc.nat(), garbage, (pairs, at, bad) => {
        const lines = pairs.map(devLine);
        const pos = at % (lines.length + 1);
        lines.splice(pos, 0, bad);
        let parsed: PairDataset;
        try {
          parsed = parsePit2015(lines.join('\n'), { file: 'garbage.data' });
        } catch (e) {
          expect(e).toBeInstanceOf(DataError);
          expect((e as DataError).line).toBe(pos + 1);
          expect((e as DataError).message.startsWith(`garbage.data:${pos + 1}: `)).toBe(true);
          return;
        }
        // Parsed: the inserted line must have been blank (ignored) or a valid PIT line.
        expect(parsed.pairs.length).toBe(bad.trim() === '' ? pairs.length : pairs.length + 1);
      }),
    );
  });
});
