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

/// `C[m×n] = A[m×k] · B[k×n]` (or `+=` when `accumulate`), `B` row-major with leading dimension
/// `ldb`, `C` row-major with leading dimension `ldc`.
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
    if m == 0 || n == 0 {
        return;
    }
    assert!(ldc >= n && (m - 1) * ldc + n <= c.len(), "gemm: C too short");
    if k == 0 {
        if !accumulate {
            for i in 0..m {
                c[i * ldc..i * ldc + n].fill(0.0);
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
            unsafe { block(mr, 2, i, j, k, a, b, ldb, c, ldc, accumulate) };
            j += 8;
        }
        if j < n4 {
            // SAFETY: as above with columns j..j+4 <= n.
            unsafe { block(mr, 1, i, j, k, a, b, ldb, c, ldc, accumulate) };
            j += 4;
        }
        for jj in j..n {
            for ii in i..i + mr {
                let mut s = 0f32;
                for p in 0..k {
                    s += a.data[ii * a.rs + p * a.cs] * b[p * ldb + jj];
                }
                let dst = &mut c[ii * ldc + jj];
                *dst = if accumulate { *dst + s } else { s };
            }
        }
        i += mr;
    }
}

/// Dispatches to a micro-kernel monomorphised for the block shape.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn block(
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
    acc: bool,
) {
    match (mr, nv) {
        (4, 2) => kernel::<4, 2>(i, j, k, a, b, ldb, c, ldc, acc),
        (3, 2) => kernel::<3, 2>(i, j, k, a, b, ldb, c, ldc, acc),
        (2, 2) => kernel::<2, 2>(i, j, k, a, b, ldb, c, ldc, acc),
        (1, 2) => kernel::<1, 2>(i, j, k, a, b, ldb, c, ldc, acc),
        (4, 1) => kernel::<4, 1>(i, j, k, a, b, ldb, c, ldc, acc),
        (3, 1) => kernel::<3, 1>(i, j, k, a, b, ldb, c, ldc, acc),
        (2, 1) => kernel::<2, 1>(i, j, k, a, b, ldb, c, ldc, acc),
        _ => kernel::<1, 1>(i, j, k, a, b, ldb, c, ldc, acc),
    }
}

/// The micro-kernel: an `R × 4·V` block of `C` at `(i, j)` held in registers over `p = 0..k`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn kernel<const R: usize, const V: usize>(
    i: usize,
    j: usize,
    k: usize,
    a: Strided,
    b: &[f32],
    ldb: usize,
    c: &mut [f32],
    ldc: usize,
    accumulate: bool,
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
            let x = if accumulate { acc[r][v].add(F4::load(dst)) } else { acc[r][v] };
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
    #[should_panic(expected = "A too short")]
    fn refuses_short_views() {
        let a = [0f32; 5];
        let b = [0f32; 6];
        let mut c = [0f32; 4];
        gemm(2, 2, 3, Strided::rows(&a, 3), &b, 2, &mut c, 2, false);
    }
}
