//! The siamese recurrent encoder on a batch of sentence pairs: forward pass, log-softmax head, and
//! backpropagation through time — for one concrete weight vector (a posterior sample or the means).
//!
//! The cell is the seed's tanh RNN `h_t = tanh(x_t W + h_{t−1} U + b)`, `h_0 = 0`, or a GRU or LSTM
//! (`crate::cell`); a sentence's code is its hidden state at its own length (readout `last`, the
//! seed's), the mean of its hidden states over its own length (`mean`) or their elementwise maximum
//! (`max`); `φ = [h_a ⊙ h_b, |h_a − h_b|, f]` with the pair's `F` fixed features `f` (none by
//! default); `p(y | a, b) = softmax(φ V + c)`.
//!
//! The batch's 2B sentences are sorted by length (longest first), so at every time step the
//! sentences still running are a prefix of the rows: each step is two dense products on that
//! prefix, with no masking and no work spent on padding.

use crate::activation::{bias_tanh, tanh_backward};
use crate::batch::Batch;
use crate::cell::{gru_backward, gru_forward, lstm_backward, lstm_forward};
use crate::gemm::{gemm, gemm_bias_tanh, Strided};
use crate::model::{Cell, Dims, Weights};
use crate::vmath;
use serde::{Deserialize, Serialize};

/// How a sentence's hidden states become its code: `last` (the state at its own length, the
/// seed's), `mean` (the mean of its states over its own length) or `max` (their elementwise
/// maximum over its own length; the gradient flows to the step that attains it, the first on ties).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Readout {
    #[default]
    Last,
    Mean,
    Max,
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
    /// ∂loss/∂code per sorted row (readouts `mean` and `max`)
    dcode: Vec<f32>,
    /// readout `max`: the step that attains each code value (`rows × n`)
    arg: Vec<u32>,
    /// gated cells: activated gates, block t has `active[t] × Gn` values at `G · h_off[t]`
    gates: Vec<f32>,
    /// LSTM: `c_t` and `tanh(c_t)`; GRU: `u_n + b_hn` — block t at `h_off[t]` like `hs`
    cs: Vec<f32>,
    tcs: Vec<f32>,
    /// per-step scratch of the gated cells: `h_{t−1} U` (GRU forward), ∂L/∂(h_{t−1} U) (GRU),
    /// ∂L/∂c (LSTM), the direct part of ∂L/∂h_{t−1} (GRU)
    hu: Vec<f32>,
    dhu: Vec<f32>,
    dc: Vec<f32>,
    direct: Vec<f32>,
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
        let (g, gn) = (dims.cell.gates(), dims.gate_width());
        if dims.cell != Cell::Rnn {
            self.gates.resize(ho * g, 0.0);
            self.cs.resize(ho, 0.0);
            if dims.cell == Cell::Lstm {
                self.tcs.resize(ho, 0.0);
                self.dc.resize(rows * n, 0.0);
            } else {
                self.hu.resize(rows * gn, 0.0);
                self.dhu.resize(rows * gn, 0.0);
                self.direct.resize(rows * n, 0.0);
            }
        }
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
        if self.readout == Readout::Max {
            self.arg.resize(rows * n, 0);
        }
        self.dh.resize(rows * n, 0.0);
        self.da.resize(rows * gn, 0.0);
        self.ut.resize(gn * n, 0.0);
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
            Readout::Max => {
                // Every sentence has at least one step, so step 0 covers every row.
                self.codes[..rows * n].copy_from_slice(&self.hs[..rows * n]);
                self.arg[..rows * n].fill(0);
                for t in 1..self.active.len() {
                    let a = self.active[t];
                    let h = &self.hs[self.h_off[t]..self.h_off[t] + a * n];
                    for ((c, arg), &x) in self.codes[..a * n].iter_mut().zip(&mut self.arg[..a * n]).zip(h) {
                        if x > *c {
                            *c = x;
                            *arg = t as u32;
                        }
                    }
                }
            }
        }
    }

    /// The gated cells' recurrence over the prepared batch (`x_t W` for every step first, then the
    /// sequential part), filling `hs`, the gates and the cell states.
    fn forward_gated(&mut self, dims: &Dims, w: &Weights) {
        let (m, n, gn) = (dims.input_dim, dims.hidden, dims.gate_width());
        let g = dims.cell.gates();
        let rows = self.x.len() / m;
        gemm(rows, gn, m, Strided::rows(&self.x, m), w.w, gn, &mut self.gates, gn, false);
        for t in 0..self.active.len() {
            let a = self.active[t];
            let (ho, go) = (self.h_off[t], g * self.h_off[t]);
            let (prev_h, cur_h) = self.hs.split_at_mut(ho);
            let h_prev = (t > 0).then(|| &prev_h[self.h_off[t - 1]..self.h_off[t - 1] + a * n]);
            let gates = &mut self.gates[go..go + a * gn];
            let (prev_c, cur_c) = self.cs.split_at_mut(ho);
            match dims.cell {
                Cell::Lstm => {
                    if let Some(hp) = h_prev {
                        gemm(a, gn, n, Strided::rows(hp, n), w.u, gn, gates, gn, true);
                    }
                    let c_prev = (t > 0).then(|| &prev_c[self.h_off[t - 1]..self.h_off[t - 1] + a * n]);
                    let tc = &mut self.tcs[ho..ho + a * n];
                    lstm_forward(a, n, gates, w.b, c_prev, &mut cur_c[..a * n], tc, &mut cur_h[..a * n]);
                }
                Cell::Gru => {
                    let hu = &mut self.hu[..a * gn];
                    if let Some(hp) = h_prev {
                        gemm(a, gn, n, Strided::rows(hp, n), w.u, gn, hu, gn, false);
                    }
                    let hu = h_prev.map(|_| &*hu);
                    gru_forward(a, n, gates, hu, w.b, h_prev, &mut cur_c[..a * n], &mut cur_h[..a * n]);
                }
                Cell::Rnn => unreachable!("the tanh RNN has its own fused path"),
            }
        }
    }

    /// Runs the encoder over the prepared batch and the head; fills the log-probabilities.
    pub fn forward(&mut self, dims: &Dims, w: &Weights) {
        if dims.cell == Cell::Rnn {
            self.forward_rnn(dims.input_dim, dims.hidden, w);
        } else {
            self.forward_gated(dims, w);
        }
        self.read_out(dims.hidden);
        self.head_forward(dims, w);
    }

    /// The tanh RNN: `x_t·W` of every time step in one product (the blocks of x and of hs line up
    /// row for row), then the sequential part `h_t = tanh((h_{t−1}·U + x_t·W) + b)` in place.
    fn forward_rnn(&mut self, m: usize, n: usize, w: &Weights) {
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
    }

    /// Finishes the forward pass from the codes: φ, the head and the log-softmax.
    fn head_forward(&mut self, dims: &Dims, w: &Weights) {
        let (n, k) = (dims.hidden, dims.classes);
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
        // Readouts `mean` and `max`: ∂loss/∂code goes to the steps the code reads (every step, each
        // with 1/length; the step of the maximum). `dh` starts at zero and each step adds its share
        // before the step's backward pass.
        let rows = self.len_sorted.len();
        if self.readout != Readout::Last {
            self.dcode[..rows * n].copy_from_slice(&self.dh[..rows * n]);
            if self.readout == Readout::Mean {
                for s in 0..rows {
                    let inv = 1.0 / self.len_sorted[s] as f32;
                    self.dcode[s * n..(s + 1) * n].iter_mut().for_each(|d| *d *= inv);
                }
            }
            self.dh[..rows * n].fill(0.0);
        }

        // Backpropagation through time on the active prefix of rows.
        let gn = dims.gate_width();
        for r in 0..n {
            for j in 0..gn {
                self.ut[j * n + r] = w.u[r * gn + j];
            }
        }
        if dims.cell == Cell::Lstm {
            self.dc[..rows * n].fill(0.0);
        }
        for t in (0..self.active.len()).rev() {
            let a = self.active[t];
            match self.readout {
                Readout::Last => {}
                Readout::Mean => {
                    for (d, &g) in self.dh[..a * n].iter_mut().zip(&self.dcode[..a * n]) {
                        *d += g;
                    }
                }
                Readout::Max => {
                    let step = t as u32;
                    let it = self.dh[..a * n].iter_mut().zip(&self.dcode[..a * n]).zip(&self.arg[..a * n]);
                    for ((d, &g), &at) in it {
                        if at == step {
                            *d += g;
                        }
                    }
                }
            }
            let (ho, prev) = (self.h_off[t], (t > 0).then(|| self.h_off[t - 1]));
            let h_prev = prev.map(|p| &self.hs[p..p + a * n]);
            let go = dims.cell.gates() * ho;
            // ∂L/∂(pre-activations) of the step into `da` (`a × Gn`); what reaches h_{t−1} other
            // than through U (GRU) into `direct`, and what U receives into `dhu` (GRU).
            match dims.cell {
                Cell::Rnn => tanh_backward(&self.dh[..a * n], &self.hs[ho..ho + a * n], &mut self.da[..a * n]),
                Cell::Lstm => lstm_backward(
                    a,
                    n,
                    &self.gates[go..go + a * gn],
                    prev.map(|p| &self.cs[p..p + a * n]),
                    &self.tcs[ho..ho + a * n],
                    &self.dh[..a * n],
                    &mut self.dc[..a * n],
                    &mut self.da[..a * gn],
                ),
                Cell::Gru => gru_backward(
                    a,
                    n,
                    &self.gates[go..go + a * gn],
                    &self.cs[ho..ho + a * n],
                    h_prev,
                    &self.dh[..a * n],
                    &mut self.da[..a * gn],
                    &mut self.dhu[..a * gn],
                    &mut self.direct[..a * n],
                ),
            }
            let da = &self.da[..a * gn];
            let x = &self.x[self.x_off[t]..self.x_off[t] + a * m];
            gemm(m, gn, a, Strided::transposed(x, m), da, gn, g_w, gn, true);
            for row in da.chunks_exact(gn) {
                for (g, d) in g_b[..gn].iter_mut().zip(row) {
                    *g += d;
                }
            }
            // What the recurrent weights U see: the pre-activations themselves, except the GRU's
            // candidate, which reads h_{t−1} U through the reset gate (and has its own bias b_hn).
            let dhu = if dims.cell == Cell::Gru {
                for row in self.dhu[..a * gn].chunks_exact(gn) {
                    for (g, d) in g_b[gn..].iter_mut().zip(&row[2 * n..]) {
                        *g += d;
                    }
                }
                &self.dhu[..a * gn]
            } else {
                da
            };
            if let Some(hp) = h_prev {
                gemm(n, gn, a, Strided::transposed(hp, n), dhu, gn, g_u, gn, true);
                gemm(a, n, gn, Strided::rows(dhu, gn), &self.ut, n, &mut self.dh[..a * n], n, false);
                if dims.cell == Cell::Gru {
                    for (d, &x) in self.dh[..a * n].iter_mut().zip(&self.direct[..a * n]) {
                        *d += x;
                    }
                }
            }
        }
    }
}

/// FLOPs of one forward + backward pass per pair per sample at sentence length `t` (the benchmark
/// convention, counting the matrix products): `2T(4mGn + 6nGn) + 12nK + 4FK` with G gates (1 for
/// the tanh RNN, 3 GRU, 4 LSTM).
pub fn flops_per_pair(dims: &Dims, t: usize) -> f64 {
    let (m, n, k) = (dims.input_dim as f64, dims.hidden as f64, dims.classes as f64);
    let (f, gn) = (dims.pair_features as f64, dims.gate_width() as f64);
    2.0 * t as f64 * (4.0 * m * gn + 6.0 * n * gn) + 12.0 * n * k + 4.0 * f * k
}
