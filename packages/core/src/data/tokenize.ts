/**
 * Tokenisation. Pre-tokenised corpora (PIT-2015: tweets tokenised by O'Connor et al.'s tool) are
 * split on whitespace; raw text goes through a documented regular expression, or through the
 * Penn-Treebank-style {@link ptbTokenize} (the conventions GloVe 6B's corpus was tokenised with).
 */

/** A function from a sentence to its tokens. */
export type Tokenizer = (text: string) => string[];

/**
 * `whitespace`, `regex` (the {@link DEFAULT_TOKEN_PATTERN}), `ptb` ({@link ptbTokenize}), a global
 * RegExp whose matches are the tokens, or a function.
 */
export type TokenizerSpec = 'whitespace' | 'regex' | 'ptb' | RegExp | Tokenizer;

/**
 * The default pattern of the `regex` tokenizer; each match is one token, in this order of preference:
 * 1. a number with internal separators: digits joined by `.`, `,` or `:` (`3.14`, `1,000`, `10:30`);
 * 2. a word: letters, marks and digits, possibly joined by internal hyphens or apostrophes
 *    (`well-known`, `o'neill`, `mp3`);
 * 3. any other single non-space character (punctuation, symbols, emoji code points: `!`, `#`, `@`).
 *
 * Everything else (whitespace) separates tokens. `"Hello, world! It's 3.5x"` →
 * `Hello`, `,`, `world`, `!`, `It's`, `3.5`, `x`.
 */
export const DEFAULT_TOKEN_PATTERN =
  /\p{N}+(?:[.,:]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/** Splits on runs of whitespace (Unicode `\s`); leading and trailing whitespace yield no token. */
export function whitespaceTokenize(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/\s+/u)) if (t.length > 0) out.push(t);
  return out;
}

/** Tokens = the matches of a global `pattern` (default {@link DEFAULT_TOKEN_PATTERN}). */
export function regexTokenize(text: string, pattern: RegExp = DEFAULT_TOKEN_PATTERN): string[] {
  if (!pattern.global) throw new TypeError(`tokenizer pattern ${pattern} needs the g flag`);
  const out: string[] = [];
  for (const m of text.matchAll(pattern)) if (m[0].length > 0) out.push(m[0]);
  return out;
}

/** A word character of {@link ptbTokenize}: a letter, mark or number. */
const PTB_W = '[\\p{L}\\p{M}\\p{N}]';
/** Not whitespace of any Unicode kind (ECMAScript `\s`, which has U+FEFF, nor `White_Space`: U+0085). */
const PTB_NON_SPACE = '[^\\s\\p{White_Space}]';

/**
 * The scanner of {@link ptbTokenize}. Every alternative either consumes a fixed number of code
 * points or is a greedy run whose pieces cannot overlap (word characters and the connectors
 * between them are disjoint classes), and no alternative can fail after its first piece matched,
 * so a scan is linear in the text's length.
 */
const PTB_PATTERN = new RegExp(
  [
    // `...`, `..`: one token; `--`, `---`: one token; ASCII Treebank quotes stay one token.
    '\\.{2,}',
    '-{2,}',
    '``',
    "''",
    // A clitic glued to a preceding non-word token: `U.S.'s` → `U.S.` `'s`.
    `(?<=${PTB_NON_SPACE})'(?:[sSmMdD]|ll|LL|re|RE|ve|VE)(?!${PTB_W})`,
    // A number with a leading decimal point: `.5`.
    `(?<![\\p{L}\\p{M}\\p{N}.])\\.\\p{N}+`,
    // A word (the only capture group): runs of word characters joined by `-`, `'`, `.` or `&`
    // (`e-mail`, `o'neill`, `U.S`, `amazon.com`, `AT&T`), or by `,` `:` `/` between digits
    // (`1,000`, `10:30`, `1/2`).
    `(${PTB_W}+(?:(?:[-'.&]|(?<=\\p{N})[,:/](?=\\p{N}))${PTB_W}+)*)`,
    // An emoji with its modifiers and ZWJ sequence, or a flag (two regional indicators).
    '\\p{Regional_Indicator}{2}',
    '\\p{Extended_Pictographic}(?:[\\u{1F3FB}-\\u{1F3FF}\\uFE0F]|\\u200D\\p{Extended_Pictographic})*',
    // Anything else that is not whitespace: one code point, one token.
    PTB_NON_SPACE,
  ].join('|'),
  'gu',
);

/**
 * Abbreviations that keep their period when capitalised as here (titles, company suffixes,
 * months, US state abbreviations of news datelines). Lowercase forms (`co.`, `mass.`) split.
 */
const PTB_ABBREVIATIONS_CAPITALISED = new Set(
  (
    'Mr Mrs Ms Messrs Dr Prof Sr Jr St Mt Ft Gen Col Lt Sgt Capt Cmdr Adm Gov Sen Rep Rev Hon Pres Supt ' +
    'Inc Corp Co Ltd Bros Plc Cos ' +
    'Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec ' +
    'Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont ' +
    'Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo'
  ).split(' '),
);
/** Abbreviations that keep their period in any case. */
const PTB_ABBREVIATIONS_ANY_CASE = new Set(['etc', 'vs', 'approx', 'dept', 'esp', 'incl']);

/** Does `word`, followed by a period, form one Treebank token? */
function keepsPeriod(word: string): boolean {
  const dot = word.lastIndexOf('.');
  // Internal periods and a one-letter last part: `U.S`, `e.g`, `a.m`, `Ph.D` (not `amazon.com`, `3.5`).
  if (dot >= 0) return word.length - dot === 2 && /\p{L}/u.test(word.charAt(word.length - 1));
  // A capital initial: `John F. Kennedy`.
  if (/^\p{Lu}$/u.test(word)) return true;
  return PTB_ABBREVIATIONS_CAPITALISED.has(word) || PTB_ABBREVIATIONS_ANY_CASE.has(word.toLowerCase());
}

/** Whole words Treebank splits in two: `cannot` → `can` `not`, `gonna` → `gon` `na`, … */
const PTB_SPLIT_WORDS = new Map([
  ['cannot', 3],
  ['gonna', 3],
  ['gotta', 3],
  ['wanna', 3],
  ['gimme', 3],
  ['lemme', 3],
]);

/** Trailing clitics, longest first; the stem before them must be non-empty. */
const PTB_CLITICS = ["n't", "'ll", "'re", "'ve", "'s", "'m", "'d"];

/** Pushes `word`'s tokens: special whole words split, then trailing clitics split off. */
function pushWord(word: string, out: string[]): void {
  const at = PTB_SPLIT_WORDS.get(word.toLowerCase());
  if (at !== undefined) {
    out.push(word.slice(0, at), word.slice(at));
    return;
  }
  const suffixes: string[] = [];
  let stem = word;
  for (;;) {
    // Only the last three characters: a word of many clitics (`x's's's…`) stays linear.
    const tail = stem.slice(-3).toLowerCase();
    const clitic = PTB_CLITICS.find((c) => tail.endsWith(c) && stem.length > c.length);
    if (clitic === undefined) break;
    suffixes.push(stem.slice(stem.length - clitic.length));
    stem = stem.slice(0, stem.length - clitic.length);
  }
  out.push(stem);
  for (let i = suffixes.length - 1; i >= 0; i--) out.push(suffixes[i] as string);
}

/**
 * Penn-Treebank-style tokenisation of raw English, following what Stanford's PTBTokenizer (which
 * tokenised GloVe 6B's corpus) and NLTK's TreebankWordTokenizer produce, in one linear-time scan:
 *
 * - **Whitespace** of any Unicode kind separates tokens (ECMAScript `\s` and Unicode `White_Space`,
 *   so U+00A0, U+2003, U+0085 too); whitespace-only text gives `[]`. No token contains whitespace,
 *   and the tokens concatenated are the input without its whitespace — except that the curly
 *   apostrophe `’` (U+2019) is normalised to `'` first.
 * - **Clitics** split off a word's end: `it's` → `it` `'s`, `don't` → `do` `n't`, `can't` → `ca`
 *   `n't`, `won't` → `wo` `n't`, `I'm` → `I` `'m`, `they're` → `they` `'re`, `we've` → `we` `'ve`,
 *   `you'll` → `you` `'ll`, `he'd` → `he` `'d`, `wouldn't've` → `would` `n't` `'ve`, `don’t` →
 *   `do` `n't`. Internal apostrophes stay (`O'Neill`, `o'clock`); a trailing (possessive)
 *   apostrophe is its own token: `James'` → `James` `'`. `cannot`, `gonna`, `gotta`, `wanna`, `gimme`,
 *   `lemme` split in two (`can` `not`, `gon` `na`, …).
 * - **Punctuation** is one token per character — `, ; : ! ? ( ) [ ] { } " $ % # @ / …` — so
 *   `$5` → `$` `5`, `50%` → `50` `%`, `(see)` → `(` `see` `)`. Double quotes stay `"` and
 *   parentheses `(` `)`: no PTB escapes (``` `` ```, `''`, `-LRB-`), since word vectors hold `"` and `(`.
 *   Runs of periods (`...`) and of hyphens (`--`) are one token each; so are ``` `` ``` and `''`.
 * - **Words** are letters, marks and digits of any script (`café`, `niño`, `東京`) joined by
 *   internal `-`, `'`, `.` or `&` (`e-mail`, `well-known`, `20-year-old`, `amazon.com`, `AT&T`),
 *   or by `,` `:` `/` between digits: `3.5`, `1,000`, `10:30`, `1/2` stay whole; `.5` too.
 * - **Periods** after a word are split off (`end.` → `end` `.`, sentence-final or inner),
 *   except after abbreviations: a one-letter last part after internal periods (`U.S.`, `e.g.`,
 *   `a.m.`, `Ph.D.`), a capital initial (`F.` in `John F. Kennedy`), common capitalised
 *   abbreviations (`Mr.`, `Dr.`, `Inc.`, `Corp.`, `Jan.`, `Calif.`, `Wash.`) and `etc.`, `vs.`.
 *   An abbreviation ending a sentence keeps its period and no extra `.` is added (`in the U.S.`
 *   ends with `U.S.`), and `Plan B.` ends with `B.`.
 * - **Emoji** are tokens of their own, with their skin-tone modifiers and ZWJ sequences
 *   (`ok👍🏽` → `ok` `👍🏽`); a flag is one token.
 *
 * ```ts
 * ptbTokenize(`"It's $5.50," he said -- can't the U.S. do 50% better...?`);
 * // ['"', 'It', "'s", '$', '5.50', ',', '"', 'he', 'said', '--', 'ca', "n't", 'the', 'U.S.',
 * //  'do', '50', '%', 'better', '...', '?']
 * ```
 */
export function ptbTokenize(text: string): string[] {
  const s = text.replace(/\u2019/g, "'");
  const out: string[] = [];
  const re = new RegExp(PTB_PATTERN);
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const word = m[1];
    if (word === undefined) {
      out.push(m[0]);
      continue;
    }
    const end = re.lastIndex;
    if (s.charCodeAt(end) === 0x2e && s.charCodeAt(end + 1) !== 0x2e && keepsPeriod(word)) {
      out.push(`${word}.`);
      re.lastIndex = end + 1;
    } else pushWord(word, out);
  }
  return out;
}

/**
 * The tokenizer a {@link TokenizerSpec} names, optionally lowercasing (locale-independent
 * `toLowerCase`) each token.
 *
 * ```ts
 * makeTokenizer('regex', true)("Don't stop!"); // ["don't", 'stop', '!']
 * ```
 */
export function makeTokenizer(spec: TokenizerSpec, lowercase: boolean): Tokenizer {
  let base: Tokenizer;
  if (spec === 'whitespace') base = whitespaceTokenize;
  else if (spec === 'regex') base = (s) => regexTokenize(s);
  else if (spec === 'ptb') base = ptbTokenize;
  else if (spec instanceof RegExp) {
    const pattern = spec;
    if (!pattern.global) throw new TypeError(`tokenizer pattern ${pattern} needs the g flag`);
    base = (s) => regexTokenize(s, pattern);
  } else if (typeof spec === 'function') base = spec;
  else
    throw new TypeError(
      `unknown tokenizer ${String(spec)}; use 'whitespace', 'regex', 'ptb', a RegExp or a function`,
    );
  return lowercase ? (s) => base(s).map((t) => t.toLowerCase()) : base;
}

/** Lowercases pre-split tokens when asked (JSONL sentences given as arrays). */
export function normaliseTokens(tokens: readonly string[], lowercase: boolean): string[] {
  return lowercase ? tokens.map((t) => t.toLowerCase()) : tokens.slice();
}
