/**
 * A small seeded PRNG (mulberry32) for splits and minibatch order: 32-bit state, integer-only
 * arithmetic, so the same seed gives the same sequence in every JavaScript engine.
 */

/** A source of uniforms in [0, 1). */
export type Random = () => number;

/**
 * Folds a safe-integer seed and optional stream ids (e.g. an epoch) into 32 bits with the
 * splitmix/murmur3 finaliser, so nearby seeds give unrelated streams.
 */
export function mixSeed(seed: number, ...streams: number[]): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let h = 0x9e3779b9;
  for (const v of [seed, ...streams]) {
    const lo = v >>> 0;
    const hi = Math.floor(v / 4294967296) >>> 0;
    for (const w of [lo, hi]) {
      h = (h + w + 0x9e3779b9) >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
      h = (h ^ (h >>> 16)) >>> 0;
    }
  }
  return h;
}

/**
 * mulberry32 seeded through {@link mixSeed}.
 *
 * ```ts
 * const rand = seededRandom(42);
 * rand(); // 0 ≤ x < 1, the same on every run
 * ```
 */
export function seededRandom(seed: number, ...streams: number[]): Random {
  let a = mixSeed(seed, ...streams);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  items: T,
  random: Random,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
