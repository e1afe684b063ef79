//! # vb-kernels
//!
//! The compute engine of vb: a siamese tanh RNN whose weights carry a Gaussian variational
//! posterior `q(w) = N(m, diag(s²))`, trained by minimising `L = −E_q log p(D | w) + KL(q ‖ p)`
//! with the prior `p(w) = N(μ, σ² I)` updated in closed form (empirical Bayes), then pruned by
//! signal-to-noise ratio `λ_i = |m_i| / s_i`. See `docs/METHOD.md` in the repository.
//!
//! Pure Rust: no wasm-bindgen here. `crates/vb-wasm` exposes [`Trainer`] to JavaScript.
//!
//! ```
//! use vb_kernels::{Trainer, TrainerConfig};
//! let config = TrainerConfig { input_dim: 3, hidden: 4, train_size: 2, ..TrainerConfig::default() };
//! let embeddings = vec![0.1f32; 5 * 3]; // 5 words × 3 dims
//! let mut trainer = Trainer::new(config, embeddings).unwrap();
//! // two pairs: sentences a0, a1, then b0, b1, each padded to T = 2
//! let stats = trainer.step(&[1, 2, 3, 0, 4, 4, 2, 1], &[2, 1, 2, 2], &[], &[0, 5]).unwrap();
//! assert!(stats.loss.is_finite());
//! ```

// Numeric kernels index several arrays with one loop variable, take many buffer arguments, and
// name SIMD lane ops add/mul like the scalar ones: these lints would make them less clear.
// `!(x > 0.0)` is deliberate in validation: it also rejects NaN.
#![allow(
    clippy::needless_range_loop,
    clippy::too_many_arguments,
    clippy::should_implement_trait,
    clippy::neg_cmp_op_on_partial_ord
)]

pub mod activation;
pub mod batch;
pub mod cell;
pub mod error;
pub mod gemm;
pub mod groups;
pub mod log_uniform;
pub mod model;
pub mod objective;
pub mod optim;
pub mod prior;
pub mod rng;
pub mod rnn;
pub mod simd;
pub mod snr;
pub mod state;
pub mod trainer;
pub mod vmath;

pub use batch::Batch;
pub use error::{ErrorKind, Result, VbError};
pub use model::{Cell, Dims, Tensor, TENSOR_NAMES};
pub use objective::{Family, StdParam};
pub use optim::OptimizerKind;
pub use prior::{Prior, PriorFamily, PriorState, PriorUpdate};
pub use rnn::Readout;
pub use trainer::{EvalOptions, StepStats, Trainer, TrainerConfig};
