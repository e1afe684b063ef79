/**
 * GloVe text format: one vector per line, `word v1 … vd`, single spaces (trailing whitespace
 * ignored). A first line of exactly two integers `count dim` is read as a word2vec/fastText text
 * header. Streamed line by line: memory is bounded by the kept vectors plus one chunk.
 *
 * Which lines are checked: a line whose word is in the vocabulary filter is parsed in full (its
 * dimension and every value are validated); any other line is skipped after reading its first word,
 * unparsed — that is what makes restricting a 400k × 300 file to a few thousand words fast. Without
 * a filter every line is kept and validated. A word may contain spaces (GloVe 840B has a few, e.g.
 * `. . .`): when a kept line has more than d + 1 fields and the extra leading ones are not numbers,
 * they belong to the word. Repeated words: the first occurrence wins.
 *
 * The dimension: `dim` if given, else the header's, else the count of values the first vector
 * lines agree on — the first line's, unless the second and third agree on another, so that a first
 * line of the wrong length is the one blamed (not every line after it).
 */
import { InvalidPolicy, type OnInvalid } from '../data/errors.js';
import { isBlank, linesOf, type TextSource } from '../data/lines.js';
import { computeCoverage, type LoadedVectors, makeWordVectors, type VocabularyFilter } from './types.js';

/** Options of {@link parseGlove}. */
export interface GloveOptions {
  /** Source name for errors (default `<input>`). */
  file?: string;
  /** Expected dimension; default: the header's, or the first vector line's. */
  dim?: number;
  /** `throw` (default) on a bad line, or `skip` it and count it in `stats.skipped`. */
  onInvalid?: OnInvalid;
}

const HEADER = /^(\d+) (\d+)$/;

/** A decimal number as GloVe and word2vec write them (`Number` alone would also take `0x10`, `0b1`, `Infinity`). */
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter can split a run of digits between its two parts in
// n ways, so a long digit string that fails to match took quadratic time (20,000 digits: 2 s).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

function isNumeric(s: string): boolean {
  return DECIMAL.test(s) && Number.isFinite(Number(s));
}

/**
 * Parses GloVe text from text chunks (a string, or a sync/async iterable of strings cut anywhere),
 * keeping only the words in `vocabulary` (all words when it is omitted).
 *
 * ```ts
 * const counts = countTokens(dataset);
 * const { vectors, coverage } = await parseGlove(decodeText(stream, { gzip: true }), counts, { file: 'glove.txt.gz' });
 * ```
 * @throws DataError naming the line for a dimension different from the others or a non-numeric value.
 */
export async function parseGlove(
  source: TextSource,
  vocabulary?: VocabularyFilter,
  options: GloveOptions = {},
): Promise<LoadedVectors> {
  const file = options.file ?? '<input>';
  const policy = new InvalidPolicy(file, options.onInvalid);
  let dim = options.dim;
  if (dim !== undefined && !(Number.isInteger(dim) && dim >= 1))
    throw new RangeError(`dim must be a positive integer, got ${dim}`);
  let format: 'glove' | 'word2vec-text' = 'glove';
  const words: string[] = [];
  const seen = new Set<string>();
  let capacity = Math.max(16, Math.min(vocabulary?.size ?? 4096, 4096));
  let data = new Float32Array(0);
  let read = 0;
  let duplicates = 0;
  let first = true;
  // Without a header or `dim`, the dimension is the one the first vector lines agree on: up to
  // three lines are held back, so a wrong first line is blamed on itself, not on the second.
  let decided = dim !== undefined;
  const held: Array<{ line: number; text: string }> = [];

  const handle = (line: number, text: string): void => {
    read++;
    const space = text.indexOf(' ');
    if (space <= 0) {
      policy.invalid(line, 'columns', 'expected a word followed by space-separated numbers');
      return;
    }
    let word = text.slice(0, space);
    if (dim !== undefined && vocabulary && !vocabulary.has(word)) return;
    const fields = text.split(' ');
    if (dim === undefined) {
      if (fields.length < 2) {
        policy.invalid(line, 'columns', 'expected a word followed by space-separated numbers');
        return;
      }
      dim = fields.length - 1;
    }
    let from = 1;
    if (fields.length > dim + 1) {
      const extra = fields.slice(1, fields.length - dim);
      if (extra.some(isNumeric)) {
        policy.invalid(line, 'dimension', `expected ${dim} values, found ${fields.length - 1}`);
        return;
      }
      word = fields.slice(0, fields.length - dim).join(' ');
      from = fields.length - dim;
    } else if (fields.length < dim + 1) {
      policy.invalid(line, 'dimension', `expected ${dim} values, found ${fields.length - 1}`);
      return;
    }
    if (vocabulary && !vocabulary.has(word)) return;
    if (seen.has(word)) {
      duplicates++;
      return;
    }
    const at = words.length * dim;
    if (at + dim > data.length) {
      while (capacity * dim < at + dim) capacity *= 2;
      const grown = new Float32Array(capacity * dim);
      grown.set(data);
      data = grown;
    }
    // Parsed straight into the table: the row counts only once its word is pushed below.
    let bad = -1;
    for (let j = 0; j < dim; j++) {
      const s = fields[from + j] as string;
      const v = DECIMAL.test(s) ? Number(s) : Number.NaN;
      // Stored as float32: a value beyond its range (≈ 3.4e38) would become ±∞.
      if (!(Math.abs(v) <= FLOAT32_MAX)) {
        bad = j;
        break;
      }
      data[at + j] = v;
    }
    if (bad >= 0) {
      policy.invalid(
        line,
        'syntax',
        `value ${bad + 1} of ${JSON.stringify(word)} is ${JSON.stringify(fields[from + bad])}, ${DECIMAL.test(fields[from + bad] as string) && Number.isFinite(Number(fields[from + bad])) ? 'beyond the float32 range (|x| ≤ 3.4e38)' : 'not a finite number'}`,
      );
      return;
    }
    words.push(word);
    seen.add(word);
  };

  /** Decides the dimension from the held-back lines, then reads them. */
  const release = (): void => {
    decided = true;
    const counts = held.filter((h) => h.text.indexOf(' ') > 0).map((h) => h.text.split(' ').length - 1);
    const [c1, c2, c3] = counts;
    if (c1 !== undefined) {
      // Two lines that agree outvote one: the first line's count unless lines 2 and 3 say otherwise.
      dim = c2 !== undefined && c1 !== c2 && c3 === c2 ? c2 : c1;
    }
    for (const h of held) handle(h.line, h.text);
    held.length = 0;
  };

  for await (const { number: line, text: raw } of linesOf(source)) {
    if (isBlank(raw)) continue;
    const text = raw.trimEnd();
    if (first) {
      first = false;
      const h = HEADER.exec(text);
      if (h) {
        const headerDim = Number(h[2]);
        format = 'word2vec-text';
        if (!(Number.isSafeInteger(headerDim) && headerDim >= 1)) {
          // Skipped (under `skip`): the dimension is then the vector lines'.
          policy.invalid(line, 'dimension', `header says dimension ${h[2]}, not a positive integer`);
          continue;
        }
        if (dim !== undefined && dim !== headerDim) {
          policy.invalid(line, 'dimension', `header says dimension ${headerDim}, expected ${dim}`);
        }
        dim ??= headerDim;
        decided = true;
        continue;
      }
    }
    if (!decided) {
      held.push({ line, text });
      if (held.length === 3) release();
      continue;
    }
    handle(line, text);
  }
  if (!decided) release();
  const d = dim ?? 0;
  if (d === 0) {
    // No vector line at all: an empty table of the declared (or unknown) dimension.
    return finish(
      file,
      format,
      makeWordVectors([], new Float32Array(0), options.dim ?? 0),
      vocabulary,
      read,
      duplicates,
      policy,
    );
  }
  const vectors = makeWordVectors(words, data.slice(0, words.length * d), d);
  return finish(file, format, vectors, vocabulary, read, duplicates, policy);
}

function finish(
  source: string,
  format: 'glove' | 'word2vec-text',
  vectors: ReturnType<typeof makeWordVectors>,
  vocabulary: VocabularyFilter | undefined,
  read: number,
  duplicates: number,
  policy: InvalidPolicy,
): LoadedVectors {
  const out: LoadedVectors = {
    vectors,
    stats: { source, format, read, kept: vectors.words.length, duplicates, skipped: policy.report },
  };
  if (vocabulary) out.coverage = computeCoverage(vocabulary, vectors.index);
  return out;
}
