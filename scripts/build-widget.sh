#!/usr/bin/env bash
# Trunk post_build hook: the widget. Builds the same sources without partner mode
# (--no-default-features) into their own target dir, with the app's flags (dev.sh: built
# with its split flags, its reader is split off as the app's is); widget-files.mjs then
# finishes the files as split-app.mjs does for the app, names them by a hash of their
# final bytes, and writes licalc-widget.js (stable name), which carries the lean build
# (its JS and its wasm) and points at its parts and at the app's full build (for
# mode="partner"). Also stages the example host page and the iframe page.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
root="$(cd "$(dirname "$0")/.." && pwd)"
profile="${TRUNK_PROFILE:-release}"
target="${CARGO_TARGET_DIR:-$root/target}/widget"
args=(build --target wasm32-unknown-unknown --bin licalc-web --no-default-features --target-dir "$target" --manifest-path "$root/Cargo.toml")
out=debug
if [ "$profile" = release ]; then args+=(--release); out=release; fi
cargo "${args[@]}"
node "$root/scripts/widget-files.mjs" "$target/wasm32-unknown-unknown/$out/licalc-web.wasm" "$dir" "$root" "$out"
