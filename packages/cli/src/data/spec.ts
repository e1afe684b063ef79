/**
 * `--data <format>:<path>[,<path>,<path>]`: which corpus, in which format, from which files.
 *
 * - `builtin` — the synthetic planted-teacher task (no path);
 * - `pit2015:<dir>`, `msrp:<dir>` — the known corpora, read from their folders as distributed;
 * - `csv:`, `tsv:`, `jsonl:`, `sts:` — one file (split 70/15/15, stratified, seeded) or three
 *   comma-separated files (train, validation, test as given). A bare path whose name ends in
 *   `.csv`, `.tsv`, `.jsonl` or `.ndjson` (optionally `.gz`) needs no format prefix.
 */
import { UsageError } from '../usage-error.js';

export const DATA_FORMATS = ['builtin', 'pit2015', 'msrp', 'sts', 'csv', 'tsv', 'jsonl'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
/** The formats of one table (or three) with a column mapping: what {@link TableOptions} apply to. */
export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'sts';

export interface DataSpec {
  format: DataFormat;
  /** Empty for builtin; one folder for pit2015/msrp; one or three files for the table formats. */
  paths: string[];
  /** The spec as given (for messages). */
  text: string;
}

export const DATA_SPEC_HELP =
  "'builtin', 'pit2015:<dir>', 'msrp:<dir>', or '<csv|tsv|jsonl|sts>:<file>' (split 70/15/15) or '<format>:<train>,<validation>,<test>'";

const EXTENSIONS: Array<[RegExp, TableFormat]> = [
  [/\.csv(\.gz)?$/i, 'csv'],
  [/\.tsv(\.gz)?$/i, 'tsv'],
  [/\.(jsonl|ndjson)(\.gz)?$/i, 'jsonl'],
];

export function isTableFormat(f: DataFormat): f is TableFormat {
  return f === 'csv' || f === 'tsv' || f === 'jsonl' || f === 'sts';
}

/** Parses a `--data` value. @throws UsageError naming the option and what is wrong. */
export function parseDataSpec(text: string): DataSpec {
  const colon = text.indexOf(':');
  const prefix = colon === -1 ? text : text.slice(0, colon);
  const arg = colon === -1 ? '' : text.slice(colon + 1);
  if (!(DATA_FORMATS as readonly string[]).includes(prefix)) {
    // A bare table file: the format from its extension.
    const hit = EXTENSIONS.find(([re]) => re.test(text.split(',')[0] ?? ''));
    if (hit) return tableSpec(hit[1], text, `${hit[1]}:${text}`);
    throw new UsageError(`--data ${text}: unknown format "${prefix}"; use ${DATA_SPEC_HELP}`);
  }
  const format = prefix as DataFormat;
  if (format === 'builtin') {
    if (arg) throw new UsageError(`--data builtin takes no path (got "${text}")`);
    return { format, paths: [], text };
  }
  if (format === 'pit2015' || format === 'msrp') {
    if (!arg) {
      const files =
        format === 'pit2015'
          ? 'dev.data, test.data and test.label'
          : 'train.tsv, validation.tsv and test.tsv';
      throw new UsageError(`--data ${format}:<dir> needs the folder holding ${files}`);
    }
    return { format, paths: [arg], text };
  }
  return tableSpec(format, arg, text);
}

function tableSpec(format: TableFormat, arg: string, text: string): DataSpec {
  if (!arg)
    throw new UsageError(`--data ${format}:<file> needs a file, or three: <train>,<validation>,<test>`);
  const paths = arg.split(',');
  if (paths.length !== 1 && paths.length !== 3)
    throw new UsageError(
      `--data ${text}: give one file (split 70/15/15) or three comma-separated files (train, validation, test), not ${paths.length}`,
    );
  const empty = paths.findIndex((p) => p.trim() === '');
  if (empty !== -1) throw new UsageError(`--data ${text}: file ${empty + 1} of ${paths.length} is empty`);
  return { format, paths, text };
}
