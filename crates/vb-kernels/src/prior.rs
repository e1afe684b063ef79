//! The prior families and their closed-form empirical-Bayes updates: the seed's scalar Gaussian
//! `p(w) = N(μ·1, σ²·I)` ([`Prior`]) and the per-tensor, per-group (G) and per-weight (D, ARD)
//! Gaussians and the log-uniform prior of sparse variational dropout ([`PriorState`]).
//!
//! Scalar prior: setting ∂KL(q‖p)/∂μ = ∂KL/∂σ² = 0 gives `μ̂ = mean(m)` and `σ̂² = mean((m − μ̂)² + s²)`.

use crate::error::{Result, VbError};
use crate::groups::GroupLayout;
use crate::log_uniform;
use crate::model::Dims;
use crate::objective::{add_kl_gradient_cached, kl_divergence_cached, Family, PosteriorStd};
use crate::vmath;
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

/// Which prior `p(w)` the KL is taken against (μ = 0 for every family but `isotropic`):
/// - `isotropic` (I, the seed's): `N(μ·1, σ²·I)`, one mean and one variance for all weights;
/// - `tensor`: one variance per tensor W, U, b, V, c;
/// - `group` (G): one variance per input dimension and per hidden unit ([`crate::groups`]);
/// - `diagonal` (D, ARD): one variance per weight;
/// - `logUniform`: the improper log-uniform prior of sparse variational dropout (no parameters;
///   KL by the approximation of Molchanov et al. 2017, see [`crate::log_uniform`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PriorFamily {
    Isotropic,
    Tensor,
    Group,
    Diagonal,
    LogUniform,
}

/// The prior of one model: its family and current parameters.
///
/// For `tensor`, `group` and `diagonal`, `variances` holds one σ² per group (per weight for
/// `diagonal`); the grouped families keep the per-weight expansion beside it, and all three keep
/// `Σ_i ln σ²_{g(i)}`, so the KL costs no logarithm per weight.
#[derive(Clone, Debug, PartialEq)]
pub struct PriorState {
    family: PriorFamily,
    /// μ and σ² of the `isotropic` family (unused by the others).
    scalar: Prior,
    layout: Option<GroupLayout>,
    variances: Vec<f64>,
    /// σ² of every weight for `tensor` and `group` (`diagonal` reads `variances` directly).
    weight_var: Vec<f64>,
    sum_ln_var: f64,
    /// Number of weights P.
    weights: usize,
}

impl PriorState {
    /// The prior of `family` for a model of shape `dims`, every variance `initial.variance`
    /// (the mean `initial.mean` is used by `isotropic` only).
    pub fn new(family: PriorFamily, dims: &Dims, initial: Prior) -> PriorState {
        let p = dims.param_count();
        let layout = match family {
            PriorFamily::Tensor => Some(GroupLayout::per_tensor(dims)),
            PriorFamily::Group => Some(GroupLayout::per_node(dims)),
            _ => None,
        };
        let groups = match family {
            PriorFamily::Isotropic | PriorFamily::LogUniform => 0,
            PriorFamily::Diagonal => p,
            _ => layout.as_ref().map_or(0, GroupLayout::count),
        };
        let mut state = PriorState {
            family,
            scalar: initial,
            layout,
            variances: vec![initial.variance; groups],
            weight_var: Vec::new(),
            sum_ln_var: 0.0,
            weights: p,
        };
        state.expand();
        state
    }

    pub fn family(&self) -> PriorFamily {
        self.family
    }

    /// One σ² per group (empty for `isotropic` and `logUniform`).
    pub fn variances(&self) -> &[f64] {
        &self.variances
    }

    /// The group of every weight for `tensor` and `group` (None otherwise).
    pub fn layout(&self) -> Option<&GroupLayout> {
        self.layout.as_ref()
    }

    /// σ² of every weight (`isotropic`: the shared σ²; `logUniform`: empty).
    pub fn weight_variances(&self) -> Vec<f64> {
        match self.family {
            PriorFamily::Isotropic => vec![self.scalar.variance; self.weights],
            _ => self.per_weight().to_vec(),
        }
    }

    /// σ² of every weight of the `tensor`, `group` and `diagonal` families (empty otherwise).
    fn per_weight(&self) -> &[f64] {
        if self.family == PriorFamily::Diagonal {
            &self.variances
        } else {
            &self.weight_var
        }
    }

    /// μ and σ² for `isotropic`; for the other empirical-Bayes families μ = 0 and σ² = the mean
    /// of the per-weight variances; for `logUniform` (no variance) μ = σ² = 0.
    pub fn summary(&self) -> Prior {
        match self.family {
            PriorFamily::Isotropic => self.scalar,
            PriorFamily::LogUniform => Prior { mean: 0.0, variance: 0.0 },
            _ => {
                let v = self.per_weight();
                let n = v.len().max(1) as f64;
                let sum = v.iter().sum::<f64>();
                // The sum overflows only for variances near f64::MAX: then average term by term.
                let variance = if sum.is_finite() { sum / n } else { v.iter().map(|x| x / n).sum() };
                Prior { mean: 0.0, variance }
            }
        }
    }

    /// Sets every variance to `prior.variance` (and μ for `isotropic`; the others need μ = 0).
    pub fn set_scalar(&mut self, prior: Prior) -> Result<()> {
        if !(prior.variance > 0.0 && prior.variance.is_finite() && prior.mean.is_finite()) {
            return Err(VbError::Config(format!("prior: need finite mean and variance > 0, got {prior:?}")));
        }
        match self.family {
            PriorFamily::Isotropic => self.scalar = prior,
            PriorFamily::LogUniform => {
                return Err(VbError::Config("prior: the log-uniform prior has no mean or variance to set".into()))
            }
            _ => {
                if prior.mean != 0.0 {
                    return Err(VbError::Config(format!(
                        "prior: the {:?} prior has mean 0, got mean {}",
                        self.family, prior.mean
                    )));
                }
                self.variances.fill(prior.variance);
                self.expand();
            }
        }
        Ok(())
    }

    /// Sets the per-group variances (length and values checked).
    pub fn set_variances(&mut self, variances: &[f64]) -> Result<()> {
        if variances.len() != self.variances.len() {
            return Err(VbError::Config(format!(
                "prior variances: got {} values, the {:?} prior has {}",
                variances.len(),
                self.family,
                self.variances.len()
            )));
        }
        if let Some(i) = variances.iter().position(|v| !(*v > 0.0 && v.is_finite())) {
            return Err(VbError::Config(format!("prior variances: value {i} is {}, need finite > 0", variances[i])));
        }
        self.variances.copy_from_slice(variances);
        self.expand();
        Ok(())
    }

    /// Recomputes the per-weight variances and `Σ ln σ²` from the per-group ones.
    fn expand(&mut self) {
        match (&self.layout, self.family) {
            (Some(layout), _) => {
                self.weight_var = layout.group_of.iter().map(|&g| self.variances[g as usize]).collect();
                self.sum_ln_var =
                    self.variances.iter().zip(&layout.sizes).map(|(&v, &c)| c as f64 * vmath::ln(v)).sum();
            }
            (None, PriorFamily::Diagonal) => {
                self.sum_ln_var = self.variances.iter().map(|&v| vmath::ln(v)).sum();
            }
            _ => {}
        }
    }

    /// The closed-form empirical-Bayes update: the prior that minimises KL(q‖p) for posterior
    /// means `mean` and stds `std(i)` — `isotropic`: μ̂ = mean(m), σ̂² = mean((m − μ̂)² + s²);
    /// the others (μ = 0): σ̂²_g = mean over group g of (m² + s²). `logUniform`: nothing to update.
    pub fn update(&mut self, mean: &[f32], std: impl Fn(usize) -> f32) {
        match self.family {
            PriorFamily::Isotropic => self.scalar = Prior::closed_form(mean, std),
            PriorFamily::LogUniform => {}
            PriorFamily::Diagonal => {
                for (i, (v, &m)) in self.variances.iter_mut().zip(mean).enumerate() {
                    let s = std(i) as f64;
                    *v = (m as f64 * m as f64 + s * s).max(MIN_PRIOR_VARIANCE);
                }
                self.expand();
            }
            PriorFamily::Tensor | PriorFamily::Group => {
                let layout = self.layout.as_ref().expect("grouped prior has a layout");
                self.variances.fill(0.0);
                for (i, (&g, &m)) in layout.group_of.iter().zip(mean).enumerate() {
                    let s = std(i) as f64;
                    self.variances[g as usize] += m as f64 * m as f64 + s * s;
                }
                for (v, &c) in self.variances.iter_mut().zip(&layout.sizes) {
                    *v = (*v / c.max(1) as f64).max(MIN_PRIOR_VARIANCE);
                }
                self.expand();
            }
        }
    }

    /// KL(q ‖ p) summed over the weights, for posterior means `mean` and the cached stds `post`.
    pub fn kl(&self, mean: &[f32], post: &PosteriorStd) -> f64 {
        match self.family {
            PriorFamily::Isotropic => kl_divergence_cached(mean, post, &self.scalar),
            PriorFamily::LogUniform => log_uniform::kl(mean, post),
            _ => {
                // Σ ½ ln σ_i² − Σ ln s_i + Σ (m_i² + s_i²)/(2σ_i²) − P/2
                let p = mean.len();
                let sum_ln_std = if post.std.len() == 1 { p as f64 * post.sum_ln_std } else { post.sum_ln_std };
                let quad: f64 = mean
                    .iter()
                    .zip(self.per_weight())
                    .enumerate()
                    .map(|(i, (&m, &v))| {
                        let s = post.std_at(i) as f64;
                        (m as f64 * m as f64 + s * s) / v
                    })
                    .sum();
                0.5 * self.sum_ln_var - sum_ln_std + 0.5 * quad - 0.5 * p as f64
            }
        }
    }

    /// Adds `scale · ∂KL/∂m` to `g_mean` and `scale · ∂KL/∂ρ` to `g_rho` (the prior held fixed:
    /// at the closed-form optimum this is also the gradient of the KL with σ² eliminated).
    pub fn add_kl_gradient(
        &self,
        family: Family,
        mean: &[f32],
        post: &PosteriorStd,
        scale: f64,
        g_mean: &mut [f32],
        g_rho: &mut [f32],
    ) {
        match self.family {
            PriorFamily::Isotropic => add_kl_gradient_cached(family, mean, post, &self.scalar, scale, g_mean, g_rho),
            PriorFamily::LogUniform => log_uniform::add_gradient(family, mean, post, scale, g_mean, g_rho),
            _ => {
                let var = self.per_weight();
                for ((g, &m), &v) in g_mean.iter_mut().zip(mean).zip(var) {
                    *g += (scale * m as f64 / v) as f32;
                }
                match family {
                    Family::Diagonal => {
                        for (j, (g, &v)) in g_rho.iter_mut().zip(var).enumerate() {
                            let s = post.std[j] as f64;
                            *g += (scale * (-1.0 / s + s / v) * post.dstd[j] as f64) as f32;
                        }
                    }
                    Family::Isotropic => {
                        let s = post.std[0] as f64;
                        let sum: f64 = var.iter().map(|&v| -1.0 / s + s / v).sum();
                        g_rho[0] += (scale * sum * post.dstd[0] as f64) as f32;
                    }
                    Family::None => {}
                }
            }
        }
    }
}
