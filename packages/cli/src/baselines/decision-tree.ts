/**
 * A CART classification tree (Gini impurity, best split over every feature, depth and leaf-size
 * limits), as scikit-learn's DecisionTreeClassifier with those settings.
 *
 * Why not ml-cart: it rescans the node for every candidate threshold (quadratic in the node
 * size); on the built-in task (2,101 × 49) one fit took 31 s, and PIT-2015 (3,989 × 201) would
 * take minutes — beyond the sweep's budget. Sorting once per node and sweeping class counts
 * makes each split O(n log n) per feature. Leaves keep their class frequencies, so the tree also
 * predicts probabilities (sklearn's predict_proba).
 */

export interface TreeOptions {
  maxDepth?: number;
  /** A split must leave at least this many samples on each side (sklearn's min_samples_leaf). */
  minSamplesLeaf?: number;
}

type Node = { leaf: true; probs: Float64Array } | { leaf: false; feature: number; threshold: number; left: Node; right: Node };

export class DecisionTree {
  private root: Node | undefined;
  constructor(
    readonly classes: number,
    readonly options: TreeOptions = {},
  ) {}

  fit(x: Float64Array, rows: number, cols: number, y: ArrayLike<number>): this {
    const idx = Uint32Array.from({ length: rows }, (_, i) => i);
    this.root = this.grow(x, cols, y, idx, 0);
    return this;
  }

  private leaf(y: ArrayLike<number>, idx: Uint32Array): Node {
    const probs = new Float64Array(this.classes);
    for (const i of idx) probs[y[i] as number] = (probs[y[i] as number] as number) + 1 / idx.length;
    return { leaf: true, probs };
  }

  private grow(x: Float64Array, cols: number, y: ArrayLike<number>, idx: Uint32Array, depth: number): Node {
    const k = this.classes;
    const n = idx.length;
    const minLeaf = this.options.minSamplesLeaf ?? 1;
    const total = new Float64Array(k);
    for (const i of idx) total[y[i] as number] = (total[y[i] as number] as number) + 1;
    const gini = (counts: Float64Array, size: number) => {
      let s = 0;
      for (let c = 0; c < k; c++) s += ((counts[c] as number) / size) ** 2;
      return 1 - s;
    };
    const parent = gini(total, n);
    if (depth >= (this.options.maxDepth ?? 10) || n < 2 * minLeaf || parent === 0) return this.leaf(y, idx);
    let best = { gain: 1e-12, feature: -1, threshold: 0 };
    const left = new Float64Array(k);
    const order = new Uint32Array(n);
    for (let f = 0; f < cols; f++) {
      order.set(idx);
      order.sort((a, b) => (x[a * cols + f] as number) - (x[b * cols + f] as number));
      left.fill(0);
      for (let s = 0; s < n - 1; s++) {
        const i = order[s] as number;
        left[y[i] as number] = (left[y[i] as number] as number) + 1;
        const v = x[i * cols + f] as number;
        const next = x[(order[s + 1] as number) * cols + f] as number;
        const nl = s + 1;
        if (v === next || nl < minLeaf || n - nl < minLeaf) continue;
        let gl = 0;
        let gr = 0;
        for (let c = 0; c < k; c++) {
          const l = left[c] as number;
          gl += (l / nl) ** 2;
          gr += (((total[c] as number) - l) / (n - nl)) ** 2;
        }
        const gain = parent - (nl / n) * (1 - gl) - ((n - nl) / n) * (1 - gr);
        if (gain > best.gain) best = { gain, feature: f, threshold: (v + next) / 2 };
      }
    }
    if (best.feature < 0) return this.leaf(y, idx);
    const goesLeft = (i: number) => (x[i * cols + best.feature] as number) <= best.threshold;
    const l = idx.filter(goesLeft);
    const r = idx.filter((i) => !goesLeft(i));
    return { leaf: false, feature: best.feature, threshold: best.threshold, left: this.grow(x, cols, y, l, depth + 1), right: this.grow(x, cols, y, r, depth + 1) };
  }

  /** Class probabilities (rows × classes): the class frequencies of each row's leaf. */
  predictProba(x: Float64Array, rows: number, cols: number): Float64Array {
    if (!this.root) throw new Error('DecisionTree: fit() first');
    const out = new Float64Array(rows * this.classes);
    for (let i = 0; i < rows; i++) {
      let node = this.root;
      while (!node.leaf) node = (x[i * cols + node.feature] as number) <= node.threshold ? node.left : node.right;
      out.set(node.probs, i * this.classes);
    }
    return out;
  }
}
