//! A four-lane f32 vector, `F4`, over the platform's 128-bit SIMD: wasm `simd128` in WebAssembly,
//! SSE2 on x86-64 (always present there), and plain arrays elsewhere. The kernels are written once
//! against `F4`, so the native build that `cargo test` checks runs the same arithmetic as the WASM
//! build (same operation order ⇒ the same rounding).
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
