#!/usr/bin/env bash
# Installe tout ce qu'il faut (paquets Python dans .venv, Chromium de Debian pour les tests dans le
# navigateur) puis lance toute la suite de tests et le linter.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium manque : lancez « sudo apt-get install chromium » puis relancez ce script." >&2
    exit 1
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m pytest "$@"
