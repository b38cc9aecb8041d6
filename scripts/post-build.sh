#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): the app's wasm split (when built with the split
# flags), the widget, then the finishing touches.
set -euo pipefail
here="$(dirname "$0")"
node "$here/split-app.mjs"
bash "$here/build-widget.sh"
node "$here/finish-build.mjs"
