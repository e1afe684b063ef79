//! The `Trainer`'s contract beyond the arithmetic: seeded determinism, checkpoints (round trip and
//! every kind of bad input), non-finite steps, the three prior-update modes, prediction with
//! masks and Monte-Carlo samples, and the SNR.

use vb_kernels::activation::softplus_inverse;
use vb_kernels::objective::kl_divergence;
use vb_kernels::rng::Rng;
use vb_kernels::state::fnv1a;
use vb_kernels::{
    EvalOptions, Family, OptimizerKind, Prior, PriorFamily, PriorUpdate, StdParam, Trainer, TrainerConfig, VbError,
};

/// m = 3, n = 5, K = 4: P = 89 weights, odd, so a step with S = 1 leaves a spare normal in the RNG
/// and checkpoints must carry it.
const M: usize = 3;
const N: usize = 5;
const K: usize = 4;
const VOCAB: usize = 11;
const P: usize = M * N + N * N + N + 2 * N * K + K;

struct Batch {
    tokens: Vec<u32>,
    lengths: Vec<u32>,
    labels: Vec<u32>,
}

fn embeddings(seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..VOCAB * M).map(|_| rng.normal() as f32).collect()
}

/// `count` batches of B = 6 pairs padded to T = 5, with random lengths 1..=5.
fn batches(seed: u64, count: usize) -> Vec<Batch> {
    let (pairs, t) = (6, 5);
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let lengths: Vec<u32> = (0..2 * pairs).map(|_| 1 + rng.below(t) as u32).collect();
            let mut tokens = vec![0u32; 2 * pairs * t];
            for (r, &len) in lengths.iter().enumerate() {
                for j in 0..len as usize {
                    tokens[r * t + j] = rng.below(VOCAB) as u32;
                }
            }
            let labels = (0..pairs).map(|_| rng.below(K) as u32).collect();
            Batch { tokens, lengths, labels }
        })
        .collect()
}

fn config(family: Family) -> TrainerConfig {
    TrainerConfig {
        input_dim: M,
        hidden: N,
        classes: K,
        family,
        train_size: 60,
        init_std: 0.05,
        learning_rate: 0.01,
        seed: 17,
        ..TrainerConfig::default()
    }
}

fn trainer(config: TrainerConfig) -> Trainer {
    Trainer::new(config, embeddings(1)).unwrap()
}

fn step(t: &mut Trainer, b: &Batch) -> vb_kernels::StepStats {
    t.step(&b.tokens, &b.lengths, &[], &b.labels).unwrap()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

// ---------------------------------------------------------------------------------------------
// determinism

#[test]
fn same_seed_is_bit_identical_and_another_seed_differs() {
    let data = batches(2, 20);
    for (family, samples) in [(Family::Diagonal, 3), (Family::Isotropic, 1), (Family::None, 1)] {
        let run = |seed: u64| {
            let mut t = trainer(TrainerConfig { samples, seed, ..config(family) });
            let stats: Vec<u64> = data.iter().map(|b| step(&mut t, b).loss.to_bits()).collect();
            (bits(t.params()), stats, t.prior())
        };
        let (a, b, c) = (run(5), run(5), run(6));
        assert_eq!(a.0, b.0, "{family:?}: same seed, different parameters");
        assert_eq!(a.1, b.1, "{family:?}: same seed, different losses");
        assert_eq!(a.2, b.2, "{family:?}: same seed, different prior");
        assert_ne!(a.0, c.0, "{family:?}: another seed gave the same parameters");
    }
}

// ---------------------------------------------------------------------------------------------
// checkpoints

#[test]
fn checkpoint_round_trip_continues_bit_identically() {
    let data = batches(3, 12);
    let configs = [
        config(Family::Diagonal),
        TrainerConfig { samples: 3, ..config(Family::Isotropic) },
        TrainerConfig { optimizer: OptimizerKind::Sgd, ..config(Family::Diagonal) },
        TrainerConfig { l2: 0.5, ..config(Family::None) },
        TrainerConfig { prior: PriorFamily::Diagonal, ..config(Family::Diagonal) },
        TrainerConfig { prior: PriorFamily::Group, prior_update: PriorUpdate::Epoch, ..config(Family::Diagonal) },
        TrainerConfig { prior: PriorFamily::Tensor, ..config(Family::Isotropic) },
        TrainerConfig { prior: PriorFamily::LogUniform, std_param: StdParam::LogVariance, ..config(Family::Diagonal) },
    ];
    for cfg in configs {
        let label = format!("{:?}/{:?}/{:?}/S={}", cfg.family, cfg.prior, cfg.optimizer, cfg.samples);
        for k in [0, 1, 5] {
            let mut a = trainer(cfg.clone());
            let mut b = trainer(cfg.clone());
            for (i, batch) in data[..k].iter().enumerate() {
                if i == 1 {
                    // learning rate and KL weight are part of the state
                    for t in [&mut a, &mut b] {
                        t.set_learning_rate(0.004).unwrap();
                        t.set_kl_weight(0.5).unwrap();
                    }
                }
                step(&mut a, batch);
                step(&mut b, batch);
            }
            let bytes = b.export_state();
            drop(b);
            let mut c = trainer(cfg.clone());
            c.import_state(&bytes).unwrap();
            assert_eq!(c.export_state(), bytes, "{label} k={k}: export after import differs");
            assert_eq!(c.steps(), k as u64);
            assert_eq!(c.learning_rate(), a.learning_rate());
            assert_eq!(c.config().kl_weight, a.config().kl_weight);
            for batch in &data[k..] {
                let (sa, sc) = (step(&mut a, batch), step(&mut c, batch));
                assert_eq!(sa, sc, "{label}: after importing at step {k}, the step statistics differ");
            }
            assert_eq!(bits(a.params()), bits(c.params()), "{label} k={k}: parameters differ");
            assert_eq!(a.prior(), c.prior(), "{label} k={k}: prior differs");
            assert_eq!(a.prior_state(), c.prior_state(), "{label} k={k}: prior variances differ");
        }
    }
}

/// Asserts that importing `bytes` fails with a `State` error containing `expected`, and that the
/// trainer is unchanged: same parameters, and the next step is the same as an untouched copy's.
fn assert_rejected(t: &Trainer, bytes: &[u8], expected: &str, batch: &Batch) {
    let mut target = t.clone();
    let err = target.import_state(bytes).unwrap_err();
    assert!(matches!(err, VbError::State(_)), "expected a State error, got {err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("invalid trainer state: "), "{msg}");
    assert!(msg.contains(expected), "expected a message containing {expected:?}, got {msg:?}");
    let mut untouched = t.clone();
    assert_eq!(bits(target.params()), bits(untouched.params()), "a rejected import changed the parameters");
    assert_eq!(target.steps(), untouched.steps());
    assert_eq!(step(&mut target, batch), step(&mut untouched, batch), "a rejected import changed the state");
}

/// Replaces the trailing checksum so only the content check can object.
fn reseal(mut bytes: Vec<u8>) -> Vec<u8> {
    let body = bytes.len() - 8;
    let sum = fnv1a(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
    bytes
}

/// Byte offset of the parameters in a version-2 checkpoint of an isotropic-prior model (no
/// prior variances; see `state.rs`).
const PARAMS_AT: usize = 4 + 4 + 12 + 2 + 4 + 4 + 8 + 16 + 2 + 4 + 48 + 8 + 4 + 4;

#[test]
fn bad_checkpoints_are_rejected_with_the_reason() {
    let data = batches(4, 3);
    let cfg = config(Family::Diagonal);
    let mut source = trainer(cfg.clone());
    step(&mut source, &data[0]);
    let good = source.export_state();
    let target = trainer(cfg.clone());
    let batch = &data[1];

    assert_rejected(&target, &good[..good.len() - 9], "checksum mismatch", batch);
    assert_rejected(&target, &good[..12], "bad magic", batch);
    assert_rejected(&target, &[], "bad magic", batch);
    let mut corrupt = good.clone();
    corrupt[PARAMS_AT + 40] ^= 0x10;
    assert_rejected(&target, &corrupt, "checksum mismatch: the checkpoint is truncated or corrupt", batch);
    let mut magic = good.clone();
    magic[0] = b'X';
    assert_rejected(&target, &magic, "not a vb trainer checkpoint (bad magic)", batch);

    let mut version = good.clone();
    version[4..8].copy_from_slice(&3u32.to_le_bytes());
    assert_rejected(&target, &reseal(version), "checkpoint version 3, this build reads version 2", batch);

    let mut nan = good.clone();
    nan[PARAMS_AT..PARAMS_AT + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    assert_rejected(&target, &reseal(nan), "checkpoint holds non-finite values", batch);

    let mut trailing = good[..good.len() - 8].to_vec();
    trailing.extend_from_slice(&[0, 0, 0, 0]);
    trailing.extend_from_slice(&[0; 8]);
    assert_rejected(&target, &reseal(trailing), "4 unexpected trailing bytes", batch);

    // A checkpoint cut short inside the body but sealed again: the reader notices.
    let short = reseal(good[..PARAMS_AT + 20 + 8].to_vec());
    assert_rejected(&target, &short, "truncated at byte", batch);

    // Other models.
    let other_dims = trainer(TrainerConfig { hidden: N + 1, ..cfg.clone() }).export_state();
    assert_rejected(
        &target,
        &other_dims,
        &format!("checkpoint is for inputDim={M}, hidden={}, classes={K}; this trainer has {M}, {N}, {K}", N + 1),
        batch,
    );
    let other_classes = trainer(TrainerConfig { classes: K + 2, ..cfg.clone() }).export_state();
    assert_rejected(&target, &other_classes, &format!("classes={}", K + 2), batch);
    let other_family = trainer(TrainerConfig { family: Family::Isotropic, ..cfg.clone() }).export_state();
    assert_rejected(&target, &other_family, "posterior family code 1 differs from this trainer's Diagonal", batch);
    let other_prior = trainer(TrainerConfig { prior: PriorFamily::Group, ..cfg.clone() }).export_state();
    assert_rejected(&target, &other_prior, "prior family / std parameterisation codes 2/0 differ", batch);
    let other_optimizer = trainer(TrainerConfig { optimizer: OptimizerKind::Sgd, ..cfg.clone() }).export_state();
    assert_rejected(&target, &other_optimizer, "optimizer code 1 differs from this trainer's Adam", batch);
    let mut other_embeddings = embeddings(1);
    other_embeddings[7] += 0.5;
    let other_table = Trainer::new(cfg.clone(), other_embeddings).unwrap().export_state();
    assert_rejected(&target, &other_table, "checkpoint was made with different embeddings", batch);

    // And the untouched checkpoint still imports.
    let mut ok = target.clone();
    ok.import_state(&good).unwrap();
    assert_eq!(bits(ok.params()), bits(source.params()));
}

/// Values a checksum cannot vouch for (found by `tests/state_import_props.rs`): each would leave a
/// trainer that hangs (an all-zero xoshiro state never yields a normal), overflows a counter,
/// steps with a NaN rate or takes the square root of a negative second moment.
#[test]
fn crafted_checkpoint_values_are_rejected() {
    let data = batches(4, 2);
    let cfg = config(Family::Diagonal);
    let mut source = trainer(cfg.clone());
    step(&mut source, &data[0]);
    let good = source.export_state();
    let target = trainer(cfg);
    let batch = &data[1];
    // Offsets in a checkpoint of an isotropic-prior model (see `PARAMS_AT`).
    let (step_at, rng_at, t_at, lr_at, kappa_at) = (30, 60, 108, 116, 120);
    let with = |at: usize, new: &[u8]| {
        let mut b = good.clone();
        b[at..at + new.len()].copy_from_slice(new);
        reseal(b)
    };
    assert_rejected(&target, &with(step_at, &u64::MAX.to_le_bytes()), "exceeds 2^53", batch);
    assert_rejected(&target, &with(t_at, &u64::MAX.to_le_bytes()), "exceeds 2^53", batch);
    assert_rejected(&target, &with(rng_at, &[0; 32]), "RNG state is all zero", batch);
    assert_rejected(&target, &with(rng_at + 32, &2u64.to_le_bytes()), "RNG spare normal is invalid (flag 2", batch);
    let nan_spare = [1u64.to_le_bytes(), f64::NAN.to_bits().to_le_bytes()].concat();
    assert_rejected(&target, &with(rng_at + 32, &nan_spare), "RNG spare normal is invalid", batch);
    for lr in [0.0f32, -0.01, f32::NAN, f32::INFINITY] {
        assert_rejected(&target, &with(lr_at, &lr.to_le_bytes()), "learning rate is", batch);
    }
    for kappa in [-1.0f32, f32::NAN, f32::INFINITY] {
        assert_rejected(&target, &with(kappa_at, &kappa.to_le_bytes()), "KL weight is", batch);
    }
    let len = source.params().len();
    let second_at = PARAMS_AT + 2 * len * 4;
    assert_rejected(&target, &with(second_at, &(-1.0f32).to_le_bytes()), "negative second moment", batch);
    // The untouched fields read back as written: a zero KL weight and the largest step count are fine.
    let mut ok = target.clone();
    ok.import_state(&with(kappa_at, &0.0f32.to_le_bytes())).unwrap();
    assert_eq!(ok.config().kl_weight, 0.0);
    ok.import_state(&with(step_at, &(1u64 << 53).to_le_bytes())).unwrap();
    assert_eq!(ok.steps(), 1 << 53);
    step(&mut ok, batch);
}

// ---------------------------------------------------------------------------------------------
// non-finite steps

/// Runs one step that must fail with `NonFinite { tensor, quantity }`; checks the message and
/// that nothing the step may change was changed.
fn assert_non_finite(t: &mut Trainer, b: &Batch, tensor: &str, quantity: &str) {
    let (params, prior, steps) = (t.params().to_vec(), t.prior(), t.steps());
    let err = t.step(&b.tokens, &b.lengths, &[], &b.labels).unwrap_err();
    match &err {
        VbError::NonFinite { step, tensor: got, quantity: q } => {
            assert_eq!(*step, steps + 1);
            assert_eq!(got, tensor, "wrong tensor named: {err}");
            assert_eq!(*q, quantity, "wrong quantity: {err}");
        }
        other => panic!("expected NonFinite, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains(&format!("non-finite {quantity} in tensor {tensor} at step {}", steps + 1)), "{msg}");
    assert!(msg.contains("weights were not updated"), "{msg}");
    assert_eq!(bits(t.params()), bits(&params), "a failed step changed the parameters");
    assert_eq!(t.prior(), prior, "a failed step changed the prior");
    assert_eq!(t.steps(), steps, "a failed step counted as a step");
}

fn with_tensor(t: &Trainer, name: &str, value: f32) -> Vec<f32> {
    let dims = t.dims();
    let tensor = dims.tensors().into_iter().find(|x| x.name == name).unwrap();
    let mut p = t.params().to_vec();
    p[tensor.range()].fill(value);
    p
}

#[test]
fn a_non_finite_loss_names_the_term_and_changes_nothing() {
    let data = batches(5, 2);
    for family in [Family::Diagonal, Family::Isotropic, Family::None] {
        let mut t = trainer(config(family));
        step(&mut t, &data[0]);
        // V = 1e38: the logits overflow f32 and the log-likelihood is not a number.
        let huge = with_tensor(&t, "V", 1e38);
        let before = t.params().to_vec();
        t.set_params(&huge).unwrap();
        assert_non_finite(&mut t, &data[1], "NLL", "loss");
        // Recovers once the parameters are sane again.
        t.set_params(&before).unwrap();
        assert_eq!(step(&mut t, &data[1]).step, 2);
    }
    // A prior variance so small that KL(q‖p) overflows f64.
    let mut t = trainer(config(Family::Diagonal));
    t.set_prior(Prior { mean: 0.0, variance: 1e-310 }).unwrap();
    assert_non_finite(&mut t, &data[0], "KL", "loss");
}

#[test]
fn a_non_finite_gradient_names_the_tensor() {
    let data = batches(6, 1);
    // σ² = 1e-45: the KL (f64) is finite, its gradient (m − μ)/σ² overflows f32.
    let tiny = Prior { mean: 0.0, variance: 1e-45 };
    for (family, tensor) in [(Family::Diagonal, "V (mean)"), (Family::Isotropic, "V (mean)")] {
        let mut t = trainer(config(family));
        // Only V is off the prior mean, so V is the first tensor whose gradient overflows.
        let mut p = with_tensor(&t, "W", 0.0);
        for name in ["U", "b", "c"] {
            let tensor = t.dims().tensors().into_iter().find(|x| x.name == name).unwrap();
            p[tensor.range()].fill(0.0);
        }
        t.set_params(&p).unwrap();
        t.set_prior(tiny).unwrap();
        assert_non_finite(&mut t, &data[0], tensor, "gradient");
    }
    // All means at μ: the mean gradients stay finite, the std gradient s/σ² overflows.
    for (family, tensor) in [(Family::Diagonal, "W (std)"), (Family::Isotropic, "β (shared std)")] {
        let mut t = trainer(config(family));
        let mut p = t.params().to_vec();
        p[..P].fill(0.0);
        t.set_params(&p).unwrap();
        t.set_prior(tiny).unwrap();
        assert_non_finite(&mut t, &data[0], tensor, "gradient");
    }
}

#[test]
fn an_update_that_overflows_is_undone() {
    let data = batches(7, 2);
    // SGD with lr = 3e38: a coordinate whose gradient exceeds ~1.1 steps to infinity. The L2
    // gradient of U (means 100, l2 = 1, N = 1) is 100; the other gradients stay below 1.
    let cfg = TrainerConfig {
        optimizer: OptimizerKind::Sgd,
        learning_rate: 3e38,
        l2: 1.0,
        train_size: 1,
        momentum: 0.5,
        ..config(Family::None)
    };
    let mut t = trainer(cfg);
    t.set_params(&with_tensor(&t, "U", 100.0)).unwrap();
    let untouched = t.clone();
    assert_non_finite(&mut t, &data[0], "U (mean)", "parameter after the update");
    // The optimiser state was rolled back too: with a sane learning rate both continue alike.
    let mut u = untouched;
    for x in [&mut t, &mut u] {
        x.set_learning_rate(1e-3).unwrap();
    }
    assert_eq!(step(&mut t, &data[1]), step(&mut u, &data[1]));
    assert_eq!(bits(t.params()), bits(u.params()));
}

// ---------------------------------------------------------------------------------------------
// prior updates

fn closed_form(t: &Trainer) -> Prior {
    let stds = t.stds();
    Prior::closed_form(t.means(), |i| stds[i])
}

#[test]
fn fixed_prior_never_changes() {
    let data = batches(8, 6);
    let cfg = TrainerConfig {
        prior_update: PriorUpdate::Fixed,
        prior_mean: 0.2,
        prior_variance: 0.5,
        ..config(Family::Diagonal)
    };
    let initial = Prior { mean: 0.2, variance: 0.5 };
    let mut t = trainer(cfg);
    for b in &data {
        let s = step(&mut t, b);
        assert_eq!((s.prior_mean, s.prior_variance), (0.2, 0.5));
        t.end_epoch();
        assert_eq!(t.prior(), initial);
    }
    assert_ne!(closed_form(&t), initial, "the test is vacuous: the closed form equals the fixed prior");
}

#[test]
fn epoch_prior_changes_only_at_the_end_of_an_epoch() {
    let data = batches(9, 8);
    let mut t = trainer(TrainerConfig { prior_update: PriorUpdate::Epoch, ..config(Family::Diagonal) });
    let mut current = t.prior();
    assert_eq!(current, Prior { mean: 0.0, variance: 1.0 });
    for epoch in data.chunks(4) {
        for b in epoch {
            let s = step(&mut t, b);
            assert_eq!(t.prior(), current, "the prior changed within an epoch");
            assert_eq!((s.prior_mean, s.prior_variance), (current.mean, current.variance));
        }
        t.end_epoch();
        let want = closed_form(&t);
        assert_eq!(t.prior(), want, "end_epoch must set the closed-form prior");
        assert_ne!(t.prior(), current, "end_epoch left the prior as it was");
        current = want;
    }
}

#[test]
fn step_prior_follows_every_step() {
    let data = batches(10, 5);
    for family in [Family::Diagonal, Family::Isotropic] {
        let mut t = trainer(TrainerConfig { prior_update: PriorUpdate::Step, ..config(family) });
        let mut previous = t.prior();
        for b in &data {
            // The step's KL is taken against the prior from before the step.
            let (means, stds) = (t.means().to_vec(), t.stds());
            let kl_before = kl_divergence(&means, |i| stds[i], &previous);
            let s = step(&mut t, b);
            assert!((s.kl - kl_before).abs() <= 1e-12 * kl_before, "{family:?}: step KL {} vs {kl_before}", s.kl);
            let want = closed_form(&t);
            assert_eq!(t.prior(), want, "{family:?}: the prior is not the closed form of the updated posterior");
            assert_eq!((s.prior_mean, s.prior_variance), (want.mean, want.variance));
            assert_ne!(want, previous, "{family:?}: the prior did not move");
            previous = want;
            t.end_epoch();
            assert_eq!(t.prior(), want, "{family:?}: end_epoch changed a per-step prior");
        }
    }
}

#[test]
fn the_plain_rnn_never_updates_the_prior() {
    let data = batches(11, 3);
    for mode in [PriorUpdate::Step, PriorUpdate::Epoch] {
        let mut t = trainer(TrainerConfig { prior_update: mode, ..config(Family::None) });
        for b in &data {
            step(&mut t, b);
            t.end_epoch();
        }
        assert_eq!(t.prior(), Prior { mean: 0.0, variance: 1.0 }, "{mode:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// prediction

/// A trained diagonal model whose stds are 0.04.
fn trained() -> (Trainer, Vec<Batch>) {
    let data = batches(12, 10);
    let mut t = trainer(config(Family::Diagonal));
    for b in &data {
        step(&mut t, b);
    }
    let mut p = t.params().to_vec();
    p[P..].fill(softplus_inverse(0.04));
    t.set_params(&p).unwrap();
    (t, data)
}

fn predict(t: &mut Trainer, b: &Batch, options: &EvalOptions) -> Vec<f32> {
    t.predict(&b.tokens, &b.lengths, &[], options).unwrap()
}

#[test]
fn masks_keep_prune_and_are_checked() {
    let (mut t, data) = trained();
    let b = &data[0];
    let plain = predict(&mut t, b, &EvalOptions::default());
    let ones = vec![1u8; P];
    assert_eq!(bits(&predict(&mut t, b, &EvalOptions { mask: Some(&ones), ..Default::default() })), bits(&plain));
    let zeros = vec![0u8; P];
    for mc_samples in [0, 7] {
        let probs = predict(&mut t, b, &EvalOptions { mask: Some(&zeros), mc_samples, seed: 3 });
        for p in probs {
            assert!((p - 1.0 / K as f32).abs() < 1e-6, "all-zeros mask (mc {mc_samples}): probability {p}, not 1/K");
        }
    }
    // Keep only the head bias c: every pair gets softmax(c).
    let c = t.dims().tensors()[4];
    let mut only_c = vec![0u8; P];
    only_c[c.range()].fill(1);
    let cv: Vec<f64> = t.means()[c.range()].iter().map(|&x| x as f64).collect();
    let z: f64 = cv.iter().map(|x| x.exp()).sum();
    let probs = predict(&mut t, b, &EvalOptions { mask: Some(&only_c), ..Default::default() });
    for (i, p) in probs.iter().enumerate() {
        let want = cv[i % K].exp() / z;
        assert!((*p as f64 - want).abs() < 1e-6, "only c kept: probability {p} vs softmax(c) {want}");
    }
    // Pruning something changes the prediction.
    let mut no_u = ones.clone();
    no_u[t.dims().tensors()[1].range()].fill(0);
    assert_ne!(bits(&predict(&mut t, b, &EvalOptions { mask: Some(&no_u), ..Default::default() })), bits(&plain));
    let err = t.predict(&b.tokens, &b.lengths, &[], &EvalOptions { mask: Some(&[1, 0, 1]), ..Default::default() });
    assert!(err.unwrap_err().to_string().contains(&format!("mask has 3 entries, the model has {P} weights")));
}

#[test]
fn monte_carlo_predictive_is_near_the_mean_prediction_but_not_equal() {
    let (mut t, data) = trained();
    let b = &data[1];
    let at_mean = predict(&mut t, b, &EvalOptions::default());
    let mc = |t: &mut Trainer, samples: usize, seed: u64| {
        predict(t, b, &EvalOptions { mc_samples: samples, seed, ..Default::default() })
    };
    let many = mc(&mut t, 16_000, 1);
    let max_diff = many.iter().zip(&at_mean).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
    assert!(max_diff < 0.01, "MC predictive {many:?} is far from the mean prediction {at_mean:?}");
    assert!(max_diff > 1e-4, "MC predictive equals the mean prediction: no sampling happened");
    for row in many.chunks(K) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5, "MC probabilities sum to {}", row.iter().sum::<f32>());
    }
    // Converged: another seed gives nearly the same average, so the gap to the mean prediction is
    // the O(s²) effect of averaging over the posterior, not Monte-Carlo noise.
    let other = mc(&mut t, 16_000, 2);
    let seed_diff = many.iter().zip(&other).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
    assert!(seed_diff > 0.0 && seed_diff < 0.3 * max_diff, "seed-to-seed {seed_diff} vs gap to the mean {max_diff}");
    // Seeded: the same seed repeats exactly.
    assert_eq!(bits(&mc(&mut t, 50, 9)), bits(&mc(&mut t, 50, 9)));
    assert_ne!(bits(&mc(&mut t, 50, 9)), bits(&mc(&mut t, 50, 10)));
    // Evaluation never touches the training RNG.
    let mut u = t.clone();
    mc(&mut t, 20, 4);
    assert_eq!(step(&mut t, &data[2]), step(&mut u, &data[2]));
    assert_eq!(bits(t.params()), bits(u.params()));
}

#[test]
fn monte_carlo_is_ignored_by_the_plain_rnn() {
    let data = batches(13, 2);
    let mut t = trainer(config(Family::None));
    step(&mut t, &data[0]);
    let b = &data[1];
    assert_eq!(
        bits(&predict(&mut t, b, &EvalOptions { mc_samples: 30, seed: 1, ..Default::default() })),
        bits(&predict(&mut t, b, &EvalOptions::default()))
    );
}

// ---------------------------------------------------------------------------------------------
// signal-to-noise

#[test]
fn snr_is_mean_magnitude_over_std() {
    let data = batches(14, 3);
    for family in [Family::Diagonal, Family::Isotropic, Family::None] {
        let mut t = trainer(config(family));
        for b in &data {
            step(&mut t, b);
        }
        let (snr, means, rho) = (t.snr(), t.means().to_vec(), t.rho().to_vec());
        assert_eq!(snr.len(), P);
        for i in 0..P {
            let want = match family {
                Family::None => means[i].abs() as f64,
                _ => {
                    let r = if family == Family::Diagonal { rho[i] } else { rho[0] } as f64;
                    means[i].abs() as f64 / r.exp().ln_1p()
                }
            };
            assert!(
                (snr[i] as f64 - want).abs() <= 1e-6 * want + 1e-30,
                "{family:?} snr[{i}] = {} but |m|/s = {want}",
                snr[i]
            );
        }
        if family != Family::None {
            assert!(snr.iter().any(|&l| l > 1.0) && snr.iter().any(|&l| l < 1.0), "{family:?}: SNRs too uniform");
        }
    }
}

/// Regression: the log-softmax once formed `lse = max + ln Σ exp(z − max)` and then `z − lse`;
/// beyond 2⁵³ the `+ ln Σ` was rounded away and every class tied at the maximum got probability 1.
#[test]
fn probabilities_sum_to_one_even_for_huge_tied_logits() {
    let data = batches(15, 1);
    let mut t = trainer(config(Family::None));
    t.set_params(&with_tensor(&t, "V", 1e20)).unwrap();
    let probs = predict(&mut t, &data[0], &EvalOptions::default());
    for row in probs.chunks(K) {
        let sum: f32 = row.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5, "probabilities {row:?} sum to {sum}");
    }
}

#[test]
fn tensor_views_follow_the_layout() {
    let t = trainer(config(Family::Diagonal));
    let d = t.dims();
    let u = t.tensor_means("U").unwrap();
    assert_eq!(u.dim(), (d.hidden, d.hidden));
    let off = d.tensors()[1].offset;
    assert_eq!(u[[2, 3]], t.means()[off + 2 * d.hidden + 3]);
    assert!(t.tensor_means("Q").is_none());
}

/// κ is validated alike in the config and in `set_kl_weight`: finite and ≥ 0 (+∞ once passed the config).
#[test]
fn kl_weight_must_be_finite_and_non_negative_everywhere() {
    for kappa in [f32::INFINITY, f32::NAN, -1.0] {
        let err = Trainer::new(TrainerConfig { kl_weight: kappa, ..config(Family::Diagonal) }, embeddings(1))
            .err()
            .expect("a bad κ in the config is an error");
        assert!(matches!(err, VbError::Config(_)) && err.to_string().contains("klWeight"), "{err}");
        let mut t = trainer(config(Family::Diagonal));
        assert!(t.set_kl_weight(kappa).is_err(), "set_kl_weight({kappa})");
    }
}

// ---------------------------------------------------------------------------------------------
// resource limits: checked before anything is allocated, with the option named

#[test]
fn models_too_large_for_the_engine_are_refused_before_allocating() {
    for cfg in [
        TrainerConfig { hidden: 100_000, ..config(Family::Diagonal) },
        TrainerConfig { samples: 50_000_000, ..config(Family::Diagonal) },
        TrainerConfig { hidden: usize::MAX / 2, ..config(Family::Isotropic) },
    ] {
        let err = Trainer::new(cfg.clone(), embeddings(1)).err().expect("a too-large model is an error");
        let msg = err.to_string();
        assert!(matches!(err, VbError::Config(_)), "{msg}");
        assert!(msg.contains("hidden/samples") && msg.contains("limit is 2 GiB"), "{msg}");
    }
    // The default-sized model is far below the limit.
    assert!(config(Family::Diagonal).memory_bytes().unwrap() < 1 << 20);
}

#[test]
fn monte_carlo_sample_counts_are_bounded() {
    let mut t = trainer(config(Family::Diagonal));
    let b = &batches(7, 1)[0];
    let options = EvalOptions { mc_samples: vb_kernels::trainer::MAX_MC_SAMPLES + 1, ..EvalOptions::default() };
    let err = t.predict(&b.tokens, &b.lengths, &[], &options).unwrap_err();
    assert!(err.to_string().contains("mcSamples: at most 100000"), "{err}");
}
