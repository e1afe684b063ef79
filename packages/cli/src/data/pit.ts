/**
 * PIT-2015 for the CLI: read the corpus with @vb/core's readers; `corpusData` adds the vectors.
 *
 * `pooled` (the seed's protocol): dev + test pooled, 70/15/15 stratified by the six-class y.
 * `official`: train on dev (binary: paraphrase k ≥ 3, not k ≤ 1, k = 2 dropped), 15% of it held
 * out for validation, binary F1 on the official test labels.
 */
import { type PairDataset, stratifiedSplit, subsetDataset } from '@vb/core';
import { readPit2015 } from '@vb/core/node';
import { corpusData } from './corpus.js';
import type { SweepData } from './loaded.js';
import type { LoadOptions } from './load-options.js';
import { refuseTableOptions } from './refuse.js';

export async function pitData(dir: string, vectors: string, o: LoadOptions): Promise<SweepData> {
  refuseTableOptions('pit2015', o.table);
  // Pre-tokenised tweets: whitespace unless --tokenizer says otherwise.
  const tokenizer = o.table?.tokenizer ?? 'whitespace';
  let train: PairDataset;
  let validation: PairDataset;
  let test: PairDataset;
  if (o.protocol === 'pooled') {
    const p = await readPit2015(dir, 'pooled', { seed: o.splitSeed, fractions: o.split, tokenizer });
    ({ train, validation, test } = p);
  } else {
    const p = await readPit2015(dir, 'official', { tokenizer });
    const [tr, va] = stratifiedSplit(
      p.train.pairs.map((x) => x.label),
      { fractions: [0.85, 0.15], seed: o.splitSeed },
    ) as [number[], number[]];
    train = subsetDataset(p.train, tr, 'pit2015-official/train');
    validation = subsetDataset(p.train, va, 'pit2015-official/validation');
    test = p.test;
  }
  const description =
    o.protocol === 'pooled'
      ? 'PIT-2015 (SemEval-2015 Task 1), dev + test pooled and split 70/15/15 stratified by the six-class label y (the seed’s protocol).'
      : 'PIT-2015 official binary protocol: trained on dev (85% train, 15% validation), evaluated on the official test labels.';
  // Pooled: y is the vote count, so the PIT paraphrase F1 applies; official: K = 2 (binary F1 of class 1).
  return corpusData(
    {
      name: `pit2015:${o.protocol}`,
      description,
      dir,
      train,
      validation,
      test,
      scoring: {},
      stats: { protocol: o.protocol, tokenizer },
      // Pooled: the classes are the vote counts 0..5 (the expected score is the expected votes).
      text:
        o.protocol === 'pooled'
          ? { tokenizer, scoreRange: [0, 5] }
          : { tokenizer, labelNames: ['not paraphrase', 'paraphrase'] },
    },
    vectors,
    o,
  );
}
