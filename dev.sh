#!/usr/bin/env bash
# The project's one build helper. Quick start:
#   ./dev.sh serve   build and serve the app at http://127.0.0.1:8080
#   ./dev.sh test    run every test: engine and app (cargo), structure checks, release build,
#                    size report, browser tests in Chromium, 30 s of fuzzing per engine target
# Other commands: ./dev.sh build | size | bench | perf | fuzz [TARGET] [SECONDS per target]
# Each installs what is missing and skips what is there, so a second run starts at once.
set -euo pipefail
cd "$(dirname "$0")"

TRUNK_VERSION=0.21.14
BINARYEN_MAJOR=132
WASM_SPLIT_VERSION=0.2.2

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
  if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
    say "adding the rust-src component (the wasm builds compile std for size)"
    rustup component add rust-src || die "could not add rust-src: run 'rustup component add rust-src' by hand"
  fi
}

# The wasm builds (the app, the widget, the floor app) rebuild std with panics that
# abort at once: no panic messages or formatting machinery in the wasm (about 6% of its
# gzip bytes). A panic still traps, and the page's guard still says so. std's
# `optimize_for_size` picks its small algorithms (sorting, mostly): the same results,
# 10 KB gzip less in the app and 5 KB in the widget. Measured and left out:
# `-Zfmt-debug=none` (3 KB less, but serde's error messages, which users read, lose the
# values they quote with `{:?}`), `-Zfmt-debug=shallow` and `-Zlocation-detail=none`
# (nothing), `-Zvirtual-function-elimination` (rustc 1.95 crashes on core). Stable Rust allows the unstable
# flags with RUSTC_BOOTSTRAP; plain `trunk build` without them still works, only
# bigger. These override .cargo/config.toml's flags, so repeat them. Set only around
# Trunk (and the widget build its hook runs): native builds, the tests and the CLI,
# keep the toolchain's own std, built for speed.
wasm_size_flags() {
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort"
}

# The app's and the widget's wasm split at src/parts.rs's split points
# (scripts/split-wasm.mjs): customer mode loads only the main part. wasm_split_cli reads
# the linker's relocations; reference types stay off, since wasm-bindgen's externref pass
# changes the signatures of functions the parts call through the shared table ("function
# signature mismatch").
wasm_split_flags() {
  wasm_size_flags
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS+=" --cfg licalc_split -Clink-arg=--emit-relocs -Ctarget-feature=-reference-types"
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

# wasm_split_cli (scripts/split-app.mjs) has no --version: cargo's install list says.
ensure_wasm_split() {
  if ! cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm_split_cli $WASM_SPLIT_VERSION (about a minute, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary ||
      die "could not install wasm_split_cli: run 'cargo install wasm_split_cli_support --version $WASM_SPLIT_VERSION --locked --features build-binary' by hand"
  fi
}

ensure_npm_packages() {
  command -v npm >/dev/null || die "node and npm are missing: install them (Debian: apt-get install nodejs npm)"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (binaryen for wasm-opt, terser, esbuild, zopfli, playwright-core, axe-core)"
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
  ensure_wasm_split
  ensure_npm_packages
}

# The crates the build needs, fetched before Trunk builds offline (Trunk.toml): the
# project's, and the ones the rebuilt std needs (wasm_size_flags), which are listed in
# rust-src's own Cargo.lock and on a new machine are not in cargo's cache yet.
fetch_crates() {
  say "fetching crates"
  cargo fetch --locked -q
  RUSTC_BOOTSTRAP=1 cargo fetch --locked -q \
    --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
}

release_build() {
  fetch_crates
  say "building the release app (trunk build --release)"
  (wasm_split_flags && trunk build --release)
}

# Every file in dist/ with raw and gzip sizes, and what each kind of page loads.
size_report() {
  [ -d dist ] || die "no dist/: run './dev.sh build' first"
  say "size report (dist/)"
  node scripts/size-report.mjs dist
}

# cargo-fuzz over the engine: ./dev.sh fuzz [TARGET] [SECONDS] (docs/fuzzing.md).
fuzz_engine() {
  # cargo-fuzz on the stable toolchain: RUSTC_BOOTSTRAP=1 lets it pass the nightly-only
  # -Zsanitizer=address. Builds into engine/fuzz/target; the corpus grows in
  # engine/fuzz/corpus, crash inputs land in engine/fuzz/artifacts (docs/fuzzing.md).
  only="" secs=60
  for a in "$@"; do
    if [[ $a =~ ^[1-9][0-9]*$ ]]; then secs=$a; else only=$a; fi
  done
  usage="usage: ./dev.sh fuzz [TARGET] [SECONDS] (whole seconds per target, default 60)"
  command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again"
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (about a minute, once)"
    cargo install cargo-fuzz --locked || die "could not install cargo-fuzz: run 'cargo install cargo-fuzz --locked' by hand"
  fi
  export RUSTC_BOOTSTRAP=1
  engine/fuzz/seed.sh >/dev/null
  say "building the fuzz targets (about 2 minutes the first time)"
  (cd engine && cargo fuzz build) || die "could not build the fuzz targets"
  mkdir -p engine/fuzz/logs
  rows=() failed=0
  targets=$(cd engine && cargo fuzz list)
  if [ -n "$only" ]; then
    grep -qx "$only" <<<"$targets" || die "no fuzz target $only: $(echo $targets) ($usage)"
    targets=$only
  fi
  for t in $targets; do
    say "fuzzing $t for ${secs}s"
    mkdir -p "engine/fuzz/corpus/$t"
    log=engine/fuzz/logs/$t.log
    rc=0
    (cd engine && cargo fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$secs" -timeout=20 -print_final_stats=1) >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    corpus=$(sed -n 's/.*corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -n 1)
    # A crash, an out-of-memory or a timeout stops the run; a slow input (over 10 s) does not.
    crash=$(sed -n '/slow-unit-/!s/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    slow=$(sed -n '/slow-unit-/s/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    if [ -n "$crash" ]; then
      result="CRASH: ${crash#"$PWD"/} (log: $log)"; failed=1
    elif [ "$rc" != 0 ]; then
      result="FAILED with exit $rc, no crash input (log: $log)"; failed=1
    elif [ -n "$slow" ]; then
      result="no crash, but a slow input: ${slow#"$PWD"/}"
    else
      result="no crash"
    fi
    rows+=("$(printf '%-12s %12s %7s  %s' "$t" "${runs:-?}" "${corpus:-?}" "$result")")
  done
  printf '%-12s %12s %7s  %s\n' target runs corpus result
  printf '%s\n' "${rows[@]}"
  [ "$failed" = 0 ] || die "a fuzz target failed: see the table above"
}

cmd=${1:-help}
case "$cmd" in
  serve)
    build_tools
    fetch_crates
    say "serving at http://127.0.0.1:8080"
    wasm_split_flags
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
    say "structure: no function over 80 lines, no import circle (ARCHITECTURE.md)"
    python3 scripts/fn-lengths.py 80 engine/src src
    python3 scripts/module-cycles.py engine/src src
    release_build
    size_report
    say "browser tests (node --test tests/browser/)"
    node --test --test-concurrency=1 tests/browser/
    say "fuzzing each engine target briefly (./dev.sh fuzz for longer runs)"
    fuzz_engine "${LICALC_FUZZ_SECONDS:-30}"
    ;;
  bench)
    cargo bench -p licalc-engine --bench compute
    ;;
  perf)
    # Issue 16's figures: the app beside the floor app (bench/floor, a Leptos counter with
    # rust_decimal, same tools and profile), in one run; prints a table, fails on no timing.
    build_tools
    ensure_chromium
    release_build
    say "building the floor app (bench/floor: trunk build --release)"
    (cd bench/floor && wasm_size_flags && trunk build --release)
    say "building the CLI (cargo build --profile native -p licalc-engine: opt-level 3)"
    cargo build --profile native --locked -p licalc-engine --bin licalc
    say "measuring (tests/browser/perf.mjs: a few minutes)"
    node tests/browser/perf.mjs
    ;;
  fuzz)
    fuzz_engine "${@:2}"
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2
    ;;
esac
