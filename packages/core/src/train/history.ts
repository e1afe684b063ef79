/** What `fit` records per epoch. */

/** Metrics on the validation set after an epoch. */
export interface ValidationRecord {
  /** Mean negative log-likelihood per pair (posterior means). */
  nll: number;
  accuracy: number;
  macroF1: number;
}

/** One epoch of training. Loss terms are means over the epoch's steps, per pair. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Training loss per pair: nll + κ·KL/N (the negative ELBO at κ = 1), or nll + the L2 penalty for the plain RNN. */
  loss: number;
  nll: number;
  /** KL(q‖p) over all weights, at the end of the epoch's last step. */
  kl: number;
  penalty: number;
  priorMean: number;
  priorVariance: number;
  learningRate: number;
  klWeight: number;
  steps: number;
  seconds: number;
  validation?: ValidationRecord;
}
