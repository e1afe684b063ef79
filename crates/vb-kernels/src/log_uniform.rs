//! The KL term of sparse variational dropout (Molchanov, Ashukha, Vetrov 2017): the posterior
//! `N(m_i, s_i²)` against the improper log-uniform prior `p(|w|) ∝ 1/|w|`, whose KL depends only on
//! `α_i = s_i²/m_i²`. It has no closed form; their approximation (accurate to ~0.01 over all α):
//!
//! `−KL_i ≈ k₁·sigmoid(k₂ + k₃·log α_i) − ½ log(1 + 1/α_i) − k₁`,
//! k₁ = 0.63576, k₂ = 1.87320, k₃ = 1.48695.
//!
//! As in the authors' code, `log α = log s² − log(m² + 10⁻⁸)` is clipped to [−8, 8] (the KL is
//! flat outside, so its gradient is zero there), and weights with `log α > 3` are pruned
//! ([`LOG_ALPHA_THRESHOLD`]), i.e. SNR `|m|/s < e^{−3/2}`.

use crate::objective::{Family, PosteriorStd};

pub const K1: f64 = 0.63576;
pub const K2: f64 = 1.87320;
pub const K3: f64 = 1.48695;
/// Clip of log α in the KL.
pub const LOG_ALPHA_CLIP: f64 = 8.0;
/// The authors' pruning rule: a weight with log α above this is removed.
pub const LOG_ALPHA_THRESHOLD: f64 = 3.0;
const EPS: f64 = 1e-8;

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// log(1 + eˣ) without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Unclipped `log α = log s² − log(m² + 10⁻⁸)`.
pub fn log_alpha(m: f32, s: f32) -> f64 {
    let (m, s) = (m as f64, s as f64);
    2.0 * s.ln() - (m * m + EPS).ln()
}

/// KL of one weight as a function of (clipped) log α.
pub fn kl_of_log_alpha(la: f64) -> f64 {
    let la = la.clamp(-LOG_ALPHA_CLIP, LOG_ALPHA_CLIP);
    K1 - K1 * sigmoid(K2 + K3 * la) + 0.5 * softplus(-la)
}

/// d KL / d log α (zero where the clip is active).
fn dkl_dlog_alpha(la: f64) -> f64 {
    if !(-LOG_ALPHA_CLIP..=LOG_ALPHA_CLIP).contains(&la) {
        return 0.0;
    }
    let z = sigmoid(K2 + K3 * la);
    -K1 * K3 * z * (1.0 - z) - 0.5 * sigmoid(-la)
}

/// Σ_i KL_i.
pub fn kl(mean: &[f32], post: &PosteriorStd) -> f64 {
    mean.iter().enumerate().map(|(i, &m)| kl_of_log_alpha(log_alpha(m, post.std_at(i)))).sum()
}

/// Adds `scale · ∂KL/∂m` and `scale · ∂KL/∂ρ` (through `post.dstd = ds/dρ`).
pub fn add_gradient(
    family: Family,
    mean: &[f32],
    post: &PosteriorStd,
    scale: f64,
    g_mean: &mut [f32],
    g_rho: &mut [f32],
) {
    let mut shared = 0f64;
    for (i, (g, &m)) in g_mean.iter_mut().zip(mean).enumerate() {
        let s = post.std_at(i);
        let d = dkl_dlog_alpha(log_alpha(m, s));
        if d == 0.0 {
            continue;
        }
        let m64 = m as f64;
        // ∂ log α/∂m = −2m/(m² + ε), ∂ log α/∂s = 2/s
        *g += (scale * d * (-2.0 * m64 / (m64 * m64 + EPS))) as f32;
        let ds = scale * d * 2.0 / s as f64;
        match family {
            Family::Diagonal => g_rho[i] += (ds * post.dstd[i] as f64) as f32,
            Family::Isotropic => shared += ds,
            Family::None => {}
        }
    }
    if family == Family::Isotropic {
        g_rho[0] += (shared * post.dstd[0] as f64) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximation_matches_its_limits() {
        // α → ∞ (weight gone): KL → 0 (k₁ − k₁·1 + 0); α → 0: KL grows like −½ log α + const.
        assert!(kl_of_log_alpha(8.0) < 0.01);
        assert!(kl_of_log_alpha(-8.0) > kl_of_log_alpha(0.0));
        assert!(kl_of_log_alpha(0.0) > kl_of_log_alpha(3.0));
        // derivative against a central difference inside the clip
        for la in [-5.0, -1.0, 0.3, 2.0, 6.0] {
            let h = 1e-5;
            let fd = (kl_of_log_alpha(la + h) - kl_of_log_alpha(la - h)) / (2.0 * h);
            assert!((fd - dkl_dlog_alpha(la)).abs() < 1e-8, "log α = {la}: {fd} vs {}", dkl_dlog_alpha(la));
        }
        assert_eq!(dkl_dlog_alpha(9.0), 0.0);
    }
}
