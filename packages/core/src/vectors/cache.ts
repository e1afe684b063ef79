/**
 * A compact binary cache of word vectors, so a second load skips parsing text.
 *
 * Layout (little-endian):
 *
 * | offset | size      | field                                                      |
 * |--------|-----------|------------------------------------------------------------|
 * | 0      | 4         | magic `VBWV`                                               |
 * | 4      | 4         | u32 format version (1)                                     |
 * | 8      | 4         | u32 dim                                                    |
 * | 12     | 4         | u32 count (words)                                          |
 * | 16     | 4         | u32 key length in bytes (K)                                |
 * | 20     | 4         | u32 vocabulary length in bytes (W)                         |
 * | 24     | K         | key, UTF-8 (the caller's identity of source + vocabulary)  |
 * | 24+K   | W         | words, UTF-8, joined by `\n`                               |
 * | …      | 0–3       | zero padding to a multiple of 4                            |
 * | …      | 4·count·dim | float32 vectors, row-major                               |
 */
import { DataError } from '../data/errors.js';
import { makeWordVectors, type WordVectors } from './types.js';

const MAGIC = [0x56, 0x42, 0x57, 0x56]; // "VBWV"
/** Version of the cache layout; a different version is not read. */
export const VECTOR_CACHE_VERSION = 1;
const HEADER_BYTES = 24;
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
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Reads a cache written by {@link encodeVectorCache}.
 * @throws DataError (source `source`, default `vector cache`) when the bytes are not a valid cache.
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
  return { key, vectors: makeWordVectors(words, data, dim) };
}
