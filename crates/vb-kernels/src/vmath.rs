//! The engine's own `exp`, `ln` and `ln_1p` in f64 (and `expf`): exact ports of the FreeBSD msun / musl
//! routines (the ones Rust's `libm` — and so every `f64::exp`, `ln`, `ln_1p` in a wasm32 build —
//! uses), in a scalar form and a two-lane SIMD form that give the same bits.
//!
//! Why: these functions run once per weight per step (softplus, sigmoid and `ln s` of the
//! posterior) and about 0.6 times per normal variate (Marsaglia's polar method). In WebAssembly
//! each call to the library routine costs ~12 ns; two lanes at a time, inlined, cost ~3 ns a
//! value. The SIMD form covers the ordinary inputs and hands every other lane (zero, subnormal,
//! huge, infinite, NaN) to the scalar port, so results never depend on the path taken. A side
//! effect: native builds, which would otherwise call the C library's (different) routines, now
//! compute the very same bits as the WASM build.

use crate::simd::F2;

const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 6.93147180369123816490e-01
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.90821492927058770002e-10
const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593); // 6.666666666666735130e-01
const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04); // 3.999999999940941908e-01
const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359); // 2.857142874366239149e-01
const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af); // 2.222219843214978396e-01
const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de); // 1.818357216161805012e-01
const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f); // 1.531383769920937332e-01
const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244); // 1.479819860511658591e-01
const INV_LN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe); // 1.44269504088896338700e+00
const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e); // 1.66666666666666019037e-01
const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93); // -2.77777777770155933842e-03
const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c); // 6.61375632143793436117e-05
const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1); // -1.65339022054652515390e-06
const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0); // 4.13813679705723846039e-08

/// The double whose high word is `hi` and low word 0: musl compares high words; for
/// non-negative doubles `hi(x) < h` ⇔ `x < from_hi(h)`.
const fn from_hi(hi: u32) -> f64 {
    f64::from_bits((hi as u64) << 32)
}

// ---------------------------------------------------------------------------------------------
// Scalar ports (every input).

/// `ln(x)` (musl `log`).
pub fn ln(x: f64) -> f64 {
    let mut x = x;
    let mut ui = x.to_bits();
    let mut hx = (ui >> 32) as u32;
    let mut k: i32 = 0;
    if hx < 0x0010_0000 || (hx >> 31) != 0 {
        if ui << 1 == 0 {
            return -1.0 / (x * x); // ln(±0) = −∞
        }
        if hx >> 31 != 0 {
            return f64::NAN; // ln(negative)
        }
        // subnormal: scale up
        k -= 54;
        x *= f64::from_bits(0x4350_0000_0000_0000); // 2^54
        ui = x.to_bits();
        hx = (ui >> 32) as u32;
    } else if hx >= 0x7ff0_0000 {
        return x;
    } else if hx == 0x3ff0_0000 && ui << 32 == 0 {
        return 0.0;
    }
    hx += 0x3ff0_0000 - 0x3fe6_a09e;
    k += ((hx >> 20) as i32) - 0x3ff;
    hx = (hx & 0x000f_ffff) + 0x3fe6_a09e;
    let f = f64::from_bits(((hx as u64) << 32) | (ui & 0xffff_ffff)) - 1.0;
    let hfsq = 0.5 * f * f;
    let (s, r) = log_poly(f);
    let dk = k as f64;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

/// `ln(1 + x)` (musl `log1p`).
pub fn ln_1p(x: f64) -> f64 {
    let hx = (x.to_bits() >> 32) as u32;
    let mut k = 1i32;
    let (mut f, mut c) = (0.0, 0.0);
    if hx < 0x3fda_827a || (hx >> 31) > 0 {
        if hx >= 0xbff0_0000 {
            // x ≤ −1
            if x == -1.0 {
                return x / 0.0;
            }
            return f64::NAN; // x < −1
        }
        if hx << 1 < 0x3ca0_0000 << 1 {
            return x; // |x| < 2^−53
        }
        if hx <= 0xbfd2_bec4 {
            k = 0;
            c = 0.0;
            f = x;
        }
    } else if hx >= 0x7ff0_0000 {
        return x;
    }
    if k > 0 {
        let mut ui = (1.0 + x).to_bits();
        let mut hu = (ui >> 32) as u32;
        hu += 0x3ff0_0000 - 0x3fe6_a09e;
        k = (hu >> 20) as i32 - 0x3ff;
        if k < 54 {
            let u = f64::from_bits(ui);
            c = if k >= 2 { 1.0 - (u - x) } else { x - (u - 1.0) };
            c /= u;
        } else {
            c = 0.0;
        }
        hu = (hu & 0x000f_ffff) + 0x3fe6_a09e;
        ui = ((hu as u64) << 32) | (ui & 0xffff_ffff);
        f = f64::from_bits(ui) - 1.0;
    }
    log_tail(f, c, k as f64)
}

/// The end of `ln_1p`: `ln(1 + f) + k·ln 2` with correction `c`.
#[inline(always)]
fn log_tail(f: f64, c: f64, dk: f64) -> f64 {
    let hfsq = 0.5 * f * f;
    let (s, r) = log_poly(f);
    s * (hfsq + r) + (dk * LN2_LO + c) - hfsq + f + dk * LN2_HI
}

/// `s = f / (2 + f)` and the Remez polynomial `R(s)` shared by `ln` and `ln_1p`.
#[inline(always)]
fn log_poly(f: f64) -> (f64, f64) {
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    (s, t2 + t1)
}

/// `e^x` (musl `exp`).
pub fn exp(x: f64) -> f64 {
    let mut x = x;
    let mut hx = (x.to_bits() >> 32) as u32;
    let sign = (hx >> 31) as i32;
    hx &= 0x7fff_ffff;
    if hx >= 0x4086_232b {
        // |x| ≥ 708.39…
        if x.is_nan() {
            return x;
        }
        if x > f64::from_bits(0x4086_2e42_fefa_39ef) {
            // x > 709.78…
            return x * f64::from_bits(0x7fe0_0000_0000_0000); // overflow (or +∞)
        }
        if x < f64::from_bits(0xc087_4910_d52d_3051) {
            // x < −745.13…: the result underflows to zero
            return 0.0;
        }
    }
    let (hi, lo, k);
    if hx > 0x3fd6_2e42 {
        // |x| > ln2 / 2
        k = if hx >= 0x3ff0_a2b2 { (INV_LN2 * x + if sign == 0 { 0.5 } else { -0.5 }) as i32 } else { 1 - sign - sign };
        hi = x - k as f64 * LN2_HI;
        lo = k as f64 * LN2_LO;
        x = hi - lo;
    } else if hx > 0x3e30_0000 {
        // |x| > 2^−28
        k = 0;
        hi = x;
        lo = 0.0;
    } else {
        return 1.0 + x;
    }
    let xx = x * x;
    let c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    let y = 1.0 + (x * c / (2.0 - c) - lo + hi);
    if k == 0 {
        y
    } else {
        scalbn(y, k)
    }
}

/// `x · 2^n` without intermediate overflow or double rounding (libm's generic `scalbn`).
fn scalbn(mut x: f64, mut n: i32) -> f64 {
    if n > 1023 {
        x *= f64::from_bits(0x7fe0_0000_0000_0000);
        n -= 1023;
        if n > 1023 {
            x *= f64::from_bits(0x7fe0_0000_0000_0000);
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        let mul = f64::from_bits(0x0010_0000_0000_0000) * f64::from_bits(0x4340_0000_0000_0000); // 2^−1022 · 2^53
        x *= mul;
        n += 1022 - 53;
        if n < -1022 {
            x *= mul;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    x * f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// `e^x` in f32 (musl `expf`), for the class probabilities `p = e^{log p}`.
pub fn expf(x: f32) -> f32 {
    const LN2_HI_F: f32 = f32::from_bits(0x3f31_7200); // 6.9314575195e-01
    const LN2_LO_F: f32 = f32::from_bits(0x35bf_be8e); // 1.4286067653e-06
    const INV_LN2_F: f32 = f32::from_bits(0x3fb8_aa3b); // 1.4426950216e+00
    const P1_F: f32 = f32::from_bits(0x3e2a_aa8f); // 1.6666625440e-1
    const P2_F: f32 = f32::from_bits(0xbb35_5215); // -2.7667332906e-3
    let mut x = x;
    let mut hx = x.to_bits();
    let sign = (hx >> 31) as i32;
    hx &= 0x7fff_ffff;
    if hx >= 0x42ae_ac50 {
        // |x| ≥ 87.33655 or NaN
        if hx > 0x7f80_0000 {
            return x;
        }
        if hx >= 0x42b1_7218 && sign == 0 {
            return x * f32::from_bits(0x7f00_0000); // overflow (or +∞)
        }
        if sign != 0 && hx >= 0x42cf_f1b5 {
            return 0.0; // x ≤ −103.97
        }
    }
    let (k, hi, lo);
    if hx > 0x3eb1_7218 {
        k = if hx > 0x3f85_1592 {
            (INV_LN2_F * x + if sign == 0 { 0.5 } else { -0.5 }) as i32
        } else {
            1 - sign - sign
        };
        let kf = k as f32;
        hi = x - kf * LN2_HI_F;
        lo = kf * LN2_LO_F;
        x = hi - lo;
    } else if hx > 0x3900_0000 {
        k = 0;
        hi = x;
        lo = 0.0;
    } else {
        return 1.0 + x;
    }
    let xx = x * x;
    let c = x - xx * (P1_F + xx * P2_F);
    let y = 1.0 + (x * c / (2.0 - c) - lo + hi);
    if k == 0 {
        return y;
    }
    // scalbnf(y, k)
    let (mut y, mut n) = (y, k);
    if n > 127 {
        y *= f32::from_bits(0x7f00_0000);
        n -= 127;
        if n > 127 {
            y *= f32::from_bits(0x7f00_0000);
            n = (n - 127).min(127);
        }
    } else if n < -126 {
        let mul = f32::from_bits(0x0080_0000) * f32::from_bits(0x4b80_0000); // 2^−126 · 2^24
        y *= mul;
        n += 126 - 24;
        if n < -126 {
            y *= mul;
            n = (n + 126 - 24).max(-126);
        }
    }
    y * f32::from_bits(((0x7f + n) as u32) << 23)
}

// ---------------------------------------------------------------------------------------------
// Two lanes at a time.

/// `ln` of both lanes, bit-identical to [`ln`].
#[inline(always)]
pub fn ln_x2(x: F2) -> F2 {
    // positive, normal and finite in both lanes: the reduction below is exact
    if x.ge(F2::splat(f64::MIN_POSITIVE)).and(x.lt(F2::splat(f64::INFINITY))).all() {
        let (m, k) = x.log_split();
        log_tail_x2::<false>(m.sub(F2::splat(1.0)), F2::splat(0.0), k)
    } else {
        x.map(ln)
    }
}

/// `ln(1 + x)` of both lanes, bit-identical to [`ln_1p`]; fastest for `0 ≤ x ≤ 1`.
#[inline(always)]
pub fn ln_1p_x2(x: F2) -> F2 {
    if !x.ge(F2::splat(0.0)).and(x.le(F2::splat(1.0))).all() {
        return x.map(ln_1p);
    }
    // Lanes below hi-word 0x3fda827a take f = x, c = 0, k = 0; the others reduce u = 1 + x
    // (k ∈ {0, 1} here, so c = (x − (u − 1)) / u).
    let small = x.lt(F2::splat(from_hi(0x3fda_827a)));
    let tiny = x.lt(F2::splat(from_hi(0x3ca0_0000)));
    if small.all() {
        // the common case for posterior stds (ρ < −0.88): no reduction, no correction term
        let y = log_tail_x2::<true>(x, F2::splat(0.0), F2::splat(0.0));
        return F2::select(tiny, x, y);
    }
    let u = F2::splat(1.0).add(x);
    let (mu, ku) = u.log_split();
    let cu = x.sub(u.sub(F2::splat(1.0))).div(u);
    let f = F2::select(small, x, mu.sub(F2::splat(1.0)));
    let c = F2::select(small, F2::splat(0.0), cu);
    let k = F2::select(small, F2::splat(0.0), ku);
    let y = log_tail_x2::<true>(f, c, k);
    // |x| < 2^−53 (zero and subnormals included): ln(1 + x) = x
    F2::select(tiny, x, y)
}

/// [`log_tail`] (`WITH_C`) or the end of [`ln`] (no correction term) on two lanes.
#[inline(always)]
fn log_tail_x2<const WITH_C: bool>(f: F2, c: F2, dk: F2) -> F2 {
    let s2 = |v: f64| F2::splat(v);
    let hfsq = s2(0.5).mul(f).mul(f);
    let s = f.div(s2(2.0).add(f));
    let z = s.mul(s);
    let w = z.mul(z);
    let t1 = w.mul(s2(LG2).add(w.mul(s2(LG4).add(w.mul(s2(LG6))))));
    let t2 = z.mul(s2(LG1).add(w.mul(s2(LG3).add(w.mul(s2(LG5).add(w.mul(s2(LG7))))))));
    let r = t2.add(t1);
    let lo = if WITH_C { dk.mul(s2(LN2_LO)).add(c) } else { dk.mul(s2(LN2_LO)) };
    s.mul(hfsq.add(r)).add(lo).sub(hfsq).add(f).add(dk.mul(s2(LN2_HI)))
}

/// `e^x` of both lanes, bit-identical to [`exp`].
#[inline(always)]
pub fn exp_x2(x: F2) -> F2 {
    let ax = x.abs();
    // |x| < 708.39… (also rejects NaN): no overflow, no subnormal result, one final scaling
    if !ax.lt(F2::splat(from_hi(0x4086_232b))).all() {
        return x.map(exp);
    }
    let s2 = |v: f64| F2::splat(v);
    let negative = x.lt(s2(0.0)); // −0 is `tiny` below, where the sign does not matter
    let big = ax.ge(s2(from_hi(0x3ff0_a2b2))); // |x| ≥ 1.5 ln 2
    let mid = ax.ge(s2(from_hi(0x3fd6_2e43))); // |x| > ln 2 / 2
    let tiny = ax.lt(s2(from_hi(0x3e30_0001))); // |x| ≤ 2^−28 (by the high word)
    let half = F2::select(negative, s2(-0.5), s2(0.5));
    let k_big = s2(INV_LN2).mul(x).add(half).trunc();
    let k_mid = F2::select(negative, s2(-1.0), s2(1.0));
    let k = F2::select(big, k_big, F2::select(mid, k_mid, s2(0.0)));
    // k = 0 reproduces musl's middle branch exactly: hi = x − 0 = x, lo = 0.
    let hi = x.sub(k.mul(s2(LN2_HI)));
    let lo = k.mul(s2(LN2_LO));
    let xr = hi.sub(lo);
    let xx = xr.mul(xr);
    let c = xr.sub(xx.mul(s2(P1).add(xx.mul(s2(P2).add(xx.mul(s2(P3).add(xx.mul(s2(P4).add(xx.mul(s2(P5)))))))))));
    let y = s2(1.0).add(xr.mul(c).div(s2(2.0).sub(c)).sub(lo).add(hi));
    let scaled = y.mul(k.pow2()); // k = 0: y · 1 = y
    F2::select(tiny, s2(1.0).add(x), scaled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 3.0,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e-300,
            -1e-300,
            from_hi(0x3fda_827a),
            from_hi(0x3ca0_0000),
            from_hi(0x3ff0_a2b2),
            from_hi(0x3fd6_2e42),
            from_hi(0x3fd6_2e43),
            from_hi(0x3e30_0000),
            from_hi(0x3e30_0001),
            708.39,
            -708.39,
            709.0,
            -709.0,
            -745.0,
            -746.0,
            710.0,
        ];
        let mut x = 1e-12f64;
        while x < 800.0 {
            v.push(x);
            v.push(-x);
            v.push(1.0 / x);
            x *= 1.0137;
        }
        let mut rng = crate::rng::Rng::new(5);
        for _ in 0..20_000 {
            let u = rng.uniform();
            v.push(u);
            v.push(-u * 30.0);
            v.push(u * u * u);
            v.push(f64::from_bits(rng.next_u64()));
        }
        v
    }

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn two_lane_forms_are_bit_identical_to_the_scalar_ports() {
        let v = inputs();
        for pair in v.windows(2) {
            let x = F2::new(pair[0], pair[1]);
            for (name, simd, scalar) in [
                ("ln", ln_x2(x), ln as fn(f64) -> f64),
                ("ln_1p", ln_1p_x2(x), ln_1p as fn(f64) -> f64),
                ("exp", exp_x2(x), exp as fn(f64) -> f64),
            ] {
                let [a, b] = simd.to_array();
                assert!(same(a, scalar(pair[0])), "{name}({:e}): {a:e} vs {:e}", pair[0], scalar(pair[0]));
                assert!(same(b, scalar(pair[1])), "{name}({:e}): {b:e} vs {:e}", pair[1], scalar(pair[1]));
            }
        }
    }

    #[test]
    fn scalar_ports_agree_with_the_platform_library_to_an_ulp() {
        let ulps = |a: f64, b: f64| {
            if same(a, b) || a == b {
                0
            } else if a.is_finite() && b.is_finite() && a.signum() == b.signum() {
                (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
            } else {
                u64::MAX
            }
        };
        for x in inputs() {
            assert!(ulps(ln(x), x.ln()) <= 1, "ln({x:e}) = {:e} vs {:e}", ln(x), x.ln());
            assert!(ulps(ln_1p(x), x.ln_1p()) <= 1, "ln_1p({x:e}) = {:e} vs {:e}", ln_1p(x), x.ln_1p());
            assert!(ulps(exp(x), x.exp()) <= 1, "exp({x:e}) = {:e} vs {:e}", exp(x), x.exp());
            let xf = x as f32;
            let (a, b) = (expf(xf), xf.exp());
            let ok = a.to_bits() == b.to_bits()
                || (a.is_nan() && b.is_nan())
                || (a.is_finite() && b.is_finite() && (a.to_bits() as i64 - b.to_bits() as i64).abs() <= 1);
            assert!(ok, "expf({xf:e}) = {a:e} vs {b:e}");
        }
    }
}
