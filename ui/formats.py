"""French formats for the pages and a French locale for Altair charts (axes `35 000 €`, `4,5 %`)."""

from __future__ import annotations

import re

import altair as alt

from iae_model.exports.graphiques import locale
from iae_model.formats import euros, nombre, pourcentage

__all__ = ["euros", "locale_altair", "nombre", "pourcentage", "texte_brut"]

_MARKDOWN = re.compile(r"([\\`*_\[\]<>$~|#])")


def texte_brut(texte: object) -> str:
    """User text made inert for Streamlit markdown (no emphasis, link, HTML or LaTeX can come from it)."""
    return _MARKDOWN.sub(r"\\\1", str(texte))


def locale_altair() -> alt.Locale:
    """Put into each chart's config: Streamlit's own vega-embed honours the locale of the spec."""
    return locale()
