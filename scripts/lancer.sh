#!/usr/bin/env bash
# Installe les dépendances dans .venv puis ouvre l'application dans le navigateur (http://localhost:8501).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py --server.port "${PORT:-8501}" "$@"
