"""A scenario: its hypotheses, its chocs (what the State or a funder does) and leviers (how it answers).

Each choc and levier defines itself once in `chocs.py` and `leviers.py` (see `items.py`); the unions
below are built from those classes, and every list of types (forms, exports, README) derives from them.
The classes are imported here by name only for the modules that name them.
Years are calendar years; "from `annee`" means that year and every later one.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import BaseModel, ConfigDict, Field

# importing chocs.py and leviers.py defines (registers) their classes; the names are re-exported for the
# modules that import them from here (a new class is imported from chocs.py or leviers.py instead)
from iae_model.projet.chocs import (  # noqa: F401
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
from iae_model.projet.items import Choc as BaseChoc
from iae_model.projet.items import Item
from iae_model.projet.items import Levier as BaseLevier
from iae_model.projet.leviers import (  # noqa: F401
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


CLASSES_CHOCS: tuple[type[Item], ...] = tuple(BaseChoc.__subclasses__())
CLASSES_LEVIERS: tuple[type[Item], ...] = tuple(BaseLevier.__subclasses__())
"""Every class defined in chocs.py and leviers.py, in their order there: defining a class registers it."""

Choc = Annotated[Union[CLASSES_CHOCS], Field(discriminator="type")]  # noqa: UP007 (built from a tuple)
Levier = Annotated[Union[CLASSES_LEVIERS], Field(discriminator="type")]  # noqa: UP007 (built from a tuple)

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
