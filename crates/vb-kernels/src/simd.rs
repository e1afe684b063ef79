//! A four-lane f32 vector, `F4` (and a two-lane f64 one, `F2`), over the platform's 128-bit SIMD:
//! wasm `simd128` in WebAssembly, SSE2 on x86-64 (always present there), and plain arrays
//! elsewhere. The kernels are written once against `F4`, so the native build that `cargo test`
//! checks runs the same arithmetic as the WASM build (same operation order ⇒ the same rounding).
//! The f64 `exp`/`ln`/`ln_1p` the engine needs come from `crate::vmath` rather than the
//! platform's C library, for the same reason.
//!
//! Building for wasm32 *without* `+simd128` is refused at compile time: the engine would silently
//! run several times slower.

#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
compile_error!("vb-kernels for wasm32 must be built with RUSTFLAGS=\"-C target-feature=+simd128\"");

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F4(v128);

    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4(f32x4_splat(x))
        }
        /// # Safety
        /// `p..p+4` must be readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p..p+4` must be writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F4(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            F4(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F4(f32x4_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn min(self, o: Self) -> Self {
            F4(f32x4_pmin(self.0, o.0))
        }
        #[inline(always)]
        pub fn max(self, o: Self) -> Self {
            F4(f32x4_pmax(self.0, o.0))
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F4(f32x4_sqrt(self.0))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            F4(f32x4_abs(self.0))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F4(__m128);

    // SSE2 is part of the x86-64 baseline, so these intrinsics are always available.
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            unsafe { F4(_mm_set1_ps(x)) }
        }
        /// # Safety
        /// `p..p+4` must be readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(_mm_loadu_ps(p))
        }
        /// # Safety
        /// `p..p+4` must be writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            _mm_storeu_ps(p, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            unsafe { F4(_mm_add_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            unsafe { F4(_mm_sub_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            unsafe { F4(_mm_mul_ps(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            unsafe { F4(_mm_div_ps(self.0, o.0)) }
        }
        /// Lane-wise `o < self ? o : self`, the same convention as wasm's `pmin`.
        #[inline(always)]
        pub fn min(self, o: Self) -> Self {
            unsafe { F4(_mm_min_ps(o.0, self.0)) }
        }
        /// Lane-wise `self < o ? o : self`, the same convention as wasm's `pmax`.
        #[inline(always)]
        pub fn max(self, o: Self) -> Self {
            unsafe { F4(_mm_max_ps(o.0, self.0)) }
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            unsafe { F4(_mm_sqrt_ps(self.0)) }
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            unsafe { F4(_mm_andnot_ps(_mm_set1_ps(-0.0), self.0)) }
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F4([f32; 4]);

    macro_rules! lanes {
        ($a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
            let (a, b) = ($a.0, $b.0);
            F4([0, 1, 2, 3].map(|i| {
                let ($x, $y) = (a[i], b[i]);
                $e
            }))
        }};
    }

    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4([x; 4])
        }
        /// # Safety
        /// `p..p+4` must be readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4([*p, *p.add(1), *p.add(2), *p.add(3)])
        }
        /// # Safety
        /// `p..p+4` must be writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            for i in 0..4 {
                *p.add(i) = self.0[i];
            }
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            lanes!(self, o, |x, y| x + y)
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            lanes!(self, o, |x, y| x - y)
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            lanes!(self, o, |x, y| x * y)
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            lanes!(self, o, |x, y| x / y)
        }
        #[inline(always)]
        pub fn min(self, o: Self) -> Self {
            lanes!(self, o, |x, y| if y < x { y } else { x })
        }
        #[inline(always)]
        pub fn max(self, o: Self) -> Self {
            lanes!(self, o, |x, y| if x < y { y } else { x })
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F4(self.0.map(f32::sqrt))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            F4(self.0.map(f32::abs))
        }
    }
}

pub use imp::F4;

// ---------------------------------------------------------------------------------------------
// F2: two f64 lanes, for the vectorised `exp`/`ln`/`ln_1p` of `crate::vmath`. Comparisons give
// all-ones / all-zeros lane masks (as F2 values) for `select`, `and`, `or` and `all`.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp2 {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F2(v128);

    impl F2 {
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> Self {
            F2(f64x2(a, b))
        }
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            F2(f64x2_splat(x))
        }
        #[inline(always)]
        pub fn to_array(self) -> [f64; 2] {
            [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)]
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F2(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            F2(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F2(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F2(f64x2_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F2(f64x2_sqrt(self.0))
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            F2(f64x2_abs(self.0))
        }
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            F2(f64x2_lt(self.0, o.0))
        }
        #[inline(always)]
        pub fn le(self, o: Self) -> Self {
            F2(f64x2_le(self.0, o.0))
        }
        #[inline(always)]
        pub fn ge(self, o: Self) -> Self {
            F2(f64x2_ge(self.0, o.0))
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            F2(v128_and(self.0, o.0))
        }
        #[inline(always)]
        pub fn or(self, o: Self) -> Self {
            F2(v128_or(self.0, o.0))
        }
        /// Both lanes of a mask set.
        #[inline(always)]
        pub fn all(self) -> bool {
            i64x2_all_true(self.0)
        }
        /// Lane-wise `mask ? a : b`.
        #[inline(always)]
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            F2(v128_bitselect(a.0, b.0, mask.0))
        }
        /// Truncation toward zero of lanes with |x| < 2³¹, as f64.
        #[inline(always)]
        pub fn trunc(self) -> Self {
            F2(f64x2_trunc(self.0))
        }
        /// 2^k for integral lanes k in −1022..=1023: k + 1023 lands in the low mantissa bits of
        /// `k + 2⁵² + 1023`, and a shift by 52 moves it into the exponent field.
        #[inline(always)]
        pub fn pow2(self) -> Self {
            F2(i64x2_shl(f64x2_add(self.0, f64x2_splat(4_503_599_627_371_519.0)), 52))
        }
        /// For positive normal lanes `x = 2^k · m` with `m ∈ [√2/2, √2)`, as musl's `log` reduces
        /// it: returns `(m, k)` (k as f64).
        #[inline(always)]
        pub fn log_split(self) -> (Self, Self) {
            const C: i32 = 0x3ff0_0000 - 0x3fe6_a09e;
            let hx = i32x4_add(self.0, i32x4(0, C, 0, C));
            let k = i32x4_sub(u32x4_shr(hx, 20), i32x4_splat(0x3ff));
            let m =
                i32x4_add(v128_and(hx, i32x4(-1, 0x000f_ffff, -1, 0x000f_ffff)), i32x4(0, 0x3fe6_a09e, 0, 0x3fe6_a09e));
            (F2(m), F2(f64x2_convert_low_i32x4(i32x4_shuffle::<1, 3, 1, 3>(k, k))))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp2 {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F2(__m128d);

    // SSE2 is part of the x86-64 baseline, so these intrinsics are always available.
    impl F2 {
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> Self {
            unsafe { F2(_mm_set_pd(b, a)) }
        }
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            unsafe { F2(_mm_set1_pd(x)) }
        }
        #[inline(always)]
        pub fn to_array(self) -> [f64; 2] {
            let mut out = [0f64; 2];
            unsafe { _mm_storeu_pd(out.as_mut_ptr(), self.0) };
            out
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            unsafe { F2(_mm_add_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn sub(self, o: Self) -> Self {
            unsafe { F2(_mm_sub_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            unsafe { F2(_mm_mul_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            unsafe { F2(_mm_div_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            unsafe { F2(_mm_sqrt_pd(self.0)) }
        }
        #[inline(always)]
        pub fn abs(self) -> Self {
            unsafe { F2(_mm_andnot_pd(_mm_set1_pd(-0.0), self.0)) }
        }
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            unsafe { F2(_mm_cmplt_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn le(self, o: Self) -> Self {
            unsafe { F2(_mm_cmple_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn ge(self, o: Self) -> Self {
            unsafe { F2(_mm_cmpge_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn and(self, o: Self) -> Self {
            unsafe { F2(_mm_and_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn or(self, o: Self) -> Self {
            unsafe { F2(_mm_or_pd(self.0, o.0)) }
        }
        #[inline(always)]
        pub fn all(self) -> bool {
            unsafe { _mm_movemask_pd(self.0) == 3 }
        }
        #[inline(always)]
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            unsafe { F2(_mm_or_pd(_mm_and_pd(mask.0, a.0), _mm_andnot_pd(mask.0, b.0))) }
        }
        #[inline(always)]
        pub fn trunc(self) -> Self {
            unsafe { F2(_mm_cvtepi32_pd(_mm_cvttpd_epi32(self.0))) }
        }
        #[inline(always)]
        pub fn pow2(self) -> Self {
            unsafe {
                let k = _mm_add_epi32(_mm_cvttpd_epi32(self.0), _mm_set1_epi32(0x3ff));
                F2(_mm_castsi128_pd(_mm_slli_epi64(_mm_unpacklo_epi32(k, _mm_setzero_si128()), 52)))
            }
        }
        #[inline(always)]
        pub fn log_split(self) -> (Self, Self) {
            const C: i32 = 0x3ff0_0000 - 0x3fe6_a09e;
            unsafe {
                let hx = _mm_add_epi32(_mm_castpd_si128(self.0), _mm_set_epi32(C, 0, C, 0));
                let k = _mm_sub_epi32(_mm_srli_epi32(hx, 20), _mm_set1_epi32(0x3ff));
                let m = _mm_add_epi32(
                    _mm_and_si128(hx, _mm_set_epi32(0x000f_ffff, -1, 0x000f_ffff, -1)),
                    _mm_set_epi32(0x3fe6_a09e, 0, 0x3fe6_a09e, 0),
                );
                (F2(_mm_castsi128_pd(m)), F2(_mm_cvtepi32_pd(_mm_shuffle_epi32(k, 0b11_01_11_01))))
            }
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp2 {
    #[derive(Clone, Copy)]
    pub struct F2([f64; 2]);

    fn mask(b: bool) -> f64 {
        f64::from_bits(if b { u64::MAX } else { 0 })
    }

    impl F2 {
        #[inline(always)]
        pub fn new(a: f64, b: f64) -> Self {
            F2([a, b])
        }
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            F2([x, x])
        }
        #[inline(always)]
        pub fn to_array(self) -> [f64; 2] {
            self.0
        }
        fn zip(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
            F2([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
        }
        pub fn add(self, o: Self) -> Self {
            self.zip(o, |a, b| a + b)
        }
        pub fn sub(self, o: Self) -> Self {
            self.zip(o, |a, b| a - b)
        }
        pub fn mul(self, o: Self) -> Self {
            self.zip(o, |a, b| a * b)
        }
        pub fn div(self, o: Self) -> Self {
            self.zip(o, |a, b| a / b)
        }
        pub fn sqrt(self) -> Self {
            F2(self.0.map(f64::sqrt))
        }
        pub fn abs(self) -> Self {
            F2(self.0.map(f64::abs))
        }
        pub fn lt(self, o: Self) -> Self {
            self.zip(o, |a, b| mask(a < b))
        }
        pub fn le(self, o: Self) -> Self {
            self.zip(o, |a, b| mask(a <= b))
        }
        pub fn ge(self, o: Self) -> Self {
            self.zip(o, |a, b| mask(a >= b))
        }
        pub fn and(self, o: Self) -> Self {
            self.zip(o, |a, b| f64::from_bits(a.to_bits() & b.to_bits()))
        }
        pub fn or(self, o: Self) -> Self {
            self.zip(o, |a, b| f64::from_bits(a.to_bits() | b.to_bits()))
        }
        pub fn all(self) -> bool {
            self.0.iter().all(|x| x.to_bits() == u64::MAX)
        }
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            F2([0, 1].map(|i| if mask.0[i].to_bits() != 0 { a.0[i] } else { b.0[i] }))
        }
        pub fn trunc(self) -> Self {
            F2(self.0.map(|x| x as i32 as f64))
        }
        pub fn pow2(self) -> Self {
            F2(self.0.map(|k| f64::from_bits(((k as i32 + 0x3ff) as u64) << 52)))
        }
        pub fn log_split(self) -> (Self, Self) {
            let one = |x: f64| {
                let ui = x.to_bits();
                let hx = ((ui >> 32) as u32).wrapping_add(0x3ff0_0000 - 0x3fe6_a09e);
                let k = (hx >> 20) as i32 - 0x3ff;
                let m = (((hx & 0x000f_ffff) + 0x3fe6_a09e) as u64) << 32 | (ui & 0xffff_ffff);
                (f64::from_bits(m), k as f64)
            };
            let (a, b) = (one(self.0[0]), one(self.0[1]));
            (F2([a.0, b.0]), F2([a.1, b.1]))
        }
    }
}

pub use imp2::F2;

impl F2 {
    /// `f` applied to each lane.
    #[inline(always)]
    pub fn map(self, f: impl Fn(f64) -> f64) -> Self {
        let [a, b] = self.to_array();
        F2::new(f(a), f(b))
    }
}

impl F4 {
    /// `self * a + b` (two roundings, as wasm simd128 has no fused multiply-add).
    #[inline(always)]
    pub fn mul_add(self, a: Self, b: Self) -> Self {
        self.mul(a).add(b)
    }
}

/// Name of the SIMD path this build uses (reported by benchmarks).
pub const SIMD_PATH: &str = if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
    "wasm-simd128"
} else if cfg!(target_arch = "x86_64") {
    "x86-64-sse2"
} else {
    "scalar"
};

/// Dot product of two equal-length slices, four partial sums in SIMD lanes.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    let n4 = a.len() / 4 * 4;
    let mut acc = F4::splat(0.0);
    let mut i = 0;
    while i < n4 {
        // SAFETY: i + 4 <= n4 <= len.
        unsafe { acc = F4::load(a.as_ptr().add(i)).mul_add(F4::load(b.as_ptr().add(i)), acc) };
        i += 4;
    }
    let mut lanes = [0f32; 4];
    // SAFETY: lanes has 4 elements.
    unsafe { acc.store(lanes.as_mut_ptr()) };
    let mut s = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for j in n4..a.len() {
        s += a[j] * b[j];
    }
    s
}

/// `dst.copy_from_slice(src)` as an inline four-lane loop: for short rows (word vectors), where a
/// call into `memcpy` (WASM: `memory.copy`, a call out of the module in V8) costs more than the copy.
#[inline]
pub fn copy(dst: &mut [f32], src: &[f32]) {
    assert_eq!(dst.len(), src.len());
    let n4 = src.len() / 4 * 4;
    let mut i = 0;
    while i < n4 {
        // SAFETY: i + 4 <= n4 <= len of both slices.
        unsafe { F4::load(src.as_ptr().add(i)).store(dst.as_mut_ptr().add(i)) };
        i += 4;
    }
    dst[n4..].copy_from_slice(&src[n4..]);
}

/// `y += alpha * x` over equal-length slices.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    assert_eq!(x.len(), y.len());
    let n4 = x.len() / 4 * 4;
    let a = F4::splat(alpha);
    let mut i = 0;
    while i < n4 {
        // SAFETY: i + 4 <= n4 <= len for both slices.
        unsafe {
            let v = F4::load(x.as_ptr().add(i)).mul_add(a, F4::load(y.as_ptr().add(i)));
            v.store(y.as_mut_ptr().add(i));
        }
        i += 4;
    }
    for j in n4..x.len() {
        y[j] += alpha * x[j];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_and_axpy_match_scalar_for_all_tail_lengths() {
        for n in 0..19 {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            assert!((dot(&a, &b) as f64 - want).abs() < 1e-5, "n = {n}");
            let mut y = b.clone();
            axpy(0.5, &a, &mut y);
            for i in 0..n {
                assert!((y[i] - (b[i] + 0.5 * a[i])).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn min_max_abs_sqrt() {
        let x = [-2.0f32, 0.5, 9.0, -0.0];
        let y = [1.0f32, 0.25, 4.0, 3.0];
        let mut o = [0f32; 4];
        unsafe {
            let (a, b) = (F4::load(x.as_ptr()), F4::load(y.as_ptr()));
            a.min(b).store(o.as_mut_ptr());
            assert_eq!(o, [-2.0, 0.25, 4.0, -0.0]);
            a.max(b).store(o.as_mut_ptr());
            assert_eq!(o, [1.0, 0.5, 9.0, 3.0]);
            a.abs().store(o.as_mut_ptr());
            assert_eq!(o, [2.0, 0.5, 9.0, 0.0]);
            b.sqrt().store(o.as_mut_ptr());
            assert_eq!(o, [1.0, 0.5, 2.0, 3.0f32.sqrt()]);
        }
    }
}
