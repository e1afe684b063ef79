import { describe, expect, it } from 'vitest';
import { inlineMarkdown, markdownToHtml } from '../src/index.js';

describe('markdownToHtml', () => {
  it('converts headings, paragraphs, lists, quotes, code and rules', () => {
    const html = markdownToHtml(
      '# Title\n\nA *short* **summary**\nover two lines.\n\n- one\n- two\n  continued\n\n3. three\n4. four\n\n> quoted\n\n```\nx < y && z\n```\n\n---',
    );
    expect(html).toBe(
      [
        '<h1>Title</h1>',
        '<p>A <em>short</em> <strong>summary</strong>\nover two lines.</p>',
        '<ul>\n<li>one</li>\n<li>two continued</li>\n</ul>',
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>',
        '<blockquote>\n<p>quoted</p>\n</blockquote>',
        '<pre><code>x &lt; y &amp;&amp; z</code></pre>',
        '<hr>',
      ].join('\n'),
    );
  });

  it('converts pipe tables with alignment', () => {
    const html = markdownToHtml('| classifier | F1 |\n|:---|---:|\n| RNN | 0.362 |\n| a \\| b | `x` |');
    expect(html).toContain('<th style="text-align:left">classifier</th><th style="text-align:right">F1</th>');
    expect(html).toContain(
      '<tr><td style="text-align:left">RNN</td><td style="text-align:right">0.362</td></tr>',
    );
    expect(html).toContain(
      '<td style="text-align:left">a | b</td><td style="text-align:right"><code>x</code></td>',
    );
  });

  it('shows raw HTML as text', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> **<b>**');
    expect(html).not.toMatch(/<(script|img|b)\b/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>&lt;b&gt;</strong>');
  });

  it('never loops on a line that no block rule takes', () => {
    expect(markdownToHtml('  # not a heading\n  > nor a quote')).toContain('<p>');
  });
});

describe('inlineMarkdown', () => {
  it('keeps safe links and drops unsafe targets', () => {
    expect(inlineMarkdown('[docs](https://example.org/a?b=1&c=2)')).toBe(
      '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">docs</a>',
    );
    expect(inlineMarkdown('[fig](#fig-2) [f](results/run.json)')).toContain('href="#fig-2"');
    expect(inlineMarkdown('[f](results/run.json)')).toContain('href="results/run.json"');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:x',
      'java\tscript:x',
      'data:text/html,x',
      'vbscript:x',
    ]) {
      const html = inlineMarkdown(`[x](${bad})`);
      expect(html).not.toContain('href');
    }
  });

  it('leaves code spans literal', () => {
    expect(inlineMarkdown('`**not bold** <i>`')).toBe('<code>**not bold** &lt;i&gt;</code>');
  });

  it('does not treat snake_case or a lone asterisk as emphasis', () => {
    expect(inlineMarkdown('mean_log_likelihood and 2 * 3')).toBe('mean_log_likelihood and 2 * 3');
  });
});
