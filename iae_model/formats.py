"""French number formats (`12 345 €`, `4,5 %`) for the CLI, exports and the app's captions."""

from __future__ import annotations

from babel.numbers import format_decimal

LOCALE = "fr_FR"


def nombre(valeur: float, decimales: int = 0) -> str:
    """12345.6 -> '12 346' (narrow no-break space as thousands separator, decimal comma)."""
    motif = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(valeur, format=motif, locale=LOCALE)


def euros(valeur: float, decimales: int = 0) -> str:
    return f"{nombre(valeur, decimales)}\u00a0€"


def pourcentage(valeur: float, decimales: int = 1) -> str:
    """0.045 -> '4,5 %'."""
    return f"{nombre(valeur * 100, decimales)}\u00a0%"
