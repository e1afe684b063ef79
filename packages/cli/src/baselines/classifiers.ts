/**
 * The seed's classic baselines, each from a maintained library rather than hand-written:
 * logistic regression (ml-logistic-regression, one-vs-rest gradient descent), SVC (libsvm-js:
 * LIBSVM compiled with Emscripten, RBF kernel, probability estimates), a CART decision tree
 * (ml-cart) and k-nearest neighbours (ml-knn).
 */
import { createRequire } from 'node:module';
import { DecisionTreeClassifier } from 'ml-cart';
import KNN from 'ml-knn';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

export type BaselineName = 'Logistic Regression' | 'SVC' | 'DecisionTreeClassifier' | 'KNeighborsClassifier';
export const BASELINES: BaselineName[] = ['Logistic Regression', 'SVC', 'DecisionTreeClassifier', 'KNeighborsClassifier'];

/** Settings of the baselines (documented defaults, chosen to stay fast on PIT-sized data). */
export interface BaselineSettings {
  logisticSteps: number;
  logisticLearningRate: number;
  svcCost: number;
  svcGamma: number | 'scale';
  treeMaxDepth: number;
  treeMinSamples: number;
  knnK: number;
}

export const BASELINE_DEFAULTS: BaselineSettings = {
  logisticSteps: 400,
  logisticLearningRate: 0.05,
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
    predictProbability(x: number[][]): Array<{ prediction: number; estimates: Array<{ label: number; probability: number }> }>;
    free(): void;
  };
  SVM_TYPES: Record<string, unknown>;
  KERNEL_TYPES: Record<string, unknown>;
}

/** Trains `name` on (x, y) and predicts `test`. */
export async function runBaseline(
  name: BaselineName,
  x: number[][],
  y: number[],
  test: number[][],
  classes: number,
  s: BaselineSettings = BASELINE_DEFAULTS,
): Promise<BaselinePrediction> {
  switch (name) {
    case 'Logistic Regression': {
      const model = new LogisticRegression({ numSteps: s.logisticSteps, learningRate: s.logisticLearningRate });
      model.train(new Matrix(x), Matrix.columnVector(y));
      return { probs: oneHot(model.predict(new Matrix(test)) as number[], classes), probabilistic: false };
    }
    case 'SVC': {
      // The asm.js build loads synchronously and quietly (the WASM build logs a fetch fallback in Node).
      const SVM = require('libsvm-js/asm') as LibSvm;
      const gamma = s.svcGamma === 'scale' ? 1 / (x[0]?.length ?? 1) : s.svcGamma;
      const svm = new SVM({
        kernel: SVM.KERNEL_TYPES.RBF,
        type: SVM.SVM_TYPES.C_SVC,
        gamma,
        cost: s.svcCost,
        probabilityEstimates: true,
        quiet: true,
      });
      try {
        svm.train(x, y);
        const out = new Float32Array(test.length * classes);
        svm.predictProbability(test).forEach((p, i) => {
          for (const e of p.estimates) out[i * classes + e.label] = e.probability;
        });
        return { probs: out, probabilistic: true };
      } finally {
        svm.free();
      }
    }
    case 'DecisionTreeClassifier': {
      const tree = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth: s.treeMaxDepth, minNumSamples: s.treeMinSamples });
      tree.train(x, y);
      return { probs: oneHot(tree.predict(test) as number[], classes), probabilistic: false };
    }
    case 'KNeighborsClassifier': {
      const knn = new KNN(x, y, { k: s.knnK });
      return { probs: oneHot(knn.predict(test) as number[], classes), probabilistic: false };
    }
  }
}
