import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../src/index.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
  it('leaves other text alone', () => {
    expect(escapeHtml('λ = |m|/s, σ² ≥ 0')).toBe('λ = |m|/s, σ² ≥ 0');
  });
});

describe('jsonForScript', () => {
  const nasty = { name: '</script><script>alert(1)</script><!-- & \u2028 \u2029', n: [1, 2.5] };

  it('cannot close or comment out a script block', () => {
    const text = jsonForScript(nasty);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
  });

  it('parses back to the same value', () => {
    expect(JSON.parse(jsonForScript(nasty))).toEqual(nasty);
    expect(JSON.parse(jsonForScript(nasty, 0))).toEqual(nasty);
  });
});
