//! The gated recurrent cells' elementwise step, forward and backward, in SIMD lanes of four: the
//! matrix products around them (`x_t W`, `h_{t−1} U` and their transposes) are `crate::gemm`'s.
//!
//! Equations (PyTorch's `nn.GRU` and `nn.LSTM`, gates in their order, σ the logistic function):
//!
//! GRU, with `a = x_t W` and `u = h_{t−1} U` split in blocks r, z, n and biases `b = [b_r, b_z, b_in, b_hn]`:
//! `r = σ(a_r + u_r + b_r)`, `z = σ(a_z + u_z + b_z)`, `ñ = tanh(a_n + b_in + r ⊙ (u_n + b_hn))`,
//! `h_t = (1 − z) ⊙ ñ + z ⊙ h_{t−1}`. (`b_r`, `b_z` are PyTorch's `b_ir + b_hr`, `b_iz + b_hz`.)
//!
//! LSTM, with `g = x_t W + h_{t−1} U + b` in blocks i, f, g, o (b is PyTorch's `b_ih + b_hh`):
//! `i = σ(g_i)`, `f = σ(g_f)`, `ĝ = tanh(g_g)`, `o = σ(g_o)`, `c_t = f ⊙ c_{t−1} + i ⊙ ĝ`,
//! `h_t = o ⊙ tanh(c_t)`.
//!
//! Every function works on `a` rows of one time step (the sentences still running); `n` is the
//! hidden size, gate blocks are `n` wide. `None` for a previous state means the zero state (t = 0).

use crate::activation::tanh4;
use crate::simd::F4;

/// σ(x) = ½ + ½·tanh(x/2), through the engine's vectorised tanh.
#[inline(always)]
fn sigmoid4(x: F4) -> F4 {
    let half = F4::splat(0.5);
    tanh4(x.mul(half)).mul_add(half, half)
}

/// Loads `len ≤ 4` values at `s[i..]`, padding with zeros.
#[inline(always)]
fn load(s: &[f32], i: usize, len: usize) -> F4 {
    if len == 4 {
        let v = &s[i..i + 4];
        // SAFETY: `v` has 4 elements.
        unsafe { F4::load(v.as_ptr()) }
    } else {
        let mut t = [0f32; 4];
        t[..len].copy_from_slice(&s[i..i + len]);
        // SAFETY: `t` has 4 elements.
        unsafe { F4::load(t.as_ptr()) }
    }
}

/// Stores the first `len ≤ 4` lanes of `v` at `s[i..]`.
#[inline(always)]
fn store(v: F4, s: &mut [f32], i: usize, len: usize) {
    if len == 4 {
        let d = &mut s[i..i + 4];
        // SAFETY: `d` has 4 elements.
        unsafe { v.store(d.as_mut_ptr()) }
    } else {
        let mut t = [0f32; 4];
        // SAFETY: `t` has 4 elements.
        unsafe { v.store(t.as_mut_ptr()) };
        s[i..i + len].copy_from_slice(&t[..len]);
    }
}

/// Calls `f(row, column, lanes)` over the `a × n` elements of a step in blocks of four.
#[inline(always)]
fn for_lanes(a: usize, n: usize, mut f: impl FnMut(usize, usize, usize)) {
    for s in 0..a {
        let mut j = 0;
        while j < n {
            let len = (n - j).min(4);
            f(s, j, len);
            j += 4;
        }
    }
}

/// LSTM forward step. `gates` (`a × 4n`) holds `x_t W + h_{t−1} U` and receives the activated
/// gates i, f, ĝ, o; `c` and `tc` receive `c_t` and `tanh(c_t)`, `h` receives `h_t` (`a × n`).
pub fn lstm_forward(
    a: usize,
    n: usize,
    gates: &mut [f32],
    bias: &[f32],
    c_prev: Option<&[f32]>,
    c: &mut [f32],
    tc: &mut [f32],
    h: &mut [f32],
) {
    let w = 4 * n;
    for_lanes(a, n, |s, j, len| {
        let g = s * w + j;
        let pre = |blk: usize| load(gates, g + blk * n, len).add(load(bias, j + blk * n, len));
        let (i, f, gg, o) = (sigmoid4(pre(0)), sigmoid4(pre(1)), tanh4(pre(2)), sigmoid4(pre(3)));
        let e = s * n + j;
        let cp = c_prev.map_or(F4::splat(0.0), |cp| load(cp, e, len));
        let ct = f.mul(cp).add(i.mul(gg));
        let t = tanh4(ct);
        for (blk, v) in [i, f, gg, o].into_iter().enumerate() {
            store(v, gates, g + blk * n, len);
        }
        store(ct, c, e, len);
        store(t, tc, e, len);
        store(o.mul(t), h, e, len);
    });
}

/// LSTM backward step. `dh` is ∂L/∂h_t, `dc` holds ∂L/∂c_t from the later steps and receives
/// ∂L/∂c_{t−1}; `da` (`a × 4n`) receives ∂L/∂(pre-activation gates).
pub fn lstm_backward(
    a: usize,
    n: usize,
    gates: &[f32],
    c_prev: Option<&[f32]>,
    tc: &[f32],
    dh: &[f32],
    dc: &mut [f32],
    da: &mut [f32],
) {
    let w = 4 * n;
    let one = F4::splat(1.0);
    for_lanes(a, n, |s, j, len| {
        let g = s * w + j;
        let gate = |blk: usize| load(gates, g + blk * n, len);
        let (i, f, gg, o) = (gate(0), gate(1), gate(2), gate(3));
        let e = s * n + j;
        let (d, t) = (load(dh, e, len), load(tc, e, len));
        let cp = c_prev.map_or(F4::splat(0.0), |cp| load(cp, e, len));
        let dct = load(dc, e, len).add(d.mul(o).mul(one.sub(t.mul(t))));
        let da_i = dct.mul(gg).mul(i.mul(one.sub(i)));
        let da_f = dct.mul(cp).mul(f.mul(one.sub(f)));
        let da_g = dct.mul(i).mul(one.sub(gg.mul(gg)));
        let da_o = d.mul(t).mul(o.mul(one.sub(o)));
        for (blk, v) in [da_i, da_f, da_g, da_o].into_iter().enumerate() {
            store(v, da, g + blk * n, len);
        }
        store(dct.mul(f), dc, e, len);
    });
}

/// GRU forward step. `gates` (`a × 3n`) holds `x_t W` and receives r, z, ñ; `hu` is
/// `h_{t−1} U` (`a × 3n`, `None` at t = 0); `hn` receives `u_n + b_hn`, `h` receives `h_t`.
pub fn gru_forward(
    a: usize,
    n: usize,
    gates: &mut [f32],
    hu: Option<&[f32]>,
    bias: &[f32],
    h_prev: Option<&[f32]>,
    hn: &mut [f32],
    h: &mut [f32],
) {
    let w = 3 * n;
    let one = F4::splat(1.0);
    for_lanes(a, n, |s, j, len| {
        let g = s * w + j;
        let u = |blk: usize| hu.map_or(F4::splat(0.0), |hu| load(hu, g + blk * n, len));
        let pre = |blk: usize| load(gates, g + blk * n, len).add(load(bias, j + blk * n, len));
        let r = sigmoid4(pre(0).add(u(0)));
        let z = sigmoid4(pre(1).add(u(1)));
        let hnv = u(2).add(load(bias, j + 3 * n, len));
        let nn = tanh4(r.mul_add(hnv, pre(2)));
        let e = s * n + j;
        let hp = h_prev.map_or(F4::splat(0.0), |hp| load(hp, e, len));
        let ht = one.sub(z).mul(nn).add(z.mul(hp));
        for (blk, v) in [r, z, nn].into_iter().enumerate() {
            store(v, gates, g + blk * n, len);
        }
        store(hnv, hn, e, len);
        store(ht, h, e, len);
    });
}

/// GRU backward step. From ∂L/∂h_t (`dh`): `da` (`a × 3n`) receives ∂L/∂(x_t W) per block,
/// `dhu` (`a × 3n`) receives ∂L/∂(h_{t−1} U) per block, `direct` (`a × n`) the part of
/// ∂L/∂h_{t−1} that does not pass through U (`z ⊙ dh`).
pub fn gru_backward(
    a: usize,
    n: usize,
    gates: &[f32],
    hn: &[f32],
    h_prev: Option<&[f32]>,
    dh: &[f32],
    da: &mut [f32],
    dhu: &mut [f32],
    direct: &mut [f32],
) {
    let w = 3 * n;
    let one = F4::splat(1.0);
    for_lanes(a, n, |s, j, len| {
        let g = s * w + j;
        let gate = |blk: usize| load(gates, g + blk * n, len);
        let (r, z, nn) = (gate(0), gate(1), gate(2));
        let e = s * n + j;
        let d = load(dh, e, len);
        let hp = h_prev.map_or(F4::splat(0.0), |hp| load(hp, e, len));
        let dnp = d.mul(one.sub(z)).mul(one.sub(nn.mul(nn)));
        let drp = dnp.mul(load(hn, e, len)).mul(r.mul(one.sub(r)));
        let dzp = d.mul(hp.sub(nn)).mul(z.mul(one.sub(z)));
        for (blk, v) in [drp, dzp, dnp].into_iter().enumerate() {
            store(v, da, g + blk * n, len);
        }
        for (blk, v) in [drp, dzp, dnp.mul(r)].into_iter().enumerate() {
            store(v, dhu, g + blk * n, len);
        }
        store(d.mul(z), direct, e, len);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(x: f64) -> f64 {
        1.0 / (1.0 + (-x).exp())
    }

    #[test]
    fn lstm_step_matches_the_scalar_equations_including_the_tail() {
        let (a, n) = (2, 5);
        let pre: Vec<f32> = (0..a * 4 * n).map(|i| ((i * 37 % 23) as f32 - 11.0) * 0.21).collect();
        let bias: Vec<f32> = (0..4 * n).map(|i| (i as f32 - 9.0) * 0.05).collect();
        let cp: Vec<f32> = (0..a * n).map(|i| (i as f32 - 4.0) * 0.3).collect();
        let (mut g, mut c, mut tc, mut h) = (pre.clone(), vec![0.0; a * n], vec![0.0; a * n], vec![0.0; a * n]);
        lstm_forward(a, n, &mut g, &bias, Some(&cp), &mut c, &mut tc, &mut h);
        for s in 0..a {
            for j in 0..n {
                let p = |blk: usize| (pre[s * 4 * n + blk * n + j] + bias[blk * n + j]) as f64;
                let ct = sig(p(1)) * cp[s * n + j] as f64 + sig(p(0)) * p(2).tanh();
                let want = sig(p(3)) * ct.tanh();
                assert!((c[s * n + j] as f64 - ct).abs() < 1e-5 && (h[s * n + j] as f64 - want).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn gru_step_matches_the_scalar_equations_including_the_tail() {
        let (a, n) = (3, 6);
        let x: Vec<f32> = (0..a * 3 * n).map(|i| ((i * 29 % 17) as f32 - 8.0) * 0.17).collect();
        let hu: Vec<f32> = (0..a * 3 * n).map(|i| ((i * 13 % 11) as f32 - 5.0) * 0.23).collect();
        let bias: Vec<f32> = (0..4 * n).map(|i| (i as f32 - 12.0) * 0.04).collect();
        let hp: Vec<f32> = (0..a * n).map(|i| ((i % 7) as f32 - 3.0) * 0.25).collect();
        let (mut g, mut hn, mut h) = (x.clone(), vec![0.0; a * n], vec![0.0; a * n]);
        gru_forward(a, n, &mut g, Some(&hu), &bias, Some(&hp), &mut hn, &mut h);
        for s in 0..a {
            for j in 0..n {
                let at = |v: &[f32], blk: usize| v[s * 3 * n + blk * n + j] as f64;
                let b = |blk: usize| bias[blk * n + j] as f64;
                let r = sig(at(&x, 0) + at(&hu, 0) + b(0));
                let z = sig(at(&x, 1) + at(&hu, 1) + b(1));
                let nn = (at(&x, 2) + b(2) + r * (at(&hu, 2) + b(3))).tanh();
                let want = (1.0 - z) * nn + z * hp[s * n + j] as f64;
                assert!((h[s * n + j] as f64 - want).abs() < 1e-5, "{s} {j}");
            }
        }
    }
}
