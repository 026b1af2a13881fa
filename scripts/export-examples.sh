#!/usr/bin/env bash
# Export every plan in plans/ and templates/ in each mode CI cross-checks:
# plain, --method request (each event), --todos --alarm 1d, and --per-person; then the calendar
# objects `publish` stores and the calendar parts `invite` mails (scripts/example-parts.py). Works on copies of the
# plans (in OUT/plans) so that the export state next to the real plans is left alone.
# Usage: scripts/export-examples.sh OUT   (prints the .ics files it wrote)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/export-examples.sh OUT}
vp=${VISITPLAN:-.venv/bin/visitplan}
rm -rf "$out"
mkdir -p "$out/plans"
for plan in plans/*.toml templates/*.toml; do
  name=$(basename "$plan" .toml)
  work="$out/plans/$name"
  mkdir -p "$work"
  cp "$plan" "$work/"
  copy="$work/$name.toml"
  "$vp" export "$copy" -o "$out/$name.ics" 2>/dev/null
  # --method request: one entry per file (the plan's events one by one; a visit whose
  # sessions are entries of their own also writes NAME--<item-id>.ics for each; an event
  # without an attendee with an email cannot be a REQUEST and is refused)
  for event in $("${PYTHON_BIN:-.venv/bin/python}" -c 'import sys, tomllib
for e in tomllib.load(open(sys.argv[1], "rb")).get("events", []): print(e["id"])' "$copy"); do
    "$vp" export "$copy" --method request --event "$event" -o "$out/$name-request-$event.ics" \
      2>/dev/null || rm -f "$out/$name-request-$event.ics"
  done
  "$vp" export "$copy" --todos --alarm 1d -o "$out/$name-todos-alarm.ics" 2>/dev/null
  "$vp" export "$copy" --per-person "$out/$name-per-person" 2>/dev/null
done
"${PYTHON_BIN:-.venv/bin/python}" scripts/example-parts.py "$out/parts" plans/*.toml templates/*.toml >/dev/null
find "$out" -name '*.ics' -not -path "$out/plans/*" | sort
