"""The example projects shipped in `scenarios/` (the State presets live in `scenarios/hypotheses_etat/`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from iae_model.projet import Projet, charger_projet

DOSSIER_EXEMPLES = Path(__file__).resolve().parent.parent / "scenarios"


@dataclass(frozen=True)
class Exemple:
    fichier: str
    nom: str
    types: tuple[str, ...]


@lru_cache(maxsize=1)
def lister_exemples() -> tuple[Exemple, ...]:
    exemples = []
    for chemin in sorted(DOSSIER_EXEMPLES.glob("*.yaml")):
        p = charger_projet(chemin)
        exemples.append(Exemple(chemin.name, p.structure.nom, tuple(p.types_conventionnements())))
    return tuple(exemples)


def charger_exemple(fichier: str) -> Projet:
    if fichier not in {e.fichier for e in lister_exemples()}:
        raise KeyError(fichier)
    return charger_projet(DOSSIER_EXEMPLES / fichier)
