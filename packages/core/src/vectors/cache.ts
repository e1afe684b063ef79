/**
 * A compact binary cache of word vectors, so a second load skips parsing text.
 *
 * Layout (little-endian):
 *
 * | offset | size      | field                                                      |
 * |--------|-----------|------------------------------------------------------------|
 * | 0      | 4         | magic `VBWV`                                               |
 * | 4      | 4         | u32 format version (2)                                     |
 * | 8      | 4         | u32 dim                                                    |
 * | 12     | 4         | u32 count (words)                                          |
 * | 16     | 4         | u32 key length in bytes (K)                                |
 * | 20     | 4         | u32 vocabulary length in bytes (W)                         |
 * | 24     | 4         | u32 CRC-32 of every byte of the file except these four     |
 * | 28     | K         | key, UTF-8 (the caller's identity of source + vocabulary)  |
 * | 28+K   | W         | words, UTF-8, joined by `\n`                               |
 * | …      | 0–3       | zero padding to a multiple of 4                            |
 * | …      | 4·count·dim | float32 vectors, row-major                               |
 *
 * Reading checks the checksum and that every value is finite, so a damaged cache (a flipped bit
 * that still reads as a number, a NaN) is refused rather than used.
 */
import { DataError } from '../data/errors.js';
import { makeWordVectors, type WordVectors } from './types.js';

const MAGIC = [0x56, 0x42, 0x57, 0x56]; // "VBWV"
/** Version of the cache layout; a different version is not read. */
export const VECTOR_CACHE_VERSION = 2;
const HEADER_BYTES = 28;
const CHECKSUM_AT = 24;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Serialises vectors with a `key` (e.g. JSON of the source path, size, mtime and a vocabulary hash).
 *
 * ```ts
 * const bytes = encodeVectorCache(vectors, key);
 * const { key: stored, vectors: back } = decodeVectorCache(bytes);
 * ```
 */
export function encodeVectorCache(vectors: WordVectors, key: string): Uint8Array {
  const enc = new TextEncoder();
  for (const w of vectors.words) {
    if (w.includes('\n'))
      throw new RangeError(`word ${JSON.stringify(w)} contains a newline; it cannot be cached`);
  }
  const bad = vectors.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `value ${(bad % vectors.dim) + 1} of ${JSON.stringify(vectors.words[Math.floor(bad / vectors.dim)])} is ${vectors.data[bad]}; only finite vectors are cached`,
    );
  }
  const keyBytes = enc.encode(key);
  const wordBytes = enc.encode(vectors.words.join('\n'));
  const count = vectors.words.length;
  const dataOffset = align4(HEADER_BYTES + keyBytes.length + wordBytes.length);
  const out = new Uint8Array(dataOffset + 4 * count * vectors.dim);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, VECTOR_CACHE_VERSION, true);
  view.setUint32(8, vectors.dim, true);
  view.setUint32(12, count, true);
  view.setUint32(16, keyBytes.length, true);
  view.setUint32(20, wordBytes.length, true);
  out.set(keyBytes, HEADER_BYTES);
  out.set(wordBytes, HEADER_BYTES + keyBytes.length);
  if (LITTLE_ENDIAN) {
    out.set(
      new Uint8Array(vectors.data.buffer, vectors.data.byteOffset, vectors.data.byteLength),
      dataOffset,
    );
  } else {
    for (let i = 0; i < vectors.data.length; i++)
      view.setFloat32(dataOffset + 4 * i, vectors.data[i] as number, true);
  }
  view.setUint32(CHECKSUM_AT, checksumOf(out), true);
  return out;
}

/** CRC-32 (IEEE 802.3, as zlib) lookup tables for slicing by 8 bytes. */
const CRC_TABLE = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n] as number;
    for (let s = 1; s < 8; s++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[s * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 of `b`, continuing from `crc` (0 to start). */
function crc32(b: Uint8Array, crc = 0): number {
  const t = CRC_TABLE;
  let c = ~crc;
  let i = 0;
  const n = b.length;
  for (; i + 8 <= n; i += 8) {
    const lo =
      ((b[i] as number) |
        ((b[i + 1] as number) << 8) |
        ((b[i + 2] as number) << 16) |
        ((b[i + 3] as number) << 24)) ^
      c;
    const hi =
      (b[i + 4] as number) |
      ((b[i + 5] as number) << 8) |
      ((b[i + 6] as number) << 16) |
      ((b[i + 7] as number) << 24);
    c =
      (t[1792 + (lo & 0xff)] as number) ^
      (t[1536 + ((lo >>> 8) & 0xff)] as number) ^
      (t[1280 + ((lo >>> 16) & 0xff)] as number) ^
      (t[1024 + (lo >>> 24)] as number) ^
      (t[768 + (hi & 0xff)] as number) ^
      (t[512 + ((hi >>> 8) & 0xff)] as number) ^
      (t[256 + ((hi >>> 16) & 0xff)] as number) ^
      (t[hi >>> 24] as number);
  }
  for (; i < n; i++) c = (t[(c ^ (b[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** The cache's checksum: CRC-32 of every byte but the checksum field's. */
function checksumOf(bytes: Uint8Array): number {
  return crc32(bytes.subarray(CHECKSUM_AT + 4), crc32(bytes.subarray(0, CHECKSUM_AT)));
}

function align4(n: number): number {
  // Arithmetic, not `(n + 3) & ~3`: lengths read from a damaged file may exceed 2³¹.
  return Math.ceil(n / 4) * 4;
}

/**
 * Reads a cache written by {@link encodeVectorCache}.
 * @throws DataError (source `source`, default `vector cache`) when the bytes are not a valid cache:
 *   another layout version, a wrong length, a checksum mismatch, invalid UTF-8, a non-finite value.
 */
export function decodeVectorCache(
  bytes: Uint8Array,
  source = 'vector cache',
): { key: string; vectors: WordVectors } {
  const fail = (problem: string): never => {
    throw new DataError(source, undefined, 'syntax', problem);
  };
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b))
    fail('not a vb vector cache (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VECTOR_CACHE_VERSION) fail(`cache version ${version}, expected ${VECTOR_CACHE_VERSION}`);
  const dim = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const keyLength = view.getUint32(16, true);
  const wordLength = view.getUint32(20, true);
  const dataOffset = align4(HEADER_BYTES + keyLength + wordLength);
  if (bytes.length !== dataOffset + 4 * count * dim)
    fail(`truncated or oversized: ${bytes.length} bytes, expected ${dataOffset + 4 * count * dim}`);
  const stored = view.getUint32(CHECKSUM_AT, true);
  const actual = checksumOf(bytes);
  if (stored !== actual)
    fail(`checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)}): the file is corrupt`);
  const dec = new TextDecoder('utf-8', { fatal: true });
  let key = '';
  let words: string[] = [];
  try {
    key = dec.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + keyLength));
    const text = dec.decode(bytes.subarray(HEADER_BYTES + keyLength, HEADER_BYTES + keyLength + wordLength));
    words = count === 0 ? [] : text.split('\n');
  } catch {
    fail('invalid UTF-8 in the header');
  }
  if (words.length !== count) fail(`${words.length} words for ${count} vectors`);
  let data: Float32Array;
  if (LITTLE_ENDIAN) {
    data = new Float32Array(count * dim);
    new Uint8Array(data.buffer).set(bytes.subarray(dataOffset, dataOffset + 4 * count * dim));
  } else {
    data = new Float32Array(count * dim);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(dataOffset + 4 * i, true);
  }
  // A valid checksum over a NaN means the cache was written wrong: refused all the same.
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    fail(
      `value ${(bad % dim) + 1} of ${JSON.stringify(words[Math.floor(bad / dim)])} is ${data[bad]}, not a finite number`,
    );
  }
  return { key, vectors: makeWordVectors(words, data, dim) };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
