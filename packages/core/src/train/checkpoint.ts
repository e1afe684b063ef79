/**
 * Fit checkpoints: everything needed to resume an interrupted `fit` exactly — the engine state
 * (parameters, optimiser moments, prior, RNG), the history and the best
 * state kept for early stopping — as one byte array.
 *
 * Layout: `"VBFC"` | u32 version | u32 JSON length | JSON | engine state | best engine state.
 */
import type { EpochRecord } from './history.js';

export interface FitCheckpoint {
  /** Epochs completed. */
  epoch: number;
  history: EpochRecord[];
  trainerState: Uint8Array;
  best?: { epoch: number; score: number; trainerState: Uint8Array };
  /** Epochs in a row that met the convergence tolerance / did not improve validation. */
  convergedStreak: number;
  staleEpochs: number;
}

const MAGIC = [0x56, 0x42, 0x46, 0x43]; // "VBFC"
const VERSION = 1;

export function encodeCheckpoint(c: FitCheckpoint): Uint8Array {
  const meta = {
    epoch: c.epoch,
    history: c.history,
    convergedStreak: c.convergedStreak,
    staleEpochs: c.staleEpochs,
    stateLength: c.trainerState.length,
    best: c.best ? { epoch: c.best.epoch, score: c.best.score, stateLength: c.best.trainerState.length } : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const bestLen = c.best?.trainerState.length ?? 0;
  const out = new Uint8Array(12 + json.length + c.trainerState.length + bestLen);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(c.trainerState, 12 + json.length);
  if (c.best) out.set(c.best.trainerState, 12 + json.length + c.trainerState.length);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): FitCheckpoint {
  const fail = (why: string): never => {
    throw new Error(`invalid fit checkpoint: ${why}`);
  };
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) fail('bad magic (not a vb fit checkpoint)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) fail(`version ${version}, this build reads version ${VERSION}`);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length) fail('truncated header');
  let meta: {
    epoch: number;
    history: EpochRecord[];
    convergedStreak: number;
    staleEpochs: number;
    stateLength: number;
    best: { epoch: number; score: number; stateLength: number } | null;
  };
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength)));
  } catch (e) {
    return fail(`header is not JSON (${(e as Error).message})`);
  }
  const start = 12 + jsonLength;
  const bestLength = meta.best?.stateLength ?? 0;
  if (start + meta.stateLength + bestLength !== bytes.length) fail('length mismatch (truncated or padded)');
  const copy = (a: number, b: number) => Uint8Array.prototype.slice.call(bytes, a, b); // never a Buffer view
  const trainerState = copy(start, start + meta.stateLength);
  const checkpoint: FitCheckpoint = {
    epoch: meta.epoch,
    history: meta.history,
    convergedStreak: meta.convergedStreak,
    staleEpochs: meta.staleEpochs,
    trainerState,
  };
  if (meta.best) {
    const s = start + meta.stateLength;
    checkpoint.best = { epoch: meta.best.epoch, score: meta.best.score, trainerState: copy(s, s + bestLength) };
  }
  return checkpoint;
}
