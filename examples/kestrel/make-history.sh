#!/usr/bin/env bash
# Re-makes the example's release history from scratch, signed with the TEST keys in keys/ (never for
# real use). Run from the repository root after `npm run build`:
#
#   bash examples/kestrel/make-history.sh
#
# Dates fit the texts: every release is dated after 15 January 2026, when the Swedish Cybersecurity
# Act (2025:1506) that the Information Security Policy cites came into force. Incident management 1.0.0
# had a P2 resolution target of one business day; 1.1.0 shortened it to 8 hours, so the script releases
# 1.0.0 with that value and puts the current one back before releasing 1.1.0. Policies are approved by
# the CEO, standards and procedures by the CISO; the Statement of Applicability comes last, because it
# may cite released policies only.
set -euo pipefail
cd "$(dirname "$0")/../.."
example=examples/kestrel
org=$example/organisation.yaml
ceo=$example/keys/TEST-ONLY-maria.ek_ed25519
ciso=$example/keys/TEST-ONLY-anna.lindqvist_ed25519
pm() { node bin/policymark.js "$@"; }
release() { # policy date key approver summary summary-sv [options...]
  local policy=$1 date=$2 key=$3 approver=$4 summary=$5 summary_sv=$6
  shift 6
  pm release "$policy" --org "$org" --version "${VERSION:-1.0.0}" --date "$date" --key "$key" --approver "$approver" --summary "$summary" --summary-sv "$summary_sv" "$@" >/dev/null
}

chmod 600 "$ceo" "$ciso"
grep -q 'resolution: { en: 8 hours, sv: 8 timmar }' "$org" || { echo "expected P2's resolution of 8 hours in $org" >&2; exit 1; }
rm -rf "$example/releases"
backup=$(mktemp)
cp "$org" "$backup"
trap 'cp "$backup" "$org"; rm -f "$backup"' EXIT

first='First approved version.'
first_sv='Första fastställda versionen.'
release information-security 2026-01-19 "$ceo" maria.ek "$first" "$first_sv"
# P2 as it was before 1.1.0 (only the first occurrence: P2's resolution).
sed -i '0,/resolution: { en: 8 hours, sv: 8 timmar }/s//resolution: { en: 1 business day, sv: 1 arbetsdag }/' "$org"
release incident-management 2026-01-26 "$ceo" maria.ek "$first" "$first_sv"
release incident-management-procedure 2026-01-26 "$ciso" anna.lindqvist "$first" "$first_sv"
cp "$backup" "$org"
# The rest of the library, each signed by the holder of its approver role (CEO or CISO).
approve() { # policy date
  case "$(sed -n 's/^approver: *//p' "policy-modules/policies/$1.yaml")" in
    ceo) release "$1" "$2" "$ceo" maria.ek "$first" "$first_sv" ;;
    ciso) release "$1" "$2" "$ciso" anna.lindqvist "$first" "$first_sv" ;;
    *) echo "no test key for the approver of $1" >&2; exit 1 ;;
  esac
}
# Every other document of the library: policies first, then the standards and procedures that
# implement them (a procedure cites its policy's released version), the SoA last (below).
tier() { sed -n 's/^tier: *//p' "policy-modules/policies/$1.yaml"; }
special=' information-security incident-management incident-management-procedure statement-of-applicability '
others=$(for f in policy-modules/policies/*.yaml; do id=$(basename "$f" .yaml); [[ $special == *" $id "* ]] || echo "$id"; done)
for policy in $others; do
  if [[ -z $(tier "$policy") || $(tier "$policy") == policy ]]; then approve "$policy" 2026-02-09; fi
done
for document in $others; do
  if [[ -n $(tier "$document") && $(tier "$document") != policy ]]; then approve "$document" 2026-02-16; fi
done
VERSION=1.1.0 release incident-management 2026-03-02 "$ceo" maria.ek \
  'P2 resolution target shortened from one business day to 8 hours, to meet the service levels of the customer contracts renewed in February 2026.' \
  'Målet för lösningstid för P2 har kortats från en arbetsdag till 8 timmar, för att uppfylla servicenivåerna i de kundavtal som förnyades i februari 2026.' --material
release statement-of-applicability 2026-03-09 "$ceo" maria.ek 'First statement, from the 2026 risk assessment.' 'Första uttalandet, utifrån 2026 års riskbedömning.'

pm ack import "$example/acknowledgements-export.csv" --org "$org" >/dev/null
pm verify --org "$org" --require-signatures
for sig in "$example"/releases/*/*.json.sig; do
  principal=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(r.approver?.id ?? r.approverId ?? "")' "${sig%.sig}")
  ssh-keygen -Y verify -f "$example/allowed_signers" -I "$principal" -n policymark -s "$sig" < "${sig%.sig}" >/dev/null
done
echo "Re-made and verified: $(ls "$example"/releases/*/*.json.sig | wc -l) signed releases."
