// Compares src/metrics with scikit-learn / numpy / scipy on the committed fixture written by
// scripts/metrics_reference.py (see its header to regenerate); tolerance 1e-9 on every metric.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxLabels,
  binaryScores,
  confusionMatrix,
  evaluate,
  macroF1,
  meanLogLikelihood,
  type ParaphraseDecision,
  paraphraseScores,
  weightedF1,
} from '../src/index.js';

interface Binary {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  pairs: number;
}
interface Expected {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  confusion: number[][];
  meanLogLikelihood: number;
  pearson: number | null;
  spearman: number | null;
  binaryOfClass1: Binary | null;
  paraphrase: ({ excluded: number } & Record<ParaphraseDecision, Binary>) | null;
}
interface Case {
  name: string;
  classes: number;
  probs: number[];
  gold: number[];
  goldScores?: number[];
  expected: Expected;
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/metrics-sklearn.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const TOL = 1e-9;

function close(actual: number, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNaN();
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOL);
}
function closeAll(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, k) => {
    close(actual[k] as number, e, `${what}[${k}]`);
  });
}
function closeBinary(actual: Binary, expected: Binary, what: string): void {
  close(actual.precision, expected.precision, `${what}.precision`);
  close(actual.recall, expected.recall, `${what}.recall`);
  close(actual.f1, expected.f1, `${what}.f1`);
  expect(actual.support, `${what}.support`).toBe(expected.support);
  expect(actual.pairs, `${what}.pairs`).toBe(expected.pairs);
}

describe('metrics agree with scikit-learn (fixtures/metrics-sklearn.json)', () => {
  it('has the expected cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(8);
    expect(new Set(fixture.cases.map((c) => c.classes))).toEqual(new Set([2, 6]));
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const probs = Float32Array.from(c.probs);
    // The fixture stores float32 values exactly: converting loses nothing.
    expect(Array.from(probs)).toEqual(c.probs);
    const e = c.expected;
    const m = evaluate(probs, c.gold, {
      classes: c.classes,
      ...(c.goldScores ? { goldScores: c.goldScores } : {}),
    });

    expect(m.pairs).toBe(c.gold.length);
    expect(m.confusion).toEqual(e.confusion);
    expect(m.perClass.support).toEqual(e.perClass.support);
    close(m.accuracy, e.accuracy, 'accuracy');
    close(m.macroF1, e.macroF1, 'macroF1');
    close(m.weightedF1, e.weightedF1, 'weightedF1');
    closeAll(m.perClass.precision, e.perClass.precision, 'precision');
    closeAll(m.perClass.recall, e.perClass.recall, 'recall');
    closeAll(m.perClass.f1, e.perClass.f1, 'f1');
    close(m.meanLogLikelihood, e.meanLogLikelihood, 'meanLogLikelihood');
    close(m.pearson, e.pearson, 'pearson');
    close(m.spearman, e.spearman, 'spearman');

    // The stand-alone functions give the same numbers.
    const pred = argmaxLabels(probs, c.classes);
    expect(confusionMatrix(c.gold, pred, c.classes)).toEqual(e.confusion);
    close(accuracy(c.gold, pred), e.accuracy, 'accuracy()');
    close(macroF1(c.gold, pred, c.classes), e.macroF1, 'macroF1()');
    close(weightedF1(c.gold, pred, c.classes), e.weightedF1, 'weightedF1()');
    close(meanLogLikelihood(probs, c.gold, c.classes), e.meanLogLikelihood, 'meanLogLikelihood()');

    if (e.binaryOfClass1) {
      closeBinary(binaryScores(c.gold, pred), e.binaryOfClass1, 'binary');
    }
    if (e.paraphrase) {
      expect(m.paraphrase?.excluded).toBe(e.paraphrase.excluded);
      closeBinary(m.paraphrase as Binary, e.paraphrase.probability, 'paraphrase (default)');
      for (const decision of ['probability', 'argmax', 'expected'] as const) {
        const s = paraphraseScores(probs, c.gold, { decision });
        expect(s.excluded).toBe(e.paraphrase.excluded);
        closeBinary(s, e.paraphrase[decision], `paraphrase ${decision}`);
      }
    } else {
      expect(m.paraphrase).toBeNull();
    }
  });
});
