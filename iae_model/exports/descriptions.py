"""Small French helpers of the exports. Words are `iae_model.vocabulaire`'s, sentences
`iae_model.phrases`', and each choc or levier names and explains itself (its class's `intitule`,
`modelise` and `titre()`), exactly as the app and the bridge show it.
"""

from __future__ import annotations

from typing import Any

from iae_model.formats import euros
from iae_model.projet.scenarios import MODELES
from iae_model.sources import unite  # noqa: F401 (the exporters' d.unite)


def nature_item(item: Any) -> str:
    return item.nature.capitalize()


def decrire_item(item: Any) -> str:
    """The choc or levier with its figures and year, as the Résultats page's bridge names it."""
    return item.titre()


def intitule(type_: str) -> str:
    return MODELES[type_].intitule if type_ in MODELES else type_


def sens_type(type_: str) -> str:
    """What a type of choc or levier models, for a board (the class's `modelise`)."""
    return MODELES[type_].modelise if type_ in MODELES else ""


def montant(valeur: float) -> str:
    return euros(valeur)


def duree_financement(debut: int, fin: int | None) -> str:
    if fin is None:
        return f"depuis {debut}"
    return f"en {debut}" if fin == debut else f"{debut}–{fin}"
