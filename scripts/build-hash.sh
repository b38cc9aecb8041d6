#!/usr/bin/env bash
# Trunk post_build hook: writes build-hash.txt, a sha256 over the final staged files.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
find . -type f ! -name build-hash.txt -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16 > build-hash.txt
