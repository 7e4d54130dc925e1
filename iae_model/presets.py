"""State budget hypotheses that any project can import as a scenario (`scenarios/hypotheses_etat/`).

A preset is a scenario without a structure: national chocs (posts cut, socle frozen, FDI gone...)
with the sources of the figures they come from. Importing one adds a scenario stacked on the
project's reference scenario (the Scénarios page's button and `simuler --hypothese` alike).

A decision dated in or before the project's reference year is never applied twice (`reprise`): what each
kind of item becomes is said by its class (`Item.avant_la_reference`):
* `chiffres_saisis` (ETP cut, a funder's cut, part modulée, occupation, training, leviers): left out, the
  figures entered for the reference year are those after the decision;
* `montants_officiels` (SMIC rise, socle of one type): left out, the dated official amounts of that year and
  before hold what was decided;
* `regime` (the socle's indexation, the end of the aid): a rule that is still in force, kept, and dated the
  reference year when it was earlier.
The scenario's description and the importer's `notes` say to the user what was left out or shifted, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from iae_model.projet.items import Item
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


RAISONS: dict[str, str] = {
    "chiffres_saisis": "non repris : les chiffres saisis pour {ref} l'intègrent déjà",
    "montants_officiels": (
        "non repris : les montants officiels datés de {ref} et avant (SMIC, montant socle) l'intègrent déjà"
    ),
    "regime": "repris à partir de {ref} : la règle reste en vigueur",
}
"""What the user is told about an item of a preset dated in or before the reference year, by its kind."""


@dataclass(frozen=True)
class Reprise:
    """What a preset's item becomes in a project: the item added (None: left out) and why, if it changed."""

    item: Item | None
    note: str | None


def reprise(item: Item, annee_reference: int) -> Reprise:
    """The item as added to a project whose figures are those of `annee_reference` (see the module's rule)."""
    annee = getattr(item, "annee", annee_reference + 1)
    if annee > annee_reference or (annee == annee_reference and item.avant_la_reference == "regime"):
        return Reprise(item, None)
    note = RAISONS[item.avant_la_reference].format(ref=annee_reference)
    if item.avant_la_reference == "regime":
        return Reprise(item.model_copy(update={"annee": annee_reference}), note)
    return Reprise(None, note)


@dataclass(frozen=True)
class PresetImporte:
    projet: Projet
    scenario_id: str
    notes: tuple[str, ...] = ()
    """One sentence per item left out or shifted: « titre » and why."""
    chocs_ignores: int = 0
    """How many of the preset's items were left out."""


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


def deja_ajoute(p: Preset, scenarios: Sequence[Any]) -> list[dict[str, Any]]:
    """The scenarios of a project (as plain data, a draft's) that are this State hypothesis: they bear its
    libellé. The page offers a hypothesis once; a second version is a copy (« Dupliquer »)."""
    return [s for s in scenarios if isinstance(s, dict) and s.get("libelle") == p.libelle]


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
    reprises = [(x, reprise(x, ref)) for x in (*p.chocs, *p.leviers)]
    gardes = [r.item for _, r in reprises]
    chocs = [x for x in gardes[: len(p.chocs)] if x is not None]
    leviers = [x for x in gardes[len(p.chocs) :] if x is not None]
    notes = tuple(f"« {x.titre()} » {r.note}." for x, r in reprises if r.note)
    ignores = sum(1 for _, r in reprises if r.item is None)
    ids = {s.id for s in projet.scenarios}
    description = p.description
    if notes:
        description += f"\n\nPour ce projet (chiffres saisis de {ref}) :\n" + "\n".join(f"- {n}" for n in notes)
    if not chocs and not leviers:
        description += "\n\nAucun choc n'est repris : ce scénario donne les mêmes chiffres que sa base."
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
    return PresetImporte(projet_depuis_donnees(donnees), scenario["id"], notes, ignores)
