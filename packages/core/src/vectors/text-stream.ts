/**
 * Bytes → text chunks, optionally through gzip, with web-standard streams only
 * (`DecompressionStream`, `TextDecoder`), so it runs in browsers and in Node ≥ 18 alike.
 */
import { DataError } from '../data/errors.js';

/** Bytes: a web `ReadableStream` (e.g. `fetch(url).body`) or any async iterable of chunks (a Node stream). */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Options of {@link decodeText}. */
export interface DecodeOptions {
  /** Gunzip first (default false). */
  gzip?: boolean;
  /** The source's name for errors (default `<input>`): `<source>: not a gzip file`. */
  source?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isReadableStream(s: ByteSource): s is ReadableStream<Uint8Array> {
  return typeof (s as ReadableStream<Uint8Array>).getReader === 'function';
}

function toReadableStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } catch (e) {
    done = true;
    throw e;
  } finally {
    // A consumer that stops early (a DataError on line 3) cancels the stream, which closes the file.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * The compressed bytes as they pass to the decompressor: the first two (to tell "not gzip at all"
 * from "damaged gzip"), the count, and the source's own error (re-thrown as it is).
 */
interface GzipWatch {
  head: number[];
  total: number;
  sourceError: { error: unknown } | undefined;
}

async function* watched(source: AsyncIterable<Uint8Array>, watch: GzipWatch): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of source) {
      for (let i = 0; i < chunk.length && watch.head.length < 2; i++) watch.head.push(chunk[i] as number);
      watch.total += chunk.length;
      yield chunk;
    }
  } catch (e) {
    watch.sourceError = { error: e };
    throw e;
  }
}

/** A decompression failure as a DataError naming the source. */
function gzipError(e: unknown, watch: GzipWatch, source: string): unknown {
  if (watch.sourceError) return watch.sourceError.error;
  const problem =
    watch.total === 0
      ? 'empty file, not a gzip file'
      : watch.head.length < 2 || watch.head.some((b, i) => b !== GZIP_MAGIC[i])
        ? 'not a gzip file'
        : /unexpected end|Z_BUF_ERROR|truncat|premature|incomplete/i.test(
              `${(e as { code?: unknown })?.code ?? ''} ${(e as Error)?.message ?? ''}`,
            )
          ? 'truncated gzip stream'
          : `corrupt gzip stream (${(e as Error)?.message ?? String(e)})`;
  return new DataError(source, undefined, 'syntax', problem);
}

/**
 * UTF-8 text chunks of a byte source (invalid bytes become U+FFFD).
 *
 * ```ts
 * const res = await fetch('/glove.6B.100d.txt.gz');
 * const { vectors } = await parseGlove(decodeText(res.body!, { gzip: true }), vocab);
 * ```
 * @throws DataError naming `options.source` when gzip data is not gzip (`not a gzip file`), ends
 *   early (`truncated gzip stream`) or is damaged; errors of the byte source itself pass unchanged.
 */
export async function* decodeText(source: ByteSource, options: DecodeOptions = {}): AsyncGenerator<string> {
  let bytes: AsyncIterable<Uint8Array> = isReadableStream(source) ? chunksOf(source) : source;
  const watch: GzipWatch = { head: [], total: 0, sourceError: undefined };
  if (options.gzip) {
    const stream = toReadableStream(watched(bytes, watch));
    const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    bytes = chunksOf(stream.pipeThrough(gunzip));
  }
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of bytes) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
    }
  } catch (e) {
    if (!options.gzip) throw e;
    throw gzipError(e, watch, options.source ?? '<input>');
  }
  // A gzip stream that ends early may also end without an error on some platforms: an empty
  // input never decompresses to anything, so it is caught here at least.
  if (options.gzip && watch.total === 0 && !watch.sourceError)
    throw new DataError(options.source ?? '<input>', undefined, 'syntax', 'empty file, not a gzip file');
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
