#!/usr/bin/env bash
# The second README command: installs what the tests need on a bare Debian machine (apt
# packages, then the project with its test extras in the virtual environment .venv) and
# runs the test suite. Extra arguments go to pytest. `.ci/run` calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="libreoffice-writer-nogui qpdf poppler-utils pandoc fonts-dejavu-core fonts-liberation2 fonts-wqy-zenhei fonts-nanum chromium"
missing=""
for pkg in $APT_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # wait (up to 10 minutes) for another apt/dpkg process to release its lock
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y -q --no-install-recommends $missing
fi

EXTRAS="test,dask,docs,bench" source tools/env.sh
bash tools/fetch_axe.sh "$VIRTUAL_ENV"  # axe-core for the accessibility tests in Chromium
exec python -m pytest -q "$@"
