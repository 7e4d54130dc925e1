"""Structure costs: permanent staff, fixed costs, training, depreciation and investments.

Formulas (period P of year Y, n = Y − année de référence, g = evolution_salaires_permanents, or the
inflation when not set):

Permanents      Σ ETP × coût chargé × (1 + g)^n per (fonction, conventionnement), plus each
                `ajustement_permanents` ≤ Y: ETP × coût (entered, or the mean cost per ETP of the function
                in the project) × (1 + g)^(Y − its year); a group never goes below 0
Fonctionnement  max(0, fixed costs × (1 + inflation)^n − Σ mutualisation savings × (1 + inflation)^(Y − its
                year) + set-up costs in their year) + new activities' fixed costs × (1 + inflation)^(Y − their year)
Formation       montant × (1 + inflation)^n × (1 − prise en charge OPCO / PIC IAE, the latest choc ≤ Y)
Impôts, taxes   taxe sur les salaires when the structure is subject to it (`assujettie_taxe_sur_salaires`, by
                default an association whose conventionnements are all ACI or AI):
                max(0, Σ per head of barème(gross per head) − abattement if an association), the scale per
                employee and year barème(b) = 4,25 % × min(b, s1) + 8,50 % × (min(b, s2) − s1)⁺ + 13,60 % × (b − s2)⁺;
                insertion: heads = ETP réalisés × salariés par ETP (the conventionnement's, else 1), gross per
                head = postes.brut_insertion / heads; permanents: one head per ETP, gross per ETP = the b with
                b × (1 + employer rate at b / (SMIC × 1 820 h)) = loaded cost per ETP of the group (the
                reduction's formula, postes.py). One head per ETP overstates the tax when many work part-time.
Garantie ETTI   fonctionnement of an ETTI += commission × max(8 % × CA, minimum of the year): the financial
                guarantee of a temporary-work firm; the CA of the year stands for the last financial year's
                (not known for the reference year). Not included in `fonctionnement_fixe`.
Autres          autres charges × (1 + inflation)^n, autres produits × (1 + inflation)^n (a product): what the
                accounts hold outside the other lines
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

from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import (
    AjustementPermanents,
    ChocPriseEnChargeFormation,
    Mutualisation,
    NouvelleActivite,
    OuvertureConventionnement,
)
from iae_model.simulation import postes
from iae_model.simulation.contexte import Contexte, Repartir, dernier
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Comptes

APPLIQUE: tuple[type[BaseModel], ...] = (
    AjustementPermanents,
    Mutualisation,
    ChocPriseEnChargeFormation,
    NouvelleActivite,
    OuvertureConventionnement,  # an ETTI opened by a levier pays its financial guarantee
)

P_TS = "taxe_sur_salaires"
P_GF = "etti.garantie_financiere"


def calculer(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], repartir: Repartir) -> tuple[float, float]:
    """Add the structure's costs to the accounts; returns the period's investments and investment subsidies."""
    permanents(ctx, periode, repartir)
    fonctionnement_et_formation(ctx, periode, repartir)
    impots_et_taxes(ctx, periode, comptes, repartir)
    garantie_financiere(ctx, periode, comptes, repartir)
    repartir("amortissements", ctx.projet.charges.amortissements)
    repartir("quote_part_subventions", ctx.projet.tresorerie.bilan.quote_part_subventions, None, "produits")
    return nouvelles_activites(ctx, periode, comptes, repartir)


def permanents(ctx: Contexte, periode: Periode, repartir: Repartir) -> None:
    for (_, conv), (montant, _) in groupes_permanents(ctx, periode).items():
        repartir("permanents", max(0.0, montant), conv)


def groupes_permanents(ctx: Contexte, periode: Periode) -> dict[tuple[str, str | None], tuple[float, float]]:
    """(fonction, conventionnement) -> (loaded cost, ETP) of the permanents in the period (computed once a period:
    the permanents' line and the taxe sur les salaires both read it)."""
    cle_memo = ("groupes_permanents", periode.annee, periode.mois)
    trouves = ctx.memo.get(cle_memo)
    if trouves is None:
        trouves = ctx.memo[cle_memo] = _groupes_permanents(ctx, periode)
    return trouves  # type: ignore[return-value]


def _groupes_permanents(ctx: Contexte, periode: Periode) -> dict[tuple[str, str | None], tuple[float, float]]:
    hyp = ctx.hyp
    annee = periode.annee
    g_perm = hyp.evolution_salaires_permanents
    g_perm = hyp.inflation_charges if g_perm is None else g_perm
    evolution = (1 + g_perm) ** (annee - ctx.ref)
    groupes: dict[tuple[str, str | None], tuple[float, float]] = {}

    def ajouter(cle: tuple[str, str | None], montant: float, etp: float) -> None:
        avant = groupes.get(cle, (0.0, 0.0))
        groupes[cle] = (avant[0] + montant, avant[1] + etp)

    for perm in ctx.projet.charges.permanents:
        ajouter((perm.fonction, perm.conventionnement), perm.etp * perm.cout_annuel_charge * evolution, perm.etp)
    for aj in ctx.items(AjustementPermanents):
        if aj.annee <= annee:
            cout = aj.cout_annuel_charge if aj.cout_annuel_charge is not None else _cout_moyen(ctx, aj.fonction)
            ajouter((aj.fonction, aj.conventionnement), aj.etp * cout * (1 + g_perm) ** (annee - aj.annee), aj.etp)
    return groupes


def _cout_moyen(ctx: Contexte, fonction: str) -> float:
    perms = [p for p in ctx.projet.charges.permanents if p.fonction == fonction and p.etp > 0]
    etp = sum(p.etp for p in perms)
    return sum(p.etp * p.cout_annuel_charge for p in perms) / etp if etp else 0.0


def fonctionnement_et_formation(ctx: Contexte, periode: Periode, repartir: Repartir) -> None:
    """The structure's fixed costs (less pooling savings), training net of its funding, other charges and other
    products, shared pro rata: the amounts entered for the reference year that follow the inflation."""
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
    repartir("autres_charges", ch.autres_charges * infl)
    repartir("autres_produits", ch.autres_produits * infl, None, "produits")


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


def assujettie_taxe_sur_salaires(projet: Projet) -> bool:
    """The structure's choice, else: an association whose conventionnements are all ACI or AI (mostly outside
    TVA); a company, another form or a form not given: no."""
    s = projet.structure
    if s.assujettie_taxe_sur_salaires is not None:
        return s.assujettie_taxe_sur_salaires
    return s.forme_juridique == "association" and all(c.type in ("ACI", "AI") for c in projet.conventionnements)


_BAREME_TS = tuple(f"{P_TS}.{nom}" for nom in ("seuil_1", "seuil_2", "taux_1", "taux_2", "taux_3"))


def taxe_par_salarie(ctx: Contexte, periode: Periode, brut: float) -> float:
    """Taxe sur les salaires on one employee's gross pay of the year (the scale, before the abattement)."""
    return _taxe_du_bareme(brut, ctx.valeurs(_BAREME_TS, periode))


def _taxe_du_bareme(brut: float, bareme: tuple[float, ...]) -> float:
    """t1 × min(b, s1) + t2 × (min(b, s2) − s1)⁺ + t3 × (b − s2)⁺, with comparisons rather than min and max
    calls (the same values: each picks what min or max would)."""
    s1, s2, t1, t2, t3 = bareme
    tranche_2 = (s2 if s2 < brut else brut) - s1
    tranche_3 = brut - s2
    return (
        t1 * (s1 if s1 < brut else brut)
        + t2 * (tranche_2 if tranche_2 > 0.0 else 0.0)
        + t3 * (tranche_3 if tranche_3 > 0.0 else 0.0)
    )


def taxe_sur_les_salaires(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes]) -> float:
    """The structure's taxe sur les salaires of the period (see the module's formulas); 0 when not subject."""
    if not assujettie_taxe_sur_salaires(ctx.projet):
        return 0.0
    bareme = ctx.valeurs(_BAREME_TS, periode)  # read once for every head of the period
    taxe = 0.0
    for t, k in comptes.items():
        c = ctx.conventionnements[t]
        if c.type != "EITI" and k.etp_realises > 0:
            par_etp = c.modele.salaries_par_etp if c.modele is not None else None
            tetes = k.etp_realises * (par_etp or 1.0)
            brut = postes.brut_insertion(ctx, c, periode, k.etp_realises)
            taxe += tetes * _taxe_du_bareme(brut / tetes, bareme)
    effectif = postes.effectif(ctx, periode)
    for montant, etp in groupes_permanents(ctx, periode).values():
        if etp > 0 and montant > 0:
            brut_par_etp = postes.brut_d_un_cout_charge(ctx, periode, montant / etp, effectif)
            taxe += etp * _taxe_du_bareme(brut_par_etp, bareme)
    if ctx.projet.structure.forme_juridique == "association":
        taxe -= ctx.valeur(f"{P_TS}.abattement_associations", periode)
    return max(0.0, taxe)


def impots_et_taxes(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], repartir: Repartir) -> None:
    """Taxes on the payroll, shared pro rata the ETP réalisés."""
    repartir("impots_taxes", taxe_sur_les_salaires(ctx, periode, comptes))


def garantie_financiere(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], repartir: Repartir) -> None:
    """Yearly cost of an ETTI's mandatory financial guarantee, in its fixed costs.

    The guarantee is a share of the last closed year's turnover (code du travail, art. L1251-49 and after): the
    reference year's own turnover stands for the year before it, which the project does not hold.
    """
    for t, k in comptes.items():
        if ctx.conventionnements[t].type == "ETTI":
            chiffre_affaires = k.produits.get("chiffre_affaires", 0.0)
            precedent = ctx.report.get(("chiffre_affaires_etti", t), chiffre_affaires)
            ctx.report["chiffre_affaires_etti", t] = chiffre_affaires
            garantie = max(
                ctx.valeur(f"{P_GF}.taux_chiffre_affaires", periode) * precedent,  # type: ignore[operator]
                ctx.valeur(f"{P_GF}.montant_minimum", periode),
            )
            repartir("fonctionnement", garantie * ctx.valeur(f"{P_GF}.taux_commission", periode), t)
