//! A minibatch of sentence pairs as it crosses the boundary: token ids, lengths, pair features,
//! labels.
//!
//! Layout (all row-major): `tokens` is `2B × T` — rows `0..B` are the first sentences `a_i`,
//! rows `B..2B` the second sentences `b_i`; `lengths` has `2B` entries in the same order;
//! `features` is `B × F` (empty when the model has no pair features); `labels` has `B`. Token ids
//! past a sentence's length are padding and ignored.

use crate::error::{Result, VbError};

/// A validated, borrowed batch.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    pub tokens: &'a [u32],
    pub lengths: &'a [u32],
    /// `B × F` pair features (empty for F = 0).
    pub features: &'a [f32],
    pub labels: Option<&'a [u32]>,
    /// Number of pairs `B`.
    pub pairs: usize,
    /// Padded length `T`.
    pub max_len: usize,
}

impl<'a> Batch<'a> {
    /// Validates shapes, lengths (1..=T), token ids (< `vocab`), pair features (`B × F`, finite)
    /// and labels (< `classes`).
    pub fn new(
        tokens: &'a [u32],
        lengths: &'a [u32],
        features: &'a [f32],
        labels: Option<&'a [u32]>,
        vocab: usize,
        classes: usize,
        pair_features: usize,
    ) -> Result<Self> {
        if lengths.is_empty() || lengths.len() % 2 != 0 {
            return Err(VbError::Batch(format!(
                "lengths must hold 2B entries (first sentences, then second sentences) for B ≥ 1 pairs; got {}",
                lengths.len()
            )));
        }
        let rows = lengths.len();
        let pairs = rows / 2;
        if tokens.len() % rows != 0 {
            return Err(VbError::Batch(format!(
                "tokens has {} entries, not a multiple of the {} sentences (2B × T expected)",
                tokens.len(),
                rows
            )));
        }
        let max_len = tokens.len() / rows;
        for (r, &len) in lengths.iter().enumerate() {
            let (side, pair) = if r < pairs { ("a", r) } else { ("b", r - pairs) };
            if len == 0 {
                return Err(VbError::Batch(format!("pair {pair}: sentence {side} is empty (length 0)")));
            }
            if len as usize > max_len {
                return Err(VbError::Batch(format!(
                    "pair {pair}: sentence {side} has length {len} > padded length T = {max_len}"
                )));
            }
            for (t, &id) in tokens[r * max_len..r * max_len + len as usize].iter().enumerate() {
                if id as usize >= vocab {
                    return Err(VbError::Batch(format!(
                        "pair {pair}: sentence {side} token {t} has id {id} ≥ vocabulary size {vocab}"
                    )));
                }
            }
        }
        if features.len() != pairs * pair_features {
            return Err(VbError::Batch(format!(
                "features has {} values, expected B × F = {pairs} × {pair_features}",
                features.len()
            )));
        }
        if let Some(i) = features.iter().position(|v| !v.is_finite()) {
            return Err(VbError::Batch(format!(
                "pair {}: feature {} is {}",
                i / pair_features,
                i % pair_features,
                features[i]
            )));
        }
        if let Some(y) = labels {
            if y.len() != pairs {
                return Err(VbError::Batch(format!("labels has {} entries for {pairs} pairs", y.len())));
            }
            if let Some((i, &bad)) = y.iter().enumerate().find(|(_, &v)| v as usize >= classes) {
                return Err(VbError::Batch(format!("pair {i}: label {bad} outside 0..{}", classes - 1)));
            }
        }
        Ok(Batch { tokens, lengths, features, labels, pairs, max_len })
    }

    /// Token id of sentence row `r` at time `t`.
    #[inline]
    pub fn token(&self, r: usize, t: usize) -> u32 {
        self.tokens[r * self.max_len + t]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_every_malformed_batch_with_a_message() {
        let tok = [1u32, 2, 0, 3, 1, 1, 2, 0];
        assert!(Batch::new(&tok, &[2, 1, 2, 2], &[], Some(&[0, 1]), 4, 6, 0).is_ok());
        assert!(Batch::new(&tok, &[2, 1, 2, 2], &[0.5, 1.0], Some(&[0, 1]), 4, 6, 1).is_ok());
        let msg = |r: Result<Batch>| r.unwrap_err().to_string();
        assert!(msg(Batch::new(&tok, &[2, 1, 2], &[], None, 4, 6, 0)).contains("2B entries"));
        assert!(msg(Batch::new(&tok[..7], &[2, 1, 2, 2], &[], None, 4, 6, 0)).contains("not a multiple"));
        assert!(msg(Batch::new(&tok, &[2, 0, 2, 2], &[], None, 4, 6, 0)).contains("pair 1: sentence a is empty"));
        assert!(msg(Batch::new(&tok, &[2, 1, 2, 5], &[], None, 4, 6, 0))
            .contains("pair 1: sentence b has length 5 > padded length T = 2"));
        assert!(msg(Batch::new(&tok, &[2, 1, 2, 2], &[], None, 2, 6, 0))
            .contains("pair 0: sentence a token 1 has id 2 ≥ vocabulary size 2"));
        assert!(msg(Batch::new(&tok, &[2, 1, 2, 2], &[], Some(&[0]), 4, 6, 0)).contains("labels has 1"));
        assert!(msg(Batch::new(&tok, &[2, 1, 2, 2], &[], Some(&[0, 6]), 4, 6, 0)).contains("label 6 outside 0..5"));
        assert!(msg(Batch::new(&tok, &[2, 1, 2, 2], &[1.0], None, 4, 6, 1)).contains("expected B × F = 2 × 1"));
        assert!(
            msg(Batch::new(&tok, &[2, 1, 2, 2], &[1.0, f32::NAN], None, 4, 6, 1)).contains("pair 1: feature 0 is NaN")
        );
    }
}
