#!/usr/bin/env bash
# `npm run dev`: installs what is missing, then starts servers, API and workers (scripts/dev.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/node-deps.sh
ensure_node_deps
exec node_modules/.bin/tsx scripts/dev.ts "$@"
