#!/usr/bin/env bash
# Runs every command of policymark on the bundled example and leaves each output in one folder, so the
# outputs of two versions of the code can be compared byte for byte (see compare-with.sh).
# Usage: outputs-of.sh CHECKOUT OUT_DIR   (CHECKOUT: a built checkout of policymark)
set -euo pipefail
checkout=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
export TZ=UTC SOURCE_DATE_EPOCH=1767225600 NO_COLOR=1
# Every command runs whatever its exit code; the codes are compared too (exit-codes.txt).
cli() { local code=0; (cd "$checkout" && node bin/policymark.js "$@") || code=$?; echo "$code $*" | sed "s#$out#OUT#g" >> "$out/exit-codes.txt"; return 0; }
org=examples/kestrel/organisation.yaml
cli build --org "$org" --out "$out/build" >/dev/null 2>&1
rm -rf "$out/build/.policymark"
cli build --org examples/client-template/organisation.yaml --template --out "$out/template" >/dev/null 2>&1
rm -rf "$out/template/.policymark"
cli build --org "$org" --draft --out "$out/draft" >/dev/null 2>&1
rm -rf "$out/draft/.policymark"
for f in md csv json; do
  cli coverage --org "$org" --format "$f" > "$out/coverage.$f"
  cli register --org "$org" --today 2026-06-01 --format "$f" > "$out/register.$f"
done
cli soa --org "$org" --format csv > "$out/soa.csv"
cli soa --org "$org" --format csv --lang sv > "$out/soa.sv.csv"
cli check --org "$org" --json > "$out/check.json"
for pair in "1.0.0 1.1.0" "1.1.0 working" "1.0.0 working"; do
  set -- $pair
  for f in md json; do cli diff "incident-management@$1" "incident-management@$2" --org "$org" --format "$f" > "$out/diff-$1-$2.$f"; done
  cli diff "incident-management@$1" "incident-management@$2" --org "$org" --lang sv > "$out/diff-$1-$2.sv.md"
  cli diff "incident-management@$1" "incident-management@$2" --org "$org" --format docx --out "$out/diff-$1-$2.redline.docx" >/dev/null 2>&1
done
# A release, made in a copy of the example against a copy of the library beside the output folder, so
# that the paths it records are the same for both checkouts.
lib="$out/../lib"
[ -d "$lib" ] || { mkdir -p "$lib" && cp -r "$checkout/policy-modules" "$checkout/frameworks" "$lib/"; }
rm -rf "$out/release" && cp -r "$checkout/examples/kestrel" "$out/release"
(cd "$out/release" && node "$checkout/bin/policymark.js" release incident-management --org organisation.yaml --library ../../lib \
  --version 1.2.0 --summary "Identity check" --date 2026-06-01 >/dev/null 2>&1)
(cd "$out/release" && node "$checkout/bin/policymark.js" register --org organisation.yaml --library ../../lib --today 2026-06-02 --format json > ../register-after-release.json)
