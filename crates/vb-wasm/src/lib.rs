//! # vb-wasm
//!
//! The thin wasm-bindgen binding of `vb-kernels` used by `@vb/core`: one handle class,
//! [`Trainer`], that owns all training state inside WebAssembly memory. Inputs cross as typed
//! arrays once per minibatch; outputs are copied out as new typed arrays; errors are thrown as
//! real JavaScript `Error` objects.

mod convert;
mod trainer;

pub use trainer::Trainer;

use wasm_bindgen::prelude::*;

/// Which SIMD path the engine was compiled with (`"wasm-simd128"` in the shipped build).
#[wasm_bindgen(js_name = simdPath)]
pub fn simd_path() -> String {
    vb_kernels::simd::SIMD_PATH.to_string()
}

/// FLOPs of one forward+backward pass per pair per sample, the benchmark convention
/// `2T(4mGn + 6nGn) + 12nK` (no pair features; G = 1, 3, 4 gates for `cell` rnn, gru, lstm; default rnn).
#[wasm_bindgen(js_name = flopsPerPair)]
pub fn flops_per_pair(
    input_dim: usize,
    hidden: usize,
    classes: usize,
    length: usize,
    cell: Option<String>,
) -> Result<f64, JsError> {
    let cell = match cell.as_deref() {
        None | Some("rnn") => vb_kernels::Cell::Rnn,
        Some("gru") => vb_kernels::Cell::Gru,
        Some("lstm") => vb_kernels::Cell::Lstm,
        Some(other) => return Err(JsError::new(&format!("cell: unknown cell {other:?} (rnn, gru or lstm)"))),
    };
    let dims = vb_kernels::Dims { input_dim, hidden, classes, pair_features: 0, cell };
    Ok(vb_kernels::rnn::flops_per_pair(&dims, length))
}
