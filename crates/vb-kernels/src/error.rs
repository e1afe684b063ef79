//! The one error type of the engine. The binding turns it into a JavaScript `Error` whose `name`
//! and `code` come from [`VbError::kind`].

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

/// What a caller can do about an error, in four kinds; the binding gives each a JavaScript
/// `name` and `code` ([`ErrorKind::name`], [`ErrorKind::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A setting is out of range or inconsistent: change the configuration or the argument.
    Config,
    /// An input array (batch, features, labels, embedding table) has the wrong size or content.
    Shape,
    /// Training produced NaN/∞ (nothing was changed): lower the learning rate, clip gradients.
    NonFinite,
    /// A checkpoint or parameter vector does not fit this trainer, or the trainer is unusable.
    State,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 4] = [ErrorKind::Config, ErrorKind::Shape, ErrorKind::NonFinite, ErrorKind::State];

    /// The stable machine-readable code: `config`, `shape`, `non-finite` or `state`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Config => "config",
            ErrorKind::Shape => "shape",
            ErrorKind::NonFinite => "non-finite",
            ErrorKind::State => "state",
        }
    }

    /// The JavaScript error name: `VbConfigError`, `VbShapeError`, `VbNonFiniteError` or `VbStateError`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Config => "VbConfigError",
            ErrorKind::Shape => "VbShapeError",
            ErrorKind::NonFinite => "VbNonFiniteError",
            ErrorKind::State => "VbStateError",
        }
    }
}

impl VbError {
    /// The kind of this error. A NaN in the embedding table is [`ErrorKind::Shape`] (bad input
    /// content, like an unknown token id), not [`ErrorKind::NonFinite`], which means training
    /// diverged and a retry with other settings may succeed.
    pub fn kind(&self) -> ErrorKind {
        match self {
            VbError::Config(_) => ErrorKind::Config,
            VbError::Batch(_) | VbError::Embeddings(_) => ErrorKind::Shape,
            VbError::NonFinite { .. } => ErrorKind::NonFinite,
            VbError::State(_) => ErrorKind::State,
        }
    }
}

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, VbError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_kind_with_a_distinct_code_and_name() {
        let errors = [
            VbError::Config("x".into()),
            VbError::Batch("x".into()),
            VbError::Embeddings("x".into()),
            VbError::NonFinite { step: 1, tensor: "U (mean)".into(), quantity: "gradient" },
            VbError::State("x".into()),
        ];
        let kinds: Vec<ErrorKind> = errors.iter().map(VbError::kind).collect();
        assert_eq!(
            kinds,
            [ErrorKind::Config, ErrorKind::Shape, ErrorKind::Shape, ErrorKind::NonFinite, ErrorKind::State]
        );
        let codes: std::collections::HashSet<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        let names: std::collections::HashSet<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!((codes.len(), names.len()), (4, 4));
        assert!(ErrorKind::ALL.iter().all(|k| k.name().starts_with("Vb") && k.name().ends_with("Error")));
    }
}
