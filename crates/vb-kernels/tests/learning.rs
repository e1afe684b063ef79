//! End to end: the engine learns. A random teacher RNN of the same architecture labels random
//! sentence pairs by argmax; a student trained on them with the variational objective (diagonal
//! and isotropic posteriors) and as a plain RNN must lower its epoch loss and predict held-out labels well above
//! both chance and the majority-class rate.

use vb_kernels::rng::Rng;
use vb_kernels::{EvalOptions, Family, Trainer, TrainerConfig};

const M: usize = 8;
const N: usize = 8;
const K: usize = 3;
const VOCAB: usize = 40;
const T: usize = 6;
const TRAIN: usize = 2048;
const TEST: usize = 1024;
const BATCH: usize = 32;
const EPOCHS: usize = 8;

/// Sentence pairs: rows 0..B are the sentences a, rows B..2B the sentences b, each padded to T.
struct Pairs {
    tokens: Vec<u32>,
    lengths: Vec<u32>,
    labels: Vec<u32>,
}

impl Pairs {
    /// `count` random pairs of 2..=T random words each, not yet labelled.
    fn random(count: usize, rng: &mut Rng) -> Pairs {
        let lengths: Vec<u32> = (0..2 * count).map(|_| 2 + rng.below(T - 1) as u32).collect();
        let mut tokens = vec![0u32; 2 * count * T];
        for (r, &len) in lengths.iter().enumerate() {
            for j in 0..len as usize {
                tokens[r * T + j] = rng.below(VOCAB) as u32;
            }
        }
        Pairs { tokens, lengths, labels: Vec::new() }
    }

    fn len(&self) -> usize {
        self.lengths.len() / 2
    }

    /// Tokens and lengths of the pairs `idx`, in the engine's batch layout.
    fn inputs(&self, idx: &[usize]) -> (Vec<u32>, Vec<u32>) {
        let b = self.len();
        let rows: Vec<usize> = idx.iter().copied().chain(idx.iter().map(|&i| b + i)).collect();
        let tokens = rows.iter().flat_map(|&r| self.tokens[r * T..(r + 1) * T].iter().copied()).collect();
        (tokens, rows.iter().map(|&r| self.lengths[r]).collect())
    }

    /// Predicted labels (argmax) of every pair.
    fn predict(&self, model: &mut Trainer) -> Vec<u32> {
        let all: Vec<usize> = (0..self.len()).collect();
        let (tokens, lengths) = self.inputs(&all);
        let probs = model.predict(&tokens, &lengths, &[], &EvalOptions::default()).unwrap();
        probs.chunks(K).map(argmax).collect()
    }
}

fn argmax(row: &[f32]) -> u32 {
    (0..row.len()).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap() as u32
}

fn class_counts(labels: &[u32]) -> [usize; K] {
    let mut c = [0; K];
    labels.iter().for_each(|&y| c[y as usize] += 1);
    c
}

fn config(family: Family, seed: u64) -> TrainerConfig {
    TrainerConfig {
        input_dim: M,
        hidden: N,
        classes: K,
        family,
        train_size: TRAIN,
        learning_rate: 0.01,
        seed,
        ..TrainerConfig::default()
    }
}

/// A random teacher with scaled-up weights (so its decisions are sharp and depend on both
/// sentences); its head bias is tuned until the classes are roughly balanced on `pool`.
fn teacher(embeddings: &[f32], pool: &Pairs) -> Trainer {
    let mut t = Trainer::new(config(Family::None, 99), embeddings.to_vec()).unwrap();
    let mut rng = Rng::new(1234);
    let dims = t.dims();
    let [w, u, b, v, c] = dims.tensors();
    let mut params = vec![0f32; dims.param_count()];
    for (tensor, scale) in [(w, 1.5 / (M as f64).sqrt()), (u, 0.9 / (N as f64).sqrt()), (b, 0.3), (v, 4.0)] {
        params[tensor.range()].iter_mut().for_each(|x| *x = (scale * rng.normal()) as f32);
    }
    for _ in 0..30 {
        t.set_params(&params).unwrap();
        let counts = class_counts(&pool.predict(&mut t));
        for k in 0..K {
            let share = (counts[k] as f64 + 1.0) / (pool.len() as f64 + K as f64);
            params[c.offset + k] -= 0.5 * (share * K as f64).ln() as f32;
        }
    }
    t.set_params(&params).unwrap();
    t
}

struct Outcome {
    epoch_losses: Vec<f64>,
    accuracy: f64,
    majority: f64,
}

fn learn(family: Family) -> Outcome {
    let mut rng = Rng::new(2024);
    let embeddings: Vec<f32> = (0..VOCAB * M).map(|_| rng.normal() as f32).collect();
    let mut train = Pairs::random(TRAIN, &mut rng);
    let mut test = Pairs::random(TEST, &mut rng);
    let mut teacher = teacher(&embeddings, &train);
    train.labels = train.predict(&mut teacher);
    test.labels = test.predict(&mut teacher);

    let mut student = Trainer::new(config(family, 7), embeddings).unwrap();
    let mut order: Vec<usize> = (0..TRAIN).collect();
    let mut epoch_losses = Vec::new();
    for _ in 0..EPOCHS {
        // Fisher–Yates shuffle with the test's own generator.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut total = 0.0;
        for idx in order.chunks(BATCH) {
            let (tokens, lengths) = train.inputs(idx);
            let labels: Vec<u32> = idx.iter().map(|&i| train.labels[i]).collect();
            total += student.step(&tokens, &lengths, &[], &labels).unwrap().loss;
        }
        student.end_epoch();
        epoch_losses.push(total / (TRAIN / BATCH) as f64);
    }
    let predicted = test.predict(&mut student);
    let correct = predicted.iter().zip(&test.labels).filter(|(a, b)| a == b).count();
    let majority = *class_counts(&test.labels).iter().max().unwrap() as f64 / TEST as f64;
    Outcome { epoch_losses, accuracy: correct as f64 / TEST as f64, majority }
}

fn check(family: Family) {
    let o = learn(family);
    eprintln!(
        "{family:?}: epoch losses {:?}, held-out accuracy {:.3} (majority {:.3}, chance {:.3})",
        o.epoch_losses,
        o.accuracy,
        o.majority,
        1.0 / K as f64
    );
    let (first, last) = (o.epoch_losses[0], *o.epoch_losses.last().unwrap());
    assert!(last < 0.75 * first, "{family:?}: the epoch loss did not fall enough: {:?}", o.epoch_losses);
    assert!(o.majority < 0.6, "the teacher's classes are too unbalanced for the test to mean much: {}", o.majority);
    let floor = o.majority.max(1.0 / K as f64);
    assert!(
        o.accuracy > floor + 0.25,
        "{family:?}: held-out accuracy {:.3} is not well above the majority rate {:.3}",
        o.accuracy,
        o.majority
    );
}

#[test]
fn diagonal_student_learns_the_teacher() {
    check(Family::Diagonal);
}

#[test]
fn isotropic_student_learns_the_teacher() {
    check(Family::Isotropic);
}

#[test]
fn plain_student_learns_the_teacher() {
    check(Family::None);
}
