//! `Trainer`: all state of one model under training (posterior, prior, optimiser, RNG, buffers),
//! advanced one minibatch at a time. This is what the WASM binding exposes as a JS class.

use crate::batch::Batch;
use crate::error::{Result, VbError};
use crate::model::{Cell, Dims, Weights};
use crate::objective::{evaluate, Family, LossTerms, ObjectiveSpec, PosteriorStd, Scratch, StdParam};
use crate::optim::{Optimizer, OptimizerKind};
use crate::prior::{Prior, PriorFamily, PriorState, PriorUpdate};
use crate::rng::Rng;
use crate::rnn::{Readout, Workspace};
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

/// The most Monte-Carlo samples of one prediction.
pub const MAX_MC_SAMPLES: usize = 100_000;

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
        if !(self.clip_norm >= 0.0) || !(self.l2 >= 0.0) || !(self.kl_weight >= 0.0) {
            return bad("clipNorm/l2/klWeight", "must be ≥ 0".into());
        }
        Ok(())
    }
}

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

    /// ‖∂loss/∂‖ per tensor of the last step: W, U, b, V, c for the means, then for ρ
    /// (per tensor for `diagonal`, one entry for `isotropic`).
    pub fn last_grad_norms(&self) -> &[f64] {
        &self.last_grad_norms
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
    fn refresh_post(&mut self) {
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

    fn batch<'a>(
        &self,
        tokens: &'a [u32],
        lengths: &'a [u32],
        features: &'a [f32],
        labels: Option<&'a [u32]>,
    ) -> Result<Batch<'a>> {
        Batch::new(tokens, lengths, features, labels, self.vocab, self.dims.classes, self.dims.pair_features)
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
    fn first_non_finite(&self, v: &[f32]) -> Option<String> {
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

    fn grad_norms(&self) -> Vec<f64> {
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

/// Initial `[m | ρ]` for a config.
fn initial_params(config: &TrainerConfig, dims: &Dims, rng: &mut Rng) -> Vec<f32> {
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
