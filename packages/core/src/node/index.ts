/** @vb/core/node — file-system helpers (reading corpora and vectors from paths, atomic writes). */
export { writeFileAtomic } from './atomic.js';
export {
  type Pit2015Protocol,
  type ReadDatasetSpec,
  type ReadPit2015Options,
  readDataset,
  readPit2015,
  readText,
} from './datasets.js';
export { FileError } from './files.js';
export {
  type CacheInfo,
  type LoadedVectorsFromFile,
  type NoticeHandler,
  type ReadGloveOptions,
  type ReadWinkOptions,
  readGlove,
  readWinkEmbeddings,
  resolveWinkPackage,
  vocabularyHash,
} from './vectors.js';
