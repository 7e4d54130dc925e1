"""Entry point: `streamlit run app.py`. Router and frame: pages are in `app_pages/`.

The folder is not named `pages/`: Streamlit runs the scripts of a `pages/` folder directly, without this
frame, until the first `st.navigation` call of the process (its « v1 » multipage mode). On a freshly
started server, the first requests could then run a page without `etat.initialiser()` (issue 8).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import streamlit as st

from ui import cadre, etat
from ui.elagage import elaguer_widgets

# the icon is a file of the app: no request leaves the server for a third-party font or image
st.set_page_config(
    page_title="Simulateur du modèle économique des SIAE",
    page_icon=Path(__file__).parent / "ui" / "icone.png",
    layout="wide",
)
journal = logging.getLogger("iae_app")
if os.environ.get("IAE_JOURNAL_DUREES") and not journal.handlers:
    # `python -m ui.bench` reads the server-side time of each page run from this log
    journal.addHandler(logging.StreamHandler(sys.stderr))
    journal.setLevel(logging.INFO)

etat.initialiser()

PAGES = {
    "Projet": [
        st.Page("app_pages/accueil.py", title="Accueil", icon=":material/home:", url_path="accueil", default=True),
        st.Page("app_pages/ma_structure.py", title="Ma structure", icon=":material/domain:", url_path="structure"),
    ],
    "Scénarios": [
        st.Page("app_pages/scenarios.py", title="Scénarios", icon=":material/alt_route:", url_path="scenarios"),
        st.Page("app_pages/resultats.py", title="Résultats", icon=":material/monitoring:", url_path="resultats"),
        st.Page("app_pages/comparer.py", title="Comparer", icon=":material/compare_arrows:", url_path="comparer"),
    ],
    "Guide": [
        st.Page("app_pages/guide.py", title="Guide", icon=":material/checklist:", url_path="guide"),
        st.Page("app_pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
    ],
    "Sorties": [
        st.Page("app_pages/exporter.py", title="Exporter", icon=":material/download:", url_path="exporter"),
    ],
}

page = st.navigation(PAGES)

with st.sidebar:
    cadre.barre_laterale()
    cadre.grands_caracteres()
cadre.francais()

debut = time.perf_counter()
try:
    cadre.executer(page.run, page.url_path or "accueil")
    elaguer_widgets()  # only after a page that ran to its end (see ui/elagage.py)
finally:
    journal.info("page=%s duree_ms=%.1f", page.url_path or "accueil", (time.perf_counter() - debut) * 1000)
