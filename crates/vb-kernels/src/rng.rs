//! Seeded randomness inside the engine: xoshiro256++ seeded through SplitMix64, and standard
//! normals by Marsaglia's polar method.
//!
//! Why hand-written (about 50 lines) rather than `rand` + `rand_distr`: the sequence is part of the
//! engine's contract (same seed ⇒ bit-identical runs, golden files across the WASM boundary), so it
//! must not change with a dependency upgrade; and it must never touch `getrandom` in WASM.

use crate::simd::F2;

/// Deterministic generator of uniform and normal variates. Cloneable and serialisable (5 words).
#[derive(Clone, Debug, PartialEq)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator whose whole future is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let s = [splitmix64(&mut x), splitmix64(&mut x), splitmix64(&mut x), splitmix64(&mut x)];
        Rng { s, spare: None }
    }

    /// Next 64 random bits (xoshiro256++).
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        // (< 2⁵³, so the signed conversion — one instruction in WASM, unlike the unsigned one —
        // is exact and gives the same value)
        ((self.next_u64() >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in 0..n (n > 0), by Lemire's multiply-shift (bias < 2⁻³² for our n).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A standard normal variate.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let q = u * u + v * v;
            if q > 0.0 && q < 1.0 {
                let f = (-2.0 * crate::vmath::ln(q) / q).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }

    /// Fills `out` with standard normals (as f32): the same values, in the same order, as calling
    /// [`Rng::normal`] `out.len()` times, but with the polar method's `ln`, division and square
    /// root done two pairs at a time (the draws and the accept/reject test stay sequential).
    pub fn fill_normal(&mut self, out: &mut [f32]) {
        const CHUNK: usize = 64; // accepted (u, v) pairs per batch, an even number
        let mut i = 0;
        if !out.is_empty() {
            if let Some(z) = self.spare.take() {
                out[0] = z as f32;
                i = 1;
            }
        }
        let (mut u, mut v, mut q) = ([0f64; CHUNK], [0f64; CHUNK], [0f64; CHUNK]);
        while i < out.len() {
            let pairs = (out.len() - i).div_ceil(2).min(CHUNK);
            // Candidates are written unconditionally and kept by advancing `j` only on acceptance:
            // no unpredictable branch on the ~21 % rejections.
            let mut j = 0;
            while j < pairs {
                let a = 2.0 * self.uniform() - 1.0;
                let b = 2.0 * self.uniform() - 1.0;
                let r = a * a + b * b;
                (u[j], v[j], q[j]) = (a, b, r);
                j += (r > 0.0 && r < 1.0) as usize;
            }
            // f = sqrt(−2 ln q / q); q ∈ (0, 1) is normal (q ≥ 2⁻¹⁰⁴), the fast path of ln.
            let mut f = [0f64; CHUNK];
            for j in (0..pairs).step_by(2) {
                let qq = F2::new(q[j], q[(j + 1).min(pairs - 1)]);
                let ff = F2::splat(-2.0).mul(crate::vmath::ln_x2(qq)).div(qq).sqrt().to_array();
                f[j] = ff[0];
                if j + 1 < pairs {
                    f[j + 1] = ff[1];
                }
            }
            for j in 0..pairs {
                out[i] = (u[j] * f[j]) as f32;
                i += 1;
                let second = v[j] * f[j];
                if i < out.len() {
                    out[i] = second as f32;
                    i += 1;
                } else {
                    self.spare = Some(second);
                }
            }
        }
    }

    /// The generator's state as 6 words (4 state words, spare flag, spare bits) for checkpoints.
    pub fn to_words(&self) -> [u64; 6] {
        let (flag, bits) = match self.spare {
            Some(z) => (1, z.to_bits()),
            None => (0, 0),
        };
        [self.s[0], self.s[1], self.s[2], self.s[3], flag, bits]
    }

    /// Restores a generator saved by [`Rng::to_words`].
    pub fn from_words(w: [u64; 6]) -> Self {
        Rng { s: [w[0], w[1], w[2], w[3]], spare: if w[4] == 1 { Some(f64::from_bits(w[5])) } else { None } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_different_seed_differs() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut c = Rng::new(8);
        let xa: Vec<u64> = (0..10).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..10).map(|_| b.next_u64()).collect();
        let xc: Vec<u64> = (0..10).map(|_| c.next_u64()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn normals_have_unit_moments() {
        let mut r = Rng::new(42);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        let kurt = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n as f64 / (var * var);
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
        assert!((kurt - 3.0).abs() < 0.05, "kurtosis {kurt}");
    }

    #[test]
    fn fill_normal_equals_repeated_normal_for_every_length_and_spare_state() {
        for len in [0usize, 1, 2, 3, 63, 64, 127, 128, 129, 1000] {
            for start_with_spare in [false, true] {
                let mut a = Rng::new(len as u64 + 11);
                if start_with_spare {
                    a.normal();
                }
                let mut b = a.clone();
                let mut got = vec![0f32; len];
                a.fill_normal(&mut got);
                let want: Vec<f32> = (0..len).map(|_| b.normal() as f32).collect();
                assert_eq!(
                    got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    "len {len}"
                );
                assert_eq!(a, b, "state after len {len}");
            }
        }
    }

    #[test]
    fn words_round_trip_mid_stream() {
        let mut r = Rng::new(3);
        r.normal(); // leaves a spare
        let mut s = Rng::from_words(r.to_words());
        for _ in 0..5 {
            assert_eq!(r.normal().to_bits(), s.normal().to_bits());
        }
    }
}
