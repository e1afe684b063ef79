#!/usr/bin/env bash
# Why this exists: the `version` command of changesets/action in .github/workflows/release.yml (the
# action runs one command, not a shell line). Applies the pending changesets — versions, changelogs,
# vb-cli's ranges on @vb/core and @vb/viz — then brings package-lock.json in line, which
# `changeset version` leaves alone and `npm ci` would refuse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npx --yes @changesets/cli@2.31.1 version
npm install --package-lock-only --ignore-scripts --no-audit --no-fund
