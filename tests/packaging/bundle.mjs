/**
 * Bundles browser/*.js with Vite, esbuild and webpack (their JavaScript APIs, installed in the
 * consumer folder) into bundles/<name>/ (index.html + assets), and checks that each output holds
 * the engine's .wasm. Run from the consumer folder: node bundle.mjs
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const src = join(root, 'browser');
const out = (name) => join(root, 'bundles', name);
const page = (script, type) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vb bundler test</title></head><body><script ${type} src="./${script}"></script></body></html>\n`;

async function vite() {
  const { build } = await import('vite');
  await build({
    root: src,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: out('vite'), emptyOutDir: true, target: 'es2022' },
  });
}

async function esbuild() {
  const { build } = await import('esbuild');
  mkdirSync(out('esbuild'), { recursive: true });
  await build({
    entryPoints: [join(src, 'esbuild.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outfile: join(out('esbuild'), 'main.js'),
    loader: { '.wasm': 'file' },
    logLevel: 'warning',
  });
  writeFileSync(join(out('esbuild'), 'index.html'), page('main.js', 'type="module"'));
}

async function webpack() {
  const { default: webpack } = await import('webpack');
  const compiler = webpack({
    mode: 'production',
    target: 'web',
    context: root,
    entry: join(src, 'webpack.js'),
    output: { path: out('webpack'), filename: 'main.js', clean: true },
    performance: { hints: false },
  });
  const stats = await new Promise((ok, fail) => compiler.run((e, s) => (e ? fail(e) : ok(s))));
  await new Promise((ok) => compiler.close(ok));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  if (stats.hasWarnings()) console.log(stats.toString({ all: false, warnings: true }));
  writeFileSync(join(out('webpack'), 'index.html'), page('main.js', 'defer'));
}

const bundlers = { vite, esbuild, webpack };
let failed = 0;
for (const [name, run] of Object.entries(bundlers)) {
  const t0 = performance.now();
  try {
    rmSync(out(name), { recursive: true, force: true });
    await run();
    const files = readdirSync(out(name), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path, e.name).slice(out(name).length + 1));
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    if (wasm.length !== 1) throw new Error(`expected one .wasm in the output, found: ${files.join(', ')}`);
    console.log(`ok   bundle: ${name} (${(performance.now() - t0).toFixed(0)} ms; ${files.length} files, wasm ${wasm[0]})`);
  } catch (e) {
    failed++;
    console.log(`FAIL bundle: ${name}: ${e?.stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
