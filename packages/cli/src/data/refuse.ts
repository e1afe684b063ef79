/** The known corpora have fixed layouts: the table options (other than `--tokenizer`) do not apply. */
import { UsageError } from '../usage-error.js';
import type { TableOptions } from './table.js';

export function refuseTableOptions(format: 'pit2015' | 'msrp', t: TableOptions | undefined): void {
  const given = Object.entries(t ?? {})
    .filter(([k, v]) => k !== 'tokenizer' && v !== undefined)
    .map(([k]) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (given.length > 0)
    throw new UsageError(
      `${given.join(', ')} ${given.length > 1 ? 'do' : 'does'} not apply to --data ${format}:<dir> (its layout is fixed); to read its files another way use --data tsv:<train>,<validation>,<test>`,
    );
}
