/**
 * Finding a table's columns from its header: the usual names of the sentence, label and score
 * columns (sentence1/sentence2/label/score and close variants such as `s1`, `text_a`, `question1`,
 * `premise`/`hypothesis`, `gold_label`, `quality`, `#1 String`). vb-cli and the playground both
 * read tables by these rules.
 */
import type { ColumnMapping } from './tabular.js';

/** Header names each key is found under, compared after lowercasing and dropping non-alphanumerics. */
const ALIASES: Record<keyof ColumnMapping, string[]> = {
  sentence1: [
    'sentence1',
    'sentencea',
    'sent1',
    's1',
    'text1',
    'texta',
    'question1',
    'q1',
    'premise',
    '1string',
    'string1',
    'left',
    'first',
  ],
  sentence2: [
    'sentence2',
    'sentenceb',
    'sent2',
    's2',
    'text2',
    'textb',
    'question2',
    'q2',
    'hypothesis',
    '2string',
    'string2',
    'right',
    'second',
  ],
  label: [
    'label',
    'goldlabel',
    'gold',
    'class',
    'y',
    'target',
    'quality',
    'isduplicate',
    'isparaphrase',
    'paraphrase',
  ],
  score: [
    'score',
    'similarity',
    'similarityscore',
    'relatedness',
    'relatednessscore',
    'sim',
    'goldscore',
    'rating',
  ],
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The columns a header names: for each key the first header name among its aliases. Returns only
 * the keys found (the caller checks that the sentences and a label or score are there).
 */
export function detectColumns(names: readonly string[]): Partial<ColumnMapping> {
  const normal = names.map(normalise);
  const out: Partial<ColumnMapping> = {};
  for (const key of Object.keys(ALIASES) as Array<keyof ColumnMapping>) {
    for (const alias of ALIASES[key]) {
      const at = normal.indexOf(alias);
      if (at !== -1) {
        out[key] = names[at] as string;
        break;
      }
    }
  }
  return out;
}

/** Whether a first record looks like a header: it names both sentence columns. */
export function looksLikeHeader(names: readonly string[]): boolean {
  const found = detectColumns(names);
  return found.sentence1 !== undefined && found.sentence2 !== undefined;
}
