//! `Trainer`: all state of one model under training (posterior, prior, optimiser, RNG, buffers),
//! advanced one minibatch at a time. This is what the WASM binding exposes as a JS class.
//!
//! Split by concept: `config` (settings, defaults, validation), `posterior` (initialisation, means,
//! stds, SNR, the prior fit to them), `step` (loss, gradient, optimiser update) and `predict`.
//! Checkpoints (export/import of this state) live in [`crate::state`].

mod config;
mod posterior;
mod predict;
mod step;

pub use config::{Init, TrainerConfig, MAX_TRAINER_BYTES};
pub use predict::{EvalOptions, MAX_MC_SAMPLES};
pub use step::StepStats;

use crate::batch::Batch;
use crate::error::{Result, VbError};
use crate::model::Dims;
use crate::objective::{PosteriorStd, Scratch};
use crate::optim::Optimizer;
use crate::prior::{Prior, PriorState};
use crate::rng::Rng;
use crate::rnn::Workspace;
use posterior::initial_params;

/// The training state of one model.
#[derive(Clone)]
pub struct Trainer {
    config: TrainerConfig,
    dims: Dims,
    embeddings: Vec<f32>,
    vocab: usize,
    /// `[m | ρ]`
    params: Vec<f32>,
    grad: Vec<f32>,
    optimizer: Optimizer,
    prior: PriorState,
    rng: Rng,
    step: u64,
    ws: Workspace,
    scratch: Scratch,
    noise: Vec<f32>,
    last_grad_norms: Vec<f64>,
    /// softplus/sigmoid/ln of the current ρ; recomputed lazily after the parameters change.
    post: PosteriorStd,
    post_valid: bool,
    /// Buffers the next optimiser state and parameters are computed into, then swapped in.
    next_params: Vec<f32>,
    next_optimizer: Optimizer,
}

impl Trainer {
    /// A new trainer. `embeddings` is the `vocab × inputDim` word-vector table (row-major).
    pub fn new(config: TrainerConfig, embeddings: Vec<f32>) -> Result<Trainer> {
        config.validate()?;
        let dims = config.dims();
        let m = dims.input_dim;
        if embeddings.is_empty() || embeddings.len() % m != 0 {
            return Err(VbError::Embeddings(format!(
                "table has {} values, not a positive multiple of inputDim = {m}",
                embeddings.len()
            )));
        }
        if let Some(i) = embeddings.iter().position(|v| !v.is_finite()) {
            return Err(VbError::Embeddings(format!("row {} column {} is {}", i / m, i % m, embeddings[i])));
        }
        let vocab = embeddings.len() / m;
        let p = dims.param_count();
        let len = p + config.family.rho_len(p);
        let mut rng = Rng::new(config.seed);
        let params = initial_params(&config, &dims, &mut rng);
        let optimizer =
            Optimizer::new(config.optimizer, len, config.beta1, config.beta2, config.epsilon, config.momentum);
        let config_optimizer_kind = config.optimizer;
        let prior =
            PriorState::new(config.prior, &dims, Prior { mean: config.prior_mean, variance: config.prior_variance });
        debug_assert_eq!(params.len(), len);
        let mut ws = Workspace::default();
        ws.set_readout(config.readout);
        Ok(Trainer {
            config,
            dims,
            embeddings,
            vocab,
            params,
            grad: vec![0.0; len],
            optimizer,
            prior,
            rng,
            step: 0,
            ws,
            scratch: Scratch::default(),
            noise: Vec::new(),
            last_grad_norms: Vec::new(),
            post: PosteriorStd::default(),
            post_valid: false,
            next_params: Vec::new(),
            next_optimizer: Optimizer::new(config_optimizer_kind, 0, 0.0, 0.0, 1.0, 0.0),
        })
    }

    pub fn config(&self) -> &TrainerConfig {
        &self.config
    }
    pub fn dims(&self) -> Dims {
        self.dims
    }
    pub fn vocab_size(&self) -> usize {
        self.vocab
    }
    pub fn embeddings(&self) -> &[f32] {
        &self.embeddings
    }
    pub fn steps(&self) -> u64 {
        self.step
    }
    pub fn learning_rate(&self) -> f32 {
        self.config.learning_rate
    }

    /// Changes the learning rate for the following steps (schedules live in the driver).
    pub fn set_learning_rate(&mut self, lr: f32) -> Result<()> {
        if !(lr > 0.0 && lr.is_finite()) {
            return Err(VbError::Config(format!("learningRate: must be > 0, got {lr}")));
        }
        self.config.learning_rate = lr;
        Ok(())
    }

    /// Changes κ (KL annealing) for the following steps.
    pub fn set_kl_weight(&mut self, kappa: f32) -> Result<()> {
        if !(kappa >= 0.0 && kappa.is_finite()) {
            return Err(VbError::Config(format!("klWeight: must be ≥ 0, got {kappa}")));
        }
        self.config.kl_weight = kappa;
        Ok(())
    }

    fn param_count(&self) -> usize {
        self.dims.param_count()
    }

    fn batch<'a>(
        &self,
        tokens: &'a [u32],
        lengths: &'a [u32],
        features: &'a [f32],
        labels: Option<&'a [u32]>,
    ) -> Result<Batch<'a>> {
        Batch::new(tokens, lengths, features, labels, self.vocab, self.dims.classes, self.dims.pair_features)
    }

    pub(crate) fn rng(&self) -> &Rng {
        &self.rng
    }
    pub(crate) fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }
    pub(crate) fn restore(
        &mut self,
        params: Vec<f32>,
        optimizer: Optimizer,
        prior: PriorState,
        rng: Rng,
        step: u64,
        lr: f32,
        kl_weight: f32,
    ) {
        self.params = params;
        self.post_valid = false;
        self.optimizer = optimizer;
        self.prior = prior;
        self.rng = rng;
        self.step = step;
        self.config.learning_rate = lr;
        self.config.kl_weight = kl_weight;
    }
}
