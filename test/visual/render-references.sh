#!/usr/bin/env bash
# Regenerates the visual references in this folder from the example organisation's incident policy:
# the PDF as policymark writes it, the .docx as LibreOffice renders it, the Markdown as pandoc renders it.
# Needs pandoc, LibreOffice (soffice) and poppler-utils (pdftoppm). Run from the repository root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
node bin/policymark.js build --org examples/kestrel/organisation.yaml --policy incident-management --lang en --out "$work/out" >/dev/null
doc=$(find "$work/out" -name 'incident-management.pdf' | head -1)
dir=$(dirname "$doc")
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$doc" "$here/pdf-page-1"
pdftoppm -png -r 60 -f 4 -l 4 -singlefile "$doc" "$here/pdf-page-4"
soffice --headless --convert-to pdf --outdir "$work" "$dir/incident-management.docx" >/dev/null 2>&1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/incident-management.pdf" "$here/docx-page-1"
pdftoppm -png -r 60 -f 4 -l 4 -singlefile "$work/incident-management.pdf" "$here/docx-page-4"
awk 'BEGIN{n=0} /^---$/ && n<2 {n++; next} n>=2 {print}' "$dir/incident-management.md" > "$work/body.md"
pandoc -f gfm -t html5 -s --metadata pagetitle=incident-management "$work/body.md" -o "$work/body.html"
soffice --headless --convert-to pdf --outdir "$work" "$work/body.html" >/dev/null 2>&1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/body.pdf" "$here/markdown-page-1"
echo "visual references written to test/visual/"
