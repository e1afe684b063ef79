#!/usr/bin/env node
// Word-vector coverage of MSRP under the `regex` and the `ptb` tokenizers of @vb/core: the share of
// lowercased token occurrences (token coverage) and of distinct tokens (type coverage) that have a
// vector, and the most frequent tokens without one.
//
//   npm run build -w @vb/core && node scripts/coverage-msrp.mjs [--top 15]
//   VB_SHARED_DATA=/path/to/data node scripts/coverage-msrp.mjs
//
// Reads ../shared/data/msrp/{train,validation,test}.tsv (TSV, BOM'd header, no CSV quoting) and
// ../shared/data/glove/glove.6B.100d.msrp.txt (GloVe text: `word v1 … v100`; only the words are used).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTokenizer } from '../packages/core/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = process.env.VB_SHARED_DATA ?? join(root, '..', 'shared', 'data');
const topAt = process.argv.indexOf('--top');
const top = topAt >= 0 ? Number(process.argv[topAt + 1]) : 15;
if (!Number.isInteger(top) || top < 0) throw new Error('--top needs a whole number');

/** The sentences of one MSRP file (both columns, every pair). */
function msrpSentences(path) {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = (lines.shift() ?? '').split('\t');
  const cols = ['#1 String', '#2 String'].map((name) => header.indexOf(name));
  if (cols.includes(-1))
    throw new Error(`${path}: header ${JSON.stringify(header)} lacks the string columns`);
  const out = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split('\t');
    if (fields.length !== header.length) throw new Error(`${path}:${i + 2}: ${fields.length} fields`);
    for (const c of cols) out.push(fields[c]);
  });
  return out;
}

/** The vocabulary of a GloVe text file: the first field of every line. */
function gloveWords(path) {
  const words = new Set();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) words.add(line.slice(0, sp));
  }
  return words;
}

const sentences = ['train', 'validation', 'test'].flatMap((s) =>
  msrpSentences(join(data, 'msrp', `${s}.tsv`)),
);
const vectorsPath = join(data, 'glove', 'glove.6B.100d.msrp.txt');
const vocab = gloveWords(vectorsPath);
console.log(`MSRP: ${sentences.length} sentences; ${vectorsPath}: ${vocab.size} words\n`);

const pct = (a, b) => `${((100 * a) / b).toFixed(2)}%`;
const rows = [];
const missing = {};
for (const spec of ['regex', 'ptb']) {
  const tokenize = makeTokenizer(spec, true);
  const counts = new Map();
  for (const s of sentences) for (const t of tokenize(s)) counts.set(t, (counts.get(t) ?? 0) + 1);
  let tokens = 0;
  let covered = 0;
  let coveredTypes = 0;
  for (const [t, n] of counts) {
    tokens += n;
    if (vocab.has(t)) {
      covered += n;
      coveredTypes++;
    }
  }
  rows.push([
    spec,
    tokens,
    counts.size,
    pct(covered, tokens),
    pct(coveredTypes, counts.size),
    tokens - covered,
  ]);
  missing[spec] = [...counts]
    .filter(([t]) => !vocab.has(t))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const head = ['tokenizer', 'tokens', 'types', 'token coverage', 'type coverage', 'uncovered tokens'];
const table = [head, ...rows.map((r) => r.map(String))];
const widths = head.map((_, j) => Math.max(...table.map((r) => r[j].length)));
for (const [i, r] of table.entries()) {
  console.log(`| ${r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join(' | ')} |`);
  if (i === 0)
    console.log(
      `|${widths.map((w, j) => (j === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    );
}
for (const spec of Object.keys(missing)) {
  const list = missing[spec].slice(0, top).map(([t, n]) => `${t} ${n}`);
  console.log(`\n${top} most frequent uncovered tokens, ${spec}: ${list.join(', ')}`);
}
