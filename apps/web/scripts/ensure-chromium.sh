#!/usr/bin/env bash
# The browser tests use Debian's chromium (never a downloaded browser build); install it when missing.
set -euo pipefail
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
