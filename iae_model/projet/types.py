"""Constrained field types shared by the project models (ranges are part of the file contract)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

TypeConventionnement = Literal["ACI", "EI", "AI", "ETTI", "EITI"]
TYPES_CONVENTIONNEMENT: tuple[str, ...] = ("ACI", "EI", "AI", "ETTI", "EITI")

Financeur = Literal[
    "etat_autre", "departement", "region", "commune_epci", "fse", "fdi", "fondation_mecenat", "opco", "autre"
]
StatutFinancement = Literal["acquis", "probable", "a_rechercher"]
Fonction = Literal["encadrant_technique", "cip", "direction", "administratif", "autre"]
EffetCofinancementRsa = Literal["perte_seche", "postes_perdus", "etat_compense"]

MONTANT_MAX = 1_000_000_000.0
"""No SIAE handles a billion euros: larger numbers are typing errors, not data."""

Montant = Annotated[float, Field(ge=0, le=MONTANT_MAX)]
MontantSigne = Annotated[float, Field(ge=-MONTANT_MAX, le=MONTANT_MAX)]
Taux01 = Annotated[float, Field(ge=0, le=1)]
TauxOccupation = Annotated[float, Field(ge=0, le=2)]
"""ETP réalisés / conventionnés: an AI or an ETTI often realises more hours than its annex funds."""
TauxBaisse = Annotated[float, Field(ge=-1, le=0)]
TauxVariation = Annotated[float, Field(ge=-1, le=10)]
TauxAnnuel = Annotated[float, Field(ge=-0.5, le=0.5)]
Annee = Annotated[int, Field(ge=2000, le=2100)]
Etp = Annotated[float, Field(ge=0, le=100_000)]
EtpDelta = Annotated[float, Field(ge=-100_000, le=100_000)]
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


Indexation = Annotated[str | float, BeforeValidator(_indexation)]
SalaireHoraire = Annotated[str | float, BeforeValidator(_salaire_horaire)]
