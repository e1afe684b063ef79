import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTokenizer, ptbTokenize } from '../src/index.js';

/** Input → the tokens Penn Treebank conventions give (written out by hand), with our `"` and `(`. */
const CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  // Clitics.
  ["it's", ['it', "'s"]],
  ["don't", ['do', "n't"]],
  ["can't", ['ca', "n't"]],
  ["won't", ['wo', "n't"]],
  ["I'm", ['I', "'m"]],
  ["they're", ['they', "'re"]],
  ["we've", ['we', "'ve"]],
  ["you'll", ['you', "'ll"]],
  ["he'd", ['he', "'d"]],
  ["DON'T", ['DO', "N'T"]],
  ["It'S", ['It', "'S"]],
  ["wouldn't've", ['would', "n't", "'ve"]],
  ['don’t', ['do', "n't"]],
  ['it’s', ['it', "'s"]],
  ['cannot', ['can', 'not']],
  ['Cannot', ['Can', 'not']],
  ['gonna', ['gon', 'na']],
  ["James' car", ['James', "'", 'car']],
  ["Dominick's", ['Dominick', "'s"]],
  ["the 1990's", ['the', '1990', "'s"]],
  ["O'Neill's o'clock", ["O'Neill", "'s", "o'clock"]],
  ["let's", ['let', "'s"]],
  ["n't", ["n't"]],
  // Punctuation.
  ['Hello, world!', ['Hello', ',', 'world', '!']],
  ['a;b:c', ['a', ';', 'b', ':', 'c']],
  ['(see [1] {x})', ['(', 'see', '[', '1', ']', '{', 'x', '}', ')']],
  ['Why?!', ['Why', '?', '!']],
  ['He said "no."', ['He', 'said', '"', 'no', '.', '"']],
  ['"the witness",', ['"', 'the', 'witness', '"', ',']],
  ['It ended. Then it began.', ['It', 'ended', '.', 'Then', 'it', 'began', '.']],
  ['Wait...what', ['Wait', '...', 'what']],
  ['so -- there', ['so', '--', 'there']],
  ['so--there', ['so', '--', 'there']],
  ['pre- and post-war', ['pre', '-', 'and', 'post-war']],
  ["``quoted''", ['``', 'quoted', "''"]],
  ['#tag @user', ['#', 'tag', '@', 'user']],
  ['and/or', ['and', '/', 'or']],
  // Numbers, money and percentages.
  ['$5', ['$', '5']],
  ['$2.5 billion', ['$', '2.5', 'billion']],
  ['50%', ['50', '%']],
  ['up 4.4%, at A$4.56.', ['up', '4.4', '%', ',', 'at', 'A', '$', '4.56', '.']],
  ['1,000 people', ['1,000', 'people']],
  ['3.5', ['3.5']],
  ['at 10:30 on 10/20/2003', ['at', '10:30', 'on', '10/20/2003']],
  ['.5 of it', ['.5', 'of', 'it']],
  ['1, 2,and 3.', ['1', ',', '2', ',', 'and', '3', '.']],
  ['£20 or €30', ['£', '20', 'or', '€', '30']],
  // Hyphens, abbreviations and internal periods.
  ['e-mail well-known 20-year-old', ['e-mail', 'well-known', '20-year-old']],
  ['the U.S. economy', ['the', 'U.S.', 'economy']],
  ['in the U.S.', ['in', 'the', 'U.S.']],
  ["the U.S.'s role", ['the', 'U.S.', "'s", 'role']],
  ['e.g. this, i.e. that', ['e.g.', 'this', ',', 'i.e.', 'that']],
  ['at 5 p.m. today', ['at', '5', 'p.m.', 'today']],
  ['Mr. Smith of Acme Inc. and Dr. Jones', ['Mr.', 'Smith', 'of', 'Acme', 'Inc.', 'and', 'Dr.', 'Jones']],
  ['John F. Kennedy', ['John', 'F.', 'Kennedy']],
  ['REDMOND, Wash. -- Microsoft', ['REDMOND', ',', 'Wash.', '--', 'Microsoft']],
  ['apples, pears, etc.', ['apples', ',', 'pears', ',', 'etc.']],
  ['Amazon.com.', ['Amazon.com', '.']],
  ['AT&T and S&P', ['AT&T', 'and', 'S&P']],
  ['the co. and a mass.', ['the', 'co', '.', 'and', 'a', 'mass', '.']],
  ['Jan. 5', ['Jan.', '5']],
  ['U.S...', ['U.S', '...']],
  // Whitespace and Unicode.
  ['', []],
  [' \t\n\u00a0\u2003\u3000 ', []],
  ['a\u00a0b\u2003c\u0085d\u2028e\ufeff', ['a', 'b', 'c', 'd', 'e']],
  ['café niño Straße', ['café', 'niño', 'Straße']],
  ['東京は大きい。', ['東京は大きい', '。']],
  ['great😀!', ['great', '😀', '!']],
  ['ok👍🏽 👨‍👩‍👧 🇫🇷', ['ok', '👍🏽', '👨‍👩‍👧', '🇫🇷']],
  ['“Quote” ‘x’', ['“', 'Quote', '”', '‘', 'x', "'"]],
];

describe('ptbTokenize', () => {
  it.each(CASES)('%j', (input, expected) => {
    expect(ptbTokenize(input)).toEqual(expected);
  });

  it('has at least 40 hand-written cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('tokenises a documented sentence', () => {
    expect(ptbTokenize(`"It's $5.50," he said -- can't the U.S. do 50% better...?`)).toEqual([
      '"',
      'It',
      "'s",
      '$',
      '5.50',
      ',',
      '"',
      'he',
      'said',
      '--',
      'ca',
      "n't",
      'the',
      'U.S.',
      'do',
      '50',
      '%',
      'better',
      '...',
      '?',
    ]);
  });

  it("is makeTokenizer('ptb', lowercase)", () => {
    expect(makeTokenizer('ptb', true)("Don't stop, Mr. Smith!")).toEqual([
      'do',
      "n't",
      'stop',
      ',',
      'mr.',
      'smith',
      '!',
    ]);
    expect(makeTokenizer('ptb', false)("Don't")).toEqual(['Do', "n't"]);
    expect(() => makeTokenizer('nope' as 'ptb', false)).toThrow(/'whitespace', 'regex', 'ptb'/);
  });

  const SPACE = /[\s\p{White_Space}]/gu;
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      '\u0085',
      '\u3000',
      "'",
      '’',
      '.',
      '..',
      '...',
      ',',
      '-',
      '--',
      'n',
      "n't",
      "'s",
      'can',
      'not',
      'cannot',
      'U',
      'S',
      'U.S.',
      'Mr',
      'Inc',
      '1',
      '2',
      '3.5',
      '$',
      '%',
      '"',
      '`',
      '(',
      ')',
      'é',
      '東',
      '😀',
      '👍🏽',
      '\u200d',
      '🇫',
      'a',
      'B',
      '&',
      ':',
      '/',
    ),
  );
  const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

  it('property: no empty token, no token holds whitespace', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const t of ptbTokenize(s)) {
          expect(t.length).toBeGreaterThan(0);
          expect(t).not.toMatch(SPACE);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("property: the tokens joined are the input without whitespace (’ read as ')", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(ptbTokenize(s).join('')).toBe(s.replace(/’/g, "'").replace(SPACE, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: whitespace-only text has no tokens; lowercasing commutes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u0085', '\ufeff')),
        (ws) => {
          expect(ptbTokenize(ws.join(''))).toEqual([]);
        },
      ),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(makeTokenizer('ptb', true)(s)).toEqual(ptbTokenize(s).map((t) => t.toLowerCase()));
      }),
    );
  });

  it('scans 100 kB lines of punctuation and connectors in linear time', () => {
    const n = 100_000;
    const lines = [
      '.,;:!?()[]{}"\'-$%'.repeat(n / 17),
      '.'.repeat(n),
      '-'.repeat(n),
      "'".repeat(n),
      'a-'.repeat(n / 2),
      "a'".repeat(n / 2),
      'a.'.repeat(n / 2),
      '1,'.repeat(n / 2),
      "'s".repeat(n / 2),
      "x's".repeat(n / 3),
      'U.S.'.repeat(n / 4),
      '😀\u200d'.repeat(n / 3),
      'x'.repeat(n),
    ];
    for (const line of lines) {
      const start = performance.now();
      const tokens = ptbTokenize(line);
      const ms = performance.now() - start;
      expect(tokens.join('')).toBe(line);
      // Generous: a quadratic scan of 100 kB takes minutes; a linear one a few milliseconds.
      expect(ms).toBeLessThan(2000);
    }
  });
});
