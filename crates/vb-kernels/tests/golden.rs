//! The native engine still reproduces its golden file `tests/golden/engine.json` (written by
//! `examples/golden.rs`; `packages/core/test/golden.test.ts` replays the same cases through
//! WebAssembly). A failure after a deliberate change of the numbers: regenerate the file with
//! `cargo run --release --example golden > crates/vb-kernels/tests/golden/engine.json` and commit it.

use serde_json::Value;
use vb_kernels::{EvalOptions, Trainer, TrainerConfig};

const RTOL: f64 = 1e-6;
const REGENERATE: &str =
    "if the change is deliberate, regenerate with `cargo run --release --example golden > crates/vb-kernels/tests/golden/engine.json`";

fn golden() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/engine.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}; {REGENERATE}"));
    serde_json::from_str(&text).expect("the golden file is JSON")
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(|x| x.as_f64().expect("a number")).collect()
}
fn u32s(v: &Value) -> Vec<u32> {
    f64s(v).into_iter().map(|x| x as u32).collect()
}
fn f32s(v: &Value) -> Vec<f32> {
    f64s(v).into_iter().map(|x| x as f32).collect()
}

/// `|got − want| ≤ RTOL · max(|want|, scale)`: relative, except below `scale` (quantities that are
/// sums with cancellation, or near zero) where it is absolute.
fn assert_close(what: &str, got: f64, want: f64, scale: f64) {
    assert!(
        (got - want).abs() <= RTOL * want.abs().max(scale),
        "{what}: engine {got}, golden {want} (relative {:.2e}); {REGENERATE}",
        (got - want).abs() / want.abs()
    );
}

fn assert_all_close(what: &str, got: &[f64], want: &[f64], scale: f64) {
    assert_eq!(got.len(), want.len(), "{what}: length; {REGENERATE}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert_close(&format!("{what}[{i}]"), g, w, scale);
    }
}

fn replay(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let config: TrainerConfig = serde_json::from_value(case["config"].clone())
        .unwrap_or_else(|e| panic!("{name}: the golden config no longer deserialises: {e}"));
    let mut trainer = Trainer::new(config, f32s(&case["embeddings"])).unwrap();
    let batches = case["batches"].as_array().unwrap();
    let steps = case["steps"].as_array().unwrap();
    assert_eq!(batches.len(), steps.len());
    for (i, (b, want)) in batches.iter().zip(steps).enumerate() {
        let at = |key: &str| format!("{name}: step {} {key}", i + 1);
        let s = trainer.step(&u32s(&b["tokens"]), &u32s(&b["lengths"]), &[], &u32s(&b["labels"])).unwrap();
        assert_eq!(s.step, want["step"].as_u64().unwrap(), "{}", at("number"));
        assert_eq!(s.clipped, want["clipped"].as_bool().unwrap(), "{}", at("clipped"));
        for (key, got) in
            [("loss", s.loss), ("nll", s.nll), ("kl", s.kl), ("penalty", s.penalty), ("gradNorm", s.grad_norm)]
        {
            assert_close(&at(key), got, want[key].as_f64().unwrap(), 1e-3);
        }
        let variance = want["priorVariance"].as_f64().unwrap();
        assert_close(&at("priorVariance"), s.prior_variance, variance, 0.0);
        assert_close(&at("priorMean"), s.prior_mean, want["priorMean"].as_f64().unwrap(), variance.sqrt());
        assert_all_close(&at("lastGradNorms"), trainer.last_grad_norms(), &f64s(&want["lastGradNorms"]), 1e-3);
    }
    trainer.end_epoch();
    let prior = &case["priorAfterEndEpoch"];
    let variance = prior["variance"].as_f64().unwrap();
    assert_close(&format!("{name}: prior variance after end_epoch"), trainer.prior().variance, variance, 0.0);
    assert_close(
        &format!("{name}: prior mean after end_epoch"),
        trainer.prior().mean,
        prior["mean"].as_f64().unwrap(),
        variance.sqrt(),
    );
    let params = trainer.params();
    assert_eq!(params.len() as u64, case["paramCount"].as_u64().unwrap(), "{name}: parameter count");
    let abs_sum: f64 = params.iter().map(|&x| (x as f64).abs()).sum();
    let sum: f64 = params.iter().map(|&x| x as f64).sum();
    let want_abs = case["paramAbsSum"].as_f64().unwrap();
    assert_close(&format!("{name}: Σ|params|"), abs_sum, want_abs, 0.0);
    assert_close(&format!("{name}: Σ params"), sum, case["paramSum"].as_f64().unwrap(), want_abs);

    let (tokens, lengths) = (u32s(&case["eval"]["tokens"]), u32s(&case["eval"]["lengths"]));
    let as_f64 = |v: Vec<f32>| v.into_iter().map(|x| x as f64).collect::<Vec<_>>();
    let p = trainer.predict(&tokens, &lengths, &[], &EvalOptions::default()).unwrap();
    assert_all_close(&format!("{name}: predict"), &as_f64(p), &f64s(&case["predict"]), 1e-3);
    let mc = EvalOptions {
        mc_samples: case["mcSamples"].as_u64().unwrap() as usize,
        seed: case["mcSeed"].as_u64().unwrap(),
        ..EvalOptions::default()
    };
    let p = trainer.predict(&tokens, &lengths, &[], &mc).unwrap();
    assert_all_close(&format!("{name}: Monte-Carlo predict"), &as_f64(p), &f64s(&case["predictMc"]), 1e-3);
}

#[test]
fn native_engine_reproduces_the_golden_file() {
    let doc = golden();
    let cases = doc["cases"].as_array().expect("a list of cases");
    assert!(cases.len() >= 4, "the golden file should hold the diagonal, isotropic and plain cases");
    for case in cases {
        replay(case);
    }
}
