#!/usr/bin/env bash
# The README's first command: install everything, build, and run the server with demo data on the
# embedded SQLite database (./data). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
npm ci --no-audit --no-fund
npm run build
export DEMO="${DEMO:-1}"
exec node bin/clustermark.js serve
