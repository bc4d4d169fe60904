#!/usr/bin/env bash
# Linux build: dist/PuskesosDesk/puskesos-desktop (one folder, no Python needed to run it).
#
#   packaging/build_linux.sh            # uses (or creates) .venv, installs ".[build]"
#
# Extra arguments go to packaging/build.py (e.g. --no-clean, --skip-smoke).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet -e ".[build]"
.venv/bin/python packaging/build.py "$@"
