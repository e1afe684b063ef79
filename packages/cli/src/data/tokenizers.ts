/** The tokenizers `--tokenizer` names, and the default for raw text. */
export const TOKENIZERS = ['ptb', 'regex', 'whitespace'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/**
 * Raw text (CSV, TSV, JSONL, STS, MSRP): GloVe's own tokenisation (Penn Treebank style: clitics
 * split, `n't`, punctuation), so that the words find their vectors. PIT-2015 is pre-tokenised
 * (whitespace).
 */
export const RAW_TOKENIZER: TokenizerName = 'ptb';
