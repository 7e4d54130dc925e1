"""Constrained field types shared by the project models (ranges are part of the file contract)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from iae_model.formats import ESPACE_UNITE, nombre_saisi

TypeConventionnement = Literal["ACI", "EI", "AI", "ETTI", "EITI"]
TYPES_CONVENTIONNEMENT: tuple[str, ...] = ("ACI", "EI", "AI", "ETTI", "EITI")

Financeur = Literal[
    "etat_autre", "departement", "region", "commune_epci", "fse", "fdi", "fondation_mecenat", "opco", "autre"
]
Payeur = Literal[
    "asp",
    "clients_publics",
    "clients_prives",
    "etat_autre",
    "departement",
    "region",
    "commune_epci",
    "fse",
    "fdi",
    "fondation_mecenat",
    "opco",
    "autre",
]
"""Who pays the structure: the ASP (aide au poste), its customers, or the funder of a subsidy."""
StatutFinancement = Literal["acquis", "probable", "a_rechercher"]
Fonction = Literal["encadrant_technique", "cip", "direction", "administratif", "autre"]
FormeJuridique = Literal["association", "societe", "autre"]
EffetCofinancementRsa = Literal["perte_seche", "postes_perdus", "etat_compense"]

MONTANT_MAX = 1_000_000_000.0
"""No SIAE handles a billion euros: larger numbers are typing errors, not data."""


def _nombre_ecrit_comme_tel(valeur: object) -> object:
    """A number must be written as a number: pydantic would read the text `"38.000"` as 38 and `true` as 1.

    Text in a number field is what a user typed and the app could not read (it keeps it so that nothing
    is lost): it must stay an error with a French message, never become a number in silence.
    """
    if isinstance(valeur, str | bool):
        texte = str(valeur).lower() if isinstance(valeur, bool) else valeur
        texte = texte if len(texte) <= 60 else texte[:57] + "..."
        raise PydanticCustomError("projet", "nombre attendu, reçu « {valeur} »", {"valeur": texte})
    return valeur


NombreEcrit = BeforeValidator(_nombre_ecrit_comme_tel)

Montant = Annotated[float, NombreEcrit, Field(ge=0, le=MONTANT_MAX)]
MontantSigne = Annotated[float, NombreEcrit, Field(ge=-MONTANT_MAX, le=MONTANT_MAX)]
Taux01 = Annotated[float, NombreEcrit, Field(ge=0, le=1)]
TAUX_OCCUPATION_MAX = 2.0
TauxOccupation = Annotated[float, NombreEcrit, Field(ge=0, le=TAUX_OCCUPATION_MAX)]
"""ETP réalisés / conventionnés: an AI or an ETTI often realises more hours than its annex funds."""
TauxBaisse = Annotated[float, NombreEcrit, Field(ge=-1, le=0)]
TauxVariation = Annotated[float, NombreEcrit, Field(ge=-1, le=10)]
TauxAnnuel = Annotated[float, NombreEcrit, Field(ge=-0.5, le=0.5)]
Annee = Annotated[int, NombreEcrit, Field(ge=2000, le=2100)]
Etp = Annotated[float, NombreEcrit, Field(ge=0, le=100_000)]
SalariesParEtp = Annotated[float, NombreEcrit, Field(ge=1, le=10)]
"""Employees paid in the year per ETP réalisé (part-time work, entries and exits during the year)."""
EtpDelta = Annotated[float, NombreEcrit, Field(ge=-100_000, le=100_000)]
Texte = Annotated[str, Field(min_length=1, max_length=200)]
TexteLong = Annotated[str, Field(max_length=5000)]
Identifiant = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]


def _indexation(valeur: object) -> str | float:
    """`smic`, `gel`, or a yearly rate: one field, three meanings, one French message."""
    if isinstance(valeur, str) and valeur.strip() in ("smic", "gel"):
        return valeur.strip()
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        if -0.5 <= float(valeur) <= 0.5:
            return float(valeur)
        raise PydanticCustomError("projet", "le taux d'indexation doit être compris entre -0,5 et 0,5")
    raise PydanticCustomError(
        "projet",
        "« smic », « gel » ou un taux annuel (par exemple 0.01) attendu, reçu « {valeur} »",
        {"valeur": valeur},
    )


def _salaire_horaire(valeur: object) -> str | float:
    if isinstance(valeur, str) and valeur.strip() == "smic":
        return "smic"
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        if 0 < float(valeur) <= 200:
            return float(valeur)
        raise PydanticCustomError("projet", "le salaire horaire brut doit être compris entre 0 et 200 €")
    raise PydanticCustomError(
        "projet", "« smic » ou un salaire horaire brut en euros attendu, reçu « {valeur} »", {"valeur": valeur}
    )


def _lire_part_modulee_max() -> tuple[float, str]:
    """The latest value of the dated parameter and the title of its first reference."""
    from iae_model.parametres import DOSSIER_PARAMETRES, lire_parametre

    chemin = DOSSIER_PARAMETRES / "aide_au_poste" / "part_modulee_max.yaml"
    parametre = lire_parametre("aide_au_poste.part_modulee_max", chemin.read_text(encoding="utf-8"), chemin.name)
    debut, valeur = parametre.derniere_valeur
    references = parametre.references_au(debut)
    return float(valeur if valeur is not None else 1.0), references[0].titre if references else ""


@lru_cache(maxsize=1)
def part_modulee_max() -> tuple[float, str]:
    """The legal maximum of the part modulée (share of the socle) and its source, read once per process.

    Parameters are data with their references (`iae_model/parametres/aide_au_poste/part_modulee_max.yaml`),
    not constants of the model; read lazily, so that importing the model reads no file.
    """
    return _lire_part_modulee_max()


def _pour_cent(taux: float) -> str:
    return f"{nombre_saisi(taux * 100)}{ESPACE_UNITE}%"


def _part_modulee(valeur: float) -> float:
    maximum, source = part_modulee_max()
    if valeur > maximum + 1e-12:
        message = f"la part modulée ne peut dépasser {_pour_cent(maximum)} du montant socle (reçu {_pour_cent(valeur)})"
        if source:
            message += f" ; source : {source}"
        raise PydanticCustomError("projet", "{message}", {"message": message})
    return valeur


@dataclass(frozen=True)
class MaximumParametre:
    """A maximum set by a dated parameter, read when asked: pydantic ignores it, the forms show it as the
    field's bound (the validator next to it enforces it)."""

    lire: Callable[[], float]

    @property
    def valeur(self) -> float:
        return self.lire()


PartModulee = Annotated[
    float,
    NombreEcrit,
    Field(ge=0),
    MaximumParametre(lambda: part_modulee_max()[0]),
    AfterValidator(_part_modulee),
]
"""A part modulée: from 0 to the parameter's maximum (10 % of the socle), wherever it is written."""

Indexation = Annotated[str | float, BeforeValidator(_indexation)]
SalaireHoraire = Annotated[str | float, BeforeValidator(_salaire_horaire)]
