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
from dataclasses import dataclass
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
    Alerte,
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
    "PointsDeReprise",
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


def simuler(
    projet: Projet,
    scenarios: Sequence[str] | None = None,
    parametres: Parametres | None = None,
    reprises: PointsDeReprise | None = None,
) -> Resultat:
    """Simulate the project's scenarios (all of them by default), in file order.

    A scenario takes the years before its first own choc or levier from a scenario simulated before it
    (`PointsDeReprise`, which a caller running bridges and solvers next on the same project may pass on).
    """
    parametres = parametres or charger_parametres()
    ids = list(scenarios) if scenarios else [s.id for s in projet.scenarios]
    reprises = reprises or PointsDeReprise(projet, parametres)
    plans = [plan_du_scenario(projet, i) for i in ids]
    return Resultat(projet.structure.nom, [simuler_plan(projet, plan, parametres, reprises=reprises) for plan in plans])


def simuler_scenario(projet: Projet, identifiant: str, parametres: Parametres | None = None) -> ResultatScenario:
    return simuler_plan(projet, plan_du_scenario(projet, identifiant), parametres or charger_parametres())


def simuler_plan(
    projet: Projet,
    plan: Plan,
    parametres: Parametres | None = None,
    partage: dict[tuple, Any] | None = None,
    reprises: PointsDeReprise | None = None,
    garder: bool = True,
) -> ResultatScenario:
    """One scenario; `partage` lets the scenarios of one simulation share pure computations (`Contexte.partage`).

    With `reprises`, the years this plan shares with a plan simulated before are taken from it, and this plan's
    years are kept there for the next ones (unless `garder` is false: a solver's trial nobody resumes from).
    """
    verifier_plan(plan)
    parametres = parametres or charger_parametres()
    annees = range(projet.structure.annee_reference, projet.hypotheses.horizon + 1)
    conj = conjoncture(parametres, postes.hypotheses_par_annee(plan, annees))
    ctx = Contexte(projet, plan, conj, postes.conventionnements(projet, plan))
    if partage is not None:
        ctx.partage = partage
    elif reprises is not None:
        ctx.partage = reprises.partage
    resultats: list[Annee] = []
    points: list[_Point] = []
    solde = projet.structure.tresorerie_initiale
    plan_tresorerie = tresorerie.PlanDeTresorerie(ctx)
    avant = len(ctx.alertes)
    if reprises is not None:
        reprises.verifier(projet, parametres)
        depart = reprises.depart(plan)
        if depart is not None:
            fait, n = depart
            point = fait.points[n - 1]
            resultats, points = fait.annees[:n], fait.points[:n]
            ctx.alertes.extend(fait.alertes[fait.avant : point.alertes])
            ctx.utilises.update(point.utilises)
            ctx.report.update(point.report)
            plan_tresorerie.reprendre(point.tresorerie)
            solde = resultats[-1].tresorerie_fin
    garder = garder and reprises is not None
    for annee in annees[len(resultats) :]:
        a = _annee(ctx, Periode.de_l_annee(annee), solde, plan_tresorerie)
        resultats.append(a)
        solde = a.tresorerie_fin
        if garder:
            points.append(_Point(len(ctx.alertes), frozenset(ctx.utilises), plan_tresorerie.etat(), dict(ctx.report)))
    if garder:
        reprises.garder(_Fait(plan, resultats, ctx.alertes, avant, points))  # type: ignore[union-attr]
    return ResultatScenario(plan.id, plan.libelle, resultats, ctx.alertes, ctx.provenances())


# --- resuming a scenario from another's years ------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    """A scenario's state at the end of a year: what a scenario equal to it until then resumes from."""

    alertes: int
    """The alerts raised up to then (the first ones of the scenario's list)."""
    utilises: frozenset[tuple[str, int]]
    tresorerie: tresorerie.EtatTresorerie
    report: dict[tuple, float]


@dataclass(frozen=True)
class _Fait:
    """A scenario simulated, with its state at the end of each year."""

    plan: Plan
    annees: list[Annee]
    alertes: list[Alerte]
    avant: int
    """Alerts raised before its first year (none today): a resumed scenario raises its own."""
    points: list[_Point]


class PointsDeReprise:
    """The scenarios of one project already simulated, kept year by year for those that differ from a later year.

    The engine computes a year from the project, the plan's items acting up to that year and what the years
    before leave (the cash still to come, an ETTI's last turnover). Two plans with the same hypotheses and the
    same items but for some that act only from year Y (`Item.premier_effet`) therefore have the same years
    before Y, to the last bit: the second one takes them from the first and resumes at Y. What `simuler` does
    for the scenarios of a project (a State hypothesis on the reference, an answer on the State hypothesis),
    and the bridges and the decision solver for their steps and trials. The years taken are the same objects
    (a result is never changed once simulated).
    """

    def __init__(self, projet: Projet, parametres: Parametres) -> None:
        self._projet = projet
        self._parametres = parametres
        self._faits: list[_Fait] = []
        self.partage: dict[tuple, Any] = {}
        """What the scenarios simulated with these points share besides their years (`Contexte.partage`)."""

    def verifier(self, projet: Projet, parametres: Parametres) -> None:
        if projet is not self._projet or parametres is not self._parametres:
            raise ValueError("points de reprise d'un autre projet ou d'autres paramètres : simulez sans eux")

    def garder(self, fait: _Fait) -> None:
        self._faits.append(fait)

    def depart(self, plan: Plan) -> tuple[_Fait, int] | None:
        """The scenario simulated that shares the most years with `plan`, and how many (None if none shares one)."""
        ref = self._projet.structure.annee_reference
        fin = self._projet.hypotheses.horizon + 1
        meilleur: tuple[_Fait, int] | None = None
        for fait in reversed(self._faits):
            n = min(premiere_difference(fait.plan, plan, ref), fin) - ref
            if n > 0 and (meilleur is None or n > meilleur[1]):
                meilleur = (fait, n)
        return meilleur


def premiere_difference(a: Plan, b: Plan, annee_reference: int) -> int:
    """The first year two plans may differ: the reference year if their hypotheses differ, else the first year
    an item one of them holds beyond their common beginning acts (after the horizon if none)."""
    if a.hypotheses is not b.hypotheses and a.hypotheses != b.hypotheses:
        return annee_reference
    premiere = _JAMAIS
    for x, y in ((a.chocs, b.chocs), (a.leviers, b.leviers)):
        n = 0
        for i, j in zip(x, y):  # noqa: B905 - the common beginning of two lists of different lengths
            if i is not j and i != j:
                break
            n += 1
        for item in (*x[n:], *y[n:]):
            premiere = min(premiere, item.premier_effet(annee_reference))
    return premiere


_JAMAIS = 10_000


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
