//! Native (single-thread) throughput of `Trainer::step` on the standard benchmark workload, for
//! `bench/run.mjs`. Prints one JSON object per sample count on stdout.
//!
//! ```text
//! cargo run --release -p vb-kernels --example bench_native -- [--samples 1,4] [--pairs 32] [--len 20]
//!     [--input 50] [--hidden 64] [--classes 6] [--seconds 2] [--warmup 0.5] [--family diagonal]
//!     [--cell rnn|gru|lstm]
//! ```
//!
//! The workload matches the WASM and PyTorch rows of the benchmark: every sentence has length T,
//! random token ids over a 10 000-word table of N(0, 0.1²) vectors, random labels, a diagonal
//! posterior, Adam, and 8 distinct batches visited in turn. `--cell` picks the recurrent cell (the
//! tanh RNN by default); the GFLOP/s use `rnn::flops_per_pair`, which counts the G gates.

use std::time::Instant;
use vb_kernels::rng::Rng;
use vb_kernels::{Cell, Family, Trainer, TrainerConfig};

struct Args {
    samples: Vec<usize>,
    pairs: usize,
    len: usize,
    input: usize,
    hidden: usize,
    classes: usize,
    seconds: f64,
    warmup: f64,
    family: Family,
    cell: Cell,
}

fn parse() -> Args {
    let mut a = Args {
        samples: vec![1, 4],
        pairs: 32,
        len: 20,
        input: 50,
        hidden: 64,
        classes: 6,
        seconds: 2.0,
        warmup: 0.5,
        family: Family::Diagonal,
        cell: Cell::Rnn,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let key = argv[i].as_str();
        let val = argv.get(i + 1).unwrap_or_else(|| panic!("{key} needs a value"));
        let num = || val.parse::<f64>().unwrap_or_else(|_| panic!("{key}: not a number: {val}"));
        match key {
            "--samples" => {
                a.samples = val.split(',').map(|s| s.parse().expect("--samples: list of integers")).collect()
            }
            "--pairs" => a.pairs = num() as usize,
            "--len" => a.len = num() as usize,
            "--input" => a.input = num() as usize,
            "--hidden" => a.hidden = num() as usize,
            "--classes" => a.classes = num() as usize,
            "--seconds" => a.seconds = num(),
            "--warmup" => a.warmup = num(),
            "--family" => {
                a.family = match val.as_str() {
                    "diagonal" => Family::Diagonal,
                    "isotropic" => Family::Isotropic,
                    "none" => Family::None,
                    other => panic!("--family: unknown {other}"),
                }
            }
            "--cell" => {
                a.cell = match val.as_str() {
                    "rnn" => Cell::Rnn,
                    "gru" => Cell::Gru,
                    "lstm" => Cell::Lstm,
                    other => panic!("--cell: unknown {other} (rnn, gru or lstm)"),
                }
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    a
}

/// CPU time of this thread (Linux: /proc/thread-self/schedstat, in ns), to tell a slow machine
/// from a busy one; `None` where unavailable.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(text.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

fn main() {
    let a = parse();
    const VOCAB: usize = 10_000;
    const BATCHES: usize = 8;
    let mut rng = Rng::new(2024);
    let embeddings: Vec<f32> = (0..VOCAB * a.input).map(|_| 0.1 * rng.normal() as f32).collect();
    let rows = 2 * a.pairs;
    let batches: Vec<(Vec<u32>, Vec<u32>, Vec<u32>)> = (0..BATCHES)
        .map(|_| {
            let tokens = (0..rows * a.len).map(|_| rng.below(VOCAB) as u32).collect();
            let labels = (0..a.pairs).map(|_| rng.below(a.classes) as u32).collect();
            (tokens, vec![a.len as u32; rows], labels)
        })
        .collect();
    let dims =
        vb_kernels::Dims { input_dim: a.input, hidden: a.hidden, classes: a.classes, pair_features: 0, cell: a.cell };
    let cell_name = match a.cell {
        Cell::Rnn => "rnn",
        Cell::Gru => "gru",
        Cell::Lstm => "lstm",
    };
    let flops = vb_kernels::rnn::flops_per_pair(&dims, a.len);

    for &samples in &a.samples {
        let config = TrainerConfig {
            input_dim: a.input,
            hidden: a.hidden,
            classes: a.classes,
            family: a.family,
            cell: a.cell,
            samples,
            train_size: 10_000,
            seed: 1,
            ..TrainerConfig::default()
        };
        let mut trainer = Trainer::new(config, embeddings.clone()).expect("valid config");
        let mut run = |min_seconds: f64| {
            let start = Instant::now();
            let cpu_start = thread_cpu_seconds();
            let mut steps = 0usize;
            loop {
                let (tok, len, lab) = &batches[steps % BATCHES];
                trainer.step(tok, len, &[], lab).expect("finite step");
                steps += 1;
                let el = start.elapsed().as_secs_f64();
                if el >= min_seconds && steps >= 5 {
                    return (steps, el, thread_cpu_seconds().map(|c| c - cpu_start.unwrap_or(c)));
                }
            }
        };
        run(a.warmup);
        let (steps, seconds, cpu) = run(a.seconds);
        let pairs_per_sec = (steps * a.pairs) as f64 / seconds;
        let cpu_field = match cpu {
            Some(c) if c > 0.0 => {
                format!(",\"cpuSeconds\":{c:.4},\"pairsPerCpuSec\":{:.2}", (steps * a.pairs) as f64 / c)
            }
            _ => String::new(),
        };
        println!(
            "{{\"impl\":\"native\",\"simd\":\"{}\",\"cell\":\"{cell_name}\",\"samples\":{samples},\"steps\":{steps},\"seconds\":{seconds:.4},\
             \"pairsPerSec\":{pairs_per_sec:.2},\"gflops\":{:.4},\"msPerStep\":{:.5}{cpu_field}}}",
            vb_kernels::simd::SIMD_PATH,
            pairs_per_sec * samples as f64 * flops / 1e9,
            1e3 * seconds / steps as f64,
        );
    }
}
