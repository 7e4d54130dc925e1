"""The atelier's workbook: the room's figures per year, and one anonymous row per participant.

What a facilitator hands out or keeps after an atelier (issue 12). A participant is a number, its types, a
size band and its département. No breakdown of fewer than `EFFECTIF_MIN_PUBLIE` structures is shown: a type
with one or two structures reads « moins de 3 », a département is written only when at least three
participants share it, and a year's figures only when three structures cover it. The room's counts (how
many in deficit) are shown as they are: among three or more, a count names nobody. Participants are listed
by type and size, not in the order their files came in. Every amount is a number in euro format, never a
formula.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from iae_model.atelier import EFFECTIF_MIN_PUBLIE, TRANCHE_MAX, TRANCHES_ETP, TYPES, Participation, publiable
from iae_model.exports.xlsx import FORMAT_ANNEE, FORMAT_ETP, FORMAT_EUROS, Colonne, feuille, texte_xlsx

MOINS_DE = f"moins de {EFFECTIF_MIN_PUBLIE}"

INDICATEURS: tuple[tuple[str, str, str | None], ...] = (
    ("en_deficit", "Structures en déficit", None),
    ("tresorerie_negative", "Structures en trésorerie négative (un mois au moins)", None),
    ("etp_conventionnes", "ETP conventionnés", FORMAT_ETP),
    ("resultat_total", "Résultat total", FORMAT_EUROS),
)
"""The room's figures per year, in the order of the CLI's table."""


def compte_publie(n: int) -> int | str:
    """The size of a group as the room may see it: « moins de 3 » for one or two structures (zero names nobody)."""
    return n if n == 0 or publiable(n) else MOINS_DE


def _ordre(p: Participation) -> tuple[Any, ...]:
    rangs = [libelle for _, libelle in TRANCHES_ETP] + [TRANCHE_MAX]
    return tuple(TYPES.index(t) for t in p.types), rangs.index(p.tranche)


def ecrire_classeur_atelier(participations: Sequence[Participation], commun: dict[str, Any], hypothese: str) -> bytes:
    """The workbook: « Atelier » (who was there), « Par année » (the room's figures), « Participants »."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = texte_xlsx(f"Atelier — {commun['atelier']}")
    wb.properties.language = "fr-FR"
    n = commun["participants"]
    lignes: list[list[Any]] = [
        ["Atelier", texte_xlsx(commun["atelier"])],
        ["Hypothèse de l'État", texte_xlsx(hypothese)],
        ["Structures", compte_publie(n)],
    ]
    lignes += [[f"dont {t}", compte_publie(nombre)] for t, nombre in commun["par_type"].items()]
    feuille(wb, "Atelier", [("Quoi", None), ("Valeur", None)], lignes, longues={1: 60})

    colonnes: list[Colonne] = [("Année", FORMAT_ANNEE), ("Structures", None)]
    for _, libelle, format_ in INDICATEURS:
        colonnes += [(f"{libelle}, référence", format_), (f"{libelle}, hypothèse", format_)]
    par_annee = []
    for a in commun["annees"]:
        ligne: list[Any] = [a["annee"], compte_publie(a["participants"])]
        for cle, _, _ in INDICATEURS:
            for quand in ("reference", "hypothese"):
                v = a[cle][quand]
                # a count or a sum over one or two structures is their own figure
                ligne.append(v if publiable(a["participants"]) else MOINS_DE)
        par_annee.append(ligne)
    feuille(wb, "Par année", colonnes, par_annee, figer="B2")

    departements = Counter(p.departement for p in participations)
    annees = [a["annee"] for a in commun["annees"]]
    colonnes = [("Structure", None), ("Types", None), ("Taille", None), ("Département", None)]
    for annee in annees:
        colonnes += [
            (f"Résultat {annee}, référence", FORMAT_EUROS),
            (f"Résultat {annee}, hypothèse", FORMAT_EUROS),
            (f"Point bas {annee}, référence", FORMAT_EUROS),
            (f"Point bas {annee}, hypothèse", FORMAT_EUROS),
        ]
    rangs = []
    for i, p in enumerate(sorted(participations, key=_ordre), start=1):
        dept = p.departement if p.departement and publiable(departements[p.departement]) else "—"
        ligne = [f"Structure {i}", " + ".join(p.types), p.tranche, dept]
        par_an = {a.annee: a for a in p.annees}
        for annee in annees:
            a = par_an.get(annee)
            if a is None:
                ligne += [None] * 4
            else:
                ligne += [round(v, 2) for v in (*a.resultat, *a.point_bas)]
        rangs.append(ligne)
    feuille(wb, "Participants", colonnes, rangs, figer="B2")
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()
