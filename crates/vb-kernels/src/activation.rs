//! Elementwise activations: a vectorised tanh (the RNN's nonlinearity) and the stable softplus /
//! sigmoid pair that maps the unconstrained ρ to a standard deviation.

use crate::simd::{F2, F4};
use crate::vmath;

// Rational minimax approximation tanh(x) ≈ x·P(x²)/Q(x²) on [-7.9, 7.9] (the classic coefficients
// used by Eigen and XNNPACK); max error ≈ 2 ulp in f32; beyond the clamp tanh is within 3e-7 of ±1 and the result stays in [-1, 1].
const CLAMP: f32 = 7.905_311;
const A1: f32 = 4.893_524_6e-3;
const A3: f32 = 6.372_619_3e-4;
const A5: f32 = 1.485_722_4e-5;
const A7: f32 = 5.122_297e-8;
const A9: f32 = -8.604_672e-11;
const A11: f32 = 2.000_188e-13;
const A13: f32 = -2.760_768_5e-16;
const B0: f32 = 4.893_525e-3;
const B2: f32 = 2.268_434_6e-3;
const B4: f32 = 1.185_347e-4;
const B6: f32 = 1.198_258_4e-6;

#[inline(always)]
pub(crate) fn tanh4(x: F4) -> F4 {
    let x = x.max(F4::splat(-CLAMP)).min(F4::splat(CLAMP));
    let x2 = x.mul(x);
    let mut p = x2.mul_add(F4::splat(A13), F4::splat(A11));
    p = p.mul_add(x2, F4::splat(A9));
    p = p.mul_add(x2, F4::splat(A7));
    p = p.mul_add(x2, F4::splat(A5));
    p = p.mul_add(x2, F4::splat(A3));
    p = p.mul_add(x2, F4::splat(A1));
    p = p.mul(x);
    let mut q = x2.mul_add(F4::splat(B6), F4::splat(B4));
    q = q.mul_add(x2, F4::splat(B2));
    q = q.mul_add(x2, F4::splat(B0));
    p.div(q)
}

/// The same approximation for one value (tails and tests); identical rounding to the SIMD lanes.
pub fn tanh_scalar(x: f32) -> f32 {
    let mut lanes = [x, 0.0, 0.0, 0.0];
    // SAFETY: lanes has 4 elements.
    unsafe { tanh4(F4::load(lanes.as_ptr())).store(lanes.as_mut_ptr()) };
    lanes[0]
}

/// For every row of `z` (`rows × n`, row-major): `z[r] = tanh(z[r] + bias)`.
pub fn bias_tanh(z: &mut [f32], n: usize, bias: &[f32]) {
    assert_eq!(bias.len(), n);
    assert_eq!(z.len() % n.max(1), 0);
    let n4 = n / 4 * 4;
    for row in z.chunks_exact_mut(n) {
        let mut j = 0;
        while j < n4 {
            // SAFETY: j + 4 <= n4 <= n = row.len() = bias.len().
            unsafe {
                let v = F4::load(row.as_ptr().add(j)).add(F4::load(bias.as_ptr().add(j)));
                tanh4(v).store(row.as_mut_ptr().add(j));
            }
            j += 4;
        }
        for jj in n4..n {
            row[jj] = tanh_scalar(row[jj] + bias[jj]);
        }
    }
}

/// `da = dh ⊙ (1 − h²)`, the tanh backward, over equal-length slices.
pub fn tanh_backward(dh: &[f32], h: &[f32], da: &mut [f32]) {
    assert!(dh.len() == h.len() && h.len() == da.len());
    let n4 = h.len() / 4 * 4;
    let one = F4::splat(1.0);
    let mut i = 0;
    while i < n4 {
        // SAFETY: i + 4 <= n4 <= len of all three slices.
        unsafe {
            let hv = F4::load(h.as_ptr().add(i));
            let d = F4::load(dh.as_ptr().add(i)).mul(one.sub(hv.mul(hv)));
            d.store(da.as_mut_ptr().add(i));
        }
        i += 4;
    }
    for j in n4..h.len() {
        da[j] = dh[j] * (1.0 - h[j] * h[j]);
    }
}

// The f64 `exp`/`ln_1p` below are the engine's own ports (crate::vmath), so native and WASM
// builds compute the same bits.

/// softplus(ρ) = log(1 + eᵖ), computed without overflow; the posterior std.
pub fn softplus(rho: f32) -> f32 {
    let r = rho as f64;
    (r.max(0.0) + vmath::ln_1p(vmath::exp(-r.abs()))) as f32
}

/// d softplus / dρ = sigmoid(ρ), computed without overflow.
pub fn sigmoid(rho: f32) -> f32 {
    let r = rho as f64;
    (if r >= 0.0 {
        1.0 / (1.0 + vmath::exp(-r))
    } else {
        let e = vmath::exp(r);
        e / (1.0 + e)
    }) as f32
}

/// `(softplus(ρ), sigmoid(ρ))` from one `exp`: bit-identical to calling [`softplus`] and
/// [`sigmoid`] separately (both evaluate `e^{−|ρ|}`), at about half the cost.
#[inline]
pub fn softplus_sigmoid(rho: f32) -> (f32, f32) {
    let r = rho as f64;
    let e = vmath::exp(-r.abs());
    let softplus = (r.max(0.0) + vmath::ln_1p(e)) as f32;
    let sigmoid = (if r >= 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) }) as f32;
    (softplus, sigmoid)
}

/// [`softplus_sigmoid`] of two values at once (same bits), plus `ln` of each softplus as f64.
#[inline]
pub fn softplus_sigmoid_ln_x2(rho: [f32; 2]) -> ([f32; 2], [f32; 2], [f64; 2]) {
    let r = F2::new(rho[0] as f64, rho[1] as f64);
    let zero = F2::splat(0.0);
    let e = vmath::exp_x2(zero.sub(r.abs()));
    let l = vmath::ln_1p_x2(e);
    let nonneg = r.ge(zero);
    let sp = F2::select(nonneg, r, zero).add(l).to_array();
    // sigmoid = 1/(1 + e) for ρ ≥ 0, e/(1 + e) otherwise: one division with the numerator chosen
    let sg = F2::select(nonneg, F2::splat(1.0), e).div(F2::splat(1.0).add(e)).to_array();
    if !(r.abs().lt(F2::splat(f64::INFINITY)).all()) {
        // NaN or ±∞ (f32 ρ is never beyond f32::MAX otherwise): the scalar path
        let (a, b) = (softplus_sigmoid(rho[0]), softplus_sigmoid(rho[1]));
        return ([a.0, b.0], [a.1, b.1], [vmath::ln(a.0 as f64), vmath::ln(b.0 as f64)]);
    }
    let s = [sp[0] as f32, sp[1] as f32];
    let ln_s = vmath::ln_x2(F2::new(s[0] as f64, s[1] as f64)).to_array();
    (s, [sg[0] as f32, sg[1] as f32], ln_s)
}

/// The ρ whose softplus is `std` (> 0): log(eˢ − 1), stable for small and large s.
pub fn softplus_inverse(std: f32) -> f32 {
    let s = std as f64;
    (s + vmath::ln_1p(-vmath::exp(-s))) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_is_accurate_everywhere() {
        let mut worst = 0f64;
        let mut x = -12.0f64;
        while x <= 12.0 {
            let got = tanh_scalar(x as f32) as f64;
            let want = (x as f32 as f64).tanh();
            worst = worst.max((got - want).abs());
            x += 0.000_37;
        }
        assert!(worst < 5e-7, "max abs error {worst}");
        assert_eq!(tanh_scalar(0.0), 0.0);
        assert_eq!(tanh_scalar(f32::INFINITY), tanh_scalar(30.0));
        assert!(tanh_scalar(30.0) <= 1.0 && tanh_scalar(-30.0) >= -1.0);
    }

    #[test]
    fn bias_tanh_matches_scalar_including_tail() {
        let n = 7;
        let mut z: Vec<f32> = (0..2 * n).map(|i| i as f32 * 0.3 - 2.0).collect();
        let bias: Vec<f32> = (0..n).map(|i| i as f32 * 0.1).collect();
        let want: Vec<f32> = z.iter().enumerate().map(|(i, v)| ((v + bias[i % n]) as f64).tanh() as f32).collect();
        bias_tanh(&mut z, n, &bias);
        for (g, w) in z.iter().zip(&want) {
            assert!((g - w).abs() < 5e-7);
        }
    }

    #[test]
    fn fused_softplus_sigmoid_is_bit_identical_to_the_separate_functions() {
        let mut x = -60.0f32;
        let special = [0.0f32, -0.0, f32::MIN_POSITIVE, -f32::MIN_POSITIVE, 1e-30, -1e-30, 88.0, -88.0, 1e30, -1e30];
        let mut values: Vec<f32> = special.to_vec();
        while x <= 60.0 {
            values.push(x);
            x += 0.013_7;
        }
        for r in values {
            let (s, g) = softplus_sigmoid(r);
            assert_eq!(s.to_bits(), softplus(r).to_bits(), "softplus({r})");
            assert_eq!(g.to_bits(), sigmoid(r).to_bits(), "sigmoid({r})");
        }
        let (s, g) = softplus_sigmoid(f32::NAN);
        assert!(s.is_nan() && g.is_nan());
    }

    #[test]
    fn two_lane_softplus_sigmoid_ln_matches_the_scalar_functions() {
        let mut values =
            vec![0.0f32, -0.0, 1e-30, -1e-30, 88.0, -88.0, 800.0, -800.0, 1e30, -1e30, f32::MAX, -f32::MAX];
        let mut x = -120.0f32;
        while x <= 120.0 {
            values.push(x);
            x += 0.0731;
        }
        values.extend([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3.0]);
        for pair in values.windows(2) {
            let (s, g, l) = softplus_sigmoid_ln_x2([pair[0], pair[1]]);
            for i in 0..2 {
                let (ws, wg) = (softplus(pair[i]), sigmoid(pair[i]));
                let wl = vmath::ln(ws as f64);
                let same32 = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                assert!(same32(s[i], ws) && same32(g[i], wg), "ρ = {}", pair[i]);
                assert!(l[i].to_bits() == wl.to_bits() || (l[i].is_nan() && wl.is_nan()), "ln s at ρ = {}", pair[i]);
            }
        }
    }

    #[test]
    fn softplus_pair_is_stable_and_consistent() {
        for &r in &[-100.0f32, -20.0, -3.0, 0.0, 0.5, 5.0, 40.0, 100.0] {
            let s = softplus(r);
            assert!(s.is_finite() && s >= 0.0);
            let want = if r > 30.0 { r as f64 } else { (r as f64).exp().ln_1p() };
            assert!((s as f64 - want).abs() <= 1e-6 * want.max(1e-30), "softplus({r})");
            let sg = sigmoid(r) as f64;
            assert!((sg - 1.0 / (1.0 + (-(r as f64)).exp())).abs() < 1e-7);
        }
        for &s in &[1e-6f32, 1e-3, 0.05, 1.0, 7.0, 50.0] {
            let back = softplus(softplus_inverse(s));
            assert!(((back - s) / s).abs() < 1e-5, "softplus(softplus_inverse({s})) = {back}");
        }
    }
}
