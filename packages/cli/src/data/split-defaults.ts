/** How a corpus without a fixed split (one file, PIT-2015 pooled, the builtin task) is cut. */

/** Train / validation / test fractions (the seed's 70/15/15). */
export const DEFAULT_SPLIT: readonly [number, number, number] = [0.7, 0.15, 0.15];
/** Seed of the stratified split. */
export const DEFAULT_SPLIT_SEED = 2015;
