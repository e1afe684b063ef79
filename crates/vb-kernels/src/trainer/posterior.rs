//! The posterior `q(w) = N(m, diag(s²))` held as `[m | ρ]`: its initial values, the means, stds and
//! signal-to-noise ratios read from it, and the prior re-estimated from it in closed form.

use super::{Init, Trainer, TrainerConfig};
use crate::error::{Result, VbError};
use crate::model::{Cell, Dims};
use crate::objective::Family;
use crate::prior::{Prior, PriorState, PriorUpdate};
use crate::rng::Rng;

impl Trainer {
    /// Posterior means m (the weights themselves for family `none`).
    pub fn means(&self) -> &[f32] {
        &self.params[..self.param_count()]
    }

    /// The unconstrained ρ (length P, 1 or 0 by family).
    pub fn rho(&self) -> &[f32] {
        &self.params[self.param_count()..]
    }

    /// Posterior std of weight `i` (0 for family `none`).
    pub fn std_at(&self, i: usize) -> f32 {
        let param = self.config.std_param;
        match self.config.family {
            Family::Diagonal => param.std(self.rho()[i]),
            Family::Isotropic => param.std(self.rho()[0]),
            Family::None => 0.0,
        }
    }

    /// The posterior means of one tensor (`"W"`, `"U"`, `"b"`, `"V"` or `"c"`) as a matrix view.
    pub fn tensor_means(&self, name: &str) -> Option<ndarray::ArrayView2<'_, f32>> {
        self.dims.tensors().into_iter().find(|t| t.name == name).map(|t| t.view(self.means()))
    }

    /// Posterior stds s for every weight.
    pub fn stds(&self) -> Vec<f32> {
        (0..self.param_count()).map(|i| self.std_at(i)).collect()
    }

    /// Signal-to-noise λ_i = |m_i|/s_i (for family `none`: |m_i|, magnitude).
    pub fn snr(&self) -> Vec<f32> {
        if self.config.family == Family::None {
            return self.means().iter().map(|m| m.abs()).collect();
        }
        crate::snr::snr(self.means(), |i| self.std_at(i))
    }

    /// Full parameter vector `[m | ρ]` (for checkpoints and tests).
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// Replaces the parameter vector `[m | ρ]` (length checked, values must be finite).
    pub fn set_params(&mut self, params: &[f32]) -> Result<()> {
        if params.len() != self.params.len() {
            return Err(VbError::State(format!(
                "parameter vector has {} values, expected {}",
                params.len(),
                self.params.len()
            )));
        }
        if let Some(i) = params.iter().position(|v| !v.is_finite()) {
            return Err(VbError::State(format!("parameter {i} is {}", params[i])));
        }
        self.params.copy_from_slice(params);
        self.post_valid = false;
        Ok(())
    }

    /// The prior as μ and σ² (for families other than `isotropic`: μ = 0 and the mean variance,
    /// see [`PriorState::summary`]).
    pub fn prior(&self) -> Prior {
        self.prior.summary()
    }
    /// The prior with every variance.
    pub fn prior_state(&self) -> &PriorState {
        &self.prior
    }
    /// Sets the per-group prior variances (see [`PriorState::set_variances`]).
    pub fn set_prior_variances(&mut self, variances: &[f64]) -> Result<()> {
        self.prior.set_variances(variances)
    }
    /// Re-estimates the prior in closed form from the current posterior.
    pub fn update_prior(&mut self) {
        let p = self.param_count();
        if !self.config.family.is_bayesian() {
            self.prior.update(&self.params[..p], |_| 0.0);
            return;
        }
        self.refresh_post();
        let post = &self.post;
        self.prior.update(&self.params[..p], |i| post.std_at(i));
    }

    /// Brings the softplus/sigmoid/ln cache of ρ up to date with the parameters.
    pub(super) fn refresh_post(&mut self) {
        if !self.post_valid {
            let p = self.param_count();
            self.post.compute_with(&self.params[p..], self.config.std_param);
            self.post_valid = true;
        }
    }

    /// Sets the prior explicitly (variance > 0): μ and σ² for `isotropic`, every variance for the
    /// other empirical-Bayes families (μ must be 0); an error for `logUniform`.
    pub fn set_prior(&mut self, prior: Prior) -> Result<()> {
        self.prior.set_scalar(prior)
    }

    /// Call at the end of every epoch: applies the `epoch` prior update.
    pub fn end_epoch(&mut self) {
        if self.config.prior_update == PriorUpdate::Epoch && self.config.family.is_bayesian() {
            self.update_prior();
        }
    }
}

/// Initial `[m | ρ]` for a config.
pub(super) fn initial_params(config: &TrainerConfig, dims: &Dims, rng: &mut Rng) -> Vec<f32> {
    let p = dims.param_count();
    let rho_len = config.family.rho_len(p);
    let mut params = vec![0f32; p + rho_len];
    let std = match config.init {
        Init::Seed => 1.0,
        Init::Glorot => {
            for t in dims.tensors() {
                if t.rows == 1 {
                    continue; // biases start at zero
                }
                // W and U act on rows of size `rows` producing `cols`; V maps 2n + F → K.
                let limit = (6.0 / (t.rows + t.cols) as f64).sqrt();
                for x in &mut params[t.range()] {
                    *x = ((2.0 * rng.uniform() - 1.0) * limit) as f32;
                }
            }
            if config.cell == Cell::Lstm {
                let (b, n) = (dims.tensors()[2], dims.hidden);
                params[b.offset + n..b.offset + 2 * n].fill(1.0);
            }
            config.init_std
        }
    };
    params[p..].fill(config.std_param.rho(std));
    params
}
