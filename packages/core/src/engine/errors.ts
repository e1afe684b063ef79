/**
 * Typed engine errors. Everything the engine refuses is thrown as an {@link EngineError}: a real
 * `Error` whose `code` says what kind of problem it is, so callers branch on the kind instead of
 * matching message text (the message stays the engine's readable explanation).
 *
 * | `code` | `name` | meaning | what to do |
 * |---|---|---|---|
 * | `config` | `VbConfigError` | a setting is out of range or inconsistent (`samples: 0`, an unknown key, `mcSamples: -1`, a model too large) | change the setting |
 * | `shape` | `VbShapeError` | an input array has the wrong size or content (batch, features, labels, mask, an unknown token id, NaN in the embedding table) | fix the data |
 * | `non-finite` | `VbNonFiniteError` | training produced NaN/∞; the step changed nothing | lower the learning rate, clip gradients |
 * | `state` | `VbStateError` | a checkpoint or parameter vector does not fit this trainer, the trainer was freed, or the engine is not loaded | use a matching checkpoint / a new trainer / `init()` |
 *
 * ```ts
 * try {
 *   trainer.step(batch);
 * } catch (e) {
 *   if (isEngineError(e, 'non-finite')) trainer.setLearningRate(lr / 2);
 *   else throw e;
 * }
 * ```
 *
 * How the kind crosses the WASM boundary: the binding (crates/vb-wasm) builds each error from the
 * Rust `VbError` variant, sets `name` and a `code` property on it, and `Trainer` re-throws it as an
 * `EngineError` (same message) so `instanceof` works. Nothing is parsed from the message.
 */

/** The kind of an engine error. */
export type EngineErrorCode = 'config' | 'shape' | 'non-finite' | 'state';

/** The `name` of an engine error, one per {@link EngineErrorCode}. */
export type EngineErrorName = 'VbConfigError' | 'VbShapeError' | 'VbNonFiniteError' | 'VbStateError';

/** The error name of each code. */
export const ENGINE_ERROR_NAMES: Readonly<Record<EngineErrorCode, EngineErrorName>> = Object.freeze({
  config: 'VbConfigError',
  shape: 'VbShapeError',
  'non-finite': 'VbNonFiniteError',
  state: 'VbStateError',
});

function isEngineErrorCode(x: unknown): x is EngineErrorCode {
  return typeof x === 'string' && Object.hasOwn(ENGINE_ERROR_NAMES, x);
}

/** An error the engine threw: `code` is its kind, `name` the matching `Vb…Error`. */
export class EngineError extends Error {
  override readonly name: EngineErrorName;
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = ENGINE_ERROR_NAMES[code];
  }
}

/**
 * Whether `e` is an engine error (of kind `code`, when given). Besides `EngineError` instances it
 * accepts any `Error` whose `code` and `name` match — such as one thrown by the raw WASM module
 * or by another copy of this package.
 */
export function isEngineError(e: unknown, code?: EngineErrorCode): e is EngineError {
  if (!(e instanceof Error)) return false;
  const c = (e as { code?: unknown }).code;
  return isEngineErrorCode(c) && e.name === ENGINE_ERROR_NAMES[c] && (code === undefined || c === code);
}

/** What the WASM binding threw, as an `EngineError` when it carries an engine kind; else unchanged. */
export function toEngineError(e: unknown): unknown {
  if (e instanceof EngineError || !isEngineError(e)) return e;
  return new EngineError(e.code, e.message);
}
