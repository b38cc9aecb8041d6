#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): the widget, then the finishing touches.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/build-widget.sh"
node "$here/finish-build.mjs"
