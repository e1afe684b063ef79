//! The one error type of the engine. The binding turns it into a JavaScript `Error`.

use thiserror::Error;

/// Everything that can go wrong inside the engine, with enough context to act on it.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum VbError {
    /// A configuration value is out of range or inconsistent.
    #[error("invalid config: {0}")]
    Config(String),
    /// A batch has the wrong shape, an unknown token id, an empty sentence or a label out of range.
    #[error("invalid batch: {0}")]
    Batch(String),
    /// The embedding table has the wrong size or holds NaN/∞.
    #[error("invalid embeddings: {0}")]
    Embeddings(String),
    /// A loss or gradient became NaN/∞; the weights were left untouched.
    #[error("non-finite {quantity} in tensor {tensor} at step {step}; weights were not updated (lower the learning rate or enable gradient clipping)")]
    NonFinite { step: u64, tensor: String, quantity: &'static str },
    /// Checkpoint bytes are corrupt or belong to a different model.
    #[error("invalid trainer state: {0}")]
    State(String),
}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, VbError>;
