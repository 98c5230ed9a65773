#!/usr/bin/env bash
# Re-makes the example's release history from scratch, signed with the TEST key in keys/ (never for
# real use). Run from the repository root after `npm run build`:
#
#   bash examples/kestrel/make-history.sh
#
# Dates fit the texts: every release is dated after 15 January 2026, when the Swedish Cybersecurity
# Act and Ordinance that the incident management policy cites came into force. Incident management
# 1.0.0 had a P2 resolution target of one business day; 1.1.0 shortened it to 8 hours, so the script
# releases 1.0.0 with that value and puts the current one back before releasing 1.1.0.
set -euo pipefail
cd "$(dirname "$0")/../.."
example=examples/kestrel
org=$example/organisation.yaml
key=$example/keys/TEST-ONLY-maria.ek_ed25519
pm() { node bin/policymark.js "$@"; }

chmod 600 "$key"
grep -q 'resolution: { en: 8 hours, sv: 8 timmar }' "$org" || { echo "expected P2's resolution of 8 hours in $org" >&2; exit 1; }
rm -rf "$example/releases"
backup=$(mktemp)
cp "$org" "$backup"
trap 'cp "$backup" "$org"; rm -f "$backup"' EXIT

# P2 as it was before the 2026 annual review (only the first occurrence: P2's resolution).
sed -i '0,/resolution: { en: 8 hours, sv: 8 timmar }/s//resolution: { en: 1 business day, sv: 1 arbetsdag }/' "$org"
pm release information-security --org "$org" --version 1.0.0 --date 2026-01-19 --key "$key" --approver maria.ek \
  --summary 'First approved version.'
pm release incident-management --org "$org" --version 1.0.0 --date 2026-01-26 --key "$key" --approver maria.ek \
  --summary 'First approved version.'
cp "$backup" "$org"
pm release incident-management --org "$org" --version 1.1.0 --date 2026-03-02 --key "$key" --approver maria.ek --material \
  --summary 'P2 resolution target shortened from one business day to 8 hours after the annual review.'
pm release statement-of-applicability --org "$org" --version 1.0.0 --date 2026-03-09 --key "$key" --approver maria.ek \
  --summary 'First statement, from the 2026 risk assessment.'

pm ack import "$example/acknowledgements-export.csv" --org "$org"
pm verify --org "$org" --require-signatures
for sig in "$example"/releases/*/*.json.sig; do
  ssh-keygen -Y verify -f "$example/allowed_signers" -I maria.ek -n policymark -s "$sig" < "${sig%.sig}" >/dev/null
done
echo "Re-made and verified: $(ls "$example"/releases/*/*.json.sig | wc -l) signed releases."
