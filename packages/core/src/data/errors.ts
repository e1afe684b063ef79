/**
 * Errors of the data layer. Every problem in an input file becomes a {@link DataError} that names
 * the source, the 1-based line and the problem; with `onInvalid: 'skip'` the reader records it in a
 * {@link SkipReport} instead and goes on.
 */

/** Why a line (or record) was rejected. */
export type InvalidReason =
  /** Wrong number of columns / fields. */
  | 'columns'
  /** A label that is not a class 0..K−1 (or not of the expected form). */
  | 'label'
  /** A score that is not a finite number, or lies outside the declared range. */
  | 'score'
  /** A sentence with no tokens. */
  | 'empty-sentence'
  /** Unparseable text: bad quoting, invalid JSON, a non-numeric vector value. */
  | 'syntax'
  /** A header without a named column. */
  | 'header'
  /** Two files that must agree do not (PIT-2015 `test.data` vs `test.label`). */
  | 'mismatch'
  /** A word vector of the wrong dimension. */
  | 'dimension';

/**
 * A problem in input data. `message` reads `<source>:<line>: <problem>` (or `<source>: <problem>`
 * when there is no line, e.g. for a JSON object).
 *
 * ```ts
 * try { parsePit2015(text, { file: 'dev.data' }); }
 * catch (e) { if (e instanceof DataError) console.error(e.source, e.line, e.reason, e.problem); }
 * ```
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  /** The file name the caller gave (or a description such as `<input>`). */
  readonly source: string;
  /** 1-based line number; for a multi-line CSV record, the line where the record starts. */
  readonly line: number | undefined;
  readonly reason: InvalidReason;
  /** The problem, without the location prefix. */
  readonly problem: string;

  constructor(source: string, line: number | undefined, reason: InvalidReason, problem: string) {
    super(line === undefined ? `${source}: ${problem}` : `${source}:${line}: ${problem}`);
    this.source = source;
    this.line = line;
    this.reason = reason;
    this.problem = problem;
  }
}

/** What to do with an invalid line: `throw` (default) a {@link DataError}, or `skip` it and count it. */
export type OnInvalid = 'throw' | 'skip';

/** What a reader skipped under `onInvalid: 'skip'`. */
export interface SkipReport {
  /** Number of skipped lines / records. */
  total: number;
  /** Skipped lines per reason. */
  byReason: Partial<Record<InvalidReason, number>>;
  /** The first {@link MAX_SKIP_EXAMPLES} errors, for a log. */
  examples: DataError[];
}

/** How many skipped errors a {@link SkipReport} keeps verbatim. */
export const MAX_SKIP_EXAMPLES = 20;

/** An empty {@link SkipReport}. */
export function emptySkipReport(): SkipReport {
  return { total: 0, byReason: {}, examples: [] };
}

/** Merges skip reports (e.g. of the files pooled into one dataset). */
export function mergeSkipReports(...reports: readonly SkipReport[]): SkipReport {
  const out = emptySkipReport();
  for (const r of reports) {
    out.total += r.total;
    for (const [k, v] of Object.entries(r.byReason) as [InvalidReason, number][]) {
      out.byReason[k] = (out.byReason[k] ?? 0) + v;
    }
    for (const e of r.examples) if (out.examples.length < MAX_SKIP_EXAMPLES) out.examples.push(e);
  }
  return out;
}

/**
 * Applies the `onInvalid` policy: `report(error)` throws under `throw`, records under `skip`.
 * Readers build one per input.
 */
export class InvalidPolicy {
  readonly report: SkipReport = emptySkipReport();
  constructor(
    readonly source: string,
    readonly onInvalid: OnInvalid = 'throw',
  ) {
    if (onInvalid !== 'throw' && onInvalid !== 'skip') {
      throw new TypeError(`onInvalid must be 'throw' or 'skip', got ${String(onInvalid)}`);
    }
  }

  /** Throws (policy `throw`) or records (policy `skip`) the problem at `line`; returns `false`. */
  invalid(line: number | undefined, reason: InvalidReason, problem: string): false {
    const error = new DataError(this.source, line, reason, problem);
    if (this.onInvalid === 'throw') throw error;
    this.report.total++;
    this.report.byReason[reason] = (this.report.byReason[reason] ?? 0) + 1;
    if (this.report.examples.length < MAX_SKIP_EXAMPLES) this.report.examples.push(error);
    return false;
  }
}
