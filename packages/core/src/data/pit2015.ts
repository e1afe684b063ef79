/**
 * SemEval-2015 Task 1 (PIT-2015) files and its two protocols.
 *
 * Files: TSV, 7 columns `Topic_Id, Topic_Name, Sent_1, Sent_2, Label, Sent_1_tag, Sent_2_tag` (the
 * two tag columns may be omitted). Sentences are pre-tokenised (whitespace split). Label:
 * - train/dev: `(k, 5−k)` — k of 5 crowd workers said "paraphrase"; y = k;
 * - test: an expert score 0..5; y = score. `test.label` repeats it as `true|false|----<TAB>score/5`.
 *
 * Binary labels (official): votes k ≥ 3 → 1, k ≤ 1 → 0, k = 2 debatable; expert 4–5 → 1, 0–2 → 0,
 * 3 debatable (organisers' README prints the test mapping with two rows swapped — a typo;
 * `test.label` is authoritative and its `----` lines are exactly the score-3 pairs).
 */
import { DataError, InvalidPolicy, mergeSkipReports } from './errors.js';
import { isBlank, splitLines } from './lines.js';
import { splitDataset } from './split.js';
import { makeTokenizer } from './tokenize.js';
import type { PairDataset, ReadOptions, SentencePair } from './types.js';
import { requireString } from '../args.js';

/** Number of classes of the PIT-2015 y (0..5). */
export const PIT2015_CLASSES = 6;

/** Which label column format to expect: `auto` (default) decides per line. */
export type Pit2015LabelKind = 'auto' | 'votes' | 'expert';

/** Options of {@link parsePit2015}. The tokenizer defaults to `whitespace`. */
export interface Pit2015Options extends ReadOptions {
  kind?: Pit2015LabelKind;
}

/** One line of `test.label`. */
export interface Pit2015Label {
  line: number;
  /** `true` → 1, `false` → 0, `----` (debatable) → null. */
  binary: 0 | 1 | null;
  /** The degree column as written, score/5 ∈ [0, 1]. */
  degree: number;
}

const VOTES = /^\((\d+),\s*(\d+)\)$/;
const EXPERT = /^\d+$/;

/** The official binary label of a vote count k (crowd) or an expert score. */
export function pit2015Binary(y: number, kind: 'votes' | 'expert'): 0 | 1 | undefined {
  if (kind === 'votes') return y >= 3 ? 1 : y <= 1 ? 0 : undefined;
  return y >= 4 ? 1 : y <= 2 ? 0 : undefined;
}

/**
 * A PIT-2015 data file (train, dev or test): label = y ∈ 0..5, score = y, binary = the official
 * mapping for the file's label kind.
 *
 * ```ts
 * const dev = parsePit2015(text, { file: 'dev.data' });
 * dev.pairs[0]; // { a: ['a', 'walk', ...], b: [...], label: 1, score: 1, binary: 0, source: { file: 'dev.data', line: 1 } }
 * ```
 * @throws DataError for a wrong column count, a malformed label, an empty sentence (unless `onInvalid: 'skip'`).
 */
export function parsePit2015(text: string, options: Pit2015Options = {}): PairDataset {
  requireString(text, 'parsePit2015', 'text');
  const file = options.file ?? '<input>';
  const policy = new InvalidPolicy(file, options.onInvalid);
  const tokenize = makeTokenizer(options.tokenizer ?? 'whitespace', options.lowercase ?? true);
  const want = options.kind ?? 'auto';
  const pairs: SentencePair[] = [];
  for (const { number: line, text: t } of splitLines(text)) {
    if (isBlank(t)) continue;
    const cols = t.split('\t');
    if (cols.length !== 7 && cols.length !== 5) {
      policy.invalid(
        line,
        'columns',
        `expected 7 tab-separated columns (or 5 without the tag columns), found ${cols.length}`,
      );
      continue;
    }
    const rawLabel = (cols[4] as string).trim();
    let y: number;
    let kind: 'votes' | 'expert';
    const votes = VOTES.exec(rawLabel);
    if (votes && want !== 'expert') {
      const k = Number(votes[1]);
      const m = Number(votes[2]);
      if (k + m !== 5) {
        policy.invalid(line, 'label', `label ${JSON.stringify(rawLabel)}: the two vote counts must sum to 5`);
        continue;
      }
      y = k;
      kind = 'votes';
    } else if (EXPERT.test(rawLabel) && want !== 'votes' && Number(rawLabel) <= 5) {
      y = Number(rawLabel);
      kind = 'expert';
    } else {
      const expected =
        want === 'votes'
          ? '"(k, 5-k)"'
          : want === 'expert'
            ? 'an expert score 0..5'
            : '"(k, 5-k)" or an expert score 0..5';
      policy.invalid(line, 'label', `label ${JSON.stringify(rawLabel)} is not ${expected}`);
      continue;
    }
    const a = tokenize(cols[2] as string);
    const b = tokenize(cols[3] as string);
    if (a.length === 0 || b.length === 0) {
      policy.invalid(line, 'empty-sentence', `sentence ${a.length === 0 ? 1 : 2} is empty`);
      continue;
    }
    const pair: SentencePair = { a, b, label: y, score: y, source: { file, line } };
    const binary = pit2015Binary(y, kind);
    if (binary !== undefined) pair.binary = binary;
    pairs.push(pair);
  }
  return { name: options.name ?? file, classes: PIT2015_CLASSES, pairs, skipped: policy.report };
}

/**
 * The lines of `test.label`: `true|false|----<TAB><score/5>`.
 * @throws DataError for a malformed line (unless `onInvalid: 'skip'`).
 */
export function parsePit2015Labels(
  text: string,
  options: Pick<ReadOptions, 'file' | 'onInvalid'> = {},
): { labels: Pit2015Label[]; policy: InvalidPolicy } {
  const policy = new InvalidPolicy(options.file ?? '<input>', options.onInvalid);
  const labels: Pit2015Label[] = [];
  for (const { number: line, text: t } of splitLines(text)) {
    if (isBlank(t)) continue;
    const cols = t.split('\t');
    if (cols.length !== 2) {
      policy.invalid(
        line,
        'columns',
        `expected 2 tab-separated columns (true|false|---- and a score), found ${cols.length}`,
      );
      continue;
    }
    const flag = (cols[0] as string).trim();
    const degreeText = (cols[1] as string).trim();
    const degree = /^\d+(\.\d+)?$/.test(degreeText) ? Number(degreeText) : Number.NaN;
    if (flag !== 'true' && flag !== 'false' && flag !== '----') {
      policy.invalid(line, 'label', `label ${JSON.stringify(flag)} is not true, false or ----`);
      continue;
    }
    if (!(degree >= 0 && degree <= 1)) {
      policy.invalid(line, 'score', `score ${JSON.stringify(degreeText)} is not a number in [0, 1]`);
      continue;
    }
    labels.push({ line, binary: flag === 'true' ? 1 : flag === 'false' ? 0 : null, degree });
  }
  return { labels, policy };
}

/** Options of {@link parsePit2015Test}. */
export interface Pit2015TestOptions extends Pit2015Options {
  /** Name of the label file for errors (default `test.label`). */
  labelFile?: string;
}

/**
 * The test split: `test.data` checked against `test.label` line by line — the score column must
 * equal 5 × the label file's degree, and the flag must be the official mapping of the score (true
 * for 4–5, false for 0–2, `----` for 3). `binary` comes from `test.label` (authoritative).
 *
 * @throws DataError (reason `mismatch`, naming the `test.label` line) when they disagree or their
 *   line counts differ (unless `onInvalid: 'skip'`, which drops disagreeing pairs).
 */
export function parsePit2015Test(
  dataText: string,
  labelText: string,
  options: Pit2015TestOptions = {},
): PairDataset {
  const labelFile = options.labelFile ?? 'test.label';
  const data = parsePit2015(dataText, { kind: 'expert', ...options });
  const { labels, policy: labelPolicy } = parsePit2015Labels(labelText, {
    file: labelFile,
    onInvalid: options.onInvalid,
  });
  const check = new InvalidPolicy(labelFile, options.onInvalid);
  const dataLines = countNonBlankLines(dataText);
  const labelLines = countNonBlankLines(labelText);
  if (dataLines !== labelLines) {
    throw new DataError(
      labelFile,
      undefined,
      'mismatch',
      `${labelLines} labels for ${dataLines} lines of ${options.file ?? '<input>'}`,
    );
  }
  const byLine = new Map(labels.map((l) => [l.line, l]));
  const pairs: SentencePair[] = [];
  for (const pair of data.pairs) {
    const line = pair.source.line;
    const l = byLine.get(line);
    if (!l) {
      check.invalid(line, 'mismatch', `no valid label for line ${line} of ${pair.source.file}`);
      continue;
    }
    const y = pair.label;
    if (Math.abs(l.degree * 5 - y) > 1e-6) {
      check.invalid(
        line,
        'mismatch',
        `score ${l.degree} ≠ ${y}/5 (the score of line ${line} of ${pair.source.file})`,
      );
      continue;
    }
    const expected = pit2015Binary(y, 'expert') ?? null;
    if (l.binary !== expected) {
      const show = (b: 0 | 1 | null) => (b === 1 ? 'true' : b === 0 ? 'false' : '----');
      check.invalid(line, 'mismatch', `flag ${show(l.binary)} but score ${y} means ${show(expected)}`);
      continue;
    }
    const out: SentencePair = { ...pair };
    delete out.binary;
    if (l.binary !== null) out.binary = l.binary;
    pairs.push(out);
  }
  return {
    name: data.name,
    classes: PIT2015_CLASSES,
    pairs,
    skipped: mergeSkipReports(data.skipped, labelPolicy.report, check.report),
  };
}

function countNonBlankLines(text: string): number {
  let n = 0;
  for (const { text: t } of splitLines(text)) if (!isBlank(t)) n++;
  return n;
}

/**
 * The binary label of docs/METHOD.md §1 on the pooled y: 1 for y ≥ 3, 0 for y ≤ 1, none for y = 2.
 * (On dev pairs this is the official mapping; on test pairs, whose y is the expert score, it differs
 * from the official one at y = 2 and y = 3 — the official test scoring is the other protocol.)
 */
export function pooledBinary(y: number): 0 | 1 | undefined {
  return pit2015Binary(y, 'votes');
}

/** The seed's protocol: dev + test pooled, split 70/15/15 stratified by y. */
export interface Pit2015Pooled {
  protocol: 'pooled';
  /** All 5,699 pairs (dev first, then test), K = 6. */
  all: PairDataset;
  train: PairDataset;
  validation: PairDataset;
  test: PairDataset;
}

/** The official binary protocol: train on dev (k = 2 dropped), test on test (score 3 dropped), K = 2. */
export interface Pit2015Official {
  protocol: 'official';
  train: PairDataset;
  test: PairDataset;
}

/** Options of {@link pit2015Pooled}. */
export interface PooledOptions {
  /** Seed of the split (default 1). */
  seed?: number;
  /** Train / validation / test fractions (default [0.7, 0.15, 0.15]). */
  fractions?: readonly [number, number, number];
}

/**
 * The seed's protocol (docs/METHOD.md §1): dev and test pooled (label = y ∈ 0..5; binary =
 * {@link pooledBinary}(y)), split into train/validation/test stratified by y with a seeded shuffle.
 *
 * ```ts
 * const { train, validation, test } = pit2015Pooled(dev, testSplit, { seed: 1 });
 * ```
 */
export function pit2015Pooled(
  dev: PairDataset,
  test: PairDataset,
  options: PooledOptions = {},
): Pit2015Pooled {
  const pairs = [...dev.pairs, ...test.pairs].map((p) => {
    const out: SentencePair = { ...p, label: p.score ?? p.label };
    delete out.binary;
    const binary = pooledBinary(out.label);
    if (binary !== undefined) out.binary = binary;
    return out;
  });
  const all: PairDataset = {
    name: 'pit2015-pooled',
    classes: PIT2015_CLASSES,
    pairs,
    skipped: mergeSkipReports(dev.skipped, test.skipped),
  };
  const [train, validation, testSplit] = splitDataset(all, {
    fractions: options.fractions ?? [0.7, 0.15, 0.15],
    seed: options.seed ?? 1,
    names: ['train', 'validation', 'test'],
  }) as [PairDataset, PairDataset, PairDataset];
  return { protocol: 'pooled', all, train, validation, test: testSplit };
}

/**
 * The official binary protocol: train = dev pairs with a binary label (k ≠ 2), test = test pairs with
 * one (score ≠ 3, from `test.label`); label = binary, K = 2, score keeps y.
 */
export function pit2015Official(dev: PairDataset, test: PairDataset): Pit2015Official {
  const binaryOnly = (ds: PairDataset, name: string): PairDataset => ({
    name,
    classes: 2,
    pairs: ds.pairs.flatMap((p) => (p.binary === undefined ? [] : [{ ...p, label: p.binary }])),
    skipped: ds.skipped,
  });
  return {
    protocol: 'official',
    train: binaryOnly(dev, 'pit2015-official/train'),
    test: binaryOnly(test, 'pit2015-official/test'),
  };
}
