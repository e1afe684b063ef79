#!/usr/bin/env bash
# Why this exists: vb's engine is Rust compiled to wasm32-unknown-unknown with simd128, packaged by
# wasm-pack + wasm-bindgen. A fresh machine may lack all of that, and on some machines rustup cannot
# download the wasm32 standard library. This script makes the toolchain available, idempotently:
#   1. a Rust toolchain that builds wasm32-unknown-unknown (the default rustup one where it has or can
#      add the target; otherwise Debian's rustc-web route: build std for wasm32 once and link the
#      toolchain into rustup as `vb-wasm`);
#   2. wasm-bindgen-cli pinned to the exact wasm-bindgen version in crates/vb-wasm/Cargo.toml;
#   3. wasm-pack.
# It writes the chosen toolchain name to .toolchain/wasm-toolchain so scripts/build-wasm.sh uses it.
# A second run checks each piece and exits in well under a second.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="$root/.toolchain"
mkdir -p "$state_dir"
step() { printf '[setup] %-34s %s\n' "$1" "$2"; }
fail() { printf '[setup] FAILED: %s\n        how to fix: %s\n' "$1" "$2" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || fail "cargo is not installed" "install Rust with rustup: https://rustup.rs (or your OS package manager)"
command -v rustup >/dev/null || fail "rustup is not installed" "install Rust with rustup: https://rustup.rs"

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# --- 1. a toolchain with a wasm32 standard library ------------------------------------------------
has_wasm_std() { # $1 toolchain name
  local sysroot
  sysroot="$(rustc +"$1" --print sysroot 2>/dev/null)" || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

# VB_WASM_TOOLCHAIN_ROUTE=debian forces the Debian route (to test it where rustup works).
route="${VB_WASM_TOOLCHAIN_ROUTE:-auto}"
toolchain=""
default_tc="$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')"
if [ "$route" = "debian" ]; then
  : # skip straight to the Debian route below
elif [ -f "$state_dir/wasm-toolchain" ] && has_wasm_std "$(cat "$state_dir/wasm-toolchain")"; then
  toolchain="$(cat "$state_dir/wasm-toolchain")"
  step "wasm32 toolchain" "ok ($toolchain, cached)"
fi
if [ -n "$toolchain" ]; then
  :
elif [ "$route" != "debian" ] && has_wasm_std "$default_tc"; then
  toolchain="$default_tc"
  step "wasm32 toolchain" "ok ($toolchain has wasm32-unknown-unknown)"
elif [ "$route" != "debian" ] && rustup target add wasm32-unknown-unknown >/dev/null 2>&1 && has_wasm_std "$default_tc"; then
  toolchain="$default_tc"
  step "wasm32 toolchain" "added wasm32-unknown-unknown to $toolchain"
else
  # The Debian route: rustc-web ships a compiler whose std sources we can build for wasm32.
  step "wasm32 toolchain" "rustup has no wasm32 std here; using Debian rustc-web"
  if ! [ -x /usr/bin/rustc ] || ! [ -d /usr/lib/rustlib/src/rust/library ] || ! command -v wasm-ld-22 >/dev/null; then
    command -v apt-get >/dev/null || fail "no wasm32 std and no apt-get" \
      "install a Rust toolchain with the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)"
    step "apt-get install" "rustc-web cargo-web rust-web-src lld-22"
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q rustc-web cargo-web rust-web-src lld-22 >/dev/null \
      || fail "apt-get install rustc-web cargo-web rust-web-src lld-22" "run it by hand (needs root) and re-run this script"
  fi
  sysroot="$(/usr/bin/rustc --print sysroot)"
  target_lib="$sysroot/lib/rustlib/wasm32-unknown-unknown/lib"
  if ! compgen -G "$target_lib/libstd-*.rlib" >/dev/null; then
    step "build std for wasm32" "(one time, ~2 min)"
    work="$state_dir/std-build"
    rm -rf "$work" && mkdir -p "$work/src"
    printf '[package]\nname = "stdbuild"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n' >"$work/Cargo.toml"
    echo 'fn main() {}' >"$work/src/main.rs"
    (cd "$work" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
      RUSTFLAGS="-C target-feature=+simd128" \
      /usr/bin/cargo build -q --release -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown) \
      || fail "building std for wasm32" "check that rust-web-src matches rustc-web (both 1.96) and crates.io is reachable"
    sudo_if_needed mkdir -p "$target_lib"
    sudo_if_needed cp "$work"/target/wasm32-unknown-unknown/release/deps/*.rlib "$target_lib/"
    rm -rf "$work"
  fi
  rustup toolchain link vb-wasm "$sysroot" >/dev/null 2>&1 || true
  has_wasm_std vb-wasm || fail "linked toolchain vb-wasm has no wasm32 std" "inspect $target_lib"
  toolchain="vb-wasm"
  step "wasm32 toolchain" "ok (vb-wasm -> $sysroot)"
fi
echo "$toolchain" >"$state_dir/wasm-toolchain"

# Linker: rustup toolchains ship rust-lld; the Debian one needs wasm-ld from lld.
linker=""
if [ "$toolchain" = "vb-wasm" ]; then
  linker="$(command -v wasm-ld-22 || command -v wasm-ld || true)"
  [ -n "$linker" ] || fail "no wasm-ld linker" "apt-get install lld-22"
fi
echo "$linker" >"$state_dir/wasm-linker"
step "wasm linker" "${linker:-rust-lld (bundled)}"

# --- 2. wasm-bindgen-cli, pinned to the crate's wasm-bindgen --------------------------------------
wb_version="$(sed -n 's/^wasm-bindgen *= *{[^}]*version *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' "$root/crates/vb-wasm/Cargo.toml" | head -n1)"
[ -n "$wb_version" ] || fail "cannot read the pinned wasm-bindgen version" "crates/vb-wasm/Cargo.toml must pin wasm-bindgen = \"=x.y.z\""
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" = "$wb_version" ]; then
  step "wasm-bindgen-cli" "ok ($wb_version)"
else
  step "wasm-bindgen-cli" "installing $wb_version (have: ${have_wb:-none}; several minutes)"
  cargo install -q --locked wasm-bindgen-cli --version "=$wb_version" \
    || fail "cargo install wasm-bindgen-cli@$wb_version" "check that crates.io is reachable"
fi

# --- 3. wasm-pack ---------------------------------------------------------------------------------
if command -v wasm-pack >/dev/null; then
  step "wasm-pack" "ok ($(wasm-pack --version | awk '{print $2}'))"
else
  step "wasm-pack" "installing (several minutes)"
  cargo install -q --locked wasm-pack || fail "cargo install wasm-pack" "check that crates.io is reachable"
fi
step "done" "toolchain=$toolchain"
