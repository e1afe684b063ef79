/**
 * The seed's classic baselines. SVC (libsvm-js: LIBSVM compiled with Emscripten, RBF kernel) comes
 * from a maintained library. Logistic regression, the decision tree and k-nearest neighbours are
 * our own small implementations, checked against scikit-learn, because the libraries we measured
 * took far longer on PIT-2015 (ml-logistic-regression 101 s, ml-cart 31 s, ml-knn ~40 s, against
 * ~3.5 s, 0.5 s and ~1 s) — see softmax-regression.ts, decision-tree.ts, nearest-neighbours.ts.
 * Each model is trained once and predicts several sets.
 */
import { createRequire } from 'node:module';
import { DecisionTree } from './decision-tree.js';
import { type FeatureMatrix, toRows } from './features.js';
import { NearestNeighbours } from './nearest-neighbours.js';
import { SoftmaxRegression } from './softmax-regression.js';

export type BaselineName = 'Logistic Regression' | 'SVC' | 'DecisionTreeClassifier' | 'KNeighborsClassifier';
export const BASELINES: BaselineName[] = ['Logistic Regression', 'SVC', 'DecisionTreeClassifier', 'KNeighborsClassifier'];

/** Settings of the baselines (documented defaults, chosen to stay fast on PIT-sized data). */
export interface BaselineSettings {
  logisticIterations: number;
  logisticL2: number;
  svcCost: number;
  svcGamma: number | 'scale';
  treeMaxDepth: number;
  treeMinSamples: number;
  knnK: number;
}

export const BASELINE_DEFAULTS: BaselineSettings = {
  logisticIterations: 300,
  logisticL2: 1e-3,
  svcCost: 1,
  svcGamma: 'scale',
  treeMaxDepth: 8,
  treeMinSamples: 5,
  knnK: 15,
};

/** Predicted class probabilities (rows × K); one-hot for classifiers that only give labels. */
export interface BaselinePrediction {
  probs: Float32Array;
  /** Whether `probs` are real probabilities (so log-likelihood is meaningful). */
  probabilistic: boolean;
}

function oneHot(labels: number[], k: number): Float32Array {
  const out = new Float32Array(labels.length * k);
  labels.forEach((y, i) => {
    out[i * k + y] = 1;
  });
  return out;
}

const require = createRequire(import.meta.url);

interface LibSvm {
  new (options: Record<string, unknown>): {
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
    free(): void;
  };
  SVM_TYPES: Record<string, unknown>;
  KERNEL_TYPES: Record<string, unknown>;
}

/**
 * Trains `name` once on (x, y) and predicts every set in `targets`. Logistic regression and the tree
 * read the flat matrices; SVC gets them as rows (the library's input format).
 */
export async function runBaseline(
  name: BaselineName,
  x: FeatureMatrix,
  y: number[],
  targets: FeatureMatrix[],
  classes: number,
  s: BaselineSettings = BASELINE_DEFAULTS,
): Promise<BaselinePrediction[]> {
  switch (name) {
    case 'Logistic Regression': {
      const model = new SoftmaxRegression(x.cols, classes).fit(x.data, y, { iterations: s.logisticIterations, l2: s.logisticL2 });
      return targets.map((t) => ({ probs: Float32Array.from(model.predictProba(t.data, t.rows)), probabilistic: true }));
    }
    case 'SVC': {
      // The asm.js build loads synchronously and quietly (the WASM build logs a fetch fallback in Node).
      // No probability estimates: LIBSVM would fit them by an internal 5-fold cross-validation (5× the time).
      const SVM = require('libsvm-js/asm') as LibSvm;
      const gamma = s.svcGamma === 'scale' ? 1 / x.cols : s.svcGamma;
      const svm = new SVM({ kernel: SVM.KERNEL_TYPES.RBF, type: SVM.SVM_TYPES.C_SVC, gamma, cost: s.svcCost, quiet: true });
      try {
        svm.train(toRows(x), y);
        return targets.map((t) => ({ probs: oneHot(svm.predict(toRows(t)), classes), probabilistic: false }));
      } finally {
        svm.free();
      }
    }
    case 'DecisionTreeClassifier': {
      const tree = new DecisionTree(classes, { maxDepth: s.treeMaxDepth, minSamplesLeaf: s.treeMinSamples }).fit(x.data, x.rows, x.cols, y);
      return targets.map((t) => ({ probs: Float32Array.from(tree.predictProba(t.data, t.rows, t.cols)), probabilistic: true }));
    }
    case 'KNeighborsClassifier': {
      // Vote shares, as sklearn's predict_proba; most are 0, so no log-likelihood is reported.
      const knn = new NearestNeighbours(classes, s.knnK).fit(x.data, x.rows, x.cols, y);
      return targets.map((t) => ({ probs: Float32Array.from(knn.predictProba(t.data, t.rows)), probabilistic: false }));
    }
  }
}
