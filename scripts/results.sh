#!/usr/bin/env bash
# Regenerates every number and figure of docs/RESULTS.md: the four PIT-2015 sweeps (5 seeds each)
# with `vb-cli sweep`, then copies each sweep's tables and figures into docs/results/<name>/.
# The full outputs (results.json with every run, curves.csv, report.html) stay in results/<name>/.
#
#   bash scripts/results.sh              # ~4 min on 2 cores; re-running resumes finished runs
#   VB_SHARED_DATA=/path/to/data bash scripts/results.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${VB_SHARED_DATA:-../shared/data}"
VB=(node packages/cli/bin/vb-cli.js)
COMMON=(--data "pit2015:$DATA/pit2015" --vectors "$DATA/glove/glove.6B.100d.pit2015.txt" --seeds 5 --quiet)

run() {
  local name=$1
  shift
  local resume=()
  [[ -f "results/$name/results.json" || -d "results/$name/runs" ]] && resume=(--resume)
  echo "== $name: vb-cli sweep ${COMMON[*]} $* ${resume[*]}"
  "${VB[@]}" sweep "${COMMON[@]}" "$@" --out "results/$name" "${resume[@]}"
  # The figures as `vb-cli report` draws them from results.json alone (the same the sweep wrote).
  "${VB[@]}" report "results/$name" --quiet
  mkdir -p "docs/results/$name"
  cp "results/$name/table.md" "results/$name/table.csv" results/"$name"/*.svg "docs/results/$name/"
}

run pit-pooled --protocol pooled --pair-features none
run pit-pooled-overlap --protocol pooled --pair-features overlap
run pit-official --protocol official --pair-features none
run pit-official-overlap --protocol official --pair-features overlap
echo "tables and figures in docs/results/"
