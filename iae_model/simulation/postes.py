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
Masse    masse_salariale_insertion = etp_realises × heures payées(type) × salaire_horaire(P) × (1 + taux employeur)
         salaire_horaire = SMIC(P), or the amount entered × SMIC(P) / SMIC(année de référence)

The SMIC and socle chocs act through the parameters' projection (`hypotheses_par_annee`).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from iae_model.formats import pourcentage
from iae_model.projet.chocs import AnnexeSurRealise, VariationSocle
from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import (
    AjustementEtp,
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
P_COTIS = "cotisations.taux_employeur_net_smic"
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
    return {
        t: _conventionnement(ctx, ctx.conventionnements[t], periode, k, f_dept, effet_dept) for t, k in comptes.items()
    }


def _variation_departement(ctx: Contexte, periode: Periode) -> tuple[float, str]:
    """Factor on the département's funding and who bears its change (`effet_cofinancement_rsa`)."""
    variations = [v for v in ctx.items(VariationFinancement) if v.financeur == "departement"]
    f_dept = produit(1 + v.taux for v in variations if v.annee <= periode.annee)
    effet = str(dernier(variations, periode.annee, "perte_seche", "effet_cofinancement_rsa"))
    return f_dept, effet


def etp(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> tuple[float, float, float, float]:
    """(etp_conventionnes, etp_realises, etp réalisés hors nouvelles activités, travailleurs EITI)."""
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
    supp = sum(
        n.etp_supplementaires * n.montee_en_charge[min(annee - n.annee, len(n.montee_en_charge) - 1)]
        for n in ctx.items(NouvelleActivite)
        if n.conventionnement == c.type and n.annee <= annee
    )
    supp += sum(
        m.etp_supplementaires
        for m in ctx.items(MarchePublic)
        if m.conventionnement == c.type and m.annee <= annee < m.annee + m.duree
    )
    deltas = sum(a.etp for a in ctx.items(AjustementEtp) if a.conventionnement == c.type and a.annee <= annee)
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


def salaire_et_cotisations(ctx: Contexte, c: ConventionnementSimule, periode: Periode) -> tuple[float, float]:
    """Gross hourly wage and employer rate of the conventionnement (its own, or the structure's)."""
    modele = c.modele
    charges = ctx.projet.charges
    saisi = charges.salaire_horaire_insertion
    if modele is not None and modele.salaire_horaire_insertion is not None:
        saisi = modele.salaire_horaire_insertion
    smic = ctx.valeur(P_SMIC, periode)
    salaire = smic if saisi == "smic" else float(saisi) * smic / ctx.valeur(P_SMIC, Periode.de_l_annee(ctx.ref))
    taux = charges.taux_cotisations_employeur
    if modele is not None and modele.taux_cotisations_employeur is not None:
        taux = modele.taux_cotisations_employeur
    if taux is None:
        taux = ctx.valeur(P_COTIS, periode)
    return salaire, taux


def _conventionnement(
    ctx: Contexte, c: ConventionnementSimule, periode: Periode, k: Comptes, f_dept: float, effet_dept: str
) -> float:
    """Fill one conventionnement's posts (see `calculer`); returns the ETP its turnover tied to ETP follows."""
    etp_conv, etp_real, etp_hors_supp, trav = etp(ctx, c, periode)
    arret = aide_arretee(ctx, c.type, periode)
    dept = 0.0
    if c.type == "EITI":
        aide = 0.0 if arret else trav * aide_eiti(ctx, c, periode)
        k.travailleurs_accompagnes = trav
        etp_hors_supp = trav
    else:
        occ = etp_real / etp_conv if etp_conv else c.taux_occupation
        par_etp = socle(ctx, c.type, periode) * (1 + part_modulee(ctx, c, periode))
        if c.beneficiaires_rsa and c.type == "ACI" and not arret:
            etp_conv, etp_real, etp_hors_supp, aide, dept = _cofinancement_rsa(
                ctx, c, periode, (etp_conv, etp_real, etp_hors_supp), occ, par_etp, f_dept, effet_dept
            )
        else:
            # the State pays the ETP of the annex at most: posts realised beyond it are not funded
            aide = 0.0 if arret else min(etp_real, etp_conv) * par_etp
        salaire, taux_employeur = salaire_et_cotisations(ctx, c, periode)
        heures = ctx.valeur(p_heures_payees(c.type), periode)
        k.charges["masse_salariale_insertion"] = etp_real * heures * salaire * (1 + taux_employeur)
        _alertes_occupation(ctx, c.type, periode, occ, etp_conv)
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
