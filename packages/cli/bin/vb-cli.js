#!/usr/bin/env node
// The installed `vb-cli` command. It is a committed file (not the compiled dist/bin.js) so that
// npm links it even in a workspace checkout where the TypeScript has not been built yet.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('vb-cli: the CLI is not built yet: run `npm run build` at the repository root\n');
  process.exit(1);
}
await import(entry.href);
