"""Entry point: `streamlit run app.py`. Router and frame (DESIGN §2, §7): pages are in `pages/`."""

from __future__ import annotations

import logging
import os
import sys
import time

import streamlit as st

from ui import etat

st.set_page_config(
    page_title="Simulateur du modèle économique des SIAE", page_icon=":material/insights:", layout="wide"
)
journal = logging.getLogger("iae_app")
if os.environ.get("IAE_JOURNAL_DUREES") and not journal.handlers:
    # `python -m ui.bench` reads the server-side time of each page run from this log
    journal.addHandler(logging.StreamHandler(sys.stderr))
    journal.setLevel(logging.INFO)

etat.initialiser()

PAGES = {
    "Projet": [
        st.Page("pages/accueil.py", title="Accueil", icon=":material/home:", url_path="accueil", default=True),
        st.Page("pages/ma_structure.py", title="Ma structure", icon=":material/domain:", url_path="structure"),
    ],
    "Scénarios": [
        st.Page("pages/scenarios.py", title="Scénarios", icon=":material/alt_route:", url_path="scenarios"),
        st.Page("pages/resultats.py", title="Résultats", icon=":material/monitoring:", url_path="resultats"),
        st.Page("pages/comparer.py", title="Comparer", icon=":material/compare_arrows:", url_path="comparer"),
    ],
    "Guide": [
        st.Page("pages/guide.py", title="Guide", icon=":material/checklist:", url_path="guide"),
    ],
    "Sorties": [
        st.Page("pages/exporter.py", title="Exporter", icon=":material/download:", url_path="exporter"),
    ],
}

page = st.navigation(PAGES)

with st.sidebar:
    projet = etat.projet()
    if projet is None and etat.brouillon() is not None:
        st.caption("Projet ouvert")
        st.text(str(etat.brouillon().get("structure", {}).get("nom", "")))
        st.warning("Saisies à corriger (voir Ma structure)", icon=":material/warning:")
    elif projet is None:
        st.caption("Aucun projet ouvert")
    else:
        st.caption("Projet ouvert")
        st.text(projet.structure.nom)
        st.caption(
            f"{', '.join(projet.types_conventionnements())} · année {projet.structure.annee_reference} · "
            f"{len(projet.scenarios)} scénario(s)"
        )
        if etat.erreurs():
            st.warning("Saisies à corriger (voir Ma structure)", icon=":material/warning:")

debut = time.perf_counter()
try:
    page.run()
finally:
    journal.info("page=%s duree_ms=%.1f", page.url_path or "accueil", (time.perf_counter() - debut) * 1000)
