"""State budget hypotheses that any project can import as a scenario (`scenarios/hypotheses_etat/`).

A preset is a scenario without a structure: national chocs (posts cut, socle frozen, FDI gone...)
with the sources of the figures they come from. Importing one adds a scenario stacked on the
project's reference scenario. Chocs dated before the project's reference year are left out: the
figures the user entered for that year already include them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iae_model.parametres import Reference
from iae_model.projet.fichier import (
    ErreurLigne,
    ErreurProjet,
    erreurs_pydantic,
    projet_depuis_donnees,
    projet_en_donnees,
)
from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import Choc, Levier
from iae_model.projet.types import Identifiant, Texte, TexteLong
from iae_model.yaml_sur import lire_yaml

DOSSIER_PRESETS = Path(__file__).resolve().parent.parent / "scenarios" / "hypotheses_etat"


class SourcePreset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: Texte
    href: Annotated[str, Field(pattern=r"^https?://")]


class Preset(BaseModel):
    """A State hypothesis: national chocs (and, rarely, leviers) with their sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Identifiant
    libelle: Texte
    description: TexteLong
    sources: list[SourcePreset] = Field(min_length=1)
    chocs: list[Choc] = []
    leviers: list[Levier] = []

    @property
    def references(self) -> tuple[Reference, ...]:
        return tuple(Reference(s.title, s.href) for s in self.sources)


@dataclass(frozen=True)
class PresetImporte:
    projet: Projet
    scenario_id: str
    chocs_ignores: int


@lru_cache(maxsize=1)
def charger_presets() -> tuple[Preset, ...]:
    """Every preset shipped with the project, in file-name order (validated strictly)."""
    presets = []
    for chemin in sorted(DOSSIER_PRESETS.glob("*.yaml")):
        try:
            presets.append(Preset.model_validate(lire_yaml(chemin.read_text(encoding="utf-8"))))
        except ValidationError as exc:
            raise ErreurProjet(
                [ErreurLigne(f"{chemin.name} {e.chemin}".strip(), e.message) for e in erreurs_pydantic(exc)]
            ) from None
    return tuple(presets)


def preset(identifiant: str) -> Preset:
    """A preset by its id (« etat_lfi_2026 ») or its file name without `.yaml` (« 2026_lfi »)."""
    fichiers = sorted(DOSSIER_PRESETS.glob("*.yaml"))  # charger_presets reads them in this order
    for chemin, p in zip(fichiers, charger_presets(), strict=True):
        if identifiant in (p.id, chemin.stem):
            return p
    raise KeyError(identifiant)


def noms_des_presets() -> list[str]:
    """The names a user types for the presets: their file names without `.yaml`."""
    return [chemin.stem for chemin in sorted(DOSSIER_PRESETS.glob("*.yaml"))]


def _identifiant_libre(projet: Projet, souhaite: str) -> str:
    pris = {s.id for s in projet.scenarios}
    if souhaite not in pris:
        return souhaite
    i = 2
    while f"{souhaite}_{i}" in pris:
        i += 1
    return f"{souhaite}_{i}"


def importer_preset(projet: Projet, p: Preset | str, base: str | None = "reference") -> PresetImporte:
    """The project with the preset added as a scenario stacked on `base` (if the project has it)."""
    p = preset(p) if isinstance(p, str) else p
    ref = projet.structure.annee_reference
    chocs = [c for c in p.chocs if c.annee >= ref]
    leviers = [lev for lev in p.leviers if lev.annee >= ref]
    ignores = len(p.chocs) + len(p.leviers) - len(chocs) - len(leviers)
    ids = {s.id for s in projet.scenarios}
    description = p.description
    if ignores:
        description += (
            f"\n\n{ignores} choc(s) antérieur(s) à l'année de référence {ref} non repris : "
            "les chiffres saisis pour cette année les intègrent déjà."
        )
    description += "\n\nSources : " + " ; ".join(f"{s.title} ({s.href})" for s in p.sources)
    scenario: dict[str, Any] = {
        "id": _identifiant_libre(projet, p.id),
        "libelle": p.libelle,
        "description": description[:5000],
    }
    if base is not None and base in ids:
        scenario["base"] = base
    if chocs:
        scenario["chocs"] = [c.model_dump(mode="json", exclude_unset=True) for c in chocs]
    if leviers:
        scenario["leviers"] = [lev.model_dump(mode="json", exclude_unset=True) for lev in leviers]
    donnees = projet_en_donnees(projet)
    donnees["scenarios"] = [*donnees["scenarios"], scenario]
    return PresetImporte(projet_depuis_donnees(donnees), scenario["id"], ignores)
