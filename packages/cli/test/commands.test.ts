import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir, vb } from './cli.js';
import { haveSharedData, PIT_DIR } from './shared-data.js';

describe('train → prune → eval', () => {
  const dir = tempDir();
  const model = join(dir, 'model.safetensors');
  const pruned = join(dir, 'pruned.safetensors');

  it('trains and saves a model, then evaluates it', () => {
    const t = vb(['train', '--out', model, '--epochs', '10', '--hidden', '12', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const e = vb(['eval', model, '--json']);
    expect(e.code, e.stderr).toBe(0);
    const m = JSON.parse(e.stdout).metrics;
    expect(m.macroF1).toBeGreaterThan(0.4); // chance is 1/6
  });

  it('prunes to a smaller file that still evaluates', () => {
    const p = vb(['prune', model, '--keep', '0.3', '--out', pruned, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.kept / r.total).toBeCloseTo(0.3, 2);
    const e = JSON.parse(vb(['eval', pruned, '--json']).stdout);
    expect(e.pruning.kept).toBe(r.kept);
    expect(e.metrics.macroF1).toBeCloseTo(r.test.macroF1, 10);
    expect(statSync(pruned).size).toBeLessThan(statSync(model).size);
  });

  it('--compact writes a smaller network that evaluates to the same metrics', () => {
    const small = join(dir, 'small.safetensors');
    const p = vb(['prune', model, '--keep', '0.05', '--compact', '--out', small, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.compacted.hidden).toBeLessThanOrEqual(12);
    expect(r.compacted.hiddenUnits).toHaveLength(r.compacted.hidden);
    expect(r.compacted.inputColumns).toHaveLength(r.compacted.inputDim);
    expect(r.compacted.hidden * r.compacted.inputDim).toBeLessThan(12 * 24);
    const e = JSON.parse(vb(['eval', small, '--json']).stdout);
    expect(e.metrics.macroF1).toBeCloseTo(r.test.macroF1, 5);
    expect(e.metrics.meanLogLikelihood).toBeCloseTo(r.test.meanLogLikelihood, 5);
    expect(statSync(small).size).toBeLessThan(statSync(model).size);
    const again = vb(['prune', small, '--keep', '0.5', '--out', join(dir, 'y')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already pruned');
  });

  it('trains, saves, prunes, compacts and evaluates a GRU and an LSTM model', () => {
    for (const [cell, readout] of [
      ['gru', 'mean'],
      ['lstm', 'max'],
    ]) {
      const file = join(dir, `${cell}.safetensors`);
      const t = vb(['train', '--cell', cell, '--readout', readout, '--prior', 'group', '--out', file, '--epochs', '4', '--hidden', '8', '--quiet']);
      expect(t.code, t.stderr).toBe(0);
      const e = JSON.parse(vb(['eval', file, '--json']).stdout);
      expect(e.config.cell).toBe(cell);
      expect(e.config.readout).toBe(readout);
      const small = join(dir, `${cell}-small.safetensors`);
      const p = vb(['prune', file, '--keep', '0.05', '--compact', '--out', small, '--json']);
      expect(p.code, p.stderr).toBe(0);
      const r = JSON.parse(p.stdout);
      expect(r.compacted.hidden * r.compacted.inputDim).toBeLessThan(8 * 24);
      const again = JSON.parse(vb(['eval', small, '--json']).stdout);
      expect(again.metrics.meanLogLikelihood).toBeCloseTo(r.test.meanLogLikelihood, 5);
    }
    const bad = vb(['train', '--cell', 'transformer', '--out', join(dir, 'z.safetensors')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--cell <kind>' argument 'transformer' is invalid");
  });

  it.skipIf(!haveSharedData())(
    'refuses word vectors that cover none of the corpus (e.g. a header-only file), naming the file',
    () => {
      const pit = PIT_DIR;
      const vectors = join(dir, 'header-only.txt');
      writeFileSync(vectors, '400000 100\n');
      const t = vb([
        'train',
        '--data',
        `pit2015:${pit}`,
        '--vectors',
        vectors,
        '--out',
        join(dir, 'x.safetensors'),
        '--epochs',
        '1',
        '--quiet',
      ]);
      expect(t.code).toBe(1);
      expect(t.stderr).toContain(
        `--vectors ${vectors}: no word of the corpus has a vector there (0 vector lines read)`,
      );
    },
  );

  it('refuses a network too large for the engine, naming the option (no trap)', () => {
    const t = vb(['train', '--out', join(dir, 'huge.safetensors'), '--hidden', '100000', '--quiet']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/hidden\/samples: this model needs [\d.]+ GiB/);
    expect(t.stderr).not.toMatch(/unreachable|RuntimeError|at .*\.js:\d+/);
  });

  it('prints a pruning sweep table', () => {
    const s = vb(['prune', model, '--sweep', '5']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout.split('\n')[0]).toContain('threshold');
    expect(s.stdout.trim().split('\n')).toHaveLength(6); // header + τ = 0 and 4 quantiles
  });

  it('rejects a corrupt model file and contradictory options clearly', () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, readFileSync(model).subarray(0, 100));
    const e = vb(['eval', bad]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(bad);
    const p = vb(['prune', model, '--keep', '0.5', '--threshold', '1', '--out', join(dir, 'x')]);
    // Contradictory options are a usage error: exit 2.
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('give exactly one of --threshold, --keep or --sweep');
    const k = vb(['prune', model, '--keep', '1.5', '--out', join(dir, 'x')]);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('--keep');
  });
});

describe('data inspect and help', () => {
  it('summarises the built-in data', () => {
    const r = vb(['data', 'inspect', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.splits.map((s: { pairs: number }) => s.pairs).reduce((a: number, b: number) => a + b, 0)).toBe(
      3000,
    );
  });

  it('has --help with examples on every command', () => {
    for (const cmd of [['sweep'], ['train'], ['prune'], ['eval'], ['data', 'inspect']]) {
      const r = vb([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});

describe('output to a closed pipe', () => {
  it('stops quietly when the reader goes away (vb-cli … | head)', () => {
    // `head -c 1` exits after one byte; the help text is longer than a pipe write, so later writes hit EPIPE.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" sweep --help | head -c 1 >/dev/null`], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).not.toContain('Unhandled');
  });
});
