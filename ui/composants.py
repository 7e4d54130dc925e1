"""Widgets shared by the pages; each owns its session-state keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from iae_model.projet import ErreurLigne, Projet
from iae_model.projet.brouillon import libelles_distincts
from ui import etat
from ui.formats import texte_brut
from ui.messages import texte_erreur


def afficher_erreurs(
    erreurs: Sequence[ErreurLigne], titre: str = "Le projet contient des erreurs", donnees: Any = None
) -> None:
    """French messages, one per field, in the user's words (« Ligne 2 « FSE+ », Fin : … » rather than
    `financements[1].fin`, with the rows named from `donnees`); their text may quote what the user typed,
    so it is escaped."""
    if not erreurs:
        return
    lignes = "\n".join(
        f"- {texte_brut(texte_erreur(e, donnees if isinstance(donnees, dict) else None))}" for e in erreurs
    )
    st.error(f"{texte_brut(titre)} :\n\n{lignes}", icon=":material/warning:")


def exiger_projet() -> Projet:
    """The valid project, or a message and a link to the home page (the page stops there)."""
    p = etat.projet()
    if p is None and etat.brouillon() is not None:
        afficher_erreurs(
            etat.erreurs(), "Le projet ouvert n'a pas encore de version valide à calculer", etat.brouillon()
        )
        st.page_link(
            "app_pages/ma_structure.py", label="Corriger les saisies dans Ma structure", icon=":material/edit:"
        )
        st.stop()
    if p is None:
        st.info(
            "Aucun projet ouvert : ouvrez un exemple, chargez un fichier ou créez une structure.",
            icon=":material/info:",
        )
        st.page_link("app_pages/accueil.py", label="Aller à l'accueil", icon=":material/home:")
        st.stop()
    if etat.erreurs():
        afficher_erreurs(
            etat.erreurs(),
            "Des saisies sont invalides : les résultats affichés sont ceux de la dernière version valide",
            etat.brouillon(),
        )
    return p


def selecteur_scenario(projet: Projet, cle: str, libelle: str = "Scénario") -> str:
    """Select the active scenario (shared by every page and kept in the URL).

    The widget follows the active scenario when another action changed it (a preset added, a copy):
    its state is set before it is drawn, and the user's own choice goes through `on_change`.
    """
    ids = [s.id for s in projet.scenarios]
    libelles = libelles_distincts((s.id, s.libelle) for s in projet.scenarios)
    actif = etat.scenario_actif() or ids[0]
    if st.session_state.get(cle) != actif:
        st.session_state[cle] = actif
    st.selectbox(
        libelle,
        ids,
        key=cle,
        format_func=lambda i: libelles.get(i, i),
        on_change=lambda: etat.choisir_scenario(st.session_state[cle]),
        placeholder="Choisissez",
    )
    return actif


def chiffres_cles(metriques: Sequence[tuple[str, str, str | None, str, str | None]], bordure: bool = True) -> None:
    """Key figures as cards that wrap onto several lines: (label, value, delta, delta colour, help) each.

    A row of `st.columns` shares the width equally, so five amounts at 1024 px were cut to « 185 … »; in a
    horizontal container each card keeps at least the width of its figure and the row wraps.
    """
    with st.container(horizontal=True, gap="small"):
        for libelle, valeur, delta, couleur, aide in metriques:
            st.metric(
                libelle,
                valeur,
                delta,
                delta_color=couleur,  # type: ignore[arg-type]
                border=bordure,
                help=aide,
            )
