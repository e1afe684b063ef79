//! [`TrainerConfig`]: every setting of a trainer, its defaults, and the checks (each message
//! names the option) made before anything is allocated.

use crate::error::{Result, VbError};
use crate::model::{Cell, Dims};
use crate::objective::{Family, StdParam};
use crate::optim::OptimizerKind;
use crate::prior::{PriorFamily, PriorUpdate};
use crate::rnn::Readout;
use serde::{Deserialize, Serialize};

/// How the posterior is initialised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Init {
    /// Glorot-uniform means for W, U, V, zero biases (but the LSTM's forget-gate bias 1, so the
    /// cell starts by remembering), every std = `initStd` (the default).
    Glorot,
    /// The seed's initialisation: every mean 0, every std 1.
    Seed,
}

/// Every setting of a trainer. Field names are camelCase in JSON; unknown fields are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct TrainerConfig {
    /// Word-vector dimension m (the embedding table must have this many columns).
    pub input_dim: usize,
    /// Hidden units n.
    pub hidden: usize,
    /// Classes K.
    pub classes: usize,
    /// Fixed pair features F appended to the head's input φ (e.g. lexical overlap); 0 = the
    /// method's head `φ = [h_a ⊙ h_b, |h_a − h_b|]`.
    pub pair_features: usize,
    /// The recurrent cell: `rnn` (the seed's tanh RNN), `gru` or `lstm`.
    pub cell: Cell,
    /// Sentence code: `last` hidden state (the seed's), `mean` or `max` of the hidden states.
    pub readout: Readout,
    /// Posterior family: diagonal (D), isotropic (I), or none (plain RNN).
    pub family: Family,
    /// Prior family: isotropic (I, the seed's), tensor, group (G), diagonal (D, ARD), or
    /// logUniform (sparse variational dropout).
    pub prior: PriorFamily,
    /// How ρ parameterises the posterior std: softplus (default) or logVariance (ρ = log s²).
    pub std_param: StdParam,
    /// Posterior samples S per step (loss = mean over samples).
    pub samples: usize,
    /// Training-set size N: the KL enters each step as KL/N.
    pub train_size: usize,
    /// When the prior is re-estimated in closed form.
    pub prior_update: PriorUpdate,
    /// Initial prior mean μ and variance σ².
    pub prior_mean: f64,
    pub prior_variance: f64,
    pub init: Init,
    /// Initial posterior std for `init: glorot`.
    pub init_std: f32,
    pub optimizer: OptimizerKind,
    pub learning_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    /// SGD momentum.
    pub momentum: f32,
    /// Clip the global gradient norm to this value (0 = no clipping).
    pub clip_norm: f32,
    /// L2 coefficient for family `none`: penalty (l2/2)·‖w‖²/N.
    pub l2: f32,
    /// κ in loss = NLL + κ·KL/N (KL annealing changes it between steps; 1 = the ELBO).
    pub kl_weight: f32,
    pub seed: u64,
}

impl Default for TrainerConfig {
    fn default() -> Self {
        TrainerConfig {
            input_dim: 100,
            hidden: 32,
            classes: 6,
            pair_features: 0,
            cell: Cell::Rnn,
            readout: Readout::Last,
            family: Family::Diagonal,
            prior: PriorFamily::Isotropic,
            std_param: StdParam::Softplus,
            samples: 1,
            train_size: 0,
            prior_update: PriorUpdate::Step,
            prior_mean: 0.0,
            prior_variance: 1.0,
            init: Init::Glorot,
            init_std: 0.01,
            optimizer: OptimizerKind::Adam,
            learning_rate: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            momentum: 0.9,
            clip_norm: 0.0,
            l2: 0.0,
            kl_weight: 1.0,
            seed: 0,
        }
    }
}

/// The most memory a trainer may need for its parameters and buffers. WebAssembly memory is 32-bit
/// (4 GiB at most, less in practice); a larger model fails with a message instead of a trap.
pub const MAX_TRAINER_BYTES: u64 = 2 << 30;

impl TrainerConfig {
    /// Bytes the trainer's parameters and buffers need, estimated before allocating anything: the
    /// parameter vector, its gradient and the next one, two optimiser states (two moments each),
    /// the sampled weights and their gradient, S noise vectors, the stds and the prior's f64
    /// per-weight variances. None if it overflows.
    pub fn memory_bytes(&self) -> Option<u64> {
        let p = self.dims().param_count_checked()?;
        let rho = match self.family {
            Family::Diagonal => p,
            Family::Isotropic => 1,
            Family::None => 0,
        };
        let len = p.checked_add(rho)?;
        let floats =
            len.checked_mul(7)?.checked_add(p.checked_mul(2)?)?.checked_add(p.checked_mul(self.samples as u64)?)?;
        let doubles = rho.checked_mul(2)?.checked_add(p.checked_mul(2)?)?;
        floats.checked_mul(4)?.checked_add(doubles.checked_mul(8)?)
    }

    pub fn dims(&self) -> Dims {
        Dims {
            input_dim: self.input_dim,
            hidden: self.hidden,
            classes: self.classes,
            pair_features: self.pair_features,
            cell: self.cell,
        }
    }

    /// Checks every value; the message names the offending option.
    pub fn validate(&self) -> Result<()> {
        self.dims().validate()?;
        let bad = |name: &str, why: String| Err(VbError::Config(format!("{name}: {why}")));
        if self.samples == 0 {
            return bad("samples", "must be ≥ 1".into());
        }
        if self.train_size == 0 {
            return bad("trainSize", "must be ≥ 1 (the number of training pairs N)".into());
        }
        match self.memory_bytes() {
            Some(b) if b <= MAX_TRAINER_BYTES => {}
            need => {
                let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
                let p = self.dims().param_count_checked().map_or("more than 2^64".to_string(), |p| p.to_string());
                return bad(
                    "hidden/samples",
                    format!(
                        "this model needs {} of memory for its parameters and buffers ({p} weights, samples = {}); the engine's limit is {:.0} GiB — lower hidden (or inputDim, samples)",
                        need.map_or("more than 16 EiB".to_string(), |b| format!("{:.1} GiB", gib(b))),
                        self.samples,
                        gib(MAX_TRAINER_BYTES)
                    ),
                );
            }
        }
        if self.prior != PriorFamily::Isotropic && self.prior_mean != 0.0 {
            return bad(
                "priorMean",
                format!(
                    "the {:?} prior has mean 0; priorMean {} applies to the isotropic prior only",
                    self.prior, self.prior_mean
                ),
            );
        }
        if !(self.prior_variance > 0.0 && self.prior_variance.is_finite() && self.prior_mean.is_finite()) {
            return bad(
                "priorVariance/priorMean",
                format!("need finite mean and variance > 0, got {} and {}", self.prior_mean, self.prior_variance),
            );
        }
        if !(self.init_std > 0.0 && self.init_std.is_finite()) {
            return bad("initStd", format!("must be > 0, got {}", self.init_std));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return bad("learningRate", format!("must be > 0, got {}", self.learning_rate));
        }
        if !(0.0..1.0).contains(&self.beta1) || !(0.0..1.0).contains(&self.beta2) || !(self.epsilon > 0.0) {
            return bad("beta1/beta2/epsilon", "need 0 ≤ β < 1 and ε > 0".into());
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad("momentum", format!("must be in [0, 1), got {}", self.momentum));
        }
        if !(self.clip_norm >= 0.0) || !(self.l2 >= 0.0) {
            return bad("clipNorm/l2", "must be ≥ 0".into());
        }
        // κ is a finite weight (+∞ would make every step a pure KL step with infinite loss).
        if !(self.kl_weight >= 0.0 && self.kl_weight.is_finite()) {
            return bad("klWeight", format!("must be a finite number ≥ 0, got {}", self.kl_weight));
        }
        Ok(())
    }
}
