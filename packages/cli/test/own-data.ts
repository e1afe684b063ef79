/** A small corpus of the user's own kind (raw text, header, labels) and word vectors for it, written to a temp folder. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPairTable, type PairRow, seededRandom } from '@vb/core';
import { tempDir } from './cli.js';

export const WORDS = [
  'the',
  'cat',
  'dog',
  'sat',
  'ran',
  'on',
  'mat',
  'park',
  'big',
  'small',
  'red',
  'blue',
  'not',
  'is',
  'it',
  'do',
  'a',
  'house',
  'tree',
  'bird',
];

/** `n` pairs: sentence2 repeats sentence1 (label 1, score high) or is another sentence (label 0). */
export function pairRows(n: number, seed = 1, kind: 'label' | 'name' | 'score' = 'label'): PairRow[] {
  const r = seededRandom(seed);
  const sentence = () => {
    const len = 3 + Math.floor(r() * 5);
    const w = Array.from({ length: len }, () => WORDS[Math.floor(r() * WORDS.length)]);
    if (r() < 0.3) w.splice(1, 0, "don't");
    return `${w.join(' ')}${r() < 0.5 ? '.' : ', really!'}`.replace(/^./, (c) => c.toUpperCase());
  };
  return Array.from({ length: n }, (_, i) => {
    const a = sentence();
    const same = i % 2 === 0;
    const b = same ? a.replace('.', ' indeed.') : sentence();
    if (kind === 'score') return { sentence1: a, sentence2: b, score: same ? 4 + r() : r() * 2.5 };
    if (kind === 'name') return { sentence1: a, sentence2: b, label: same ? 'paraphrase' : 'different' };
    return { sentence1: a, sentence2: b, label: same ? 1 : 0 };
  });
}

/** GloVe-style text vectors (dimension 8) for WORDS and the punctuation, in `dir`. */
export function writeVectors(dir: string): string {
  const r = seededRandom(7);
  const words = [...WORDS, '.', ',', '!', 'indeed', 'really', "n't"];
  const path = join(dir, 'vectors.txt');
  writeFileSync(
    path,
    `${words.map((w) => `${w} ${Array.from({ length: 8 }, () => (r() * 2 - 1).toFixed(4)).join(' ')}`).join('\n')}\n`,
  );
  return path;
}

/** A temp folder with `pairs.csv` (header sentence1,sentence2,label) and `vectors.txt`. */
export function ownCorpus(n = 300): { dir: string; csv: string; vectors: string } {
  const dir = tempDir('vb-own-');
  const csv = join(dir, 'pairs.csv');
  writeFileSync(csv, formatPairTable(pairRows(n), 'csv'));
  return { dir, csv, vectors: writeVectors(dir) };
}
