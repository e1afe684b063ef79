/**
 * Acceptance: training on the real PIT-2015 data (pooled protocol, GloVe 100d) beats the
 * majority-class baseline on held-out data, above stated floors. Skips without ../shared/data.
 */
import { describe, expect, it } from 'vitest';
import { buildEmbedding, countTokens, encodePairs, evaluate, type FitOptions, fit, predictSet } from '../src/index.js';
import { readGlove, readPit2015 } from '../src/node/index.js';
import { GLOVE_PIT, haveSharedData, PIT_DIR } from './shared-data.js';

const available = haveSharedData(PIT_DIR) && haveSharedData(GLOVE_PIT);

describe.skipIf(!available)('training on PIT-2015', async () => {
  const pit = await readPit2015(PIT_DIR, 'pooled', { seed: 2015 });
  const counts = countTokens(pit.train, pit.validation, pit.test);
  const { vectors } = await readGlove(GLOVE_PIT, new Set(counts.keys()));
  const embedding = buildEmbedding(counts, vectors);
  const [train, validation, test] = [pit.train, pit.validation, pit.test].map((d) => encodePairs(d, embedding.vocabulary, { maxLength: 40 }));
  if (!train || !validation || !test) throw new Error('splits');
  // Majority class on the test split: every pair predicted as the most frequent training class.
  const counts6 = new Array(6).fill(0);
  for (const y of train.labels) counts6[y]++;
  const majority = counts6.indexOf(Math.max(...counts6));
  const majorityProbs = new Float32Array(test.size * 6).map((_, i) => (i % 6 === majority ? 1 : 0));
  const baseline = evaluate(majorityProbs, test.labels, { classes: 6 }).macroF1;
  const options = (family: 'none' | 'diagonal', extra: Partial<FitOptions['engine']> = {}): FitOptions => ({
    embeddings: embedding.matrix,
    engine: { inputDim: embedding.dim, hidden: 32, family, learningRate: 0.01, clipNorm: 5, seed: 1, ...extra },
    epochs: 12,
    learningRateSchedule: { kind: 'cosine' },
    validation,
    convergence: false,
  });

  it('the plain RNN: held-out macro-F1 above the majority baseline and above 0.25', async () => {
    const { trainer } = await fit(train, options('none'));
    const m = evaluate(predictSet(trainer, test), test.labels, { classes: 6 });
    trainer.free();
    console.info(`PIT-2015 pooled test: plain RNN macro-F1 ${m.macroF1.toFixed(3)} (majority ${baseline.toFixed(3)})`);
    expect(baseline).toBeLessThan(0.1);
    expect(m.macroF1).toBeGreaterThan(baseline + 0.1);
    expect(m.macroF1).toBeGreaterThan(0.25);
  });

  it('the variational RNN (D) with a fixed N(0, 1) prior: above the majority baseline and above 0.18', async () => {
    const { trainer } = await fit(train, options('diagonal', { priorUpdate: 'fixed' }));
    const m = evaluate(predictSet(trainer, test), test.labels, { classes: 6 });
    trainer.free();
    console.info(`PIT-2015 pooled test: variational (D, fixed prior) macro-F1 ${m.macroF1.toFixed(3)}`);
    expect(m.macroF1).toBeGreaterThan(baseline + 0.08);
    expect(m.macroF1).toBeGreaterThan(0.18);
  });
});
