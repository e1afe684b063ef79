//! Property tests of everything that loads state into a trainer from outside: `import_state`
//! (checkpoint bytes), `set_params`, `set_prior_variances` and `set_prior`. Random bytes, mutated
//! checkpoints (byte flips, special values written over fields, cuts, insertions, with and without
//! a fresh checksum) and random arrays must give a typed error that leaves the trainer unchanged,
//! or a valid state that trains and predicts — never a panic (a trap in WebAssembly) or a hang.
//!
//! Cases per run (proptest, a new random seed each run; a failure prints the shrunk input):
//! 10 000 mutated checkpoints + 3 000 random byte strings + 3 000 parameter vectors + 2 000 prior
//! settings = 18 000, about two seconds. `PROPTEST_CASES` does not apply (the counts are fixed here).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::sync::LazyLock;
use vb_kernels::rng::Rng;
use vb_kernels::state::fnv1a;
use vb_kernels::{
    EvalOptions, Family, OptimizerKind, Prior, PriorFamily, PriorUpdate, StdParam, Trainer, TrainerConfig, VbError,
};

const MUTATED_CASES: u32 = 10_000;
const RANDOM_CASES: u32 = 3_000;
const PARAMS_CASES: u32 = 3_000;
const PRIOR_CASES: u32 = 2_000;

const M: usize = 3;
const N: usize = 4;
const K: usize = 3;
const VOCAB: usize = 9;
const PAIRS: usize = 4;
const T: usize = 4;

struct Batch {
    tokens: Vec<u32>,
    lengths: Vec<u32>,
    labels: Vec<u32>,
}

/// One model: a fresh trainer to import into, a checkpoint of a trained twin, a batch.
struct Fixture {
    label: String,
    target: Trainer,
    good: Vec<u8>,
    batch: Batch,
}

fn batch(seed: u64) -> Batch {
    let mut rng = Rng::new(seed);
    let lengths: Vec<u32> = (0..2 * PAIRS).map(|_| 1 + rng.below(T) as u32).collect();
    let mut tokens = vec![0u32; 2 * PAIRS * T];
    for (r, &len) in lengths.iter().enumerate() {
        for j in 0..len as usize {
            tokens[r * T + j] = rng.below(VOCAB) as u32;
        }
    }
    let labels = (0..PAIRS).map(|_| rng.below(K) as u32).collect();
    Batch { tokens, lengths, labels }
}

/// Every posterior family, both optimisers and every prior family, so each checkpoint layout
/// (prior variances or none, a second moment or none, ρ of length P, 1 or 0) is exercised.
static FIXTURES: LazyLock<Vec<Fixture>> = LazyLock::new(|| {
    let base = TrainerConfig {
        input_dim: M,
        hidden: N,
        classes: K,
        train_size: 40,
        init_std: 0.05,
        learning_rate: 0.01,
        seed: 5,
        ..TrainerConfig::default()
    };
    let configs = [
        base.clone(),
        TrainerConfig { family: Family::Isotropic, prior: PriorFamily::Tensor, samples: 2, ..base.clone() },
        TrainerConfig { optimizer: OptimizerKind::Sgd, prior: PriorFamily::Group, ..base.clone() },
        TrainerConfig { family: Family::None, l2: 0.5, ..base.clone() },
        TrainerConfig { prior: PriorFamily::Diagonal, prior_update: PriorUpdate::Epoch, ..base.clone() },
        TrainerConfig { prior: PriorFamily::LogUniform, std_param: StdParam::LogVariance, ..base.clone() },
    ];
    let mut rng = Rng::new(11);
    let embeddings: Vec<f32> = (0..VOCAB * M).map(|_| rng.normal() as f32).collect();
    configs
        .into_iter()
        .map(|cfg| {
            let label = format!("{:?}/{:?}/{:?}", cfg.family, cfg.prior, cfg.optimizer);
            let target = Trainer::new(cfg.clone(), embeddings.clone()).unwrap();
            let mut source = target.clone();
            for seed in 0..3 {
                let b = batch(seed);
                source.step(&b.tokens, &b.lengths, &[], &b.labels).unwrap();
            }
            Fixture { label, target, good: source.export_state(), batch: batch(7) }
        })
        .collect()
});

/// Replaces the trailing checksum (when there is room for one) so the content checks are reached.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= 8 {
        let body = bytes.len() - 8;
        let sum = fnv1a(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
    }
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// A trainer that accepted outside state must be usable: its settings valid, every stored value
/// finite, its own checkpoint a fixed point, and a step (or a typed non-finite refusal that
/// changes nothing) and predictions, by the means and by Monte Carlo, of the right size.
fn assert_usable(fx: &Fixture, t: &mut Trainer) -> Result<(), TestCaseError> {
    let label = &fx.label;
    prop_assert!(t.config().validate().is_ok(), "{label}: imported settings invalid: {:?}", t.config());
    prop_assert!(t.params().iter().all(|v| v.is_finite()), "{label}: non-finite parameter accepted");
    prop_assert!(
        t.prior_state().variances().iter().all(|v| *v > 0.0 && v.is_finite()),
        "{label}: invalid prior variance accepted"
    );
    let prior = t.prior();
    prop_assert!(prior.mean.is_finite() && prior.variance.is_finite() && prior.variance >= 0.0);
    let exported = t.export_state();
    let mut again = fx.target.clone();
    prop_assert_eq!(again.import_state(&exported), Ok(()), "{}: a trainer's own checkpoint was refused", label);
    prop_assert_eq!(again.export_state(), exported, "{}: export → import → export is not a fixed point", label);

    let b = &fx.batch;
    let before = bits(t.params());
    match t.step(&b.tokens, &b.lengths, &[], &b.labels) {
        Ok(stats) => prop_assert_eq!(stats.step, t.steps()),
        Err(VbError::NonFinite { .. }) => {
            prop_assert_eq!(bits(t.params()), before, "{}: a refused step changed the parameters", label)
        }
        Err(other) => return Err(TestCaseError::fail(format!("{label}: step after import: {other:?}"))),
    }
    for mc_samples in [0, 3] {
        let options = EvalOptions { mc_samples, seed: 1, ..EvalOptions::default() };
        let probs = t.predict(&b.tokens, &b.lengths, &[], &options);
        prop_assert!(matches!(&probs, Ok(p) if p.len() == PAIRS * K), "{label}: predict gave {probs:?}");
    }
    t.end_epoch();
    Ok(())
}

/// Imports `bytes` into a copy of the fixture's target: a `State` error with the trainer unchanged,
/// or a usable trainer.
fn check_import(fx: &Fixture, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut t = fx.target.clone();
    let before = t.export_state();
    match t.import_state(bytes) {
        Ok(()) => assert_usable(fx, &mut t),
        Err(VbError::State(msg)) => {
            prop_assert!(!msg.is_empty());
            prop_assert_eq!(t.export_state(), before, "{}: a refused import changed the trainer ({})", &fx.label, msg);
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!("{}: import gave a non-State error {other:?}", fx.label))),
    }
}

/// One edit of a checkpoint. Positions are taken modulo the current length.
#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Word32 { at: usize, value: u32 },
    Word64 { at: usize, value: u64 },
    Zero { at: usize, len: usize },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Remove { at: usize, len: usize },
}

/// Positions: half of them in the header (fields before the parameters), half anywhere.
fn position() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..140, 0usize..1 << 20]
}

/// Values that break a field: zero, all ones, NaN, ±∞, negatives, extremes, subnormals, or any.
fn word32() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(u32::MAX),
        Just(f32::NAN.to_bits()),
        Just(f32::INFINITY.to_bits()),
        Just(f32::NEG_INFINITY.to_bits()),
        Just((-1.0f32).to_bits()),
        Just((-0.0f32).to_bits()),
        Just(f32::MAX.to_bits()),
        Just(1u32), // the smallest subnormal
        Just(1u32 << 31),
        any::<u32>(),
    ]
}

fn word64() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        Just(1u64 << 53),
        Just((1u64 << 53) + 1),
        Just(f64::NAN.to_bits()),
        Just(f64::INFINITY.to_bits()),
        Just((-1.0f64).to_bits()),
        Just(f64::MAX.to_bits()),
        Just(1u64),
        Just(2u64),
        any::<u64>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (position(), 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        3 => (position(), word32()).prop_map(|(at, value)| Mutation::Word32 { at, value }),
        3 => (position(), word64()).prop_map(|(at, value)| Mutation::Word64 { at, value }),
        1 => (position(), 1usize..64).prop_map(|(at, len)| Mutation::Zero { at, len }),
        1 => position().prop_map(|at| Mutation::Truncate { at }),
        1 => (position(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => (position(), 1usize..16).prop_map(|(at, len)| Mutation::Remove { at, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    let overwrite = |bytes: &mut Vec<u8>, at: usize, new: &[u8]| {
        let at = at % len;
        let end = (at + new.len()).min(len);
        bytes[at..end].copy_from_slice(&new[..end - at]);
    };
    match m {
        Mutation::Flip { at, mask } => bytes[at % len] ^= mask,
        Mutation::Word32 { at, value } => overwrite(bytes, *at, &value.to_le_bytes()),
        Mutation::Word64 { at, value } => overwrite(bytes, *at, &value.to_le_bytes()),
        Mutation::Zero { at, len: n } => overwrite(bytes, *at, &vec![0; *n]),
        Mutation::Truncate { at } => bytes.truncate(at % len),
        Mutation::Insert { at, bytes: new } => {
            let at = at % len;
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::Remove { at, len: n } => {
            let at = at % len;
            bytes.drain(at..(at + n).min(len));
        }
    }
}

/// Any f32, with the awkward ones (NaN, ±∞, ±0, extremes, subnormals) as likely as ordinary values.
fn float() -> impl Strategy<Value = f32> {
    prop_oneof![
        -3.0f32..3.0,
        any::<u32>().prop_map(f32::from_bits),
        prop::sample::select(vec![f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, f32::MAX, f32::MIN, 1e-45]),
    ]
}

fn double() -> impl Strategy<Value = f64> {
    prop_oneof![
        1e-3f64..10.0,
        any::<u64>().prop_map(f64::from_bits),
        prop::sample::select(vec![f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX, f64::MIN_POSITIVE, 5e-324]),
    ]
}

fn fixture() -> impl Strategy<Value = usize> {
    0..FIXTURES.len()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(MUTATED_CASES))]
    /// A real checkpoint with 1–4 edits, resealed (so the parser reads past the checksum) 85% of
    /// the time.
    #[test]
    fn mutated_checkpoints_give_a_state_error_or_a_usable_trainer(
        f in fixture(),
        mutations in prop::collection::vec(mutation(), 1..5),
        seal in prop::bool::weighted(0.85),
    ) {
        let fx = &FIXTURES[f];
        let mut bytes = fx.good.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        if seal {
            reseal(&mut bytes);
        }
        check_import(fx, &bytes)?;
    }
}

proptest! {
    #![proptest_config(config(RANDOM_CASES))]
    /// Random bytes: raw, or behind the first `keep` bytes of a real checkpoint (its magic and
    /// header), with a valid checksum.
    #[test]
    fn random_bytes_give_a_state_error_or_a_usable_trainer(
        f in fixture(),
        tail in prop::collection::vec(any::<u8>(), 0..3000),
        keep in prop_oneof![Just(0usize), 4usize..140],
        seal in any::<bool>(),
    ) {
        let fx = &FIXTURES[f];
        let mut bytes = fx.good[..keep].to_vec();
        bytes.extend_from_slice(&tail);
        if seal {
            reseal(&mut bytes);
        }
        check_import(fx, &bytes)?;
    }
}

proptest! {
    #![proptest_config(config(PARAMS_CASES))]
    /// `set_params` with vectors of the right or a wrong length holding any f32.
    #[test]
    fn set_params_takes_exactly_the_finite_vectors_of_the_right_length(
        f in fixture(),
        right_length in prop::bool::weighted(0.7),
        other_length in 0usize..400,
        values in prop::collection::vec(float(), 400),
        keep_finite in prop::bool::weighted(0.5),
    ) {
        let fx = &FIXTURES[f];
        let mut t = fx.target.clone();
        let len = if right_length { t.params().len() } else { other_length };
        let mut params: Vec<f32> = values.iter().copied().cycle().take(len).collect();
        if keep_finite {
            params.iter_mut().filter(|v| !v.is_finite()).for_each(|v| *v = 0.5);
        }
        let before = bits(t.params());
        let acceptable = len == t.params().len() && params.iter().all(|v| v.is_finite());
        match t.set_params(&params) {
            Ok(()) => {
                prop_assert!(acceptable, "{}: accepted {} values", &fx.label, len);
                prop_assert_eq!(bits(t.params()), bits(&params));
                assert_usable(fx, &mut t)?;
            }
            Err(VbError::State(_)) => {
                prop_assert!(!acceptable, "{}: refused a valid vector", &fx.label);
                prop_assert_eq!(bits(t.params()), before);
            }
            Err(other) => return Err(TestCaseError::fail(format!("set_params: {other:?}"))),
        }
    }
}

proptest! {
    #![proptest_config(config(PRIOR_CASES))]
    /// `set_prior_variances` and `set_prior` with any values: a `Config` error that changes
    /// nothing, or a usable trainer.
    #[test]
    fn prior_setters_give_a_config_error_or_a_usable_trainer(
        f in fixture(),
        count in prop_oneof![Just(None), (0usize..200).prop_map(Some)],
        values in prop::collection::vec(double(), 200),
        mean in prop_oneof![Just(0.0f64), double()],
        variance in double(),
    ) {
        let fx = &FIXTURES[f];
        let mut t = fx.target.clone();
        let len = count.unwrap_or(t.prior_state().variances().len());
        let variances: Vec<f64> = values.iter().copied().cycle().take(len).collect();
        for setter in 0..2 {
            let before = t.export_state();
            let result = match setter {
                0 => t.set_prior_variances(&variances),
                _ => t.set_prior(Prior { mean, variance }),
            };
            match result {
                Ok(()) => {}
                Err(VbError::Config(_)) => prop_assert_eq!(t.export_state(), before),
                Err(other) => return Err(TestCaseError::fail(format!("prior setter: {other:?}"))),
            }
        }
        assert_usable(fx, &mut t)?;
    }
}
