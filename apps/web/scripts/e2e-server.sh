#!/usr/bin/env bash
# The browser tests' server: a fresh SQLite database in a temp dir, migrated and loaded with the foods and
# recipes, then the real API serving the built web app on E2E_PORT. Everything is removed on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="$here/../api/.venv/bin/diet-planner"
port="${E2E_PORT:-5199}"
if [ ! -x "$cli" ]; then
  echo "e2e-server: $cli not found; run 'make install-api' first" >&2
  exit 1
fi

# Rebuild the web app when any source is newer than the build, so the tests never run stale code.
if [ ! -f "$here/build/index.html" ] || [ -n "$(find "$here/src" "$here/index.html" "$here/public" -newer "$here/build/index.html" -print -quit)" ]; then
  echo "e2e-server: building the web app" >&2
  (cd "$here" && npm run build >&2)
fi

tmp="$(mktemp -d -t diet-planner-e2e.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

export APP_ENV=development
export DATABASE_URL="sqlite:///$tmp/e2e.db"
export LOG_FILE="$tmp/api.log"
export WEB_BUILD_DIR="$here/build"
export REDIS_URL=""
export LOG_LEVEL="${E2E_LOG_LEVEL:-WARNING}"
# Short-lived access tokens make the journey cross several silent refreshes, as a long session would.
export JWT_ACCESS_TOKEN_EXPIRES="${E2E_ACCESS_TTL:-20s}"

"$cli" migrate >&2
"$cli" load-data >&2
"$cli" serve --host 127.0.0.1 --port "$port" --no-migrate &
server_pid=$!
wait "$server_pid"
