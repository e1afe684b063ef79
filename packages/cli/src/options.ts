/** Option parsers for commander that name the option in their error (commander adds the option's name). */
import { isKlWeight, parseDecimal } from '@vb/core';
import { InvalidArgumentError } from 'commander';

/** A parser of decimal numbers (no hex, no empty string, no Infinity) for which `ok` holds. */
function numberOption(ok: (n: number) => boolean, expected: string): (value: string) => number {
  return (value) => {
    const n = parseDecimal(value);
    if (n === undefined || !ok(n)) throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
    return n;
  };
}

export const positiveInt = numberOption((n) => Number.isInteger(n) && n >= 1, 'a positive integer');
export const nonNegativeInt = numberOption((n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0');
export const positiveNumber = numberOption((n) => n > 0, 'a number > 0');
export const nonNegativeNumber = numberOption((n) => n >= 0, 'a number ≥ 0');
/** A KL weight κ (@vb/core's check: finite, ≥ 0). */
export const klWeight = numberOption(isKlWeight, 'a KL weight κ ≥ 0 (1 = the ELBO)');
/** A random seed: an integer 0 ≤ seed ≤ 2^53 − 1 (exact in a JS number; the engine's u64 takes it as is). */
export const seed = numberOption((n) => Number.isSafeInteger(n) && n >= 0, `an integer seed in 0..${Number.MAX_SAFE_INTEGER}`);
/**
 * Points of a pruning-threshold grid: 1..MAX_THRESHOLDS. Each point is one evaluation of the
 * model on a split; a million would take hours and its results would not fit in memory.
 */
export const MAX_THRESHOLDS = 10_000;
export const thresholdCount = numberOption(
  (n) => Number.isInteger(n) && n >= 1 && n <= MAX_THRESHOLDS,
  `an integer in 1..${MAX_THRESHOLDS}`,
);
/** A fraction in (0, 1]. */
export const fraction = numberOption((n) => n > 0 && n <= 1, 'a fraction in (0, 1]');

/** A parser of comma-separated decimal numbers (at least one) for each of which `ok` holds. */
export function numberListOption(ok: (n: number) => boolean, expected: string): (value: string) => number[] {
  return (value) =>
    value.split(',').map((x) => {
      const n = parseDecimal(x.trim());
      if (n === undefined || !ok(n))
        throw new InvalidArgumentError(`expected a comma-separated list of ${expected}, got "${value}"`);
      return n;
    });
}

/** A comma-separated list of numbers ≥ 0, e.g. "1,0.3,0.1". */
export const nonNegativeNumberList = numberListOption((n) => n >= 0, 'numbers ≥ 0');
/** A comma-separated list of KL weights κ, e.g. "1,0.3,0.1". */
export const klWeightList = numberListOption(isKlWeight, 'KL weights κ ≥ 0');
/** A comma-separated list of positive integers, e.g. "16,32,64". */
export const positiveIntList = numberListOption((n) => Number.isInteger(n) && n >= 1, 'positive integers');
/** A comma-separated list of numbers > 0, e.g. "0.01,0.003". */
export const positiveNumberList = numberListOption((n) => n > 0, 'numbers > 0');

const CELLS = ['rnn', 'gru', 'lstm'] as const;
const READOUTS = ['last', 'mean', 'max'] as const;

/** A comma-separated list of encoders `cell/readout`, e.g. "rnn/last,gru/mean,lstm/max". */
export function encoderList(value: string): Array<{ cell: (typeof CELLS)[number]; readout: (typeof READOUTS)[number] }> {
  return value.split(',').map((x) => {
    const [cell, readout, extra] = x.trim().split('/');
    if (
      extra !== undefined ||
      !CELLS.includes(cell as (typeof CELLS)[number]) ||
      !READOUTS.includes(readout as (typeof READOUTS)[number])
    )
      throw new InvalidArgumentError(
        `expected a comma-separated list of cell/readout with cell ∈ {${CELLS.join(', ')}} and readout ∈ {${READOUTS.join(', ')}}, got "${x.trim()}"`,
      );
    return { cell, readout } as { cell: (typeof CELLS)[number]; readout: (typeof READOUTS)[number] };
  });
}
