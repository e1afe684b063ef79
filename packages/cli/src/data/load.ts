/** Resolves `--data <spec>` into a SweepData. */
import { parseDataSpec } from './spec.js';
import { tableData } from './table.js';
import { UsageError } from '../usage-error.js';
import { builtinData } from './builtin.js';
import type { SweepData } from './loaded.js';
import type { LoadOptions } from './load-options.js';
import { msrpData } from './msrp.js';
import { pitData } from './pit.js';
import { refuseTableOptions } from './refuse.js';

export type { LoadOptions, PairFeatureKind } from './load-options.js';

/** The data `--data <spec>` names; every split holds at least one pair. */
export async function loadSweepData(spec: string, o: LoadOptions): Promise<SweepData> {
  const data = await resolveData(spec, o);
  for (const split of ['train', 'validation', 'test'] as const) {
    if (data[split].size === 0)
      throw new Error(
        `--data ${spec}: the ${split} split of ${data.name} is empty; it needs at least one pair`,
      );
  }
  return data;
}

async function resolveData(text: string, o: LoadOptions): Promise<SweepData> {
  const spec = parseDataSpec(text);
  if (spec.format === 'builtin') {
    refuseTableOptions('builtin', o.table);
    if (o.vectors)
      throw new UsageError(
        '--vectors is only used with real data (--data pit2015:<dir>, msrp:<dir>, csv:<file>, …); the builtin task has its own vectors',
      );
    if ((o.pairFeatures ?? 'none') !== 'none') {
      throw new UsageError(
        `--pair-features ${o.pairFeatures} needs real sentences; the builtin task has token ids only`,
      );
    }
    return builtinData(o.split, o.splitSeed);
  }
  if (!o.vectors) throw new UsageError(`--data ${text} needs --vectors <GloVe file | 'wink'>`);
  switch (spec.format) {
    case 'pit2015':
      return pitData(spec.paths[0] as string, o.vectors, o);
    case 'msrp':
      return msrpData(spec.paths[0] as string, o.vectors, o);
    default:
      return tableData(spec as typeof spec & { format: 'csv' | 'tsv' | 'jsonl' | 'sts' }, o.vectors, o);
  }
}
