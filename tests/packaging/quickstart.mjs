/**
 * Writes the README quickstart of @vb/core as a consumer would paste it: `quickstart.mjs` (ESM, as
 * written), `quickstart.js` (the same code for a CommonJS project: `require` and an async main) and
 * `quickstart.mts` (the same code type-checked under `strict`).
 * Usage: node quickstart.mjs <packages/core/README.md> <out dir>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [readmePath, out] = process.argv.slice(2);
const readme = readFileSync(readmePath, 'utf8');
const match = readme.match(/<!-- quickstart[^>]*-->\s*```js\n([\s\S]*?)```/);
if (!match?.[1]) throw new Error(`${readmePath}: no \`\`\`js block after <!-- quickstart -->`);
const code = match[1];

const importPattern = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';\n/gm;
const requires = [...code.matchAll(importPattern)].map((m) => `const {${m[1]}} = require('${m[2]}');\n`);
if (requires.length === 0) throw new Error('the quickstart imports nothing from @vb/core');
const body = code.replace(importPattern, '');
const cjs = `'use strict';\n${requires.join('')}\nasync function main() {\n${body}}\n\nmain().catch((e) => {\n  console.error(e);\n  process.exitCode = 1;\n});\n`;

writeFileSync(join(out, 'quickstart.mjs'), code);
writeFileSync(join(out, 'quickstart.mts'), code);
writeFileSync(join(out, 'quickstart.js'), cjs);
