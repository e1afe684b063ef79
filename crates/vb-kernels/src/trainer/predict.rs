//! Prediction: class probabilities with the posterior means, optionally pruned by a keep-mask, or
//! averaged over Monte-Carlo samples of the posterior.

use super::Trainer;
use crate::error::{Result, VbError};
use crate::model::Weights;
use crate::rng::Rng;

/// The most Monte-Carlo samples of one prediction.
pub const MAX_MC_SAMPLES: usize = 100_000;

/// Options of [`Trainer::predict`].
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalOptions<'a> {
    /// Keep-mask over the weights (1 keep, 0 prune); `None` keeps all.
    pub mask: Option<&'a [u8]>,
    /// 0: use the posterior means; S′ > 0: average the predictive over S′ posterior samples.
    pub mc_samples: usize,
    /// Seed of the Monte-Carlo samples (evaluation never touches the training RNG).
    pub seed: u64,
}

impl Trainer {
    /// Class probabilities (`B × K`, row-major) for a batch of pairs, labels not needed.
    pub fn predict(
        &mut self,
        tokens: &[u32],
        lengths: &[u32],
        features: &[f32],
        options: &EvalOptions,
    ) -> Result<Vec<f32>> {
        if options.mc_samples > MAX_MC_SAMPLES {
            return Err(VbError::Config(format!("mcSamples: at most {MAX_MC_SAMPLES}, got {}", options.mc_samples)));
        }
        let batch = self.batch(tokens, lengths, features, None)?;
        let p = self.param_count();
        if let Some(mask) = options.mask {
            if mask.len() != p {
                return Err(VbError::Config(format!("mask has {} entries, the model has {p} weights", mask.len())));
            }
        }
        let k = self.dims.classes;
        self.ws.prepare(&self.dims, &batch, &self.embeddings);
        let apply_mask = |w: &mut [f32]| {
            if let Some(mask) = options.mask {
                w.iter_mut().zip(mask).for_each(|(x, &keep)| {
                    if keep == 0 {
                        *x = 0.0
                    }
                });
            }
        };
        let mut out = vec![0f32; batch.pairs * k];
        let mut weights = self.params[..p].to_vec();
        if options.mc_samples == 0 || !self.config.family.is_bayesian() {
            apply_mask(&mut weights);
            self.ws.forward(&self.dims, &Weights::split(&self.dims, &weights));
            for (o, lp) in out.iter_mut().zip(self.ws.log_probs()) {
                *o = crate::vmath::expf(*lp);
            }
            return Ok(out);
        }
        let mut rng = Rng::new(options.seed);
        let stds = self.stds();
        let inv = 1.0 / options.mc_samples as f64;
        let mut acc = vec![0f64; out.len()];
        for _ in 0..options.mc_samples {
            for i in 0..p {
                weights[i] = self.params[i] + stds[i] * rng.normal() as f32;
            }
            apply_mask(&mut weights);
            self.ws.forward(&self.dims, &Weights::split(&self.dims, &weights));
            for (a, lp) in acc.iter_mut().zip(self.ws.log_probs()) {
                *a += (crate::vmath::expf(*lp) as f64) * inv;
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a as f32;
        }
        Ok(out)
    }
}
