#!/usr/bin/env bash
# The project's one build helper. Quick start:
#   ./dev.sh serve   build and serve the app at http://127.0.0.1:8080
#   ./dev.sh test    run every test: engine and app (cargo), release build, size report,
#                    browser tests in Chromium
# Other commands: ./dev.sh build | size | bench | perf
# Each installs what is missing and skips what is there, so a second run starts at once.
set -euo pipefail
cd "$(dirname "$0")"

TRUNK_VERSION=0.21.14
BINARYEN_MAJOR=132

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must equal the crate version exactly: read it from Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_target() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || die "could not add the target: run 'rustup target add wasm32-unknown-unknown' by hand"
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION\$"; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked ||
      die "could not install trunk: run 'cargo install trunk --version $TRUNK_VERSION --locked' by hand"
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen version"
  grep -q "wasm_bindgen = \"$want\"" Trunk.toml ||
    die "Trunk.toml [tools] wasm_bindgen must be \"$want\" (the version in Cargo.lock)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $want\$"; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: with it the install fails on a yanked dependency version.
    cargo install wasm-bindgen-cli --version "$want" ||
      die "could not install wasm-bindgen-cli: run 'cargo install wasm-bindgen-cli --version $want' by hand"
  fi
}

ensure_npm_packages() {
  command -v npm >/dev/null || die "node and npm are missing: install them (Debian: apt-get install nodejs npm)"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (binaryen for wasm-opt, playwright-core, axe-core)"
    npm ci --no-audit --no-fund || die "npm ci failed: check access to the npm registry"
  fi
  export PATH="$PWD/node_modules/.bin:$PATH"
  # Debian's binaryen 108 produces a wasm that silently renders nothing: refuse it.
  wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_MAJOR" ||
    die "wasm-opt on PATH is not binaryen $BINARYEN_MAJOR ($(command -v wasm-opt || echo none)): run 'npm ci'"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return; fi
  if [ "$(id -u)" != 0 ]; then
    die "Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium chromium-driver'"
  fi
  say "installing Chromium and chromedriver from Debian"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } ||
    die "could not install Chromium: run 'apt-get update && apt-get install -y chromium chromium-driver' by hand"
}

build_tools() {
  ensure_rust_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_npm_packages
}

release_build() {
  say "fetching crates"
  cargo fetch --locked -q
  say "building the release app (trunk build --release)"
  trunk build --release
}

# Every file in dist/ with raw and gzip sizes, and the gzip total.
size_report() {
  [ -d dist ] || die "no dist/: run './dev.sh build' first"
  say "size report (dist/)"
  local total_raw=0 total_gz=0 f raw gz
  printf '%-52s %10s %10s\n' "file" "raw B" "gzip B"
  while IFS= read -r f; do
    raw=$(wc -c < "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    printf '%-52s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
  done < <(find dist -type f | sort)
  printf '%-52s %10d %10d\n' "TOTAL" "$total_raw" "$total_gz"
  printf 'gzip total: %d bytes (%d.%d KB)\n' "$total_gz" $((total_gz / 1024)) $(((total_gz % 1024) * 10 / 1024))
}

cmd=${1:-help}
case "$cmd" in
  serve)
    build_tools
    cargo fetch --locked -q
    say "serving at http://127.0.0.1:8080"
    exec trunk serve --release
    ;;
  build)
    build_tools
    release_build
    ;;
  size)
    size_report
    ;;
  test)
    build_tools
    ensure_chromium
    say "engine and app tests (cargo test --workspace)"
    cargo test --workspace --locked
    release_build
    size_report
    say "browser tests (node --test tests/browser/)"
    node --test --test-concurrency=1 tests/browser/
    ;;
  bench)
    cargo bench -p licalc-engine --bench compute
    ;;
  perf)
    build_tools
    ensure_chromium
    release_build
    node tests/browser/perf.mjs
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2
    ;;
esac
