#!/usr/bin/env bash
# Install what is needed, then start the atlas at http://127.0.0.1:8501 (offline: no request leaves the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run app/ui/main.py "$@"
