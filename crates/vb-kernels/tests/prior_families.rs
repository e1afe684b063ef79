//! The prior families beyond the seed's scalar one — `tensor`, `group` (G), `diagonal` (D, ARD)
//! and `logUniform` (sparse variational dropout) — each against an independent computation:
//! (a) the KL against quadrature of ∫ q log(q/p), (b) its analytic gradient against finite
//! differences for both posterior families and both std parameterisations, (c) the closed-form
//! update against a numerical minimiser of the KL in each σ², (d) the collapsed ARD KL
//! ½ log(1 + m²/s²), and (e) the log-uniform approximation against the exact integral.

mod common;

use common::golden_section;
use vb_kernels::groups::GroupLayout;
use vb_kernels::log_uniform;
use vb_kernels::objective::PosteriorStd;
use vb_kernels::rng::Rng;
use vb_kernels::{Dims, Family, Prior, PriorFamily, PriorState, StdParam};

const DIMS: Dims = Dims { input_dim: 3, hidden: 2, classes: 3, pair_features: 1, cell: vb_kernels::Cell::Rnn };
const GAUSSIAN: [PriorFamily; 3] = [PriorFamily::Tensor, PriorFamily::Group, PriorFamily::Diagonal];

fn log_normal_pdf(x: f64, mean: f64, var: f64) -> f64 {
    -0.5 * (2.0 * std::f64::consts::PI * var).ln() - (x - mean).powi(2) / (2.0 * var)
}

/// Composite Simpson of `f` on [a, b] with `intervals` (even) intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, intervals: usize) -> f64 {
    let h = (b - a) / intervals as f64;
    let mut sum = f(a) + f(b);
    for i in 1..intervals {
        sum += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

/// ∫ N(x; m, s²) log(N(x; m, s²)/N(x; 0, σ²)) dx.
fn kl_quadrature(m: f64, s: f64, var: f64) -> f64 {
    simpson(
        |x| {
            let lq = log_normal_pdf(x, m, s * s);
            lq.exp() * (lq - log_normal_pdf(x, 0.0, var))
        },
        m - 12.0 * s,
        m + 12.0 * s,
        20_000,
    )
}

fn random_posterior(seed: u64, family: Family, param: StdParam) -> (Vec<f32>, Vec<f32>, PosteriorStd) {
    let p = DIMS.param_count();
    let mut rng = Rng::new(seed);
    let grid = |x: f64| ((x * 256.0).round() / 256.0) as f32;
    let mean: Vec<f32> = (0..p).map(|_| grid(0.7 * rng.normal())).collect();
    let rho: Vec<f32> = (0..family.rho_len(p))
        .map(|_| match param {
            StdParam::Softplus => grid(-1.0 + 0.8 * rng.normal()),
            StdParam::LogVariance => grid(-2.0 + 1.5 * rng.normal()),
        })
        .collect();
    let mut post = PosteriorStd::default();
    post.compute_with(&rho, param);
    (mean, rho, post)
}

/// A prior of `family` with varied variances (not at the closed-form optimum).
fn varied_prior(family: PriorFamily, seed: u64) -> PriorState {
    let mut prior = PriorState::new(family, &DIMS, Prior { mean: 0.0, variance: 1.0 });
    let mut rng = Rng::new(seed);
    let v: Vec<f64> = (0..prior.variances().len()).map(|_| (0.8 * rng.normal()).exp() * 0.3).collect();
    prior.set_variances(&v).unwrap();
    prior
}

// ---------------------------------------------------------------------------------------------
// (a) KL against quadrature

#[test]
fn gaussian_families_kl_matches_quadrature() {
    for family in GAUSSIAN {
        let prior = varied_prior(family, 3);
        let (mean, _, post) = random_posterior(4, Family::Diagonal, StdParam::Softplus);
        let vars = prior.weight_variances();
        let want: f64 = (0..mean.len()).map(|i| kl_quadrature(mean[i] as f64, post.std[i] as f64, vars[i])).sum();
        let got = prior.kl(&mean, &post);
        assert!((got - want).abs() <= 1e-9 * want.abs(), "{family:?}: KL {got}, quadrature {want}");
    }
}

#[test]
fn group_variances_follow_the_layout() {
    let prior = varied_prior(PriorFamily::Group, 5);
    let layout = GroupLayout::per_node(&DIMS);
    let vars = prior.weight_variances();
    for (i, &g) in layout.group_of.iter().enumerate() {
        assert_eq!(vars[i], prior.variances()[g as usize]);
    }
    assert_eq!(prior.variances().len(), DIMS.input_dim + DIMS.hidden + DIMS.pair_features + 2);
}

// ---------------------------------------------------------------------------------------------
// (b) gradients against finite differences

/// Fourth-order central difference.
fn derivative(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (-f(x + 2.0 * h) + 8.0 * f(x + h) - 8.0 * f(x - h) + f(x - 2.0 * h)) / (12.0 * h)
}

fn check_gradient(prior: &PriorState, family: Family, param: StdParam, seed: u64) {
    let p = DIMS.param_count();
    let (mean, rho, post) = random_posterior(seed, family, param);
    let scale = 0.37;
    let mut g = vec![0f32; p + rho.len()];
    let (gm, gr) = g.split_at_mut(p);
    prior.add_kl_gradient(family, &mean, &post, scale, gm, gr);
    let kl_at = |mean: &[f32], rho: &[f32]| {
        let mut q = PosteriorStd::default();
        q.compute_with(rho, param);
        prior.kl(mean, &q)
    };
    let h = 1.0 / 256.0;
    let label = format!("{:?} prior, {family:?} posterior, {param:?}", prior.family());
    let mut checked = 0;
    for i in 0..p + rho.len() {
        let fd = if i < p {
            derivative(
                |x| {
                    let mut m = mean.clone();
                    m[i] = x as f32;
                    kl_at(&m, &rho)
                },
                mean[i] as f64,
                h,
            )
        } else {
            derivative(
                |x| {
                    let mut r = rho.clone();
                    r[i - p] = x as f32;
                    kl_at(&mean, &r)
                },
                rho[i - p] as f64,
                h,
            )
        };
        let analytic = g[i] as f64 / scale;
        // f32 means/stds limit the difference quotient to a few 1e-5 relative
        assert!(
            (analytic - fd).abs() <= 2e-3 * fd.abs() + 2e-4,
            "{label}: ∂KL/∂x[{i}] analytic {analytic} vs finite difference {fd}"
        );
        checked += usize::from(fd.abs() > 1e-3);
    }
    assert!(checked > p / 2, "{label}: gradient vanishes, the check would be vacuous");
}

#[test]
fn kl_gradients_match_finite_differences_for_every_family() {
    for (k, family) in GAUSSIAN.into_iter().chain([PriorFamily::Isotropic]).enumerate() {
        let prior = if family == PriorFamily::Isotropic {
            PriorState::new(family, &DIMS, Prior { mean: 0.1, variance: 0.4 })
        } else {
            varied_prior(family, 10 + k as u64)
        };
        for post in [Family::Diagonal, Family::Isotropic] {
            for param in [StdParam::Softplus, StdParam::LogVariance] {
                check_gradient(&prior, post, param, 20 + k as u64);
            }
        }
    }
}

#[test]
fn log_uniform_kl_gradient_matches_finite_differences() {
    let prior = PriorState::new(PriorFamily::LogUniform, &DIMS, Prior { mean: 0.0, variance: 1.0 });
    for post in [Family::Diagonal, Family::Isotropic] {
        for param in [StdParam::Softplus, StdParam::LogVariance] {
            check_gradient(&prior, post, param, 31);
        }
    }
}

/// The check above must be able to fail.
#[test]
fn a_wrong_kl_gradient_is_caught() {
    let prior = varied_prior(PriorFamily::Group, 40);
    let wrong = varied_prior(PriorFamily::Group, 41); // gradient of another prior's KL
    let (mean, _, post) = random_posterior(42, Family::Diagonal, StdParam::Softplus);
    let p = DIMS.param_count();
    let mut g = vec![0f32; 2 * p];
    let (gm, gr) = g.split_at_mut(p);
    wrong.add_kl_gradient(Family::Diagonal, &mean, &post, 1.0, gm, gr);
    let i = 0;
    let fd = derivative(
        |x| {
            let mut m = mean.clone();
            m[i] = x as f32;
            prior.kl(&m, &post)
        },
        mean[i] as f64,
        1.0 / 256.0,
    );
    assert!((g[i] as f64 - fd).abs() > 2e-3 * fd.abs() + 2e-4, "a gradient of the wrong prior passed");
}

// ---------------------------------------------------------------------------------------------
// (c) the closed-form update against a numerical minimiser

#[test]
fn closed_form_update_minimises_the_kl_in_every_variance() {
    for family in GAUSSIAN {
        for post_family in [Family::Diagonal, Family::Isotropic] {
            let (mean, _, post) = random_posterior(50, post_family, StdParam::Softplus);
            let mut prior = varied_prior(family, 51);
            let before = prior.kl(&mean, &post);
            prior.update(&mean, |i| post.std_at(i));
            let closed = prior.variances().to_vec();
            let after = prior.kl(&mean, &post);
            assert!(after <= before, "{family:?}: the update increased the KL ({before} → {after})");
            // The KL is separable in the groups' variances: minimise each in log σ² with the
            // others held at the closed form, and compare.
            for g in 0..closed.len() {
                let kl_with = |log_var: f64| {
                    let mut v = closed.clone();
                    v[g] = log_var.exp();
                    let mut q = prior.clone();
                    q.set_variances(&v).unwrap();
                    q.kl(&mean, &post)
                };
                let numeric = golden_section(kl_with, -30.0, 10.0).exp();
                assert!(
                    (numeric - closed[g]).abs() <= 1e-5 * closed[g],
                    "{family:?}/{post_family:?} group {g}: closed form σ² = {}, numerical minimiser {numeric}",
                    closed[g]
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (d) the ARD prior at its optimum leaves KL_i = ½ log(1 + m_i²/s_i²)

#[test]
fn ard_kl_at_the_optimum_is_half_log_one_plus_snr_squared() {
    let (mean, _, post) = random_posterior(60, Family::Diagonal, StdParam::Softplus);
    let mut prior = PriorState::new(PriorFamily::Diagonal, &DIMS, Prior { mean: 0.0, variance: 1.0 });
    prior.update(&mean, |i| post.std_at(i));
    let want: f64 = mean.iter().zip(&post.std).map(|(&m, &s)| 0.5 * (1.0 + (m as f64 / s as f64).powi(2)).ln()).sum();
    let got = prior.kl(&mean, &post);
    assert!((got - want).abs() <= 1e-10 * want, "ARD KL {got}, ½ Σ log(1 + λ²) = {want}");
    // Its gradient in m at the optimum: m/(m² + s²).
    let p = mean.len();
    let mut g = vec![0f32; 2 * p];
    let (gm, gr) = g.split_at_mut(p);
    prior.add_kl_gradient(Family::Diagonal, &mean, &post, 1.0, gm, gr);
    for i in 0..p {
        let (m, s) = (mean[i] as f64, post.std[i] as f64);
        assert!((g[i] as f64 - m / (m * m + s * s)).abs() <= 1e-6 * (m / (m * m + s * s)).abs().max(1e-3));
        let ds = -m * m / (s * (m * m + s * s)) * post.dstd[i] as f64;
        assert!((g[p + i] as f64 - ds).abs() <= 1e-5 * ds.abs().max(1e-3), "∂KL/∂ρ[{i}] {} vs {ds}", g[p + i]);
    }
}

// ---------------------------------------------------------------------------------------------
// (e) the log-uniform KL approximation against the exact integral

/// E log|ε| for ε ~ N(1, α), by Simpson with the log singularity at 0 handled analytically.
fn expected_log_abs(alpha: f64) -> f64 {
    let s = alpha.sqrt();
    let pdf = |x: f64| log_normal_pdf(x, 1.0, alpha).exp();
    let (lo, hi) = (1.0 - 14.0 * s, 1.0 + 14.0 * s);
    let delta = 1e-3 * s.min(1.0);
    // On [−δ, δ]: ∫ log|x| (pdf(x) − pdf(0)) dx (smooth, ~x log x) + pdf(0)·2δ(log δ − 1).
    let near = simpson(|x| if x == 0.0 { 0.0 } else { x.abs().ln() * (pdf(x) - pdf(0.0)) }, -delta, delta, 2_000)
        + pdf(0.0) * 2.0 * delta * (delta.ln() - 1.0);
    let mut total = near;
    if lo < -delta {
        total += simpson(|x| x.abs().ln() * pdf(x), lo, -delta, 200_000);
    }
    total += simpson(|x| x.abs().ln() * pdf(x), delta.max(lo), hi, 200_000);
    total
}

#[test]
fn log_uniform_approximation_matches_the_exact_kl() {
    // Molchanov et al.: −KL = ½ log α − E log|ε| + C (ε ~ N(1, α)), C = −k₁; their approximation is
    // k₁·sigmoid(k₂ + k₃ log α) − ½ log(1 + 1/α) − k₁, quoted as accurate to about 0.01.
    let mut worst = 0f64;
    for la in [-6.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 7.0] {
        let exact = -(0.5 * la - expected_log_abs(f64::exp(la)) - log_uniform::K1);
        let approx = log_uniform::kl_of_log_alpha(la);
        worst = worst.max((exact - approx).abs());
        assert!((exact - approx).abs() < 0.012, "log α = {la}: exact KL {exact}, approximation {approx}");
    }
    assert!(worst > 1e-4, "the comparison is too close to be an independent computation ({worst})");
}

#[test]
fn every_family_reports_per_weight_variances_and_rejects_a_mean() {
    let p = DIMS.param_count();
    let iso = PriorState::new(PriorFamily::Isotropic, &DIMS, Prior { mean: 0.2, variance: 0.7 });
    assert_eq!(iso.weight_variances(), vec![0.7; p]);
    assert_eq!(varied_prior(PriorFamily::Group, 70).weight_variances().len(), p);
    assert!(PriorState::new(PriorFamily::LogUniform, &DIMS, Prior { mean: 0.0, variance: 1.0 })
        .weight_variances()
        .is_empty());
    let config = vb_kernels::TrainerConfig {
        input_dim: 3,
        hidden: 2,
        classes: 3,
        train_size: 5,
        prior: PriorFamily::Group,
        prior_mean: 0.5,
        ..vb_kernels::TrainerConfig::default()
    };
    let err = vb_kernels::Trainer::new(config, vec![0.1; 12]).err().expect("a mean for a zero-mean prior is an error");
    assert!(err.to_string().contains("priorMean"), "{err}");
}
