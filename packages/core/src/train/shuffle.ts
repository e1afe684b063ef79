/**
 * Seeded permutations for minibatch order. SplitMix32-style generator: tiny, fast, and the same
 * sequence in every JavaScript engine, so a training run is reproducible from its seed.
 */

/** A seeded generator of uniforms in [0, 1); `state` can be saved and restored. */
export class SeededRandom {
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }
  /** Uniform integer in 0..n−1. */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, random: SeededRandom): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.below(i + 1);
    const tmp = out[i] as number;
    out[i] = out[j] as number;
    out[j] = tmp;
  }
  return out;
}
