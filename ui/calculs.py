"""Simulations of the session's project, computed once per version of the project.

The engine takes a few milliseconds, but a page may ask several times per rerun: results are kept
in the session (never in a process-wide cache: they hold a structure's confidential figures).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from iae_model.decision import CoupeAbsorbable, coupe_etp_absorbable
from iae_model.parametres import charger_parametres
from iae_model.pont import Pont
from iae_model.pont import pont as calculer_pont
from iae_model.projet import Projet
from iae_model.simulation import Resultat, ResultatScenario
from iae_model.simulation.moteur import PointsDeReprise, plan_du_scenario, simuler_plan

T = TypeVar("T")
_CLE = "iae_calculs"


def _memo(projet: Projet, cle: tuple[Any, ...], calcul: Callable[[], T]) -> T:
    memo: dict[tuple[Any, ...], Any] = st.session_state.setdefault(_CLE, {})
    if memo.get("projet") is not projet:
        memo.clear()
        memo["projet"] = projet
    if cle not in memo:
        memo[cle] = calcul()
    return memo[cle]


def scenario_de_reference(projet: Projet) -> str:
    return projet.scenario_de_reference()


def _reprises(projet: Projet) -> PointsDeReprise:
    """The years already simulated for this version of the project: a scenario, a bridge's step or a solver's
    trial resumes from those it shares (`PointsDeReprise`); kept in the session, with the project's figures."""
    return _memo(projet, ("reprises",), lambda: PointsDeReprise(projet, charger_parametres()))


def resultat_scenario(projet: Projet, identifiant: str) -> ResultatScenario:
    """One scenario, simulated once per version of the project (a page computes only what it shows)."""

    def calcul() -> ResultatScenario:
        plan = plan_du_scenario(projet, identifiant)
        return simuler_plan(projet, plan, charger_parametres(), reprises=_reprises(projet))

    return _memo(projet, ("scenario", identifiant), calcul)


def resultat(projet: Projet, identifiants: Sequence[str] | None = None) -> Resultat:
    """The given scenarios (all by default), each simulated once per version of the project."""
    ids = list(identifiants) if identifiants is not None else [s.id for s in projet.scenarios]
    return Resultat(projet.structure.nom, [resultat_scenario(projet, i) for i in ids])


def coupe_absorbable(projet: Projet, scenario: str) -> CoupeAbsorbable:
    reprises = _reprises(projet)
    return _memo(projet, ("coupe", scenario), lambda: coupe_etp_absorbable(projet, scenario, reprises=reprises))


def pont(projet: Projet, scenario: str, base: str) -> Pont:
    """The bridge from `base` to `scenario` (one simulation per choc and levier)."""
    reprises = _reprises(projet)
    return _memo(projet, ("pont", scenario, base), lambda: calculer_pont(projet, scenario, base, reprises=reprises))


def graphique(projet: Projet, cle: tuple[Any, ...], fabrique: Callable[[], Any]) -> dict[str, Any]:
    """A chart's Vega-Lite spec, built once per project version.

    Building Altair charts and checking them against the Vega-Lite schema cost ~100 ms per rerun of
    Résultats; the charts are fixed code (their schema is checked by the tests), so reruns reuse the
    spec and skip both.
    """
    return _memo(projet, ("graphique", *cle), lambda: fabrique().to_dict(validate=False))
