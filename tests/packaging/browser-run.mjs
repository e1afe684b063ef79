/**
 * Opens each bundle (bundles/<name>/index.html, served over HTTP on 127.0.0.1) in headless Chromium
 * and waits for its page to train and prune a tiny model; fails on a page error, a failed request
 * (e.g. a 404 for the .wasm) or a wrong result.
 * Usage (from the consumer folder): node browser-run.mjs <chromium> <playwright-core dir> <name>...
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';

const [chromiumPath, playwrightDir, ...names] = process.argv.slice(2);
const { chromium } = await import(pathToFileURL(join(playwrightDir, 'index.mjs')).href);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
let failed = 0;
try {
  for (const name of names) {
    const server = await serve(join(process.cwd(), 'bundles', name));
    const problems = [];
    try {
      const page = await browser.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
      const wasmRequests = [];
      page.on('request', (r) => r.url().endsWith('.wasm') && wasmRequests.push(new URL(r.url()).pathname));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => document.title === 'vb-ok' || document.title === 'vb-error', null, { timeout: 60_000 });
      const result = await page.evaluate(() => window.__vb);
      if (result.error) problems.push(result.error);
      else {
        if (result.simd !== 'wasm-simd128') problems.push(`simdPath ${result.simd}`);
        if (result.epochs !== 2 || !Number.isFinite(result.loss) || !(result.weights > 0)) problems.push(`result ${JSON.stringify(result)}`);
      }
      if (problems.length) {
        failed++;
        console.log(`FAIL browser: ${name}\n  ${problems.join('\n  ')}`);
      } else {
        console.log(`ok   browser: ${name} (wasm ${wasmRequests.join(', ')}; 2 epochs, loss ${result.loss.toFixed(3)}, ${result.weights} weights, ${result.ms.toFixed(0)} ms)`);
      }
      await page.close();
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
