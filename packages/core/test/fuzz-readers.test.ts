/**
 * Fuzzing every reader of @vb/core with random bytes and with mutated valid inputs (bytes flipped,
 * inserted, deleted; truncated; lines duplicated, dropped or swapped; special tokens spliced in).
 * Each case must end in a valid result or in a DataError / Error / FileError whose message names
 * the source — never a TypeError or RangeError from the internals, never a hang (each case is
 * timed), never a WASM trap.
 *
 * `VB_FUZZ_SCALE` multiplies the number of cases (default 1: ≈ 6,000 cases, well under a minute);
 * `VB_FUZZ_SEED` replays a failing seed. The totals are printed at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataError,
  decodeModel,
  decodeSafetensors,
  decodeVectorCache,
  encodeModel,
  encodeVectorCache,
  makeWordVectors,
  modelFromTrainer,
  type PairDataset,
  parseDelimited,
  parseGlove,
  parseJsonl,
  parsePit2015,
  parsePit2015Test,
  parseSts,
  Trainer,
  trainerFromModel,
  type WordVectors,
} from '../src/index.js';
import { FileError, readGlove, readPit2015 } from '../src/node/index.js';

const SCALE = Number(process.env.VB_FUZZ_SCALE ?? 1);
const SEED = process.env.VB_FUZZ_SEED === undefined ? undefined : Number(process.env.VB_FUZZ_SEED);
/** fast-check settings for `n` cases (scaled), reproducible with VB_FUZZ_SEED. */
function runs(n: number): fc.Parameters<unknown> {
  const replay = process.env.VB_FUZZ_PATH === undefined ? {} : { path: process.env.VB_FUZZ_PATH };
  return {
    numRuns: Math.max(1, Math.round(n * SCALE)),
    ...(SEED === undefined ? {} : { seed: SEED, ...replay }),
  };
}

/** A case of a synchronous reader may take this long (inputs are a few kB: linear readers take < 5 ms). */
const CASE_MS = 2_000;

const tally = new Map<string, number>();
const started = performance.now();
function counted(reader: string): void {
  tally.set(reader, (tally.get(reader) ?? 0) + 1);
}

afterAll(() => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  const rows = [...tally].map(([k, v]) => `${k} ${v}`).join(', ');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${total} cases in ${seconds} s (${rows})`);
});

// ---------------------------------------------------------------------------------------------
// Mutations

const SPECIAL = [
  '\t',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '  ',
  '"',
  '""',
  ',',
  '0x10',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '1e39',
  '-3.5e38',
  '-0',
  '1_0',
  '\ufeff',
  '\u0000',
  '\u2028',
  '{',
  '}',
  '[',
  ']',
  'null',
  '{"a":1}',
  '(3, 2)',
  '(9, -4)',
  '(2,3)',
  '99999999999999999999',
  '\\',
  ' . . . ',
  '5',
  'true\t0.8',
  '----\t0.6',
  '2 3',
  '\ud800',
  '😀',
];

type Op =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'token'; at: number; token: string }
  | { kind: 'repeat'; at: number; token: string; times: number }
  | { kind: 'duplicateLine' | 'dropLine' | 'swapLines'; at: number; other: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(), token: fc.constantFrom(...SPECIAL) }),
  // Long runs (a slow, super-linear reader shows here): a token thousands of times, or a nesting.
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    token: fc.constantFrom(...SPECIAL, 'a-', "x'", '.', '[', '{"a":', '"a":[', 'e', '1'),
    times: fc.integer({ min: 100, max: 50_000 }),
  }),
  fc.record({
    kind: fc.constantFrom('duplicateLine' as const, 'dropLine' as const, 'swapLines' as const),
    at: fc.nat(),
    other: fc.nat(),
  }),
);

/** 1 to 4 mutations. */
const opsArb = fc.array(opArb, { minLength: 1, maxLength: 4 });

const utf8 = new TextEncoder();

/** Byte offsets of line starts, and the lines (with their `\n`). */
function linesOf(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function mutate(input: Uint8Array, ops: readonly Op[]): Uint8Array {
  let b = input.slice();
  for (const op of ops) {
    const at = b.length === 0 ? 0 : op.at % (b.length + 1);
    switch (op.kind) {
      case 'flip':
        if (b.length > 0) b[at % b.length] = (b[at % b.length] as number) ^ (1 << op.bit);
        break;
      case 'insert':
        b = concat([b.subarray(0, at), Uint8Array.from(op.bytes), b.subarray(at)]);
        break;
      case 'delete':
        b = concat([b.subarray(0, at), b.subarray(at + op.n)]);
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'token':
        b = concat([b.subarray(0, at), utf8.encode(op.token), b.subarray(at)]);
        break;
      case 'repeat':
        b = concat([b.subarray(0, at), utf8.encode(op.token.repeat(op.times)), b.subarray(at)]);
        break;
      default: {
        const lines = linesOf(b);
        if (lines.length === 0) break;
        const i = op.at % lines.length;
        const j = op.other % lines.length;
        if (op.kind === 'duplicateLine') lines.splice(i, 0, lines[i] as Uint8Array);
        else if (op.kind === 'dropLine') lines.splice(i, 1);
        else [lines[i], lines[j]] = [lines[j] as Uint8Array, lines[i] as Uint8Array];
        b = concat(lines);
      }
    }
  }
  return b;
}

const decoder = new TextDecoder();
const text = (b: Uint8Array) => decoder.decode(b);

/** Random bytes (some of them text-like), for the "random input" half of every reader. */
const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc
    .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 6 })), { maxLength: 80 })
    .map((parts) => utf8.encode(parts.join(''))),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => utf8.encode(s)),
);

// ---------------------------------------------------------------------------------------------
// The contract

const INTERNAL =
  /Cannot read propert|is not a function|is not iterable|is not a constructor|Cannot convert undefined or null|Invalid array length|Invalid typed array length|unreachable|Maximum call stack|RuntimeError/;

/** An error a reader may end with: a DataError, FileError or plain Error naming `source`. */
function checkError(e: unknown, source: string): void {
  if (!(e instanceof Error)) throw new Error(`threw a non-Error: ${String(e)}`);
  const kind =
    e instanceof DataError ? 'DataError' : e instanceof FileError ? 'FileError' : e.constructor.name;
  if (kind !== 'DataError' && kind !== 'FileError' && kind !== 'Error')
    throw new Error(`threw a ${kind}: ${e.message}`, { cause: e });
  if (INTERNAL.test(e.message)) throw new Error(`an internal error escaped: ${e.message}`, { cause: e });
  if (!e.message.includes(source))
    throw new Error(`error does not name ${source}: ${e.message}`, { cause: e });
}

/** Fails a case that took longer than {@link CASE_MS} (a super-linear reader, a hang). */
function checkTime(reader: string, t0: number): void {
  const ms = performance.now() - t0;
  if (ms > CASE_MS) throw new Error(`${reader} took ${ms.toFixed(0)} ms on one case`);
}

/** Runs a synchronous reader: a valid result (checked by `valid`) or a named error, in time. */
function expectSync<T>(reader: string, source: string, read: () => T, valid: (r: T) => void): void {
  counted(reader);
  const t0 = performance.now();
  let outcome: { result: T } | { error: unknown };
  try {
    outcome = { result: read() };
  } catch (e) {
    outcome = { error: e };
  }
  checkTime(reader, t0);
  if ('error' in outcome) checkError(outcome.error, source);
  else valid(outcome.result);
}

/**
 * Runs an asynchronous reader under a timeout (a reader that stops making progress) and a time
 * limit (one that blocks the event loop): a valid result or a named error.
 */
async function expectAsync<T>(
  reader: string,
  source: string,
  read: () => Promise<T>,
  valid: (r: T) => void,
): Promise<void> {
  counted(reader);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Error(`${reader} hung (no result in ${CASE_MS} ms)`);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(hung), CASE_MS);
  });
  let outcome: { result: T } | { error: unknown };
  try {
    outcome = { result: await Promise.race([read(), timeout]) };
  } catch (e) {
    outcome = { error: e };
  }
  clearTimeout(timer);
  checkTime(reader, t0);
  if ('error' in outcome) {
    if (outcome.error === hung) throw hung;
    checkError(outcome.error, source);
  } else valid(outcome.result);
}

/** What every returned dataset must satisfy. */
function validDataset(file: string) {
  return (ds: PairDataset): void => {
    const bad = (why: string, p?: unknown) => {
      throw new Error(
        `invalid dataset from ${file}: ${why}${p === undefined ? '' : ` ${JSON.stringify(p)}`}`,
      );
    };
    if (!(Number.isInteger(ds.classes) && ds.classes >= 2)) bad(`classes ${ds.classes}`);
    for (const p of ds.pairs) {
      if (p.a.length === 0 || p.b.length === 0) bad('an empty sentence', p);
      if (![...p.a, ...p.b].every((t) => typeof t === 'string' && t.length > 0)) bad('an empty token', p);
      if (!(Number.isInteger(p.label) && p.label >= 0 && p.label < ds.classes))
        bad('a label outside 0..K-1', p);
      if (p.score !== undefined && !Number.isFinite(p.score)) bad('a non-finite score', p);
      if (p.source.file !== file || !(Number.isInteger(p.source.line) && p.source.line >= 1))
        bad('a bad source', p);
    }
  };
}

function validVectors(v: WordVectors): void {
  const bad = (why: string) => {
    throw new Error(`invalid vectors: ${why}`);
  };
  if (v.data.length !== v.words.length * v.dim)
    bad(`${v.data.length} values for ${v.words.length} × ${v.dim}`);
  const inf = v.data.findIndex((x) => !Number.isFinite(x));
  if (inf >= 0) bad(`value ${v.data[inf]} of ${JSON.stringify(v.words[Math.floor(inf / v.dim)])}`);
  if (new Set(v.words).size !== v.words.length || v.index.size !== v.words.length) bad('repeated words');
}

/** Random bytes, or one of `seeds` mutated. */
function inputs(seeds: readonly string[]): fc.Arbitrary<Uint8Array> {
  const bytes = seeds.map((s) => utf8.encode(s));
  return fc.oneof(
    { weight: 1, arbitrary: randomBytes },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...bytes), opsArb).map(([b, ops]) => mutate(b, ops)) },
  );
}

// ---------------------------------------------------------------------------------------------
// Seeds: small valid inputs of every format

const PIT_DEV = [
  '1\tTopic One\tEJ Manuel the 1st QB to go\tEJ MANUEL IS THE 1ST QB\t(3, 2)\tEJ/B-person Manuel/I-person\tEJ/B-person',
  '1\tTopic One\tEJ Manuel the 1st QB to go\tEJ Manuel is a QB\t(2, 3)\tx/O\ty/O',
  '2\tTopic Two\tThe Ravens are winning\tRavens up big\t(5, 0)',
  '2\tTopic Two\tThe Ravens are winning\tI hate Mondays\t(0, 5)\ta/O\tb/O',
  '',
].join('\n');
const PIT_TEST = [
  '4\tT\tA walk to remember\tA walk to remember is on\t4\ta/O\tb/O',
  '4\tT\tA walk to remember\tWatching a movie\t1\ta/O\tb/O',
  '5\tT\tThe game is on\tGame on tonight\t3\ta/O\tb/O',
  '',
].join('\n');
const PIT_LABEL = 'true\t0.8\nfalse\t0.2\n----\t0.6\n';

const CSV =
  's1,s2,label\nA cat sat.,"A cat, sitting.",1\n"Say ""hi""",Hello there,0\nDogs bark,Cats meow,1\n';
const TSV = '0\t2.5\tA man plays.\tA man is playing.\n1\t0.5\tShe runs\tNobody sleeps\n';
const JSONL =
  '{"s1":"hi there","s2":["hello","there"],"y":1}\n{"s1":"one","s2":"two","y":"0"}\n[1,2,3]\n{"s1":"a b","s2":"c","y":2}\n';
/** A value nested `depth` levels (JSON.stringify and String() of it overflow the stack). */
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const JSONL_DEEP = `{"s1":${deep(20_000)},"s2":"x","y":1}\n{"s1":"a","s2":"b","y":${deep(20_000)}}\n`;
const STS = '3.8\tA man plays.\tA man is playing.\n0.4\tA "quoted\tThe end.\n5\tSame\tSame\n';
const GLOVE = 'the 0.1 -0.2 0.3\ncat 1 2 3\n. . . 4 5 6\ndog -1.5e-3 +.5 7\n';
const W2V = '4 3\r\nthe 0.1 -0.2 0.3\r\ncat 1 2 3\r\ndog 4 5 6\r\nowl 7 8 9\r\n';

// ---------------------------------------------------------------------------------------------

describe('fuzz: text readers (random and mutated input)', () => {
  it('parsePit2015 (votes, expert, auto) and parsePit2015Test', () => {
    fc.assert(
      fc.property(
        inputs([PIT_DEV, PIT_TEST]),
        fc.constantFrom('auto' as const, 'votes' as const, 'expert' as const),
        fc.boolean(),
        (bytes, kind, skip) => {
          const onInvalid = skip ? ('skip' as const) : ('throw' as const);
          expectSync(
            'pit2015',
            'dev.data',
            () => parsePit2015(text(bytes), { file: 'dev.data', kind, onInvalid }),
            validDataset('dev.data'),
          );
        },
      ),
      runs(600),
    );
    fc.assert(
      fc.property(inputs([PIT_TEST]), inputs([PIT_LABEL]), fc.boolean(), (data, label, skip) => {
        const onInvalid = skip ? ('skip' as const) : ('throw' as const);
        counted('pit2015-test');
        try {
          validDataset('test.data')(
            parsePit2015Test(text(data), text(label), {
              file: 'test.data',
              labelFile: 'test.label',
              onInvalid,
            }),
          );
        } catch (e) {
          // Either file may be the one blamed.
          if (!(e instanceof Error) || !/test\.(data|label)/.test(e.message)) throw e;
          checkError(e, (e as Error).message.includes('test.label') ? 'test.label' : 'test.data');
        }
      }),
      runs(300),
    );
  });

  it('parseDelimited (CSV with a header, TSV by index), parseJsonl, parseSts', () => {
    fc.assert(
      fc.property(inputs([CSV]), fc.boolean(), (bytes, skip) => {
        const onInvalid = skip ? ('skip' as const) : ('throw' as const);
        expectSync(
          'csv',
          'pairs.csv',
          () =>
            parseDelimited(text(bytes), {
              file: 'pairs.csv',
              columns: { sentence1: 's1', sentence2: 's2', label: 'label' },
              classes: 2,
              onInvalid,
            }),
          validDataset('pairs.csv'),
        );
      }),
      runs(500),
    );
    fc.assert(
      fc.property(
        inputs([TSV]),
        fc.boolean(),
        fc.constantFrom('rfc4180' as const, 'none' as const),
        (bytes, skip, quoting) => {
          const onInvalid = skip ? ('skip' as const) : ('throw' as const);
          expectSync(
            'tsv',
            'pairs.tsv',
            () =>
              parseDelimited(text(bytes), {
                file: 'pairs.tsv',
                delimiter: '\t',
                quoting,
                columns: { label: 0, score: 1, sentence1: 2, sentence2: 3 },
                scoreRange: [0, 5],
                onInvalid,
              }),
            validDataset('pairs.tsv'),
          );
        },
      ),
      runs(400),
    );
    fc.assert(
      fc.property(inputs([JSONL, JSONL_DEEP]), fc.boolean(), (bytes, skip) => {
        const onInvalid = skip ? ('skip' as const) : ('throw' as const);
        expectSync(
          'jsonl',
          'pairs.jsonl',
          () =>
            parseJsonl(text(bytes), {
              file: 'pairs.jsonl',
              columns: { sentence1: 's1', sentence2: 's2', label: 'y' },
              onInvalid,
            }),
          validDataset('pairs.jsonl'),
        );
      }),
      runs(500),
    );
    fc.assert(
      fc.property(
        inputs([STS]),
        fc.boolean(),
        fc.constantFrom('regex' as const, 'ptb' as const),
        (bytes, skip, tokenizer) => {
          const onInvalid = skip ? ('skip' as const) : ('throw' as const);
          expectSync(
            'sts',
            'sts.tsv',
            () => parseSts(text(bytes), { file: 'sts.tsv', onInvalid, tokenizer }),
            validDataset('sts.tsv'),
          );
        },
      ),
      runs(500),
    );
  });

  it('parseGlove (whole text, cut into chunks; with and without a vocabulary)', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputs([GLOVE, W2V]),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 50 }),
        async (bytes, filtered, skip, chunk) => {
          const t = text(bytes);
          const chunks = Array.from({ length: Math.ceil(t.length / chunk) }, (_, i) =>
            t.slice(i * chunk, (i + 1) * chunk),
          );
          const vocabulary = filtered ? new Set(['cat', 'dog', '. . .', 'the']) : undefined;
          await expectAsync(
            'glove',
            'g.txt',
            () => parseGlove(chunks, vocabulary, { file: 'g.txt', onInvalid: skip ? 'skip' : 'throw' }),
            (r) => validVectors(r.vectors),
          );
        },
      ),
      runs(800),
    );
  });
});

describe('fuzz: binary readers', () => {
  const vectors = makeWordVectors(
    ['the', 'cat', 'naïve', '. . .'],
    Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 10),
    3,
  );
  const cache = encodeVectorCache(vectors, '{"source":"g.txt"}');

  it('decodeVectorCache: every change to a cache file is refused (checksum), never used', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
          {
            weight: 4,
            arbitrary: opsArb.map((ops) => mutate(cache, ops)),
          },
        ),
        (bytes) => {
          const same = bytes.length === cache.length && bytes.every((b, i) => b === cache[i]);
          expectSync(
            'vector-cache',
            'c.vbvec',
            () => decodeVectorCache(bytes, 'c.vbvec'),
            (r) => {
              // Only the untouched file decodes.
              expect(same).toBe(true);
              expect(r.vectors.words).toEqual(vectors.words);
            },
          );
        },
      ),
      runs(1000),
    );
  });

  // A small trained-shape model (diagonal posterior, with embeddings and a text recipe).
  const embeddings = Float32Array.from({ length: 5 * 3 }, (_, i) => Math.cos(i));
  const trainer = new Trainer(
    { inputDim: 3, trainSize: 10, hidden: 2, classes: 3, family: 'diagonal', seed: 1 },
    embeddings,
  );
  const model = modelFromTrainer(trainer, {
    vocabulary: ['<unk>', 'a', 'b', 'c', 'd'],
    embeddings,
    text: { tokenizer: 'regex', lowercase: true, maxLength: 20 },
  });
  trainer.free();
  const modelBytes = encodeModel(model);
  const headerLength = Number(new DataView(modelBytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(text(modelBytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const meta = JSON.parse((header.__metadata__ as Record<string, string>).model as string) as Record<
    string,
    unknown
  >;

  /** The model file with its header JSON (or its `model` metadata) changed at one path. */
  /** JSON, with the marker `"@deep:N"` written as an array nested N deep (too deep to stringify). */
  const stringify = (v: unknown) =>
    JSON.stringify(v).replace(/"@deep:(\d+)"/g, (_, d: string) => deep(Number(d)));

  function withHeader(h: unknown): Uint8Array {
    const json = utf8.encode(stringify(h));
    const out = new Uint8Array(8 + json.length + (modelBytes.length - 8 - headerLength));
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(modelBytes.subarray(8 + headerLength), 8 + json.length);
    return out;
  }

  /** Replaces the value at a random path of `v` (objects and arrays walked by the picks). */
  function replaceAt(v: unknown, picks: readonly number[], replacement: unknown): unknown {
    if (picks.length === 0 || typeof v !== 'object' || v === null) return replacement;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(v) ? [...v] : { ...(v as object) };
    const keys = Object.keys(copy);
    if (keys.length === 0) return replacement;
    const key = keys[(picks[0] as number) % keys.length] as string;
    const [first, ...rest] = picks;
    (copy as Record<string, unknown>)[key] =
      (first as number) % 5 === 0
        ? replacement
        : replaceAt((copy as Record<string, unknown>)[key], rest, replacement);
    return copy;
  }

  const jsonValue = fc.oneof(
    fc.integer({ min: 1_000, max: 30_000 }).map((d) => `@deep:${d}`),
    fc.constantFrom(null, 0, -1, 1, 1.5, 1e9, -1e-9, 2 ** 31, 'x', '', true, false, [], {}, [1, 2], ['a'], {
      a: 1,
    }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  const modelInputs = fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
    { weight: 3, arbitrary: opsArb.map((ops) => mutate(modelBytes, ops)) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), jsonValue)
        .map(([picks, value]) => withHeader(replaceAt(header, picks, value))),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), jsonValue)
        .map(([picks, value]) =>
          withHeader({
            ...header,
            __metadata__: {
              ...(header.__metadata__ as object),
              model: stringify(replaceAt(meta, picks, value)),
            },
          }),
        ),
    },
    {
      // A tensor removed from the header (its bytes stay): the reader must name it.
      weight: 1,
      arbitrary: fc.nat().map((i) => {
        const names = Object.keys(header).filter((k) => k !== '__metadata__');
        const drop = names[i % names.length] as string;
        const h = { ...header };
        delete h[drop];
        return withHeader(h);
      }),
    },
  );

  it('decodeSafetensors and decodeModel (bytes, header JSON and model metadata mutated)', () => {
    fc.assert(
      fc.property(modelInputs, (bytes) => {
        expectSync(
          'safetensors',
          'm.safetensors',
          () => decodeSafetensors(bytes, 'm.safetensors'),
          () => {},
        );
        expectSync(
          'model',
          'm.safetensors',
          () => decodeModel(bytes, 'm.safetensors'),
          (m) => {
            expect(m.means.every(Number.isFinite)).toBe(true);
            expect(m.stds.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
            expect(m.vocabulary.every((w) => typeof w === 'string')).toBe(true);
            // An accepted model loads into the engine without a trap (an Error is the engine's to word).
            let t: Trainer | undefined;
            try {
              t = trainerFromModel(m, m.embeddings ?? embeddings);
            } catch (e) {
              expect(e).toBeInstanceOf(Error);
              expect((e as Error).constructor.name).not.toBe('RuntimeError');
              expect((e as Error).message).not.toMatch(INTERNAL);
            } finally {
              t?.free();
            }
          },
        );
      }),
      runs(800),
    );
  });
});

describe('fuzz: files (readPit2015 folders, readGlove on .txt and .txt.gz)', () => {
  const root = mkdtempSync(join(tmpdir(), 'vb-fuzz-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;

  it('readPit2015 on folders of mutated dev.data, test.data and test.label', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputs([PIT_DEV]),
        inputs([PIT_TEST]),
        inputs([PIT_LABEL]),
        fc.constantFrom('pooled' as const, 'official' as const),
        async (dev, test, label, protocol) => {
          const dir = join(root, `pit${n++}`);
          mkdirSync(dir);
          writeFileSync(join(dir, 'dev.data'), dev);
          writeFileSync(join(dir, 'test.data'), test);
          writeFileSync(join(dir, 'test.label'), label);
          counted('readPit2015');
          try {
            const r = await readPit2015(dir, protocol);
            for (const ds of Object.values(r).filter((x): x is PairDataset => typeof x === 'object'))
              expect(ds.pairs.every((p) => p.a.length > 0 && p.b.length > 0)).toBe(true);
          } catch (e) {
            // The file blamed is the one the message starts with.
            const file = ['dev.data', 'test.data', 'test.label'].find((f) =>
              (e as Error).message?.startsWith(join(dir, f)),
            );
            checkError(e, file === undefined ? dir : join(dir, file));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      runs(150),
    );
  });

  it('readGlove on mutated .txt files, gzip of mutated text, and mutated .gz bytes', async () => {
    const gz = gzipSync(Buffer.from(GLOVE.repeat(20)));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          inputs([GLOVE, W2V]).map((b) => ({ name: 'g.txt', bytes: b })),
          inputs([GLOVE, W2V]).map((b) => ({ name: 'g.txt.gz', bytes: new Uint8Array(gzipSync(b)) })),
          fc
            .oneof(
              opsArb.map((ops) => mutate(gz, ops)),
              fc.uint8Array({ maxLength: 300 }),
            )
            .map((b) => ({ name: 'g.txt.gz', bytes: b })),
        ),
        fc.boolean(),
        async ({ name, bytes }, filtered) => {
          const path = join(root, `${n++}-${name}`);
          writeFileSync(path, bytes);
          try {
            await expectAsync(
              name.endsWith('.gz') ? 'readGlove-gz' : 'readGlove-txt',
              path,
              () => readGlove(path, filtered ? new Set(['cat', 'dog', 'the']) : undefined),
              (r) => validVectors(r.vectors),
            );
          } finally {
            rmSync(path, { force: true });
          }
        },
      ),
      runs(400),
    );
  });
});
