// Hand-computed examples and bad-input errors for src/metrics (expected values worked out by hand).
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxLabels,
  binaryF1,
  binaryScores,
  classScores,
  confusionMatrix,
  evaluate,
  expectedScores,
  macroF1,
  meanLogLikelihood,
  paraphraseF1,
  paraphraseScores,
  pearson,
  pitGoldBinary,
  weightedF1,
} from '../src/index.js';

// 3 classes, 7 pairs. Confusion (rows gold, cols predicted): [[1,1,0],[0,2,0],[1,1,1]].
// class 0: tp 1 fp 1 fn 1 -> P 1/2 R 1/2 F 1/2; class 1: tp 2 fp 2 fn 0 -> P 1/2 R 1 F 2/3;
// class 2: tp 1 fp 0 fn 2 -> P 1 R 1/3 F 1/2. macro 5/9, weighted (2·1/2 + 2·2/3 + 3·1/2)/7 = 23/42.
const gold = [0, 0, 1, 1, 2, 2, 2];
const pred = [0, 1, 1, 1, 2, 0, 1];

describe('confusion matrix and per-class scores', () => {
  it('counts rows = gold, columns = predicted', () => {
    expect(confusionMatrix(gold, pred, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 1, 1],
    ]);
  });

  it('gives precision, recall, F1 and support by hand', () => {
    const s = classScores(confusionMatrix(gold, pred, 3));
    expect(s.support).toEqual([2, 2, 3]);
    expect(s.precision).toEqual([0.5, 0.5, 1]);
    expect(s.recall[0]).toBe(0.5);
    expect(s.recall[1]).toBe(1);
    expect(s.recall[2]).toBeCloseTo(1 / 3, 15);
    expect(s.f1[0]).toBe(0.5);
    expect(s.f1[1]).toBeCloseTo(2 / 3, 15);
    expect(s.f1[2]).toBe(0.5);
  });

  it('averages: macro over all K, weighted by support, accuracy', () => {
    expect(macroF1(gold, pred, 3)).toBeCloseTo(5 / 9, 15);
    expect(weightedF1(gold, pred, 3)).toBeCloseTo(23 / 42, 15);
    expect(accuracy(gold, pred)).toBeCloseTo(4 / 7, 15);
  });

  it('counts a class absent from gold and predictions in the macro mean with F1 = 0 (sklearn labels=range(K))', () => {
    const s = classScores(confusionMatrix(gold, pred, 4));
    expect(s.precision[3]).toBe(0);
    expect(s.recall[3]).toBe(0);
    expect(s.f1[3]).toBe(0);
    expect(s.support[3]).toBe(0);
    expect(macroF1(gold, pred, 4)).toBeCloseTo(5 / 12, 15);
    expect(weightedF1(gold, pred, 4)).toBeCloseTo(23 / 42, 15);
  });

  it('uses 0 for 0/0: a never-predicted class has precision 0, a class missing from gold recall 0', () => {
    // class 1 never predicted; class 2 predicted but never gold
    const s = classScores(confusionMatrix([0, 1, 1], [0, 2, 0], 3));
    expect(s.precision).toEqual([0.5, 0, 0]);
    expect(s.recall).toEqual([1, 0, 0]);
    expect(s.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(s.f1.slice(1)).toEqual([0, 0]);
  });

  it('scores 0 on empty input', () => {
    expect(accuracy([], [])).toBe(0);
    expect(weightedF1([], [], 3)).toBe(0);
    expect(macroF1([], [], 3)).toBe(0);
  });
});

describe('argmax, expected score, log-likelihood, Pearson', () => {
  it('takes the argmax with ties to the lower class', () => {
    expect(Array.from(argmaxLabels(Float32Array.from([0.1, 0.9, 0.5, 0.5, 0.3, 0.7, 1, 0]), 2))).toEqual([
      1, 0, 1, 0,
    ]);
    expect(Array.from(argmaxLabels([0.2, 0.4, 0.4, 0, 0, 1], 3))).toEqual([1, 2]);
  });

  it('computes Σ k·p_k', () => {
    expect(Array.from(expectedScores(Float32Array.from([0.5, 0.5, 0, 0, 0, 1]), 3))).toEqual([0.5, 2]);
  });

  it('averages log p(gold) and clamps at the floor', () => {
    expect(meanLogLikelihood(Float32Array.from([0.5, 0.5, 0.25, 0.75]), [0, 1], 2)).toBeCloseTo(
      (Math.log(0.5) + Math.log(0.75)) / 2,
      15,
    );
    expect(meanLogLikelihood([1, 0], [1], 2)).toBeCloseTo(Math.log(1e-12), 12);
    expect(meanLogLikelihood([1, 0], [1], 2, 1e-3)).toBeCloseTo(Math.log(1e-3), 12);
    expect(() => meanLogLikelihood([1, 0], [1], 2, 0)).toThrow(/floor/);
  });

  it('computes Pearson r by hand and NaN when undefined', () => {
    // dx = (-1, 0, 1), dy = (-4/3, -1/3, 5/3): sxy = 3, sxx = 2, syy = 14/3
    expect(pearson([1, 2, 3], [1, 2, 4])).toBeCloseTo(3 / Math.sqrt(28 / 3), 14);
    expect(pearson([0, 1, 2], [1, 3, 5])).toBeCloseTo(1, 15);
    expect(pearson([0, 1, 2], [5, 3, 1])).toBeCloseTo(-1, 15);
    expect(pearson([0, 1, 2], [2, 2, 2])).toBeNaN();
    expect(pearson([1], [1])).toBeNaN();
  });
});

describe('binary and PIT-2015 paraphrase F1', () => {
  it('scores the positive class of binary labels', () => {
    expect(binaryScores([1, 1, 0, 0], [1, 0, 1, 0])).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      support: 2,
      pairs: 4,
    });
    expect(binaryF1([1, 1, 0], [1, 1, 1])).toBeCloseTo(0.8, 15);
    expect(binaryF1([0, 0], [0, 0])).toBe(0); // 0/0 -> 0
  });

  it('maps vote counts: y ≥ 3 paraphrase, y ≤ 1 not, y = 2 left out', () => {
    expect([0, 1, 2, 3, 4, 5].map(pitGoldBinary)).toEqual([0, 0, null, 1, 1, 1]);
  });

  // gold 0..5, one row each. P(y≥3) / argmax / E[y]:
  // r0 (y0) 0 / 0 / 0.1 -> TN TN TN;      r1 (y1) 0.6 / 3 / 2.0 -> FP FP TN;
  // r2 (y2) left out;                     r3 (y3) 0.6 / 0 / 2.1 -> TP FN FN;
  // r4 (y4) 0.4 / 2 / 3.2 -> FN FN TP;    r5 (y5) 1 / 5 / 5 -> TP TP TP.
  const probs = Float32Array.from(
    [
      [0.9, 0.1, 0, 0, 0, 0],
      [0.2, 0.2, 0, 0.6, 0, 0],
      [0, 0, 0, 0, 0, 1],
      [0.4, 0, 0, 0.3, 0.3, 0],
      [0, 0, 0.6, 0, 0, 0.4],
      [0, 0, 0, 0, 0, 1],
    ].flat(),
  );
  const votes = [0, 1, 2, 3, 4, 5];

  it('decides by P(y ≥ 3) ≥ 0.5 by default', () => {
    const s = paraphraseScores(probs, votes);
    expect(s.decision).toBe('probability');
    expect(s.excluded).toBe(1);
    expect(s.pairs).toBe(5);
    expect(s.support).toBe(3);
    expect(s.precision).toBeCloseTo(2 / 3, 15);
    expect(s.recall).toBeCloseTo(2 / 3, 15);
    expect(s.f1).toBeCloseTo(2 / 3, 15);
  });

  it('offers argmax, expected-class and threshold decisions', () => {
    const a = paraphraseScores(probs, votes, { decision: 'argmax' });
    expect([a.precision, a.recall, a.f1]).toEqual([0.5, 1 / 3, 0.4]);
    const e = paraphraseScores(probs, votes, { decision: 'expected' });
    expect([e.precision, e.recall]).toEqual([1, 2 / 3]);
    expect(e.f1).toBeCloseTo(0.8, 15);
    expect(paraphraseF1(probs, votes, { threshold: 0.7 })).toBeCloseTo(0.5, 15);
    expect(() => paraphraseF1(probs, votes, { threshold: 2 })).toThrow(/threshold/);
  });

  it('is part of evaluate for K = 6 only', () => {
    expect(evaluate(probs, votes, { classes: 6 }).paraphrase?.f1).toBeCloseTo(2 / 3, 15);
    expect(evaluate([0.3, 0.7], [1], { classes: 2 }).paraphrase).toBeNull();
  });
});

describe('evaluate', () => {
  it('matches the hand-computed example end to end', () => {
    // one-hot-ish rows whose argmax is `pred`
    const probs = new Float32Array(gold.length * 3).fill(0.2);
    pred.forEach((p, i) => {
      probs[i * 3 + p] = 0.6;
    });
    const m = evaluate(probs, gold, { classes: 3, goldScores: [0, 0, 1, 1, 2, 2, 2] });
    expect(m.classes).toBe(3);
    expect(m.pairs).toBe(7);
    expect(m.accuracy).toBeCloseTo(4 / 7, 15);
    expect(m.macroF1).toBeCloseTo(5 / 9, 15);
    expect(m.weightedF1).toBeCloseTo(23 / 42, 15);
    expect(m.confusion).toEqual(confusionMatrix(gold, pred, 3));
    const p = [0.6, 0.2, 0.2].map(Math.fround);
    const hits = gold.filter((g, i) => g === pred[i]).length;
    expect(m.meanLogLikelihood).toBeCloseTo(
      (hits * Math.log(p[0] as number) + (7 - hits) * Math.log(p[1] as number)) / 7,
      6,
    );
    expect(m.pearson).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(m)).macroF1).toBe(m.macroF1);
  });
});

describe('bad input throws an Error naming the argument and the index', () => {
  const ok = Float32Array.from([0.5, 0.5, 0.25, 0.75]);
  const cases: [string, () => unknown, RegExp][] = [
    [
      'probs length not a multiple of K',
      () => evaluate(ok.subarray(0, 3), [0], { classes: 2 }),
      /probs has length 3/,
    ],
    ['gold length', () => evaluate(ok, [0, 1, 1], { classes: 2 }), /gold has length 3, expected 2/],
    [
      'gold label out of range',
      () => evaluate(ok, [0, 2], { classes: 2 }),
      /gold\[1\] = 2 is not a class label in 0\.\.1/,
    ],
    ['gold label not an integer', () => evaluate(ok, [0.5, 1], { classes: 2 }), /gold\[0\] = 0\.5/],
    [
      'NaN probability',
      () => evaluate([0.5, 0.5, Number.NaN, 1], [0, 1], { classes: 2 }),
      /probs\[2\] \(row 1, class 0\) = NaN/,
    ],
    [
      'negative probability',
      () => evaluate([1.5, -0.5], [0], { classes: 2 }),
      /probs\[1\] \(row 0, class 1\) = -0\.5/,
    ],
    [
      'row not summing to 1',
      () => evaluate([0.5, 0.5, 0.5, 1], [0, 1], { classes: 2 }),
      /probs row 1 sums to 1\.5/,
    ],
    [
      'goldScores length',
      () => evaluate(ok, [0, 1], { classes: 2, goldScores: [1] }),
      /goldScores has length 1/,
    ],
    [
      'goldScores NaN',
      () => evaluate(ok, [0, 1], { classes: 2, goldScores: [1, Number.NaN] }),
      /y\[1\] = NaN/,
    ],
    ['empty', () => evaluate([], [], { classes: 2 }), /gold is empty/],
    ['bad classes', () => evaluate(ok, [0, 1], { classes: 1.5 }), /classes must be an integer/],
    ['predicted length', () => confusionMatrix([0, 1], [0], 2), /predicted has length 1, expected 2/],
    ['predicted out of range', () => confusionMatrix([0, 1], [-1, 0], 2), /predicted\[0\] = -1/],
    ['binary label', () => binaryF1([0, 2], [0, 1]), /gold\[1\] = 2 is not a class label in 0\.\.1/],
    [
      'paraphrase needs 6 classes',
      () => paraphraseF1(ok, [0, 1]),
      /probs has length 4, not a multiple of classes = 6/,
    ],
    ['accuracy length', () => accuracy([0], [0, 1]), /predicted has length 2/],
    ['pearson length', () => pearson([0, 1], [0]), /y has length 1, expected 2/],
    ['confusion not square', () => classScores([[1, 0], [1]]), /confusion\[1\] has length 1/],
  ];
  it.each(cases)('%s', (_name, call, message) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
  });
});
