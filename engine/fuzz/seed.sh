#!/usr/bin/env bash
# Writes each fuzz target's seed inputs to engine/fuzz/seeds/TARGET/, from the repo's own
# examples and fixtures, so the seeds follow the files they come from. ./dev.sh fuzz runs
# this before every run and passes the seeds to libFuzzer beside the growing corpus.
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$fuzz/../.." && pwd)
seeds=$fuzz/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{quote_json,price_book,link,statement,saved_entry}

# Copies files into a target's seeds, named after their path in the repo.
seed() {
  local target=$1 f
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$seeds/$target/$(printf '%s' "${f#"$root"/}" | tr / _)"
  done
}

# A file's text as the inside of a JSON string.
json_string() {
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' "$1" |
    awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}

# Quotes: the examples, the test fixtures (not the expected results) and the portfolio's.
quotes=()
for f in "$root"/examples/quotes/*.json "$root"/examples/portfolio/*.json \
  "$root"/engine/tests/fixtures/*/*.json; do
  case $f in
    *.expected.json | */links/v1.json | */links/my-book.json | */saved/*) ;;
    *) quotes+=("$f") ;;
  esac
done
seed quote_json "${quotes[@]}"

# Price books: the current one and every earlier version.
seed price_book "$root"/pricebook/default.json "$root"/pricebook/history/*.json \
  "$root"/engine/tests/fixtures/links/my-book.json

# Share links: the "link" strings of the link fixtures, one a file.
n=0
for f in "$root"/engine/tests/fixtures/links/*.json; do
  while IFS= read -r link; do
    n=$((n + 1))
    printf '%s' "$link" >"$seeds/link/fixture-$n"
    printf 'https://licalc.example/%s' "$link" >"$seeds/link/fixture-$n-url"
  done < <(grep -o '"link": *"[^"]*"' "$f" | sed 's/^"link": *"\(.*\)"$/\1/')
done

# Fee statements.
seed statement "$root"/examples/statements/*.csv

# Saved entries: the fixtures, and each example quote in the store's envelope; one with
# the price book too.
saved=()
for f in "$root"/engine/tests/fixtures/saved/*.json; do
  case $f in *.expected.json) ;; *) saved+=("$f") ;; esac
done
seed saved_entry "${saved[@]}"
for f in "$root"/examples/quotes/*.json; do
  name=$(basename "$f" .json)
  printf '{"v":1,"name":"%s","saved":"2026-11-25T10:00:00Z","rev":1,"quote":"%s"}' \
    "$name" "$(json_string "$f")" >"$seeds/saved_entry/$name"
done
printf '{"v":1,"name":"with book","saved":"2026-11-25T10:00:00Z","rev":2,"quote":"%s","book":"%s"}' \
  "$(json_string "$root"/examples/quotes/contoso.json)" \
  "$(json_string "$root"/pricebook/default.json)" >"$seeds/saved_entry/contoso-with-book"

for t in "$seeds"/*; do
  printf '%-12s %3d seeds\n' "$(basename "$t")" "$(find "$t" -type f | wc -l)"
done
