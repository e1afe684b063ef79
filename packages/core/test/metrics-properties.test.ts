// Property tests (fast-check) of src/metrics: ranges, perfect predictions, invariances, identities.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryScores,
  classScores,
  confusionMatrix,
  evaluate,
  macroF1,
  type Metrics,
  pearson,
  weightedF1,
} from '../src/index.js';

/** K, then n (gold, predicted) label pairs. */
const labelPairs = fc.integer({ min: 1, max: 7 }).chain((classes) =>
  fc.record({
    classes: fc.constant(classes),
    pairs: fc.array(fc.tuple(fc.nat(classes - 1), fc.nat(classes - 1)), { minLength: 0, maxLength: 60 }),
  }),
);

/** K, then n rows of probabilities (small integer weights, normalised: ties happen), gold, scores. */
const scoredBatch = fc.integer({ min: 2, max: 7 }).chain((classes) =>
  fc.record({
    classes: fc.constant(classes),
    rows: fc.array(
      fc.record({
        weights: fc
          .array(fc.nat(20), { minLength: classes, maxLength: classes })
          .filter((w) => w.some((x) => x > 0)),
        gold: fc.nat(classes - 1),
        score: fc.integer({ min: -1000, max: 1000 }).map((v) => v / 10),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  }),
);

type Batch = { classes: number; rows: { weights: number[]; gold: number; score: number }[] };

function run(batch: Batch): Metrics {
  const probs = batch.rows.flatMap(({ weights }) => {
    const total = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / total);
  });
  return evaluate(
    probs,
    batch.rows.map((r) => r.gold),
    { classes: batch.classes, goldScores: batch.rows.map((r) => r.score) },
  );
}

const inUnit = (x: number) => x >= 0 && x <= 1;

describe('metric properties', () => {
  it('every F1, precision, recall and accuracy lies in [0, 1]', () => {
    fc.assert(
      fc.property(labelPairs, ({ classes, pairs }) => {
        const gold = pairs.map((p) => p[0]);
        const pred = pairs.map((p) => p[1]);
        const s = classScores(confusionMatrix(gold, pred, classes));
        expect([...s.f1, ...s.precision, ...s.recall].every(inUnit)).toBe(true);
        expect(inUnit(macroF1(gold, pred, classes))).toBe(true);
        expect(inUnit(weightedF1(gold, pred, classes))).toBe(true);
        expect(inUnit(accuracy(gold, pred))).toBe(true);
        const b = binaryScores(
          gold.map((g) => g % 2),
          pred.map((p) => p % 2),
        );
        expect([b.f1, b.precision, b.recall].every(inUnit)).toBe(true);
      }),
    );
  });

  it('perfect predictions: macro-F1 = 1 when all K classes occur, else (classes present)/K', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((k) => fc.tuple(fc.constant(k), fc.array(fc.nat(k - 1), { minLength: 1, maxLength: 50 }))),
        ([classes, gold]) => {
          const present = new Set(gold).size;
          expect(macroF1(gold, gold, classes)).toBeCloseTo(present / classes, 14);
          expect(weightedF1(gold, gold, classes)).toBe(1);
          expect(accuracy(gold, gold)).toBe(1);
          const all = [...Array.from({ length: classes }, (_, k) => k), ...gold];
          expect(macroF1(all, all, classes)).toBe(1);
        },
      ),
    );
  });

  it('the confusion matrix sums to n, and accuracy = trace / n', () => {
    fc.assert(
      fc.property(labelPairs, ({ classes, pairs }) => {
        const gold = pairs.map((p) => p[0]);
        const pred = pairs.map((p) => p[1]);
        const c = confusionMatrix(gold, pred, classes);
        const sum = c.flat().reduce((a, b) => a + b, 0);
        const trace = c.reduce((t, row, k) => t + (row[k] as number), 0);
        expect(sum).toBe(pairs.length);
        expect(accuracy(gold, pred)).toBe(pairs.length === 0 ? 0 : trace / pairs.length);
      }),
    );
  });

  it('is invariant to the order of the pairs', () => {
    fc.assert(
      fc.property(
        scoredBatch.chain((batch) =>
          fc.tuple(
            fc.constant(batch),
            fc.array(fc.double({ noNaN: true }), {
              minLength: batch.rows.length,
              maxLength: batch.rows.length,
            }),
          ),
        ),
        ([batch, keys]) => {
          const order = batch.rows.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
          const shuffled = {
            classes: batch.classes,
            rows: order.map((i) => batch.rows[i] as Batch['rows'][number]),
          };
          const a = run(batch);
          const b = run(shuffled);
          // counts and the scores computed from counts are exactly equal
          expect(b.confusion).toEqual(a.confusion);
          expect(b.perClass).toEqual(a.perClass);
          expect([b.accuracy, b.macroF1, b.weightedF1]).toEqual([a.accuracy, a.macroF1, a.weightedF1]);
          expect(b.paraphrase).toEqual(a.paraphrase);
          // sums of floats only up to rounding
          expect(b.meanLogLikelihood).toBeCloseTo(a.meanLogLikelihood, 12);
          if (Number.isNaN(a.pearson)) expect(b.pearson).toBeNaN();
          else expect(Math.abs(b.pearson - a.pearson)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('Pearson r is invariant to gold → a·gold + b with a > 0, and lies in [−1, 1]', () => {
    fc.assert(
      fc.property(
        scoredBatch,
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (batch, a, b) => {
          const r = run(batch).pearson;
          fc.pre(!Number.isNaN(r));
          expect(r).toBeGreaterThanOrEqual(-1);
          expect(r).toBeLessThanOrEqual(1);
          const moved = { ...batch, rows: batch.rows.map((row) => ({ ...row, score: a * row.score + b })) };
          expect(Math.abs(run(moved).pearson - r)).toBeLessThanOrEqual(1e-9);
          // and symmetric in its arguments
          const x = batch.rows.map((row) => row.score);
          const y = batch.rows.map((row) => row.gold);
          const xy = pearson(x, y);
          if (Number.isNaN(xy)) expect(pearson(y, x)).toBeNaN();
          else expect(pearson(y, x)).toBeCloseTo(xy, 14);
        },
      ),
    );
  });
});
