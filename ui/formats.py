"""French formats for the pages and a French locale for Altair charts (axes `35 000 €`, `4,5 %`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from iae_model.formats import euros, nombre, nombre_saisi, pourcentage
from iae_model.graphiques import locale
from iae_model.texte import echapper_markdown

__all__ = ["en_francais", "euros", "locale_altair", "message_en_pourcentage", "nombre", "pourcentage", "texte_brut"]


def texte_brut(texte: object) -> str:
    """User text made inert for Streamlit markdown: the project's one Markdown escaping (`iae_model.texte`).

    No emphasis, link, HTML, LaTeX or heading can come from it, and a bare address (`https://…`, `www.…`,
    `nom@domaine.fr`) is not turned into a clickable link; a line break is kept as a line break.
    """
    return echapper_markdown(texte)


def locale_altair() -> alt.Locale:
    """Put into each chart's config: Streamlit's own vega-embed honours the locale of the spec."""
    return locale()


_BORNE = re.compile(r"^(doit être [^\d−-]*?)(-?[\d\u202f,]+)( \(reçu )(-?[\d.e+-]+)\)$")


def message_en_pourcentage(message: str) -> str:
    """« doit être inférieur ou égal à 1 (reçu 7) » -> « doit être inférieur ou égal à 100 % (reçu 700 %) »."""
    m = _BORNE.match(message)
    if not m:
        return message
    try:
        borne = float(m.group(2).replace("\u202f", "").replace(",", "."))
        recu = float(m.group(4))
    except ValueError:
        return message
    return f"{m.group(1)}{nombre_saisi(borne * 100)} %{m.group(3)}{nombre_saisi(recu * 100)} %)"


def en_francais(
    tableau: pd.DataFrame, colonnes_euros: Sequence[str] = (), decimales: dict[str, int] | None = None
) -> Styler:
    """A table whose numbers are shown in French whatever the browser's locale, and still sort as numbers.

    `colonnes_euros` as `-91 971 €`; every other number column as `12 345,6` with the given decimals
    (0 by default). Streamlit draws a Styler's display values and sorts on the values underneath.
    """
    decimales = decimales or {}
    formats: dict[str, Any] = {}
    for colonne in tableau.columns:
        if tableau[colonne].dtype.kind not in "if":
            continue
        if colonne in colonnes_euros:
            formats[colonne] = lambda v: "—" if pd.isna(v) else euros(v)
        else:
            d = decimales.get(colonne, 0)
            formats[colonne] = lambda v, d=d: "—" if pd.isna(v) else nombre(v, d)
    return tableau.style.format(formats)
