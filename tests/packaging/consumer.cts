// A CommonJS TypeScript file (module node20/nodenext: TypeScript knows Node require()s ES modules).
import { type FitResult, fit, plantedTeacher } from '@vb/core';
import { readGlove } from '@vb/core/node';

export async function train(): Promise<FitResult> {
  const data = plantedTeacher({ pairs: 100, seed: 1 });
  void readGlove;
  return fit(data.set, { embeddings: data.embeddings, engine: { inputDim: data.inputDim }, epochs: 1 });
}
