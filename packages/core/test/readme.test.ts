/** The README's quickstart is real code: extract it and run it against the built package. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README quickstart', () => {
  it('runs and prints what it says', () => {
    const match = readme.match(/<!-- quickstart[^>]*-->\s*```js\n([\s\S]*?)```/);
    expect(match, 'README.md must hold a ```js block after <!-- quickstart -->').not.toBeNull();
    const dir = fileURLToPath(new URL('../.readme-test/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}quickstart.mjs`;
    writeFileSync(file, match?.[1] ?? '');
    try {
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/validation macro-F1 0\.\d{3}, prior σ² \d\.\d\de-\d/);
      expect(r.stdout).toMatch(/removable: \d+% of \d+ weights/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
