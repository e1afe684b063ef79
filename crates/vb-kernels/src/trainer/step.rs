//! One optimisation step: the loss and its gradient on a minibatch (with fresh or given noise),
//! gradient clipping, and the optimiser update adopted only when every value stays finite.

use super::{Trainer, TrainerConfig};
use crate::error::{Result, VbError};
use crate::model::Dims;
use crate::objective::{evaluate, Family, LossTerms, ObjectiveSpec};
use crate::prior::{PriorState, PriorUpdate};
use serde::Serialize;

/// What one step reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepStats {
    /// Steps completed (this one included).
    pub step: u64,
    pub loss: f64,
    pub nll: f64,
    pub kl: f64,
    pub penalty: f64,
    /// Global gradient norm before clipping.
    pub grad_norm: f64,
    pub clipped: bool,
    pub prior_mean: f64,
    pub prior_variance: f64,
}

impl Trainer {
    /// ‖∂loss/∂‖ per tensor of the last step: W, U, b, V, c for the means, then for ρ
    /// (per tensor for `diagonal`, one entry for `isotropic`).
    pub fn last_grad_norms(&self) -> &[f64] {
        &self.last_grad_norms
    }

    /// Loss and gradient for fixed noise, without updating anything (tests, gradient checks).
    /// `noise` holds `samples × P` standard normals.
    #[allow(clippy::too_many_arguments)]
    pub fn loss_and_gradient(
        &mut self,
        tokens: &[u32],
        lengths: &[u32],
        features: &[f32],
        labels: &[u32],
        noise: &[f32],
        samples: usize,
    ) -> Result<(LossTerms, Vec<f32>)> {
        let batch = self.batch(tokens, lengths, features, Some(labels))?;
        let p = self.param_count();
        if self.config.family.is_bayesian() && noise.len() != samples * p {
            return Err(VbError::Config(format!(
                "noise has {} values, expected samples × P = {}",
                noise.len(),
                samples * p
            )));
        }
        self.ws.prepare(&self.dims, &batch, &self.embeddings);
        self.refresh_post();
        let spec = objective_spec(&self.config, &self.dims, &self.prior);
        let mut grad = vec![0.0; self.params.len()];
        let terms = evaluate(
            &spec,
            &mut self.ws,
            labels,
            &self.params,
            &self.post,
            noise,
            samples,
            &mut self.scratch,
            &mut grad,
        );
        Ok((terms, grad))
    }

    /// One optimisation step on a minibatch (see `Batch` for the layout). On a non-finite loss or
    /// gradient it returns `VbError::NonFinite` and leaves every parameter unchanged.
    pub fn step(&mut self, tokens: &[u32], lengths: &[u32], features: &[f32], labels: &[u32]) -> Result<StepStats> {
        let batch = self.batch(tokens, lengths, features, Some(labels))?;
        let p = self.param_count();
        let samples = self.config.samples;
        self.ws.prepare(&self.dims, &batch, &self.embeddings);
        if self.config.family.is_bayesian() {
            self.noise.resize(samples * p, 0.0);
            self.rng.fill_normal(&mut self.noise);
        }
        self.refresh_post();
        let spec = objective_spec(&self.config, &self.dims, &self.prior);
        let terms = evaluate(
            &spec,
            &mut self.ws,
            labels,
            &self.params,
            &self.post,
            &self.noise,
            samples,
            &mut self.scratch,
            &mut self.grad,
        );
        let step = self.step + 1;
        if !terms.loss.is_finite() {
            let tensor = if terms.nll.is_finite() { "KL" } else { "NLL" };
            return Err(VbError::NonFinite { step, tensor: tensor.into(), quantity: "loss" });
        }
        self.last_grad_norms = self.grad_norms();
        if let Some(bad) = self.first_non_finite(&self.grad) {
            return Err(VbError::NonFinite { step, tensor: bad, quantity: "gradient" });
        }
        let norm = self.grad.iter().map(|g| (*g as f64).powi(2)).sum::<f64>().sqrt();
        let clipped = self.config.clip_norm > 0.0 && norm > self.config.clip_norm as f64;
        if clipped {
            let scale = (self.config.clip_norm as f64 / norm) as f32;
            self.grad.iter_mut().for_each(|g| *g *= scale);
        }
        // The update is computed beside the current state and adopted only if it is finite.
        self.optimizer.update_into(
            self.config.learning_rate,
            &self.params,
            &self.grad,
            &mut self.next_optimizer,
            &mut self.next_params,
        );
        if let Some(bad) = self.first_non_finite(&self.next_params) {
            return Err(VbError::NonFinite { step, tensor: bad, quantity: "parameter after the update" });
        }
        std::mem::swap(&mut self.params, &mut self.next_params);
        std::mem::swap(&mut self.optimizer, &mut self.next_optimizer);
        self.post_valid = false;
        self.step = step;
        if self.config.prior_update == PriorUpdate::Step && self.config.family.is_bayesian() {
            self.update_prior();
        }
        Ok(StepStats {
            step,
            loss: terms.loss,
            nll: terms.nll,
            kl: terms.kl,
            penalty: terms.penalty,
            grad_norm: norm,
            clipped,
            prior_mean: self.prior.summary().mean,
            prior_variance: self.prior.summary().variance,
        })
    }

    /// Name of the first tensor (e.g. `"U (mean)"`, `"V (std)"`) holding a non-finite value.
    pub(super) fn first_non_finite(&self, v: &[f32]) -> Option<String> {
        let p = self.param_count();
        let i = v.iter().position(|x| !x.is_finite())?;
        Some(if i < p {
            format!("{} (mean)", self.dims.tensor_of(i).name)
        } else if self.config.family == Family::Isotropic {
            "β (shared std)".to_string()
        } else {
            format!("{} (std)", self.dims.tensor_of(i - p).name)
        })
    }

    pub(super) fn grad_norms(&self) -> Vec<f64> {
        let p = self.param_count();
        let norm = |s: &[f32]| s.iter().map(|g| (*g as f64).powi(2)).sum::<f64>().sqrt();
        let mut out: Vec<f64> = self.dims.tensors().iter().map(|t| norm(&self.grad[t.range()])).collect();
        match self.config.family {
            Family::Diagonal => {
                out.extend(self.dims.tensors().iter().map(|t| norm(&self.grad[p + t.offset..p + t.offset + t.len()])))
            }
            Family::Isotropic => out.push(norm(&self.grad[p..])),
            Family::None => {}
        }
        out
    }
}

fn objective_spec<'a>(config: &TrainerConfig, dims: &'a Dims, prior: &'a PriorState) -> ObjectiveSpec<'a> {
    ObjectiveSpec {
        dims,
        family: config.family,
        prior,
        train_size: config.train_size,
        kl_weight: config.kl_weight as f64,
        l2: config.l2 as f64,
    }
}
