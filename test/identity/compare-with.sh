#!/usr/bin/env bash
# Byte-identity check for refactors: builds REF (default: HEAD) in a temporary worktree, runs every
# command on the example with it and with this working tree, and compares every output file.
# Usage: bash test/identity/compare-with.sh [REF]    Exit 0 when every file is identical.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
ref=${1:-HEAD}
tmp=$(mktemp -d)
# KEEP=1 keeps the two output folders for inspection.
trap 'git -C "$here" worktree remove --force "$tmp/ref" >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] && echo "kept: $tmp/before $tmp/after" || rm -rf "$tmp"' EXIT
git -C "$here" worktree add --detach "$tmp/ref" "$ref" >/dev/null 2>&1
ln -s "$here/node_modules" "$tmp/ref/node_modules"
(cd "$tmp/ref" && npx tsc -p tsconfig.build.json)
(cd "$here" && npx tsc -p tsconfig.build.json)
# Inputs come from this working tree in both runs, so only the code differs.
for dir in examples policy-modules frameworks; do rm -rf "$tmp/ref/$dir"; cp -r "$here/$dir" "$tmp/ref/$dir"; done
# IDENTITY_DROP: input files (a find -path pattern) that REF does not understand, left out of both runs;
# e.g. 'examples/*/releases/*/index.json' against a REF older than release indexes.
# The working tree runs from a copy too, so that both runs read the same inputs.
mkdir "$tmp/work"
for part in bin dist package.json examples policy-modules frameworks src; do cp -r "$here/$part" "$tmp/work/$part"; done
ln -s "$here/node_modules" "$tmp/work/node_modules"
if [ -n "${IDENTITY_DROP:-}" ]; then
  for side in ref work; do find "$tmp/$side" -path "$tmp/$side/${IDENTITY_DROP}" -delete; done
fi
bash "$here/test/identity/outputs-of.sh" "$tmp/ref" "$tmp/before"
bash "$here/test/identity/outputs-of.sh" "$tmp/work" "$tmp/after"
count=$(find "$tmp/before" -type f | wc -l)
if diff -rq "$tmp/before" "$tmp/after" >"$tmp/diff.txt"; then
  echo "identical: $count files, $ref and the working tree"
else
  sed "s#$tmp/##g" "$tmp/diff.txt"
  echo "DIFFERENT: $(wc -l < "$tmp/diff.txt") of $count files differ from $ref"
  exit 1
fi
