/**
 * The safetensors container (https://huggingface.co/docs/safetensors): an 8-byte little-endian
 * header length, a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__:
 * {string: string}}`, then the raw little-endian tensor bytes. Written here directly (≈100
 * lines) because the format is tiny and fixed, and the npm implementations pull in Node-only I/O;
 * this one runs unchanged in browsers. Reading validates every offset, dtype and size.
 */

import { showValue } from '../data/show.js';

export type DType = 'F32' | 'F64' | 'I32' | 'U8';

export interface NamedTensor {
  dtype: DType;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

const BYTES: Record<DType, number> = { F32: 4, F64: 8, I32: 4, U8: 1 };
const MAX_HEADER = 100 * 1024 * 1024;

function dtypeOf(data: NamedTensor['data']): DType {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Int32Array) return 'I32';
  return 'U8';
}

/** Encodes tensors and string metadata as one safetensors byte array. */
export function encodeSafetensors(
  tensors: Record<string, NamedTensor>,
  metadata: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const t = tensors[name] as NamedTensor;
    if (dtypeOf(t.data) !== t.dtype) throw new Error(`tensor ${name}: data is not ${t.dtype}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`tensor ${name}: shape [${t.shape}] holds ${count} values, data has ${t.data.length}`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (as the reference writer does).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const name of names) {
    const t = tensors[name] as NamedTensor;
    // Typed arrays are little-endian on every platform vb runs on (checked in decode, too).
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/** Decoded tensors and metadata; `gap` describes data no tensor accounts for (checked by the caller). */
export interface SafetensorsContents {
  tensors: Record<string, NamedTensor>;
  metadata: Record<string, string>;
  /** Bytes of the data section no tensor owns, or owned twice, or left at the end. */
  gap?: string;
}

/**
 * Decodes safetensors bytes; `source` names the file in error messages.
 * @throws Error `<source>: <problem>` for anything that is not a valid safetensors file.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = 'safetensors data',
): { tensors: Record<string, NamedTensor>; metadata: Record<string, string> } {
  const { tensors, metadata, gap } = readSafetensors(bytes, source);
  if (gap !== undefined) throw new Error(`${source}: ${gap}`);
  return { tensors, metadata };
}

/**
 * {@link decodeSafetensors} without the last check — that the tensors tile the data section
 * exactly — which it reports as `gap` instead: a reader that expects certain tensors can first
 * name a missing one (whose bytes are the gap).
 */
export function readSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContents {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) fail('big-endian platforms are not supported');
  if (bytes.length < 8) fail('too short to be a safetensors file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > bytes.length)
    fail(`header length ${headerLength} exceeds the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) return fail('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const rawMetadata = header.__metadata__ ?? {};
  if (!isObject(rawMetadata) || Object.values(rawMetadata).some((v) => typeof v !== 'string'))
    fail('__metadata__ is not an object of strings');
  // Null prototype: a tensor may be called anything, `__proto__` included.
  const metadata = Object.assign(Object.create(null), rawMetadata) as Record<string, string>;
  const tensors = Object.create(null) as Record<string, NamedTensor>;
  const spans: Array<[number, number, string]> = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (!isObject(info)) return fail(`tensor ${name}: not an object with dtype, shape and data_offsets`);
    const dtype = info.dtype as DType;
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES, dtype))
      fail(`tensor ${name}: unsupported dtype ${showValue(info.dtype)}`);
    const shape = info.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0))
      fail(`tensor ${name}: invalid shape`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2)
      fail(`tensor ${name}: data_offsets is not a pair [begin, end]`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (
      !(Number.isInteger(begin) && Number.isInteger(end) && begin >= 0 && end >= begin && end <= dataLength)
    ) {
      fail(
        `tensor ${name}: data offsets [${showValue(begin)}, ${showValue(end)}] outside the data (${dataLength} bytes)`,
      );
    }
    if (end - begin !== count * BYTES[dtype])
      fail(`tensor ${name}: ${end - begin} bytes for shape [${shape}] of ${dtype}`);
    spans.push([begin, end, name]);
    // A copy with its own buffer (Node's Buffer#slice would share the whole file's memory pool).
    const slice = Uint8Array.prototype.slice.call(bytes, dataStart + begin, dataStart + end);
    const buffer = slice.buffer;
    const data =
      dtype === 'F32'
        ? new Float32Array(buffer)
        : dtype === 'F64'
          ? new Float64Array(buffer)
          : dtype === 'I32'
            ? new Int32Array(buffer)
            : new Uint8Array(buffer);
    tensors[name] = { dtype, shape: shape as number[], data };
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cursor = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== cursor)
      return {
        tensors,
        metadata,
        gap: `tensor ${name}: data is not contiguous (starts at ${begin}, expected ${cursor})`,
      };
    cursor = end;
  }
  if (cursor !== dataLength)
    return { tensors, metadata, gap: `${dataLength - cursor} bytes after the last tensor` };
  return { tensors, metadata };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
