"""The accounts year by year as the Résultats page and the CLI print them (and the exports' key figures).

Each table is a selection of the lines of `iae_model.vocabulaire.LIGNES` (labels are the vocabulary's)
and each value is read by `valeur_de_ligne`: a line is named and read the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from iae_model.simulation.resultat import LIGNES_CHARGES, LIGNES_ETP, Annee, Comptes, valeur_de_ligne
from iae_model.vocabulaire import LIGNE, Ligne


def selection(*codes: tuple[str, str]) -> tuple[Ligne, ...]:
    return tuple(LIGNE[code] for code in codes)


_ETP = tuple(("etp", code) for code in LIGNES_ETP)
_AIDE = (("produits", "aide_au_poste"), ("produits", "aide_au_poste_etat"), ("produits", "aide_au_poste_departement"))
_CHARGES = tuple(("charges", code) for code in (*LIGNES_CHARGES, "total"))

TRESORERIE = (
    ("tresorerie", "tresorerie_debut"),
    ("tresorerie", "caf"),
    ("tresorerie", "investissements"),
    ("tresorerie", "subventions_investissement"),
    ("tresorerie", "emprunts_nouveaux"),
    ("tresorerie", "remboursements_emprunts"),
    ("tresorerie", "variation_bfr"),
    ("tresorerie", "tresorerie_fin"),
    ("tresorerie", "point_bas"),
)
PLAN_DE_TRESORERIE = selection(*TRESORERIE)
"""The year's cash plan, from the cash at 1 January to the cash at 31 December, and the lowest month-end."""

COMPTES = selection(
    *_ETP,
    *_AIDE,
    ("produits", "chiffre_affaires"),
    ("produits", "ca_marches_publics"),
    ("produits", "ca_prive"),
    ("produits", "subventions"),
    ("produits", "total"),
    *_CHARGES,
    ("resultat", "resultat"),
    *TRESORERIE,
)
"""The Résultats page's table of accounts."""

COMPTES_CLI = selection(
    *_ETP,
    *_AIDE,
    ("produits", "chiffre_affaires"),
    ("produits", "ca_marches_publics"),
    ("produits", "subventions"),
    ("produits", "total"),
    *_CHARGES,
    ("resultat", "resultat"),
    ("tresorerie", "tresorerie_fin"),
)
"""The CLI's table (`python -m iae_model simuler`), narrower."""

FACULTATIVES = frozenset(
    {
        "etp",
        "charges_financieres",
        "investissements",
        "subventions_investissement",
        "emprunts_nouveaux",
        "remboursements_emprunts",
    }
)
"""Lines (a category or a code) left out of a table when they are zero every year."""


def par_annee(
    annees: Sequence[Annee], lignes: Sequence[Ligne], conventionnement: str | None = None
) -> list[tuple[Ligne, list[float | None]]]:
    """Each line with its value for each year, for the whole structure or one conventionnement (None for a
    year without it). Treasury lines exist only for the whole structure; optional lines that are zero every
    year are left out."""
    tableau: list[tuple[Ligne, list[float | None]]] = []
    for ligne in lignes:
        if conventionnement is not None and ligne.categorie == "tresorerie":
            continue
        valeurs: list[float | None] = []
        for a in annees:
            source: Annee | Comptes | None = (
                a if conventionnement is None else a.par_conventionnement.get(conventionnement)
            )
            valeurs.append(None if source is None else valeur_de_ligne(source, ligne.categorie, ligne.code))
        if FACULTATIVES & {ligne.categorie, ligne.code} and not any(valeurs):
            continue
        tableau.append((ligne, valeurs))
    return tableau


def point_bas(annees: Sequence[Annee]) -> tuple[float, int, int]:
    """(amount, month 1–12, year) of the lowest month-end cash over the years (the first one when tied)."""
    a = min(annees, key=lambda x: x.tresorerie.point_bas)
    return a.tresorerie.point_bas, a.tresorerie.mois_point_bas, a.annee
