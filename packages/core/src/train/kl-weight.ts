/**
 * The KL weight κ of the objective NLL + κ·KL/N (docs/METHOD.md §3): its default and its check,
 * in one place. κ = 1 is the ELBO; κ < 1 tempers the posterior; κ = 0 is maximum likelihood
 * with noise. Every layer that takes a κ (fit, the CLI's --kl-weight/--kl-weights, the sweep's
 * candidates) uses these; the engine checks its own input again at the WASM boundary.
 */

/** κ = 1: the evidence lower bound. */
export const DEFAULT_KL_WEIGHT = 1;

/** Whether `kappa` is a valid κ: a finite number ≥ 0. */
export function isKlWeight(kappa: number): boolean {
  return Number.isFinite(kappa) && kappa >= 0;
}

/** `kappa`, or a RangeError naming `what` (e.g. `fit: klWeight`). */
export function checkKlWeight(kappa: number, what = 'klWeight'): number {
  if (!isKlWeight(kappa))
    throw new RangeError(`${what} must be a finite number ≥ 0 (κ; 1 = the ELBO), got ${kappa}`);
  return kappa;
}
