"""The engine: scenarios simulated year by year, per conventionnement and consolidated."""

from iae_model.simulation.moteur import (
    TYPES_APPLIQUES,
    ItemNonApplique,
    Plan,
    plan_du_scenario,
    simuler,
    simuler_plan,
    simuler_scenario,
)
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Alerte, Annee, Comptes, Resultat, ResultatScenario

__all__ = [
    "TYPES_APPLIQUES",
    "Alerte",
    "Annee",
    "Comptes",
    "ItemNonApplique",
    "Periode",
    "Plan",
    "Resultat",
    "ResultatScenario",
    "plan_du_scenario",
    "simuler",
    "simuler_plan",
    "simuler_scenario",
]
