/** The rows of the seed's table (docs/METHOD.md §6) and how each is trained. */
import type { PosteriorFamily } from '@vb/core';
import { BASELINES, type BaselineName } from '../baselines/classifiers.js';

export type RnnRow = 'RNN' | 'RNN + variational, I, I' | 'RNN + variational, D, I';
export type RowName = BaselineName | RnnRow;

export const RNN_ROWS: RnnRow[] = ['RNN', 'RNN + variational, I, I', 'RNN + variational, D, I'];
export const ROWS: RowName[] = [...BASELINES, ...RNN_ROWS];

/** The seed's macro-F1 on SemEval-2015 (six classes). */
export const SEED_F1: Record<RowName, number> = {
  'Logistic Regression': 0.286,
  SVC: 0.29,
  DecisionTreeClassifier: 0.316,
  KNeighborsClassifier: 0.322,
  RNN: 0.362,
  'RNN + variational, I, I': 0.311,
  'RNN + variational, D, I': 0.33,
};

/** Posterior family of an RNN row: plain (none), I (isotropic), D (diagonal); the prior is always I. */
export const FAMILY: Record<RnnRow, PosteriorFamily> = {
  RNN: 'none',
  'RNN + variational, I, I': 'isotropic',
  'RNN + variational, D, I': 'diagonal',
};

export function isRnnRow(row: RowName): row is RnnRow {
  return (RNN_ROWS as string[]).includes(row);
}

/** A stable, file-name-safe id for one run. */
export function runId(row: RowName, seed: number): string {
  return `${row.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '').toLowerCase()}.seed${seed}`;
}
