"""The engine: scenarios simulated year by year, per conventionnement and consolidated."""

from iae_model.simulation.moteur import Plan, plan_du_scenario, simuler, simuler_plan, simuler_scenario
from iae_model.simulation.resultat import Alerte, Annee, Comptes, Resultat, ResultatScenario

__all__ = [
    "Alerte",
    "Annee",
    "Comptes",
    "Plan",
    "Resultat",
    "ResultatScenario",
    "plan_du_scenario",
    "simuler",
    "simuler_plan",
    "simuler_scenario",
]
