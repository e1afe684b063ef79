/**
 * Exact k-nearest-neighbour classification by brute force (Euclidean distance, uniform votes) —
 * what scikit-learn's `KNeighborsClassifier(k)` computes, including `predict_proba` (the share of
 * the k neighbours in each class). Ours because ml-knn's k-d tree took ~40 s on PIT-2015's
 * 200-dimensional features, where a blocked brute-force scan takes about a second: k-d trees do
 * not prune in high dimensions. Ties in distance go to the lower training index (a stable sort).
 */
export class NearestNeighbours {
  #x: Float64Array = new Float64Array(0);
  #norms: Float64Array = new Float64Array(0);
  #y: number[] = [];
  #cols = 0;

  constructor(
    readonly classes: number,
    readonly k: number,
  ) {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  }

  /** Stores the training rows (rows × cols, row-major) and their labels 0..classes−1. */
  fit(x: Float64Array, rows: number, cols: number, y: readonly number[]): this {
    if (x.length !== rows * cols || y.length !== rows) throw new RangeError(`k-NN: x has ${x.length} values, y ${y.length} labels, for ${rows} × ${cols}`);
    if (rows < this.k) throw new RangeError(`k-NN: ${rows} training rows are fewer than k = ${this.k}`);
    this.#x = x;
    this.#y = [...y];
    this.#cols = cols;
    this.#norms = Float64Array.from({ length: rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (x[i * cols + j] as number) ** 2;
      return s;
    });
    return this;
  }

  /** rows × classes vote shares of the k nearest training rows of each row of `t`. */
  predictProba(t: Float64Array, rows: number): Float64Array {
    const cols = this.#cols;
    const n = this.#y.length;
    const out = new Float64Array(rows * this.classes);
    const dist = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      const q = t.subarray(r * cols, (r + 1) * cols);
      let qq = 0;
      for (let j = 0; j < cols; j++) qq += (q[j] as number) ** 2;
      // ‖q − x‖² = ‖q‖² + ‖x‖² − 2 q·x
      for (let i = 0; i < n; i++) {
        let dot = 0;
        const off = i * cols;
        for (let j = 0; j < cols; j++) dot += (q[j] as number) * (this.#x[off + j] as number);
        dist[i] = qq + (this.#norms[i] as number) - 2 * dot;
      }
      const nearest = nearestIndices(dist, this.k);
      for (const i of nearest) {
        const at = r * this.classes + (this.#y[i] as number);
        out[at] = (out[at] as number) + 1 / this.k;
      }
    }
    return out;
  }
}

/** The `k` indices of smallest `dist` (ties to the lower index), by insertion into a sorted buffer. */
function nearestIndices(dist: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < dist.length; i++) {
    const d = dist[i] as number;
    if (best.length === k && d >= (dist[best[k - 1] as number] as number)) continue;
    let at = best.length;
    while (at > 0 && (dist[best[at - 1] as number] as number) > d) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
