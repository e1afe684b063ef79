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
/// `2T(4mn + 6n²) + 12nK` (no pair features).
#[wasm_bindgen(js_name = flopsPerPair)]
pub fn flops_per_pair(input_dim: usize, hidden: usize, classes: usize, length: usize) -> f64 {
    let dims = vb_kernels::Dims { input_dim, hidden, classes, pair_features: 0 };
    vb_kernels::rnn::flops_per_pair(&dims, length)
}
