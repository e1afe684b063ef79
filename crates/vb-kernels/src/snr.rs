//! Pruning by signal-to-noise ratio: `λ_i = |m_i| / s_i`. The posterior density at zero is
//! `∝ exp(−λ_i²/2)`, so the *smallest* λ are the weights the model can best do without.

/// λ_i = |m_i| / s_i for every weight.
pub fn snr(mean: &[f32], std: impl Fn(usize) -> f32) -> Vec<f32> {
    mean.iter().enumerate().map(|(i, &m)| m.abs() / std(i)).collect()
}

/// Keep-mask for threshold τ: 1 where `score ≥ τ` (kept), 0 where `score < τ` (pruned).
pub fn keep_mask(score: &[f32], threshold: f32) -> Vec<u8> {
    score.iter().map(|&l| u8::from(l >= threshold)).collect()
}

/// Number of weights a mask keeps.
pub fn kept(mask: &[u8]) -> usize {
    mask.iter().filter(|&&k| k != 0).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_snr_is_pruned_first() {
        let l = snr(&[0.1, -2.0, 0.0, 1.0], |i| [0.1, 1.0, 1.0, 4.0][i]);
        assert_eq!(l, vec![1.0, 2.0, 0.0, 0.25]);
        assert_eq!(keep_mask(&l, 0.5), vec![1, 1, 0, 0]);
        assert_eq!(kept(&keep_mask(&l, 0.0)), 4);
        assert_eq!(kept(&keep_mask(&l, 3.0)), 0);
    }
}
