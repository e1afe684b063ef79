/** Validation metrics computed by `fit` after each epoch. */
import type { Trainer } from '../engine/trainer.js';
import { evaluate } from '../metrics/index.js';
import type { ValidationRecord } from './history.js';
import type { PairSet } from './pair-set.js';
import { predictSet } from './predict-set.js';

/** NLL, accuracy and macro-F1 of the posterior-mean network on `set`. */
export function validate(trainer: Trainer, set: PairSet): ValidationRecord {
  const probs = predictSet(trainer, set);
  const m = evaluate(probs, set.labels, { classes: trainer.config.classes });
  return { nll: -m.meanLogLikelihood, accuracy: m.accuracy, macroF1: m.macroF1 };
}
