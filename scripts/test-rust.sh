#!/usr/bin/env bash
# Why this exists: the Rust test suite (unit tests, gradient checks, golden values, the PyTorch
# reference) as one command that turbo caches and CI calls. VB_SKIP_RUST_TESTS=1 skips it in the
# JS-only CI jobs, where a separate job runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ "${VB_SKIP_RUST_TESTS:-0}" = "1" ]; then echo "[test-rust] skipped (VB_SKIP_RUST_TESTS=1)"; exit 0; fi
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --workspace --quiet
