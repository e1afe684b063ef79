import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vb } from './cli.js';

describe('hostile options (issue #13): usage errors exit 2 and name the option, nothing is trained first', () => {
  it('--seed 1e30 is refused by the option parser, not by the engine’s deserialiser', () => {
    const r = vb(['train', '--seed', '1e30', '--out', join(tempDir(), 'm.safetensors')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--seed <n>' argument '1e30' is invalid");
    expect(r.stderr).not.toMatch(/serde|invalid type|u64/);
  });

  it('κ must be finite: --kl-weight Infinity and --kl-weights 1,Infinity are usage errors', () => {
    const a = vb(['train', '--kl-weight', 'Infinity', '--out', join(tempDir(), 'm.safetensors')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("option '--kl-weight <kappa>' argument 'Infinity' is invalid");
    const b = vb(['sweep', '--kl-weights', '1,1e999', '--out', tempDir()]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('KL weights κ ≥ 0');
  });

  it('train --out into a place that cannot be written fails before loading data or training', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = vb(['train', '--out', join(file, 'model.safetensors')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--out ${join(file, 'model.safetensors')}: cannot write into ${file}`);
    expect(r.stderr).not.toContain('epoch');
    const d = vb(['train', '--out', dir]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(`--out ${dir} is a folder; give a file name`);
    expect(d.stderr).not.toContain('epoch');
  });

  it('a pruning grid of a billion points is refused by name (it once ran V8 out of heap)', () => {
    const r = vb(['prune', 'any.safetensors', '--sweep', '1000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--sweep <points>' argument '1000000000' is invalid. expected an integer in 1..10000");
    const s = vb(['sweep', '--thresholds', '1000000', '--out', tempDir()]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("option '--thresholds <n>'");
  });
});
