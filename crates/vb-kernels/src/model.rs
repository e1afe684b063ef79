//! The shape of the siamese RNN and the layout of its parameters in one flat vector.
//!
//! Every weight of `w = (W, U, b, V, c)` lives at a fixed offset of a single `Vec<f32>`, so
//! sampling, the KL, the prior update, the optimisers and pruning are plain vector loops.
//!
//! The recurrent cell decides the width of the encoder's tensors: a cell with `G` gates (tanh RNN 1,
//! GRU 3, LSTM 4) has `W (m × Gn)`, `U (n × Gn)`, the gates side by side in column blocks of `n` in
//! PyTorch's order (GRU r, z, n; LSTM i, f, g, o), and a bias row `b` of `n` (RNN) or `4n` (GRU:
//! r, z, the candidate's input-side and hidden-side biases; LSTM: i, f, g, o).

use crate::error::{Result, VbError};
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The recurrent cell of the sentence encoder (see `crate::cell`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cell {
    /// `h_t = tanh(x_t W + h_{t−1} U + b)`, the seed's.
    #[default]
    Rnn,
    /// The gated recurrent unit, with `torch.nn.GRU`'s equations.
    Gru,
    /// Long short-term memory, with `torch.nn.LSTM`'s equations.
    Lstm,
}

impl Cell {
    /// Gates G: the column blocks of W and U.
    pub fn gates(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Gru => 3,
            Cell::Lstm => 4,
        }
    }
    /// Column blocks of the bias row b.
    pub fn bias_blocks(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Gru | Cell::Lstm => 4,
        }
    }
}

/// Sizes of the model: `m` (word-vector dimension), `n` (hidden units), `K` (classes), and `F`
/// fixed pair features appended to the head's input (`φ = [h_a ⊙ h_b, |h_a − h_b|, f]`; 0 = the
/// method's head).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dims {
    pub input_dim: usize,
    pub hidden: usize,
    pub classes: usize,
    #[serde(default)]
    pub pair_features: usize,
    /// The recurrent cell (tanh RNN by default).
    #[serde(default)]
    pub cell: Cell,
}

/// One named tensor inside the flat parameter vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tensor {
    pub name: &'static str,
    pub offset: usize,
    pub rows: usize,
    pub cols: usize,
}

impl Tensor {
    pub fn len(&self) -> usize {
        self.rows * self.cols
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.len()
    }

    /// This tensor inside a flat parameter-sized slice, as a `rows × cols` matrix view.
    pub fn view<'a>(&self, flat: &'a [f32]) -> ArrayView2<'a, f32> {
        ArrayView2::from_shape((self.rows, self.cols), &flat[self.range()]).expect("flat slice holds the whole layout")
    }
}

/// Names of the tensors, in layout order.
pub const TENSOR_NAMES: [&str; 5] = ["W", "U", "b", "V", "c"];

impl Dims {
    /// Checks that every size is usable.
    pub fn validate(&self) -> Result<()> {
        if self.input_dim == 0 || self.hidden == 0 {
            return Err(VbError::Config(format!(
                "inputDim and hidden must be ≥ 1 (got inputDim = {}, hidden = {})",
                self.input_dim, self.hidden
            )));
        }
        if self.classes < 2 {
            return Err(VbError::Config(format!("classes must be ≥ 2 (got {})", self.classes)));
        }
        Ok(())
    }

    /// The number of weights, computed without overflow (None if it does not fit in 64 bits).
    pub fn param_count_checked(&self) -> Option<u64> {
        let (m, n, k, f) = (self.input_dim as u64, self.hidden as u64, self.classes as u64, self.pair_features as u64);
        let gn = n.checked_mul(self.cell.gates() as u64)?;
        let bias = n.checked_mul(self.cell.bias_blocks() as u64)?;
        let head = n.checked_mul(2)?.checked_add(f)?.checked_mul(k)?;
        m.checked_mul(gn)?.checked_add(n.checked_mul(gn)?)?.checked_add(bias)?.checked_add(head)?.checked_add(k)
    }

    /// Width of the head's input φ: `2n + F`.
    pub fn head_inputs(&self) -> usize {
        2 * self.hidden + self.pair_features
    }

    /// `G·n`: the width of W and U (n for the tanh RNN).
    pub fn gate_width(&self) -> usize {
        self.cell.gates() * self.hidden
    }

    /// `W (m×Gn), U (n×Gn), b (1×n or 1×4n), V ((2n+F)×K), c (1×K)` with their offsets.
    pub fn tensors(&self) -> [Tensor; 5] {
        let (m, n, k) = (self.input_dim, self.hidden, self.classes);
        let gn = self.gate_width();
        let shapes = [(m, gn), (n, gn), (1, self.cell.bias_blocks() * n), (self.head_inputs(), k), (1, k)];
        let mut offset = 0;
        let mut out = [Tensor { name: "", offset: 0, rows: 0, cols: 0 }; 5];
        for (i, (rows, cols)) in shapes.into_iter().enumerate() {
            out[i] = Tensor { name: TENSOR_NAMES[i], offset, rows, cols };
            offset += rows * cols;
        }
        out
    }

    /// Total number of weights `W` (the count the KL sums over).
    pub fn param_count(&self) -> usize {
        let t = self.tensors();
        t[4].offset + t[4].len()
    }

    /// The tensor holding flat index `i`.
    pub fn tensor_of(&self, i: usize) -> Tensor {
        *self.tensors().iter().find(|t| t.range().contains(&i)).expect("index inside the parameter vector")
    }
}

/// Views of the five tensors inside a flat parameter slice.
pub struct Weights<'a> {
    pub w: &'a [f32],
    pub u: &'a [f32],
    pub b: &'a [f32],
    pub v: &'a [f32],
    pub c: &'a [f32],
}

impl<'a> Weights<'a> {
    pub fn split(dims: &Dims, flat: &'a [f32]) -> Self {
        let t = dims.tensors();
        Weights {
            w: &flat[t[0].range()],
            u: &flat[t[1].range()],
            b: &flat[t[2].range()],
            v: &flat[t[3].range()],
            c: &flat[t[4].range()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_contiguous_and_counts_every_weight() {
        let d = Dims { input_dim: 50, hidden: 64, classes: 6, pair_features: 0, cell: Cell::Rnn };
        assert_eq!(d.param_count(), 50 * 64 + 64 * 64 + 64 + 128 * 6 + 6);
        let f = Dims { pair_features: 3, ..d };
        assert_eq!(f.param_count(), d.param_count() + 3 * 6);
        assert_eq!(f.tensors()[3].rows, 131);
        let t = d.tensors();
        for w in t.windows(2) {
            assert_eq!(w[0].offset + w[0].len(), w[1].offset);
        }
        assert_eq!(d.tensor_of(0).name, "W");
        assert_eq!(d.tensor_of(d.param_count() - 1).name, "c");
        assert!(Dims { input_dim: 0, hidden: 3, classes: 2, ..Dims::default() }.validate().is_err());
        assert!(Dims { input_dim: 3, hidden: 3, classes: 1, ..Dims::default() }.validate().is_err());
        let flat: Vec<f32> = (0..d.param_count()).map(|i| i as f32).collect();
        let v = d.tensors()[3].view(&flat);
        assert_eq!(v.dim(), (128, 6));
        assert_eq!(v[[1, 2]], (d.tensors()[3].offset + 6 + 2) as f32);
        for (cell, g, bias) in [(Cell::Gru, 3, 4), (Cell::Lstm, 4, 4)] {
            let c = Dims { cell, ..d };
            assert_eq!(c.param_count(), 50 * g * 64 + 64 * g * 64 + bias * 64 + 128 * 6 + 6);
            assert_eq!(c.param_count_checked(), Some(c.param_count() as u64));
            assert_eq!(c.tensors()[1].cols, g * 64);
        }
    }
}
