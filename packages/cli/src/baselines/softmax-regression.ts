/**
 * Multinomial logistic regression (softmax regression with L2), trained full-batch with Adam.
 *
 * Why not ml-logistic-regression: on PIT-2015's pair features (3,989 × 201) one fit took 50 s
 * (one-vs-rest over ml-matrix objects), which alone broke the sweep's 3-minute budget; this
 * ~60-line version over Float64Arrays fits the same data in about a second and, being
 * multinomial, also gives calibrated class probabilities. It is checked against scikit-learn's
 * LogisticRegression in test/softmax-regression.test.ts.
 */

export interface SoftmaxRegressionOptions {
  /** L2 penalty λ on the weights (not the biases): loss = mean NLL + (λ/2)‖W‖². */
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

export class SoftmaxRegression {
  readonly classes: number;
  readonly features: number;
  /** features × classes, then classes biases. */
  readonly weights: Float64Array;

  constructor(features: number, classes: number) {
    this.features = features;
    this.classes = classes;
    this.weights = new Float64Array((features + 1) * classes);
  }

  /** Class probabilities of the rows of `x` (rows × features, row-major). */
  predictProba(x: Float64Array, rows: number): Float64Array {
    const { features: f, classes: k, weights: w } = this;
    const out = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let z = w[f * k + c] as number;
        for (let j = 0; j < f; j++) z += (x[i * f + j] as number) * (w[j * k + c] as number);
        out[i * k + c] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((out[i * k + c] as number) - max);
        out[i * k + c] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) / sum;
    }
    return out;
  }

  /** Fits on (x, y) by full-batch Adam on the mean NLL + (λ/2)‖W‖². */
  fit(x: Float64Array, y: ArrayLike<number>, options: SoftmaxRegressionOptions = {}): this {
    const { features: f, classes: k, weights: w } = this;
    const n = y.length;
    const l2 = options.l2 ?? 1e-3;
    const iterations = options.iterations ?? 300;
    const lr = options.learningRate ?? 0.05;
    const m1 = new Float64Array(w.length);
    const m2 = new Float64Array(w.length);
    const grad = new Float64Array(w.length);
    for (let it = 1; it <= iterations; it++) {
      const p = this.predictProba(x, n);
      grad.fill(0);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          const d = ((p[i * k + c] as number) - (y[i] === c ? 1 : 0)) / n;
          if (d === 0) continue;
          for (let j = 0; j < f; j++) grad[j * k + c] = (grad[j * k + c] as number) + d * (x[i * f + j] as number);
          grad[f * k + c] = (grad[f * k + c] as number) + d;
        }
      }
      for (let i = 0; i < f * k; i++) grad[i] = (grad[i] as number) + l2 * (w[i] as number);
      const c1 = 1 - 0.9 ** it;
      const c2 = 1 - 0.999 ** it;
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] as number;
        m1[i] = 0.9 * (m1[i] as number) + 0.1 * g;
        m2[i] = 0.999 * (m2[i] as number) + 0.001 * g * g;
        w[i] = (w[i] as number) - (lr * ((m1[i] as number) / c1)) / (Math.sqrt((m2[i] as number) / c2) + 1e-8);
      }
    }
    return this;
  }
}
