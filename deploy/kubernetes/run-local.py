#!/usr/bin/env python3
"""Runs the Kubernetes manifests' containers on this machine, as a kubelet would run them.

No cluster here, so this executes what the pods execute: for every completion index k of the
Indexed Job (sweep-indexed-job.yaml) the container's command and args, with the container's env,
JOB_COMPLETION_INDEX=k and the PVC's mount path (/data) mapped to a local folder; `parallelism`
pods at a time. Then the pod of index 0 is killed once mid-run (SIGKILL, as when a node is lost)
and retried, as `backoffLimitPerIndex` does: the retry must take over the killed pod's lock and
resume. Then merge-job.yaml's container, and the merged table.md, table.csv and curves.csv are
compared byte for byte with an unsharded `vb-cli sweep` of the same options.

Usage: run-local.py --vb-cli PATH [--work DIR]   (needs PyYAML; a built vb checkout)
Exit 0 when everything matches; 1 with the reason otherwise.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def fail(msg: str) -> None:
    print(f"run-local: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def container_of(manifest: Path):
    doc = yaml.safe_load(manifest.read_text())
    spec = doc["spec"]
    pod = spec["template"]["spec"]
    (c,) = pod["containers"]
    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    return spec, c, mounts


def pod_process(container, mount_path: str, local: Path, env_extra: dict, path_dirs: list[str]):
    """The container's process with /data mapped to `local` (in command, args and env values)."""
    sub = lambda s: s.replace(mount_path, str(local))  # noqa: E731
    argv = [sub(a) for a in container.get("command", []) + container.get("args", [])]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "VB_SHARD_", "JOB_COMPLETION"))}
    env["PATH"] = os.pathsep.join(path_dirs + [env.get("PATH", "")])
    for e in container.get("env", []):
        env[e["name"]] = sub(str(e.get("value", "")))
    env.update(env_extra)
    return argv, env


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vb-cli", required=True, help="the vb-cli executable the image would have on PATH")
    ap.add_argument("--work", help="folder for the volume and the reference (default: a temp folder)")
    a = ap.parse_args()
    vb_cli = Path(a.vb_cli).resolve()
    if not os.access(vb_cli, os.X_OK):
        fail(f"{vb_cli} is not executable (build vb first)")
    # The image has vb-cli on PATH: a folder with a vb-cli link to the built one.
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="vb-k8s-local."))
    bindir = work / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    link = bindir / "vb-cli"
    if not link.exists():
        link.symlink_to(vb_cli)
    volume = work / "volume"
    volume.mkdir(exist_ok=True)

    spec, sweep, mounts = container_of(HERE / "sweep-indexed-job.yaml")
    (mount_path,) = set(mounts.values())
    completions, parallelism = spec["completions"], spec.get("parallelism", 1)
    merge_spec, merge, _ = container_of(HERE / "merge-job.yaml")
    print(f"run-local: {completions} pods, {parallelism} at a time; {mount_path} → {volume}")

    def start(k: int):
        argv, env = pod_process(sweep, mount_path, volume, {"JOB_COMPLETION_INDEX": str(k)}, [str(bindir)])
        log = open(work / f"pod-{k}.log", "ab")
        return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    # A pod of index 0 killed mid-run, then retried (backoffLimitPerIndex).
    lock0 = volume / "out" / f".vb-sweep.shard-1-of-{completions}.lock"
    first = start(0)
    for _ in range(1200):
        if lock0.exists() or first.poll() is not None:
            break
        time.sleep(0.1)
    if first.poll() is not None:
        fail("pod 0 ended before it could be killed (see pod-0.log)")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    if not lock0.exists():
        fail("the killed pod left no lock file")
    print("run-local: pod 0 killed mid-run (lock left); its retry runs with the others")

    pending = list(range(completions))
    running: dict[int, subprocess.Popen] = {}
    while pending or running:
        while pending and len(running) < parallelism:
            k = pending.pop(0)
            running[k] = start(k)
        time.sleep(0.2)
        for k, p in list(running.items()):
            if p.poll() is None:
                continue
            del running[k]
            if p.returncode != 0:
                fail(f"pod {k} exited {p.returncode}:\n{(work / f'pod-{k}.log').read_text()[-3000:]}")
    log0 = (work / "pod-0.log").read_text()
    if "taking over the lock of a sweep that is gone (.vb-sweep.shard-1-of" not in log0:
        fail(f"the retried pod 0 did not report taking over the killed pod's lock:\n{log0[-2000:]}")

    argv, env = pod_process(merge, mount_path, volume, {}, [str(bindir)])
    r = subprocess.run(argv, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"the merge job exited {r.returncode}:\n{r.stderr[-3000:]}")

    # The reference: the same sweep, unsharded (the sweep container's options, without the shard).
    sweep_env = {e["name"]: str(e.get("value", "")) for e in sweep.get("env", [])}
    ref = work / "unsharded"
    cmd = [str(vb_cli), "sweep", "--shard", "off", "--data", sweep_env.get("VB_DATA", "builtin"), "--out", str(ref), "--jobs", "2", "--quiet"]
    if sweep_env.get("VB_VECTORS"):
        cmd += ["--vectors", sweep_env["VB_VECTORS"]]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"the unsharded reference failed:\n{r.stderr[-3000:]}")
    out = volume / "out"
    for f in ["table.md", "table.csv", "curves.csv"]:
        if (out / f).read_bytes() != (ref / f).read_bytes():
            fail(f"{f} of the merged pods differs from the unsharded sweep's")
    runs = len(list((out / "runs").glob("*.json")))
    print(f"run-local: ok: {completions} pods ({runs} run files, pod 0 retried after a kill) and the merge job; table.md, table.csv, curves.csv byte-identical to the unsharded sweep")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
