//! The scalar Gaussian prior `p(w) = N(μ·1, σ²·I)` and its closed-form empirical-Bayes update.
//!
//! Setting ∂KL(q‖p)/∂μ = ∂KL/∂σ² = 0 gives `μ̂ = mean(m)` and `σ̂² = mean((m − μ̂)² + s²)`.

use serde::{Deserialize, Serialize};

/// Smallest prior variance the update may return: keeps the KL finite if every posterior collapses.
pub const MIN_PRIOR_VARIANCE: f64 = 1e-12;

/// Prior mean μ and variance σ².
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prior {
    pub mean: f64,
    pub variance: f64,
}

/// When the prior is re-estimated: after every gradient step (the seed's algorithm), after every
/// epoch, or never (a fixed prior).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PriorUpdate {
    Step,
    Epoch,
    Fixed,
}

impl Prior {
    /// The prior that minimises KL(q‖p) for posterior means `mean` and stds `std(i)`.
    pub fn closed_form(mean: &[f32], std: impl Fn(usize) -> f32) -> Prior {
        let count = mean.len().max(1) as f64;
        let mu = mean.iter().map(|&x| x as f64).sum::<f64>() / count;
        let var = mean
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let s = std(i) as f64;
                (x as f64 - mu).powi(2) + s * s
            })
            .sum::<f64>()
            / count;
        Prior { mean: mu, variance: var.max(MIN_PRIOR_VARIANCE) }
    }
}
