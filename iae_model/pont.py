"""The bridge from one scenario to another: what each choc costs and what each levier brings back.

`pont(projet, "rebond", base_id="reference")` starts from the cumulative result of the base over the
whole horizon (every year from `annee_reference` to `horizon`), then changes the base's plan one item
at a time until it is the scenario's plan, simulating after each change:

1. if the base is not in the scenario's chain (two sibling answers to the same cut, for instance),
   a first step withdraws what is specific to the base, back to the last scenario both chains share
   (or to an empty plan with the project's hypotheses when they share none);
2. a step for the hypotheses, if the scenario overrides them (SMIC, inflation, indexation...);
3. the scenario's chocs, one at a time, in the order of its chain and file;
4. then its leviers, one at a time, in the same order.

Each step's effect is the cumulative result after the change minus the result before it. Why one at
a time, in that order: the effects are not additive. Cutting 10 % of the ETP costs less once the socle
is frozen, a new market brings more when fixed costs were already covered, a derogation to the ACI
ceiling is worth nothing until turnover grows. So the effect of an item is measured *given the items
before it*; another order would split the same total differently. Chocs come before leviers so that
the bridge reads as the board asks it: what the cut costs, then what each answer brings back.

The steps add up to the gap between the two scenarios exactly: every cumulative result is rounded to
the cent first, and each effect is the difference of two consecutive rounded values, so the sum
telescopes (checked in whole cents by the tests). The last value is the scenario's own simulated
result, since the last plan of the chain is the scenario's plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from iae_model.parametres import Parametres, charger_parametres
from iae_model.phrases import changements_d_hypotheses
from iae_model.projet.modele import Hypotheses, Projet
from iae_model.simulation.moteur import Plan, PointsDeReprise, plan_du_scenario, simuler_plan
from iae_model.simulation.resultat import ResultatScenario

CHOC = "choc"
LEVIER = "levier"
HYPOTHESES = "hypothèses"
BASE = "base"


@dataclass(frozen=True)
class Etape:
    """One change of plan: cumulative results before and after it, in euros rounded to the cent."""

    libelle: str
    nature: str  # "choc", "levier", "hypothèses" or "base"
    avant: float
    apres: float
    effets_annuels: Mapping[int, float]

    @property
    def effet(self) -> float:
        return round(self.apres - self.avant, 2)


@dataclass(frozen=True)
class Pont:
    scenario: str
    base: str
    annees: tuple[int, ...]
    depart: float
    arrivee: float
    etapes: tuple[Etape, ...]
    depart_annuel: Mapping[int, float]
    arrivee_annuel: Mapping[int, float]

    @property
    def ecart(self) -> float:
        return round(self.arrivee - self.depart, 2)


def resultat_cumule(resultat: ResultatScenario) -> float:
    """Sum of the yearly results over the horizon, rounded to the cent (the bridge's measure)."""
    return round(sum(a.resultat for a in resultat.annees), 2)


def resultats_annuels(resultat: ResultatScenario) -> dict[int, float]:
    return {a.annee: round(a.resultat, 2) for a in resultat.annees}


# --- French labels of chocs, leviers and hypotheses -------------------------------------------------


def libelle_item(item: Any) -> str:
    """A short French label naming the item, its key figures and its year (the class's own title)."""
    return item.titre()


def libelle_hypotheses(avant: Hypotheses, apres: Hypotheses) -> str:
    """'Hypothèses du scénario : SMIC +1 % par an, socle … gelé' (only what changes)."""
    return changements_d_hypotheses(avant, apres)


# --- the bridge ---------------------------------------------------------------------------------


def _chaine(projet: Projet, identifiant: str) -> list[str]:
    return [s.id for s in projet.chaine(identifiant)]


def _commun(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The shared beginning of two chains (root first): the common ancestors."""
    commun = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        commun.append(x)
    return commun


def pont(
    projet: Projet,
    scenario_id: str,
    base_id: str | None = None,
    parametres: Parametres | None = None,
    reprises: PointsDeReprise | None = None,
) -> Pont:
    """From the base's cumulative result to the scenario's, one item at a time (see the module's docstring).

    The base is the project's reference scenario unless another is given. Each step resumes from the years
    before its item acts (`PointsDeReprise`).
    """
    base_id = base_id or projet.scenario_de_reference()
    parametres = parametres or charger_parametres()
    reprises = reprises or PointsDeReprise(projet, parametres)
    chaine = _chaine(projet, scenario_id)
    chaine_base = _chaine(projet, base_id)
    commun = _commun(chaine, chaine_base)

    cible = plan_du_scenario(projet, scenario_id)
    courant = plan_du_scenario(projet, base_id)
    annees: tuple[int, ...] = ()

    def mesurer(plan: Plan) -> tuple[float, dict[int, float]]:
        nonlocal annees
        r = simuler_plan(projet, plan, parametres, reprises=reprises)
        annees = tuple(a.annee for a in r.annees)
        return resultat_cumule(r), resultats_annuels(r)

    valeur, annuel = mesurer(courant)
    depart, depart_annuel = valeur, annuel
    etapes: list[Etape] = []

    def avancer(plan: Plan, libelle: str, nature: str) -> None:
        nonlocal courant, valeur, annuel
        nouvelle, nouvel_annuel = mesurer(plan)
        effets = {a: round(nouvel_annuel[a] - annuel[a], 2) for a in nouvel_annuel}
        etapes.append(Etape(libelle, nature, valeur, nouvelle, effets))
        courant, valeur, annuel = plan, nouvelle, nouvel_annuel

    if len(commun) < len(chaine_base):
        # the base is not on the scenario's chain: withdraw what is specific to it first
        if commun:
            ancetre = plan_du_scenario(projet, commun[-1])
        else:
            ancetre = Plan(courant.id, courant.libelle, projet.hypotheses, [], [])
        libelle_base = projet.scenario(base_id).libelle
        avancer(ancetre, f"Retrait des choix propres à « {libelle_base} »", BASE)

    if courant.hypotheses != cible.hypotheses:
        avancer(
            replace(courant, hypotheses=cible.hypotheses),
            libelle_hypotheses(courant.hypotheses, cible.hypotheses),
            HYPOTHESES,
        )

    suite = [projet.scenario(i) for i in chaine[len(commun) :]]
    for choc in (c for s in suite for c in s.chocs):
        avancer(replace(courant, chocs=[*courant.chocs, choc]), libelle_item(choc), CHOC)
    for levier in (x for s in suite for x in s.leviers):
        avancer(replace(courant, leviers=[*courant.leviers, levier]), libelle_item(levier), LEVIER)

    return Pont(
        scenario=scenario_id,
        base=base_id,
        annees=annees,
        depart=depart,
        arrivee=valeur,
        etapes=tuple(etapes),
        depart_annuel=depart_annuel,
        arrivee_annuel=annuel,
    )
