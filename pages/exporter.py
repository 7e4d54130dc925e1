"""Exporter: the project file to reopen later or send to the facilitator (PDF and Excel will follow)."""

from __future__ import annotations

import re

import streamlit as st

from ui import etat
from ui.composants import exiger_projet

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

st.subheader("Bientôt")
st.write("La synthèse PDF pour le conseil d'administration, le classeur Excel et l'export du guide.")
