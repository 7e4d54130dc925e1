"""The documents written from the code and the data (never by hand).

`python -m iae_model.documentation` rewrites the part of README.md between the markers
`<!-- chocs et leviers : début -->` and `<!-- chocs et leviers : fin -->` (the tables of chocs and
leviers, from their classes), and `docs/sources.md` (the project's sources, from the guide's documents,
the parameters' references and the State hypotheses' sources: `iae_model.sources_publiques`). A test
fails when either is not what this module writes, so a new choc or a new source cannot be forgotten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iae_model.projet.items import Item
from iae_model.projet.scenarios import CLASSES_CHOCS, CLASSES_LEVIERS
from iae_model.sources_publiques import sources_en_markdown

DEBUT = "<!-- chocs et leviers : début (écrit par python -m iae_model.documentation) -->"
FIN = "<!-- chocs et leviers : fin -->"
README = Path(__file__).resolve().parent.parent / "README.md"
SOURCES = Path(__file__).resolve().parent.parent / "docs" / "sources.md"


def _cellule(texte: str) -> str:
    return texte.replace("|", "\\|").replace("\n", " ")


def _table(classes: tuple[type[Item], ...]) -> list[str]:
    lignes = ["| Type | Ce que cela modélise | Formule |", "|---|---|---|"]
    for c in classes:
        lignes.append(f"| `{c.code()}` : {_cellule(c.intitule)} | {_cellule(c.modelise)} | {_cellule(c.formule)} |")
    return lignes


def tables_des_items() -> str:
    """The two Markdown tables, chocs then leviers, as the README shows them."""
    return "\n".join(
        [
            "### Chocs (ce que subit la structure)",
            "",
            "Tous s'appliquent à partir de leur `annee` (et les années suivantes) ; un scénario qui a une `base`",
            "cumule les chocs et leviers de toute sa chaîne.",
            "",
            *_table(CLASSES_CHOCS),
            "",
            "### Leviers (ce que décide la structure)",
            "",
            *_table(CLASSES_LEVIERS),
        ]
    )


def readme_a_jour(texte: str) -> str:
    """`texte` with the block between the markers replaced by the tables written from the classes."""
    avant, reste = texte.split(DEBUT, 1)
    _, apres = reste.split(FIN, 1)
    return f"{avant}{DEBUT}\n\n{tables_des_items()}\n\n{FIN}{apres}"


def _ecrire(chemin: Path, nouveau: str, quoi: str) -> None:
    ancien = chemin.read_text(encoding="utf-8") if chemin.exists() else None
    if nouveau != ancien:
        chemin.write_text(nouveau, encoding="utf-8")
        print(f"{chemin.name} : {quoi} réécrit(es).")
    else:
        print(f"{chemin.name} : {quoi} déjà à jour.")


def main() -> int:
    _ecrire(README, readme_a_jour(README.read_text(encoding="utf-8")), "tables des chocs et leviers")
    _ecrire(SOURCES, sources_en_markdown(), "liste des sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
