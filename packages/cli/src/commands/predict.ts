/** `vb-cli predict`: a saved model on new sentence pairs → JSON lines. */
import {
  DEFAULT_TEXT_RECIPE,
  makeTokenizer,
  TextPredictor,
  type TextRecipe,
  type WordVectors,
} from '@vb/core';
import { readText } from '@vb/core/node';
import { Command, Option } from 'commander';
import { parseColumnsOption } from '../data/columns.js';
import { readSentencePairs, type RawPair } from '../data/sentences.js';
import { isTableFormat, parseDataSpec, type TableFormat } from '../data/spec.js';
import { TOKENIZERS } from '../data/tokenizers.js';
import { loadVectorsFor } from '../data/vectors-for.js';
import { writeOutput } from '../io/atomic.js';
import { nonNegativeInt, seed } from '../options.js';
import { UsageError } from '../usage-error.js';
import { readModel, stderrLog } from './shared.js';

interface PredictOptions {
  model: string;
  data?: string;
  vectors?: string;
  columns?: ReturnType<typeof parseColumnsOption>;
  header?: boolean;
  quoting?: 'rfc4180' | 'none';
  tokenizer?: TextRecipe['tokenizer'];
  mcSamples: number;
  seed: number;
  out?: string;
  quiet?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The pairs to predict: `--data` (one file) or tab-separated lines on standard input. */
async function inputPairs(
  o: PredictOptions,
  log: (m: string) => void,
): Promise<{ file: string; pairs: RawPair[] }> {
  let format: TableFormat = 'tsv';
  let path = '-';
  if (o.data && o.data !== '-') {
    const spec = parseDataSpec(o.data);
    if (!isTableFormat(spec.format) || spec.paths.length !== 1)
      throw new UsageError(
        `predict --data ${o.data}: give one csv/tsv/jsonl/sts file (or none, to read tab-separated pairs from standard input)`,
      );
    format = spec.format;
    path = spec.paths[0] as string;
  }
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readText(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const file = path === '-' ? '<stdin>' : path;
  return {
    file,
    pairs: readSentencePairs(text, format, file, {
      columns: o.columns,
      header: o.header,
      quoting: o.quoting,
      log,
    }),
  };
}

export function predictCommand(): Command {
  const cmd = new Command('predict')
    .description(
      'Predict with a saved model on new sentence pairs (a data file, or "sentence1<TAB>sentence2" lines on standard input): one JSON line per pair with the class probabilities, the expected score and, with --mc-samples, the predictive uncertainty.',
    )
    .requiredOption('--model <file>', 'model file written by vb-cli train or prune')
    .option(
      '--data <spec>',
      "input pairs: '<csv|tsv|jsonl|sts>:<file>' or a file ending in .csv/.tsv/.jsonl (default: tab-separated pairs on standard input)",
    )
    .option(
      '--vectors <path>',
      "word vectors (GloVe text file or 'wink') for words outside the model's vocabulary, or for a model saved without its vectors",
    )
    .option(
      '--columns <mapping>',
      'which columns hold the sentences: sentence1=NAME|INDEX,sentence2=NAME|INDEX (default: a header with the usual names, else the first two fields)',
      parseColumnsOption,
    )
    .option('--header', 'the first line names the columns (default: detected)')
    .option('--no-header', 'the input has no header line')
    .addOption(
      new Option('--quoting <rule>', 'CSV/TSV quoting (default: rfc4180 for CSV, none for TSV)').choices([
        'rfc4180',
        'none',
      ]),
    )
    .addOption(new Option('--tokenizer <name>', "override the model's tokenizer").choices([...TOKENIZERS]))
    .option(
      '--mc-samples <n>',
      'posterior samples S: average the predictive over S samples and report its spread (0 = posterior means)',
      nonNegativeInt,
      0,
    )
    .option('--seed <n>', 'seed of the posterior samples', seed, 1)
    .option('-o, --out <file>', 'write the JSON lines to this file (atomically) instead of standard output')
    .option('-q, --quiet', 'print nothing but errors on stderr')
    .addHelpText(
      'after',
      `
Output (one JSON object per input pair):
  {"line": 2, "probabilities": [0.31, 0.69], "label": 1, "labelName": "paraphrase", "expectedScore": 0.69,
   "unknownTokens": 0, "uncertainty": {"samples": 20, "std": [0.04, 0.04], "entropy": 0.62,
   "expectedEntropy": 0.6, "mutualInformation": 0.02}}
  expectedScore = Σ_k k·p_k (on the score's scale when the classes bin a score);
  uncertainty (with --mc-samples): entropy of the mean = expected entropy (aleatoric) + mutual information (epistemic).

Examples:
  $ printf 'A man plays a guitar.\\tSomeone is playing a guitar.\\n' | vb-cli predict --model model.safetensors
  $ vb-cli predict --model model.safetensors --data pairs.csv --mc-samples 20 --out predictions.jsonl
  $ vb-cli predict --model model.safetensors --data jsonl:new.jsonl --columns sentence1=premise,sentence2=hypothesis
  $ vb-cli predict --model model.safetensors --data tsv:pairs.tsv --no-header --vectors glove.6B.100d.txt`,
    );
  return cmd.action(async (o: PredictOptions) => {
    const log = o.quiet ? () => {} : stderrLog;
    const model = readModel(o.model);
    const { file, pairs } = await inputPairs(o, log);
    if (pairs.length === 0) throw new Error(`${file} holds no sentence pair`);
    let vectors: WordVectors | undefined;
    if (o.vectors) {
      // Only the input's words (and the model's) are kept from the vectors file.
      // The recipe TextPredictor will read with (its defaults for files older than the recipe).
      const recipe = { ...DEFAULT_TEXT_RECIPE, ...model.text, ...(o.tokenizer ? { tokenizer: o.tokenizer } : {}) };
      const tokenize = makeTokenizer(recipe.tokenizer, recipe.lowercase);
      const words = new Set(model.vocabulary);
      const tokensOf = (x: string | string[]) =>
        typeof x === 'string' ? tokenize(x) : x.map((t) => t.toLowerCase());
      for (const p of pairs) for (const t of [...tokensOf(p.a), ...tokensOf(p.b)]) words.add(t);
      vectors = (await loadVectorsFor(o.vectors, words)).vectors;
    }
    let predictor: TextPredictor;
    try {
      predictor = TextPredictor.fromModel(model, {
        vectors,
        text: o.tokenizer ? { tokenizer: o.tokenizer } : {},
      });
    } catch (e) {
      throw new Error(`${o.vectors ? `--vectors ${o.vectors}` : o.model}: ${(e as Error).message}`);
    }
    if (o.mcSamples > 0 && model.config.family === 'none')
      log(
        `note: ${o.model} is a plain RNN (no posterior to sample): --mc-samples is ignored, no uncertainty is reported`,
      );
    try {
      const lines: string[] = [];
      let predictions: ReturnType<TextPredictor['predict']>;
      try {
        predictions = predictor.predict(
          pairs.map((p) => [p.a, p.b] as const),
          { mcSamples: o.mcSamples, seed: o.seed },
        );
      } catch (e) {
        // Name the input line of a pair without tokens.
        const m = /^pair (\d+): (.*)$/.exec((e as Error).message);
        if (m) throw new Error(`${file}:${pairs[Number(m[1]) - 1]?.line}: ${m[2]}`);
        throw e;
      }
      predictions.forEach((p, i) => {
        lines.push(
          JSON.stringify({
            line: pairs[i]?.line,
            probabilities: p.probabilities.map((x) => Number(x.toFixed(6))),
            label: p.label,
            ...(p.labelName !== undefined ? { labelName: p.labelName } : {}),
            expectedScore: Number(p.expectedScore.toFixed(6)),
            unknownTokens: p.unknown,
            ...(p.uncertainty ? { uncertainty: p.uncertainty } : {}),
          }),
        );
      });
      const body = `${lines.join('\n')}\n`;
      if (o.out) {
        await writeOutput(o.out, body);
        log(`${predictions.length} predictions written to ${o.out}`);
      } else process.stdout.write(body);
    } finally {
      predictor.free();
    }
  });
}
