/** The EngineError the engine throws, for tests that check its kind (and, where it matters, its message). */
import { expect } from 'vitest';
import { ENGINE_ERROR_NAMES, EngineError, type EngineErrorCode, isEngineError } from '../src/index.js';

/** Calls `f`, expects it to throw an EngineError of kind `code` (matching `name`), and returns it. */
export function thrownEngineError(f: () => unknown, code: EngineErrorCode): EngineError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    expect(e).toBeInstanceOf(Error);
    expect({ name: (e as EngineError).name, code: (e as EngineError).code }).toEqual({
      name: ENGINE_ERROR_NAMES[code],
      code,
    });
    expect(isEngineError(e, code)).toBe(true);
    return e as EngineError;
  }
  throw new Error(`expected an EngineError with code ${code}`);
}
