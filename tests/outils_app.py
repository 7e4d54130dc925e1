"""Helpers shared by the AppTest tests of the pages."""

from __future__ import annotations

from typing import Any


def ouvrir_onglet(at: Any, cle: str, nom: str) -> Any:
    """Open a lazy tab of a page (only the open tab runs: its widgets are the only ones that exist)."""
    if cle not in at.session_state or at.session_state[cle] != nom:
        at.session_state[cle] = nom
        at.run()
        assert not at.exception, at.exception
    return at


def creer_vierge(at: Any, type_: str = "ACI", etp: str = "10", annee: str = "2025", nom: str = "") -> Any:
    """Accueil, tab « Une structure vierge »: the few figures that matter, then the button (not run when a
    project is open: the confirmation comes first)."""
    at.selectbox(key="accueil_vierge_type").set_value(type_)
    at.text_input(key="accueil_vierge_etp").set_value(etp)
    at.text_input(key="accueil_vierge_annee").set_value(annee)
    if nom:
        at.text_input(key="accueil_vierge_nom").set_value(nom)
    at.run()
    assert not at.exception, at.exception
    return at.button(key="accueil_vierge").click().run()
