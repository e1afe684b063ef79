#!/usr/bin/env bash
# Why this exists: builds crates/vb-wasm into packages/core/wasm/ with wasm-pack (target `web`,
# whose ES module serves browsers directly and Node through `initSync` with the file's bytes),
# using the toolchain chosen by scripts/setup-toolchain.sh and SIMD (`+simd128`) always on.
# VB_WASM_RUSTFLAGS replaces the target-feature flags (used by a test to prove a build without
# simd128 is caught).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.toolchain"
out="${VB_WASM_OUT:-$root/packages/core/wasm}"
# A prebuilt engine (CI downloads it from the wasm job): no toolchain needed at all.
if [ "${VB_PREBUILT_WASM:-0}" = "1" ] && [ -f "$out/vb_wasm_bg.wasm" ]; then
  echo "[build-wasm] using the prebuilt $out (VB_PREBUILT_WASM=1)"; exit 0
fi
[ -f "$state/wasm-toolchain" ] || bash "$root/scripts/setup-toolchain.sh"
export PATH="$HOME/.cargo/bin:$PATH"
toolchain="$(cat "$state/wasm-toolchain")"
linker="$(cat "$state/wasm-linker" 2>/dev/null || true)"

export RUSTUP_TOOLCHAIN="$toolchain"
export RUSTFLAGS="${VB_WASM_RUSTFLAGS:--C target-feature=+simd128}"
if [ -n "$linker" ]; then export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$linker"; fi
# Keep the wasm build's artifacts apart from the native ones (different RUSTFLAGS).
export CARGO_TARGET_DIR="$root/target/wasm"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
wasm-pack build "$root/crates/vb-wasm" --release --target web --weak-refs --no-pack --out-dir "$tmp/pkg" --out-name vb_wasm >"$tmp/log" 2>&1 \
  || { cat "$tmp/log" >&2; echo "[build-wasm] wasm-pack failed (toolchain $toolchain)" >&2; exit 1; }
rm -f "$tmp/pkg/.gitignore"
# Replace the output folder in one move so a failed build never leaves a half-written package.
rm -rf "$out.old"; [ -d "$out" ] && mv "$out" "$out.old"
mkdir -p "$(dirname "$out")" && mv "$tmp/pkg" "$out" && rm -rf "$out.old"
printf '[build-wasm] %s (%s bytes, toolchain %s)\n' "$out/vb_wasm_bg.wasm" "$(wc -c <"$out/vb_wasm_bg.wasm")" "$toolchain"
