/**
 * --resume recognises the same real data given by another path (absolute vs relative): the run
 * fingerprint holds resolved paths. Skips with a message when ../shared/data is absent (CI has it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir, vb } from './cli.js';

const SHARED = process.env.VB_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const have = existsSync(join(SHARED, 'pit2015')) && existsSync(join(SHARED, 'glove', 'glove.6B.100d.pit2015.txt'));
if (!have) console.warn(`[skip] shared data not found at ${SHARED} (set VB_SHARED_DATA)`);

describe('--resume with real data', () => {
  it.skipIf(!have)('reuses runs when the data folder is given by a different (relative) path', () => {
    const out = tempDir();
    const fast = ['--rows', 'RNN', '--epochs', '1', '--hidden', '4', '--thresholds', '3', '--quiet'];
    const absolute = ['--data', `pit2015:${join(SHARED, 'pit2015')}`, '--vectors', join(SHARED, 'glove', 'glove.6B.100d.pit2015.txt')];
    expect(vb(['sweep', ...absolute, ...fast, '--out', out]).code).toBe(0);
    // The same files, relative to another working directory.
    const cwd = dirname(out);
    const rel = (p: string) => relative(cwd, p);
    const relativeArgs = ['--data', `pit2015:${rel(join(SHARED, 'pit2015'))}`, '--vectors', rel(join(SHARED, 'glove', 'glove.6B.100d.pit2015.txt'))];
    const again = vb(['sweep', ...relativeArgs, ...fast.filter((a) => a !== '--quiet'), '--out', out, '--resume'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('--resume: 1 of 1 runs already finished');
  }, 120_000);
});
