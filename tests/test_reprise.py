"""A scenario resumed from another one's years gives exactly what simulating it alone gives.

`simuler` (and the bridges and the decision solver) take a scenario's years before the first year its own
chocs and leviers act from a scenario already simulated, and resume from the end of the year before. These
tests compare, figure by figure, with the scenario simulated alone from the reference year: every example,
and the examples with their items re-dated at random (all 23 classes of chocs and leviers are in them).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iae_model.decision import coupe_etp_absorbable
from iae_model.parametres import charger_parametres
from iae_model.projet import Projet, charger_projet, projet_depuis_donnees, projet_en_donnees
from iae_model.projet.scenarios import MODELES, ReductionEtp
from iae_model.simulation import ResultatScenario, plan_du_scenario, simuler, simuler_plan, simuler_scenario
from iae_model.simulation.moteur import PointsDeReprise

EXEMPLES = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


@cache
def _exemple(chemin: Path) -> Projet:
    return charger_projet(chemin)


def _identiques(a: ResultatScenario, b: ResultatScenario) -> None:
    """Every figure of every year, the alerts and the parameters used: equal, not only close."""
    assert [x.annee for x in a.annees] == [x.annee for x in b.annees]
    for x, y in zip(a.annees, b.annees, strict=True):
        assert x == y, f"{a.id} {x.annee}"
    assert a.alertes == b.alertes
    assert set(a.provenance) == set(b.provenance)


def _compare_avec_seul(projet: Projet) -> None:
    ensemble = simuler(projet)
    for rs in ensemble.scenarios:
        _identiques(rs, simuler_scenario(projet, rs.id))


def test_chaque_exemple_repris_egale_chaque_scenario_simule_seul():
    for chemin in EXEMPLES:
        _compare_avec_seul(_exemple(chemin))


def test_les_annees_avant_le_premier_choc_sont_reprises_et_non_recalculees():
    # ACI espaces verts: « coupe_2026 » (chocs from 2026) takes its 2025 from the reference, « rebond_territorial »
    # (leviers from 2027, on coupe_2026) its 2025 and 2026 from coupe_2026; 2027 is computed
    r = simuler(_exemple(next(c for c in EXEMPLES if c.stem == "aci_espaces_verts")))
    reference, coupe, rebond = (r.scenario(i) for i in ("reference", "coupe_2026", "rebond_territorial"))
    assert coupe.annees[0] is reference.annees[0]
    assert coupe.annees[1] is not reference.annees[1]
    assert rebond.annees[0] is reference.annees[0] and rebond.annees[1] is coupe.annees[1]
    assert rebond.annees[2] is not coupe.annees[2]


def test_un_retard_de_paiement_n_est_jamais_repris():
    # a delay from 2027 moves payments the years before schedule into 2027 (a December invoice, a balance paid
    # the next year): the cash plan of 2026 differs in what it leaves, so nothing is taken from a scenario without it
    projet = _exemple(next(c for c in EXEMPLES if c.stem == "aci_espaces_verts"))
    d = projet_en_donnees(projet)
    d["scenarios"].append(
        {
            "id": "retard",
            "libelle": "Retard",
            "base": "reference",
            "chocs": [{"type": "retard_paiement", "payeur": "departement", "annee": 2027, "mois": 6}],
        }
    )
    p = projet_depuis_donnees(d)
    r = simuler(p)
    assert r.scenario("retard").annees[0] is not r.scenario("reference").annees[0]
    _identiques(r.scenario("retard"), simuler_scenario(p, "retard"))


def test_la_coupe_absorbable_est_la_meme_avec_ou_sans_reprise():
    # the solver resumes its trials from the scenario's years before the cut: its answer, simulated alone
    # from the reference year, gives the same low points to the cent
    parametres = charger_parametres()
    for chemin in EXEMPLES:
        projet = _exemple(chemin)
        scenario = projet.scenarios[-1].id
        coupe = coupe_etp_absorbable(projet, scenario, parametres=parametres)
        plan = plan_du_scenario(projet, scenario)
        assert coupe.tresorerie_min_sans_coupe == simuler_plan(projet, plan, parametres).tresorerie_min
        if coupe.taux:
            choc = ReductionEtp(type="reduction_etp", annee=coupe.annee, taux=-coupe.taux)
            seul = simuler_plan(projet, replace(plan, chocs=[*plan.chocs, choc]), parametres).tresorerie_min
            assert coupe.tresorerie_min_a_la_coupe == seul


def test_un_point_de_reprise_refuse_un_autre_projet():
    a, b = (_exemple(c) for c in EXEMPLES[:2])
    points = PointsDeReprise(a, charger_parametres())
    try:
        simuler_plan(b, plan_du_scenario(b, "reference"), charger_parametres(), reprises=points)
    except ValueError as e:
        assert "autre projet" in str(e)
    else:  # pragma: no cover - the assertion is the point of the test
        raise AssertionError("un point de reprise d'un autre projet a été accepté")


REGLAGES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@REGLAGES
@given(st.sampled_from(EXEMPLES), st.data())
def test_les_exemples_aux_items_redates_au_hasard(chemin, data):
    """Each scenario's items re-dated between the reference year and the horizon, and a sibling scenario holding
    a random part of another's items: resumed or alone, the same figures."""
    projet = _exemple(chemin)
    d = copy.deepcopy(projet_en_donnees(projet))
    ref, horizon = d["structure"]["annee_reference"], d["hypotheses"]["horizon"]
    for s in d["scenarios"]:
        for cle in ("chocs", "leviers"):
            for item in s.get(cle, []):
                if data.draw(st.booleans()):
                    item["annee"] = data.draw(st.integers(ref, horizon))
    donneur = data.draw(st.sampled_from([s for s in d["scenarios"] if s.get("chocs") or s.get("leviers")]))
    items = [("chocs", x) for x in donneur.get("chocs", [])] + [("leviers", x) for x in donneur.get("leviers", [])]
    garder = data.draw(st.lists(st.sampled_from(range(len(items))), unique=True))
    frere: dict = {"id": "frere", "libelle": "Frère", "base": donneur.get("base")}
    for i in sorted(garder):
        cle, x = items[i]
        frere.setdefault(cle, []).append(copy.deepcopy(x))
    d["scenarios"].append(frere)
    p = projet_depuis_donnees(d)
    assert {type(x).__name__ for s in p.scenarios for x in (*s.chocs, *s.leviers)} <= {
        c.__name__ for c in MODELES.values()
    }
    _compare_avec_seul(p)
