import { describe, expect, it } from 'vitest';
import { DEFAULT_KL_WEIGHT, PRIOR_DEFAULTS, PRIOR_UPDATE_MODES, Trainer } from '../src/index.js';

describe('the prior settings and κ have one owner', () => {
  it("PRIOR_DEFAULTS and DEFAULT_KL_WEIGHT are the engine's own defaults (its resolved config)", () => {
    const t = new Trainer({ inputDim: 2, trainSize: 1 }, new Float32Array(4));
    expect(t.config.priorUpdate).toBe(PRIOR_DEFAULTS.priorUpdate);
    expect(t.config.priorVariance).toBe(PRIOR_DEFAULTS.priorVariance);
    expect(t.config.klWeight).toBe(DEFAULT_KL_WEIGHT);
    t.free();
  });

  it('every update mode the type admits is one the engine accepts, and no other', () => {
    for (const mode of PRIOR_UPDATE_MODES) {
      const t = new Trainer({ inputDim: 2, trainSize: 1, priorUpdate: mode }, new Float32Array(4));
      expect(t.config.priorUpdate).toBe(mode);
      t.free();
    }
    expect(
      () => new Trainer({ inputDim: 2, trainSize: 1, priorUpdate: 'daily' as never }, new Float32Array(4)),
    ).toThrow();
  });
});
