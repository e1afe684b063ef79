import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN_PATTERN, makeTokenizer, regexTokenize, whitespaceTokenize } from '../src/index.js';

describe('tokenizers', () => {
  it('splits on runs of whitespace', () => {
    expect(whitespaceTokenize('  A Walk\tto\n Remember  ')).toEqual(['A', 'Walk', 'to', 'Remember']);
    expect(whitespaceTokenize('   ')).toEqual([]);
    expect(whitespaceTokenize('I ’m @user #tag :)')).toEqual(['I', '’m', '@user', '#tag', ':)']);
  });

  it('regex: numbers, words with inner hyphens/apostrophes, single symbols', () => {
    expect(regexTokenize("Hello, world! It's 3.5x")).toEqual([
      'Hello',
      ',',
      'world',
      '!',
      "It's",
      '3.5',
      'x',
    ]);
    expect(regexTokenize('well-known 1,000 at 10:30 -- ok...')).toEqual([
      'well-known',
      '1,000',
      'at',
      '10:30',
      '-',
      '-',
      'ok',
      '.',
      '.',
      '.',
    ]);
    expect(regexTokenize('café naïve Straße')).toEqual(['café', 'naïve', 'Straße']);
    expect(regexTokenize('#tag @user 😀')).toEqual(['#', 'tag', '@', 'user', '😀']);
  });

  it('lowercases when asked, and accepts a custom RegExp or function', () => {
    expect(makeTokenizer('whitespace', true)('A Walk TO')).toEqual(['a', 'walk', 'to']);
    expect(makeTokenizer('whitespace', false)('A Walk')).toEqual(['A', 'Walk']);
    expect(makeTokenizer(/\w+/g, true)('Ab, cD')).toEqual(['ab', 'cd']);
    expect(makeTokenizer((s) => s.split('|'), false)('a|b')).toEqual(['a', 'b']);
    expect(() => makeTokenizer(/\w+/, false)).toThrow(/needs the g flag/);
  });

  it('property: whitespace tokenisation inverts joining tokens with any whitespace', () => {
    const token = fc.string({ minLength: 1, unit: 'grapheme' }).filter((t) => !/\s/u.test(t));
    const gap = fc.constantFrom(' ', '  ', '\t', ' \u00a0', '\u2003');
    fc.assert(
      fc.property(fc.array(fc.tuple(token, gap)), gap, (parts, lead) => {
        const text = lead + parts.map(([t, g]) => t + g).join('');
        expect(whitespaceTokenize(text)).toEqual(parts.map(([t]) => t));
      }),
    );
  });

  it('property: regex tokens cover every non-space character, in order, and never hold whitespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const tokens = regexTokenize(text, DEFAULT_TOKEN_PATTERN);
        for (const t of tokens) expect(/\s/u.test(t)).toBe(false);
        expect(tokens.join('')).toBe(text.replace(/\s/gu, ''));
      }),
    );
  });
});
