//! An independent reference of the objective in f64, written the plain way (one pair at a time,
//! ndarray, exact tanh), used to check the engine's f32 kernels and analytic gradients.
#![allow(dead_code)]

use ndarray::{Array1, Array2, ArrayView1};
use vb_kernels::{Cell, Dims, Family, Prior, Readout, StdParam};

/// A small problem: embeddings, a batch with varied lengths, labels.
#[derive(Clone)]
pub struct Case {
    pub dims: Dims,
    pub embeddings: Vec<f32>,
    pub tokens: Vec<u32>,
    pub lengths: Vec<u32>,
    /// `B × F` pair features (empty when `dims.pair_features` = 0).
    pub features: Vec<f32>,
    pub labels: Vec<u32>,
    /// How the reference reads a sentence code (the engine is configured to match).
    pub readout: Readout,
}

pub fn small_case(seed: u64) -> Case {
    small_case_with_features(seed, 0)
}

/// [`small_case`] with `f` pair features per pair (standard normals).
pub fn small_case_with_features(seed: u64, f: usize) -> Case {
    let dims = Dims { input_dim: 3, hidden: 4, classes: 6, pair_features: f, cell: vb_kernels::Cell::Rnn };
    let vocab = 7;
    let mut rng = vb_kernels::rng::Rng::new(seed);
    let embeddings: Vec<f32> = (0..vocab * dims.input_dim).map(|_| rng.normal() as f32).collect();
    // B = 3 pairs, T = 4; lengths include 1, ties and the maximum.
    let lengths = vec![4, 1, 3, 2, 4, 3];
    let t = 4;
    let mut tokens = vec![0u32; 6 * t];
    for (r, &len) in lengths.iter().enumerate() {
        for j in 0..len as usize {
            tokens[r * t + j] = rng.below(vocab) as u32;
        }
    }
    let features: Vec<f32> = (0..3 * f).map(|_| rng.normal() as f32).collect();
    Case { dims, embeddings, tokens, lengths, features, labels: vec![2, 0, 5], readout: Readout::Last }
}

pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// Mean NLL of the batch for one concrete weight vector (f64).
pub fn nll(dims: &Dims, w: &[f64], case: &Case) -> f64 {
    let (m, n, k) = (dims.input_dim, dims.hidden, dims.classes);
    let t = dims.tensors();
    let mat = |i: usize| Array2::from_shape_vec((t[i].rows, t[i].cols), w[t[i].range()].to_vec()).unwrap();
    let (ww, uu, bb, vv) = (mat(0), mat(1), Array1::from(w[t[2].range()].to_vec()), mat(3));
    let cc = Array1::from(w[t[4].range()].to_vec());
    let emb =
        Array2::from_shape_vec((case.embeddings.len() / m, m), case.embeddings.iter().map(|&x| x as f64).collect())
            .unwrap();
    let b = case.labels.len();
    let tmax = case.tokens.len() / (2 * b);
    let sig = |v: f64| 1.0 / (1.0 + (-v).exp());
    let blk = |v: &Array1<f64>, i: usize| v.slice(ndarray::s![i * n..(i + 1) * n]).to_owned();
    let encode = |r: usize| {
        let mut h = Array1::<f64>::zeros(n);
        let mut c = Array1::<f64>::zeros(n);
        let mut sum = Array1::<f64>::zeros(n);
        let mut max = Array1::<f64>::from_elem(n, f64::NEG_INFINITY);
        let len = case.lengths[r] as usize;
        for j in 0..len {
            let x: ArrayView1<f64> = emb.row(case.tokens[r * tmax + j] as usize);
            h = match dims.cell {
                Cell::Rnn => (x.dot(&ww) + h.dot(&uu) + &bb).mapv(f64::tanh),
                Cell::Gru => {
                    // torch.nn.GRU: r, z, n; the candidate reads (h U_n + b_hn) through r.
                    let (a, u) = (x.dot(&ww), h.dot(&uu));
                    let rg = (blk(&a, 0) + blk(&u, 0) + blk(&bb, 0)).mapv(sig);
                    let z = (blk(&a, 1) + blk(&u, 1) + blk(&bb, 1)).mapv(sig);
                    let cand = (blk(&a, 2) + blk(&bb, 2) + &rg * &(blk(&u, 2) + blk(&bb, 3))).mapv(f64::tanh);
                    (1.0 - &z) * &cand + &z * &h
                }
                Cell::Lstm => {
                    // torch.nn.LSTM: i, f, g, o.
                    let g = x.dot(&ww) + h.dot(&uu) + &bb;
                    let (i, f, gg, o) =
                        (blk(&g, 0).mapv(sig), blk(&g, 1).mapv(sig), blk(&g, 2).mapv(f64::tanh), blk(&g, 3).mapv(sig));
                    c = &f * &c + &i * &gg;
                    &o * &c.mapv(f64::tanh)
                }
            };
            sum += &h;
            max.zip_mut_with(&h, |a, &b| *a = a.max(b));
        }
        match case.readout {
            Readout::Last => h,
            Readout::Mean => sum / len as f64,
            Readout::Max => max,
        }
    };
    let mut total = 0.0;
    for i in 0..b {
        let (ha, hb) = (encode(i), encode(b + i));
        let f = dims.pair_features;
        let mut phi = Array1::<f64>::zeros(2 * n + f);
        for j in 0..n {
            phi[j] = ha[j] * hb[j];
            phi[n + j] = (ha[j] - hb[j]).abs();
        }
        for j in 0..f {
            phi[2 * n + j] = case.features[i * f + j] as f64;
        }
        let logits = phi.dot(&vv) + &cc;
        let max = logits.fold(f64::NEG_INFINITY, |a, &v| a.max(v));
        let lse = max + logits.mapv(|z| (z - max).exp()).sum().ln();
        total += lse - logits[case.labels[i] as usize];
        assert!(k == logits.len());
    }
    total / b as f64
}

/// The prior of the reference objective: Gaussian with mean μ and one variance per weight, or
/// the log-uniform prior of sparse variational dropout (Molchanov et al.'s KL approximation).
pub enum RefPrior {
    Gaussian { mean: f64, variances: Vec<f64> },
    LogUniform,
}

/// The full objective for parameters `[m | ρ]` and fixed noise (S × P), in f64, scalar prior.
#[allow(clippy::too_many_arguments)]
pub fn objective(
    dims: &Dims,
    family: Family,
    params: &[f64],
    noise: &[f64],
    samples: usize,
    case: &Case,
    prior: &Prior,
    n_train: f64,
    l2: f64,
) -> f64 {
    let refp = RefPrior::Gaussian { mean: prior.mean, variances: vec![prior.variance; dims.param_count()] };
    objective_with(dims, family, StdParam::Softplus, params, noise, samples, case, &refp, n_train, l2)
}

/// The full objective under any prior and std parameterisation (ρ → s: softplus, or e^{ρ/2}).
#[allow(clippy::too_many_arguments)]
pub fn objective_with(
    dims: &Dims,
    family: Family,
    param: StdParam,
    params: &[f64],
    noise: &[f64],
    samples: usize,
    case: &Case,
    prior: &RefPrior,
    n_train: f64,
    l2: f64,
) -> f64 {
    let p = dims.param_count();
    let (mean, rho) = params.split_at(p);
    if family == Family::None {
        let sq: f64 = mean.iter().map(|x| x * x).sum();
        return nll(dims, mean, case) + 0.5 * l2 * sq / n_train;
    }
    let to_std = |r: f64| match param {
        StdParam::Softplus => softplus(r),
        StdParam::LogVariance => (0.5 * r).exp(),
    };
    let std = |i: usize| if family == Family::Isotropic { to_std(rho[0]) } else { to_std(rho[i]) };
    let mut loss = 0.0;
    for s in 0..samples {
        let w: Vec<f64> = (0..p).map(|i| mean[i] + std(i) * noise[s * p + i]).collect();
        loss += nll(dims, &w, case) / samples as f64;
    }
    let kl: f64 = (0..p)
        .map(|i| match prior {
            RefPrior::Gaussian { mean: mu, variances } => {
                let var = variances[i];
                0.5 * var.ln() - std(i).ln() + ((mean[i] - mu).powi(2) + std(i).powi(2)) / (2.0 * var) - 0.5
            }
            RefPrior::LogUniform => {
                let (k1, k2, k3) = (0.63576, 1.87320, 1.48695);
                let la = (std(i).powi(2).ln() - (mean[i] * mean[i] + 1e-8).ln()).clamp(-8.0, 8.0);
                k1 - k1 / (1.0 + (-(k2 + k3 * la)).exp()) + 0.5 * softplus(-la)
            }
        })
        .sum();
    loss + kl / n_train
}

/// Minimum of a unimodal `f` on [a, b] by golden-section search, to a relative width of ~1e-12.
pub fn golden_section(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..200 {
        if (b - a).abs() <= 1e-13 * (a.abs() + b.abs()) + 1e-300 {
            break;
        }
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}
