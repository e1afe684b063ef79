#!/usr/bin/env bash
# Submits a sharded vb sweep to Slurm: a job array of VB_SHARDS tasks (sweep-array.sbatch) and a
# merge job (merge.sbatch) that starts only when every task succeeded (--dependency=afterok).
#
#   VB_OUT=/shared/vb/pit VB_DATA=pit2015:/shared/data/pit2015 \
#   VB_VECTORS=/shared/data/glove/glove.6B.100d.pit2015.txt VB_SHARDS=8 \
#     deploy/slurm/submit.sh --seeds 5
#
# Environment (all tasks and the merge see the same values: sbatch exports the environment):
#   VB_OUT      shared output folder, visible from every node (required)
#   VB_DATA     --data spec (default builtin); paths on shared storage, relative to the current folder
#   VB_VECTORS  --vectors (a GloVe file on shared storage, or wink)
#   VB_SHARDS   number of array tasks = shards (default 4)
#   VB_CPUS     cpus per task = vb-cli --jobs (default 2)
#   VB_TIME     time limit per task (default: the #SBATCH line, 04:00:00)
#   VB_MAX_PARALLEL  at most this many tasks at once (--array=1-N%K)
#   VB_REPO     the built vb checkout (default: this script's repository)
#   VB_RESUME=1 pass --resume (rerun after an interruption: finished runs are kept)
#   VB_TAKE_OVER_LOCK=1  a restarted task takes over its killed predecessor's lock at once
#   VB_SBATCH_ARGS  extra sbatch options for both jobs, e.g. "--partition=cpu --account=x"
# Arguments are passed to `vb-cli sweep` unchanged (every task gets the same ones).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export VB_REPO="${VB_REPO:-$(cd "$here/../.." && pwd)}"
: "${VB_OUT:?set VB_OUT to a shared output folder}"
VB_OUT="$(mkdir -p "$VB_OUT" && cd "$VB_OUT" && pwd)"
export VB_OUT
export VB_DATA="${VB_DATA:-builtin}"
export VB_VECTORS="${VB_VECTORS:-}"
shards="${VB_SHARDS:-4}"
cpus="${VB_CPUS:-2}"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "VB_SHARDS is '$shards', not a whole number ≥ 1" >&2; exit 2; }
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || { echo "VB_CPUS is '$cpus', not a whole number ≥ 1" >&2; exit 2; }
[ -x "$VB_REPO/node_modules/.bin/vb-cli" ] || { echo "build vb first: (cd $VB_REPO && npm ci && npm run build)" >&2; exit 2; }

array="1-$shards"
if [ -n "${VB_MAX_PARALLEL:-}" ]; then array="$array%$VB_MAX_PARALLEL"; fi
# shellcheck disable=SC2206 # sbatch options are words
extra=(${VB_SBATCH_ARGS:-})
# Logs go to $VB_OUT/logs (Slurm does not create folders); the working directory stays the one
# you submit from, so relative paths in VB_DATA/VB_VECTORS still work.
mkdir -p "$VB_OUT/logs"
sweep_opts=(--array="$array" --cpus-per-task="$cpus" --output="$VB_OUT/logs/vb-sweep-%A_%a.out")
if [ -n "${VB_TIME:-}" ]; then sweep_opts+=(--time="$VB_TIME"); fi

# --parsable prints "jobid" or "jobid;cluster".
array_id="$(sbatch --parsable "${extra[@]}" "${sweep_opts[@]}" "$here/sweep-array.sbatch" "$@")"
array_id="${array_id%%;*}"
echo "array job $array_id: $shards shards of the sweep into $VB_OUT"
# afterok on an array job waits for all of its tasks and needs every one to succeed.
merge_id="$(sbatch --parsable "${extra[@]}" --output="$VB_OUT/logs/vb-merge-%j.out" --dependency="afterok:$array_id" --kill-on-invalid-dep=yes "$here/merge.sbatch")"
merge_id="${merge_id%%;*}"
echo "merge job $merge_id: runs after every task of $array_id succeeded; results in $VB_OUT"
echo "watch: squeue -j $array_id,$merge_id    logs: $VB_OUT/logs/"
