import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const PACKAGES = ['packages/core', 'packages/cli', 'packages/viz'];

/** Every runtime dependency reachable from `dir`'s package.json, with its engines.node (if any). */
function runtimeEngines(
  dir: string,
  seen = new Map<string, string | undefined>(),
): Map<string, string | undefined> {
  const pkg = read(join(dir, 'package.json'));
  const require = createRequire(join(dir, 'package.json'));
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    let path: string;
    try {
      path = require.resolve(`${name}/package.json`);
    } catch {
      continue; // optional, or a package whose exports hide package.json (then it declares no engines we can read)
    }
    const dep = read(path);
    const key = `${dep.name}@${dep.version}`;
    if (seen.has(key)) continue;
    seen.set(key, dep.engines?.node);
    runtimeEngines(dirname(path), seen);
  }
  return seen;
}

describe('engines', () => {
  const ours = read(join(root, 'package.json')).engines.node as string;

  it('one Node range for the workspace and every package', () => {
    for (const p of PACKAGES) expect(read(join(root, p, 'package.json')).engines.node, p).toBe(ours);
  });

  it('the range is true to every runtime dependency (each dependency accepts every Node version we claim)', () => {
    for (const p of PACKAGES) {
      for (const [dep, range] of runtimeEngines(join(root, p))) {
        if (range === undefined) continue;
        expect(semver.subset(ours, range), `${p}: ${dep} needs node ${range}, we claim ${ours}`).toBe(true);
      }
    }
  });

  it('the CI workflow tests every major version the range admits from 20 on (20, 22, 24)', () => {
    const workflow = readFileSync(join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(workflow).toMatch(/node: \[20, 22, 24\]/);
    for (const major of [20, 22, 24])
      expect(semver.intersects(ours, `${major}.x`), `node ${major}`).toBe(true);
    expect(semver.satisfies(process.version, ours), `this Node ${process.version}`).toBe(true);
  });
});
