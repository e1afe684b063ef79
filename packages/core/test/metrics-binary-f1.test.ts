import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/metrics/index.js';

describe('evaluate: the binary F1 of the task', () => {
  it('is the F1 of class 1 for K = 2', () => {
    // gold 1,1,0,0; predicted 1,0,1,0 → tp 1, fp 1, fn 1 → F1 0.5
    const probs = Float32Array.from([0.2, 0.8, 0.9, 0.1, 0.3, 0.7, 0.6, 0.4]);
    const m = evaluate(probs, [1, 1, 0, 0], { classes: 2 });
    expect(m.binaryF1).toBeCloseTo(0.5, 12);
    expect(m.paraphrase).toBeNull();
  });

  it('is the PIT paraphrase F1 for six vote classes, and absent when the classes are not votes', () => {
    const probs = new Float32Array(2 * 6);
    probs[5] = 1; // pair 0 → class 5 (paraphrase)
    probs[6] = 1; // pair 1 → class 0 (not)
    const votes = evaluate(probs, [4, 0], { classes: 6 });
    expect(votes.binaryF1).toBe(1);
    expect(votes.binaryF1).toBe(votes.paraphrase?.f1);
    const other = evaluate(probs, [4, 0], { classes: 6, paraphrase: false });
    expect(other.paraphrase).toBeNull();
    expect(other.binaryF1).toBeNull();
    expect(evaluate(Float32Array.from([1, 0, 0]), [0], { classes: 3 }).binaryF1).toBeNull();
  });
});
