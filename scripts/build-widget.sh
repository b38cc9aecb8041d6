#!/usr/bin/env bash
# Trunk post_build hook: the widget. Builds the same sources without partner mode
# (--no-default-features) into their own target dir, runs wasm-bindgen and wasm-opt as
# Trunk does for the app, names the files by a hash of their final bytes, and writes
# licalc-widget.js (stable name) pointing at them and at the app's full build (for
# mode="partner"). Also stages the example host page and the iframe page.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
root="$(cd "$(dirname "$0")/.." && pwd)"
profile="${TRUNK_PROFILE:-release}"
target="${CARGO_TARGET_DIR:-$root/target}/widget"
# The widget has no split points: it is built without the app's split flags (dev.sh).
if [ -n "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}" ] && [ -n "${LICALC_SPLIT_FLAGS:-}" ]; then
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS/" $LICALC_SPLIT_FLAGS"/}"
fi
args=(build --target wasm32-unknown-unknown --bin licalc-web --no-default-features --target-dir "$target" --manifest-path "$root/Cargo.toml")
out=debug
if [ "$profile" = release ]; then args+=(--release); out=release; fi
cargo "${args[@]}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name licalc-widget \
  "$target/wasm32-unknown-unknown/$out/licalc-web.wasm"
if [ "$out" = release ]; then
  wasm-opt -Oz "$tmp/licalc-widget_bg.wasm" -o "$tmp/licalc-widget_bg.wasm"
fi
node "$root/scripts/widget-files.mjs" "$tmp" "$dir" "$root"
