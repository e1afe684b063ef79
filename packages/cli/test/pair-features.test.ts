/**
 * `--pair-features overlap` on the real PIT-2015 data (skips with a message when ../shared/data
 * is absent; CI has it): a model trained with the overlap features saves them in its config, and
 * `eval` recomputes them from the data, reproducing the training run's test metrics.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vb } from './cli.js';
import { GLOVE_PIT as GLOVE, haveSharedData, PIT_DIR as PIT } from './shared-data.js';

const have = haveSharedData();

describe('--pair-features', () => {
  it('is refused for the builtin task, which has no sentences', () => {
    const r = vb(['sweep', '--tune', 'off', '--pair-features', 'overlap', '--out', tempDir(), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pair-features overlap needs real sentences');
    const bad = vb(['train', '--pair-features', 'bigrams', '--out', join(tempDir(), 'm.safetensors')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--pair-features <kind>' argument 'bigrams' is invalid");
  });

  it.skipIf(!have)('train (official protocol, overlap) → eval reproduces the test metrics', () => {
    const model = join(tempDir(), 'overlap.safetensors');
    const data = ['--data', `pit2015:${PIT}`, '--vectors', GLOVE, '--protocol', 'official'];
    const t = vb(['train', ...data, '--pair-features', 'overlap', '--epochs', '4', '--hidden', '8', '--kl-weight', '0.3', '--out', model, '--json', '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    const trained = JSON.parse(t.stdout).test;
    const e = vb(['eval', model, ...data, '--json']);
    expect(e.code, e.stderr).toBe(0);
    const out = JSON.parse(e.stdout);
    expect(out.config.pairFeatures).toBe(18);
    expect(out.metrics.binaryF1).toBeCloseTo(trained.binaryF1, 10);
    expect(out.metrics.meanLogLikelihood).toBeCloseTo(trained.meanLogLikelihood, 10);
    // The lexical overlap carries the official task (an LR on it alone reaches ~0.64 test F1).
    expect(trained.binaryF1).toBeGreaterThan(0.45);
  }, 120_000);
});
