#!/usr/bin/env bash
# Why this exists: the packages as npm users get them. `npm pack`s @vb/core, @vb/viz and vb-cli
# (built first: `npm run build`), installs the three tarballs into a fresh folder made by
# `npm init -y` (a CommonJS project; our packages come only from the tarballs, their third-party
# dependencies from the npm registry) and there:
#   - checks each tarball's files (LICENSE = the repository's, README, no source maps) and that
#     `engines` fits every installed dependency;
#   - runs the README quickstart of @vb/core as ESM (as written) and as CommonJS (require + an
#     async main), and both entry points of every package from ESM and CommonJS;
#   - runs `npx vb-cli sweep` on the built-in task with tiny settings;
#   - type-checks consumer files with `tsc --strict` under moduleResolution node16 and bundler with
#     lib es2022 only (no DOM), a CommonJS .cts (nodenext) and a browser file (lib dom, no @types/node);
#   - bundles a browser entry with Vite, esbuild and webpack and runs each bundle in headless
#     Chromium (the .wasm located by `init(url)` or by the bundler; packages/core/README.md "Bundlers").
# The bundler step is skipped, saying so, only when the npm registry cannot be reached (the rest
# then installs from npm's cache); the browser run is skipped without Chromium (VB_CHROMIUM).
# VB_PACK_TEST_KEEP=1 keeps the temporary folder. Takes ~1-2 min (most of it npm install).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fixtures="$root/tests/packaging"
chromium="${VB_CHROMIUM:-/usr/bin/chromium}"
start=$SECONDS
step_start=$SECONDS
log() { printf '[pack-test %4ss] %s\n' "$((SECONDS - start))" "$*"; }
took() { printf '[pack-test %4ss] ... %ss\n' "$((SECONDS - start))" "$((SECONDS - step_start))"; step_start=$SECONDS; }
fail() { printf '[pack-test] FAIL: %s\n' "$*" >&2; exit 1; }

# Versions of the tools a consumer would install (pinned: the test must not change by itself).
TOOLS=(typescript@5.9.3 "@types/node@^20.19.0" vite@8.4.0 esbuild@0.28.2 webpack@5.113.0)

for f in packages/core/dist/index.node.js packages/core/wasm/vb_wasm_bg.wasm packages/viz/dist/index.js packages/cli/dist/bin.js; do
  [ -f "$root/$f" ] || fail "$f is missing: run \`npm run build\` first"
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vb-pack-test.XXXXXX")"
if [ "${VB_PACK_TEST_KEEP:-0}" = "1" ]; then log "keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

log "npm pack @vb/core @vb/viz vb-cli"
mkdir -p "$tmp/tarballs"
for p in core viz cli; do
  (cd "$root/packages/$p" && npm pack --json --pack-destination "$tmp/tarballs" >"$tmp/pack-$p.json")
  cmp -s "$root/LICENSE" "$root/packages/$p/LICENSE" || fail "packages/$p/LICENSE differs from the repository's LICENSE"
done
node - "$tmp" <<'EOF'
// What each tarball must (and must not) hold.
const { readFileSync } = require('node:fs');
const tmp = process.argv[2];
const must = {
  core: ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.node.js', 'dist/index.d.ts', 'dist/node/index.js', 'wasm/vb_wasm.js', 'wasm/vb_wasm_bg.wasm'],
  viz: ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts'],
  cli: ['LICENSE', 'README.md', 'package.json', 'bin/vb-cli.js', 'dist/bin.js'],
};
for (const [p, files] of Object.entries(must)) {
  const [info] = JSON.parse(readFileSync(`${tmp}/pack-${p}.json`, 'utf8'));
  const paths = new Set(info.files.map((f) => f.path));
  const missing = files.filter((f) => !paths.has(f));
  const stray = [...paths].filter((f) => /\.map$|\.tsbuildinfo$|(^|\/)(src|test)\//.test(f));
  if (missing.length || stray.length) {
    console.error(`${info.filename}: missing ${missing.join(', ') || '-'}; should not ship ${stray.slice(0, 5).join(', ') || '-'}`);
    process.exit(1);
  }
  console.log(`ok   tarball: ${info.filename} (${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB packed)`);
}
EOF
took

online=1
if ! timeout 30 npm ping >/dev/null 2>&1; then
  online=0
  log "the npm registry cannot be reached: third-party dependencies from npm's cache (--offline); the bundler step will be SKIPPED"
fi
mode=(--prefer-offline)
[ "$online" = 1 ] || mode=(--offline)

app="$tmp/app"
mkdir -p "$app"
cd "$app"
npm init -y >/dev/null
log "npm install the three tarballs into a fresh \`npm init -y\` project (the command in packages/cli/README.md)"
npm install "${mode[@]}" "$tmp"/tarballs/vb-core-*.tgz "$tmp"/tarballs/vb-viz-*.tgz "$tmp"/tarballs/vb-cli-*.tgz >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log" >&2; fail "npm install of the tarballs"; }
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
const p = require("./package.json");
if (p.type !== "commonjs" && p.type !== undefined) { console.error(`npm init made type ${p.type}`); process.exit(1); }
// Ours come from the tarballs only, once each: vb-cli uses the @vb/core and @vb/viz installed beside it.
const lock = require("./package-lock.json").packages;
for (const name of ["@vb/core", "@vb/viz", "vb-cli"]) {
  const resolved = lock[`node_modules/${name}`]?.resolved ?? "";
  if (!resolved.startsWith("file:")) { console.error(`${name} resolved to ${resolved || "nothing"}, not a tarball`); process.exit(1); }
}
const copies = Object.keys(lock).filter((k) => /node_modules\/(@vb\/(core|viz)|vb-cli)$/.test(k) && k.split("node_modules/").length > 2);
if (copies.length) { console.error(`second copies: ${copies.join(", ")}`); process.exit(1); }
console.log("ok   install: @vb/core, @vb/viz and vb-cli from the tarballs, one copy each");
'
cp -r "$fixtures"/. "$app"/
# semver and playwright-core: the repository's own dev dependencies (the consumer does not need them).
dev_dir() { node -e 'const path = require("node:path"); console.log(path.dirname(require.resolve(process.argv[1] + "/package.json", { paths: [process.argv[2]] })))' "$1" "$2"; }
node engines.mjs "$(dev_dir semver "$root/packages/cli")"
took

log "README quickstart of @vb/core: Node ESM (quickstart.mjs) and CommonJS (quickstart.js)"
node quickstart.mjs "$root/packages/core/README.md" "$app"
node quickstart.mjs >"$tmp/esm.out" 2>&1 || { cat "$tmp/esm.out"; fail "quickstart as ESM"; }
node quickstart.js >"$tmp/cjs.out" 2>&1 || { cat "$tmp/cjs.out"; fail "quickstart as CommonJS"; }
sed 's/^/  esm: /' "$tmp/esm.out"
grep -Eq '^validation macro-F1 0\.[0-9]{3}, prior σ² [0-9]\.[0-9]{2}e-[0-9]+$' "$tmp/esm.out" || fail "quickstart output"
grep -Eq '^removable: [0-9]+% of [0-9]+ weights$' "$tmp/esm.out" || fail "quickstart output"
cmp -s "$tmp/esm.out" "$tmp/cjs.out" || { cat "$tmp/cjs.out"; fail "the CommonJS quickstart printed something else than the ESM one"; }
echo "ok   quickstart: ESM and CommonJS print the same"
node smoke.mjs || fail "ESM entry points"
node smoke.cjs || fail "CommonJS entry points"
took

log "npx vb-cli sweep (built-in task, tiny settings)"
npx --no -- vb-cli --version | grep -qx "$(node -p 'require("vb-cli/package.json").version')" || fail "vb-cli --version"
npx --no -- vb-cli sweep --tune off --epochs 1 --hidden 4 --thresholds 3 --rows "Logistic Regression,RNN" --jobs 1 \
  --out "$tmp/sweep" -q >"$tmp/sweep.log" 2>&1 || { cat "$tmp/sweep.log"; fail "vb-cli sweep"; }
for f in results.json table.md report.html f1-vs-lambda.svg; do [ -s "$tmp/sweep/$f" ] || fail "vb-cli sweep wrote no $f"; done
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
const r = require(process.argv[1]);
const rows = new Set(r.runs.map((run) => run.row));
for (const m of ["Logistic Regression", "RNN"]) if (!rows.has(m)) { console.error(`results.json has no ${m} run`); process.exit(1); }
' "$tmp/sweep/results.json"
echo "ok   vb-cli sweep: results.json (runs of both rows), table.md, report.html, figures"
took

if [ "$online" = 1 ]; then tools=("${TOOLS[@]}"); else tools=("${TOOLS[@]:0:2}"); fi
log "install the consumer's tools: ${tools[*]}"
npm install "${mode[@]}" -D "${tools[@]}" >"$tmp/tools.log" 2>&1 || { cat "$tmp/tools.log" >&2; fail "npm install of ${tools[*]}"; }
took

log "tsc --strict --noEmit: consumer files against the shipped types"
node typecheck.mjs || fail "type check"
took

if [ "$online" = 0 ]; then
  log "SKIPPED bundlers (Vite, esbuild, webpack): the npm registry cannot be reached to install them"
else
  log "bundle a browser entry with Vite, esbuild and webpack"
  node bundle.mjs || fail "bundling"
  took
  if [ -x "$chromium" ]; then
    log "run each bundle in headless Chromium"
    node browser-run.mjs "$chromium" "$(dev_dir playwright-core "$root/packages/core")" vite esbuild webpack || fail "a bundle in the browser"
    took
  elif [ "${VB_REQUIRE_CHROMIUM:-0}" = "1" ]; then
    fail "no Chromium at $chromium, and VB_REQUIRE_CHROMIUM=1 (apt-get install chromium, or set VB_CHROMIUM)"
  else
    log "SKIPPED running the bundles: no Chromium at $chromium (apt-get install chromium, or set VB_CHROMIUM)"
  fi
fi
log "packaging test passed"
