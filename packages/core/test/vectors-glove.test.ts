import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, decodeText, parseGlove } from '../src/index.js';
import { rejectedDataError } from './data-error.js';

const glove = 'the 0.1 0.2 0.3\ncat -1 2.5e-1 3\ndog 0 0 0\n';

async function* chunks(parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

describe('GloVe text', () => {
  it('reads every vector without a filter; infers the dimension', async () => {
    const { vectors, coverage, stats } = await parseGlove(glove);
    expect(vectors.dim).toBe(3);
    expect(vectors.words).toEqual(['the', 'cat', 'dog']);
    expect([...vectors.data]).toEqual([0.1, 0.2, 0.3, -1, 0.25, 3, 0, 0, 0].map(Math.fround));
    expect(vectors.index.get('dog')).toBe(2);
    expect(coverage).toBeUndefined();
    expect(stats).toMatchObject({ format: 'glove', read: 3, kept: 3, duplicates: 0 });
  });

  it('keeps only the vocabulary; coverage weighted by counts', async () => {
    const counts = new Map([
      ['cat', 3],
      ['bird', 1],
      ['the', 6],
    ]);
    const { vectors, coverage, stats } = await parseGlove(glove, counts);
    expect(vectors.words).toEqual(['the', 'cat']);
    expect(coverage).toMatchObject({
      types: 3,
      typesCovered: 2,
      tokens: 10,
      tokensCovered: 9,
      missing: [{ token: 'bird', count: 1 }],
    });
    expect(coverage?.tokenCoverage).toBeCloseTo(0.9, 12);
    expect(stats.kept).toBe(2);
    const set = await parseGlove(glove, new Set(['dog', 'owl']));
    expect(set.coverage).toMatchObject({ types: 2, tokens: 2, tokensCovered: 1, typeCoverage: 0.5 });
  });

  it('handles CRLF, trailing spaces, blank lines, a word2vec header, words with spaces, duplicates', async () => {
    const text = '3 2\r\nthe 1 2 \r\n\r\n. . . 3 4\r\nthe 5 6\r\nx 7 8';
    const { vectors, stats } = await parseGlove(text);
    expect(stats.format).toBe('word2vec-text');
    expect(vectors.words).toEqual(['the', '. . .', 'x']);
    expect([...vectors.data]).toEqual([1, 2, 3, 4, 7, 8]);
    expect(stats.duplicates).toBe(1);
  });

  it('names the line of a wrong dimension or a non-numeric value', async () => {
    let e = await rejectedDataError(parseGlove('the 1 2 3\ncat 1 2\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:2: expected 3 values, found 2');
    expect(e.reason).toBe('dimension');
    e = await rejectedDataError(parseGlove('the 1 2 3\ncat 1 2 3 4\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:2: expected 3 values, found 4');
    e = await rejectedDataError(parseGlove('the 1 2 3\n\ncat 1 x 3\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:3: value 2 of "cat" is "x", not a finite number');
    // Only decimal numbers: JavaScript's Number() would read these as 16, 1 and ∞.
    for (const bad of ['0x10', '0b1', 'Infinity', '1_0']) {
      e = await rejectedDataError(parseGlove(`the 1 2 3\ncat 1 ${bad} 3\n`, undefined, { file: 'g.txt' }));
      expect(e.message).toBe(`g.txt:2: value 2 of "cat" is "${bad}", not a finite number`);
    }
    const ok = await parseGlove('the 1 -2.5e-3 +.5\n', undefined, { file: 'g.txt' });
    expect(Array.from(ok.vectors.data)).toEqual([1, Math.fround(-2.5e-3), 0.5]);
    e = await rejectedDataError(parseGlove('the 1 NaN 3\n', undefined, { file: 'g.txt' }));
    expect(e.line).toBe(1);
    e = await rejectedDataError(parseGlove('the 1 2 3\nlonely\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:2: expected a word followed by space-separated numbers');
    e = await rejectedDataError(parseGlove('the 1 2\n', undefined, { dim: 3 }));
    expect(e.message).toBe('<input>:1: expected 3 values, found 2');
  });

  it('with a filter, lines of other words are not parsed; bad kept lines are still caught', async () => {
    const text = 'the 1 2\nbroken 1\ncat 1 y\n';
    const ok = await parseGlove(text, new Set(['the']));
    expect(ok.vectors.words).toEqual(['the']);
    await expect(parseGlove(text, new Set(['cat']))).rejects.toThrow('<input>:3: value 2 of "cat" is "y"');
    const skipped = await parseGlove(text, undefined, { onInvalid: 'skip' });
    expect(skipped.vectors.words).toEqual(['the']);
    expect(skipped.stats.skipped.byReason).toEqual({ dimension: 1, syntax: 1 });
  });

  it('streams gzip through DecompressionStream, from a Node stream or a web ReadableStream', async () => {
    const bytes = gzipSync(Buffer.from(glove));
    async function* nodeLike() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const a = await parseGlove(decodeText(nodeLike(), { gzip: true }));
    expect(a.vectors.words).toEqual(['the', 'cat', 'dog']);
    const web = new Blob([bytes]).stream();
    const b = await parseGlove(decodeText(web, { gzip: true }));
    expect([...b.vectors.data]).toEqual([...a.vectors.data]);
    const plain = await parseGlove(decodeText(new Blob([glove]).stream()));
    expect(plain.vectors.words).toEqual(['the', 'cat', 'dog']);
  });

  it('property: parsing is independent of where the text is cut into chunks (also in UTF-8 bytes)', async () => {
    const word = fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }).filter((w) => !/\s/u.test(w));
    const value = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => v + 0); // −0 prints as 0
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.infiniteStream(value),
        async (words, dim, cuts, values) => {
          const it = values[Symbol.iterator]();
          const rows = words.map(
            (w) => [w, ...Array.from({ length: dim }, () => it.next().value as number)] as const,
          );
          const text = rows.map((r) => r.map(String).join(' ')).join('\n');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const bounds = [0, ...points, text.length];
          const parts = bounds.slice(1).map((end, i) => text.slice(bounds[i], end)); // empty chunks included
          const whole = await parseGlove(text);
          const chunked = await parseGlove(chunks(parts));
          const bytes = new TextEncoder().encode(text);
          async function* byteChunks() {
            let at = 0;
            for (const p of points) {
              const end = Math.min(bytes.length, p);
              if (end > at) yield bytes.subarray(at, end);
              at = Math.max(at, end);
            }
            yield bytes.subarray(at);
          }
          const decoded = await parseGlove(decodeText(byteChunks()));
          for (const r of [chunked, decoded]) {
            expect(r.vectors.words).toEqual(whole.vectors.words);
            expect(r.vectors.data).toEqual(whole.vectors.data);
          }
          expect(whole.vectors.words).toEqual(words);
          expect([...whole.vectors.data]).toEqual(
            rows.flatMap((r) => r.slice(1) as number[]).map(Math.fround),
          );
        },
      ),
    );
  });

  it('property: a garbage line names its line number, or parses (blank or valid)', async () => {
    const good = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer(), fc.integer()), {
      minLength: 1,
      maxLength: 8,
    });
    const garbage = fc.oneof(
      fc.string({ unit: 'binary' }).map((s) => s.replace(/[\r\n]/g, '')),
      fc.constantFrom('w 1', 'w 1 2 3', 'w 1 x', 'w  1', 'w Infinity 1', 'w 0x'),
    );
    await fc.assert(
      fc.asyncProperty(good, fc.nat(), garbage, async (rows, at, bad) => {
        const lines = rows.map((r) => r.join(' '));
        const pos = 1 + (at % lines.length); // after the first line, which fixes the dimension
        lines.splice(pos, 0, bad);
        try {
          await parseGlove(lines.join('\n'), undefined, { file: 'g' });
        } catch (e) {
          expect(e).toBeInstanceOf(DataError);
          expect((e as DataError).line).toBe(pos + 1);
        }
      }),
    );
  });
});
