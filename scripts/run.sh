#!/usr/bin/env bash
# Install what is needed, then start the atlas at http://127.0.0.1:8501 (offline: no request leaves the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the annotation store (store/, or $ATLAS_STORE): built from seeds/ on the first run, then only checked
if [ -z "${ATLAS_STORE:-}" ] && [ ! -f store/documents.parquet ]; then
  .venv/bin/python -m app.ingest seeds
fi
exec .venv/bin/python -m streamlit run app/ui/main.py "$@"
