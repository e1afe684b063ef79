/**
 * The report in a real browser (headless Chromium): no console error, no request beyond the
 * file itself, hostile text inert, the inline script allowed by the CSP and working.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHtml } from '../src/index.js';
import { reportOptions } from './report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`report-browser.test.ts: skipped, ${CHROMIUM} not found (apt-get install chromium to run it)`);
}

describe.skipIf(!hasChromium)(
  `report in headless Chromium${hasChromium ? '' : ` (skipped: no ${CHROMIUM})`}`,
  () => {
    const options = reportOptions();
    const figures = options.specs ?? [];
    let dir = '';
    let url = '';
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    const requests: string[] = [];

    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      dir = await mkdtemp(join(tmpdir(), 'vb-viz-report-'));
      const file = join(dir, 'report.html');
      await writeFile(file, await reportHtml(options));
      url = pathToFileURL(file).href;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      page = await browser.newPage({ acceptDownloads: true });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) =>
        problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`),
      );
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url, { waitUntil: 'load' });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('loads with no console error, no failed request, and no request but the file itself', () => {
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    });

    it('shows every plot and leaves hostile text inert', async () => {
      const seen = await page.evaluate(() => ({
        svgs: document.querySelectorAll('figure .plot > svg').length,
        images: document.images.length,
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        scripts: document.scripts.length,
        title: document.title,
      }));
      expect(seen).toEqual({
        svgs: figures.length,
        images: 0,
        pwned: undefined,
        scripts: figures.length + 1,
        title: expect.stringContaining('<script>window.__pwned = 1</script>'),
      });
    });

    it('holds each spec as JSON, shown on opening its details', async () => {
      for (const [i, f] of figures.entries()) {
        const specId = `spec-fig-${i + 1}`;
        const embedded = await page.evaluate(
          (id) => JSON.parse(document.getElementById(id)?.textContent ?? 'null'),
          specId,
        );
        expect(embedded).toEqual(JSON.parse(JSON.stringify(f.spec)));
      }
      await page.click('#fig-2 details.spec summary');
      const shown = await page.textContent('#fig-2 details.spec pre');
      expect(JSON.parse(shown ?? '')).toEqual(JSON.parse(JSON.stringify(figures[1]?.spec)));
    });

    it('runs its own script (allowed by hash): Download saves the spec', async () => {
      await page.click('#fig-3 details.spec summary');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#fig-3 button[data-action="download"]'),
      ]);
      expect(download.suggestedFilename()).toBe('03-likelihood-vs.vl.json');
      const saved = join(dir, 'saved.json');
      await download.saveAs(saved);
      expect(JSON.parse(await readFile(saved, 'utf8'))).toEqual(JSON.parse(JSON.stringify(figures[2]?.spec)));
      expect(problems).toEqual([]);
    });
  },
);
