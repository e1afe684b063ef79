//! Small dense matrix products, `C (+)= op(A) · B`, with a register-blocked SIMD micro-kernel.
//!
//! The RNN's products are small (tens of rows, 50–128 columns), where a general BLAS spends more
//! time packing than multiplying. Here `A` is read through arbitrary strides (so `Aᵀ` costs
//! nothing), `B` and `C` are row-major, and the micro-kernel keeps an `MR × 4·NV` block of `C`
//! in SIMD registers while it walks the shared dimension.

use crate::simd::F4;

/// Rows of `C` per micro-kernel call.
const MR: usize = 4;

/// A read-only strided matrix view: element `(i, p)` is `data[i * rs + p * cs]`.
#[derive(Clone, Copy)]
pub struct Strided<'a> {
    pub data: &'a [f32],
    pub rs: usize,
    pub cs: usize,
}

impl<'a> Strided<'a> {
    /// A row-major matrix with leading dimension `ld`.
    pub fn rows(data: &'a [f32], ld: usize) -> Self {
        Strided { data, rs: ld, cs: 1 }
    }
    /// The transpose of a row-major matrix with leading dimension `ld`.
    pub fn transposed(data: &'a [f32], ld: usize) -> Self {
        Strided { data, rs: 1, cs: ld }
    }
}

/// What the micro-kernel does with its block of `A·B` when it writes `C`.
const STORE: u8 = 0;
const ACCUMULATE: u8 = 1;
const ACCUMULATE_BIAS_TANH: u8 = 2;

/// `C[m×n] = A[m×k] · B[k×n]` (or `+=` when `accumulate`), `B` row-major with leading dimension
/// `ldb`, `C` row-major with leading dimension `ldc`.
///
/// Every element of `C` is summed over `p = 0..k` in order from zero, then added to `C` if
/// accumulating: a product's bits do not depend on how the rows are split between calls.
///
/// Panics if a view is too short for the sizes given (checked once, not per element).
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    n: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    accumulate: bool,
) {
    if accumulate {
        gemm_impl::<ACCUMULATE>(m, n, k, a, b, ldb, c, ldc, &[]);
    } else {
        gemm_impl::<STORE>(m, n, k, a, b, ldb, c, ldc, &[]);
    }
}

/// The RNN's recurrence in one pass: `C ← tanh((A·B + C) + bias)` row by row, with exactly the
/// rounding of `gemm(.., accumulate = true)` followed by [`crate::activation::bias_tanh`].
#[allow(clippy::too_many_arguments)]
pub fn gemm_bias_tanh(
    m: usize,
    n: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    bias: &[f32],
) {
    assert_eq!(bias.len(), n, "gemm_bias_tanh: bias length");
    gemm_impl::<ACCUMULATE_BIAS_TANH>(m, n, k, a, b, ldb, c, ldc, bias);
}

#[allow(clippy::too_many_arguments)]
fn gemm_impl<const MODE: u8>(
    m: usize,
    n: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    bias: &[f32],
) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(ldc >= n && (m - 1) * ldc + n <= c.len(), "gemm: C too short");
    if k == 0 {
        for i in 0..m {
            let row = &mut c[i * ldc..i * ldc + n];
            match MODE {
                STORE => row.fill(0.0),
                ACCUMULATE => {}
                _ => crate::activation::bias_tanh(row, n, bias),
            }
        }
        return;
    }
    assert!((m - 1) * a.rs + (k - 1) * a.cs < a.data.len(), "gemm: A too short");
    assert!(ldb >= n && (k - 1) * ldb + n <= b.len(), "gemm: B too short");

    let n8 = n / 8 * 8;
    let n4 = n / 4 * 4;
    let mut i = 0;
    while i < m {
        let mr = (m - i).min(MR);
        let mut j = 0;
        while j < n8 {
            // SAFETY: rows i..i+mr < m, columns j..j+8 <= n, all bounds asserted above.
            unsafe { block::<MODE>(mr, 2, i, j, k, a, b, ldb, c, ldc, bias) };
            j += 8;
        }
        if j < n4 {
            // SAFETY: as above with columns j..j+4 <= n.
            unsafe { block::<MODE>(mr, 1, i, j, k, a, b, ldb, c, ldc, bias) };
            j += 4;
        }
        for jj in j..n {
            for ii in i..i + mr {
                let mut s = 0f32;
                for p in 0..k {
                    s += a.data[ii * a.rs + p * a.cs] * b[p * ldb + jj];
                }
                let dst = &mut c[ii * ldc + jj];
                *dst = match MODE {
                    STORE => s,
                    ACCUMULATE => *dst + s,
                    _ => crate::activation::tanh_scalar((*dst + s) + bias[jj]),
                };
            }
        }
        i += mr;
    }
}

/// Dispatches to a micro-kernel monomorphised for the block shape.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn block<const MODE: u8>(
    mr: usize,
    nv: usize,
    i: usize,
    j: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    bias: &[f32],
) {
    match (mr, nv) {
        (4, 2) => kernel::<4, 2, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (3, 2) => kernel::<3, 2, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (2, 2) => kernel::<2, 2, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (1, 2) => kernel::<1, 2, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (4, 1) => kernel::<4, 1, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (3, 1) => kernel::<3, 1, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        (2, 1) => kernel::<2, 1, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
        _ => kernel::<1, 1, MODE>(i, j, k, a, b, ldb, c, ldc, bias),
    }
}

/// The micro-kernel: an `R × 4·V` block of `C` at `(i, j)` held in registers over `p = 0..k`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn kernel<const R: usize, const V: usize, const MODE: u8>(
    i: usize,
    j: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    bias: &[f32],
) {
    let ap = a.data.as_ptr();
    let bp = b.as_ptr().add(j);
    let mut acc = [[F4::splat(0.0); V]; R];
    let mut arow = [ap; R];
    for (r, row) in arow.iter_mut().enumerate() {
        *row = ap.add((i + r) * a.rs);
    }
    for p in 0..k {
        let brow = bp.add(p * ldb);
        let mut bv = [F4::splat(0.0); V];
        for (v, x) in bv.iter_mut().enumerate() {
            *x = F4::load(brow.add(4 * v));
        }
        for r in 0..R {
            let av = F4::splat(*arow[r].add(p * a.cs));
            for v in 0..V {
                acc[r][v] = av.mul_add(bv[v], acc[r][v]);
            }
        }
    }
    let cp = c.as_mut_ptr();
    for r in 0..R {
        for v in 0..V {
            let dst = cp.add((i + r) * ldc + j + 4 * v);
            let x = match MODE {
                STORE => acc[r][v],
                ACCUMULATE => acc[r][v].add(F4::load(dst)),
                _ => crate::activation::tanh4(acc[r][v].add(F4::load(dst)).add(F4::load(bias.as_ptr().add(j + 4 * v)))),
            };
            x.store(dst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn naive(m: usize, n: usize, k: usize, a: Strided, b: &[f32], ldb: usize) -> Vec<f64> {
        let mut c = vec![0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    c[i * n + j] += a.data[i * a.rs + p * a.cs] as f64 * b[p * ldb + j] as f64;
                }
            }
        }
        c
    }

    #[test]
    fn matches_naive_for_every_tail_shape_and_both_layouts() {
        let mut rng = Rng::new(1);
        for &(m, n, k) in &[(1, 1, 1), (5, 13, 7), (4, 8, 3), (9, 17, 0), (64, 64, 50), (3, 6, 128), (7, 4, 5)] {
            let mut a = vec![0f32; m * k.max(1)];
            let mut b = vec![0f32; k.max(1) * n];
            rng.fill_normal(&mut a);
            rng.fill_normal(&mut b);
            for transposed in [false, true] {
                let av = if transposed { Strided::transposed(&a, m) } else { Strided::rows(&a, k) };
                let want = naive(m, n, k, av, &b, n);
                for accumulate in [false, true] {
                    let mut c = vec![1f32; m * n];
                    gemm(m, n, k, av, &b, n, &mut c, n, accumulate);
                    for idx in 0..m * n {
                        let w = want[idx] + if accumulate { 1.0 } else { 0.0 };
                        assert!(
                            (c[idx] as f64 - w).abs() < 1e-4 * (1.0 + w.abs()),
                            "{m}x{n}x{k} t={transposed} acc={accumulate} at {idx}: {} vs {w}",
                            c[idx]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fused_bias_tanh_is_bit_identical_to_gemm_then_bias_tanh() {
        let mut rng = Rng::new(2);
        for &(m, n, k) in &[(5, 13, 7), (64, 64, 64), (3, 6, 0), (9, 8, 5)] {
            let mut a = vec![0f32; m * k.max(1)];
            let mut b = vec![0f32; k.max(1) * n];
            let mut c0 = vec![0f32; m * n];
            let mut bias = vec![0f32; n];
            rng.fill_normal(&mut a);
            rng.fill_normal(&mut b);
            rng.fill_normal(&mut c0);
            rng.fill_normal(&mut bias);
            let mut want = c0.clone();
            gemm(m, n, k, Strided::rows(&a, k), &b, n, &mut want, n, true);
            crate::activation::bias_tanh(&mut want, n, &bias);
            let mut got = c0.clone();
            gemm_bias_tanh(m, n, k, Strided::rows(&a, k), &b, n, &mut got, n, &bias);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{m}x{n}x{k}");
        }
    }

    #[test]
    fn rows_split_between_calls_give_the_same_bits() {
        let mut rng = Rng::new(3);
        let (m, n, k) = (23, 19, 11);
        let mut a = vec![0f32; m * k];
        let mut b = vec![0f32; k * n];
        rng.fill_normal(&mut a);
        rng.fill_normal(&mut b);
        let mut whole = vec![0f32; m * n];
        gemm(m, n, k, Strided::rows(&a, k), &b, n, &mut whole, n, false);
        let mut parts = vec![0f32; m * n];
        for (lo, hi) in [(0, 5), (5, 6), (6, 23)] {
            gemm(hi - lo, n, k, Strided::rows(&a[lo * k..], k), &b, n, &mut parts[lo * n..], n, false);
        }
        assert!(whole.iter().zip(&parts).all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[test]
    #[should_panic(expected = "A too short")]
    fn refuses_short_views() {
        let a = [0f32; 5];
        let b = [0f32; 6];
        let mut c = [0f32; 4];
        gemm(2, 2, 3, Strided::rows(&a, 3), &b, 2, &mut c, 2, false);
    }
}
