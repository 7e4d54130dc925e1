"""Structure costs: permanent staff, fixed costs, training, depreciation and investments.

Formulas (period P of year Y, n = Y − année de référence, g = evolution_salaires_permanents, or the
inflation when not set):

Permanents      Σ ETP × coût chargé × (1 + g)^n per (fonction, conventionnement), plus each
                `ajustement_permanents` ≤ Y: ETP × coût (entered, or the mean cost per ETP of the function
                in the project) × (1 + g)^(Y − its year); a group never goes below 0
Fonctionnement  max(0, fixed costs × (1 + inflation)^n − Σ mutualisation savings × (1 + inflation)^(Y − its
                year) + set-up costs in their year) + new activities' fixed costs × (1 + inflation)^(Y − their year)
Formation       montant × (1 + inflation)^n × (1 − prise en charge OPCO / PIC IAE, the latest choc ≤ Y)
Amortissements  existing allowances + each new activity's investissement / duree_amortissement for that
                many years from its year
Quote-part      (a product, `quote_part_subventions`) the opening balance sheet's yearly quote-part of investment
                subsidies, plus each new activity's subvention_investissement / duree_amortissement for that
                many years
Cash            investissement and subvention_investissement of a new activity go to the cash plan (`tresorerie`)
Items without a conventionnement are shared pro rata the ETP réalisés (`contexte.repartition`).
"""

from __future__ import annotations

from pydantic import BaseModel

from iae_model.projet.scenarios import AjustementPermanents, ChocPriseEnChargeFormation, Mutualisation, NouvelleActivite
from iae_model.simulation.contexte import Contexte, Repartir, dernier
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Comptes

APPLIQUE: tuple[type[BaseModel], ...] = (
    AjustementPermanents,
    Mutualisation,
    ChocPriseEnChargeFormation,
    NouvelleActivite,
)


def calculer(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], repartir: Repartir) -> tuple[float, float]:
    """Add the structure's costs to the accounts; returns the period's investments and investment subsidies."""
    permanents(ctx, periode, repartir)
    fonctionnement_et_formation(ctx, periode, repartir)
    repartir("amortissements", ctx.projet.charges.amortissements)
    repartir("quote_part_subventions", ctx.projet.tresorerie.bilan.quote_part_subventions, None, "produits")
    return nouvelles_activites(ctx, periode, comptes, repartir)


def permanents(ctx: Contexte, periode: Periode, repartir: Repartir) -> None:
    hyp = ctx.hyp
    annee = periode.annee
    g_perm = hyp.evolution_salaires_permanents
    g_perm = hyp.inflation_charges if g_perm is None else g_perm
    evolution = (1 + g_perm) ** (annee - ctx.ref)
    groupes: dict[tuple[str, str | None], float] = {}
    for perm in ctx.projet.charges.permanents:
        cle = (perm.fonction, perm.conventionnement)
        groupes[cle] = groupes.get(cle, 0.0) + perm.etp * perm.cout_annuel_charge * evolution
    for aj in ctx.items(AjustementPermanents):
        if aj.annee <= annee:
            cle = (aj.fonction, aj.conventionnement)
            cout = aj.cout_annuel_charge if aj.cout_annuel_charge is not None else _cout_moyen(ctx, aj.fonction)
            groupes[cle] = groupes.get(cle, 0.0) + aj.etp * cout * (1 + g_perm) ** (annee - aj.annee)
    for (_, conv), montant in groupes.items():
        repartir("permanents", max(0.0, montant), conv)


def _cout_moyen(ctx: Contexte, fonction: str) -> float:
    perms = [p for p in ctx.projet.charges.permanents if p.fonction == fonction and p.etp > 0]
    etp = sum(p.etp for p in perms)
    return sum(p.etp * p.cout_annuel_charge for p in perms) / etp if etp else 0.0


def fonctionnement_et_formation(ctx: Contexte, periode: Periode, repartir: Repartir) -> None:
    """The structure's fixed costs (less pooling savings) and training net of its funding, shared pro rata."""
    annee = periode.annee
    inflation = ctx.hyp.inflation_charges
    infl = (1 + inflation) ** (annee - ctx.ref)
    ch = ctx.projet.charges
    fonctionnement = ch.fonctionnement_fixe * infl
    for mu in ctx.items(Mutualisation):
        if mu.annee <= annee:
            fonctionnement -= mu.economie_charges_fixes * (1 + inflation) ** (annee - mu.annee)
        if mu.annee == annee:
            fonctionnement += mu.cout_mise_en_place
    repartir("fonctionnement", max(0.0, fonctionnement))
    pec = float(dernier(ctx.items(ChocPriseEnChargeFormation), annee, ch.formation.prise_en_charge))
    repartir("formation", ch.formation.montant * infl * (1 - pec))


def nouvelles_activites(
    ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], repartir: Repartir
) -> tuple[float, float]:
    """New activities' fixed costs and depreciation; returns the period's investments and their subsidies."""
    annee = periode.annee
    investissements = 0.0
    subventions = 0.0
    inflation = ctx.hyp.inflation_charges
    for na in ctx.items(NouvelleActivite):
        if na.annee <= annee and na.conventionnement in comptes:
            fixes = na.charges_fixes * (1 + inflation) ** (annee - na.annee)
            repartir("fonctionnement", fixes, na.conventionnement)
            if annee < na.annee + na.duree_amortissement:
                repartir("amortissements", na.investissement / na.duree_amortissement, na.conventionnement)
                quote_part = na.subvention_investissement / na.duree_amortissement
                repartir("quote_part_subventions", quote_part, na.conventionnement, "produits")
        if na.annee == annee:
            investissements += na.investissement
            subventions += na.subvention_investissement
    return investissements, subventions
