import { describe, expect, it } from 'vitest';
import { logBinCounts, logBinEdges } from '../src/index.js';

describe('logBinEdges', () => {
  it('spans the positive finite values with log-spaced edges', () => {
    const edges = logBinEdges([[0, 0.01, 5], Float32Array.of(100, Number.NaN, -1)], 4);
    expect(edges).toHaveLength(5);
    expect(edges[0]).toBe(0.01);
    expect(edges[4]).toBe(100);
    // Equal ratios: 10× per bin over four decades.
    for (let i = 1; i < 5; i++) expect((edges[i] as number) / (edges[i - 1] as number)).toBeCloseTo(10, 9);
  });

  it('widens a single value by half a decade each way, and falls back to [1e-3, 1] on no positive values', () => {
    const one = logBinEdges([[2, 2, 2]], 2);
    expect(one[0]).toBeCloseTo(2 / Math.sqrt(10), 12);
    expect(one[1]).toBeCloseTo(2, 12);
    expect(one[2]).toBeCloseTo(2 * Math.sqrt(10), 12);
    expect(logBinEdges([[0, -1]], 3)).toEqual([1e-3, expect.closeTo(1e-2, 12), expect.closeTo(1e-1, 12), 1]);
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => logBinEdges([[1]], 0)).toThrow(RangeError);
    expect(() => logBinEdges([[1]], 2.5)).toThrow(/positive integer/);
  });
});

describe('logBinCounts', () => {
  it('bins by decade, the maximum in the last bin, zeros and invalid values apart', () => {
    const edges = [0.01, 0.1, 1, 10, 100];
    const c = logBinCounts(
      [0.01, 0.05, 0.5, 0.99, 1, 50, 100, 0, 0, Number.NaN, -3, Number.POSITIVE_INFINITY],
      edges,
    );
    expect(c.counts).toEqual([2, 2, 1, 2]);
    expect(c.zeros).toBe(2);
    expect(c.invalid).toBe(3);
  });

  it('puts values outside the edges into the end bins', () => {
    expect(logBinCounts([1e-9, 1e9], [1, 10, 100]).counts).toEqual([1, 1]);
  });
});
