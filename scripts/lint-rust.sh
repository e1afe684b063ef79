#!/usr/bin/env bash
# Why this exists: one place for the Rust lints that CI and `npm run lint` both run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "[lint-rust] ok"
