"""The atelier's livret (PDF): what the room looks like under the State's hypothesis, with no one in it.

One or two pages a facilitator prints or sends after the atelier (issue 12): who was there (by type, groups
of fewer than three said « moins de 3 »), the hypothesis, then year by year how many structures are in
deficit and how many run out of cash at a month's end, without and with the hypothesis, with the ETP
conventionnés and the results added up, in a table and two charts. No structure's own figure is in it; a
room of fewer than three structures gets the reason instead of figures. Same fonts, layout and chart
converter as the board's synthesis (`pdf.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from iae_model import graphiques as g
from iae_model.atelier import EFFECTIF_MIN_PUBLIE, publiable
from iae_model.exports.atelier_xlsx import INDICATEURS, compte_publie
from iae_model.exports.pdf import GRIS, LARGEUR_UTILE, MARGE, Document, graphique_svg
from iae_model.formats import euros, nombre

LARGEUR_GRAPHIQUE_LIVRET_PX = 640
"""A chart across the page: narrower than the synthesis' bridge (1 000 px), so that its text prints larger."""

PRECAUTION = (
    "Aucun chiffre propre à une structure ne figure dans ce livret : les comptes et les sommes portent sur "
    f"l'ensemble de la salle, et aucun groupe de moins de {EFFECTIF_MIN_PUBLIE} structures n'est détaillé."
)


def _types(par_type: dict[str, int]) -> str:
    """« 3 ACI, 4 EI et moins de 3 de chaque autre type (AI, ETTI) »: a type's count only from 3 structures."""
    nombres = [f"{k} {t}" for t, k in par_type.items() if publiable(k)]
    petits = [t for t, k in par_type.items() if not publiable(k)]
    if petits:
        reste = f"moins de {EFFECTIF_MIN_PUBLIE} " + (
            f"{petits[0]}" if len(petits) == 1 else f"de chaque type : {', '.join(petits)}"
        )
        nombres.append(reste)
    return ", ".join(nombres[:-1]) + (" et " if len(nombres) > 1 else "") + nombres[-1]


def _cellule(cle: str, valeur: float) -> str:
    if cle == "resultat_total":
        return euros(valeur)
    return nombre(valeur, 1 if cle == "etp_conventionnes" else 0)


def ecrire_livret(commun: dict[str, Any], hypothese: str, date: dt.date | None = None) -> bytes:
    """The livret of an atelier pooled by `atelier.mettre_en_commun` under the hypothesis named `hypothese`."""
    date = date or dt.date.today()
    pdf = Document(f"Livret — {commun['atelier'][:60]} — {date:%d/%m/%Y}")
    pdf.set_title(f"Livret de l'atelier — {commun['atelier']}")
    pdf.set_lang("fr-FR")
    pdf.add_page()
    pdf.section(f"Livret de l'atelier : {commun['atelier']}")
    n = commun["participants"]
    pdf.texte(f"{compte_publie(n)} structures ({_types(commun['par_type'])}), {date:%d/%m/%Y}.", 10)
    pdf.texte(
        f"Hypothèse de l'État : « {hypothese} », ajoutée sur le scénario de référence de chaque structure et "
        "simulée sur ses propres chiffres.",
        10,
    )
    pdf.texte(PRECAUTION, 8, GRIS)
    if not publiable(n):
        pdf.section("Chiffres de la salle")
        pdf.texte(
            f"Moins de {EFFECTIF_MIN_PUBLIE} structures : leurs chiffres permettraient de les reconnaître, ce "
            "livret ne les montre pas.",
            10,
        )
        return bytes(pdf.output())
    annees = [a for a in commun["annees"] if publiable(a["participants"])]
    pdf.section("Chiffres de la salle, année par année")
    largeur_annee = min(22.0, (LARGEUR_UTILE - 70) / max(1, len(annees)))
    entetes = ["", *(str(a["annee"]) for a in annees)]
    lignes = [["Structures", *(str(a["participants"]) for a in annees)]]
    for cle, libelle, _ in INDICATEURS:
        for quand, cas in (("reference", "sans l'hypothèse"), ("hypothese", "avec l'hypothèse")):
            lignes.append([f"{libelle}, {cas}", *(_cellule(cle, a[cle][quand]) for a in annees)])
    pdf.tableau(
        entetes,
        lignes,
        [LARGEUR_UTILE - largeur_annee * len(annees), *[largeur_annee] * len(annees)],
        ["LEFT", *["RIGHT"] * len(annees)],
        taille=8,
    )
    pdf.texte(
        "Trésorerie négative : la trésorerie passe sous zéro à une fin de mois au moins dans l'année. Une année "
        f"que moins de {EFFECTIF_MIN_PUBLIE} structures couvrent (horizons différents) n'est pas montrée.",
        8,
        GRIS,
    )
    public = {**commun, "annees": annees}
    for cle, titre in _GRAPHIQUES:
        graphique = graphique_svg(g.graphique_atelier(public, cle, titre, hauteur=170), LARGEUR_GRAPHIQUE_LIVRET_PX)
        hauteur = graphique.hauteur_mm(LARGEUR_UTILE)
        pdf.place(hauteur + 4)
        pdf.ln(2)
        pdf.graphique(graphique, MARGE, LARGEUR_UTILE)
        pdf.set_y(pdf.get_y() + hauteur + 2)
    return bytes(pdf.output())


_GRAPHIQUES: Sequence[tuple[str, str]] = (
    ("en_deficit", "Structures en déficit"),
    ("tresorerie_negative", "Structures dont la trésorerie passe sous zéro"),
)
