import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vb } from './cli.js';
import { ownCorpus } from './own-data.js';

describe('vb-cli predict', () => {
  const { dir, csv, vectors } = ownCorpus(200);
  const model = join(dir, 'model.safetensors');
  const trained = vb([
    'train',
    '--data',
    csv,
    '--vectors',
    vectors,
    '--epochs',
    '2',
    '--hidden',
    '6',
    '--out',
    model,
    '--quiet',
  ]);

  it('reads tab-separated pairs on standard input and prints one JSON line per pair', () => {
    expect(trained.code, trained.stderr).toBe(0);
    const r = vb(['predict', '--model', model], {
      input: 'The cat sat.\tThe cat sat indeed.\nA dog ran!\tThe red tree, really!\n',
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const [i, p] of lines.entries()) {
      expect(p.line).toBe(i + 1);
      expect(p.probabilities).toHaveLength(2);
      expect(p.probabilities[0] + p.probabilities[1]).toBeCloseTo(1, 5);
      expect(p.label).toBe(p.probabilities[1] > p.probabilities[0] ? 1 : 0);
      // K = 2 without a score range: the expected class = p(1).
      expect(p.expectedScore).toBeCloseTo(p.probabilities[1], 5);
      expect(p.uncertainty).toBeUndefined();
    }
  });

  it('reads JSONL with a byte-order mark and sentences given as token lists', () => {
    const p = join(tempDir(), 'pairs.jsonl');
    writeFileSync(p, '\ufeff{"premise": ["The", "cat", "sat", "."], "hypothesis": "The cat sat indeed."}\n');
    const r = vb(['predict', '--model', model, '--data', p]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).line).toBe(1);
  });

  it('says that --mc-samples does nothing for a plain RNN', () => {
    const plain = join(dir, 'plain.safetensors');
    expect(vb(['train', '--data', csv, '--vectors', vectors, '--family', 'none', '--epochs', '1', '--hidden', '4', '--out', plain, '--quiet']).code).toBe(0);
    const r = vb(['predict', '--model', plain, '--mc-samples', '4'], { input: 'The cat sat.\tThe mat.\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('is a plain RNN (no posterior to sample): --mc-samples is ignored');
    expect(JSON.parse(r.stdout).uncertainty).toBeUndefined();
  });

  it('predicts a data file with MC samples into --out (atomically), with the predictive uncertainty', () => {
    const out = join(tempDir(), 'predictions.jsonl');
    const r = vb(['predict', '--model', model, '--data', csv, '--mc-samples', '8', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('200 predictions written to');
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(200);
    // The header is line 1: pairs start on line 2.
    expect(lines[0].line).toBe(2);
    const u = lines[0].uncertainty;
    expect(u.samples).toBe(8);
    expect(u.entropy).toBeCloseTo(u.expectedEntropy + u.mutualInformation, 9);
    // Same seed, same output.
    const again = vb(['predict', '--model', model, '--data', csv, '--mc-samples', '8']);
    expect(again.stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('names the input line of a pair without tokens (exit 1) and refuses bad usage (exit 2)', () => {
    const e = vb(['predict', '--model', model], { input: 'The cat sat.\tThe mat.\n!!!\t...\n' });
    expect(e.code).toBe(0); // punctuation is a token
    const empty = vb(['predict', '--model', model], { input: 'The cat sat.\tThe mat.\n \tThe mat.\n' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('<stdin>:2: sentence 1 has no token');
    const short = vb(['predict', '--model', model], { input: 'only one sentence\n' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('no header naming the sentence columns and 1 fields per line');
    // Three fields and no header (e.g. label, s1, s2): which two are the sentences? Ask.
    const three = vb(['predict', '--model', model], { input: '1\tThe cat sat.\tThe mat.\n' });
    expect(three.code).toBe(2);
    expect(three.stderr).toContain('give --columns sentence1=<index>,sentence2=<index>');
    const mapped = vb(['predict', '--model', model, '--columns', 'sentence1=1,sentence2=2'], { input: '1\tThe cat sat.\tThe mat.\n' });
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(vb(['predict']).code).toBe(2);
    const two = vb(['predict', '--model', model, '--data', `csv:${csv},${csv},${csv}`]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('give one csv/tsv/jsonl/sts file');
    const missing = vb(['predict', '--model', join(dir, 'nope.safetensors')], { input: 'a\tb\n' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.safetensors');
  });
});
