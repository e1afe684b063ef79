//! The KL term and the empirical-Bayes prior, each against an independent numerical computation:
//! the closed-form KL(q‖p) against quadrature of ∫ q log(q/p), its analytic gradient against
//! finite differences, and the closed-form prior against a numerical minimiser of the total KL.

mod common;

use common::golden_section;
use vb_kernels::activation::softplus;
use vb_kernels::objective::{
    add_kl_gradient, add_kl_gradient_cached, kl_divergence, kl_divergence_cached, PosteriorStd,
};
use vb_kernels::prior::MIN_PRIOR_VARIANCE;
use vb_kernels::rng::Rng;
use vb_kernels::{Family, Prior};

// ---------------------------------------------------------------------------------------------
// (a) KL(q‖p) against quadrature

fn log_normal_pdf(x: f64, mean: f64, var: f64) -> f64 {
    -0.5 * (2.0 * std::f64::consts::PI * var).ln() - (x - mean).powi(2) / (2.0 * var)
}

/// ∫ q(x) log(q(x)/p(x)) dx for q = N(m, s²), p = N(μ, σ²), by composite Simpson on [m − 12s, m + 12s]
/// (the mass of q outside is below 1e-32).
fn kl_quadrature(m: f64, s: f64, prior: &Prior) -> f64 {
    let intervals = 20_000; // even
    let (a, b) = (m - 12.0 * s, m + 12.0 * s);
    let h = (b - a) / intervals as f64;
    let f = |x: f64| {
        let lq = log_normal_pdf(x, m, s * s);
        lq.exp() * (lq - log_normal_pdf(x, prior.mean, prior.variance))
    };
    let mut sum = f(a) + f(b);
    for i in 1..intervals {
        sum += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

#[test]
fn kl_matches_quadrature_for_single_weights() {
    // (m, s, μ, σ²): q = p, q narrow, q wide, means far apart, tiny and large prior variances.
    let cases: [(f32, f32, f64, f64); 8] = [
        (0.0, 1.0, 0.0, 1.0),
        (0.3, 0.05, 0.0, 1.0),
        (-1.25, 2.5, 0.5, 0.7),
        (4.0, 0.3, -3.0, 2.0),
        (0.01, 0.001, 0.0, 1e-4),
        (2.0, 0.5, 0.1, 25.0),
        (-0.7, 1.3, -0.7, 1.69),
        (1e-3, 0.02, 0.02, 0.0004),
    ];
    for (m, s, mu, var) in cases {
        let prior = Prior { mean: mu, variance: var };
        let got = kl_divergence(&[m], |_| s, &prior);
        let want = kl_quadrature(m as f64, s as f64, &prior);
        assert!(
            (got - want).abs() <= 1e-9 * want.abs() + 1e-12,
            "KL(N({m}, {s}²) ‖ N({mu}, {var})): closed form {got}, quadrature {want}"
        );
        assert!(got >= -1e-15, "KL must be non-negative, got {got}");
    }
}

#[test]
fn kl_sums_over_weights_and_matches_quadrature() {
    let mut rng = Rng::new(11);
    for (mu, var) in [(0.0, 1.0), (0.2, 0.05), (-1.0, 3.0)] {
        let prior = Prior { mean: mu, variance: var };
        let mean: Vec<f32> = (0..17).map(|_| (0.8 * rng.normal()) as f32).collect();
        let std: Vec<f32> = (0..17).map(|_| (0.5 * rng.normal()).exp() as f32 * 0.2).collect();
        let got = kl_divergence(&mean, |i| std[i], &prior);
        let want: f64 = mean.iter().zip(&std).map(|(&m, &s)| kl_quadrature(m as f64, s as f64, &prior)).sum();
        assert!((got - want).abs() <= 1e-9 * want.abs(), "prior ({mu}, {var}): sum {got}, quadrature {want}");
        // The shared std (family I) is a std function that ignores the index.
        let beta = 0.37f32;
        let got = kl_divergence(&mean, |_| beta, &prior);
        let want: f64 = mean.iter().map(|&m| kl_quadrature(m as f64, beta as f64, &prior)).sum();
        assert!((got - want).abs() <= 1e-9 * want.abs(), "shared std: sum {got}, quadrature {want}");
    }
}

// ---------------------------------------------------------------------------------------------
// (b) ∂KL/∂(m, ρ) against finite differences

/// Fourth-order central difference of `f` at `x` with step `h`.
fn derivative(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (-f(x + 2.0 * h) + 8.0 * f(x + h) - 8.0 * f(x - h) + f(x - 2.0 * h)) / (12.0 * h)
}

/// The KL as the engine computes it, for family `family` and parameters `[m | ρ]` given in f64.
fn kl_of(family: Family, mean: &[f64], rho: &[f64], prior: &Prior) -> f64 {
    let mean32: Vec<f32> = mean.iter().map(|&v| v as f32).collect();
    let std: Vec<f32> = rho.iter().map(|&r| softplus(r as f32)).collect();
    match family {
        Family::Diagonal => kl_divergence(&mean32, |i| std[i], prior),
        Family::Isotropic => kl_divergence(&mean32, |_| std[0], prior),
        Family::None => unreachable!(),
    }
}

fn check_kl_gradient(family: Family, seed: u64) {
    let p = 23;
    let mut rng = Rng::new(seed);
    // Values on a coarse grid, so x ± h and x ± 2h are exact in f32 and the difference quotient
    // measures the function, not the rounding of its argument.
    let grid = |x: f64| (x * 256.0).round() / 256.0;
    let mean: Vec<f64> = (0..p).map(|_| grid(0.7 * rng.normal())).collect();
    let rho: Vec<f64> = (0..family.rho_len(p)).map(|_| grid(-1.0 + 1.2 * rng.normal())).collect();
    let prior = Prior { mean: 0.15, variance: 0.4 };
    let scale = 0.37;
    // add_kl_gradient adds to what is there: start from a known non-zero vector.
    let g0: Vec<f32> = (0..p + rho.len()).map(|i| 0.01 * i as f32 - 0.05).collect();
    let mut g = g0.clone();
    let (g_mean, g_rho) = g.split_at_mut(p);
    let mean32: Vec<f32> = mean.iter().map(|&v| v as f32).collect();
    let rho32: Vec<f32> = rho.iter().map(|&v| v as f32).collect();
    add_kl_gradient(family, &mean32, &rho32, &prior, scale, g_mean, g_rho);

    let h = 1.0 / 64.0;
    let mut fd = Vec::new();
    for i in 0..p {
        fd.push(derivative(
            |x| {
                let mut m = mean.clone();
                m[i] = x;
                kl_of(family, &m, &rho, &prior)
            },
            mean[i],
            h,
        ));
    }
    for j in 0..rho.len() {
        fd.push(derivative(
            |x| {
                let mut r = rho.clone();
                r[j] = x;
                kl_of(family, &mean, &r, &prior)
            },
            rho[j],
            h,
        ));
    }
    // The KL is quadratic in m, so there the difference quotient is exact up to rounding; in ρ the
    // f32 std limits it to a few 1e-6.
    for (name, range, tol) in [("mean", 0..p, 1e-6), ("rho", p..p + rho.len(), 3e-5)] {
        let tensor_scale = fd[range.clone()].iter().map(|v| v * v).sum::<f64>().sqrt() / (range.len() as f64).sqrt();
        assert!(tensor_scale > 1e-3, "{family:?} {name}: gradient vanishes, the check would be vacuous");
        for i in range {
            let analytic = (g[i] - g0[i]) as f64 / scale;
            let err = (analytic - fd[i]).abs();
            assert!(
                err <= tol * (tensor_scale + fd[i].abs()),
                "{family:?} ∂KL/∂{name}[{i}]: analytic {analytic} vs finite difference {} (err {err})",
                fd[i]
            );
        }
    }
}

#[test]
fn kl_gradient_diagonal_matches_finite_differences() {
    check_kl_gradient(Family::Diagonal, 21);
}

#[test]
fn kl_gradient_isotropic_matches_finite_differences() {
    check_kl_gradient(Family::Isotropic, 22);
}

/// The objective uses the cached forms (stds computed once per step); they must give the values of
/// the functions checked above.
#[test]
fn cached_kl_and_gradient_equal_the_checked_functions() {
    let mut rng = Rng::new(23);
    let p = 41;
    let prior = Prior { mean: -0.1, variance: 0.6 };
    for family in [Family::Diagonal, Family::Isotropic] {
        let mean: Vec<f32> = (0..p).map(|_| (0.7 * rng.normal()) as f32).collect();
        let rho: Vec<f32> = (0..family.rho_len(p)).map(|_| (-2.0 + rng.normal()) as f32).collect();
        let mut post = PosteriorStd::default();
        post.compute(&rho);
        let std: Vec<f32> = rho.iter().map(|&r| softplus(r)).collect();
        let direct = match family {
            Family::Diagonal => kl_divergence(&mean, |i| std[i], &prior),
            _ => kl_divergence(&mean, |_| std[0], &prior),
        };
        let cached = kl_divergence_cached(&mean, &post, &prior);
        assert!((cached - direct).abs() <= 1e-13 * direct, "{family:?}: cached KL {cached} vs {direct}");
        let mut g_direct = vec![0.5f32; p + rho.len()];
        let mut g_cached = g_direct.clone();
        let (gm, gr) = g_direct.split_at_mut(p);
        add_kl_gradient(family, &mean, &rho, &prior, 0.3, gm, gr);
        let (gm, gr) = g_cached.split_at_mut(p);
        add_kl_gradient_cached(family, &mean, &post, &prior, 0.3, gm, gr);
        for (i, (a, b)) in g_direct.iter().zip(&g_cached).enumerate() {
            assert!((a - b).abs() <= 1e-6 * a.abs().max(1e-3), "{family:?}: cached gradient[{i}] {b} vs {a}");
        }
    }
}

#[test]
fn kl_gradient_leaves_rho_alone_for_the_plain_rnn() {
    let mut g_mean = vec![0f32; 3];
    let mut g_rho: Vec<f32> = Vec::new();
    let prior = Prior { mean: 0.5, variance: 2.0 };
    add_kl_gradient(Family::None, &[1.0, 0.5, -1.5], &[], &prior, 2.0, &mut g_mean, &mut g_rho);
    assert_eq!(g_mean, vec![0.5, 0.0, -2.0]);
}

// ---------------------------------------------------------------------------------------------
// (c) the closed-form prior against a numerical minimiser

/// argmin over (μ, σ²) of the total KL, by alternating golden-section searches on μ and log σ².
fn numerical_prior(mean: &[f32], std: &dyn Fn(usize) -> f32) -> Prior {
    let lo = mean.iter().fold(f64::INFINITY, |a, &m| a.min(m as f64));
    let hi = mean.iter().fold(f64::NEG_INFINITY, |a, &m| a.max(m as f64));
    let (mut mu, mut log_var) = (0.0f64.clamp(lo, hi), 0.0f64);
    let total = |mu: f64, log_var: f64| kl_divergence(mean, std, &Prior { mean: mu, variance: log_var.exp() });
    for _ in 0..20 {
        let (mu0, lv0) = (mu, log_var);
        mu = golden_section(|x| total(x, log_var), lo - 1.0, hi + 1.0);
        log_var = golden_section(|x| total(mu, x), -30.0, 30.0);
        if (mu - mu0).abs() < 1e-12 && (log_var - lv0).abs() < 1e-12 {
            break;
        }
    }
    Prior { mean: mu, variance: log_var.exp() }
}

fn check_prior(label: &str, mean: &[f32], std: &dyn Fn(usize) -> f32) {
    let closed = Prior::closed_form(mean, std);
    let numeric = numerical_prior(mean, std);
    let sd = closed.variance.sqrt();
    assert!(
        (closed.mean - numeric.mean).abs() <= 1e-6 * (numeric.mean.abs() + sd),
        "{label}: closed-form μ {} vs numerical {}",
        closed.mean,
        numeric.mean
    );
    assert!(
        (closed.variance - numeric.variance).abs() <= 1e-6 * numeric.variance,
        "{label}: closed-form σ² {} vs numerical {}",
        closed.variance,
        numeric.variance
    );
    // And it is a minimum of the engine's KL: every nearby prior is no better.
    let at = |p: Prior| kl_divergence(mean, std, &p);
    let best = at(closed);
    for (dm, dv) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
        let other = Prior { mean: closed.mean + dm * sd, variance: closed.variance * (1.0 + dv) };
        assert!(at(other) > best, "{label}: prior {other:?} has a lower KL than the closed form");
    }
}

#[test]
fn closed_form_prior_minimises_the_kl() {
    let mut rng = Rng::new(31);
    let p = 200;
    let mean: Vec<f32> = (0..p).map(|_| (0.3 + 0.8 * rng.normal()) as f32).collect();
    let std: Vec<f32> = (0..p).map(|_| (0.1 * (0.7 * rng.normal()).exp()) as f32).collect();
    check_prior("diagonal", &mean, &|i| std[i]);
    check_prior("isotropic", &mean, &|_| 0.25);
    // Posterior stds much wider than the spread of the means.
    let narrow: Vec<f32> = (0..p).map(|_| (-2.0 + 1e-3 * rng.normal()) as f32).collect();
    check_prior("stds dominate", &narrow, &|i| 0.5 + std[i]);
    // Tiny posteriors around a non-zero mean.
    let tiny: Vec<f32> = (0..50).map(|_| (5.0 + 0.01 * rng.normal()) as f32).collect();
    check_prior("tiny", &tiny, &|i| 1e-3 * (1.0 + std[i]));
}

#[test]
fn closed_form_prior_floors_the_variance() {
    let prior = Prior::closed_form(&[0.5, 0.5, 0.5], |_| 0.0);
    assert_eq!(prior.mean, 0.5);
    assert_eq!(prior.variance, MIN_PRIOR_VARIANCE);
}
