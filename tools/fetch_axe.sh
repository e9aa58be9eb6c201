#!/usr/bin/env bash
# Puts axe-core's axe.min.js (npm package, pinned below) into the virtual environment, at
# $VENV/share/axe-core/axe.min.js, for the accessibility tests (tests/test_html_accessibility.py).
# Only the package's tarball is fetched (npm pack): no browser, nothing run. Offline it uses
# npm's cache; a copy already in place at the pinned version is kept.
set -euo pipefail
AXE_VERSION="4.14.1"
VENV="${1:-${VIRTUAL_ENV:-.venv}}"
dest="$VENV/share/axe-core"
if [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$AXE_VERSION" ] && [ -s "$dest/axe.min.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch_axe: npm not found; the accessibility tests need axe-core $AXE_VERSION" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "axe-core@$AXE_VERSION" --prefer-offline --silent >/dev/null)
tar -xzf "$tmp/axe-core-$AXE_VERSION.tgz" -C "$tmp" package/axe.min.js package/LICENSE
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$dest/"
echo "$AXE_VERSION" > "$dest/VERSION"
