# Sourced by bootstrap.sh and scripts/start: skip an install or a build whose inputs have not changed since it last
# succeeded. A stamp holds the hash of the inputs (file names and contents) of the last successful run; it lives
# inside what the run produced (node_modules/, dist/), so deleting the output also forgets the stamp.

# inputs_hash PATH...: one SHA-256 of the names and contents of every file under PATH... (node_modules and dist
# excluded; a PATH that does not exist counts as empty), plus the Node version that builds with them (bootstrap.sh's
# NODE_VERSION: asking `node --version` costs a process per hash).
inputs_hash() {
  local path existing=()
  for path in "$@"; do
    if [ -e "$path" ]; then existing+=("$path"); fi
  done
  {
    if [ -n "${NODE_VERSION:-}" ]; then echo "v$NODE_VERSION"; else node --version 2>/dev/null || true; fi
    if [ ${#existing[@]} -gt 0 ]; then
      find "${existing[@]}" \( -name node_modules -o -name dist \) -prune -o -type f -print0 \
        | LC_ALL=C sort -z | xargs -0 -r sha256sum
    fi
  } | sha256sum | cut -d' ' -f1
}

# is_fresh STAMP HASH: true when STAMP holds HASH.
is_fresh() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# build_if_changed LABEL DIST "COMMAND" INPUT...: runs COMMAND (quietly) unless DIST/.inputs-hash matches INPUT...;
# writes the stamp only when COMMAND succeeded. FORCE_BUILD=1 builds regardless.
build_if_changed() {
  local label=$1 dist=$2 command=$3
  shift 3
  local hash
  hash=$(inputs_hash "$@")
  if [ "${FORCE_BUILD:-}" != "1" ] && is_fresh "$dist/.inputs-hash" "$hash"; then
    printf '\033[36m[build]\033[0m %s is up to date\n' "$label" >&2
    return 0
  fi
  printf '\033[36m[build]\033[0m building %s\n' "$label" >&2
  rm -f "$dist/.inputs-hash"
  local output
  if ! output=$(eval "$command" 2>&1); then
    printf '%s\n' "$output" >&2
    printf '\033[31m[build]\033[0m building %s failed\n' "$label" >&2
    return 1
  fi
  mkdir -p "$dist"
  printf '%s\n' "$hash" >"$dist/.inputs-hash"
}

# The packages' builds, each with its inputs: its sources and configuration, the shared TypeScript settings and the
# lockfile (the admin panel also bundles the contract package).
build_api() {
  build_if_changed "the API" packages/api/dist "pnpm --filter @support/api run build" \
    packages/api/src packages/api/package.json packages/api/tsconfig.json packages/api/tsconfig.build.json \
    tsconfig.base.json pnpm-lock.yaml
}
build_admin() {
  build_if_changed "the admin panel" packages/admin/dist "pnpm --filter @support/admin run build" \
    packages/admin/src packages/admin/public packages/admin/index.html packages/admin/package.json \
    packages/admin/tsconfig.json packages/admin/vite.config.ts packages/schema tsconfig.base.json pnpm-lock.yaml
}
