//! # vb-wasm
//!
//! The thin wasm-bindgen binding of `vb-kernels` used by `@vb/core`: one handle class,
//! [`Trainer`], that owns all training state inside WebAssembly memory. Inputs cross as typed
//! arrays once per minibatch; array outputs are copied out as new typed arrays (the one
//! exception, the gradient of `lossAndGradient`, is a plain `Array`); errors are thrown as real
//! JavaScript `Error` objects whose `name` (`VbConfigError`, `VbShapeError`, `VbNonFiniteError`,
//! `VbStateError`) and `code` (`config`, `shape`, `non-finite`, `state`) say the kind (see
//! `convert::typed_error`).

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
) -> Result<f64, JsValue> {
    let cell = match cell.as_deref() {
        None | Some("rnn") => vb_kernels::Cell::Rnn,
        Some("gru") => vb_kernels::Cell::Gru,
        Some("lstm") => vb_kernels::Cell::Lstm,
        Some(other) => return Err(convert::config_error(&format!("cell: unknown cell {other:?} (rnn, gru or lstm)"))),
    };
    let dims = vb_kernels::Dims { input_dim, hidden, classes, pair_features: 0, cell };
    Ok(vb_kernels::rnn::flops_per_pair(&dims, length))
}
