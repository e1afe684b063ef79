/**
 * The page's table reader in Node (packages/playground/src/data.ts): the same pairs written as
 * CSV, TSV and JSON lines (@vb/core formatPairTable) read into the same splits, labels and
 * tokens; the column picker's preview of JSON lines; bad JSON named by line.
 */
import { formatPairTable, type PairDataset, type PairRow } from '@vb/core';
import { describe, expect, it } from 'vitest';
import { formatOf, previewTable, readTable } from '../src/data.js';

const WORDS = ['a', 'cat', 'dog', "isn't", 'running', 'quickly', 'the', 'park', '"quoted"', 'x,y'];
const rows: PairRow[] = Array.from({ length: 40 }, (_, i) => ({
  sentence1: `${WORDS[i % 10]} ${WORDS[(i * 3) % 10]} ${WORDS[(i * 7) % 10]}`,
  sentence2: `${WORDS[(i + 1) % 10]} ${WORDS[(i * 5) % 10]}`,
  label: ['entailment', 'neutral', 'contradiction'][i % 3] as string,
}));
const CHOICE = { sentence1: 0, sentence2: 1, target: 2, targetKind: 'label' as const };
const view = (d: PairDataset) => d.pairs.map((p) => [p.a, p.b, p.label]);

describe('the playground reads CSV, TSV and JSON lines alike', () => {
  const csv = readTable('pairs.csv', formatPairTable(rows, 'csv'), CHOICE);

  it.each(['tsv', 'jsonl'] as const)('%s gives the CSV’s splits, label names and tokens', (format) => {
    const text = formatPairTable(rows, format);
    expect(formatOf(`pairs.${format}`, text)).toBe(format);
    const preview = previewTable(`pairs.${format}`, text);
    expect(preview.format).toBe(format);
    expect(preview.header).toEqual(['sentence1', 'sentence2', 'label']);
    expect(preview.detected).toEqual(CHOICE);
    const r = readTable(`pairs.${format}`, text, CHOICE);
    expect(r.classes).toBe(3);
    expect(r.labelNames).toEqual(['contradiction', 'entailment', 'neutral']);
    expect(r.splits.map(view)).toEqual(csv.splits.map(view));
    expect(r.splits[0].pairs[3]?.a.length).toBeGreaterThan(0);
  });

  it('finds JSON lines without the extension; the first object’s keys are the columns (as vb-cli)', () => {
    const text =
      '{"premise":"a cat","hypothesis":"a dog","gold_label":"neutral","id":7}\n{"premise":"b","hypothesis":"c","gold_label":"entailment","extra":[1]}\n';
    expect(formatOf('pairs.txt', text)).toBe('jsonl');
    expect(formatOf('pairs.csv', text)).toBe('csv');
    const p = previewTable('pairs.txt', text);
    expect(p.header).toEqual(['premise', 'hypothesis', 'gold_label', 'id']);
    expect(p.rows).toEqual([
      ['a cat', 'a dog', 'neutral', '7'],
      ['b', 'c', 'entailment', ''],
    ]);
    expect(p.detected).toEqual({ sentence1: 0, sentence2: 1, target: 2, targetKind: 'label' });
    // A preview cut in the middle of a line ignores that line.
    expect(previewTable('p.jsonl', `${text}{"premise":"cut`).rows).toHaveLength(2);
  });

  it('skips and counts what vb-cli --skip-invalid skips: bad JSON, arrays, null labels; trims labels', () => {
    const lines = rows
      .slice(0, 20)
      .map((r, i) => JSON.stringify({ ...r, label: i === 4 ? null : i % 2 ? ' pos' : 'neg' }));
    lines.splice(7, 0, 'not json', '["an", "array"]');
    const r = readTable('p.jsonl', `${lines.join('\n')}\n`, CHOICE);
    expect(r.labelNames).toEqual(['neg', 'pos']);
    expect(r.skipped).toBe(3);
    expect(r.splits.reduce((n, s) => n + s.pairs.length, 0)).toBe(19);
  });
});
