import { describe, expect, it } from 'vitest';

// The pool starts its workers from the compiled `dist/sweep/worker.js`, so this test drives the build.
const { runPool } = await import('../dist/sweep/pool.js');
const { builtinData } = await import('../dist/data/builtin.js');
const { defaultSettings } = await import('../dist/sweep/settings.js');

describe('runPool', () => {
  it('returns every run even when saving one result is slow while the other worker drains the queue', async () => {
    const data = builtinData([0.7, 0.15, 0.15], 1);
    const settings = defaultSettings();
    const specs = ['Logistic Regression', 'DecisionTreeClassifier', 'KNeighborsClassifier'].map((row) => ({
      id: `${row}-1`,
      row,
      seed: 1,
    }));
    let first = true;
    const saved: string[] = [];
    const results = await runPool(specs, 2, data, settings, {
      onResult: async (r: { id: string }) => {
        // The first result takes long to save (a slow disk); meanwhile the other worker finishes the rest.
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
        saved.push(r.id);
      },
    });
    expect(results.map((r: { id: string }) => r.id)).toEqual(specs.map((s) => s.id));
    expect(saved.sort()).toEqual(specs.map((s) => s.id).sort());
  }, 60_000);
});
