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
