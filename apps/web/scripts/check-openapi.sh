#!/usr/bin/env bash
# Fail when src/client/schema.d.ts no longer matches the API's OpenAPI document (run `npm run gen:api`).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash scripts/dump-openapi.sh "$tmp/openapi.json"
npx --no-install openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null
if ! diff -u src/client/schema.d.ts "$tmp/schema.d.ts" > "$tmp/diff"; then
  head -n 60 "$tmp/diff" >&2
  echo "check:api: src/client/schema.d.ts is out of date with the API; run 'npm run gen:api' and commit it" >&2
  exit 1
fi
echo "check:api: generated client matches the API"
