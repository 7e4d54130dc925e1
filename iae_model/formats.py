"""French number formats (`12 345 €`, `4,5 %`) for the CLI, alerts, exports and the app's captions.

Same output as Babel's fr_FR locale (narrow no-break space U+202F between thousands, decimal
comma, no-break space U+00A0 before the unit), written by hand because alerts format thousands of
numbers per simulation and Babel costs ~40 µs a call.
"""

from __future__ import annotations

ESPACE_MILLIERS = "\u202f"
ESPACE_UNITE = "\u00a0"


def nombre(valeur: float, decimales: int = 0) -> str:
    """12345.6 -> '12 346'; -0.4 -> '0' (no negative zero)."""
    texte = f"{valeur:,.{decimales}f}"
    if texte.lstrip("-").strip("0.,") == "":
        texte = texte.lstrip("-")
    return texte.replace(",", ESPACE_MILLIERS).replace(".", ",")


def euros(valeur: float, decimales: int = 0) -> str:
    return f"{nombre(valeur, decimales)}{ESPACE_UNITE}€"


def pourcentage(valeur: float, decimales: int = 1) -> str:
    """0.045 -> '4,5 %'."""
    return f"{nombre(valeur * 100, decimales)}{ESPACE_UNITE}%"
