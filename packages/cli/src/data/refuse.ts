/**
 * The data without a table to read — the builtin task, and the known corpora with fixed layouts —
 * refuse the table-reading options (the corpora still take `--tokenizer`).
 */
import { UsageError } from '../usage-error.js';
import type { TableOptions } from './table.js';

/** `--score-range` for the attribute `scoreRange`. */
export function optionFlag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function refuseTableOptions(
  format: 'builtin' | 'pit2015' | 'msrp',
  t: TableOptions | undefined,
): void {
  const given = Object.entries(t ?? {})
    .filter(([k, v]) => (format === 'builtin' || k !== 'tokenizer') && v !== undefined)
    .map(([k]) => optionFlag(k));
  if (given.length === 0) return;
  const verb = given.length > 1 ? 'do' : 'does';
  if (format === 'builtin')
    throw new UsageError(
      `${given.join(', ')} ${verb} not apply to --data builtin (the synthetic task has no files to read)`,
    );
  throw new UsageError(
    `${given.join(', ')} ${verb} not apply to --data ${format}:<dir> (its layout is fixed); to read its files another way use --data tsv:<train>,<validation>,<test>`,
  );
}
