//! Writes the engine's golden file: a few fixed cases (config, embeddings, three minibatches) and
//! what the native engine computes for them — the statistics of each `step`, the per-tensor
//! gradient norms, the prior, the parameters' sums and the predicted probabilities. The native
//! test `tests/golden.rs` checks that the engine still reproduces it, and
//! `packages/core/test/golden.test.ts` replays every case through WebAssembly.
//!
//! Regenerate (after a deliberate change of the numbers) with
//! `cargo run --release --example golden > crates/vb-kernels/tests/golden/engine.json`.

use serde_json::{json, Value};
use vb_kernels::rng::Rng;
use vb_kernels::trainer::Init;
use vb_kernels::{Cell, EvalOptions, Family, OptimizerKind, PriorFamily, PriorUpdate, Readout, Trainer, TrainerConfig};

const VOCAB: usize = 12;
const STEPS: usize = 3;
const MC_SAMPLES: usize = 8;
const MC_SEED: u64 = 5;

/// A batch of `pairs` random pairs padded to `t`, with lengths 1..=t (one at t) and random labels.
fn batch(rng: &mut Rng, pairs: usize, t: usize, classes: usize) -> Value {
    let lengths: Vec<u32> = (0..2 * pairs).map(|r| if r == 1 { t as u32 } else { 1 + rng.below(t) as u32 }).collect();
    let mut tokens = vec![0u32; 2 * pairs * t];
    for (r, &len) in lengths.iter().enumerate() {
        for j in 0..len as usize {
            tokens[r * t + j] = rng.below(VOCAB) as u32;
        }
    }
    let labels: Vec<u32> = (0..pairs).map(|_| rng.below(classes) as u32).collect();
    json!({ "tokens": tokens, "lengths": lengths, "labels": labels })
}

/// f32 values as JSON numbers in their shortest form (`0.01`, not `0.009999999776482582`): the
/// number still converts back to the same f32, and the file stays readable.
fn short<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as u32).collect()
}

fn case(name: &str, config: TrainerConfig, data_seed: u64) -> Value {
    let mut rng = Rng::new(data_seed);
    let embeddings: Vec<f32> = (0..VOCAB * config.input_dim).map(|_| (0.8 * rng.normal()) as f32).collect();
    let batches: Vec<Value> = (0..STEPS).map(|i| batch(&mut rng, 4 + i, 5 + i, config.classes)).collect();
    let eval = batch(&mut rng, 3, 4, config.classes);

    let mut trainer = Trainer::new(config.clone(), embeddings.clone()).expect("a valid golden config");
    let mut steps = Vec::new();
    for b in &batches {
        let stats =
            trainer.step(&u32s(&b["tokens"]), &u32s(&b["lengths"]), &[], &u32s(&b["labels"])).expect("a finite step");
        let mut record = serde_json::to_value(stats).unwrap();
        record["lastGradNorms"] = json!(trainer.last_grad_norms());
        steps.push(record);
    }
    trainer.end_epoch();
    let prior = trainer.prior();
    let params = trainer.params().to_vec();
    let sum: f64 = params.iter().map(|&x| x as f64).sum();
    let abs_sum: f64 = params.iter().map(|&x| (x as f64).abs()).sum();
    let (tokens, lengths) = (u32s(&eval["tokens"]), u32s(&eval["lengths"]));
    let predict = trainer.predict(&tokens, &lengths, &[], &EvalOptions::default()).unwrap();
    let mc = EvalOptions { mc_samples: MC_SAMPLES, seed: MC_SEED, ..EvalOptions::default() };
    let predict_mc = trainer.predict(&tokens, &lengths, &[], &mc).unwrap();
    json!({
        "name": name,
        "config": short(&config),
        "embeddings": short(&embeddings),
        "batches": batches,
        "steps": steps,
        "priorAfterEndEpoch": { "mean": prior.mean, "variance": prior.variance },
        "paramCount": params.len(),
        "paramSum": sum,
        "paramAbsSum": abs_sum,
        "eval": { "tokens": tokens, "lengths": lengths },
        "predict": short(&predict),
        "mcSamples": MC_SAMPLES,
        "mcSeed": MC_SEED,
        "predictMc": short(&predict_mc),
    })
}

fn main() {
    let base = TrainerConfig {
        input_dim: 4,
        hidden: 5,
        classes: 6,
        train_size: 40,
        init_std: 0.05,
        learning_rate: 0.01,
        ..TrainerConfig::default()
    };
    let cases = vec![
        case(
            "diagonal S=1, adam, prior per step",
            TrainerConfig { family: Family::Diagonal, seed: 11, ..base.clone() },
            1,
        ),
        case(
            "diagonal S=3, seed init, prior per epoch, κ = 0.5",
            TrainerConfig {
                family: Family::Diagonal,
                samples: 3,
                init: Init::Seed,
                prior_update: PriorUpdate::Epoch,
                kl_weight: 0.5,
                hidden: 7,
                seed: 12,
                ..base.clone()
            },
            2,
        ),
        case(
            "isotropic S=3, clipped, 4 classes",
            TrainerConfig {
                family: Family::Isotropic,
                samples: 3,
                clip_norm: 0.5,
                classes: 4,
                seed: 13,
                ..base.clone()
            },
            3,
        ),
        case(
            "plain RNN (none), SGD with momentum, l2",
            TrainerConfig {
                family: Family::None,
                optimizer: OptimizerKind::Sgd,
                learning_rate: 0.2,
                l2: 0.3,
                seed: 14,
                ..base.clone()
            },
            4,
        ),
        case(
            "GRU, max readout, diagonal S=2, group prior",
            TrainerConfig {
                cell: Cell::Gru,
                readout: Readout::Max,
                prior: PriorFamily::Group,
                samples: 2,
                seed: 15,
                ..base.clone()
            },
            5,
        ),
        case(
            "LSTM, mean readout, isotropic S=1",
            TrainerConfig {
                cell: Cell::Lstm,
                readout: Readout::Mean,
                family: Family::Isotropic,
                seed: 16,
                ..base.clone()
            },
            6,
        ),
    ];
    let doc = json!({
        "about": "Golden values of the vb engine. Written by `cargo run --release --example golden > crates/vb-kernels/tests/golden/engine.json`; checked natively by crates/vb-kernels/tests/golden.rs and through WebAssembly by packages/core/test/golden.test.ts.",
        "cases": cases,
    });
    println!("{}", serde_json::to_string_pretty(&doc).unwrap());
}
