/** @vb/core/node — file-system helpers (reading corpora and vectors from paths, atomic writes). */
export {};
