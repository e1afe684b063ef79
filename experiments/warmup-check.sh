#!/usr/bin/env bash
# The KL warm-up of the prior-family rows, checked on validation (docs/RESULTS.md, "Hyperparameters
# of the prior families"): PIT-2015 pooled, κ = 1, hidden 32, 30 epochs, seeds 1–3, warm-up of
# 3 epochs (the sweep's default) vs 10, for (D, D), (D, G) and sparse VD. Prints the last epoch's
# validation NLL and macro-F1 only (no test numbers). ~6 min on 2 cores, after `npm run build`.
#   bash experiments/warmup-check.sh [path/to/shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-${VB_SHARED_DATA:-../shared/data}}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
one() {
  local name=$1
  shift
  node packages/cli/bin/vb-cli.js train --data "pit2015:$DATA/pit2015" --vectors "$DATA/glove/glove.6B.100d.pit2015.txt" \
    --kl-weight 1 --json -q --out "$out/$name.safetensors" "$@" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const h=JSON.parse(s).history;const v=h[h.length-1].validation;
      console.log(process.argv[1].padEnd(26), "validation NLL", v.nll.toFixed(3), " macro-F1", v.macroF1.toFixed(3))})' "$name"
}
for seed in 1 2 3; do
  for prior in diagonal group logUniform; do
    one "$prior-warmup3-seed$seed" --prior "$prior" --kl-warmup 3 --seed "$seed" &
    one "$prior-warmup10-seed$seed" --prior "$prior" --kl-warmup 10 --seed "$seed"
    wait
  done
done
