import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

/** A public function called without its required arguments names itself and the argument. */
const CALLS: Array<[string, () => unknown, string]> = [
  ['evaluate', () => (core.evaluate as unknown as () => unknown)(), 'evaluate: probs is required'],
  ['fit', () => (core.fit as unknown as () => unknown)(), 'fit: train is required'],
  ['predictSet', () => (core.predictSet as unknown as () => unknown)(), 'predictSet: trainer is required'],
  ['decodeModel', () => (core.decodeModel as unknown as () => unknown)(), 'decodeModel: bytes is required'],
  ['encodeModel', () => (core.encodeModel as unknown as () => unknown)(), 'encodeModel: model is required'],
  [
    'trainerFromModel',
    () => (core.trainerFromModel as unknown as () => unknown)(),
    'trainerFromModel: model is required',
  ],
  [
    'parseDelimited',
    () => (core.parseDelimited as unknown as () => unknown)(),
    'parseDelimited: text must be a string',
  ],
  [
    'parseDelimited options',
    () => (core.parseDelimited as unknown as (t: string) => unknown)('a,b'),
    'parseDelimited: options is required',
  ],
  ['parseJsonl', () => (core.parseJsonl as unknown as () => unknown)(), 'parseJsonl: text must be a string'],
  ['parseSts', () => (core.parseSts as unknown as () => unknown)(), 'parseSts: text must be a string'],
  [
    'parsePit2015',
    () => (core.parsePit2015 as unknown as () => unknown)(),
    'parsePit2015: text must be a string',
  ],
  [
    'parseDataset',
    () => (core.parseDataset as unknown as (t: string) => unknown)(''),
    'parseDataset: spec is required',
  ],
  ['pruneSweep', () => (core.pruneSweep as unknown as () => unknown)(), 'pruneSweep: trainer is required'],
  ['encodePairs', () => (core.encodePairs as unknown as () => unknown)(), 'encodePairs: dataset is required'],
  [
    'buildEmbedding',
    () => (core.buildEmbedding as unknown as () => unknown)(),
    'buildEmbedding: counts is required',
  ],
  [
    'new Trainer',
    () => new (core.Trainer as unknown as new () => unknown)(),
    'new Trainer: config is required',
  ],
  [
    'TextPredictor.fromModel',
    () => (core.TextPredictor.fromModel as unknown as () => unknown)(),
    'TextPredictor.fromModel: model is required',
  ],
];

describe('missing arguments (issue #13)', () => {
  for (const [name, call, message] of CALLS) {
    it(`${name}() names itself and the argument, not "Cannot read properties of undefined"`, async () => {
      let error: unknown;
      try {
        await call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(message);
    });
  }
});
