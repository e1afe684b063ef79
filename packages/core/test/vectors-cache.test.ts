import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, decodeVectorCache, encodeVectorCache, makeWordVectors } from '../src/index.js';
import { readGlove, vocabularyHash, writeFileAtomic } from '../src/node/index.js';

describe('binary vector cache', () => {
  it('property: encode then decode gives the same words, vectors and key', () => {
    const word = fc.string({ minLength: 1, maxLength: 8 }).filter((w) => !w.includes('\n'));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { maxLength: 20 }),
        fc.integer({ min: 1, max: 6 }),
        fc.string(),
        fc.integer(),
        (words, dim, key, seed) => {
          const data = Float32Array.from({ length: words.length * dim }, (_, i) => Math.sin(seed + i) * 100);
          const bytes = encodeVectorCache(makeWordVectors(words, data, dim), key);
          expect(bytes.length % 4).toBe(0);
          const back = decodeVectorCache(bytes);
          expect(back.key).toBe(key);
          expect(back.vectors.words).toEqual(words);
          expect(back.vectors.dim).toBe(dim);
          expect(back.vectors.data).toEqual(data);
        },
      ),
    );
  });

  it('rejects corrupt bytes with a DataError', () => {
    const good = encodeVectorCache(makeWordVectors(['a', 'b'], Float32Array.from([1, 2, 3, 4]), 2), 'k');
    expect(() => decodeVectorCache(good.subarray(0, good.length - 4), 'c.vbvec')).toThrow(
      /^c\.vbvec: truncated/,
    );
    const magic = good.slice();
    magic[0] = 0;
    expect(() => decodeVectorCache(magic)).toThrow(DataError);
    const version = good.slice();
    version[4] = 9;
    expect(() => decodeVectorCache(version)).toThrow(/cache version 9/);
    expect(() => encodeVectorCache(makeWordVectors(['a\nb'], Float32Array.from([1]), 1), 'k')).toThrow(
      /newline/,
    );
  });
});

describe('readGlove and writeFileAtomic (node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vb-vectors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'the 0.1 0.2\ncat 1 2\ndog 3 4\n';

  it('streams plain and .gz files; names the path in errors', async () => {
    writeFileSync(join(dir, 'g.txt'), text);
    writeFileSync(join(dir, 'g.txt.gz'), gzipSync(text));
    const plain = await readGlove(join(dir, 'g.txt'), new Set(['cat', 'dog']));
    const gz = await readGlove(join(dir, 'g.txt.gz'), new Set(['cat', 'dog']));
    expect(plain.vectors.words).toEqual(['cat', 'dog']);
    expect(gz.vectors.data).toEqual(plain.vectors.data);
    expect(plain.cache).toBeUndefined();
    writeFileSync(join(dir, 'bad.txt'), 'the 1 2\ncat 1\n');
    await expect(readGlove(join(dir, 'bad.txt'), new Set(['cat']))).rejects.toThrow(
      `${join(dir, 'bad.txt')}:2: expected 2 values, found 1`,
    );
  });

  it('caches by path, size, mtime and vocabulary; rebuilds a stale or corrupt cache', async () => {
    const path = join(dir, 'c.txt');
    const cacheDir = join(dir, 'cache');
    writeFileSync(path, text);
    const vocab = new Map([
      ['cat', 2],
      ['the', 1],
      ['owl', 1],
    ]);
    const first = await readGlove(path, vocab, { cacheDir });
    expect(first.cache).toMatchObject({ hit: false, written: true });
    const second = await readGlove(path, vocab, { cacheDir });
    expect(second.cache).toMatchObject({ hit: true, path: first.cache?.path });
    expect(second.vectors.words).toEqual(first.vectors.words);
    expect(second.vectors.data).toEqual(first.vectors.data);
    expect(second.coverage).toEqual(first.coverage);
    // Another vocabulary: another cache file.
    const other = await readGlove(path, new Set(['dog']), { cacheDir });
    expect(other.cache?.hit).toBe(false);
    expect(other.cache?.path).not.toBe(first.cache?.path);
    // A changed source (new mtime): a miss.
    const t = statSync(path).mtime;
    utimesSync(path, t, new Date(t.getTime() + 5000));
    expect((await readGlove(path, vocab, { cacheDir })).cache?.hit).toBe(false);
    // A corrupt cache file: rebuilt, with the reason recorded.
    const cacheFile = (await readGlove(path, vocab, { cacheDir })).cache?.path as string;
    writeFileSync(cacheFile, 'garbage');
    const rebuilt = await readGlove(path, vocab, { cacheDir });
    expect(rebuilt.cache).toMatchObject({
      hit: false,
      written: true,
      error: expect.stringMatching(/bad magic/),
    });
    expect((await readGlove(path, vocab, { cacheDir })).cache?.hit).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('vocabularyHash ignores order and distinguishes sets', () => {
    expect(vocabularyHash(new Set(['a', 'b']))).toBe(
      vocabularyHash(
        new Map([
          ['b', 1],
          ['a', 9],
        ]),
      ),
    );
    expect(vocabularyHash(new Set(['a', 'b']))).not.toBe(vocabularyHash(new Set(['ab'])));
    expect(vocabularyHash(undefined)).toBe('all');
  });

  it('writeFileAtomic replaces the file, leaves no temporary file, and cleans up on failure', async () => {
    const target = join(dir, 'out.bin');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, Uint8Array.from([1, 2, 3]));
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    const missing = join(dir, 'no-such-folder', 'x');
    await expect(writeFileAtomic(missing, 'x')).rejects.toThrow(/ENOENT/);
    expect(existsSync(missing)).toBe(false);
    const asDir = join(dir, 'is-a-dir');
    rmSync(asDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(asDir, 'child'), { recursive: true }));
    await expect(writeFileAtomic(asDir, 'x')).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
