"""Insertion posts: ETP, aide au poste and the payroll of the employees in parcours.

Formulas (period P of year Y; "≤ Y" means chocs and leviers whose `annee` is at most Y, in the order
of the scenario chain):

ETP      etp_conventionnes = max(0, (annexe + Σ ajustements + transferts + ETP des nouvelles activités
                             × montée en charge + ETP des marchés en cours) × Π(1 + taux des reduction_etp));
         etp_realises = etp_conventionnes × taux_occupation (the latest `taux_occupation` choc ≤ Y)
         with an `annexe_sur_realise` choc ≤ Y (not in the reference year, whose annex is entered): each year
         whose previous occupation R / A is under the dated threshold, A = min(A_prev × E / E_prev, R_prev × E /
         (E_prev × f)) with E the annex without the rule and f the year's cuts (taken from unused posts first);
         R = min(taux_occupation × E / g, A), g the cuts that only took unused posts (see _annexe_sur_realise)
         EITI: travailleurs = max(0, (travailleurs + ajustements + transferts) × Π(1 + taux des reduction_etp))
Aide     aide_au_poste = min(etp_realises, etp_conventionnes) × socle(type, P) × (1 + min(part_modulee, max(P)))
         socle(type, P) = mean over P's months of the official or projected amount × Π(1 + taux) of the
         `variation_socle` chocs of that type in force on the first of the month (EITI: its aid likewise)
         (0 from a `fin_aide_au_poste` choc)
         EITI: travailleurs × moyenne mensuelle de [montant max 1 505 h (≤ 2024) | 12 × 450 € × part_mois_1_9]
         split État / département (ACI): département = min(ETP aidés RSA × 12 × 88 % × RSA(P), aide);
         a `variation_financement` of the département (× f) says who bears the change: `perte_seche`
         (aide − département × (1 − f)), `postes_perdus` (ETP RSA × (1 − f) lost, ETP conventionnés falling
         by that / occupation, the RSA posts left co-funded in full) or `etat_compense` (the State pays the
         difference)
Masse    masse_salariale_insertion = brut × (1 + taux employeur)
         brut = etp_realises × heures payées(type) × salaire_horaire(P) × indemnités(type)
         salaire_horaire = SMIC(P), or max(SMIC(P), the amount entered × SMIC(P) / SMIC(année de référence)):
           never under the SMIC in force (a SMIC choc in the reference year lifts a wage it overtakes)
         indemnités: ETTI (1 + IFM) × (1 + ICCP) = 1,1 × 1,1 = 1,21 (the ICCP is computed IFM included);
         AI (1 + ICCP) = 1,1 (paid leave on top of the hours of mise à disposition); ACI, EI: 1 (their
         1 820 paid hours include the leave)
         taux employeur = the conventionnement's rate, else the structure's (`charges`), else
           non couvert + coef(1) − coef(r), non couvert = the charges the reduction does not cover, due at any
           pay (`cotisations_non_couvertes`): formation 0,55 % (< 11 employees) or 1 %, taxe d'apprentissage
           (company), AT/MP rate − covered part, versement mobilité (≥ 11, not AI), AGS (private employer),
           mutuelle/prévoyance/santé au travail (approximation); the 11 threshold uses the same headcount
         r = brut / (heures payées × SMIC(P)) = salaire_horaire / SMIC(P) × indemnités (the indemnities count in
           the pay the reduction compares to the SMIC of the paid hours)
         coef(r) = min + (max − min) × [(plafond / r − 1) / (plafond − 1)]^puissance under the plafond, 0 above
           (2024–2025 Fillon: min 0, plafond 1,6, puissance 1, max T; 2026 RGDU: min 0,02, plafond 3,
           puissance 1,75, max 0,02 + Tdelta): coef(1) = max, the covered contributions' rates at the SMIC
         max depends on the headcount (under 50 or from 50): estimated as the ETP réalisés of every
           conventionnement (EITI workers excluded: they are not employees) + the permanents' ETP (those
           entered + the `ajustement_permanents` ≤ Y); the social-law headcount counts part-timers pro rata
           of their hours (art. L1111-2 of the code du travail), so ETP are close to it

The SMIC and socle chocs act through the parameters' projection (`hypotheses_par_annee`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from iae_model.formats import pourcentage
from iae_model.projet.chocs import AnnexeSurRealise, VariationSocle
from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import (
    AjustementEtp,
    AjustementPermanents,
    ChocIndexationSocle,
    ChocPartModulee,
    ChocSmic,
    ChocTauxOccupation,
    FinAideAuPoste,
    MarchePublic,
    NouvelleActivite,
    OuvertureConventionnement,
    ReductionEtp,
    VariationFinancement,
)
from iae_model.simulation.conjoncture import HypothesesAnnee
from iae_model.simulation.contexte import Contexte, ConventionnementSimule, Plan, dernier, produit
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Comptes

APPLIQUE: tuple[type[BaseModel], ...] = (
    ReductionEtp,
    AnnexeSurRealise,
    AjustementEtp,
    ChocTauxOccupation,
    ChocPartModulee,
    ChocIndexationSocle,
    ChocSmic,
    FinAideAuPoste,
    VariationFinancement,
    VariationSocle,
    OuvertureConventionnement,
    NouvelleActivite,
    MarchePublic,
)

P_SMIC = "smic.horaire_brut"
P_RSA = "rsa.montant_forfaitaire"
P_COFIN = "aide_au_poste.cofinancement_departement_rsa"
P_PM_MAX = "aide_au_poste.part_modulee_max"
P_NC = "cotisations.non_couvertes"
P_NC_SEUIL = f"{P_NC}.seuil_effectif"
P_AT_MP_DEFAUT = f"{P_NC}.at_mp_taux_defaut"
P_VM_DEFAUT = f"{P_NC}.versement_mobilite_taux_defaut"
P_RG = "cotisations.reduction_generale"
P_RG_MAX_MOINS_50 = f"{P_RG}.coefficient_maximal_moins_50"
P_RG_MAX_50_ET_PLUS = f"{P_RG}.coefficient_maximal_50_et_plus"
P_RG_MIN = f"{P_RG}.coefficient_minimal"
P_RG_PLAFOND = f"{P_RG}.plafond_smic"
P_RG_PUISSANCE = f"{P_RG}.puissance"
P_RG_SEUIL = f"{P_RG}.seuil_effectif"
P_IFM = "etti.indemnite_fin_mission"
HEURES_TEMPS_PLEIN = 1820
"""Paid hours of a full-time year at 35 h a week (151,67 h × 12): the annual SMIC of a full-time post."""
P_ICCP = "conges_payes.indemnite_compensatrice"
P_SEUIL_OCC = "alertes.seuil_taux_occupation"
P_SEUIL_ANNEXE = "aide_au_poste.seuil_annexe_sur_realise"
P_EITI_MAX = "aide_au_poste.eiti.montant_max_1505h"
P_EITI_FORFAIT = "aide_au_poste.eiti.forfait_mensuel_mois_1_9"


def p_socle(type_: str) -> str:
    return f"aide_au_poste.montant_socle.{type_.lower()}"


def p_heures_payees(type_: str) -> str:
    return f"etp.heures_payees.{type_.lower()}"


# --- before the first period: the parameters' hypotheses and the conventionnements ----------------


def hypotheses_par_annee(plan: Plan, annees: range) -> dict[int, HypothesesAnnee]:
    """What the parameters' projection assumes each year: the socle's indexation and the SMIC chocs."""
    hyp = plan.hypotheses
    chocs_index = plan.items(ChocIndexationSocle)
    chocs_smic = plan.items(ChocSmic)
    return {
        a: HypothesesAnnee(
            evolution_smic=hyp.evolution_smic,
            indexation_socle=dernier(chocs_index, a, hyp.indexation_socle),
            inflation=hyp.inflation_charges,
            chocs_smic=tuple((c.mois, c.taux) for c in chocs_smic if c.annee == a),
        )
        for a in annees
    }


def conventionnements(projet: Projet, plan: Plan) -> dict[str, ConventionnementSimule]:
    """The project's conventionnements from the reference year, then those the leviers open."""
    convs: dict[str, ConventionnementSimule] = {}
    for c in projet.conventionnements:
        etp = c.etp_conventionnes or 0.0
        travailleurs = c.travailleurs_accompagnes or 0.0
        convs[c.type] = ConventionnementSimule(
            type=c.type,
            debut=projet.structure.annee_reference,
            etp=etp,
            travailleurs=travailleurs,
            taux_occupation=c.taux_occupation,
            part_modulee=c.part_modulee,
            beneficiaires_rsa=c.beneficiaires_rsa,
            derogation=c.derogation_plafond,
            part_mois_1_9=c.part_mois_1_9,
            famille=c.type,
            etp_saisis=travailleurs if c.type == "EITI" else etp * c.taux_occupation,
            modele=c,
        )
    for o in plan.items(OuvertureConventionnement):
        deja = convs.get(o.conventionnement)
        convs[o.conventionnement] = ConventionnementSimule(
            type=o.conventionnement,
            debut=o.annee,
            etp=o.etp_conventionnes,
            travailleurs=o.travailleurs_accompagnes,
            taux_occupation=o.taux_occupation,
            part_modulee=o.part_modulee,
            beneficiaires_rsa=0.0,
            derogation=False,
            part_mois_1_9=0.75,
            famille=convs[o.depuis].famille if o.depuis in convs else o.conventionnement,
            etp_saisis=0.0 if deja is None else deja.etp_saisis,
        )
    return convs


# --- one period --------------------------------------------------------------------------------


def calculer(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes]) -> dict[str, float]:
    """Fill the ETP, aide au poste and payroll of each open conventionnement.

    Returns, per conventionnement, the ETP réalisés that its turnover tied to ETP follows (new
    activities' ETP excluded; EITI: workers).
    """
    f_dept, effet_dept = _variation_departement(ctx, periode)
    n = effectif(ctx, periode)
    return {
        t: _conventionnement(ctx, ctx.conventionnements[t], periode, k, f_dept, effet_dept, n)
        for t, k in comptes.items()
    }


def _variation_departement(ctx: Contexte, periode: Periode) -> tuple[float, str]:
    """Factor on the département's funding and who bears its change (`effet_cofinancement_rsa`)."""
    variations = [v for v in ctx.items(VariationFinancement) if v.financeur == "departement"]
    f_dept = produit(1 + v.taux for v in variations if v.annee <= periode.annee)
    effet = str(dernier(variations, periode.annee, "perte_seche", "effet_cofinancement_rsa"))
    return f_dept, effet


def etp(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> tuple[float, float, float, float]:
    """(etp_conventionnes, etp_realises, etp réalisés hors nouvelles activités, travailleurs EITI)."""
    cle = ("etp", c.type, periode.annee)
    trouve = ctx.memo.get(cle)
    if trouve is None:
        trouve = ctx.memo[cle] = _etp(ctx, c, periode)
    return trouve  # type: ignore[return-value]


def _etp(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> tuple[float, float, float, float]:
    annee = periode.annee
    etp_conv, hors_supp, trav = _annexe(ctx, c, annee)
    if c.type == "EITI":
        return 0.0, 0.0, 0.0, trav
    occ = _occupation(ctx, c, annee)
    regle = _annexe_sur_realise(ctx, c, annee)
    if regle is None:
        return etp_conv, etp_conv * occ, hors_supp * occ, 0.0
    annexe, realises = regle
    part = realises / etp_conv if etp_conv else 0.0
    return annexe, realises, hors_supp * part, 0.0


def _annexe(ctx: Contexte, c: ConventionnementSimule, annee: int) -> tuple[float, float, float]:
    """The annex of the year without `annexe_sur_realise`: (ETP conventionnés, of them not from new activities or
    markets, EITI workers)."""
    # each sum is built only when the plan has such items (0 otherwise, as the empty sum)
    nouvelles, marches, ajustements = ctx.items(NouvelleActivite), ctx.items(MarchePublic), ctx.items(AjustementEtp)
    supp = 0
    if nouvelles:
        supp = sum(
            n.etp_supplementaires * n.montee_en_charge[min(annee - n.annee, len(n.montee_en_charge) - 1)]
            for n in nouvelles
            if n.conventionnement == c.type and n.annee <= annee
        )
    if marches:
        supp += sum(
            m.etp_supplementaires
            for m in marches
            if m.conventionnement == c.type and m.annee <= annee < m.annee + m.duree
        )
    deltas = 0
    if ajustements:
        deltas = sum(a.etp for a in ajustements if a.conventionnement == c.type and a.annee <= annee)
    for o in ctx.items(OuvertureConventionnement):
        if o.annee <= annee:
            if o.conventionnement == c.type:
                deltas += o.transfert_etp
            if o.depuis == c.type:
                deltas -= o.transfert_etp
    mult = _coupes(ctx, c, lambda a: a <= annee)
    if c.type == "EITI":
        return 0.0, 0.0, max(0.0, (c.travailleurs + deltas) * mult)
    return max(0.0, (c.etp + deltas + supp) * mult), max(0.0, (c.etp + deltas) * mult), 0.0


def _coupes(ctx: Contexte, c: ConventionnementSimule, annees: Callable[[int], bool]) -> float:
    """Π(1 + taux) of the conventionnement's `reduction_etp` of the years chosen."""
    if not ctx.items(ReductionEtp):
        return 1.0  # the empty product
    return produit(
        1 + r.taux for r in ctx.items(ReductionEtp) if annees(r.annee) and r.conventionnement in (None, c.type)
    )


def _occupation(ctx: Contexte, c: ConventionnementSimule, annee: int) -> float:
    occupations = [o for o in ctx.items(ChocTauxOccupation) if o.conventionnement in (None, c.type)]
    return float(dernier(occupations, annee, c.taux_occupation))


def _annexe_sur_realise(ctx: Contexte, c: ConventionnementSimule, annee: int) -> tuple[float, float] | None:
    """(annex, ETP réalisés) of the year when the annex is re-based on the ETP réalisés (None without the rule).

    Year by year from the rule's first year (never the conventionnement's first year, whose annex is entered):
    when last year's occupation R / A is under the dated threshold, the annex becomes last year's realised posts
    carried by this year's levers (E / E_prev / f, f the factor of this year's cuts), unless the cut annex is
    smaller: a cut is taken from the unused posts first. What the structure can fill, occupation × E / g, is not
    lowered by the part of the cuts that only took unused posts (g); it fills at most its annex.
    """
    debuts = [r.annee for r in ctx.items(AnnexeSurRealise) if r.conventionnement in (None, c.type)]
    if not debuts:
        return None
    premiere = max(min(debuts), c.debut + 1)
    if annee < premiere:
        return None
    e_prec = _annexe(ctx, c, premiere - 1)[0]
    annexe, realises, g = e_prec, e_prec * _occupation(ctx, c, premiere - 1), 1.0
    rebasee = False
    for x in range(premiere, annee + 1):
        e = _annexe(ctx, c, x)[0]
        occ = _occupation(ctx, c, x)
        coupee = annexe * e / e_prec if e_prec else e
        if annexe > 0 and realises / annexe < ctx.valeur(P_SEUIL_ANNEXE, Periode.de_l_annee(x - 1)) - 1e-12:
            rebasee = True
            f = _coupes(ctx, c, lambda a, x=x: a == x)
            cible = realises * e / (e_prec * f) if e_prec and f > 0 else 0.0
            if cible <= coupee:
                annexe, g = cible, g * f  # the cut is taken from the unused posts
            else:
                annexe = coupee  # a cut larger than the unused posts takes filled posts too
                g = occ * e / annexe if annexe else g
        else:
            annexe = coupee
        realises = min(occ * e / g, annexe) if rebasee else e * occ
        e_prec = e
    return annexe, realises


def variations_du_socle(ctx: Contexte, type_: str, periode: Periode) -> list[float] | None:
    """Π(1 + taux) of the `variation_socle` chocs of this type in force on the first of each month of the
    period (None without any, so that the usual amounts are read unchanged)."""
    chocs = [v for v in ctx.items(VariationSocle) if v.conventionnement == type_ and v.annee <= periode.annee]
    if not chocs:
        return None
    return [
        produit(1 + v.taux for v in chocs if (v.annee, v.mois) <= (periode.annee, m)) for m in periode.mois_couverts
    ]


def socle(ctx: Contexte, type_: str, periode: Periode) -> float:
    """Montant socle of the aide au poste per ETP of this type for the period (mean of its months)."""
    variations = variations_du_socle(ctx, type_, periode)
    if variations is None:
        return ctx.valeur(p_socle(type_), periode)
    mensuels = ctx.mensuelles(p_socle(type_), periode)
    return sum((v or 0.0) * f for v, f in zip(mensuels, variations, strict=True)) / len(mensuels)


def part_modulee(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> float:
    """The part modulée in force (latest choc, else the conventionnement's), capped at the period's maximum."""
    chocs = [m for m in ctx.items(ChocPartModulee) if m.conventionnement in (None, c.type)]
    pm = float(dernier(chocs, periode.annee, c.part_modulee))
    pm_max = ctx.valeur(P_PM_MAX, periode)
    if pm > pm_max + 1e-12:
        ctx.alerte(
            "part_modulee_plafond",
            periode,
            c.type,
            f"{c.type} : part modulée de {pourcentage(pm)} au-dessus du maximum de "
            f"{pourcentage(pm_max, 0)} ; l'aide est calculée avec {pourcentage(pm_max, 0)}",
        )
    return min(pm, pm_max)


def aide_arretee(ctx: Contexte, type_: str, periode: Periode) -> bool:
    return any(f.annee <= periode.annee and f.conventionnement in (None, type_) for f in ctx.items(FinAideAuPoste))


def aide_eiti(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> float:
    """Aid per independent worker: mean over the months of the old regime (max for 1 505 h) or the flat rate."""
    anciens = ctx.mensuelles(P_EITI_MAX, periode)
    forfaits = ctx.mensuelles(P_EITI_FORFAIT, periode)
    variations = variations_du_socle(ctx, c.type, periode) or [1.0] * len(anciens)
    total = 0.0
    for ancien, forfait, f in zip(anciens, forfaits, variations, strict=True):
        if forfait is not None:
            total += 12 * forfait * c.part_mois_1_9 * f
        elif ancien is not None:
            total += ancien * f
    return total / len(periode.mois_couverts)


def salaire_horaire(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> float:
    """Gross hourly wage of the conventionnement's employees in parcours (its own, or the structure's)."""
    modele = c.modele
    saisi = ctx.projet.charges.salaire_horaire_insertion
    if modele is not None and modele.salaire_horaire_insertion is not None:
        saisi = modele.salaire_horaire_insertion
    smic = ctx.valeur(P_SMIC, periode)
    if saisi == "smic":
        return smic
    return max(smic, float(saisi) * smic / ctx.valeur(P_SMIC, Periode.de_l_annee(ctx.ref)))


def indemnites(ctx: Contexte, type_: str, periode: Periode) -> float:
    """Factor of the indemnities paid on top of the paid hours: ETTI (1 + IFM)(1 + ICCP), AI (1 + ICCP), else 1."""
    if type_ == "ETTI":
        return (1 + ctx.valeur(P_IFM, periode)) * (1 + ctx.valeur(P_ICCP, periode))
    if type_ == "AI":
        return 1 + ctx.valeur(P_ICCP, periode)
    return 1.0


def coefficient_reduction(
    rapport_smic: float, maximal: float, minimal: float, plafond: float, puissance: float
) -> float:
    """Coefficient of the general reduction for a pay of `rapport_smic` × the SMIC of the same hours.

    min + (max − min) × [(plafond / r − 1) / (plafond − 1)]^puissance under the plafond, 0 from it; a pay
    under the SMIC counts as the SMIC (the coefficient never exceeds its maximum).
    """
    if rapport_smic >= plafond:
        return 0.0
    r = max(rapport_smic, 1.0)
    return minimal + (maximal - minimal) * ((plafond / r - 1) / (plafond - 1)) ** puissance


def effectif(ctx: Contexte, periode: Periode) -> float:
    """Headcount for the reduction's 50-employee threshold, estimated in ETP: insertion ETP réalisés of every
    open conventionnement (EITI workers are self-employed) + permanents' ETP (entered + adjustments ≤ Y)."""
    cle = ("effectif", periode.annee, periode.mois)
    trouve = ctx.memo.get(cle)
    if trouve is not None:
        return trouve  # type: ignore[return-value]
    insertion = sum(
        etp(ctx, c, periode)[1] for c in ctx.conventionnements.values() if c.debut <= periode.annee and c.type != "EITI"
    )
    permanents = sum(p.etp for p in ctx.projet.charges.permanents)
    permanents += sum(a.etp for a in ctx.items(AjustementPermanents) if a.annee <= periode.annee)
    trouve = ctx.memo[cle] = insertion + max(0.0, permanents)
    return trouve


COTISATIONS_NON_COUVERTES: dict[str, str] = {
    "formation_professionnelle": "Contribution à la formation professionnelle",
    "taxe_apprentissage": "Taxe d'apprentissage",
    "at_mp": "AT/MP au-dessus de la part couverte",
    "versement_mobilite": "Versement mobilité",
    "ags": "Garantie des salaires (AGS)",
    "autres": "Mutuelle, prévoyance, santé au travail",
}
"""The employer charges the general reduction does not cover: still due at the SMIC, the same % at any pay."""


def cotisations_non_couvertes(
    ctx: Contexte, periode: Periode, effectif_structure: float, exoneree_versement_mobilite: bool = False
) -> dict[str, float]:
    """Each charge the general reduction leaves due, in % of gross pay (`COTISATIONS_NON_COUVERTES`).

    Formation 0,55 % under 11 employees, 1 % from 11; taxe d'apprentissage for a company (subject to IS);
    AT/MP: the structure's rate (or the default) minus the part the reduction covers; versement mobilité from
    11 employees, at the structure's rate (or the default), not for an AI; AGS but for a public employer; the
    rest (mutuelle, prévoyance, santé au travail) as one approximate rate.
    """
    charges = ctx.projet.charges
    forme = ctx.projet.structure.forme_juridique
    onze = effectif_structure >= ctx.valeur(P_NC_SEUIL, periode)
    at_mp = charges.taux_at_mp if charges.taux_at_mp is not None else ctx.valeur(P_AT_MP_DEFAUT, periode)
    vm = charges.taux_versement_mobilite
    if vm is None:
        vm = ctx.valeur(P_VM_DEFAUT, periode)
    formation = "formation_professionnelle_11_et_plus" if onze else "formation_professionnelle_moins_11"
    return {
        "formation_professionnelle": ctx.valeur(f"{P_NC}.{formation}", periode),
        "taxe_apprentissage": ctx.valeur(f"{P_NC}.taxe_apprentissage", periode) if forme == "societe" else 0.0,
        "at_mp": max(0.0, at_mp - ctx.valeur(f"{P_NC}.at_mp_part_couverte", periode)),
        "versement_mobilite": vm if onze and not exoneree_versement_mobilite else 0.0,
        "ags": ctx.valeur(f"{P_NC}.ags", periode) if forme != "autre" else 0.0,
        "autres": ctx.valeur(f"{P_NC}.autres", periode),
    }


def exoneree_versement_mobilite(ctx: Contexte, type_: str | None) -> bool:
    """An AI's pay is exempt: its employees in parcours, and the permanents of a structure that is only AI."""
    if type_ is not None:
        return type_ == "AI"
    return all(c.type == "AI" for c in ctx.projet.conventionnements)


@dataclass(frozen=True)
class BaremeCotisations:
    """The period's employer-rate parameters for one headcount and payroll (read once, then used for any pay)."""

    non_couvert: float
    maximal: float
    minimal: float
    plafond: float
    puissance: float

    @classmethod
    def de(
        cls, ctx: Contexte, periode: Periode, effectif_structure: float, type_: str | None = None
    ) -> BaremeCotisations:
        """The scale for the insertion pay of a conventionnement of `type_`, or for the permanents (None)."""
        # asked for each conventionnement and group of permanents: first by the exact inputs, without reading
        # the thresholds again
        directe = ("bareme_cotisations_de", periode.annee, periode.mois, effectif_structure, type_)
        trouve = ctx.memo.get(directe)
        if trouve is None:
            trouve = ctx.memo[directe] = cls._de(ctx, periode, effectif_structure, type_)
        return trouve  # type: ignore[return-value]

    @classmethod
    def _de(cls, ctx: Contexte, periode: Periode, effectif_structure: float, type_: str | None) -> BaremeCotisations:
        grande = effectif_structure >= ctx.valeur(P_RG_SEUIL, periode)
        onze = effectif_structure >= ctx.valeur(P_NC_SEUIL, periode)
        exoneree = exoneree_versement_mobilite(ctx, type_)
        cle = ("bareme_cotisations", periode.annee, periode.mois, grande, onze, exoneree)
        trouve = ctx.memo.get(cle)
        if trouve is None:
            trouve = ctx.memo[cle] = cls._lire(ctx, periode, grande, effectif_structure, exoneree)
        return trouve  # type: ignore[return-value]

    @classmethod
    def _lire(
        cls, ctx: Contexte, periode: Periode, grande: bool, effectif_structure: float, exoneree: bool
    ) -> BaremeCotisations:
        """Read once for the scenarios of a `simuler` call that share their projections (the same conjoncture):
        the later ones only record the parameters as used, for their sources."""
        onze = effectif_structure >= ctx.valeur(P_NC_SEUIL, periode)
        cle = ("bareme_cotisations_lu", id(ctx.conj), periode.annee, periode.mois, grande, onze, exoneree)
        trouve = ctx.partage.get(cle)
        if trouve is not None:
            bareme, lus = trouve  # type: ignore[misc]
            ctx.utilises.update(lus)
            return bareme  # type: ignore[no-any-return]
        avant = set(ctx.utilises)
        bareme = cls._lire_parametres(ctx, periode, grande, effectif_structure, exoneree)
        ctx.partage[cle] = (bareme, frozenset(ctx.utilises - avant))
        return bareme

    @classmethod
    def _lire_parametres(
        cls, ctx: Contexte, periode: Periode, grande: bool, effectif_structure: float, exoneree: bool
    ) -> BaremeCotisations:
        return cls(
            non_couvert=sum(cotisations_non_couvertes(ctx, periode, effectif_structure, exoneree).values()),
            maximal=ctx.valeur(P_RG_MAX_50_ET_PLUS if grande else P_RG_MAX_MOINS_50, periode),
            minimal=ctx.valeur(P_RG_MIN, periode),
            plafond=ctx.valeur(P_RG_PLAFOND, periode),
            puissance=ctx.valeur(P_RG_PUISSANCE, periode),
        )

    def taux(self, rapport_smic: float) -> float:
        """Employer contributions in % of gross pay: those not covered + the reduction lost above the SMIC."""
        coef = coefficient_reduction(rapport_smic, self.maximal, self.minimal, self.plafond, self.puissance)
        return self.non_couvert + self.maximal - coef


def taux_employeur(
    ctx: Contexte, periode: Periode, rapport_smic: float, effectif_structure: float, type_: str | None = None
) -> float:
    """Employer contributions in % of gross pay for a pay of `rapport_smic` × the SMIC (`BaremeCotisations`)."""
    return BaremeCotisations.de(ctx, periode, effectif_structure, type_).taux(rapport_smic)


def brut_d_un_cout_charge(ctx: Contexte, periode: Periode, cout: float, effectif_structure: float) -> float:
    """Gross yearly pay of one full-time employee whose loaded cost is `cout`: the b solving
    b × (1 + employer rate(b / (SMIC × 1 820 h))) = cout, to the cent.

    The loaded cost rises with the gross, so the root is bracketed by the gross at the highest and at the
    lowest employer rate; the Illinois method (regula falsi that halves the stale end's weight) finds it in a
    few evaluations where a bisection needs some twenty-five (the engine asks for it every year of every
    scenario, for each group of permanents).
    """
    if cout <= 0:
        return 0.0
    bareme = BaremeCotisations.de(ctx, periode, effectif_structure)
    smic_annuel = ctx.valeur(P_SMIC, periode) * HEURES_TEMPS_PLEIN
    cle = ("brut", cout, smic_annuel, bareme)
    trouve = ctx.partage.get(cle)
    if trouve is None:
        trouve = ctx.partage[cle] = _resoudre_brut(cout, smic_annuel, bareme)
    return trouve


def _resoudre_brut(cout: float, smic_annuel: float, bareme: BaremeCotisations) -> float:
    def ecart(brut: float) -> float:
        return brut * (1 + bareme.taux(brut / smic_annuel)) - cout

    # the rate lies between what is left at the SMIC and that plus the whole reduction
    bas, haut = cout / (1 + bareme.non_couvert + bareme.maximal), cout / (1 + bareme.non_couvert)
    f_bas, f_haut = ecart(bas), ecart(haut)
    if f_bas >= 0:
        return bas
    if f_haut <= 0:
        return haut
    cote = 0
    for _ in range(100):
        milieu = (bas * f_haut - haut * f_bas) / (f_haut - f_bas)
        f_milieu = ecart(milieu)
        if abs(f_milieu) < 0.005 or haut - bas < 0.005:
            return milieu
        if f_milieu < 0:
            bas, f_bas = milieu, f_milieu
            if cote == -1:
                f_haut /= 2
            cote = -1
        else:
            haut, f_haut = milieu, f_milieu
            if cote == 1:
                f_bas /= 2
            cote = 1
    return (bas + haut) / 2


def brut_insertion(ctx: Contexte, c: ConventionnementSimule, periode: Periode, etp_real: float) -> float:
    """Gross pay of the conventionnement's employees in parcours, indemnities included (before contributions)."""
    facteur = indemnites(ctx, c.type, periode)
    return etp_real * ctx.valeur(p_heures_payees(c.type), periode) * salaire_horaire(ctx, c, periode) * facteur


def taux_employeur_insertion(
    ctx: Contexte, c: ConventionnementSimule, periode: Periode, effectif_structure: float
) -> tuple[float, float | None]:
    """(employer rate on the pay in parcours, the part of it the general reduction does not cover): the rate
    entered on the conventionnement or the structure (its part then unknown, None), else the computed one."""
    taux = ctx.projet.charges.taux_cotisations_employeur
    if c.modele is not None and c.modele.taux_cotisations_employeur is not None:
        taux = c.modele.taux_cotisations_employeur
    if taux is not None:
        return taux, None
    rapport = salaire_horaire(ctx, c, periode) / ctx.valeur(P_SMIC, periode) * indemnites(ctx, c.type, periode)
    bareme = BaremeCotisations.de(ctx, periode, effectif_structure, c.type)
    return bareme.taux(rapport), bareme.non_couvert


def _conventionnement(
    ctx: Contexte,
    c: ConventionnementSimule,
    periode: Periode,
    k: Comptes,
    f_dept: float,
    effet_dept: str,
    effectif_structure: float,
) -> float:
    """Fill one conventionnement's posts (see `calculer`); returns the ETP its turnover tied to ETP follows."""
    etp_conv, etp_real, etp_hors_supp, trav = etp(ctx, c, periode)
    arret = aide_arretee(ctx, c.type, periode)
    dept = 0.0
    if c.type == "EITI":
        par_travailleur = 0.0 if arret else aide_eiti(ctx, c, periode)
        aide = trav * par_travailleur
        k.assiettes["aide_par_travailleur"] = par_travailleur
        k.travailleurs_accompagnes = trav
        etp_hors_supp = trav
    else:
        occ = etp_real / etp_conv if etp_conv else c.taux_occupation
        montant_socle = socle(ctx, c.type, periode)
        pm = part_modulee(ctx, c, periode)
        par_etp = montant_socle * (1 + pm)
        if c.beneficiaires_rsa and c.type == "ACI" and not arret:
            etp_conv, etp_real, etp_hors_supp, aide, dept = _cofinancement_rsa(
                ctx, c, periode, (etp_conv, etp_real, etp_hors_supp), occ, par_etp, f_dept, effet_dept
            )
        else:
            # the State pays the ETP of the annex at most: posts realised beyond it are not funded
            aide = 0.0 if arret else min(etp_real, etp_conv) * par_etp
        # loaded payroll (see the module's formulas); its operands stay in the accounts for « D'où vient ce
        # chiffre ? », which shows each figure with the user's values (iae_model/explications.py)
        taux, non_couvert = taux_employeur_insertion(ctx, c, periode, effectif_structure)
        k.charges["masse_salariale_insertion"] = brut_insertion(ctx, c, periode, etp_real) * (1 + taux)
        k.assiettes.update(
            socle=montant_socle,
            part_modulee=pm,
            heures_payees=ctx.valeur(p_heures_payees(c.type), periode),
            salaire_horaire=salaire_horaire(ctx, c, periode),
            indemnites=indemnites(ctx, c.type, periode),
            taux_employeur=taux,
        )
        if non_couvert is not None:
            k.assiettes["taux_non_couvert"] = non_couvert
        _alertes_occupation(ctx, c.type, periode, occ, etp_conv)
        # what the cash plan needs: the ASP advances the annex's socle and pays the part modulée apart
        k.assiettes["aide_au_poste_annexe"] = 0.0 if arret else etp_conv * montant_socle
        k.assiettes["aide_au_poste_modulee"] = aide * pm / (1 + pm)
    k.etp_conventionnes = etp_conv
    k.etp_realises = etp_real
    k.produits["aide_au_poste"] = aide
    k.produits["aide_au_poste_departement"] = dept
    k.produits["aide_au_poste_etat"] = aide - dept
    return etp_hors_supp


def _cofinancement_rsa(
    ctx: Contexte,
    c: ConventionnementSimule,
    periode: Periode,
    etps: tuple[float, float, float],
    occ: float,
    par_etp: float,
    f_dept: float,
    effet_dept: str,
) -> tuple[float, float, float, float, float]:
    """An ACI's aide with the département's RSA share: (etp_conv, etp_real, etp_hors_supp, aide, département)."""
    etp_conv, etp_real, etp_hors_supp = etps
    etp_aides = min(etp_real, etp_conv)
    unitaire = 12 * ctx.valeur(P_COFIN, periode) * ctx.valeur(P_RSA, periode)
    rsa_etp = etp_aides * c.beneficiaires_rsa
    if effet_dept == "postes_perdus" and f_dept < 1:
        perdus = rsa_etp * (1 - f_dept)
        etp_hors_supp -= perdus * (etp_hors_supp / etp_real if etp_real else 0)
        etp_real -= perdus
        etp_conv -= perdus / occ if occ else 0
        etp_aides = min(etp_real, etp_conv)
        rsa_etp *= f_dept
    aide = etp_aides * par_etp
    dept_base = min(rsa_etp * unitaire, aide)
    if effet_dept == "perte_seche" and f_dept < 1:
        aide -= dept_base * (1 - f_dept)
        dept = dept_base * f_dept
    elif effet_dept == "postes_perdus" and f_dept < 1:
        # the cut already took the posts away (rsa_etp × f); the département pays the posts left in full
        dept = min(dept_base, aide)
    else:
        dept = min(dept_base * f_dept, aide)
    return etp_conv, etp_real, etp_hors_supp, aide, dept


def _alertes_occupation(ctx: Contexte, type_: str, periode: Periode, occ: float, etp_conv: float) -> None:
    seuil = ctx.valeur(P_SEUIL_OCC, periode)
    if etp_conv > 0 and occ < seuil - 1e-12:
        ctx.alerte(
            "sous_occupation",
            periode,
            type_,
            f"{type_} : taux d'occupation de {pourcentage(occ)} sous le seuil de {pourcentage(seuil, 0)} ; "
            "l'ASP reprend l'aide des postes non occupés et l'annexe suivante risque d'être réduite",
        )
    elif etp_conv > 0 and occ > 1 + 1e-12:
        ctx.alerte(
            "sur_occupation",
            periode,
            type_,
            f"{type_} : ETP réalisés à {pourcentage(occ)} des ETP conventionnés ; l'aide au poste ne finance "
            "que les postes de l'annexe",
        )
