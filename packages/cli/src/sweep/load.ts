/** Resolves `--data <spec>` into a SweepData. */
import { builtinData, type SweepData } from './data.js';
import { msrpData } from './msrp.js';
import { pitData } from './pit.js';

/**
 * Fixed pair features for the RNN head and the baselines: `none` (the method's model) or
 * `overlap` (@vb/core's 18 lexical-overlap features, real sentences only).
 */
export type PairFeatureKind = 'none' | 'overlap';

export interface LoadOptions {
  vectors?: string;
  /** Default `none`. */
  pairFeatures?: PairFeatureKind;
  protocol: 'pooled' | 'official';
  split: [number, number, number];
  splitSeed: number;
  /** Encode with this vocabulary (a saved model's) instead of building one from the data. */
  vocabulary?: string[];
}

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

async function resolveData(spec: string, o: LoadOptions): Promise<SweepData> {
  const [kind, ...rest] = spec.split(':');
  const arg = rest.join(':');
  switch (kind) {
    case 'builtin':
      if (arg) throw new Error(`--data builtin takes no argument (got "${spec}")`);
      if (o.vectors)
        throw new Error(
          '--vectors is only used with real data (--data pit2015:<dir>); the builtin task has its own vectors',
        );
      if ((o.pairFeatures ?? 'none') !== 'none') {
        throw new Error(
          `--pair-features ${o.pairFeatures} needs real sentences (--data pit2015:<dir>); the builtin task has token ids only`,
        );
      }
      return builtinData(o.split, o.splitSeed);
    case 'pit2015':
      if (!arg)
        throw new Error('--data pit2015:<dir> needs the folder holding dev.data, test.data and test.label');
      if (!o.vectors) throw new Error("--data pit2015 needs --vectors <GloVe file | 'wink'>");
      return pitData(arg, o.vectors, o);
    case 'msrp':
      if (!arg)
        throw new Error('--data msrp:<dir> needs the folder holding train.tsv, validation.tsv and test.tsv');
      if (!o.vectors) throw new Error("--data msrp needs --vectors <GloVe file | 'wink'>");
      return msrpData(arg, o.vectors, o);
    default:
      throw new Error(
        `--data: unknown dataset kind "${kind}"; use 'builtin', 'pit2015:<dir>' or 'msrp:<dir>'`,
      );
  }
}
