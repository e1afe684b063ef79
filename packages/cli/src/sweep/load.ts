/** Resolves `--data <spec>` into a SweepData. */
import { builtinData, type SweepData } from './data.js';
import { pitData } from './pit.js';

export interface LoadOptions {
  vectors?: string;
  protocol: 'pooled' | 'official';
  split: [number, number, number];
  splitSeed: number;
  /** Encode with this vocabulary (a saved model's) instead of building one from the data. */
  vocabulary?: string[];
}

export async function loadSweepData(spec: string, o: LoadOptions): Promise<SweepData> {
  const [kind, ...rest] = spec.split(':');
  const arg = rest.join(':');
  switch (kind) {
    case 'builtin':
      if (arg) throw new Error(`--data builtin takes no argument (got "${spec}")`);
      if (o.vectors) throw new Error('--vectors is only used with real data (--data pit2015:<dir>); the builtin task has its own vectors');
      return builtinData(o.split, o.splitSeed);
    case 'pit2015':
      if (!arg) throw new Error('--data pit2015:<dir> needs the folder holding dev.data, test.data and test.label');
      if (!o.vectors) throw new Error("--data pit2015 needs --vectors <GloVe file | 'wink'>");
      return pitData(arg, o.vectors, o);
    default:
      throw new Error(`--data: unknown dataset kind "${kind}"; use 'builtin' or 'pit2015:<dir>'`);
  }
}
