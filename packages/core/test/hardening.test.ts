/**
 * Issue #13, the readers: each reported case (and each defect the fuzz tests found) as a test that
 * names the file, the option and the expected message.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  DataError,
  decodeModel,
  decodeSafetensors,
  decodeVectorCache,
  encodeModel,
  encodeVectorCache,
  makeWordVectors,
  modelFromTrainer,
  parseDecimal,
  parseDelimited,
  parseGlove,
  parseJsonl,
  parseSts,
  Trainer,
} from '../src/index.js';
import {
  FileError,
  readDataset,
  readGlove,
  readPit2015,
  readText,
  writeFileAtomic,
} from '../src/node/index.js';
import { rejectedDataError, thrownDataError } from './data-error.js';

const dir = mkdtempSync(join(tmpdir(), 'vb-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Awaits `p`, expects it to reject, and returns the error. */
async function rejected(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected a rejection');
}

const GLOVE = 'the 0.1 0.2 0.3\ncat 1 2 3\ndog 4 5 6\n';

describe('(a) the vector cache carries a checksum; a damaged cache is rebuilt with a notice, never used', () => {
  const vectors = makeWordVectors(['the', 'cat'], Float32Array.from([1, 2, 3, 4, 5, 6]), 3);
  const bytes = encodeVectorCache(vectors, 'key');
  /** Offset of the float data: the file ends with it (2 words × 3 values × 4 bytes). */
  const data = bytes.length - 24;

  it('a finite corruption (one bit of a value flipped) is refused: c.vbvec: checksum mismatch', () => {
    const damaged = bytes.slice();
    damaged[data + 4] = (damaged[data + 4] as number) ^ 0x01; // 2 → 2.0000002: still finite
    const e = thrownDataError(() => decodeVectorCache(damaged, 'c.vbvec'));
    expect(e.message).toMatch(
      /^c\.vbvec: checksum mismatch \(stored [0-9a-f]{8}, computed [0-9a-f]{8}\): the file is corrupt$/,
    );
  });

  it('a NaN is refused and named, even under a matching checksum: c.vbvec: value 2 of "the" is NaN', () => {
    const damaged = bytes.slice();
    new DataView(damaged.buffer).setFloat32(data + 4, Number.NaN, true);
    // Recompute the checksum (CRC-32 of everything but bytes 24..27) as a faulty writer would have.
    const sum = crc32(damaged.subarray(28), crc32(damaged.subarray(0, 24)));
    new DataView(damaged.buffer).setUint32(24, sum, true);
    expect(() => decodeVectorCache(damaged, 'c.vbvec')).toThrow(
      'c.vbvec: value 2 of "the" is NaN, not a finite number',
    );
    // The writer refuses non-finite vectors in the first place.
    const nan = makeWordVectors(['x'], Float32Array.from([Number.NaN]), 1);
    expect(() => encodeVectorCache(nan, 'k')).toThrow(
      'value 1 of "x" is NaN; only finite vectors are cached',
    );
  });

  it('readGlove({ cacheDir }): a damaged cache file is rebuilt from the source with a one-line notice', async () => {
    const source = join(dir, 'cached.txt');
    writeFileSync(source, GLOVE);
    const cacheDir = join(dir, 'cache-a');
    const notices: string[] = [];
    const onNotice = (m: string) => notices.push(m);
    const first = await readGlove(source, new Set(['cat', 'dog']), { cacheDir, onNotice });
    const file = first.cache?.path as string;
    expect(first.cache).toMatchObject({ hit: false, written: true });
    for (const damage of ['finite', 'nan'] as const) {
      const b = readFileSync(file);
      const at = b.length - 4; // the last value of "dog"
      if (damage === 'finite') b[at] = (b[at] as number) ^ 0x01;
      else b.writeFloatLE(Number.NaN, at);
      writeFileSync(file, b);
      const again = await readGlove(source, new Set(['cat', 'dog']), { cacheDir, onNotice });
      // Never used: the vectors are the source's.
      expect(Array.from(again.vectors.data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(again.stats.format).toBe('glove');
      expect(again.cache).toMatchObject({ hit: false, written: true, corrupt: true });
      expect(again.cache?.error).toMatch(/checksum mismatch/);
      // … and rebuilt: the next load is a hit.
      expect((await readGlove(source, new Set(['cat', 'dog']), { cacheDir, onNotice })).cache?.hit).toBe(
        true,
      );
    }
    expect(notices).toHaveLength(2);
    const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const n of notices) {
      expect(n).toMatch(
        new RegExp(
          `^vb: ${escapeRe(file)}: checksum mismatch \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\): the file is corrupt; rebuilding the vector cache from ${escapeRe(source)}$`,
        ),
      );
    }
    // A stale or missing cache is no news: no notice.
    writeFileSync(source, `${GLOVE}owl 7 8 9\n`);
    await readGlove(source, new Set(['cat', 'dog']), { cacheDir, onNotice });
    expect(notices).toHaveLength(2);
  });
});

describe('(b) a truncated or non-gzip .gz file is named', () => {
  it('readGlove: "<path>: not a gzip file", "<path>: truncated gzip stream", an empty file', async () => {
    const plain = join(dir, 'plain.txt.gz');
    writeFileSync(plain, GLOVE);
    let e = await rejectedDataError(readGlove(plain));
    expect(e.message).toBe(`${plain}: not a gzip file`);
    const gz = gzipSync(Buffer.from(GLOVE.repeat(50)));
    const truncated = join(dir, 'truncated.txt.gz');
    writeFileSync(truncated, gz.subarray(0, gz.length - 20));
    e = await rejectedDataError(readGlove(truncated));
    expect(e.message).toBe(`${truncated}: truncated gzip stream`);
    const empty = join(dir, 'empty.txt.gz');
    writeFileSync(empty, '');
    e = await rejectedDataError(readGlove(empty));
    expect(e.message).toBe(`${empty}: empty file, not a gzip file`);
  });

  it('readText / readDataset on .gz: the same messages', async () => {
    const truncated = join(dir, 'pairs.csv.gz');
    const gz = gzipSync(Buffer.from('s1,s2,label\na,b,1\n'.repeat(100)));
    writeFileSync(truncated, gz.subarray(0, gz.length - 9));
    expect((await rejectedDataError(readText(truncated))).message).toBe(
      `${truncated}: truncated gzip stream`,
    );
    const plain = join(dir, 'plain.csv.gz');
    writeFileSync(plain, 's1,s2,label\na,b,1\n');
    const e = await rejectedDataError(
      readDataset(plain, { columns: { sentence1: 's1', sentence2: 's2', label: 'label' } }),
    );
    expect(e.message).toBe(`${plain}: not a gzip file`);
  });
});

describe('(c) a directory given as a file (EISDIR): "<path> is a directory, expected a file"', () => {
  const folder = join(dir, 'a-folder.txt');
  mkdirSync(folder, { recursive: true });

  it('readGlove, readText, readDataset', async () => {
    for (const p of [
      readGlove(folder),
      readGlove(folder, undefined, { cacheDir: join(dir, 'cache-c') }),
      readText(folder),
      readDataset(folder, { format: 'tsv', columns: { sentence1: 0, sentence2: 1, label: 2 } }),
    ]) {
      const e = await rejected(p);
      expect(e).toBeInstanceOf(FileError);
      expect(e.message).toBe(`${folder} is a directory, expected a file`);
      expect((e as FileError).code).toBe('EISDIR');
    }
  });

  it('readPit2015 with dev.data a folder; a file given as the PIT-2015 folder', async () => {
    const pit = join(dir, 'pit-eisdir');
    mkdirSync(join(pit, 'dev.data'), { recursive: true });
    writeFileSync(join(pit, 'test.data'), '');
    writeFileSync(join(pit, 'test.label'), '');
    expect((await rejected(readPit2015(pit, 'pooled'))).message).toBe(
      `${join(pit, 'dev.data')} is a directory, expected a file`,
    );
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect((await rejected(readPit2015(file, 'pooled'))).message).toBe(
      `${file} is a file, expected a PIT-2015 folder (holding dev.data, test.data, test.label)`,
    );
  });
});

describe('model files', () => {
  const embeddings = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i));
  const trainer = new Trainer(
    { inputDim: 3, trainSize: 10, hidden: 2, classes: 3, family: 'diagonal', seed: 1 },
    embeddings,
  );
  const model = modelFromTrainer(trainer, { vocabulary: ['<unk>', 'a', 'b', 'c'], embeddings });
  trainer.free();

  /** The file with its JSON header changed by `edit` (tensor bytes kept as they are). */
  function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    edit(header);
    // `"@deep"` stands for an array nested 20,000 deep, which JSON.stringify cannot write.
    const text = JSON.stringify(header).replace('"@deep"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const json = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + n), 8 + json.length);
    return out;
  }

  it('(d) a negative std: "<file>: negative posterior std at weight i"; a zero std too', () => {
    const stds = model.stds.slice();
    stds[5] = -0.25;
    expect(() => decodeModel(encodeModel({ ...model, stds }), 'm.safetensors')).toThrow(
      'm.safetensors: negative posterior std at weight 5 (-0.25)',
    );
    stds[5] = 0;
    expect(() => decodeModel(encodeModel({ ...model, stds }), 'm.safetensors')).toThrow(
      'm.safetensors: posterior std 0 at weight 5 (a std must be > 0)',
    );
  });

  it('(f) a missing U.std is named, not reported as a gap in V.mean', () => {
    const bytes = withHeader(encodeModel(model), (h) => {
      delete h['U.std'];
    });
    expect(() => decodeModel(bytes, 'm.safetensors')).toThrow('m.safetensors: missing tensor U.std');
    // The container alone still reports the gap.
    expect(() => decodeSafetensors(bytes, 'm.safetensors')).toThrow(
      /m\.safetensors: tensor \S+: data is not contiguous/,
    );
  });

  it('(fuzz) a malformed header or metadata is an Error naming the file, never a TypeError or a stack overflow', () => {
    const bytes = encodeModel(model);
    const cases: Array<[(h: Record<string, unknown>) => void, string]> = [
      [
        (h) => {
          h['W.mean'] = null;
        },
        'm.safetensors: tensor W.mean: not an object with dtype, shape and data_offsets',
      ],
      [
        (h) => {
          (h['W.mean'] as { data_offsets: unknown }).data_offsets = 5;
        },
        'm.safetensors: tensor W.mean: data_offsets is not a pair [begin, end]',
      ],
      [
        (h) => {
          (h['W.mean'] as { dtype: unknown }).dtype = 'toString';
        },
        'm.safetensors: tensor W.mean: unsupported dtype "toString"',
      ],
      [
        (h) => {
          (h['W.mean'] as { dtype: unknown }).dtype = '@deep';
        },
        'm.safetensors: tensor W.mean: unsupported dtype […]',
      ],
      [
        (h) => {
          h.__metadata__ = 7;
        },
        'm.safetensors: __metadata__ is not an object of strings',
      ],
    ];
    for (const [edit, message] of cases) {
      const b = withHeader(bytes, edit);
      expect(() => decodeModel(b, 'm.safetensors')).toThrow(message);
    }
    const meta = (b: Uint8Array, edit: (m: Record<string, Record<string, unknown>>) => void) =>
      withHeader(b, (h) => {
        const md = h.__metadata__ as Record<string, string>;
        const m = JSON.parse(md.model as string);
        edit(m);
        md.model = JSON.stringify(m);
      });
    expect(() =>
      decodeModel(
        meta(bytes, (m) => {
          (m.config as Record<string, unknown>).learningRate = [1];
        }),
        'm.safetensors',
      ),
    ).toThrow('m.safetensors: config.learningRate is [1], not a finite number or a name');
    expect(() =>
      decodeModel(
        meta(bytes, (m) => {
          (m.config as Record<string, unknown>).hidden = 100_000;
        }),
        'm.safetensors',
      ),
    ).toThrow(
      /^m\.safetensors: the config \(inputDim 3, hidden 100000, classes 3\) implies \d+ weights, more than 268435456$/,
    );
    expect(() =>
      decodeModel(
        meta(bytes, (m) => {
          m.vocabulary = [1, 2] as never;
        }),
        'm.safetensors',
      ),
    ).toThrow('m.safetensors: metadata vocabulary[0] is 1, not a string');
  });
});

describe('(e) a wrong dimension on vectors line 1 is blamed on line 1', () => {
  it('parseGlove: "g.txt:1: expected 3 values, found 2" (lines 2 and 3 agree on 3)', async () => {
    const e = await rejectedDataError(
      parseGlove('the 1 2\ncat 1 2 3\ndog 4 5 6\n', undefined, { file: 'g.txt' }),
    );
    expect(e.message).toBe('g.txt:1: expected 3 values, found 2');
    expect(e.line).toBe(1);
    // Under skip, line 1 is the one skipped and the rest are kept (before: every line after it).
    const skipped = await parseGlove('the 1 2\ncat 1 2 3\ndog 4 5 6\nowl 7 8 9\n', undefined, {
      onInvalid: 'skip',
    });
    expect(skipped.vectors.words).toEqual(['cat', 'dog', 'owl']);
    expect(skipped.stats.skipped.examples[0]?.line).toBe(1);
    // Two lines only: no majority; the second is blamed, as before.
    expect(
      (await rejectedDataError(parseGlove('the 1 2\ncat 1 2 3\n', undefined, { file: 'g.txt' }))).line,
    ).toBe(2);
  });

  it('readGlove names the path and line 1', async () => {
    const path = join(dir, 'line1.txt');
    writeFileSync(path, 'the 1 2\ncat 1 2 3\ndog 4 5 6\n');
    expect((await rejectedDataError(readGlove(path))).message).toBe(`${path}:1: expected 3 values, found 2`);
  });
});

describe('(g) ENOSPC while writing atomically', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the temporary file is removed; the error names the target and says the disk is full', async () => {
    const folder = join(dir, 'enospc');
    mkdirSync(folder);
    const target = join(folder, 'model.safetensors');
    writeFileSync(target, 'old');
    // The FileHandle class of node:fs/promises, whose writeFile fails as on a full disk.
    const probe = await open(target, 'r');
    const FileHandle = Object.getPrototypeOf(probe);
    await probe.close();
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
    });
    vi.spyOn(FileHandle, 'writeFile').mockRejectedValueOnce(full);
    const e = await rejected(writeFileAtomic(target, 'new contents'));
    expect(e).toBeInstanceOf(FileError);
    expect(e.message).toBe(`${target}: cannot write, the disk is full (ENOSPC)`);
    expect((e as FileError).code).toBe('ENOSPC');
    expect(e.cause).toBe(full);
    expect(readdirSync(folder)).toEqual(['model.safetensors']); // no .tmp left
    expect(readFileSync(target, 'utf8')).toBe('old'); // the old file intact
  });

  it('a missing folder names the target, not the temporary file', async () => {
    const target = join(dir, 'no-such-folder', 'out.json');
    const e = await rejected(writeFileAtomic(target, '{}'));
    expect(e.message).toBe(`${target}: cannot write, its folder does not exist (ENOENT)`);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

describe('(h) 0x10 in a vectors file is refused, not read as 16', () => {
  it('readGlove: "<path>:2: value 2 of "cat" is "0x10", not a finite number"', async () => {
    const path = join(dir, 'hex.txt');
    writeFileSync(path, 'the 1 2 3\ncat 1 0x10 3\n');
    const e = await rejectedDataError(readGlove(path));
    expect(e.message).toBe(`${path}:2: value 2 of "cat" is "0x10", not a finite number`);
    expect(parseDecimal('0x10')).toBeUndefined();
  });
});

describe('defects the fuzz tests found', () => {
  it('a GloVe value beyond float32 (1e39) was stored as Infinity: refused, naming the line', async () => {
    const e = await rejectedDataError(parseGlove('the 1 2 3\ncat 1 1e39 3\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:2: value 2 of "cat" is "1e39", beyond the float32 range (|x| ≤ 3.4e38)');
  });

  it('a word2vec header with an absurd dimension threw a RangeError: now a DataError on line 1', async () => {
    const e = await rejectedDataError(parseGlove('1 99999999999999999999\n', undefined, { file: 'g.txt' }));
    expect(e.message).toBe('g.txt:1: header says dimension 99999999999999999999, not a positive integer');
  });

  it('a long digit string took quadratic time in the number pattern (GloVe values, scores): now linear', async () => {
    const digits = `${'9'.repeat(100_000)}x`;
    let t0 = performance.now();
    const e = await rejectedDataError(
      parseGlove(`the 1 2 3\ncat 1 ${digits} 3\n`, undefined, { file: 'g.txt' }),
    );
    expect(e.line).toBe(2);
    t0 = performance.now() - t0;
    expect(t0).toBeLessThan(1_000); // was ≈ 50 s
    let t1 = performance.now();
    expect(thrownDataError(() => parseSts(`${digits}\ta\tb\n`, { file: 's.tsv' })).reason).toBe('score');
    t1 = performance.now() - t1;
    expect(t1).toBeLessThan(1_000);
  });

  it('a JSONL value nested 20,000 deep overflowed the stack writing the message: now a DataError', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const e = thrownDataError(() =>
      parseJsonl(`{"s1":${deep},"s2":"b","y":1}\n`, {
        file: 'p.jsonl',
        columns: { sentence1: 's1', sentence2: 's2', label: 'y' },
      }),
    );
    expect(e.message).toBe('p.jsonl:1: sentence 1 is […], not a string (or an array of token strings)');
  });

  it('a label of 9e19 was taken (K = 9e19 + 1 classes); K inferred from labels stops at 1000', () => {
    const spec = {
      file: 'p.tsv',
      delimiter: '\t',
      columns: { label: 0, sentence1: 1, sentence2: 2 },
    } as const;
    expect(thrownDataError(() => parseDelimited('90000000000000000000\ta\tb\n', spec)).message).toBe(
      'p.tsv:1: label "90000000000000000000" is not an integer class 0 or more',
    );
    expect(thrownDataError(() => parseDelimited('5000\ta\tb\n', spec)).message).toBe(
      'p.tsv:1: label 5000 outside 0..999 (declare classes to use more than 1000)',
    );
    expect(parseDelimited('5000\ta\tb\n', { ...spec, classes: 6000 }).classes).toBe(6000);
  });

  it('a long line arriving in many small chunks was quadratic in linesOf: now linear', async () => {
    const line = `word ${'1 '.repeat(100_000)}`;
    const chunks = Array.from({ length: line.length }, (_, i) => line[i] as string);
    const t0 = performance.now();
    const r = await parseGlove(chunks);
    expect(r.vectors.dim).toBe(100_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('errors of the file system name the file (FileError with the system code)', async () => {
    const missing = join(dir, 'missing.txt');
    const e = await rejected(readGlove(missing));
    expect(e).toBeInstanceOf(FileError);
    expect(e.message).toBe(`${missing}: no such file (ENOENT)`);
    expect(e).not.toBeInstanceOf(DataError);
  });
});
