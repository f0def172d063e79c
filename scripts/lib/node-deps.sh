# Sourced by scripts/dev.sh and scripts/test.sh: a fresh clone needs nothing but Node and npm.

require_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Node.js 20.19 or newer with npm is needed: https://nodejs.org/ (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js $(node --version) is too old: 20.19 or newer is needed (NestJS 12 relies on require(esm))." >&2
    exit 1
  fi
}

# Installs node_modules from the lock file when missing or older than the lock file.
ensure_node_deps() {
  require_node
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing node dependencies (npm ci)…"
    npm ci --no-audit --no-fund
  fi
}
