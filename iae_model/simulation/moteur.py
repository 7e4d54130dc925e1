"""The engine: a project's scenario, year by year, per conventionnement and consolidated (DESIGN §5).

Each year Y from `annee_reference` to `horizon` is a `Periode`; the account-line modules fill its
accounts in this order, each one saying its formulas:

`postes`            ETP, aide au poste (État / département), payroll of the insertion employees
`chiffre_affaires`  activities, new activities, public markets, variable charges
`financements`      operating subsidies by funder, counted or not
`charges`           permanents, fixed costs, training, depreciation, investments
`tresorerie`        interest of the loans, then the cash plan month by month (CAF, renewal, loans, BFR)
`indicateurs`       indicators and alerts, once the year's cash is known

Each module declares in `APPLIQUE` the chocs and leviers whose fields it reads; a plan holding an item
that no module applies is refused rather than silently simulated without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from iae_model.parametres import Parametres, charger_parametres
from iae_model.projet.modele import Projet
from iae_model.simulation import charges, chiffre_affaires, financements, indicateurs, postes, tresorerie
from iae_model.simulation.contexte import Contexte, Plan, conjoncture, plan_du_scenario, repartition
from iae_model.simulation.indicateurs import P_PLAFOND, P_PLAFOND_DEROG
from iae_model.simulation.periode import Periode
from iae_model.simulation.postes import (
    P_COFIN,
    P_EITI_FORFAIT,
    P_EITI_MAX,
    P_PM_MAX,
    P_RSA,
    P_SEUIL_OCC,
    P_SMIC,
    p_heures_payees,
    p_socle,
)
from iae_model.simulation.resultat import (
    DETAIL_PRODUITS,
    LIGNES_CHARGES,
    LIGNES_PRODUITS,
    Annee,
    Comptes,
    Resultat,
    ResultatScenario,
)

__all__ = [
    "MODULES",
    "P_COFIN",
    "P_EITI_FORFAIT",
    "P_EITI_MAX",
    "P_PLAFOND",
    "P_PLAFOND_DEROG",
    "P_PM_MAX",
    "P_RSA",
    "P_SEUIL_OCC",
    "P_SMIC",
    "TYPES_APPLIQUES",
    "ItemNonApplique",
    "Plan",
    "p_heures_payees",
    "p_socle",
    "plan_du_scenario",
    "simuler",
    "simuler_plan",
    "simuler_scenario",
]

MODULES = (postes, chiffre_affaires, financements, charges, tresorerie, indicateurs)
"""The account-line modules, in the order they fill a period's accounts."""

TYPES_APPLIQUES: tuple[type[BaseModel], ...] = tuple(dict.fromkeys(t for m in MODULES for t in m.APPLIQUE))
"""Every class of choc or levier that some module applies."""
_APPLIQUES = frozenset(TYPES_APPLIQUES)


class ItemNonApplique(TypeError):
    """A plan holds a choc or levier that no module of the engine applies (it would be silently ignored)."""


def simuler(projet: Projet, scenarios: Sequence[str] | None = None, parametres: Parametres | None = None) -> Resultat:
    """Simulate the project's scenarios (all of them by default), in file order."""
    parametres = parametres or charger_parametres()
    ids = list(scenarios) if scenarios else [s.id for s in projet.scenarios]
    partage: dict[tuple, Any] = {}
    plans = [plan_du_scenario(projet, i) for i in ids]
    return Resultat(projet.structure.nom, [simuler_plan(projet, plan, parametres, partage) for plan in plans])


def simuler_scenario(projet: Projet, identifiant: str, parametres: Parametres | None = None) -> ResultatScenario:
    return simuler_plan(projet, plan_du_scenario(projet, identifiant), parametres or charger_parametres())


def simuler_plan(
    projet: Projet, plan: Plan, parametres: Parametres | None = None, partage: dict[tuple, Any] | None = None
) -> ResultatScenario:
    """One scenario; `partage` lets the scenarios of one simulation share pure computations (`Contexte.partage`)."""
    verifier_plan(plan)
    annees = range(projet.structure.annee_reference, projet.hypotheses.horizon + 1)
    conj = conjoncture(parametres or charger_parametres(), postes.hypotheses_par_annee(plan, annees))
    ctx = Contexte(projet, plan, conj, postes.conventionnements(projet, plan))
    if partage is not None:
        ctx.partage = partage
    resultats: list[Annee] = []
    solde = projet.structure.tresorerie_initiale
    plan_tresorerie = tresorerie.PlanDeTresorerie(ctx)
    for annee in annees:
        a = _annee(ctx, Periode.de_l_annee(annee), solde, plan_tresorerie)
        resultats.append(a)
        solde = a.tresorerie_fin
    return ResultatScenario(plan.id, plan.libelle, resultats, ctx.alertes, ctx.provenances())


def verifier_plan(plan: Plan) -> None:
    """Refuse a plan holding a choc or levier of a class no module applies."""
    for item in (*plan.chocs, *plan.leviers):
        if type(item) not in _APPLIQUES:
            nom = getattr(item, "type", None) or type(item).__name__
            raise ItemNonApplique(
                f"« {nom} » ({type(item).__name__}) : aucun module du moteur n'applique ce choc ou ce levier ; "
                "déclarez-le dans l'APPLIQUE du module qui en tient compte"
            )


def _annee(ctx: Contexte, periode: Periode, tresorerie_debut: float, plan: tresorerie.PlanDeTresorerie) -> Annee:
    """One year: the modules fill the accounts of each open conventionnement, then the consolidation and cash."""
    comptes = {t: Comptes() for t, c in ctx.conventionnements.items() if c.debut <= periode.annee}
    etp_suivis = postes.calculer(ctx, periode, comptes)
    repartir = repartition(comptes)
    chiffre_affaires.calculer(ctx, periode, comptes, etp_suivis)
    non_retenues = financements.calculer(ctx, periode, repartir)
    investissements, subv_invest = charges.calculer(ctx, periode, comptes, repartir)
    tresorerie.charges_financieres(ctx, periode, repartir)
    total = _consolider(comptes)
    flux = plan.annee(periode, comptes, total, tresorerie_debut, investissements, subv_invest)
    a = Annee(
        annee=periode.annee,
        total=total,
        par_conventionnement=comptes,
        tresorerie=flux,
        subventions_non_retenues=non_retenues,
        indicateurs={},
    )
    indicateurs.calculer(ctx, periode, a)
    return a


def _consolider(comptes: dict[str, Comptes]) -> Comptes:
    """Every line present in each conventionnement's accounts (0 when none), and their sum."""
    total = Comptes()
    for k in comptes.values():
        produits, charges = k.produits, k.charges
        for ligne in _LIGNES_PRODUITS:
            produits.setdefault(ligne, 0.0)
        for ligne in LIGNES_CHARGES:
            charges.setdefault(ligne, 0.0)
        total.ajouter(k)
    return total


_LIGNES_PRODUITS = (*LIGNES_PRODUITS, *DETAIL_PRODUITS)
