"""What it takes to get back to balance, and how deep an ETP cut the structure can absorb.

* `effort_equilibre`: for each year in deficit, the amount that brings the result back to zero, in
  three forms: cost savings (= the deficit), new subsidy (= the deficit), or extra turnover net of
  its variable charges (deficit / (1 − variable-charge rate)). The result is linear in each of them,
  so the closed form is exact; the tests check it by simulating the corresponding lever.
  For an ACI it also says whether that turnover would break the commercial ceiling.
* `effort_tresorerie`: the constant yearly amount, earned by twelfths from January of the first year,
  that keeps every month-end cash ≥ 0 (the low point, not only the year-end): max over the months t
  (1 = January of the first year) of −cash_t × 12 / t.
* `coupe_etp_absorbable`: the largest cut of every conventionnement's ETP, from a given year, that
  keeps every month-end cash ≥ 0 over the horizon (`ResultatScenario.tresorerie_min`, the low point).
  Cash is not linear in the cut (turnover tied to ETP, the
  département's share, floors), so it is found numerically: a scan of the cut, then Brent's method
  (scipy.optimize.brentq) on the first interval where the lowest cash turns negative.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from iae_model.parametres import Parametres, charger_parametres
from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import ReductionEtp
from iae_model.simulation.moteur import PointsDeReprise, plan_du_scenario, simuler_plan
from iae_model.simulation.resultat import ResultatScenario

PAS_BALAYAGE = 0.05
TOLERANCE_COUPE = 1e-4


@dataclass(frozen=True)
class EffortAnnee:
    annee: int
    resultat: float
    economies: float
    subvention: float
    chiffre_affaires: float
    taux_charges_variables: float
    depasse_plafond_aci: bool | None


@dataclass(frozen=True)
class EffortTresorerie:
    montant_annuel: float
    annee_critique: int | None
    mois_critique: int | None = None
    """1 to 12: the month-end that needs the largest yearly amount."""


@dataclass(frozen=True)
class CoupeAbsorbable:
    """`taux` is the largest cut (0.25 = −25 % of ETP) with every month-end cash ≥ 0; None if the cash is already
    negative at some month-end without any cut."""

    annee: int
    taux: float | None
    tresorerie_min_sans_coupe: float
    tresorerie_min_a_la_coupe: float | None


def effort_equilibre(resultat: ResultatScenario, taux_charges_variables: float | None = None) -> list[EffortAnnee]:
    """Per year, the effort that brings the result to zero (zero effort in a year already in surplus)."""
    efforts = []
    for a in resultat.annees:
        t = a.total
        ca = t.produits.get("chiffre_affaires", 0.0)
        taux = taux_charges_variables
        if taux is None:
            taux = t.charges.get("charges_variables", 0.0) / ca if ca else 0.0
        besoin = max(0.0, -t.resultat)
        extra_ca = besoin / (1 - taux) if taux < 1 else float("inf")
        plafond = None
        aci = a.par_conventionnement.get("ACI")
        if aci is not None and a.indicateurs.get("plafond_aci") is not None and besoin > 0:
            ca_aci = aci.produits.get("chiffre_affaires", 0.0) + extra_ca
            charges_aci = aci.total_charges + extra_ca * taux
            plafond = charges_aci > 0 and ca_aci / charges_aci >= a.indicateurs["plafond_aci"]
        efforts.append(EffortAnnee(a.annee, t.resultat, besoin, besoin, extra_ca, taux, plafond))
    return efforts


def effort_tresorerie(resultat: ResultatScenario) -> EffortTresorerie:
    """Constant yearly margin, earned by twelfths from January of the first year, that keeps every month-end
    cash ≥ 0: by month t it has brought t/12 of the yearly amount."""
    besoin = 0.0
    critique: tuple[int, int] | None = None
    for k, a in enumerate(resultat.annees):
        for m, solde in enumerate(a.tresorerie.mensuelle, start=1):
            necessaire = -solde * 12 / (12 * k + m)
            if necessaire > besoin:
                besoin = necessaire
                critique = (a.annee, m)
    return EffortTresorerie(besoin, *(critique or (None, None)))


def coupe_etp_absorbable(
    projet: Projet,
    scenario: str,
    annee: int | None = None,
    parametres: Parametres | None = None,
    reprises: PointsDeReprise | None = None,
) -> CoupeAbsorbable:
    """Largest uniform ETP cut from `annee` (next year by default) keeping cash ≥ 0 to the horizon.

    Each trial resumes from the scenario's years before the cut (`PointsDeReprise`), computed once.
    """
    parametres = parametres or charger_parametres()
    reprises = reprises or PointsDeReprise(projet, parametres)
    ref = projet.structure.annee_reference
    annee = annee if annee is not None else min(ref + 1, projet.hypotheses.horizon)
    plan = plan_du_scenario(projet, scenario)

    def tresorerie_min(taux: float) -> float:
        if taux <= 0:
            return simuler_plan(projet, plan, parametres, reprises=reprises).tresorerie_min
        choc = ReductionEtp(type="reduction_etp", annee=annee, taux=-min(taux, 1.0))
        essai = replace(plan, chocs=[*plan.chocs, choc])
        return simuler_plan(projet, essai, parametres, reprises=reprises, garder=False).tresorerie_min

    sans = tresorerie_min(0.0)
    if sans < 0:
        return CoupeAbsorbable(annee, None, sans, None)
    precedent, valeur_precedente = 0.0, sans
    nb_pas = round(1 / PAS_BALAYAGE)
    for i in range(1, nb_pas + 1):
        taux = i / nb_pas
        valeur = tresorerie_min(taux)
        if valeur < 0:
            from scipy.optimize import brentq  # 0.4 s to import: only when a root is actually searched

            racine = brentq(tresorerie_min, precedent, taux, xtol=TOLERANCE_COUPE)
            # brentq returns a point within xtol of the root: step back onto the feasible side
            while tresorerie_min(racine) < 0 and racine > precedent:
                racine = max(precedent, racine - TOLERANCE_COUPE)
            return CoupeAbsorbable(annee, racine, sans, tresorerie_min(racine))
        precedent, valeur_precedente = taux, valeur
    return CoupeAbsorbable(annee, 1.0, sans, valeur_precedente)
