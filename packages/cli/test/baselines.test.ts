/** Our hand-written baselines against scikit-learn (fixture from scripts/baselines_reference.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecisionTree } from '../src/baselines/decision-tree.js';
import { NearestNeighbours } from '../src/baselines/nearest-neighbours.js';
import { SoftmaxRegression } from '../src/baselines/softmax-regression.js';

const fx = JSON.parse(readFileSync(new URL('./fixtures/baselines-sklearn.json', import.meta.url), 'utf8')) as {
  x: number[][];
  y: number[];
  xTest: number[][];
  classes: number;
  l2: number;
  logistic: number[][];
  tree: { maxDepth: number; minSamplesLeaf: number; proba: number[][] };
  knn: { k: number; proba: number[][] };
};
const flat = (rows: number[][]) => Float64Array.from(rows.flat());
const cols = fx.x[0]?.length ?? 0;

describe('baselines vs scikit-learn', () => {
  it('softmax regression converges to sklearn’s multinomial LogisticRegression', () => {
    const model = new SoftmaxRegression(cols, fx.classes).fit(flat(fx.x), fx.y, { l2: fx.l2, iterations: 4000, learningRate: 0.02 });
    const p = model.predictProba(flat(fx.xTest), fx.xTest.length);
    fx.logistic.flat().forEach((want, i) => {
      expect(p[i]).toBeCloseTo(want, 3);
    });
  });

  it('the CART tree predicts the same probabilities as sklearn’s DecisionTreeClassifier', () => {
    const tree = new DecisionTree(fx.classes, { maxDepth: fx.tree.maxDepth, minSamplesLeaf: fx.tree.minSamplesLeaf }).fit(flat(fx.x), fx.x.length, cols, fx.y);
    const p = tree.predictProba(flat(fx.xTest), fx.xTest.length, cols);
    fx.tree.proba.flat().forEach((want, i) => {
      expect(p[i]).toBeCloseTo(want, 10);
    });
  });

  it('k-NN gives the same vote shares as sklearn’s KNeighborsClassifier', () => {
    const knn = new NearestNeighbours(fx.classes, fx.knn.k).fit(flat(fx.x), fx.x.length, cols, fx.y);
    const p = knn.predictProba(flat(fx.xTest), fx.xTest.length);
    fx.knn.proba.flat().forEach((want, i) => {
      expect(p[i]).toBeCloseTo(want, 12);
    });
    expect(() => new NearestNeighbours(3, 0)).toThrow('k must be a positive integer, got 0');
    expect(() => new NearestNeighbours(3, 400).fit(flat(fx.x), fx.x.length, cols, fx.y)).toThrow('300 training rows are fewer than k = 400');
  });
});
