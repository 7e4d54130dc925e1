"""Operating subsidies, by funder, counted or not according to their status.

Formulas (period P of year Y):

Subventions  each financement of the project or `nouveau_financement` active in Y (début ≤ Y ≤ fin; a new
             one runs `duree` years from its year): montant × Π(1 + taux des variation_financement of its
             funder ≤ Y). Counted in the accounts when its status is among `statuts_financements`
             (acquis and probable by default), on its conventionnement or shared pro rata; otherwise
             shown apart as `subventions_non_retenues`.
A `variation_financement` of the département also changes the RSA share of the aide au poste (`postes`).
"""

from __future__ import annotations

from pydantic import BaseModel

from iae_model.projet.scenarios import NouveauFinancement, VariationFinancement
from iae_model.simulation.contexte import Contexte, Repartir, produit
from iae_model.simulation.periode import Periode

APPLIQUE: tuple[type[BaseModel], ...] = (NouveauFinancement, VariationFinancement)


def calculer(ctx: Contexte, periode: Periode, repartir: Repartir) -> float:
    """Add the counted subsidies to the accounts; returns the total of those not counted."""
    annee = periode.annee
    variations = [v for v in ctx.items(VariationFinancement) if v.annee <= annee]
    retenus = ctx.hyp.statuts_financements
    non_retenues = 0.0
    facteurs: dict[str, float] = {}  # per funder, computed once a period
    for financeur, montant, debut, fin, statut, conv in _financements(ctx):
        if debut <= annee and (fin is None or annee <= fin):
            facteur = facteurs.get(financeur)
            if facteur is None:
                facteur = facteurs[financeur] = produit(1 + v.taux for v in variations if v.financeur == financeur)
            montant = montant * facteur
            if statut not in retenus:
                non_retenues += montant
                continue
            repartir("subventions", montant, conv, "produits")
            repartir(financeur, montant, conv, "subventions_par_financeur")
    return non_retenues


def _financements(ctx: Contexte) -> list[tuple[str, float, int, int | None, str, str | None]]:
    """(financeur, montant, début, fin, statut, conventionnement) of the project's subsidies, then the new ones
    (listed once a scenario)."""
    trouves = ctx.memo.get(("financements",))
    if trouves is None:
        trouves = ctx.memo["financements",] = _lister_financements(ctx)
    return trouves  # type: ignore[return-value]


def _lister_financements(ctx: Contexte) -> list[tuple[str, float, int, int | None, str, str | None]]:
    projet = [(f.financeur, f.montant, f.debut, f.fin, f.statut, f.conventionnement) for f in ctx.projet.financements]
    return projet + [
        (n.financeur, n.montant, n.annee, n.annee + n.duree - 1 if n.duree else None, n.statut, n.conventionnement)
        for n in ctx.items(NouveauFinancement)
    ]
