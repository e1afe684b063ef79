/**
 * MSRP (Microsoft Research Paraphrase Corpus) for the CLI, read from a folder holding
 * `train.tsv`, `validation.tsv` and `test.tsv` as `../shared/data/msrp` has them: a header line
 * (`Quality`, `#1 ID`, `#2 ID`, `#1 String`, `#2 String`, with a byte-order mark), tab-separated,
 * raw text with unbalanced double quotes (read without CSV quoting). Quality 1 = paraphrase:
 * two classes; the metrics are accuracy and the binary F1 of the paraphrase class.
 */

import { join } from 'node:path';
import { type PairDataset, parseDelimited } from '@vb/core';
import { readText } from '@vb/core/node';
import { corpusData } from './corpus.js';
import type { SweepData } from './loaded.js';
import type { LoadOptions } from './load-options.js';
import { RAW_TOKENIZER, type TokenizerName } from './tokenizers.js';
import { refuseTableOptions } from './refuse.js';

const FILES = ['train.tsv', 'validation.tsv', 'test.tsv'] as const;

async function readSplit(dir: string, file: string, tokenizer: TokenizerName): Promise<PairDataset> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    throw new Error(`--data msrp:${dir}: cannot read ${path}: ${(e as Error).message}`);
  }
  return parseDelimited(text, {
    file: path,
    delimiter: '\t',
    quoting: 'none',
    header: true,
    columns: { label: 'Quality', sentence1: '#1 String', sentence2: '#2 String' },
    classes: 2,
    tokenizer,
  });
}

export async function msrpData(dir: string, vectors: string, o: LoadOptions): Promise<SweepData> {
  refuseTableOptions('msrp', o.table);
  const tokenizer = o.table?.tokenizer ?? RAW_TOKENIZER;
  const [train, validation, test] = (await Promise.all(FILES.map((f) => readSplit(dir, f, tokenizer)))) as [
    PairDataset,
    PairDataset,
    PairDataset,
  ];
  const description =
    'MSRP (Dolan & Brockett 2005): its train / validation (the last 500 training pairs) / test split; binary paraphrase labels.';
  // K = 2: binary F1 of class 1 (paraphrase), as the corpus's reference points report it.
  return corpusData(
    { name: 'msrp', description, dir, train, validation, test, scoring: { paraphrase: false }, stats: { tokenizer }, text: { tokenizer, labelNames: ['not paraphrase', 'paraphrase'] } },
    vectors,
    o,
  );
}
