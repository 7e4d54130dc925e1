"""Exporter: the project file to reopen later or send to the facilitator, the guide in Markdown (PDF and Excel will
follow)."""

from __future__ import annotations

import re

import streamlit as st

from iae_model.guide import charger_guide, guide_en_markdown
from iae_model.projet import ErreurProjet
from ui import etat
from ui.composants import exiger_projet
from ui.guide import guide_du_brouillon

st.title("Exporter")
projet = exiger_projet()

st.subheader("Le fichier du projet (YAML)")
st.write(
    "Le fichier contient toutes vos saisies et vos scénarios. Rouvrez-le depuis l'accueil, "
    "ou envoyez-le à l'animateur de l'atelier."
)
nom_fichier = re.sub(r"[^a-z0-9]+", "_", projet.structure.nom.lower()).strip("_")[:60] or "projet"
st.download_button(
    "Télécharger le projet (.yaml)",
    data=etat.texte_yaml().encode("utf-8"),
    file_name=f"{nom_fichier}.yaml",
    mime="application/x-yaml",
    key="exporter_yaml",
    type="primary",
)
if etat.erreurs():
    st.caption("Le fichier contient aussi les saisies à corriger, pour que rien ne soit perdu.")

st.subheader("Le guide et le plan d'action (Markdown)")
st.write(
    "Les réponses au guide « Les questions à se poser quand on veut faire évoluer son modèle économique », "
    "les notes et le plan d'action, dans un texte à coller dans un courriel, un wiki ou un compte rendu."
)
try:
    contenu_guide = charger_guide()
except ErreurProjet:
    contenu_guide = None
if contenu_guide is None or not contenu_guide.sections:
    st.caption("Le contenu du guide n'est pas disponible sur ce serveur.")
else:
    projet_guide, _ = guide_du_brouillon(projet)
    st.download_button(
        "Télécharger le guide (.md)",
        data=guide_en_markdown(contenu_guide, projet_guide).encode("utf-8"),
        file_name=f"{nom_fichier}_guide.md",
        mime="text/markdown",
        key="exporter_guide_md",
    )

st.subheader("Bientôt")
st.write("La synthèse PDF pour le conseil d'administration et le classeur Excel.")
