#!/usr/bin/env python3
"""Structural checks of the Kubernetes manifests in this folder (needs PyYAML).

Not a schema validation: kubeconform needs the Kubernetes JSON schemas, which it downloads from
GitHub; where they are reachable, run
    kubeconform -strict -summary deploy/kubernetes/*.yaml
This script checks what a schema cannot: that the manifests fit together for a sharded sweep.
  - pvc.yaml: a v1 PersistentVolumeClaim with a storage request;
  - sweep-indexed-job.yaml: a batch/v1 Job, completionMode Indexed, completions == parallelism ==
    the VB_SHARD_COUNT env value, restartPolicy Never/OnFailure, the shared volume is the PVC and
    is mounted, the container runs `vb-cli ... sweep` with --out under the mount;
  - merge-job.yaml: a batch/v1 Job (not Indexed) running `vb-cli merge <dir> --out <dir>` on the
    same PVC, same mount, same folder as the sweep's --out, same image.
Exit 0 when all hold; otherwise prints each problem and exits 1.
"""
import re
import shlex
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
problems = []


def need(cond, msg):
    if not cond:
        problems.append(msg)
    return cond


def load(name):
    docs = [d for d in yaml.safe_load_all((HERE / name).read_text()) if d is not None]
    need(len(docs) == 1, f"{name}: expected one document, found {len(docs)}")
    return docs[0] if docs else {}


def one_container(name, job):
    spec = job.get("spec", {}).get("template", {}).get("spec", {})
    cs = spec.get("containers", [])
    need(len(cs) == 1, f"{name}: expected one container, found {len(cs)}")
    need(spec.get("restartPolicy") in ("Never", "OnFailure"),
         f"{name}: a Job's pod needs restartPolicy Never or OnFailure")
    return spec, (cs[0] if cs else {})


def pvc_mounts(name, pod, container, claim):
    """The mount paths of volumes that are the PVC `claim`."""
    vols = {v.get("name"): v for v in pod.get("volumes", [])}
    paths = []
    for m in container.get("volumeMounts", []):
        v = vols.get(m.get("name"))
        need(v is not None, f"{name}: volumeMount {m.get('name')!r} names no volume")
        if v and v.get("persistentVolumeClaim", {}).get("claimName") == claim:
            paths.append(m.get("mountPath", ""))
    need(paths, f"{name}: no volume mount of the PersistentVolumeClaim {claim!r}")
    return paths


def command_words(container):
    words = list(container.get("command", [])) + list(container.get("args", []))
    # `sh -c SCRIPT`: look at the words of the script too
    text = " ".join(str(w) for w in words)
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def out_dir(words):
    for i, w in enumerate(words):
        if w in ("--out", "-o") and i + 1 < len(words):
            return words[i + 1]
        if w.startswith("--out="):
            return w.split("=", 1)[1]
    return None


def under(path, mounts):
    return any(path == m or path.startswith(m.rstrip("/") + "/") for m in mounts)


pvc = load("pvc.yaml")
need(pvc.get("apiVersion") == "v1" and pvc.get("kind") == "PersistentVolumeClaim",
     "pvc.yaml: not a v1 PersistentVolumeClaim")
claim = pvc.get("metadata", {}).get("name")
need(claim, "pvc.yaml: no metadata.name")
need(pvc.get("spec", {}).get("resources", {}).get("requests", {}).get("storage"),
     "pvc.yaml: no spec.resources.requests.storage")
need(pvc.get("spec", {}).get("accessModes"), "pvc.yaml: no spec.accessModes")

job = load("sweep-indexed-job.yaml")
need(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job",
     "sweep-indexed-job.yaml: not a batch/v1 Job")
js = job.get("spec", {})
need(js.get("completionMode") == "Indexed", "sweep-indexed-job.yaml: completionMode is not Indexed")
n = js.get("completions")
need(isinstance(n, int) and n >= 1, "sweep-indexed-job.yaml: completions is not a whole number ≥ 1")
need(js.get("parallelism") == n,
     f"sweep-indexed-job.yaml: parallelism {js.get('parallelism')} != completions {n}")
pod, c = one_container("sweep-indexed-job.yaml", job)
env = {e.get("name"): e.get("value") for e in c.get("env", [])}
need(env.get("VB_SHARD_COUNT") == str(n),
     f"sweep-indexed-job.yaml: VB_SHARD_COUNT is {env.get('VB_SHARD_COUNT')!r}, "
     f"not completions ({n}) as a string")
need("VB_SHARD_INDEX" not in env and "--shard" not in " ".join(command_words(c)),
     "sweep-indexed-job.yaml: the shard must come from JOB_COMPLETION_INDEX, not VB_SHARD_INDEX/--shard")
mounts = pvc_mounts("sweep-indexed-job.yaml", pod, c, claim)
words = command_words(c)
need("vb-cli" in words and "sweep" in words, "sweep-indexed-job.yaml: the container does not run vb-cli sweep")
sweep_out = out_dir(words)
need(sweep_out is not None and under(sweep_out, mounts),
     f"sweep-indexed-job.yaml: --out {sweep_out!r} is not on the PVC mount {mounts}")

merge = load("merge-job.yaml")
need(merge.get("apiVersion") == "batch/v1" and merge.get("kind") == "Job",
     "merge-job.yaml: not a batch/v1 Job")
need(merge.get("spec", {}).get("completionMode", "NonIndexed") == "NonIndexed",
     "merge-job.yaml: the merge is one pod, not Indexed")
need(merge.get("metadata", {}).get("name") != job.get("metadata", {}).get("name"),
     "merge-job.yaml: has the same name as the sweep Job")
mpod, mc = one_container("merge-job.yaml", merge)
mmounts = pvc_mounts("merge-job.yaml", mpod, mc, claim)
mw = command_words(mc)
need("vb-cli" in mw and "merge" in mw, "merge-job.yaml: the container does not run vb-cli merge")
if "merge" in mw:
    i = mw.index("merge")
    src = mw[i + 1] if i + 1 < len(mw) else None
    need(src == sweep_out, f"merge-job.yaml: merges {src!r}, but the sweep writes to {sweep_out!r}")
    need(out_dir(mw) is not None and under(out_dir(mw), mmounts),
         f"merge-job.yaml: --out {out_dir(mw)!r} is not on the PVC mount {mmounts}")
need(sorted(mounts) == sorted(mmounts), f"merge-job.yaml: mounts the PVC at {mmounts}, the sweep at {mounts}")
need(mc.get("image") == c.get("image"), "merge-job.yaml: another image than the sweep Job")
if re.search(r"YOUR-ORG", str(c.get("image"))):
    print(f"note: image is the placeholder {c.get('image')}; replace it with your build")

for p in problems:
    print("problem:", p)
if not problems:
    print(f"ok: {n} shards, VB_SHARD_COUNT={n}, PVC {claim!r} at {mounts[0]}, sweep --out {sweep_out}, "
          f"merge {sweep_out} --out {out_dir(mw)}")
sys.exit(1 if problems else 0)
