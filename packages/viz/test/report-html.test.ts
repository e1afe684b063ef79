import { beforeAll, describe, expect, it } from 'vitest';
import { reportHtml } from '../src/index.js';
import { REPORT_SCRIPT } from '../src/report-assets.js';
import { checkHtml } from './html-check.js';
import { HOSTILE, reportOptions } from './report-fixture.js';
import { countMarks } from './svg-marks.js';

let html = '';
const options = reportOptions();
const figures = options.specs ?? [];

beforeAll(async () => {
  html = await reportHtml(options);
});

describe('reportHtml', () => {
  it('is well-formed HTML: every element closed in order, attributes quoted, ids unique', () => {
    const { problems, elements } = checkHtml(html);
    expect(problems).toEqual([]);
    expect(elements.slice(0, 2)).toEqual(['html', 'head']);
    expect(elements.filter((e) => e === 'body')).toHaveLength(1);
  });

  it('holds every plot as inline SVG, with its marks', () => {
    const svgs = [...html.matchAll(/<svg\b.*?<\/svg>/gs)].map((m) => m[0]);
    expect(svgs).toHaveLength(figures.length);
    expect(html.match(/<figure id="fig-\d+"/g)).toHaveLength(figures.length);
    // Four models → four lines in each λ chart.
    for (const svg of svgs.slice(0, 3)) expect(countMarks(svg, 'line')).toBe(4);
  });

  it('embeds every spec as JSON that parses back to the spec', () => {
    const blocks = [
      ...html.matchAll(/<script type="application\/json" id="(spec-fig-\d+)">\n(.*?)\n<\/script>/gs),
    ];
    expect(blocks.map((b) => b[1])).toEqual(figures.map((_, i) => `spec-fig-${i + 1}`));
    blocks.forEach((b, i) => {
      expect(JSON.parse(b[2] as string)).toEqual(JSON.parse(JSON.stringify(figures[i]?.spec)));
    });
  });

  it('keeps hostile text inert everywhere: no tag or handler from the input survives', () => {
    expect(html).not.toContain(HOSTILE);
    const { tags } = checkHtml(html);
    expect(tags.filter((t) => t.name === 'img')).toEqual([]);
    expect(tags.flatMap((t) => [...t.attrs.keys()]).filter((a) => a.startsWith('on'))).toEqual([]);
    expect(tags.filter((t) => /^\s*javascript:/i.test(t.attrs.get('href') ?? ''))).toEqual([]);
    // Exactly the report's own scripts: one JSON block per figure and the inline script.
    expect(html.match(/<script\b/g)).toHaveLength(figures.length + 1);
    expect(html).toContain('<title>vb report &lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });

  it('loads nothing: no src attribute, no external link, a CSP forbidding requests', () => {
    const { tags } = checkHtml(html);
    expect(tags.filter((t) => t.attrs.has('src'))).toEqual([]);
    const links = tags.filter((t) => t.name === 'link');
    expect(links.map((t) => t.attrs.get('href'))).toEqual(['data:,']);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toContain('default-src &#39;none&#39;');
  });

  it('allows its inline script by hash, so no other script can run', async () => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(REPORT_SCRIPT));
    const hash = Buffer.from(digest).toString('base64');
    expect(html).toContain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
  });

  it('is deterministic', async () => {
    expect(await reportHtml(options)).toBe(html);
  });

  it('renders a summary given as Markdown or trusted HTML, and a bare report', async () => {
    const md = await reportHtml({ title: 't', summary: { markdown: '**b**' } });
    expect(md).toContain('<section class="summary">\n<p><strong>b</strong></p>\n</section>');
    const raw = await reportHtml({ title: 't', summary: { html: '<p class="x">trusted</p>' } });
    expect(raw).toContain('<p class="x">trusted</p>');
    const bare = await reportHtml({ title: 't' });
    expect(checkHtml(bare).problems).toEqual([]);
    expect(bare).not.toContain('<figure');
  });
});
