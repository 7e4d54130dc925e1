"""Small projects built in the tests, so that each reference case shows every figure it uses."""

from __future__ import annotations

import copy
from typing import Any

from iae_model.projet import Projet, projet_depuis_donnees


def donnees_minimales(
    type_: str = "ACI",
    etp: float = 10,
    annee_reference: int = 2025,
    horizon: int = 2027,
    **conventionnement: Any,
) -> dict[str, Any]:
    """One conventionnement, no turnover, no costs but the insertion payroll, cash 0."""
    conv: dict[str, Any] = {"type": type_}
    if type_ == "EITI":
        conv["travailleurs_accompagnes"] = etp
    else:
        conv["etp_conventionnes"] = etp
    conv.update(conventionnement)
    return {
        "schema": 1,
        "structure": {"nom": f"Test {type_}", "annee_reference": annee_reference, "tresorerie_initiale": 0},
        "conventionnements": [conv],
        "hypotheses": {
            "horizon": horizon,
            "evolution_smic": 0.02,
            "indexation_socle": "smic",
            "inflation_charges": 0.02,
        },
        "scenarios": [{"id": "reference", "libelle": "Référence"}],
    }


def avec_scenario(donnees: dict[str, Any], **scenario: Any) -> dict[str, Any]:
    d = copy.deepcopy(donnees)
    scenario.setdefault("libelle", scenario["id"])
    d["scenarios"].append(scenario)
    return d


def projet(donnees: dict[str, Any]) -> Projet:
    return projet_depuis_donnees(copy.deepcopy(donnees))
