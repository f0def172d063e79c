#!/usr/bin/env bash
# `npm test`: format, lint and type checks, then unit and integration tests on real servers
# (started by test/setup/global-setup.ts on their own ports and databases).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/node-deps.sh
ensure_node_deps

echo "== npm run check"
npm run --silent check

echo "== jest"
mkdir -p var/test
status=0
node_modules/.bin/jest --json --outputFile=var/test/jest-results.json "$@" || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = require("./var/test/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' || true
exit $status
