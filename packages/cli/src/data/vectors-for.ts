/**
 * The word vectors a corpus or a batch of new pairs needs: only `words` (and the forms they fall
 * back to, `n't` → `not`) are kept from a GloVe/word2vec text file (cached in VB_CACHE_DIR,
 * `.vb-cache` by default) or the wink package, then every word the file lacks borrows its fallback
 * form's vector. Used by the sweep's corpora and by `vb-cli predict`.
 */
import { join } from 'node:path';
import { aliasFallbacks, type WordVectors, withFallbackForms } from '@vb/core';
import { readGlove, readWinkEmbeddings } from '@vb/core/node';

export type LoadedVectors = Awaited<ReturnType<typeof readGlove>>;

export async function loadVectorsFor(
  source: string,
  words: Iterable<string>,
): Promise<{ loaded: LoadedVectors; vectors: WordVectors; aliased: string[] }> {
  const cacheDir = join(process.env.VB_CACHE_DIR ?? '.vb-cache', 'vectors');
  const all = [...words];
  const wanted = withFallbackForms(all);
  const loaded =
    source === 'wink'
      ? await readWinkEmbeddings(wanted, { cacheDir })
      : await readGlove(source, wanted, { cacheDir });
  const { vectors, aliased } = aliasFallbacks(loaded.vectors, all);
  return { loaded, vectors, aliased };
}
