/**
 * Predictions on raw sentence pairs from a saved model: tokenise → embed → predict.
 *
 * ```ts
 * const predictor = TextPredictor.fromModel(decodeModel(bytes));
 * const [p] = predictor.predict([['A man plays guitar.', 'Someone is playing a guitar.']], { mcSamples: 20 });
 * p.probabilities;          // K class probabilities (the MC average with mcSamples > 0)
 * p.expectedScore;          // Σ_k k·p_k, mapped to the model's score range when it has one
 * p.uncertainty?.mutualInformation; // epistemic part of the predictive entropy (nats)
 * predictor.free();
 * ```
 */
import { encodePairs } from '../data/encode.js';
import { emptySkipReport } from '../data/errors.js';
import { mixSeed } from '../data/random.js';
import { OVERLAP_FEATURES, overlapFeatures } from '../data/overlap.js';
import { makeTokenizer, type Tokenizer } from '../data/tokenize.js';
import type { PairDataset, SentencePair } from '../data/types.js';
import { UNK_ID, type Vocabulary } from '../data/vocabulary.js';
import { EngineError } from '../engine/errors.js';
import type { Trainer } from '../engine/trainer.js';
import { type SavedModel, trainerFromModel } from '../model/model-file.js';
import type { TextRecipe } from '../model/text-recipe.js';
import { predictSet } from '../train/predict-set.js';
import type { WordVectors } from '../vectors/types.js';
import { requireObject } from '../args.js';

/** The recipe of models saved before it was recorded: the regex tokenizer, lowercased, 40 tokens. */
export const DEFAULT_TEXT_RECIPE: TextRecipe = { tokenizer: 'regex', lowercase: true, maxLength: 40 };

export interface TextPredictorOptions {
  /**
   * Word vectors for words outside the model's vocabulary (the vocabulary holds only the training
   * corpus's words; the embeddings are fixed, so a new word's vector is as good as a known one's).
   */
  vectors?: WordVectors;
  /** Override the model's recipe (e.g. its tokenizer). */
  text?: Partial<TextRecipe>;
}

export interface PredictTextOptions {
  /** 0 (default): the posterior means; S > 0: S posterior samples, averaged, with their spread. */
  mcSamples?: number;
  /** Seed of the samples (default 1). */
  seed?: number;
  /** Keep-mask (default: the model's own, when it was pruned). */
  mask?: Uint8Array;
}

/** The spread of the S sampled predictives (nats for the entropies). */
export interface PredictiveUncertainty {
  samples: number;
  /** Per-class standard deviation of p_k over the samples. */
  std: number[];
  /** H[mean p]: total predictive uncertainty. */
  entropy: number;
  /** mean H[p_s]: the part the model expects even with its weights known (aleatoric). */
  expectedEntropy: number;
  /** H[mean p] − mean H[p_s]: the part due to the uncertain weights (epistemic; BALD). */
  mutualInformation: number;
}

export interface TextPrediction {
  /** Tokens the model read (after lowercasing and truncation). */
  tokens: { a: string[]; b: string[] };
  /** Tokens without a vector (read as the zero `<unk>` row). */
  unknown: number;
  probabilities: number[];
  /** argmax class, and its name when the model has label names. */
  label: number;
  labelName?: string;
  /** Σ_k k·p_k, or lo + (hi − lo)·Σ_k k·p_k/(K − 1) with the model's score range. */
  expectedScore: number;
  uncertainty?: PredictiveUncertainty;
}

function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let k = 0; k < p.length; k++) {
    const x = p[k] as number;
    if (x > 0) h -= x * Math.log(x);
  }
  return h;
}

/** A sentence: raw text, or its tokens (used as given). */
export type Sentence = string | readonly string[];

/** A saved model ready to read raw sentence pairs. Holds engine memory: call {@link free}. */
export class TextPredictor {
  readonly model: SavedModel;
  readonly recipe: TextRecipe;
  readonly #vocabulary: Vocabulary;
  readonly #trainer: Trainer;
  readonly #tokenize: Tokenizer;

  private constructor(model: SavedModel, recipe: TextRecipe, vocabulary: Vocabulary, trainer: Trainer) {
    this.model = model;
    this.recipe = recipe;
    this.#vocabulary = vocabulary;
    this.#trainer = trainer;
    this.#tokenize = makeTokenizer(recipe.tokenizer, recipe.lowercase);
  }

  /**
   * @throws Error when the model file holds no embeddings and no `vectors` are given, or the
   *   vectors' dimension is not the model's.
   */
  static fromModel(model: SavedModel, options: TextPredictorOptions = {}): TextPredictor {
    requireObject(model, 'TextPredictor.fromModel', 'model', 'a SavedModel (decodeModel)');
    const recipe = { ...DEFAULT_TEXT_RECIPE, ...model.text, ...options.text };
    const inputDim = model.config.inputDim;
    const fullDim = model.compaction?.inputDim ?? inputDim;
    const vectors = options.vectors;
    if (vectors && vectors.dim !== fullDim)
      throw new Error(`the word vectors have dimension ${vectors.dim}, the model reads ${fullDim}`);
    const tokens = [...model.vocabulary];
    const columns = model.compaction?.inputColumns;
    // The model's own table (stored, or rebuilt from the vectors), then the vectors' other words.
    let rows: Float32Array;
    if (model.embeddings) rows = model.embeddings;
    else if (vectors) {
      rows = new Float32Array(tokens.length * inputDim);
      tokens.forEach((t, id) => {
        const at = id === UNK_ID ? undefined : vectors.index.get(t);
        if (at !== undefined) rows.set(pick(vectors, at, columns), id * inputDim);
      });
    } else
      throw new Error(
        'the model file does not hold its word vectors (vb-cli train --no-embed-vectors); give the vectors it was trained with (vb-cli predict --vectors)',
      );
    const extra: string[] = [];
    if (vectors) {
      const known = new Set(tokens);
      // The index, not `words`: it also holds the aliases of fallback forms (vectors/fallback.ts).
      for (const w of vectors.index.keys()) if (!known.has(w)) extra.push(w);
    }
    const table = new Float32Array((tokens.length + extra.length) * inputDim);
    table.set(rows.subarray(0, tokens.length * inputDim));
    extra.forEach((w, i) => {
      table.set(
        pick(vectors as WordVectors, vectors?.index.get(w) as number, columns),
        (tokens.length + i) * inputDim,
      );
    });
    const all = [...tokens, ...extra];
    const vocabulary: Vocabulary = { tokens: all, ids: new Map(all.map((t, i) => [t, i])), oov: 'zero' };
    const trainer = trainerFromModel(
      { ...model, vocabulary: all, embeddings: table, compaction: undefined },
      table,
    );
    return new TextPredictor(model, recipe, vocabulary, trainer);
  }

  /** A string through the model's tokenizer; a token list as given (lowercased like the training data). */
  #tokens(s: Sentence): string[] {
    if (typeof s === 'string') return this.#tokenize(s);
    if (Array.isArray(s) && s.every((t) => typeof t === 'string'))
      return s.filter((t) => t.length > 0).map((t) => (this.recipe.lowercase ? t.toLowerCase() : t));
    return [];
  }

  /** Tokens of a sentence as this model reads them (before truncation). */
  tokenize(sentence: string): string[] {
    return this.#tokenize(sentence);
  }

  /**
   * Predictions for sentence pairs (`[a, b]` or `{ a, b }`).
   * @throws RangeError naming the pair when a sentence has no token.
   */
  predict(
    pairs: ReadonlyArray<readonly [Sentence, Sentence] | { a: Sentence; b: Sentence }>,
    options: PredictTextOptions = {},
  ): TextPrediction[] {
    if (this.#trainer.freed)
      throw new EngineError('state', 'this TextPredictor was freed (free() or a using block); create a new one');
    const mc = options.mcSamples ?? 0;
    if (!(Number.isInteger(mc) && mc >= 0 && mc <= 100_000))
      throw new RangeError(`mcSamples must be an integer in 0..100000, got ${mc}`);
    if (pairs.length === 0) return [];
    const sentencePairs: SentencePair[] = pairs.map((p, i) => {
      const [a, b] = Array.isArray(p) ? p : [(p as { a: Sentence }).a, (p as { b: Sentence }).b];
      const ta = this.#tokens(a);
      const tb = this.#tokens(b);
      if (ta.length === 0 || tb.length === 0)
        throw new RangeError(`pair ${i + 1}: sentence ${ta.length === 0 ? 1 : 2} has no token`);
      return { a: ta, b: tb, label: 0, source: { file: '<text>', line: i + 1 } };
    });
    const dataset: PairDataset = {
      name: 'text',
      classes: this.model.config.classes,
      pairs: sentencePairs,
      skipped: emptySkipReport(),
    };
    const encoded = encodePairs(dataset, this.#vocabulary, { maxLength: this.recipe.maxLength });
    const f = this.model.config.pairFeatures ?? 0;
    if (f !== 0 && f !== OVERLAP_FEATURES.length)
      throw new Error(
        `the model reads ${f} pair features; only the ${OVERLAP_FEATURES.length} overlap features are known`,
      );
    const set = f === 0 ? encoded : { ...encoded, features: overlapFeatures(dataset), featureCount: f };
    const k = this.model.config.classes;
    const mask = options.mask ?? this.model.mask;
    const bayesian = this.model.config.family !== 'none';
    const samples: Float32Array[] =
      mc > 0 && bayesian
        ? Array.from({ length: mc }, (_, s) =>
            predictSet(this.#trainer, set, { mask, mcSamples: 1, seed: mixSeed(options.seed ?? 1, s) }),
          )
        : [predictSet(this.#trainer, set, { mask })];
    const unknownOf = (tokens: string[]) =>
      tokens.slice(0, this.recipe.maxLength).filter((t) => (this.#vocabulary.ids.get(t) ?? UNK_ID) === UNK_ID)
        .length;
    return sentencePairs.map((pair, i) => {
      const mean = new Array<number>(k).fill(0);
      for (const s of samples)
        for (let c = 0; c < k; c++) mean[c] = (mean[c] as number) + (s[i * k + c] as number) / samples.length;
      let label = 0;
      for (let c = 1; c < k; c++) if ((mean[c] as number) > (mean[label] as number)) label = c;
      const expected = mean.reduce((acc, p, c) => acc + c * p, 0);
      const range = this.recipe.scoreRange;
      const out: TextPrediction = {
        tokens: { a: pair.a.slice(0, this.recipe.maxLength), b: pair.b.slice(0, this.recipe.maxLength) },
        unknown: unknownOf(pair.a) + unknownOf(pair.b),
        probabilities: mean,
        label,
        expectedScore: range ? scoreOf(expected, k, range, this.recipe.binning) : expected,
      };
      if (this.recipe.labelNames) out.labelName = this.recipe.labelNames[label];
      if (samples.length > 1) {
        const std = mean.map((m, c) =>
          Math.sqrt(
            samples.reduce((acc, s) => acc + ((s[i * k + c] as number) - m) ** 2, 0) / samples.length,
          ),
        );
        const h = entropy(mean);
        const eh =
          samples.reduce((acc, s) => acc + entropy(s.subarray(i * k, (i + 1) * k)), 0) / samples.length;
        out.uncertainty = {
          samples: samples.length,
          std,
          entropy: h,
          expectedEntropy: eh,
          mutualInformation: Math.max(0, h - eh),
        };
      }
      return out;
    });
  }

  /** Releases the engine memory; safe to call twice. */
  free(): void {
    if (!this.#trainer.freed) this.#trainer.free();
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

/**
 * The expected class on the score's scale: `round` binning graded K points lo…hi, so class c is
 * lo + c·(hi − lo)/(K − 1); `floor` cut K equal bins, so class c stands for its bin's centre.
 */
function scoreOf(
  expectedClass: number,
  k: number,
  range: readonly [number, number],
  binning = 'round',
): number {
  const [lo, hi] = range;
  return binning === 'floor'
    ? lo + ((expectedClass + 0.5) * (hi - lo)) / k
    : lo + ((hi - lo) * expectedClass) / (k - 1);
}

/** Row `at` of the vectors, restricted to the compacted model's columns when it has some. */
function pick(vectors: WordVectors, at: number, columns: readonly number[] | undefined): Float32Array {
  const row = vectors.data.subarray(at * vectors.dim, (at + 1) * vectors.dim);
  return columns ? Float32Array.from(columns, (c) => row[c] as number) : row;
}
