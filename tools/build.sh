#!/usr/bin/env bash
# The first README command: make the virtual environment (.venv) with briefgen in it, then
# build every pack of the workspace in this folder. Extra arguments go to `briefgen build`.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="" source tools/env.sh
exec briefgen build "$@"
