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
# The daemons live in /usr/sbin, which is not on a normal user's PATH on Debian.
export PATH="$PATH:/usr/sbin:/sbin"
# Never talk to a Slurm the caller may have configured: ours is set up below.
unset SLURM_CONF
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  log "apt-get install slurm-wlm munge"
  $sudo apt-get update -q >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q slurm-wlm munge >/dev/null
fi
[ -x "$repo/node_modules/.bin/vb-cli" ] || die "build vb first: npm ci && npm run build"

work="$(mktemp -d "${TMPDIR:-/tmp}/vb-slurm-test.XXXXXX")"
chmod 755 "$work"
pids=()
cluster=0
cleanup() {
  local rc=$?
  set +e
  if [ "$cluster" -eq 1 ]; then
    # Our cluster's jobs (SLURM_CONF points at it), then its daemons; wait until they are gone.
    scancel --user="$(id -un)" 2>/dev/null
    for _ in $(seq 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  for p in "${pids[@]}"; do $sudo kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do $sudo kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  # Job steps that outlived slurmd (slurmstepd and its vb-cli) run in our folder: end them too.
  $sudo pkill -f "slurmstepd.*$work" 2>/dev/null
  $sudo pkill -f "vb-cli.*$work" 2>/dev/null
  if [ "$rc" -ne 0 ]; then
    for f in "$work"/*.log "$work"/out*/logs/*.out; do
      [ -f "$f" ] && { echo "----- $f (last 30 lines)"; tail -n 30 "$f"; }
    done
  fi
  $sudo rm -rf "$work" 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT

# --- munge: the authentication Slurm uses (a key, and munged running as the munge user) --------
# /etc/munge is readable by munge only: look with sudo. The package usually made a key already.
if ! $sudo test -s /etc/munge/munge.key; then
  log "creating /etc/munge/munge.key"
  $sudo mungekey --create --keyfile=/etc/munge/munge.key
  $sudo chown munge:munge /etc/munge/munge.key
  $sudo chmod 400 /etc/munge/munge.key
fi
if ! munge -n </dev/null >/dev/null 2>&1; then
  log "starting munged"
  $sudo mkdir -p /run/munge && $sudo chown munge:munge /run/munge && $sudo chmod 755 /run/munge
  $sudo runuser -u munge -- /usr/sbin/munged
  munged_pid="$($sudo cat /run/munge/munged.pid 2>/dev/null || true)"
  [ -n "$munged_pid" ] && pids+=("$munged_pid")
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n </dev/null | unmunge >/dev/null || die "munged does not answer" 
fi

# --- Slurm: one controller and one node, this machine ----------------------------------------
node="$(hostname -s)"
mkdir -p "$work/state" "$work/spool"
# The node's real CPUs, sockets, cores and memory, as slurmd sees them (a mismatch drains it).
nodeline="$(slurmd -C | head -n 1)"
[[ "$nodeline" == NodeName=* ]] || die "slurmd -C printed '$nodeline'"
# Free ports, so a Slurm already on this machine is not disturbed.
ports="$(python3 -c 'import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')" || die "python3 could not find free ports"
read -r ctld_port slurmd_port <<<"$ports"
cat >"$work/slurm.conf" <<EOF
ClusterName=vbci
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
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
cluster=1
$sudo env SLURM_CONF="$SLURM_CONF" slurmctld -i
$sudo env SLURM_CONF="$SLURM_CONF" slurmd
for _ in $(seq 100); do [ -s "$work/slurmctld.pid" ] && [ -s "$work/slurmd.pid" ] && break; sleep 0.1; done
for f in slurmctld slurmd; do
  [ -s "$work/$f.pid" ] || die "$f did not start"
  pids+=("$(cat "$work/$f.pid")")
done
state=""
for _ in $(seq 150); do
  state="$(sinfo -h -n "$node" -o '%T' 2>/dev/null || true)"
  [ "$state" = idle ] && break # idle* would be a node not responding
  sleep 0.2
done
[ "$state" = idle ] || die "node $node is '$state', not idle"
log "cluster up: $(sinfo -h -o '%P %D %c %T')"

# Waits (at most 10 minutes) for a job to leave the queue; prints its final state, or TIMEOUT
# with the job's state and reason (a job that cannot start says why).
final_state() {
  local id=$1 s line
  for _ in $(seq 600); do
    line="$(scontrol show job "$id" -o 2>/dev/null || true)"
    s="$(grep -o 'JobState=[A-Z_]*' <<<"$line" | head -n 1 | cut -d= -f2)"
    case "$s" in
      PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED|"") sleep 1 ;;
      *) echo "$s"; return 0 ;;
    esac
  done
  echo "TIMEOUT ($(grep -o 'JobState=[A-Z_]* Reason=[^ ]*' <<<"$line" | head -n 1))"
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
timeout 1200 "$repo/node_modules/.bin/vb-cli" sweep --shard off --out "$work/unsharded" --jobs 2 --quiet "${sweep_opts[@]}" >/dev/null

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

# --- 3. a task killed mid-run: no merge; a resubmission refuses its lock, or takes it over --------
log "failure path: kill task 2 while it runs"
submit "$work/out2"
lock2="$work/out2/.vb-sweep.shard-2-of-2.lock"
for _ in $(seq 600); do [ -s "$lock2" ] && break; sleep 0.2; done
[ -s "$lock2" ] || die "task 2 did not start within 2 minutes"
# SIGKILL to the task's vb-cli (its pid is in the lock): it cannot remove its lock, as after a
# node failure. (scancel would send SIGTERM first, on which vb-cli releases its lock.)
pid2="$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' "$lock2")"
[ -n "$pid2" ] || die "no pid in $lock2"
$sudo kill -9 "$pid2" || die "could not kill task 2's vb-cli (pid $pid2; finished already?)"
state="$(final_state "$merge_id")"
[ "$state" != COMPLETED ] || die "the merge ran although a task was killed"
[ -e "$lock2" ] || die "the killed task left no lock file"
[ ! -e "$work/out2/results.json" ] || die "results.json written although a task was killed"
# As if task 2 had run on another node: a fresh lock whose owner vb-cli cannot check here.
sed -i 's/"host":"[^"]*"/"host":"another-node"/' "$lock2"
before="$(find "$work/out2/runs" -name '*.json' | wc -l)"
log "resubmit with VB_RESUME=1 ($before run files kept): the live-looking lock must be refused"
submit "$work/out2" VB_RESUME=1 VB_LOCK_STALE_AFTER=3600
state="$(final_state "$merge_id")"
[ "$state" != COMPLETED ] || die "the merge ran although task 2 should have refused the lock"
grep -q 'another vb-cli sweep holds .vb-sweep.shard-2-of-2.lock (pid [0-9]* on another-node' "$work/out2/logs/vb-sweep-${array_id}_2.out" \
  || die "the resubmitted task 2 did not refuse the other node's lock"
log "resubmit with VB_RESUME=1 VB_TAKE_OVER_LOCK=1"
submit "$work/out2" VB_RESUME=1 VB_TAKE_OVER_LOCK=1 VB_LOCK_STALE_AFTER=3600
state="$(final_state "$merge_id")"
[ "$state" = COMPLETED ] || die "merge job $merge_id after the resubmission ended $state"
compare "$work/out2"
grep -q 'taking over the lock of a sweep that is gone (.vb-sweep.shard-2-of-2.lock: pid [0-9]* on another-node.*--take-over-lock)' "$work/out2/logs/vb-sweep-${array_id}_2.out" \
  || die "the resubmitted task 2 did not report taking over the lock with --take-over-lock"
log "ok: after a killed task, the lock was refused, then taken over on request, and the sweep merged byte-identical to the unsharded one"
