//! The siamese tanh RNN on a batch of sentence pairs: forward pass, log-softmax head, and
//! backpropagation through time — for one concrete weight vector (a posterior sample or the means).
//!
//! `h_t = tanh(x_t W + h_{t−1} U + b)`, `h_0 = 0`; a sentence's code is its hidden state at its
//! own length (readout `last`, the seed's) or the mean of its hidden states over its own length
//! (readout `mean`); `φ = [h_a ⊙ h_b, |h_a − h_b|, f]` with the pair's `F` fixed features `f` (none by
//! default); `p(y | a, b) = softmax(φ V + c)`.
//!
//! The batch's 2B sentences are sorted by length (longest first), so at every time step the
//! sentences still running are a prefix of the rows: each step is two dense products on that
//! prefix, with no masking and no work spent on padding.

use crate::activation::{bias_tanh, tanh_backward};
use crate::batch::Batch;
use crate::gemm::{gemm, gemm_bias_tanh, Strided};
use crate::model::{Dims, Weights};
use crate::vmath;
use serde::{Deserialize, Serialize};

/// How a sentence's hidden states become its code: `last` (the state at its own length, the
/// seed's) or `mean` (the mean of its states over its own length).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Readout {
    #[default]
    Last,
    Mean,
}

/// Buffers reused across steps; `prepare` sizes them for a batch, then `forward`/`backward`
/// may run several times (once per posterior sample) on the same prepared inputs.
#[derive(Default, Clone)]
pub struct Workspace {
    readout: Readout,
    pairs: usize,
    /// sorted row → original row
    order: Vec<usize>,
    /// original row → sorted row
    pos: Vec<usize>,
    /// sentence length per sorted row
    len_sorted: Vec<usize>,
    /// active rows per time step
    active: Vec<usize>,
    /// gathered inputs, block t has `active[t] × m` values at `x_off[t]`
    x: Vec<f32>,
    x_off: Vec<usize>,
    /// hidden outputs, block t has `active[t] × n` values at `h_off[t]`
    hs: Vec<f32>,
    h_off: Vec<usize>,
    /// sentence codes per sorted row (`rows × n`)
    codes: Vec<f32>,
    /// ∂loss/∂code per sorted row (readout `mean`)
    dcode: Vec<f32>,
    phi: Vec<f32>,
    logp: Vec<f32>,
    dlogits: Vec<f32>,
    dphi: Vec<f32>,
    dh: Vec<f32>,
    da: Vec<f32>,
    ut: Vec<f32>,
    vt: Vec<f32>,
}

impl Workspace {
    /// Sets the readout used by the following `forward`/`backward` calls.
    pub fn set_readout(&mut self, readout: Readout) {
        self.readout = readout;
    }

    /// Sorts the batch's sentences by length and gathers their word vectors per time step.
    pub fn prepare(&mut self, dims: &Dims, batch: &Batch, embeddings: &[f32]) {
        let (m, n, k) = (dims.input_dim, dims.hidden, dims.classes);
        let (f, width) = (dims.pair_features, dims.head_inputs());
        let rows = batch.lengths.len();
        self.pairs = batch.pairs;
        self.order.clear();
        self.order.extend(0..rows);
        // Stable sort: ties keep their original order, so results do not depend on the sort.
        self.order.sort_by_key(|&r| std::cmp::Reverse(batch.lengths[r]));
        self.pos.resize(rows, 0);
        self.len_sorted.clear();
        for (s, &r) in self.order.iter().enumerate() {
            self.pos[r] = s;
            self.len_sorted.push(batch.lengths[r] as usize);
        }
        let t_max = self.len_sorted[0];
        self.active.clear();
        self.x_off.clear();
        self.h_off.clear();
        let (mut xo, mut ho) = (0, 0);
        for t in 0..t_max {
            let a = self.len_sorted.partition_point(|&l| l > t);
            self.active.push(a);
            self.x_off.push(xo);
            self.h_off.push(ho);
            xo += a * m;
            ho += a * n;
        }
        self.x.resize(xo, 0.0);
        self.hs.resize(ho, 0.0);
        for t in 0..t_max {
            for s in 0..self.active[t] {
                let id = batch.token(self.order[s], t) as usize;
                let dst = self.x_off[t] + s * m;
                crate::simd::copy(&mut self.x[dst..dst + m], &embeddings[id * m..(id + 1) * m]);
            }
        }
        let b = batch.pairs;
        self.phi.resize(b * width, 0.0);
        // The fixed pair features fill the tail of each φ row once; `forward` writes the codes.
        if f > 0 {
            for (row, fi) in self.phi.chunks_exact_mut(width).zip(batch.features.chunks_exact(f)) {
                row[2 * n..].copy_from_slice(fi);
            }
        }
        self.logp.resize(b * k, 0.0);
        self.dlogits.resize(b * k, 0.0);
        self.dphi.resize(b * 2 * n, 0.0);
        self.codes.resize(rows * n, 0.0);
        self.dcode.resize(rows * n, 0.0);
        self.dh.resize(rows * n, 0.0);
        self.da.resize(rows * n, 0.0);
        self.ut.resize(n * n, 0.0);
        self.vt.resize(k * width, 0.0);
    }

    /// Number of pairs in the prepared batch.
    pub fn pairs(&self) -> usize {
        self.pairs
    }

    /// Log-probabilities `B × K` of the last forward pass.
    pub fn log_probs(&self) -> &[f32] {
        &self.logp
    }

    fn code(&self, n: usize, sorted_row: usize) -> &[f32] {
        &self.codes[sorted_row * n..(sorted_row + 1) * n]
    }

    /// Fills `codes` from the hidden states: the last state (a copy, so bit-identical to reading
    /// it in place), or the mean over the sentence's own steps.
    fn read_out(&mut self, n: usize) {
        let rows = self.len_sorted.len();
        match self.readout {
            Readout::Last => {
                for s in 0..rows {
                    let at = self.h_off[self.len_sorted[s] - 1] + s * n;
                    self.codes[s * n..(s + 1) * n].copy_from_slice(&self.hs[at..at + n]);
                }
            }
            Readout::Mean => {
                self.codes.fill(0.0);
                for t in 0..self.active.len() {
                    let a = self.active[t];
                    let h = &self.hs[self.h_off[t]..self.h_off[t] + a * n];
                    for (c, &x) in self.codes[..a * n].iter_mut().zip(h) {
                        *c += x;
                    }
                }
                for s in 0..rows {
                    let inv = 1.0 / self.len_sorted[s] as f32;
                    self.codes[s * n..(s + 1) * n].iter_mut().for_each(|c| *c *= inv);
                }
            }
        }
    }

    /// Runs the RNN over the prepared batch and the head; fills the log-probabilities.
    pub fn forward(&mut self, dims: &Dims, w: &Weights) {
        let (m, n, k) = (dims.input_dim, dims.hidden, dims.classes);
        // x_t·W of every time step in one product (the blocks of x and of hs line up row for
        // row), then the sequential part: h_t = tanh((h_{t−1}·U + x_t·W) + b) in place.
        let rows = self.x.len() / m;
        gemm(rows, n, m, Strided::rows(&self.x, m), w.w, n, &mut self.hs, n, false);
        for t in 0..self.active.len() {
            let a = self.active[t];
            let (prev, cur) = self.hs.split_at_mut(self.h_off[t]);
            let z = &mut cur[..a * n];
            if t > 0 {
                let h_prev = &prev[self.h_off[t - 1]..self.h_off[t - 1] + a * n];
                gemm_bias_tanh(a, n, n, Strided::rows(h_prev, n), w.u, n, z, n, w.b);
            } else {
                bias_tanh(z, n, w.b);
            }
        }
        self.read_out(n);
        let b = self.pairs;
        let width = dims.head_inputs();
        let mut phi = std::mem::take(&mut self.phi);
        for (i, row) in phi.chunks_exact_mut(width).enumerate() {
            let (ha, hb) = (self.code(n, self.pos[i]), self.code(n, self.pos[b + i]));
            for j in 0..n {
                row[j] = ha[j] * hb[j];
                row[n + j] = (ha[j] - hb[j]).abs();
            }
        }
        self.phi = phi;
        gemm(b, k, width, Strided::rows(&self.phi, width), w.v, k, &mut self.logp, k, false);
        for row in self.logp.chunks_exact_mut(k) {
            let mut max = f32::NEG_INFINITY;
            for (z, &c) in row.iter_mut().zip(w.c) {
                *z += c;
                max = max.max(*z);
            }
            // (z − max) − ln Σ exp(z − max): subtracting the max first keeps the small ln Σ term
            // from being rounded away when the logits are huge.
            let ln_sum = vmath::ln(row.iter().map(|&z| vmath::exp((z - max) as f64)).sum::<f64>());
            for z in row.iter_mut() {
                *z = ((*z - max) as f64 - ln_sum) as f32;
            }
        }
    }

    /// Sum over the batch of −log p(y_i | a_i, b_i) from the last forward pass.
    pub fn nll_sum(&self, k: usize, labels: &[u32]) -> f64 {
        labels.iter().enumerate().map(|(i, &y)| -(self.logp[i * k + y as usize] as f64)).sum()
    }

    /// Gradient of `scale · Σ_i −log p(y_i)` with respect to the weights, written into `grad`
    /// (overwritten, same layout as the weights). Needs the preceding `forward` with the same `w`.
    pub fn backward(&mut self, dims: &Dims, w: &Weights, labels: &[u32], scale: f32, grad: &mut [f32]) {
        let (m, n, k) = (dims.input_dim, dims.hidden, dims.classes);
        let width = dims.head_inputs();
        let b = self.pairs;
        let t = dims.tensors();
        grad.fill(0.0);
        let (g_w, rest) = grad.split_at_mut(t[1].offset);
        let (g_u, rest) = rest.split_at_mut(t[2].offset - t[1].offset);
        let (g_b, rest) = rest.split_at_mut(t[3].offset - t[2].offset);
        let (g_v, g_c) = rest.split_at_mut(t[4].offset - t[3].offset);

        // Head: d logits = scale · (softmax − onehot).
        for i in 0..b {
            let y = labels[i] as usize;
            for j in 0..k {
                let p = vmath::expf(self.logp[i * k + j]);
                let d = scale * (p - if j == y { 1.0 } else { 0.0 });
                self.dlogits[i * k + j] = d;
                g_c[j] += d;
            }
        }
        gemm(width, k, b, Strided::transposed(&self.phi, width), &self.dlogits, k, g_v, k, true);
        // Only the code part of φ needs its gradient (the fixed features have none): V's first 2n rows.
        for r in 0..2 * n {
            for j in 0..k {
                self.vt[j * 2 * n + r] = w.v[r * k + j];
            }
        }
        gemm(b, 2 * n, k, Strided::rows(&self.dlogits, k), &self.vt, 2 * n, &mut self.dphi, 2 * n, false);

        // Back to the two codes: φ = [h_a ⊙ h_b, |h_a − h_b|, f].
        let mut dh = std::mem::take(&mut self.dh);
        for (i, dphi) in self.dphi.chunks_exact(2 * n).enumerate() {
            let (pa, pb) = (self.pos[i], self.pos[b + i]);
            let (ha, hb) = (self.code(n, pa), self.code(n, pb));
            for j in 0..n {
                let diff = ha[j] - hb[j];
                let sign = if diff > 0.0 {
                    1.0
                } else if diff < 0.0 {
                    -1.0
                } else {
                    0.0
                };
                let (dprod, dabs) = (dphi[j], dphi[n + j] * sign);
                dh[pa * n + j] = dprod * hb[j] + dabs;
                dh[pb * n + j] = dprod * ha[j] - dabs;
            }
        }
        self.dh = dh;
        // Readout `mean`: every step of a sentence receives ∂loss/∂code / length; `dh` starts at
        // zero and each step adds its share before the step's backward pass.
        let mean = self.readout == Readout::Mean;
        if mean {
            let rows = self.len_sorted.len();
            self.dcode[..rows * n].copy_from_slice(&self.dh[..rows * n]);
            for s in 0..rows {
                let inv = 1.0 / self.len_sorted[s] as f32;
                self.dcode[s * n..(s + 1) * n].iter_mut().for_each(|d| *d *= inv);
            }
            self.dh[..rows * n].fill(0.0);
        }

        // Backpropagation through time on the active prefix of rows.
        for r in 0..n {
            for j in 0..n {
                self.ut[j * n + r] = w.u[r * n + j];
            }
        }
        for t in (0..self.active.len()).rev() {
            let a = self.active[t];
            if mean {
                for (d, &g) in self.dh[..a * n].iter_mut().zip(&self.dcode[..a * n]) {
                    *d += g;
                }
            }
            let h = &self.hs[self.h_off[t]..self.h_off[t] + a * n];
            tanh_backward(&self.dh[..a * n], h, &mut self.da[..a * n]);
            let da = &self.da[..a * n];
            let x = &self.x[self.x_off[t]..self.x_off[t] + a * m];
            gemm(m, n, a, Strided::transposed(x, m), da, n, g_w, n, true);
            for row in da.chunks_exact(n) {
                for (g, d) in g_b.iter_mut().zip(row) {
                    *g += d;
                }
            }
            if t > 0 {
                let h_prev = &self.hs[self.h_off[t - 1]..self.h_off[t - 1] + a * n];
                gemm(n, n, a, Strided::transposed(h_prev, n), da, n, g_u, n, true);
                gemm(a, n, n, Strided::rows(da, n), &self.ut, n, &mut self.dh[..a * n], n, false);
            }
        }
    }
}

/// FLOPs of one forward + backward pass per pair per sample at sentence length `t` (the benchmark
/// convention): `2T(4mn + 6n²) + 12nK + 4FK`.
pub fn flops_per_pair(dims: &Dims, t: usize) -> f64 {
    let (m, n, k) = (dims.input_dim as f64, dims.hidden as f64, dims.classes as f64);
    let f = dims.pair_features as f64;
    2.0 * t as f64 * (4.0 * m * n + 6.0 * n * n) + 12.0 * n * k + 4.0 * f * k
}
