/** The DataError a reader throws (or rejects with), for tests that inspect its file/line/message. */
import { expect } from 'vitest';
import { DataError } from '../src/index.js';

/** Calls `f`, expects it to throw a DataError, and returns it. */
export function thrownDataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

/** Awaits `p`, expects it to reject with a DataError, and returns it. */
export async function rejectedDataError(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}
