/**
 * The rows of the table and how each is trained: the seed's seven (docs/METHOD.md §6) and the
 * priors that make empirical Bayes sparsify (§8), named in the seed's notation "(posterior
 * covariance, prior covariance)": I = scalar, D = diagonal, G = one variance per group (input
 * dimension or hidden unit); sparse VD is the field's reference method (log-uniform prior).
 */
import { BASELINES, type BaselineName } from '../baselines/classifiers.js';
import type { PosteriorFamily } from '@vb/core';
import type { RowModel } from '../training/fit-options.js';

export type RnnRow =
  | 'RNN'
  | 'RNN + variational, I, I'
  | 'RNN + variational, D, I'
  | 'RNN + variational, D, D'
  | 'RNN + variational, D, G'
  | 'RNN + sparse VD, D, log-uniform';
export type RowName = BaselineName | RnnRow;

export const RNN_ROWS: RnnRow[] = [
  'RNN',
  'RNN + variational, I, I',
  'RNN + variational, D, I',
  'RNN + variational, D, D',
  'RNN + variational, D, G',
  'RNN + sparse VD, D, log-uniform',
];
export const ROWS: RowName[] = [...BASELINES, ...RNN_ROWS];

/** The seed's macro-F1 on SemEval-2015 (six classes), for its own seven rows. */
export const SEED_F1: Partial<Record<RowName, number>> = {
  'Logistic Regression': 0.286,
  SVC: 0.29,
  DecisionTreeClassifier: 0.316,
  KNeighborsClassifier: 0.322,
  RNN: 0.362,
  'RNN + variational, I, I': 0.311,
  'RNN + variational, D, I': 0.33,
};

export type { RowModel };

export const ROW_MODEL: Record<RnnRow, RowModel> = {
  RNN: { family: 'none', prior: 'isotropic', stdParam: 'softplus' },
  'RNN + variational, I, I': { family: 'isotropic', prior: 'isotropic', stdParam: 'softplus' },
  'RNN + variational, D, I': { family: 'diagonal', prior: 'isotropic', stdParam: 'softplus' },
  'RNN + variational, D, D': { family: 'diagonal', prior: 'diagonal', stdParam: 'softplus' },
  'RNN + variational, D, G': { family: 'diagonal', prior: 'group', stdParam: 'softplus' },
  // Molchanov et al. 2017: the additive parameterisation (m and log s² optimised directly).
  'RNN + sparse VD, D, log-uniform': { family: 'diagonal', prior: 'logUniform', stdParam: 'logVariance' },
};

/** Posterior family of an RNN row. */
export const FAMILY: Record<RnnRow, PosteriorFamily> = Object.fromEntries(
  RNN_ROWS.map((r) => [r, ROW_MODEL[r].family]),
) as Record<RnnRow, PosteriorFamily>;

export function isRnnRow(row: RowName): row is RnnRow {
  return (RNN_ROWS as string[]).includes(row);
}

/** A stable, file-name-safe id for one run. */
export function runId(row: RowName, seed: number): string {
  return `${row
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/-+$/, '')
    .toLowerCase()}.seed${seed}`;
}
