"""French formats for the pages and a French locale for Altair charts (axes `35 000 €`, `4,5 %`)."""

from __future__ import annotations

import re

import altair as alt

from iae_model.formats import ESPACE_MILLIERS, ESPACE_UNITE, euros, nombre, pourcentage

__all__ = ["euros", "locale_altair", "nombre", "pourcentage", "texte_brut"]

_MARKDOWN = re.compile(r"([\\`*_\[\]<>$~|#])")


def texte_brut(texte: object) -> str:
    """User text made inert for Streamlit markdown (no emphasis, link, HTML or LaTeX can come from it)."""
    return _MARKDOWN.sub(r"\\\1", str(texte))


def locale_altair() -> alt.Locale:
    """Put into each chart's config: Streamlit's own vega-embed honours the locale of the spec."""
    return alt.Locale(
        number=alt.NumberLocale(
            decimal=",",
            thousands=ESPACE_MILLIERS,
            grouping=[3],
            currency=["", f"{ESPACE_UNITE}€"],
            percent=f"{ESPACE_UNITE}%",
        ),
        time=alt.TimeLocale(
            dateTime="%A %e %B %Y à %X",
            date="%d/%m/%Y",
            time="%H:%M:%S",
            periods=["AM", "PM"],
            days=["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            shortDays=["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            months=[
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            shortMonths=[
                "janv.",
                "févr.",
                "mars",
                "avr.",
                "mai",
                "juin",
                "juil.",
                "août",
                "sept.",
                "oct.",
                "nov.",
                "déc.",
            ],
        ),
    )
