"""Widgets shared by the pages; each owns its session-state keys."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from iae_model.projet import ErreurLigne, Projet
from ui import etat


def afficher_erreurs(erreurs: Sequence[ErreurLigne], titre: str = "Le projet contient des erreurs") -> None:
    """French messages, one per field (rendered as text: user data is never HTML)."""
    if not erreurs:
        return
    lignes = "\n".join(f"- {e}" for e in erreurs)
    st.error(f"{titre} :\n\n{lignes}", icon=":material/warning:")


def exiger_projet() -> Projet:
    """The valid project, or a message and a link to the home page (the page stops there)."""
    p = etat.projet()
    if p is None:
        st.info("Aucun projet ouvert : ouvrez un exemple, chargez un fichier ou créez une structure.", icon=":material/info:")
        st.page_link("pages/accueil.py", label="Aller à l'accueil", icon=":material/home:")
        st.stop()
    if etat.erreurs():
        afficher_erreurs(
            etat.erreurs(),
            "Des saisies sont invalides : les résultats affichés sont ceux de la dernière version valide",
        )
    return p


def selecteur_scenario(projet: Projet, cle: str, libelle: str = "Scénario") -> str:
    """Select the active scenario (shared by every page and kept in the URL)."""
    ids = [s.id for s in projet.scenarios]
    libelles = {s.id: s.libelle for s in projet.scenarios}
    actif = etat.scenario_actif() or ids[0]
    choisi = st.selectbox(libelle, ids, index=ids.index(actif), key=cle, format_func=lambda i: f"{libelles[i]} ({i})")
    if choisi != st.session_state.get(etat.CLE_SCENARIO):
        etat.choisir_scenario(choisi)
    return choisi
