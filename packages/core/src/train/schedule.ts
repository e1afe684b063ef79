/** Learning-rate schedules and KL annealing, applied between epochs by `fit`. */

/**
 * `constant`; `cosine` (decays to `minFactor`·lr over the run); `step` (×`gamma` every `every`
 * epochs). Epochs are 0-based.
 */
export type LearningRateSchedule =
  | { kind: 'constant' }
  | { kind: 'cosine'; minFactor?: number }
  | { kind: 'step'; every: number; gamma: number };

/** Learning rate for `epoch` of `epochs`. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const min = schedule.minFactor ?? 0.05;
      const progress = epochs <= 1 ? 0 : Math.min(1, epoch / (epochs - 1));
      return base * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
    case 'step':
      return base * schedule.gamma ** Math.floor(epoch / Math.max(1, schedule.every));
  }
}

/** KL weight κ for `epoch`: ramps linearly from 1/(warmup+1) to 1 over `warmup` epochs (0 = off). */
export function klWeightAt(warmupEpochs: number, epoch: number): number {
  if (warmupEpochs <= 0) return 1;
  return Math.min(1, (epoch + 1) / (warmupEpochs + 1));
}
