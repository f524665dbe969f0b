#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the admin panel's browser tests (idempotent).
# Playwright's own browser download cannot work on these machines; playwright-core drives this one instead.
# DejaVu fonts come along so that Cyrillic renders in screenshots on a bare machine.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

fail() {
  echo "ensure-chromium: $CHROMIUM is missing and could not be installed ($1); install Debian's chromium package" >&2
  exit 1
}

command -v apt-get >/dev/null || fail "no apt-get on this machine"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "not root and no sudo"
  SUDO="sudo -n"
fi

echo "ensure-chromium: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
$SUDO apt-get update -qq >"$log" 2>&1 || fail "apt-get update failed: $(tail -n 1 "$log")"
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >"$log" 2>&1 ||
  fail "apt-get install failed: $(tail -n 1 "$log")"
[ -x "$CHROMIUM" ] || fail "the chromium package did not provide $CHROMIUM"
