//! Which weights share a prior variance: the group layouts of the prior families `tensor` (one
//! variance per tensor) and `group` (G: one variance per input dimension and per hidden unit).
//!
//! G partitions the weights by the node that *sends* them ("a node owns its outgoing weights"):
//! - input dimension i (groups 0..m): row i of W — the Gn weights that read x_i (G gates);
//! - hidden unit j (groups m..m+n): row j of U (what h_j feeds every unit and gate at the next step) and
//!   rows j and n + j of V (h_j's two entries in φ = [h_a ⊙ h_b, |h_a − h_b|]);
//! - pair feature f (groups m+n..m+n+F): row 2n + f of V;
//! - the biases: all of b one group, all of c one group.
//!
//! A node whose group variance collapses sends nothing: it can be removed with everything that
//! feeds it, and the network computes exactly the same function. The weights a dead node
//! *receives* (its column of W and of U, b_j) belong to the groups of their senders; with no
//! gradient from the likelihood they fall to zero SNR and are pruned with the node. A partition
//! (rather than overlapping input/unit groups) keeps the closed-form update exact: each weight has
//! one variance.

use crate::model::Dims;

/// One prior variance per weight group; `group_of[i]` is the group of flat weight `i`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupLayout {
    pub group_of: Vec<u32>,
    /// Number of weights in each group.
    pub sizes: Vec<u32>,
}

impl GroupLayout {
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    fn from_assignment(group_of: Vec<u32>, groups: usize) -> GroupLayout {
        let mut sizes = vec![0u32; groups];
        for &g in &group_of {
            sizes[g as usize] += 1;
        }
        GroupLayout { group_of, sizes }
    }

    /// One group per tensor W, U, b, V, c (in that order).
    pub fn per_tensor(dims: &Dims) -> GroupLayout {
        let mut group_of = vec![0u32; dims.param_count()];
        for (g, t) in dims.tensors().iter().enumerate() {
            group_of[t.range()].fill(g as u32);
        }
        GroupLayout::from_assignment(group_of, 5)
    }

    /// The G layout: inputs, units, pair features, b, c (see the module docs).
    pub fn per_node(dims: &Dims) -> GroupLayout {
        let (m, n, f) = (dims.input_dim, dims.hidden, dims.pair_features);
        let [w, u, b, v, c] = dims.tensors();
        let mut group_of = vec![0u32; dims.param_count()];
        for i in 0..m {
            group_of[w.offset + i * w.cols..w.offset + (i + 1) * w.cols].fill(i as u32);
        }
        for j in 0..n {
            let unit = (m + j) as u32;
            group_of[u.offset + j * u.cols..u.offset + (j + 1) * u.cols].fill(unit);
            for row in [j, n + j] {
                group_of[v.offset + row * v.cols..v.offset + (row + 1) * v.cols].fill(unit);
            }
        }
        for k in 0..f {
            let row = 2 * n + k;
            group_of[v.offset + row * v.cols..v.offset + (row + 1) * v.cols].fill((m + n + k) as u32);
        }
        group_of[b.range()].fill((m + n + f) as u32);
        group_of[c.range()].fill((m + n + f + 1) as u32);
        GroupLayout::from_assignment(group_of, m + n + f + 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_node_groups_partition_the_weights_by_sender() {
        let d = Dims { input_dim: 3, hidden: 2, classes: 4, pair_features: 1, cell: crate::model::Cell::Rnn };
        let g = GroupLayout::per_node(&d);
        assert_eq!(g.count(), 3 + 2 + 1 + 2);
        assert_eq!(g.sizes.iter().sum::<u32>() as usize, d.param_count());
        // inputs: n weights each; units: n (U row) + 2K (V rows); feature: K; b: n; c: K
        assert_eq!(g.sizes, vec![2, 2, 2, 2 + 8, 2 + 8, 4, 2, 4]);
        let [w, u, _, v, _] = d.tensors();
        assert_eq!(g.group_of[w.offset + 2 * 2 + 1], 2); // W[2, 1] belongs to input 2
        assert_eq!(g.group_of[u.offset + 2], 4); // U[1, 0] (row 1 × 2 columns) is sent by unit 1
        assert_eq!(g.group_of[v.offset + 2 * 4 + 3], 3); // V[n + 0, 3] is unit 0's |·| entry
        assert_eq!(g.group_of[v.offset + 4 * 4], 5); // V[2n, 0] is the pair feature
        let t = GroupLayout::per_tensor(&d);
        assert_eq!(t.sizes, vec![6, 4, 2, 20, 4]);
        // An LSTM's nodes send to all four gates: inputs 4n, units 4n + 2K; b has 4n.
        let l = GroupLayout::per_node(&Dims { cell: crate::model::Cell::Lstm, ..d });
        assert_eq!(l.sizes, vec![8, 8, 8, 8 + 8, 8 + 8, 4, 8, 4]);
    }
}
