#!/usr/bin/env bash
# Install what is needed (Python packages, Debian's Chromium, fonts), then run every test, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
