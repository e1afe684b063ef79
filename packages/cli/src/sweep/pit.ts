/** PIT-2015 for the sweep (wired to @vb/core's readers). */
import type { SweepData } from './data.js';
import type { LoadOptions } from './load.js';

export async function pitData(_dir: string, _vectors: string, _o: LoadOptions): Promise<SweepData> {
  throw new Error('PIT-2015 loading is being wired to @vb/core readers');
}
