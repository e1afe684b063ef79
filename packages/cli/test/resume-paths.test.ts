/**
 * --resume recognises the same real data given by another path (absolute vs relative): the run
 * fingerprint holds resolved paths. Skips with a message when ../shared/data is absent (CI has it).
 */
import { dirname, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vb } from './cli.js';
import { GLOVE_PIT, haveSharedData, PIT_DIR } from './shared-data.js';

const have = haveSharedData();

describe('--resume with real data', () => {
  it.skipIf(!have)('reuses runs when the data folder is given by a different (relative) path', () => {
    const out = tempDir();
    const fast = ['--rows', 'RNN', '--tune', 'off', '--epochs', '1', '--hidden', '4', '--thresholds', '3', '--quiet'];
    const absolute = ['--data', `pit2015:${PIT_DIR}`, '--vectors', GLOVE_PIT];
    expect(vb(['sweep', ...absolute, ...fast, '--out', out]).code).toBe(0);
    // The same files, relative to another working directory.
    const cwd = dirname(out);
    const rel = (p: string) => relative(cwd, p);
    const relativeArgs = ['--data', `pit2015:${rel(PIT_DIR)}`, '--vectors', rel(GLOVE_PIT)];
    const again = vb(['sweep', ...relativeArgs, ...fast.filter((a) => a !== '--quiet'), '--out', out, '--resume'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('--resume: 1 of 1 runs already finished');
  }, 120_000);
});
