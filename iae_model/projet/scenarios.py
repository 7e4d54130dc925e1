"""A scenario: its hypotheses, its chocs (what the State or a funder does) and leviers (how it answers).

Each choc and levier defines itself once in `chocs.py` and `leviers.py` (see `items.py`); the unions
below are the only lists of them, and every list of types (forms, exports, README) derives from them.
Years are calendar years; "from `annee`" means that year and every later one.
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field

from iae_model.projet.chocs import (
    ChocIndexationSocle,
    ChocPartModulee,
    ChocPriseEnChargeFormation,
    ChocSmic,
    ChocTauxOccupation,
    FinAideAuPoste,
    PerteActivite,
    PerteMarchesPublics,
    ReductionEtp,
    VariationFinancement,
)
from iae_model.projet.items import Item
from iae_model.projet.leviers import (
    AjustementEtp,
    AjustementPermanents,
    CroissanceActivite,
    DerogationAci,
    MarchePublic,
    Mutualisation,
    NouveauFinancement,
    NouvelleActivite,
    OuvertureConventionnement,
)
from iae_model.projet.types import Identifiant, Indexation, StatutFinancement, TauxAnnuel, Texte, TexteLong


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Choc = Annotated[
    ReductionEtp
    | ChocIndexationSocle
    | ChocPartModulee
    | VariationFinancement
    | ChocSmic
    | PerteActivite
    | PerteMarchesPublics
    | ChocTauxOccupation
    | ChocPriseEnChargeFormation
    | FinAideAuPoste,
    Field(discriminator="type"),
]

Levier = Annotated[
    NouvelleActivite
    | MarchePublic
    | Mutualisation
    | CroissanceActivite
    | DerogationAci
    | OuvertureConventionnement
    | NouveauFinancement
    | AjustementPermanents
    | AjustementEtp,
    Field(discriminator="type"),
]


def _classes(union: object) -> tuple[type[Item], ...]:
    return get_args(get_args(union)[0])


CLASSES_CHOCS: tuple[type[Item], ...] = _classes(Choc)
CLASSES_LEVIERS: tuple[type[Item], ...] = _classes(Levier)
MODELES: dict[str, type[Item]] = {c.code(): c for c in (*CLASSES_CHOCS, *CLASSES_LEVIERS)}
"""Every choc and levier class by its type code, chocs first, in the unions' order."""
TYPES_CHOCS: tuple[str, ...] = tuple(c.code() for c in CLASSES_CHOCS)
TYPES_LEVIERS: tuple[str, ...] = tuple(c.code() for c in CLASSES_LEVIERS)
NOMS_TYPES: dict[str, str] = {code: c.intitule for code, c in MODELES.items()}


class HypothesesScenario(_Modele):
    """A scenario may override any hypothesis of the project but the horizon (scenarios are compared)."""

    evolution_smic: TauxAnnuel | None = None
    indexation_socle: Indexation | None = None
    inflation_charges: TauxAnnuel | None = None
    evolution_chiffre_affaires: TauxAnnuel | None = None
    evolution_salaires_permanents: TauxAnnuel | None = None
    statuts_financements: Annotated[list[StatutFinancement], Field(max_length=3)] | None = None


CHOCS_MAX = 30
LEVIERS_MAX = 30
"""Chocs and leviers a scenario may hold: the richest example has 5; 30 leaves room for detailed work
while bounding what one scenario (and its chain of bases) costs the engine and the forms."""


class Scenario(_Modele):
    id: Identifiant
    libelle: Texte
    description: TexteLong = ""
    base: Identifiant | None = None
    hypotheses: HypothesesScenario | None = None
    chocs: Annotated[list[Choc], Field(max_length=CHOCS_MAX)] = []
    leviers: Annotated[list[Levier], Field(max_length=LEVIERS_MAX)] = []
