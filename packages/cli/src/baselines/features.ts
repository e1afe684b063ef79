/**
 * Pair features for the classic baselines (the seed's Logistic Regression, SVC, Decision Tree
 * and k-NN rows): each sentence is the mean of its word vectors (`ā`, `b̄`), and a pair is
 * `[ā ⊙ b̄, |ā − b̄|, cos(ā, b̄)]` — the same symmetric combination the RNN's head uses, plus the
 * cosine — 2m + 1 features, then the set's F fixed pair features when it carries them (e.g. the
 * lexical overlap of `--pair-features overlap`, so the baselines see what the RNN's head sees) —
 * standardised with the training set's means and stds.
 */
import type { PairSet } from '@vb/core';

export interface FeatureMatrix {
  rows: number;
  cols: number;
  /** rows × cols, row-major. */
  data: Float64Array;
}

function meanVector(tokens: Uint32Array, offset: number, length: number, embeddings: Float32Array, m: number, out: Float64Array): void {
  out.fill(0);
  for (let t = 0; t < length; t++) {
    const id = tokens[offset + t] as number;
    for (let j = 0; j < m; j++) out[j] = (out[j] as number) + (embeddings[id * m + j] as number);
  }
  for (let j = 0; j < m; j++) out[j] = (out[j] as number) / length;
}

/** Raw (unstandardised) pair features of every pair in `set`. */
export function pairFeatures(set: PairSet, embeddings: Float32Array, m: number): FeatureMatrix {
  const f = set.features ? (set.featureCount ?? 0) : 0;
  const cols = 2 * m + 1 + f;
  const data = new Float64Array(set.size * cols);
  const a = new Float64Array(m);
  const b = new Float64Array(m);
  for (let i = 0; i < set.size; i++) {
    meanVector(set.tokensA, i * set.maxLength, set.lengthsA[i] as number, embeddings, m, a);
    meanVector(set.tokensB, i * set.maxLength, set.lengthsB[i] as number, embeddings, m, b);
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = 0; j < m; j++) {
      const x = a[j] as number;
      const y = b[j] as number;
      data[i * cols + j] = x * y;
      data[i * cols + m + j] = Math.abs(x - y);
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    data[i * cols + 2 * m] = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
    for (let j = 0; j < f; j++) data[i * cols + 2 * m + 1 + j] = (set.features as Float32Array)[i * f + j] as number;
  }
  return { rows: set.size, cols, data };
}

/** Standardises columns in place with the mean/std of `reference` (the training features). */
export function standardise(reference: FeatureMatrix, ...targets: FeatureMatrix[]): void {
  const { rows, cols } = reference;
  const mean = new Float64Array(cols);
  const sd = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) + (reference.data[i * cols + j] as number) / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) sd[j] = (sd[j] as number) + ((reference.data[i * cols + j] as number) - (mean[j] as number)) ** 2 / rows;
  }
  for (let j = 0; j < cols; j++) sd[j] = Math.sqrt(sd[j] as number) || 1;
  for (const f of [reference, ...targets]) {
    for (let i = 0; i < f.rows; i++) {
      for (let j = 0; j < cols; j++) f.data[i * cols + j] = ((f.data[i * cols + j] as number) - (mean[j] as number)) / (sd[j] as number);
    }
  }
}

/** Rows as arrays (the input format of the ml-* libraries). */
export function toRows(f: FeatureMatrix): number[][] {
  return Array.from({ length: f.rows }, (_, i) => Array.from(f.data.subarray(i * f.cols, (i + 1) * f.cols)));
}
