#!/usr/bin/env bash
# Write the API's OpenAPI document to $1 without starting a server (create_app().openapi()).
set -euo pipefail
out="${1:-openapi.json}"
here="$(cd "$(dirname "$0")/.." && pwd)"
py="$here/../api/.venv/bin/python"
if [ ! -x "$py" ]; then
  echo "dump-openapi: $py not found; run 'make install-api' first" >&2
  exit 1
fi
# A throwaway database URL and log file keep the dump free of side effects on the developer's data.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
DATABASE_URL="sqlite:///$tmp/openapi.db" LOG_FILE="$tmp/openapi.log" "$py" -c '
import json, sys
from diet_planner.main import create_app
json.dump(create_app().openapi(), sys.stdout, indent=2, sort_keys=True)
sys.stdout.write("\n")
' > "$out.tmp"
mv "$out.tmp" "$out"
