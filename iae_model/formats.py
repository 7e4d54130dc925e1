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
    if texte[0] == "-" and texte.lstrip("-").strip("0.,") == "":
        texte = texte.lstrip("-")
    return texte.translate(_EN_FRANCAIS)


_EN_FRANCAIS = str.maketrans({",": ESPACE_MILLIERS, ".": ","})
"""Thousands separator and decimal point at once (alerts format many numbers a simulation)."""


def euros(valeur: float, decimales: int = 0) -> str:
    return f"{nombre(valeur, decimales)}{ESPACE_UNITE}€"


def pourcentage(valeur: float, decimales: int = 1) -> str:
    """0.045 -> '4,5 %'."""
    return f"{nombre(valeur * 100, decimales)}{ESPACE_UNITE}%"


class NombreIllisible(ValueError):
    """The text is not a number in French or international notation; the message says why, in French."""


_ESPACES = (" ", "\u00a0", "\u202f", "\u2009", "\u2007", "'", "’")
_MOINS = ("\u2212", "\u2013", "\u2012")


def lire_nombre(texte: str) -> float:
    """'1,5' -> 1.5; '38 000 €' -> 38000; '4,5 %' -> 4.5; '−91 971' -> -91971; '1.5' -> 1.5.

    Accepts French input (decimal comma, spaces of any kind between thousands, a trailing € or %,
    the typographic minus), the decimal point, and `1e3`. Refuses what could be read two ways
    (`38.000`: 38 or 38 000?) and anything else, with a French message that quotes the text.
    The unit sign is only dropped: whether the number is a percentage is the field's business.
    """
    brut = texte.strip()
    t = brut
    for signe in ("€", "%", "EUR", "eur"):
        if t.endswith(signe):
            t = t[: -len(signe)].strip()
            break
    for espace in _ESPACES:
        t = t.replace(espace, "")
    for moins in _MOINS:
        t = t.replace(moins, "-")
    if t.startswith("+"):
        t = t[1:]
    if not t:
        raise NombreIllisible(f"« {brut} » n'est pas un nombre")
    if "," in t and "." in t:
        raise NombreIllisible(f"« {brut} » : utilisez la virgule pour les décimales et des espaces pour les milliers")
    if t.count(",") > 1 or t.count(".") > 1:
        raise NombreIllisible(f"« {brut} » : une seule virgule décimale est permise (les milliers s'écrivent 38 000)")
    entier, _, decimales = t.replace(",", ".").partition(".")
    if "." in t and len(decimales) == 3 and entier.lstrip("-").isdigit() and entier.lstrip("-") != "0":
        raise NombreIllisible(
            f"« {brut} » est ambigu : écrivez {entier} {decimales} pour des milliers ou {entier},{decimales} pour "
            "des décimales"
        )
    t = t.replace(",", ".")
    if not all(c.isdigit() or c in "-.eE+" for c in t) or not any(c.isdigit() for c in t):
        raise NombreIllisible(f"« {brut} » n'est pas un nombre")
    try:
        valeur = float(t)
    except ValueError:
        raise NombreIllisible(f"« {brut} » n'est pas un nombre") from None
    if valeur != valeur or valeur in (float("inf"), float("-inf")):
        raise NombreIllisible(f"« {brut} » n'est pas un nombre fini")
    return valeur


def nombre_saisi(valeur: float, decimales_max: int = 4) -> str:
    """The French text an input field shows for a number: 2 -> '2', 1.5 -> '1,5', 235000 -> '235 000'.

    As many decimals as the value needs (at most `decimales_max`); huge values in exponent form.
    """
    if abs(valeur) >= 1e15:
        return f"{valeur:.6g}".replace(".", ",")
    for d in range(decimales_max + 1):
        if abs(valeur * 10**d - round(valeur * 10**d)) < 1e-9 * max(1.0, abs(valeur) * 10**d):
            return nombre(valeur, d)
    return nombre(valeur, decimales_max)
