#!/usr/bin/env bash
# Validates deploy/kubernetes/*.yaml against the Kubernetes API's JSON schemas, strictly (unknown
# fields are errors), for the oldest Kubernetes the manifests support (1.29: backoffLimitPerIndex,
# podReplacementPolicy) and the newest the validator knows. The schemas come with the PyPI package
# kubernetes-validate (no download from GitHub, as kubeconform would need), installed into a
# temporary virtualenv. A manifest with a misspelt field is checked to fail first, so the step
# cannot pass by validating nothing. Then deploy/kubernetes/check.py checks what schemas cannot:
# the shard count, volume and paths agree between the Job, the merge Job and the PVC. Last,
# deploy/kubernetes/run-local.py runs the pods' commands here as a kubelet would (every completion
# index, one pod killed and retried, then the merge Job) and compares the merged tables byte for
# byte with an unsharded sweep (~1 minute; needs the built checkout).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSIONS=(1.29.0 1.37.0)
venv="$(mktemp -d "${TMPDIR:-/tmp}/vb-k8s-validate.XXXXXX")"
trap 'rm -rf "$venv"' EXIT
if ! python3 -m venv "$venv" 2>/dev/null; then
  # A bare Debian's python3 lacks the venv module (package python3-venv).
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-venv >/dev/null
  rm -rf "$venv" && python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check kubernetes-validate==1.37.0
validate() { "$venv/bin/kubernetes-validate" --strict --no-warn "$@"; }

cat >"$venv/misspelt.yaml" <<'YAML'
apiVersion: batch/v1
kind: Job
metadata: {name: misspelt}
spec:
  completionz: 2
  template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}
YAML
if validate --quiet "$venv/misspelt.yaml" >/dev/null 2>&1; then
  echo "k8s-validate: the validator accepted a misspelt field; it checks nothing" >&2
  exit 1
fi
for v in "${VERSIONS[@]}"; do
  validate --quiet -k "$v" "$repo"/deploy/kubernetes/*.yaml
  echo "k8s-validate: deploy/kubernetes/*.yaml valid (strict) for Kubernetes $v"
done
"$venv/bin/python" "$repo/deploy/kubernetes/check.py" # PyYAML comes with kubernetes-validate
"$venv/bin/python" "$repo/deploy/kubernetes/run-local.py" --vb-cli "$repo/node_modules/.bin/vb-cli"
