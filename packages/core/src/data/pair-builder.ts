/**
 * The validation every reader shares: raw sentence, label and score values of one record become a
 * {@link SentencePair}, or a reported {@link DataError}.
 */
import { InvalidPolicy } from './errors.js';
import { checkClasses, checkRange, type LabelOptions, parseDecimal, scoreToClass } from './labels.js';
import { makeTokenizer, normaliseTokens, type Tokenizer } from './tokenize.js';
import { showValue } from './show.js';
import type { PairDataset, ReadOptions, SentencePair } from './types.js';

/** The most classes a reader infers from the labels it sees (a larger K must be declared). */
export const MAX_INFERRED_CLASSES = 1000;

/** One record's raw values (strings from text formats; JSON values from JSONL). */
export interface RawPair {
  line: number;
  a: unknown;
  b: unknown;
  label?: unknown;
  score?: unknown;
}

/** Which of label and score a format carries. */
export interface PairFields {
  label: boolean;
  score: boolean;
}

/** A raw value for a message (JSON; safe for any value JSON.parse can produce, however deep). */
function show(v: unknown): string {
  return showValue(v);
}

/** A finite number from a JSON number or a strict decimal string; otherwise undefined. */
function toScore(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' ? parseDecimal(v) : undefined;
}

/** Accumulates validated pairs of one source. */
export class PairBuilder {
  readonly policy: InvalidPolicy;
  readonly pairs: SentencePair[] = [];
  readonly #file: string;
  readonly #tokenize: Tokenizer;
  readonly #lowercase: boolean;
  readonly #fields: PairFields;
  readonly #classes: number | undefined;
  readonly #names: Map<string, number> | undefined;
  readonly #range: readonly [number, number] | undefined;
  readonly #labels: LabelOptions;
  #maxLabel = -1;

  constructor(
    options: ReadOptions & LabelOptions,
    fields: PairFields,
    defaultTokenizer: 'whitespace' | 'regex',
  ) {
    if (!fields.label && !fields.score)
      throw new TypeError('a column mapping needs a label or a score column');
    this.#file = options.file ?? '<input>';
    this.policy = new InvalidPolicy(this.#file, options.onInvalid);
    this.#lowercase = options.lowercase ?? true;
    this.#tokenize = makeTokenizer(options.tokenizer ?? defaultTokenizer, this.#lowercase);
    this.#fields = fields;
    this.#labels = options;
    if (options.labelNames) {
      if (options.labelNames.length < 2) throw new RangeError('labelNames needs at least two names');
      this.#names = new Map(options.labelNames.map((n, i) => [n, i]));
      if (this.#names.size !== options.labelNames.length) throw new RangeError('labelNames has duplicates');
    }
    let classes = options.classes ?? options.labelNames?.length;
    if (classes === undefined && !fields.label) classes = 6;
    if (classes !== undefined) checkClasses(classes);
    if (options.labelNames && classes !== options.labelNames.length) {
      throw new RangeError(`classes = ${classes} but labelNames has ${options.labelNames.length} names`);
    }
    this.#classes = classes;
    if (options.binning !== undefined && options.binning !== 'round' && options.binning !== 'floor') {
      throw new TypeError(`binning must be 'round' or 'floor', got ${JSON.stringify(options.binning)}`);
    }
    this.#range = options.scoreRange ?? (fields.label ? undefined : [0, 5]);
    if (this.#range) checkRange(this.#range);
  }

  /** Validates one record; pushes the pair (→ true) or reports the problem (→ false). */
  add(raw: RawPair): boolean {
    const p = this.policy;
    let score: number | undefined;
    if (this.#fields.score) {
      score = toScore(raw.score);
      if (score === undefined)
        return p.invalid(raw.line, 'score', `score ${show(raw.score)} is not a finite number`);
      const r = this.#range;
      if (r && !(score >= r[0] && score <= r[1])) {
        return p.invalid(raw.line, 'score', `score ${score} outside the range [${r[0]}, ${r[1]}]`);
      }
    }
    let label: number;
    if (this.#fields.label) {
      const l = this.#parseLabel(raw.label);
      if (typeof l === 'string') return p.invalid(raw.line, 'label', l);
      label = l;
    } else {
      label = scoreToClass(
        score as number,
        this.#classes as number,
        this.#range ?? [0, 5],
        this.#labels.binning,
      );
    }
    const a = this.#sentence(raw.a);
    if (typeof a === 'string')
      return p.invalid(raw.line, a.startsWith('empty') ? 'empty-sentence' : 'syntax', `sentence 1 ${a}`);
    const b = this.#sentence(raw.b);
    if (typeof b === 'string')
      return p.invalid(raw.line, b.startsWith('empty') ? 'empty-sentence' : 'syntax', `sentence 2 ${b}`);
    this.#maxLabel = Math.max(this.#maxLabel, label);
    const pair: SentencePair = { a, b, label, source: { file: this.#file, line: raw.line } };
    if (score !== undefined) pair.score = score;
    this.pairs.push(pair);
    return true;
  }

  /** Tokens, or the problem as a string. */
  #sentence(v: unknown): string[] | string {
    let tokens: string[];
    if (typeof v === 'string') tokens = this.#tokenize(v);
    else if (Array.isArray(v) && v.every((t) => typeof t === 'string')) {
      tokens = normaliseTokens(v as string[], this.#lowercase).filter((t) => t.length > 0);
    } else return `is ${show(v)}, not a string (or an array of token strings)`;
    if (tokens.length === 0) return 'empty (no tokens)';
    return tokens;
  }

  /** The class, or the problem as a string. */
  #parseLabel(v: unknown): number | string {
    const k = this.#classes;
    const range = k === undefined ? '0 or more' : `0..${k - 1}`;
    if (typeof v === 'string' && this.#names) {
      const byName = this.#names.get(v.trim());
      if (byName !== undefined) return byName;
    }
    let n: number | undefined;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string') n = parseDecimal(v);
    if (n === undefined || !Number.isSafeInteger(n)) {
      const names = this.#names
        ? ` or one of ${[...this.#names.keys()].map((s) => JSON.stringify(s)).join(', ')}`
        : '';
      return `label ${show(v)} is not an integer class ${range}${names}`;
    }
    if (n < 0 || (k !== undefined && n >= k)) return `label ${n} outside ${range}`;
    // K follows the largest label when not declared: a stray 90000 would mean a 90001-class model.
    if (k === undefined && n >= MAX_INFERRED_CLASSES)
      return `label ${n} outside 0..${MAX_INFERRED_CLASSES - 1} (declare classes to use more than ${MAX_INFERRED_CLASSES})`;
    return n;
  }

  /** The dataset; K is the declared one, or max label + 1 (at least 2). */
  finish(name: string | undefined): PairDataset {
    return {
      name: name ?? this.#file,
      classes: this.#classes ?? Math.max(2, this.#maxLabel + 1),
      pairs: this.pairs,
      skipped: this.policy.report,
    };
  }
}
