import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../src/index.js';
import { readDataset, readPit2015 } from '../src/node/index.js';

describe('readDataset / readPit2015 (node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vb-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const columns = { sentence1: 'a', sentence2: 'b', label: 'y' };

  it('infers the format from the extension (csv, tsv, jsonl, .gz) and names the path in errors', async () => {
    writeFileSync(join(dir, 'p.csv'), 'a,b,y\nHi there,"Hello, there",1\n');
    writeFileSync(join(dir, 'p.tsv'), 'a\tb\ty\nHi there\tHello there\t1\n');
    writeFileSync(join(dir, 'p.jsonl.gz'), gzipSync('{"a":"Hi there","b":"Hello there","y":1}\n'));
    for (const f of ['p.csv', 'p.tsv', 'p.jsonl.gz']) {
      const ds = await readDataset(join(dir, f), { columns, classes: 2 });
      expect(ds.pairs[0]).toMatchObject({
        a: ['hi', 'there'],
        label: 1,
        source: { file: join(dir, f), line: f.startsWith('p.jsonl') ? 1 : 2 },
      });
    }
    writeFileSync(join(dir, 'bad.csv'), 'a,b,y\nx,y,5\n');
    const e = await readDataset(join(dir, 'bad.csv'), { columns, classes: 2 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toBe(`${join(dir, 'bad.csv')}:2: label 5 outside 0..1`);
    writeFileSync(join(dir, 'sts.data'), '4.2\tA b\tc d\n');
    expect((await readDataset(join(dir, 'sts.data'), { format: 'sts' })).pairs[0]?.label).toBe(4);
    await expect(readDataset(join(dir, 'sts.data'), { columns, classes: 2 })).rejects.toThrow(
      /cannot tell the format/,
    );
  });

  it('readPit2015 says which file is missing', async () => {
    await expect(readPit2015(dir, 'pooled')).rejects.toThrow(
      /has no dev\.data, test\.data, test\.label \(expected/,
    );
    await expect(readPit2015(dir, 'other' as never)).rejects.toThrow(/protocol must be/);
  });

  it('readPit2015 refuses an empty dev.data or test.data, naming it', async () => {
    const pit = mkdtempSync(join(tmpdir(), 'vb-pit-'));
    const dev = '17\tA Walk\ta walk is good\ta walk is fine\t(3, 2)\tx\tx\n';
    const test = '51\t8 Mile\tall the home alones\t8 mile is on\t3\tx\tx\n';
    for (const [d, t, empty] of [
      ['', test, 'dev.data'],
      [dev, '', 'test.data'],
    ] as const) {
      writeFileSync(join(pit, 'dev.data'), d);
      writeFileSync(join(pit, 'test.data'), t);
      writeFileSync(join(pit, 'test.label'), t ? '----\t0.6000\n' : '');
      await expect(readPit2015(pit, 'pooled')).rejects.toThrow(
        `${join(pit, empty)}: holds no sentence pairs`,
      );
    }
    rmSync(pit, { recursive: true, force: true });
  });
});
