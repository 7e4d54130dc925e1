"""Write the charts' measuring font in `iae_model/exports/polices/graphiques/` (`python scripts/police_graphiques.py`).

vl-convert measures every label of a chart with the font named in its spec, and the PDF draws the text with
DejaVu Sans: the labels fit only if both use the same metrics. Measuring with the whole DejaVu Sans (6 000
glyphs, large kerning tables) costs vl-convert half as much time again as a font of the Latin scripts alone, so
the charts are measured with this subset of the same fonts: same glyphs, same advance widths and kerning,
renamed « DejaVu Sans Graphiques » as the DejaVu licence asks of a modified font (LICENCE-DejaVu.txt).
A character outside the subset is measured with a fallback font; the PDF still draws it with DejaVu Sans.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

POLICES = Path(__file__).resolve().parent.parent / "iae_model" / "exports" / "polices"
FAMILLE = "DejaVu Sans Graphiques"
PLAGES = (
    (0x0020, 0x017F),  # Latin, Latin-1 and Latin Extended-A (œ, Œ, Ÿ)
    (0x2000, 0x206F),  # general punctuation: U+202F, ’, —, …
    (0x20A0, 0x20CF),  # currency signs: €
    (0x2212, 0x2212),  # the minus sign of the charts' numbers
)


def ecrire(source: Path, cible: Path, gras: bool) -> None:
    options = subset.Options()
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    police = TTFont(source)
    sous_ensemble = subset.Subsetter(options)
    sous_ensemble.populate(unicodes=[u for debut, fin in PLAGES for u in range(debut, fin + 1)])
    sous_ensemble.subset(police)
    style = "Bold" if gras else "Book"
    noms = {
        1: FAMILLE,
        4: f"{FAMILLE} Bold" if gras else FAMILLE,
        6: FAMILLE.replace(" ", "") + ("-Bold" if gras else ""),
        16: FAMILLE,
        17: style,
    }
    for enregistrement in police["name"].names:
        if enregistrement.nameID in noms:
            enregistrement.string = noms[enregistrement.nameID]
    police.save(cible)


def main() -> None:
    dossier = POLICES / "graphiques"
    dossier.mkdir(exist_ok=True)
    ecrire(POLICES / "DejaVuSans.ttf", dossier / "DejaVuSansGraphiques.ttf", gras=False)
    ecrire(POLICES / "DejaVuSans-Bold.ttf", dossier / "DejaVuSansGraphiques-Bold.ttf", gras=True)


if __name__ == "__main__":
    main()
