/**
 * Bytes → text chunks, optionally through gzip, with web-standard streams only
 * (`DecompressionStream`, `TextDecoder`), so it runs in browsers and in Node ≥ 18 alike.
 */

/** Bytes: a web `ReadableStream` (e.g. `fetch(url).body`) or any async iterable of chunks (a Node stream). */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Options of {@link decodeText}. */
export interface DecodeOptions {
  /** Gunzip first (default false). */
  gzip?: boolean;
}

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
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * UTF-8 text chunks of a byte source (invalid bytes become U+FFFD).
 *
 * ```ts
 * const res = await fetch('/glove.6B.100d.txt.gz');
 * const { vectors } = await parseGlove(decodeText(res.body!, { gzip: true }), vocab);
 * ```
 */
export async function* decodeText(source: ByteSource, options: DecodeOptions = {}): AsyncGenerator<string> {
  let bytes: AsyncIterable<Uint8Array> = isReadableStream(source) ? chunksOf(source) : source;
  if (options.gzip) {
    const stream = isReadableStream(source) ? source : toReadableStream(source);
    const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    bytes = chunksOf(stream.pipeThrough(gunzip));
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
