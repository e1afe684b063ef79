#!/usr/bin/env bash
# A real Slurm test of the sharded sweep (issue #15): starts a single-node Slurm cluster on this
# machine (Debian's slurm-wlm and munge, installed when absent; controller and node daemon on
# localhost, configuration in a temporary folder via SLURM_CONF), submits the built-in sweep as a
# 2-task job array with the dependent merge job through deploy/slurm/submit.sh, waits for them, and
# compares the merged table.md, table.csv and curves.csv byte for byte with an unsharded
# `vb-cli sweep` of the same options. Then the failure path: a task is cancelled mid-run, the merge
# job must not run (afterok), and a resubmission with VB_RESUME=1 VB_TAKE_OVER_LOCK=1 finishes the
# sweep with the same tables.
#
# Usage: bash scripts/slurm-test.sh [extra vb-cli sweep options]   (needs root or sudo for apt and
# the daemons, and a built checkout: npm ci && npm run build). Called by .ci/run.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$SECONDS
log() { printf '[slurm-test %4ss] %s\n' "$((SECONDS - start))" "$*"; }
die() { log "FAILED: $*"; exit 1; }

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  log "apt-get install slurm-wlm munge"
  $sudo apt-get update -q >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q slurm-wlm munge >/dev/null
fi
[ -x "$repo/node_modules/.bin/vb-cli" ] || die "build vb first: npm ci && npm run build"

work="$(mktemp -d "${TMPDIR:-/tmp}/vb-slurm-test.XXXXXX")"
chmod 755 "$work"
pids=()
cleanup() {
  local rc=$?
  if [ -n "${SLURM_CONF:-}" ] && command -v scancel >/dev/null; then scancel --user="$(id -un)" 2>/dev/null || true; fi
  for p in "${pids[@]}"; do $sudo kill "$p" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    for f in "$work"/*.log "$work"/out*/logs/*.out; do
      [ -f "$f" ] && { echo "----- $f (last 30 lines)"; tail -n 30 "$f"; }
    done
  fi
  $sudo rm -rf "$work"
}
trap cleanup EXIT

# --- munge: the authentication Slurm uses (a key, and munged running as the munge user) --------
if [ ! -s /etc/munge/munge.key ]; then
  log "creating /etc/munge/munge.key"
  $sudo mungekey --create --keyfile=/etc/munge/munge.key
  $sudo chown munge:munge /etc/munge/munge.key
  $sudo chmod 400 /etc/munge/munge.key
fi
if ! munge -n </dev/null >/dev/null 2>&1; then
  log "starting munged"
  $sudo mkdir -p /run/munge && $sudo chown munge:munge /run/munge && $sudo chmod 755 /run/munge
  $sudo runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge >/dev/null || die "munged does not answer"
  munged_pid="$(cat /run/munge/munged.pid 2>/dev/null || true)"
  [ -n "$munged_pid" ] && pids+=("$munged_pid")
fi

# --- Slurm: one controller and one node, this machine ----------------------------------------
node="$(hostname -s)"
mkdir -p "$work/state" "$work/spool"
# The node's real CPUs, sockets, cores and memory, as slurmd sees them (a mismatch drains it).
nodeline="$(slurmd -C | head -n 1)"
[[ "$nodeline" == NodeName=* ]] || die "slurmd -C printed '$nodeline'"
# Free ports, so a Slurm already on this machine is not disturbed.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat >"$work/slurm.conf" <<EOF
ClusterName=vbci
SlurmctldHost=$node
SlurmctldPort=$(port)
SlurmdPort=$(port)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=$(id -un)
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=3600
SlurmctldTimeout=30
SlurmdTimeout=30
$nodeline State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
log "starting slurmctld and slurmd (SLURM_CONF=$SLURM_CONF)"
$sudo env SLURM_CONF="$SLURM_CONF" slurmctld -i
$sudo env SLURM_CONF="$SLURM_CONF" slurmd
for _ in $(seq 100); do [ -s "$work/slurmctld.pid" ] && [ -s "$work/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmctld.pid")" "$(cat "$work/slurmd.pid")")
for _ in $(seq 150); do
  state="$(sinfo -h -n "$node" -o '%T' 2>/dev/null || true)"
  [[ "$state" == idle* ]] && break
  sleep 0.2
done
[[ "$state" == idle* ]] || die "node $node is '$state', not idle"
log "cluster up: $(sinfo -h -o '%P %D %c %T')"

# Waits for a job to leave the queue; prints its final state.
final_state() {
  local id=$1 s
  for _ in $(seq 1800); do
    s="$(scontrol show job "$id" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2)"
    case "$s" in
      PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED|"") sleep 1 ;;
      *) echo "$s"; return 0 ;;
    esac
  done
  echo TIMEOUT
}

sweep_opts=("$@")
compare() {
  local merged=$1
  for f in table.md table.csv curves.csv; do
    cmp "$work/unsharded/$f" "$merged/$f" || die "$merged/$f differs from the unsharded sweep's"
  done
  [ -s "$merged/results.json" ] || die "no results.json in $merged"
  [ -s "$merged/report.html" ] || die "no report.html in $merged"
}
submit() { # out, then extra environment as VAR=value
  local out=$1; shift
  env "$@" VB_OUT="$out" VB_SHARDS=2 VB_CPUS=1 bash "$repo/deploy/slurm/submit.sh" "${sweep_opts[@]}" | tee "$work/submit.txt" >&2
  array_id="$(sed -n 's/^array job \([0-9]*\):.*/\1/p' "$work/submit.txt")"
  merge_id="$(sed -n 's/^merge job \([0-9]*\):.*/\1/p' "$work/submit.txt")"
  [ -n "$array_id" ] && [ -n "$merge_id" ] || die "submit.sh printed no job ids"
}

# --- 1. the unsharded reference ---------------------------------------------------------------
log "unsharded sweep (reference): vb-cli sweep ${sweep_opts[*]}"
"$repo/node_modules/.bin/vb-cli" sweep --shard off --out "$work/unsharded" --jobs 2 --quiet "${sweep_opts[@]}" >/dev/null

# --- 2. two array tasks and the merge job ------------------------------------------------------
log "sbatch: 2-task array + dependent merge"
submit "$work/out"
state="$(final_state "$merge_id")"
[ "$state" = COMPLETED ] || die "merge job $merge_id ended $state"
tasks="$(grep -l 'task [0-9]* of array' "$work/out/logs/"vb-sweep-*.out | wc -l)"
[ "$tasks" -eq 2 ] || die "expected 2 task logs, found $tasks"
compare "$work/out"
runs="$(find "$work/out/runs" -name '*.json' | wc -l)"
log "ok: 2 shards ($runs run files) merged by job $merge_id; table.md, table.csv, curves.csv byte-identical to the unsharded sweep"

# --- 3. a task killed mid-run: no merge; resubmitted with --resume + --take-over-lock -----------
log "failure path: cancel task 2 while it runs"
submit "$work/out2"
for _ in $(seq 600); do
  [ -n "$(find "$work/out2/runs" -name '*.json' 2>/dev/null | head -n 1)" ] && break
  sleep 0.5
done
# SIGKILL: the task cannot remove its lock, as after a node failure or a hard time limit.
scancel --signal=KILL --full "${array_id}_2"
[ "$(final_state "$merge_id")" != COMPLETED ] || die "the merge ran although a task was killed"
[ -e "$work/out2/.vb-sweep.shard-2-of-2.lock" ] || die "the killed task left no lock file (was it killed mid-run?)"
[ ! -e "$work/out2/results.json" ] || die "results.json written although a task was killed"
before="$(find "$work/out2/runs" -name '*.json' | wc -l)"
log "resubmit with VB_RESUME=1 VB_TAKE_OVER_LOCK=1 ($before run files kept)"
submit "$work/out2" VB_RESUME=1 VB_TAKE_OVER_LOCK=1
state="$(final_state "$merge_id")"
[ "$state" = COMPLETED ] || die "merge job $merge_id after the resubmission ended $state"
compare "$work/out2"
grep -q 'taking over the lock' "$work/out2/logs/vb-sweep-${array_id}_2.out" || die "the resubmitted task 2 did not report taking over the killed task's lock"
log "ok: after a killed task, the resubmitted sweep merged byte-identical to the unsharded one"
