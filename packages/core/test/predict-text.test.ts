import { describe, expect, it } from 'vitest';
import {
  aliasFallbacks,
  decodeModel,
  encodeModel,
  fallbackForms,
  makeWordVectors,
  modelFromTrainer,
  TextPredictor,
  Trainer,
} from '../src/index.js';

// A model over a 9-word vocabulary (id 0 = <unk>) with 4-dimensional vectors and random weights.
const words = ['<unk>', 'the', 'cat', 'sat', 'on', 'mat', '.', 'not', 'dog'];
const dim = 4;
const table = Float32Array.from({ length: words.length * dim }, (_, i) => (i < dim ? 0 : Math.sin(i * 1.3)));
const trainer = new Trainer(
  { inputDim: dim, hidden: 5, classes: 3, seed: 3, family: 'diagonal', trainSize: 100 },
  table,
);
const bytes = encodeModel(
  modelFromTrainer(trainer, {
    vocabulary: words,
    embeddings: table,
    text: {
      tokenizer: 'ptb',
      lowercase: true,
      maxLength: 6,
      labelNames: ['no', 'maybe', 'yes'],
      scoreRange: [0, 5],
    },
  }),
);
const model = decodeModel(bytes, 'tiny.safetensors');

/** What the engine gives for token ids directly (the reference the text path must match). */
function direct(a: number[], b: number[]): number[] {
  const t = Math.max(a.length, b.length);
  const pad = (x: number[]) => [...x, ...Array(t - x.length).fill(0)];
  const probs = trainer.predict({
    tokens: Uint32Array.from([...pad(a), ...pad(b)]),
    lengths: Uint32Array.from([a.length, b.length]),
    labels: Uint32Array.of(0),
  });
  return Array.from(probs);
}

describe('TextPredictor: tokenise → embed → predict on raw strings', () => {
  it('keeps the recipe in the model file and predicts what the engine predicts for the same ids', () => {
    expect(model.text).toEqual({
      tokenizer: 'ptb',
      lowercase: true,
      maxLength: 6,
      labelNames: ['no', 'maybe', 'yes'],
      scoreRange: [0, 5],
    });
    const p = TextPredictor.fromModel(model);
    const [r] = p.predict([['The cat sat.', 'The dog sat on the mat and more']]);
    // "The cat sat." → the cat sat . ; the second sentence is cut to maxLength 6; "and", "more" unknown.
    const ref = direct([1, 2, 3, 6], [1, 8, 3, 4, 1, 5]);
    for (const [k, x] of (r?.probabilities ?? []).entries()) expect(x).toBeCloseTo(ref[k] as number, 6);
    expect(r?.tokens).toEqual({
      a: ['the', 'cat', 'sat', '.'],
      b: ['the', 'dog', 'sat', 'on', 'the', 'mat'],
    });
    expect(r?.unknown).toBe(0);
    const best = ref.indexOf(Math.max(...ref));
    expect(r?.label).toBe(best);
    expect(r?.labelName).toBe(['no', 'maybe', 'yes'][best]);
    // The classes grade 0..5: class k ↔ 0 + 5·k/2.
    const e = ref.reduce((s, x, k) => s + k * x, 0);
    expect(r?.expectedScore).toBeCloseTo((5 * e) / 2, 5);
    p.free();
  });

  it('reads words outside the vocabulary from given vectors (fallback forms too), and unknown words as zeros without them', () => {
    const vectors = makeWordVectors(
      ['dog', 'not', 'bird'],
      Float32Array.from({ length: 3 * dim }, (_, i) => Math.cos(i)),
      dim,
    );
    const withVectors = TextPredictor.fromModel(model, {
      vectors: aliasFallbacks(vectors, ["n't", 'bird']).vectors,
    });
    const plain = TextPredictor.fromModel(model);
    const [a] = withVectors.predict([["The bird doesn't sit.", 'The cat sat.']]);
    const [b] = plain.predict([["The bird doesn't sit.", 'The cat sat.']]);
    expect(a?.tokens.a).toEqual(['the', 'bird', 'does', "n't", 'sit', '.']);
    expect(a?.unknown).toBe(2); // does, sit
    expect(b?.unknown).toBe(4); // bird, does, n't, sit
    expect(a?.probabilities).not.toEqual(b?.probabilities);
    expect(fallbackForms("n't")).toEqual(['not']);
    withVectors.free();
    plain.free();
  });

  it('with MC samples: averages sampled predictives and splits the entropy into expected entropy + mutual information', () => {
    const p = TextPredictor.fromModel(model);
    const [r] = p.predict([{ a: 'the cat', b: 'the mat' }], { mcSamples: 30, seed: 4 });
    const u = r?.uncertainty;
    expect(u?.samples).toBe(30);
    expect(r?.probabilities.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(u?.entropy).toBeCloseTo((u?.expectedEntropy ?? 0) + (u?.mutualInformation ?? 0), 9);
    expect(u?.mutualInformation).toBeGreaterThan(0);
    expect(u?.std.every((s) => s > 0)).toBe(true);
    // Same seed, same numbers.
    expect(p.predict([{ a: 'the cat', b: 'the mat' }], { mcSamples: 30, seed: 4 })[0]).toEqual(r);
    p.free();
  });

  it('refuses a pair with an empty sentence (naming it) and a bad sample count', () => {
    const p = TextPredictor.fromModel(model);
    expect(() =>
      p.predict([
        ['the cat', 'the mat'],
        ['  ', 'the cat'],
      ]),
    ).toThrow('pair 2: sentence 1 has no token');
    expect(() => p.predict([['the cat', 'the mat']], { mcSamples: -1 })).toThrow(RangeError);
    expect(p.predict([])).toEqual([]);
    p.free();
    p.free();
    expect(() => p.predict([['the cat', 'the mat']])).toThrow('this TextPredictor was freed');
  });

  it('needs vectors of the model’s dimension, and its vectors when the file does not hold them', () => {
    const light = decodeModel(encodeModel(model, { includeEmbeddings: false }));
    expect(() => TextPredictor.fromModel(light)).toThrow('does not hold its word vectors');
    const wrong = makeWordVectors(['cat'], new Float32Array(3), 3);
    expect(() => TextPredictor.fromModel(model, { vectors: wrong })).toThrow(
      'dimension 3, the model reads 4',
    );
  });
});
