//! Finite-difference gradient checks: the engine's analytic f32 gradient of the objective against
//! central differences of the independent f64 reference in `common`, for every tensor (means and
//! ρ), both posterior families and the plain RNN, with S = 1 and S = 3.

mod common;

use common::{objective, objective_with, small_case, small_case_with_features, RefPrior};
use vb_kernels::{Family, Prior, PriorFamily, StdParam, Trainer, TrainerConfig};

const N_TRAIN: usize = 10;
const L2: f32 = 0.3;

fn check(family: Family, samples: usize, seed: u64) {
    check_case(small_case(seed), family, samples, seed);
}

fn check_case(case: common::Case, family: Family, samples: usize, seed: u64) {
    let dims = case.dims;
    let config = TrainerConfig {
        input_dim: dims.input_dim,
        hidden: dims.hidden,
        classes: dims.classes,
        pair_features: dims.pair_features,
        cell: dims.cell,
        readout: case.readout,
        family,
        samples,
        train_size: N_TRAIN,
        init_std: 0.3,
        l2: L2,
        seed,
        ..TrainerConfig::default()
    };
    let mut trainer = Trainer::new(config, case.embeddings.clone()).unwrap();
    // Move away from the symmetric initial state: random means (biases too) and varied stds.
    let mut rng = vb_kernels::rng::Rng::new(seed + 100);
    let mut params: Vec<f32> = trainer.params().to_vec();
    let p = dims.param_count();
    for (i, x) in params.iter_mut().enumerate() {
        *x = if i < p { 0.6 * rng.normal() as f32 } else { -1.5 + 0.5 * rng.normal() as f32 };
    }
    trainer.set_params(&params).unwrap();
    let prior = Prior { mean: 0.1, variance: 0.5 };
    trainer.set_prior(prior).unwrap();
    let noise: Vec<f32> = (0..samples * p).map(|_| rng.normal() as f32).collect();

    let (terms, grad) =
        trainer.loss_and_gradient(&case.tokens, &case.lengths, &case.features, &case.labels, &noise, samples).unwrap();

    let x: Vec<f64> = params.iter().map(|&v| v as f64).collect();
    let noise64: Vec<f64> = noise.iter().map(|&v| v as f64).collect();
    let f = |x: &[f64]| objective(&dims, family, x, &noise64, samples, &case, &prior, N_TRAIN as f64, L2 as f64);
    let loss_ref = f(&x);
    assert!(
        (terms.loss - loss_ref).abs() < 1e-5 * loss_ref.abs(),
        "{family:?} S={samples}: loss {} vs reference {loss_ref}",
        terms.loss
    );

    let h = 1e-6;
    let mut fd = vec![0f64; x.len()];
    for i in 0..x.len() {
        let mut xp = x.clone();
        let mut xm = x.clone();
        xp[i] += h;
        xm[i] -= h;
        fd[i] = (f(&xp) - f(&xm)) / (2.0 * h);
    }
    // Per tensor: every coordinate within 1e-3 of the tensor's gradient scale (plus 1e-3 relative).
    let mut groups: Vec<(String, std::ops::Range<usize>)> =
        dims.tensors().iter().map(|t| (format!("{} mean", t.name), t.range())).collect();
    match family {
        Family::Diagonal => groups
            .extend(dims.tensors().iter().map(|t| (format!("{} rho", t.name), p + t.offset..p + t.offset + t.len()))),
        Family::Isotropic => groups.push(("shared rho".into(), p..p + 1)),
        Family::None => {}
    }
    for (name, range) in groups {
        let scale = fd[range.clone()].iter().map(|v| v * v).sum::<f64>().sqrt() / (range.len() as f64).sqrt();
        assert!(scale > 1e-6, "{family:?} S={samples} {name}: gradient vanishes, the check would be vacuous");
        for i in range {
            let err = (grad[i] as f64 - fd[i]).abs();
            assert!(
                err <= 1e-3 * (scale + fd[i].abs()),
                "{family:?} S={samples} {name}[{i}]: analytic {} vs finite difference {} (scale {scale})",
                grad[i],
                fd[i]
            );
        }
    }
}

#[test]
fn diagonal_s1() {
    check(Family::Diagonal, 1, 1);
}
#[test]
fn diagonal_s3() {
    check(Family::Diagonal, 3, 2);
}
#[test]
fn isotropic_s1() {
    check(Family::Isotropic, 1, 3);
}
#[test]
fn isotropic_s3() {
    check(Family::Isotropic, 3, 4);
}
#[test]
fn plain_rnn_with_l2() {
    check(Family::None, 1, 5);
}
/// Pair features appended to φ: V's extra rows get their gradient, the codes' path is unchanged.
#[test]
fn diagonal_with_pair_features() {
    check_case(small_case_with_features(6, 3), Family::Diagonal, 2, 6);
}
#[test]
fn plain_rnn_with_pair_features() {
    check_case(small_case_with_features(7, 2), Family::None, 1, 7);
}

/// The check must be able to fail: perturb one analytic coordinate and see it caught.
#[test]
fn a_wrong_gradient_is_caught() {
    let case = small_case(9);
    let dims = case.dims;
    let cfg = TrainerConfig {
        input_dim: 3,
        hidden: 4,
        classes: 6,
        family: Family::None,
        train_size: N_TRAIN,
        seed: 9,
        ..TrainerConfig::default()
    };
    let mut trainer = Trainer::new(cfg, case.embeddings.clone()).unwrap();
    let (_, grad) = trainer.loss_and_gradient(&case.tokens, &case.lengths, &[], &case.labels, &[], 1).unwrap();
    let x: Vec<f64> = trainer.params().iter().map(|&v| v as f64).collect();
    let prior = Prior { mean: 0.0, variance: 1.0 };
    let f = |x: &[f64]| objective(&dims, Family::None, x, &[], 1, &case, &prior, N_TRAIN as f64, 0.0);
    let i = dims.tensors()[1].offset + 5; // a U coordinate
    let mut xp = x.clone();
    let mut xm = x.clone();
    xp[i] += 1e-6;
    xm[i] -= 1e-6;
    let fd = (f(&xp) - f(&xm)) / 2e-6;
    assert!((grad[i] as f64 - fd).abs() < 1e-4 * (1.0 + fd.abs()), "baseline agreement");
    let wrong = -grad[i] as f64;
    assert!((wrong - fd).abs() > 1e-3 * fd.abs().max(1e-6), "a sign-flipped gradient would pass: the check is vacuous");
}

// ---------------------------------------------------------------------------------------------
// The other prior families and the log-variance parameterisation: the full objective (NLL + KL/N)
// against finite differences of the f64 reference with the same prior.

fn check_prior(prior: PriorFamily, family: Family, param: StdParam, seed: u64) {
    let case = small_case(seed);
    let dims = case.dims;
    let samples = 2;
    let config = TrainerConfig {
        input_dim: dims.input_dim,
        hidden: dims.hidden,
        classes: dims.classes,
        family,
        prior,
        std_param: param,
        samples,
        train_size: N_TRAIN,
        seed,
        ..TrainerConfig::default()
    };
    let mut trainer = Trainer::new(config, case.embeddings.clone()).unwrap();
    let mut rng = vb_kernels::rng::Rng::new(seed + 100);
    let p = dims.param_count();
    let rho_centre = if param == StdParam::Softplus { -1.5 } else { -3.0 };
    let params: Vec<f32> = (0..trainer.params().len())
        .map(|i| if i < p { 0.6 * rng.normal() as f32 } else { rho_centre + 0.5 * rng.normal() as f32 })
        .collect();
    trainer.set_params(&params).unwrap();
    let refp = if prior == PriorFamily::LogUniform {
        RefPrior::LogUniform
    } else {
        let g = trainer.prior_state().variances().len();
        let v: Vec<f64> = (0..g).map(|_| 0.4 * (0.7 * rng.normal()).exp()).collect();
        trainer.set_prior_variances(&v).unwrap();
        RefPrior::Gaussian { mean: 0.0, variances: trainer.prior_state().weight_variances() }
    };
    let noise: Vec<f32> = (0..samples * p).map(|_| rng.normal() as f32).collect();
    let (terms, grad) =
        trainer.loss_and_gradient(&case.tokens, &case.lengths, &[], &case.labels, &noise, samples).unwrap();
    let x: Vec<f64> = params.iter().map(|&v| v as f64).collect();
    let noise64: Vec<f64> = noise.iter().map(|&v| v as f64).collect();
    let f = |x: &[f64]| objective_with(&dims, family, param, x, &noise64, samples, &case, &refp, N_TRAIN as f64, 0.0);
    let label = format!("{prior:?} prior, {family:?} posterior, {param:?}");
    let loss_ref = f(&x);
    assert!(
        (terms.loss - loss_ref).abs() < 1e-5 * loss_ref.abs(),
        "{label}: loss {} vs reference {loss_ref}",
        terms.loss
    );
    let h = 1e-6;
    let fd: Vec<f64> = (0..x.len())
        .map(|i| {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[i] += h;
            xm[i] -= h;
            (f(&xp) - f(&xm)) / (2.0 * h)
        })
        .collect();
    let scale = fd.iter().map(|v| v * v).sum::<f64>().sqrt() / (fd.len() as f64).sqrt();
    assert!(scale > 1e-6, "{label}: gradient vanishes");
    for i in 0..x.len() {
        let err = (grad[i] as f64 - fd[i]).abs();
        assert!(
            err <= 1e-3 * (scale + fd[i].abs()),
            "{label}: [{i}] analytic {} vs finite difference {}",
            grad[i],
            fd[i]
        );
    }
}

#[test]
fn every_prior_family_matches_finite_differences() {
    let mut seed = 40;
    for prior in [PriorFamily::Tensor, PriorFamily::Group, PriorFamily::Diagonal, PriorFamily::LogUniform] {
        for family in [Family::Diagonal, Family::Isotropic] {
            for param in [StdParam::Softplus, StdParam::LogVariance] {
                check_prior(prior, family, param, seed);
                seed += 1;
            }
        }
    }
}

/// The mean readout: every hidden state of a sentence reaches the head.
#[test]
fn mean_readout_matches_finite_differences() {
    for (family, seed) in [(Family::Diagonal, 60), (Family::Isotropic, 61), (Family::None, 62)] {
        let case = common::Case { readout: vb_kernels::Readout::Mean, ..small_case(seed) };
        check_case(case, family, 2, seed);
    }
}

/// The max readout: the gradient reaches the step that attains each maximum.
#[test]
fn max_readout_matches_finite_differences() {
    for (family, seed) in [(Family::Diagonal, 63), (Family::None, 64)] {
        let case = common::Case { readout: vb_kernels::Readout::Max, ..small_case(seed) };
        check_case(case, family, 2, seed);
    }
}

/// GRU and LSTM cells: every tensor (W and U with all gates, the biases) under both posterior
/// families and the plain model, with each readout.
#[test]
fn gated_cells_match_finite_differences() {
    use vb_kernels::{Cell, Readout};
    let mut seed = 70;
    for cell in [Cell::Gru, Cell::Lstm] {
        for (family, readout) in [
            (Family::Diagonal, Readout::Last),
            (Family::Isotropic, Readout::Mean),
            (Family::None, Readout::Max),
            (Family::Diagonal, Readout::Max),
        ] {
            let base = small_case(seed);
            let case = common::Case { readout, dims: vb_kernels::Dims { cell, ..base.dims }, ..base };
            check_case(case, family, 2, seed);
            seed += 1;
        }
    }
}
