//! The variational objective of one minibatch step and its gradient with respect to the
//! posterior parameters `(m, ρ)`, with `s = softplus(ρ)`:
//!
//! `loss = (1/S) Σ_k mean_batch NLL(m + s ⊙ ε_k) + κ · KL(q ‖ p) / N`
//!
//! (κ = KL weight, 1 by default; N = training-set size). With family `none` (the plain RNN) the
//! weights are the means and the penalty is `(l2/2)·‖m‖²/N`, i.e. MAP under N(0, 1/l2).

use crate::model::{Dims, Weights};
use crate::prior::Prior;
use crate::rnn::Workspace;
use serde::{Deserialize, Serialize};

/// Posterior family: `diagonal` (D, one std per weight), `isotropic` (I, one std shared by all
/// weights), or `none` (no posterior: a plain, point-estimate RNN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Family {
    Diagonal,
    Isotropic,
    None,
}

impl Family {
    /// Length of the ρ vector for `p` weights.
    pub fn rho_len(self, p: usize) -> usize {
        match self {
            Family::Diagonal => p,
            Family::Isotropic => 1,
            Family::None => 0,
        }
    }
    pub fn is_bayesian(self) -> bool {
        self != Family::None
    }
}

/// The terms of one step's loss.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LossTerms {
    /// Mean NLL per pair, averaged over the S samples.
    pub nll: f64,
    /// KL(q ‖ p) summed over all weights (0 for family `none`).
    pub kl: f64,
    /// The penalty that enters the loss: κ·KL/N, or (l2/2)·‖m‖²/N for family `none`.
    pub penalty: f64,
    /// nll + penalty.
    pub loss: f64,
}

/// KL(N(m, diag(s²)) ‖ N(μ, σ²I)) = Σ_i [½ log σ² − log s_i + ((m_i − μ)² + s_i²)/(2σ²) − ½].
pub fn kl_divergence(mean: &[f32], std: impl Fn(usize) -> f32, prior: &Prior) -> f64 {
    let (mu, var) = (prior.mean, prior.variance);
    let half_log_var = 0.5 * var.ln();
    mean.iter()
        .enumerate()
        .map(|(i, &m)| {
            let s = std(i) as f64;
            half_log_var - s.ln() + ((m as f64 - mu).powi(2) + s * s) / (2.0 * var) - 0.5
        })
        .sum()
}

/// Adds `scale · ∂KL/∂m` to `g_mean` and `scale · ∂KL/∂ρ` to `g_rho`.
pub fn add_kl_gradient(
    family: Family,
    mean: &[f32],
    rho: &[f32],
    prior: &Prior,
    scale: f64,
    g_mean: &mut [f32],
    g_rho: &mut [f32],
) {
    let (mu, var) = (prior.mean, prior.variance);
    for (g, &m) in g_mean.iter_mut().zip(mean) {
        *g += (scale * (m as f64 - mu) / var) as f32;
    }
    let ds = |r: f32, count: f64| {
        let s = crate::activation::softplus(r) as f64;
        scale * count * (-1.0 / s + s / var) * crate::activation::sigmoid(r) as f64
    };
    match family {
        Family::Diagonal => {
            for (g, &r) in g_rho.iter_mut().zip(rho) {
                *g += ds(r, 1.0) as f32;
            }
        }
        Family::Isotropic => g_rho[0] += ds(rho[0], mean.len() as f64) as f32,
        Family::None => {}
    }
}

/// Scratch buffers of the objective.
#[derive(Default, Clone)]
pub struct Scratch {
    /// the sampled weight vector
    pub weights: Vec<f32>,
    /// ∂NLL/∂w for one sample
    pub grad_w: Vec<f32>,
    /// s_i and sigmoid(ρ_i) (or their single shared value)
    pub std: Vec<f32>,
    pub dstd: Vec<f32>,
}

/// Everything the objective needs besides the batch.
pub struct ObjectiveSpec<'a> {
    pub dims: &'a Dims,
    pub family: Family,
    pub prior: &'a Prior,
    pub train_size: usize,
    pub kl_weight: f64,
    pub l2: f64,
}

/// Loss and gradient (written into `grad`, laid out as `params = [m | ρ]`) for one prepared
/// batch. `noise` holds S standard-normal vectors of length P (ignored for family `none`).
pub fn evaluate(
    spec: &ObjectiveSpec,
    ws: &mut Workspace,
    labels: &[u32],
    params: &[f32],
    noise: &[f32],
    samples: usize,
    scratch: &mut Scratch,
    grad: &mut [f32],
) -> LossTerms {
    let dims = spec.dims;
    let p = dims.param_count();
    let (mean, rho) = params.split_at(p);
    let (g_mean, g_rho) = grad.split_at_mut(p);
    let b = ws.pairs() as f64;
    let n_train = spec.train_size as f64;
    scratch.grad_w.resize(p, 0.0);

    if spec.family == Family::None {
        let w = Weights::split(dims, mean);
        ws.forward(dims, &w);
        let nll = ws.nll_sum(dims.classes, labels) / b;
        ws.backward(dims, &w, labels, (1.0 / b) as f32, g_mean);
        let mut sq = 0f64;
        for (g, &m) in g_mean.iter_mut().zip(mean) {
            *g += (spec.l2 * m as f64 / n_train) as f32;
            sq += m as f64 * m as f64;
        }
        let penalty = 0.5 * spec.l2 * sq / n_train;
        return LossTerms { nll, kl: 0.0, penalty, loss: nll + penalty };
    }

    // Per-weight std and d std / dρ, computed once per step.
    scratch.std.clear();
    scratch.dstd.clear();
    for &r in rho {
        scratch.std.push(crate::activation::softplus(r));
        scratch.dstd.push(crate::activation::sigmoid(r));
    }
    let shared = spec.family == Family::Isotropic;
    let std_at = |s: &Vec<f32>, i: usize| if shared { s[0] } else { s[i] };

    g_mean.fill(0.0);
    g_rho.fill(0.0);
    scratch.weights.resize(p, 0.0);
    let inv_s = 1.0 / samples as f64;
    let mut nll = 0f64;
    for k in 0..samples {
        let eps = &noise[k * p..(k + 1) * p];
        for i in 0..p {
            scratch.weights[i] = mean[i] + std_at(&scratch.std, i) * eps[i];
        }
        let w = Weights::split(dims, &scratch.weights);
        ws.forward(dims, &w);
        nll += ws.nll_sum(dims.classes, labels) / b * inv_s;
        ws.backward(dims, &w, labels, (inv_s / b) as f32, &mut scratch.grad_w);
        crate::simd::axpy(1.0, &scratch.grad_w, g_mean);
        if shared {
            g_rho[0] += crate::simd::dot(&scratch.grad_w, eps) * scratch.dstd[0];
        } else {
            for i in 0..p {
                g_rho[i] += scratch.grad_w[i] * eps[i] * scratch.dstd[i];
            }
        }
    }
    let std = &scratch.std;
    let kl = kl_divergence(mean, |i| std_at(std, i), spec.prior);
    let scale = spec.kl_weight / n_train;
    add_kl_gradient(spec.family, mean, rho, spec.prior, scale, g_mean, g_rho);
    let penalty = scale * kl;
    LossTerms { nll, kl, penalty, loss: nll + penalty }
}
