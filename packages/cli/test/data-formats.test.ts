import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPairTable, makeTokenizer } from '@vb/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTables } from '../src/data/table.js';
import { parseDataSpec } from '../src/data/spec.js';
import { tempDir, vb } from './cli.js';
import { MSRP_DIR, GLOVE_MSRP, haveMsrp } from './shared-data.js';
import { ownCorpus, pairRows, writeVectors } from './own-data.js';

const inspect = (args: string[]) => vb(['data', 'inspect', '--json', ...args]);

describe('--data <format>:<path> (the user’s own corpora)', () => {
  const { dir, csv, vectors } = ownCorpus(300);

  it('reads a CSV whose header is sentence1,sentence2,label with no mapping options, and says what it found', () => {
    const r = inspect(['--data', `csv:${csv}`, '--vectors', vectors]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('columns of');
    expect(r.stderr).toContain(
      'sentence1 = "sentence1", sentence2 = "sentence2", label = "label" (found from the header',
    );
    const j = JSON.parse(r.stdout);
    expect(j.classes).toBe(2);
    // One file: split 70/15/15, stratified.
    expect(j.splits.map((s: { pairs: number }) => s.pairs)).toEqual([210, 45, 45]);
    expect(j.stats.format).toBe('csv');
    expect(j.stats.tokenizer).toBe('ptb');
    // A bare .csv path needs no format prefix.
    const bare = JSON.parse(inspect(['--data', csv, '--vectors', vectors]).stdout);
    // (The vector cache's story differs: a miss the first time, a hit now.)
    delete bare.stats.vectorCache;
    delete j.stats.vectorCache;
    expect(bare).toEqual(j);
  });

  it('--split and --split-seed change the split; the same seed gives the same split', () => {
    const a = JSON.parse(inspect(['--data', csv, '--vectors', vectors, '--split', '0.8,0.1,0.1']).stdout);
    expect(a.splits.map((s: { pairs: number }) => s.pairs)).toEqual([240, 30, 30]);
    const b = inspect(['--data', csv, '--vectors', vectors, '--split-seed', '7']);
    const c = inspect(['--data', csv, '--vectors', vectors, '--split-seed', '7']);
    expect(b.stdout).toBe(c.stdout);
  });

  it('three TSV files without a header, columns by 0-based index, used as train/validation/test', () => {
    const rows = pairRows(90, 3);
    const paths = [0, 1, 2].map((i) => {
      const p = join(dir, `part${i}.tsv`);
      const body = rows.slice(i * 30, (i + 1) * 30).map((x) => `${x.label}\t${x.sentence2}\t${x.sentence1}`);
      writeFileSync(p, `${body.join('\n')}\n`);
      return p;
    });
    const r = inspect([
      '--data',
      `tsv:${paths.join(',')}`,
      '--vectors',
      vectors,
      '--columns',
      'sentence1=2,sentence2=1,label=0',
      '--no-header',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).splits.map((s: { pairs: number }) => s.pairs)).toEqual([30, 30, 30]);
    // Without the mapping and without a header there is nothing to go by: a usage error (exit 2).
    const bad = inspect(['--data', `tsv:${paths.join(',')}`, '--vectors', vectors]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot tell which columns hold the two sentences');
    expect(bad.stderr).toContain('--columns sentence1=');
  });

  it('JSONL with label names: sorted and printed by default, in the order --label-names gives', () => {
    const p = join(dir, 'named.jsonl');
    writeFileSync(p, formatPairTable(pairRows(120, 5, 'name'), 'jsonl'));
    const r = inspect(['--data', `jsonl:${p}`, '--vectors', vectors]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('labels: "different" = 0, "paraphrase" = 1');
    const hist = JSON.parse(r.stdout).splits[0].labels;
    const s = inspect([
      '--data',
      `jsonl:${p}`,
      '--vectors',
      vectors,
      '--label-names',
      'paraphrase,different',
    ]);
    expect(JSON.parse(s.stdout).splits[0].labels).toEqual([...hist].reverse());
    expect(JSON.parse(s.stdout).stats.labelNames).toEqual(['paraphrase', 'different']);
    // Padded label names are the names without the padding (as the playground reads them).
    const padded = join(dir, 'padded.jsonl');
    writeFileSync(
      padded,
      formatPairTable(
        pairRows(120, 5, 'name').map((r, i) => ({ ...r, label: i % 3 ? ` ${r.label}` : r.label })),
        'jsonl',
      ),
    );
    const t = inspect(['--data', `jsonl:${padded}`, '--vectors', vectors]);
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout).splits[0].labels).toEqual(hist);
  });

  it('STS-style scores: binned into K classes (--classes, --score-range, --binning), scores kept for Pearson/Spearman', () => {
    const rows = pairRows(150, 9, 'score');
    const p = join(dir, 'sts.tsv');
    writeFileSync(p, `${rows.map((x) => `${x.score}\t${x.sentence1}\t${x.sentence2}`).join('\n')}\n`);
    const r = inspect(['--data', `sts:${p}`, '--vectors', vectors]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).classes).toBe(6);
    const two = JSON.parse(
      inspect(['--data', `sts:${p}`, '--vectors', vectors, '--classes', '2', '--binning', 'floor']).stdout,
    );
    expect(two.classes).toBe(2);
    // A score outside the range names the file and line.
    const out = inspect(['--data', `sts:${p}`, '--vectors', vectors, '--score-range', '0,3']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/sts\.tsv.*line \d+|sts\.tsv:\d+/);
    expect(out.stderr).toContain('outside the range [0, 3]');
  });

  it('a sweep on a scored corpus reports Pearson and Spearman; on a K = 2 corpus binary F1 and no seed column', () => {
    const rows = pairRows(150, 11, 'score');
    const p = join(dir, 'scored.csv');
    writeFileSync(p, formatPairTable(rows, 'csv'));
    const fast = ['--tune', 'off', '--epochs', '1', '--hidden', '4', '--thresholds', '3', '--jobs', '1'];
    const s = vb([
      'sweep',
      '--data',
      p,
      '--vectors',
      vectors,
      '--rows',
      'Logistic Regression,RNN',
      '--out',
      tempDir(),
      ...fast,
    ]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(
      '| classifier | macro-F1 | accuracy | log-likelihood | Pearson r | Spearman ρ |',
    );
    const b = vb([
      'sweep',
      '--data',
      csv,
      '--vectors',
      vectors,
      '--rows',
      'Logistic Regression',
      '--out',
      tempDir(),
      ...fast,
    ]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('| classifier | macro-F1 | binary F1 | accuracy | log-likelihood |');
    expect(b.stdout).not.toContain('seed F1');
    expect(b.stdout).not.toContain('Pearson');
  });

  it('usage errors exit 2 and name the option; unreadable or invalid data exits 1 and names the file and line', () => {
    const cases: Array<[string[], number, string]> = [
      [['--data', 'unknown:x'], 2, '--data unknown:x: unknown format "unknown"'],
      [['--data', 'pairs.xlsx'], 2, 'unknown format "pairs.xlsx"'],
      [['--data', 'csv:'], 2, '--data csv:<file> needs a file'],
      [['--data', `csv:${csv},${csv}`, '--vectors', vectors], 2, 'give one file (split 70/15/15) or three'],
      [['--data', 'msrp:'], 2, 'needs the folder holding train.tsv'],
      [['--data', csv], 2, 'needs --vectors'],
      [
        ['--data', csv, '--vectors', vectors, '--columns', 'text=1'],
        2,
        "option '--columns <mapping>' argument 'text=1' is invalid",
      ],
      [['--data', csv, '--vectors', vectors, '--split', '0.5,0.5'], 2, 'summing to 1'],
      [['--data', csv, '--vectors', vectors, '--classes', '1'], 2, 'an integer ≥ 2'],
      [['--data', csv, '--vectors', vectors, '--quoting', 'excel'], 2, "argument 'excel' is invalid"],
      [
        ['--data', csv, '--vectors', vectors, '--columns', 'sentence1=nope,sentence2=sentence2,label=label'],
        2,
        'has no column "nope" (its header: "sentence1", "sentence2", "label")',
      ],
      [['--data', csv, '--vectors', vectors, '--columns', 'sentence1=0,sentence2=7,label=2'], 2, '--columns sentence2=7'],
      [['--data', 'builtin', '--columns', 'sentence1=0,sentence2=1,label=2'], 2, '--columns does not apply to --data builtin'],
      [['--data', csv, '--vectors', vectors, '--label-names', 'a,b', '--classes', '3'], 2, '--classes 3 contradicts --label-names'],
      [
        ['--data', 'csv:/nonexistent/pairs.csv', '--vectors', vectors],
        1,
        'cannot read /nonexistent/pairs.csv: ENOENT',
      ],
      [
        ['--data', `msrp:${dir}`, '--vectors', vectors, '--columns', 'sentence1=0,sentence2=1,label=2'],
        2,
        '--columns does not apply to --data msrp',
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = inspect(args);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.code, args.join(' ')).toBe(code);
    }
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'sentence1,sentence2,label\nA cat.,A dog.,1\nA cat.,A dog.,seven\n');
    const b = inspect(['--data', broken, '--vectors', vectors]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('broken.csv');
    expect(b.stderr).toMatch(/line 3|:3/);
    const empty = join(dir, 'empty-sentence.csv');
    writeFileSync(empty, 'sentence1,sentence2,label\nA cat.,A dog.,1\n"  ",A dog.,0\n');
    const e = inspect(['--data', empty, '--vectors', vectors]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/empty-sentence\.csv.*(line 3|:3)/);
  });

  it('eval and prune read the data as the model did: its files, split, tokenizer and label names (recorded in the model file)', () => {
    const model = join(dir, 'recipe.safetensors');
    const named = join(dir, 'named.csv');
    writeFileSync(named, formatPairTable(pairRows(200, 21, 'name'), 'csv'));
    const t = vb([
      'train', '--data', named, '--vectors', vectors, '--tokenizer', 'whitespace', '--label-names', 'paraphrase,different',
      '--split-seed', '7', '--epochs', '1', '--hidden', '4', '--out', model, '--quiet',
    ]);
    expect(t.code, t.stderr).toBe(0);
    // No --data: the model's own data, split and reading.
    const implicit = vb(['eval', model, '--json']);
    expect(implicit.code, implicit.stderr).toBe(0);
    const explicit = vb([
      'eval', model, '--json', '--data', `csv:${named}`, '--vectors', vectors, '--tokenizer', 'whitespace',
      '--label-names', 'paraphrase,different', '--split-seed', '7',
    ]);
    expect(JSON.parse(explicit.stdout).metrics).toEqual(JSON.parse(implicit.stdout).metrics);
    // Options that would read the data differently are refused; another split is allowed, with a warning.
    const tok = vb(['eval', model, '--tokenizer', 'ptb']);
    expect(tok.code).toBe(2);
    expect(tok.stderr).toContain('was trained with --tokenizer whitespace; --tokenizer ptb would read its data differently');
    const names = vb(['eval', model, '--label-names', 'different,paraphrase']);
    expect(names.code).toBe(2);
    const other = vb(['eval', model, '--split-seed', '3']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toContain('another split scores pairs it was trained on');
    const pruned = join(dir, 'recipe-pruned.safetensors');
    const p = vb(['prune', model, '--keep', '0.5', '--out', pruned]);
    expect(p.code, p.stderr).toBe(0);
    expect(vb(['eval', pruned]).code).toBe(0);
  });

  it('refuses an empty label, a header in one file but not another; --skip-invalid skips and reports; STS takes --header', () => {
    const blank = join(dir, 'blank-label.csv');
    writeFileSync(blank, 'sentence1,sentence2,label\nA cat.,A dog.,yes\nA cat.,A dog.,\nA cat.,A cat.,no\n');
    const b = inspect(['--data', blank, '--vectors', vectors]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('blank-label.csv: line 3: the label is empty');
    const rows = pairRows(60, 4);
    const withHeader = join(dir, 'h.csv');
    const without = join(dir, 'nh.csv');
    writeFileSync(withHeader, formatPairTable(rows, 'csv'));
    writeFileSync(without, formatPairTable(rows, 'csv').split('\n').slice(1).join('\n'));
    const m = inspect(['--data', `csv:${withHeader},${withHeader},${without}`, '--vectors', vectors]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('nh.csv has no header line naming the columns');
    const snli = join(dir, 'snli.jsonl');
    writeFileSync(
      snli,
      [...pairRows(40, 8, 'name'), { sentence1: 'A cat.', sentence2: 'A dog.', label: '-' }]
        .map((r) => JSON.stringify({ s1: r.sentence1, s2: r.sentence2, gold_label: r.label }))
        .join('\n'),
    );
    const strict = inspect(['--data', snli, '--vectors', vectors, '--columns', 'sentence1=s1,sentence2=s2,label=gold_label', '--label-names', 'different,paraphrase']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/snli\.jsonl:41/);
    const skip = inspect(['--data', snli, '--vectors', vectors, '--columns', 'sentence1=s1,sentence2=s2,label=gold_label', '--label-names', 'different,paraphrase', '--skip-invalid']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toContain('skipped 1 invalid record');
    const sts = join(dir, 'head.sts');
    writeFileSync(sts, `score\tsentence1\tsentence2\n${pairRows(30, 2, 'score').map((r) => `${r.score}\t${r.sentence1}\t${r.sentence2}`).join('\n')}\n`);
    expect(inspect(['--data', `sts:${sts}`, '--vectors', vectors]).code).toBe(1);
    expect(inspect(['--data', `sts:${sts}`, '--vectors', vectors, '--header']).code).toBe(0);
  });

  it('--help shows a real example per format', () => {
    const h = vb(['sweep', '--help']).stdout;
    for (const f of [
      '--data builtin',
      '--data pit2015:',
      '--data msrp:',
      '--data csv:',
      '--data tsv:',
      '--data jsonl:',
      '--data sts:',
    ])
      expect(h).toContain(f);
    expect(vb(['data', 'inspect', '--help']).stdout).toContain('--data jsonl:');
  });
});

describe('the project’s table writer and --data read the same pairs back (property)', () => {
  // Sentences with commas, quotes, apostrophes, line breaks (CSV only) and Unicode; never token-free.
  const word = fc.stringMatching(/^[A-Za-zé'’,"!.\-]{1,8}$/).filter((w) => /[A-Za-zé]/.test(w));
  const sentence = (breaks: boolean) =>
    fc
      .array(word, { minLength: 1, maxLength: 8 })
      .chain((ws) =>
        fc.constantFrom(' ', breaks ? '\n' : ' ', breaks ? '\r\n' : ' ').map((sep) => ws.join(sep)),
      );
  const rows = (breaks: boolean) =>
    fc.array(
      fc.record({
        sentence1: sentence(breaks),
        sentence2: sentence(breaks),
        label: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 3, maxLength: 25 },
    );

  for (const format of ['csv', 'tsv', 'jsonl'] as const) {
    it(`${format}: every table formatPairTable writes reads back with the same tokens and labels`, async () => {
      const dir = tempDir('vb-prop-');
      await fc.assert(
        fc.asyncProperty(
          rows(format !== 'tsv'),
          fc.constantFrom('ptb', 'regex', 'whitespace') as fc.Arbitrary<'ptb' | 'regex' | 'whitespace'>,
          async (rs, tokenizer) => {
            const path = join(dir, `t.${format}`);
            writeFileSync(path, formatPairTable(rs, format));
            const spec = parseDataSpec(`${format}:${path},${path},${path}`) as ReturnType<
              typeof parseDataSpec
            > & { format: typeof format };
            const { splits } = await readTables(spec, {
              protocol: 'pooled',
              split: [0.7, 0.15, 0.15],
              splitSeed: 1,
              table: { tokenizer },
            });
            const tokenize = makeTokenizer(tokenizer, true);
            const train = splits[0];
            expect(train?.pairs.map((p) => [p.a, p.b, p.label])).toEqual(
              rs.map((r) => [tokenize(r.sentence1), tokenize(r.sentence2), r.label]),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});

describe.skipIf(!haveMsrp())('MSRP: msrp:<dir> and the same files as tsv: give the same numbers', () => {
  it('same data, same table', () => {
    const fast = [
      '--tune',
      'off',
      '--epochs',
      '1',
      '--hidden',
      '8',
      '--thresholds',
      '3',
      '--jobs',
      '2',
      '--quiet',
      '--json',
    ];
    const rows = ['--rows', 'Logistic Regression,RNN'];
    const a = vb([
      'sweep',
      '--data',
      `msrp:${MSRP_DIR}`,
      '--vectors',
      GLOVE_MSRP,
      '--out',
      tempDir(),
      ...rows,
      ...fast,
    ]);
    expect(a.code, a.stderr).toBe(0);
    const files = ['train', 'validation', 'test'].map((s) => join(MSRP_DIR, `${s}.tsv`)).join(',');
    const b = vb([
      'sweep',
      '--data',
      `tsv:${files}`,
      '--columns',
      'sentence1=#1 String,sentence2=#2 String,label=Quality',
      '--vectors',
      GLOVE_MSRP,
      '--out',
      tempDir(),
      ...rows,
      ...fast,
    ]);
    expect(b.code, b.stderr).toBe(0);
    const ta = JSON.parse(a.stdout).runs.map((r: { row: string; test: unknown }) => [r.row, r.test]);
    const tb = JSON.parse(b.stdout).runs.map((r: { row: string; test: unknown }) => [r.row, r.test]);
    expect(tb).toEqual(ta);
  }, 300_000);
});

// Keep the fixture readable: the CSV written for the tests is the project's own format.
it('own corpus fixture is a CSV with the usual header', () => {
  const { csv } = ownCorpus(4);
  expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('sentence1,sentence2,label');
  expect(writeVectors(tempDir())).toMatch(/vectors\.txt$/);
});
