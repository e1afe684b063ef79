/**
 * `engines` consistent with the dependencies: every package installed for the three tarballs
 * (production dependencies only) that declares `engines.node` must accept every Node version our
 * packages accept (semver.subset). Usage (from the consumer folder): node engines.mjs <semver dir>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const semver = createRequire(join(process.argv[2], 'package.json'))('semver');
const read = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const ours = ['@vb/core', '@vb/viz', 'vb-cli'].map((name) => [name, read(join('node_modules', name)).engines?.node]);
const range = ours[0][1];
for (const [name, r] of ours) if (r !== range) throw new Error(`${name}: engines.node ${r}, @vb/core says ${range}`);

// Every package folder below node_modules (scoped and nested ones too).
function* packages(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.name.startsWith('@')) yield* packages(path);
    else {
      yield path;
      yield* packages(join(path, 'node_modules'));
    }
  }
}

// semver.subset counts the prereleases of 23.0.0 as a gap between `^22.12.0` and `>=23`: a grid of
// release versions (majors 20-40) decides when it says no.
const releases = [];
for (let major = 20; major <= 40; major++) for (let minor = 0; minor <= 40; minor++) for (const patch of [0, 1, 5]) releases.push(`${major}.${minor}.${patch}`);
const fits = (theirs) =>
  semver.subset(range, theirs) || releases.every((v) => !semver.satisfies(v, range) || semver.satisfies(v, theirs));

let checked = 0;
const bad = [];
for (const dir of packages('node_modules')) {
  let p;
  try {
    p = read(dir);
  } catch {
    continue;
  }
  const theirs = p.engines?.node;
  if (typeof theirs !== 'string') continue;
  checked++;
  if (!semver.validRange(theirs) || !fits(theirs)) bad.push(`${p.name}@${p.version} needs node ${theirs}`);
}
if (bad.length) {
  console.log(`FAIL engines: ours (${range}) allows Node versions that these dependencies refuse:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`ok   engines: "${range}" fits all ${checked} installed packages that declare engines.node`);
