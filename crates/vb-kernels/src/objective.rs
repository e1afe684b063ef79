//! The variational objective of one minibatch step and its gradient with respect to the
//! posterior parameters `(m, ρ)`, with `s = softplus(ρ)`:
//!
//! `loss = (1/S) Σ_k mean_batch NLL(m + s ⊙ ε_k) + κ · KL(q ‖ p) / N`
//!
//! (κ = KL weight, 1 by default; N = training-set size). With family `none` (the plain RNN) the
//! weights are the means and the penalty is `(l2/2)·‖m‖²/N`, i.e. MAP under N(0, 1/l2).

use crate::model::{Dims, Weights};
use crate::prior::{Prior, PriorState};
use crate::rnn::Workspace;
use crate::simd::F2;
use crate::vmath;
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

/// How the posterior std is parameterised by the unconstrained ρ the optimiser moves:
/// `softplus` (default, the method's choice): s = log(1 + e^ρ); `logVariance`: ρ = log s², the
/// additive parameterisation of sparse variational dropout (s = e^{ρ/2}).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StdParam {
    Softplus,
    LogVariance,
}

impl StdParam {
    /// s(ρ).
    pub fn std(self, rho: f32) -> f32 {
        match self {
            StdParam::Softplus => crate::activation::softplus(rho),
            StdParam::LogVariance => vmath::exp(0.5 * rho as f64) as f32,
        }
    }
    /// ρ(s).
    pub fn rho(self, std: f32) -> f32 {
        match self {
            StdParam::Softplus => crate::activation::softplus_inverse(std),
            StdParam::LogVariance => (2.0 * vmath::ln(std as f64)) as f32,
        }
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
    let half_log_var = 0.5 * vmath::ln(var);
    mean.iter()
        .enumerate()
        .map(|(i, &m)| {
            let s = std(i) as f64;
            half_log_var - vmath::ln(s) + ((m as f64 - mu).powi(2) + s * s) / (2.0 * var) - 0.5
        })
        .sum()
}

/// Adds `scale · ∂KL/∂m` to `g_mean` and `scale · ∂KL/∂ρ` to `g_rho` (computes the stds from ρ;
/// the step itself uses [`add_kl_gradient_cached`] with the stds it already has).
pub fn add_kl_gradient(
    family: Family,
    mean: &[f32],
    rho: &[f32],
    prior: &Prior,
    scale: f64,
    g_mean: &mut [f32],
    g_rho: &mut [f32],
) {
    let mut post = PosteriorStd::default();
    post.compute(rho);
    add_kl_gradient_cached(family, mean, &post, prior, scale, g_mean, g_rho);
}

/// The per-ρ quantities of one parameter vector — `s = softplus(ρ)`, `ds/dρ = sigmoid(ρ)` and
/// `Σ ln s` — computed once per parameter vector and shared by the sampling, the KL, its gradient
/// and the prior update (one entry per weight for `diagonal`, a single shared one for
/// `isotropic`, none for `none`). `std` and `dstd` are exactly [`crate::activation::softplus`] and
/// [`crate::activation::sigmoid`] (computed two lanes at a time), so using them changes no result.
#[derive(Default, Clone, Debug)]
pub struct PosteriorStd {
    pub std: Vec<f32>,
    pub dstd: Vec<f32>,
    /// `Σ_i ln s_i` over the entries (for one shared entry: exactly `vmath::ln(s)`).
    pub sum_ln_std: f64,
    /// e^{−|ρ|} between the passes of `compute`
    scratch: Vec<f64>,
}

impl PosteriorStd {
    /// Recomputes every entry from `rho` under parameterisation `param`.
    pub fn compute_with(&mut self, rho: &[f32], param: StdParam) {
        if param == StdParam::Softplus {
            return self.compute(rho);
        }
        // s = e^{ρ/2}, ds/dρ = s/2, ln s = ρ/2 (exactly: no rounding in the sum of logs)
        self.std.clear();
        self.dstd.clear();
        for &r in rho {
            let s = param.std(r);
            self.std.push(s);
            self.dstd.push(0.5 * s);
        }
        self.sum_ln_std = rho.iter().map(|&r| 0.5 * r as f64).sum();
    }

    /// Recomputes every entry from `rho` (softplus parameterisation).
    pub fn compute(&mut self, rho: &[f32]) {
        self.std.resize(rho.len(), 0.0);
        self.dstd.resize(rho.len(), 0.0);
        self.scratch.resize(rho.len(), 0.0);
        // Two passes of independent two-lane evaluations (short loop bodies keep several pairs in
        // flight). Same bits as the scalar `softplus_sigmoid`, which non-finite ρ take directly.
        let n2 = rho.len() / 2 * 2;
        let zero = F2::splat(0.0);
        let one = F2::splat(1.0);
        let r2 = |j: usize| F2::new(rho[j] as f64, rho[j + 1] as f64);
        for j in (0..n2).step_by(2) {
            let e = vmath::exp_x2(zero.sub(r2(j).abs())).to_array();
            self.scratch[j..j + 2].copy_from_slice(&e);
        }
        for j in (0..n2).step_by(2) {
            let r = r2(j);
            let e = F2::new(self.scratch[j], self.scratch[j + 1]);
            let nonneg = r.ge(zero);
            let sp = F2::select(nonneg, r, zero).add(vmath::ln_1p_x2(e)).to_array();
            let sg = F2::select(nonneg, one, e).div(one.add(e)).to_array();
            self.std[j..j + 2].copy_from_slice(&[sp[0] as f32, sp[1] as f32]);
            self.dstd[j..j + 2].copy_from_slice(&[sg[0] as f32, sg[1] as f32]);
        }
        for (i, &r) in rho.iter().enumerate() {
            if i >= n2 || !r.is_finite() {
                (self.std[i], self.dstd[i]) = crate::activation::softplus_sigmoid(r);
            }
        }
        self.sum_ln_std = if self.std.len() == 1 { vmath::ln(self.std[0] as f64) } else { sum_ln(&self.std) };
    }

    /// s of weight `i` (the shared value when there is one entry).
    #[inline]
    pub fn std_at(&self, i: usize) -> f32 {
        if self.std.len() == 1 {
            self.std[0]
        } else {
            self.std[i]
        }
    }
}

/// `Σ ln x_i` as `ln Π m_i + (Σ e_i) ln 2` over the binary mantissas `m_i ∈ [1, 2)` and exponents
/// `e_i`: one multiplication per value instead of one `ln` (the KL needs only the sum). Four
/// running products, renormalised every 256 values, keep the product in range; the relative
/// error is at most ~n·2⁻⁵³ (≈ 1e−12 absolute for n = 10⁴ terms), like summing n rounded logs.
/// Zero, infinite or NaN values take the plain sum (−∞ / NaN as `ln` gives them).
pub fn sum_ln(x: &[f32]) -> f64 {
    const MANTISSA: u64 = (1 << 52) - 1;
    const ONE: u64 = 1023 << 52;
    if !x.iter().all(|&v| v > 0.0 && v.is_finite()) {
        return x.iter().map(|&v| vmath::ln(v as f64)).sum();
    }
    let (mut prod, mut exp) = ([1f64; 4], 0i64);
    // split a positive normal f64 into exponent and mantissa
    let split = |v: f64| {
        let b = v.to_bits();
        (((b >> 52) as i64) - 1023, f64::from_bits((b & MANTISSA) | ONE))
    };
    for block in x.chunks(256) {
        let quads = block.chunks_exact(4);
        let rest = quads.remainder();
        for q in quads {
            for l in 0..4 {
                let (e, m) = split(q[l] as f64); // an f32 > 0 is a normal f64
                exp += e;
                prod[l] *= m;
            }
        }
        for (l, &v) in rest.iter().enumerate() {
            let (e, m) = split(v as f64);
            exp += e;
            prod[l] *= m;
        }
        for p in prod.iter_mut() {
            let (e, m) = split(*p); // < 2^64 after 64 factors below 2 per lane
            exp += e;
            *p = m;
        }
    }
    let (e, m) = split((prod[0] * prod[1]) * (prod[2] * prod[3]));
    vmath::ln(m) + (exp + e) as f64 * std::f64::consts::LN_2
}

/// [`kl_divergence`] from a [`PosteriorStd`]: no `ln` per weight (its `Σ ln s` instead). For one
/// shared std the value is bit-identical to [`kl_divergence`]; per-weight stds round differently
/// (the sum is split in two), within ~1e−15 relative.
pub fn kl_divergence_cached(mean: &[f32], post: &PosteriorStd, prior: &Prior) -> f64 {
    let (mu, var) = (prior.mean, prior.variance);
    let half_log_var = 0.5 * vmath::ln(var);
    if post.std.len() == 1 {
        let (s, ln_s) = (post.std[0] as f64, post.sum_ln_std);
        return mean.iter().map(|&m| half_log_var - ln_s + ((m as f64 - mu).powi(2) + s * s) / (2.0 * var) - 0.5).sum();
    }
    let rest: f64 = mean
        .iter()
        .zip(&post.std)
        .map(|(&m, &s)| {
            let s = s as f64;
            half_log_var + ((m as f64 - mu).powi(2) + s * s) / (2.0 * var) - 0.5
        })
        .sum();
    rest - post.sum_ln_std
}

/// [`add_kl_gradient`] from a [`PosteriorStd`] (the same values).
pub fn add_kl_gradient_cached(
    family: Family,
    mean: &[f32],
    post: &PosteriorStd,
    prior: &Prior,
    scale: f64,
    g_mean: &mut [f32],
    g_rho: &mut [f32],
) {
    let (mu, var) = (prior.mean, prior.variance);
    for (g, &m) in g_mean.iter_mut().zip(mean) {
        *g += (scale * (m as f64 - mu) / var) as f32;
    }
    let ds = |j: usize, count: f64| {
        let s = post.std[j] as f64;
        scale * count * (-1.0 / s + s / var) * post.dstd[j] as f64
    };
    match family {
        Family::Diagonal => {
            for (j, g) in g_rho.iter_mut().enumerate() {
                *g += ds(j, 1.0) as f32;
            }
        }
        Family::Isotropic => g_rho[0] += ds(0, mean.len() as f64) as f32,
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
}

/// Everything the objective needs besides the batch.
pub struct ObjectiveSpec<'a> {
    pub dims: &'a Dims,
    pub family: Family,
    pub prior: &'a PriorState,
    pub train_size: usize,
    pub kl_weight: f64,
    pub l2: f64,
}

/// Loss and gradient (written into `grad`, laid out as `params = [m | ρ]`) for one prepared
/// batch. `noise` holds S standard-normal vectors of length P (ignored for family `none`);
/// `post` must hold the [`PosteriorStd`] of `params`' ρ (ignored for family `none`).
pub fn evaluate(
    spec: &ObjectiveSpec,
    ws: &mut Workspace,
    labels: &[u32],
    params: &[f32],
    post: &PosteriorStd,
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

    debug_assert_eq!(post.std.len(), rho.len());
    let shared = spec.family == Family::Isotropic;

    g_mean.fill(0.0);
    g_rho.fill(0.0);
    scratch.weights.resize(p, 0.0);
    let inv_s = 1.0 / samples as f64;
    let mut nll = 0f64;
    for k in 0..samples {
        let eps = &noise[k * p..(k + 1) * p];
        // (zipped slices of equal length: no bounds checks, so the loops vectorise)
        if shared {
            let s = post.std[0];
            for ((w, &m), &e) in scratch.weights.iter_mut().zip(mean).zip(eps) {
                *w = m + s * e;
            }
        } else {
            for (((w, &m), &s), &e) in scratch.weights.iter_mut().zip(mean).zip(&post.std[..p]).zip(eps) {
                *w = m + s * e;
            }
        }
        let w = Weights::split(dims, &scratch.weights);
        ws.forward(dims, &w);
        nll += ws.nll_sum(dims.classes, labels) / b * inv_s;
        ws.backward(dims, &w, labels, (inv_s / b) as f32, &mut scratch.grad_w);
        if shared {
            crate::simd::axpy(1.0, &scratch.grad_w, g_mean);
            g_rho[0] += crate::simd::dot(&scratch.grad_w, eps) * post.dstd[0];
        } else {
            let terms = scratch.grad_w.iter().zip(eps).zip(&post.dstd[..p]);
            for ((gm, gr), ((&g, &e), &ds)) in g_mean.iter_mut().zip(g_rho.iter_mut()).zip(terms) {
                *gm += g;
                *gr += g * e * ds;
            }
        }
    }
    let kl = spec.prior.kl(mean, post);
    let scale = spec.kl_weight / n_train;
    spec.prior.add_kl_gradient(spec.family, mean, post, scale, g_mean, g_rho);
    let penalty = scale * kl;
    LossTerms { nll, kl, penalty, loss: nll + penalty }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_ln_matches_the_sum_of_logs() {
        let mut rng = crate::rng::Rng::new(4);
        for n in [2usize, 3, 7, 255, 256, 257, 1000, 8134, 20_000] {
            let x: Vec<f32> = (0..n).map(|i| (rng.uniform() * 10f64.powi(i as i32 % 9 - 6)) as f32 + 1e-30).collect();
            let want: f64 = x.iter().map(|&v| (v as f64).ln()).sum();
            let got = sum_ln(&x);
            assert!((got - want).abs() <= 1e-13 * want.abs().max(1.0) * (n as f64).sqrt(), "n = {n}: {got} vs {want}");
        }
        assert_eq!(sum_ln(&[1.0, 0.0, 2.0]), f64::NEG_INFINITY);
        assert!(sum_ln(&[1.0, f32::NAN]).is_nan());
        assert_eq!(sum_ln(&[1.0, f32::INFINITY]), f64::INFINITY);
        assert_eq!(sum_ln(&[1e-45, 1.0]), (1e-45f32 as f64).ln()); // subnormal f32
    }

    #[test]
    fn cached_kl_agrees_with_the_direct_sum() {
        let mut rng = crate::rng::Rng::new(8);
        let prior = Prior { mean: 0.01, variance: 0.3 };
        for n in [1usize, 2, 5, 1000] {
            let mean: Vec<f32> = (0..n).map(|_| (0.5 * rng.normal()) as f32).collect();
            let rho: Vec<f32> = (0..n).map(|_| (rng.normal() * 3.0 - 2.0) as f32).collect();
            let mut post = PosteriorStd::default();
            post.compute(&rho);
            let want = kl_divergence(&mean, |i| crate::activation::softplus(rho[i]), &prior);
            let got = kl_divergence_cached(&mean, &post, &prior);
            assert!((got - want).abs() <= 1e-13 * want.abs(), "n = {n}: {got} vs {want}");
            if n == 1 {
                assert_eq!(got.to_bits(), want.to_bits());
            }
            for (i, &r) in rho.iter().enumerate() {
                assert_eq!(post.std[i].to_bits(), crate::activation::softplus(r).to_bits());
                assert_eq!(post.dstd[i].to_bits(), crate::activation::sigmoid(r).to_bits());
            }
        }
    }
}
