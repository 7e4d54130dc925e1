#!/usr/bin/env bash
# Installe les dépendances dans .venv puis simule un exemple en ligne de commande
# (l'application Streamlit viendra remplacer cette commande).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m iae_model simuler "${1:-scenarios/aci_espaces_verts.yaml}"
