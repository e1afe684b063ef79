/**
 * The built-in task, generated once at build time: `plantedTeacher()` (what vb-cli calls
 * `builtin`) runs in Node when Vite builds the page (vite.config.ts), and its pairs, labels and
 * word vectors ship inside the engine worker as base64 — so the page does not spend the ~0.4 s
 * the generation takes (30 rounds of teacher predictions) before it is usable. Same code, same
 * seed: the same data as `plantedTeacher()` (the browser test checks the training loss against
 * Node's on it).
 */
import type { PairSet, PlantedTeacherData } from '@vb/core';

export interface BuiltinTask {
  set: PairSet;
  vocabulary: string[];
  embeddings: Float32Array;
  inputDim: number;
  classes: number;
  options: PlantedTeacherData['options'];
  planted: PlantedTeacherData['planted'];
}

/** What the build embeds: typed arrays as base64, the rest as JSON. */
export interface EncodedBuiltinTask {
  meta: {
    size: number;
    maxLength: number;
    vocabSize: number;
    inputDim: number;
    classes: number;
    options: PlantedTeacherData['options'];
    planted: PlantedTeacherData['planted'];
  };
  tokensA: string;
  tokensB: string;
  lengthsA: string;
  lengthsB: string;
  labels: string;
  embeddings: string;
}

const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** At build time (Node). */
export function encodeBuiltinTask(d: PlantedTeacherData): EncodedBuiltinTask {
  const s = d.set;
  if (d.vocabulary.length > 0xffff || d.set.maxLength > 0xff || d.classes > 0xff)
    throw new Error(
      'the built-in task is larger than its compact encoding (u16 tokens, u8 lengths and labels)',
    );
  return {
    meta: {
      size: s.size,
      maxLength: s.maxLength,
      vocabSize: d.vocabulary.length,
      inputDim: d.inputDim,
      classes: d.classes,
      options: d.options,
      planted: d.planted,
    },
    tokensA: toBase64(bytesOf(Uint16Array.from(s.tokensA))),
    tokensB: toBase64(bytesOf(Uint16Array.from(s.tokensB))),
    lengthsA: toBase64(Uint8Array.from(s.lengthsA)),
    lengthsB: toBase64(Uint8Array.from(s.lengthsB)),
    labels: toBase64(Uint8Array.from(s.labels)),
    embeddings: toBase64(bytesOf(d.embeddings)),
  };
}

/** In the worker. */
export function decodeBuiltinTask(e: EncodedBuiltinTask): BuiltinTask {
  const m = e.meta;
  const u16 = (b: string) => Uint32Array.from(new Uint16Array(fromBase64(b).buffer));
  const u8 = (b: string) => Uint32Array.from(fromBase64(b));
  const set: PairSet = {
    size: m.size,
    maxLength: m.maxLength,
    tokensA: u16(e.tokensA),
    tokensB: u16(e.tokensB),
    lengthsA: u8(e.lengthsA),
    lengthsB: u8(e.lengthsB),
    labels: u8(e.labels),
  };
  return {
    set,
    vocabulary: Array.from({ length: m.vocabSize }, (_, i) => `w${i}`),
    embeddings: new Float32Array(fromBase64(e.embeddings).buffer),
    inputDim: m.inputDim,
    classes: m.classes,
    options: m.options,
    planted: m.planted,
  };
}
