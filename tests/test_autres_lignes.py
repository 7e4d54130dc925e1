"""« Autres produits » and « Autres charges »: amounts of the reference year indexed on the inflation,
shared pro rata the ETP réalisés, paid like suppliers or received in the month. Figures by hand."""

from __future__ import annotations

import copy

import pytest
from fabrique import donnees_minimales, projet

from iae_model.explications import expliquer
from iae_model.simulation import simuler_scenario


def _deux_conventionnements() -> dict:
    d = donnees_minimales("ACI", etp=10)
    d["conventionnements"].append({"type": "EI", "etp_conventionnes": 30})
    return d


def _avec_autres(d: dict) -> dict:
    d = copy.deepcopy(d)
    d["charges"] = {"autres_charges": 10_000, "autres_produits": 4_000}
    return d


def test_montants_indexes_sur_l_inflation_et_repartis_au_prorata_des_etp():
    r = simuler_scenario(projet(_avec_autres(_deux_conventionnements())), "reference")
    a25, a27 = r.annee(2025), r.annee(2027)
    assert a25.total.charges["autres_charges"] == pytest.approx(10_000)
    assert a25.total.produits["autres_produits"] == pytest.approx(4_000)
    # inflation 2 % a year: 10 000 × 1,02² = 10 404 ; 4 000 × 1,02² = 4 161,60
    assert a27.total.charges["autres_charges"] == pytest.approx(10_404)
    assert a27.total.produits["autres_produits"] == pytest.approx(4_161.60)
    # 10 ETP ACI, 30 ETP EI, both fully occupied: 25 % and 75 %
    assert a25.par_conventionnement["ACI"].charges["autres_charges"] == pytest.approx(2_500)
    assert a25.par_conventionnement["EI"].produits["autres_produits"] == pytest.approx(3_000)


def test_resultat_et_tresorerie_de_l_annee_de_reference():
    sans = simuler_scenario(projet(_deux_conventionnements()), "reference").annee(2025)
    avec = simuler_scenario(projet(_avec_autres(_deux_conventionnements())), "reference").annee(2025)
    assert avec.resultat - sans.resultat == pytest.approx(4_000 - 10_000)
    # the years before the reference one repeat its amounts: the late payments balance out, the cash
    # moves by the result alone
    assert avec.tresorerie_fin - sans.tresorerie_fin == pytest.approx(-6_000, abs=0.01)


def test_explication_montant_fois_inflation():
    p = projet(_avec_autres(_deux_conventionnements()))
    rs = simuler_scenario(p, "reference")
    for categorie, code, attendu in (("charges", "autres_charges", 10_404), ("produits", "autres_produits", 4_161.6)):
        e = expliquer(p, rs, 2027, categorie, code)
        assert sum(c.montant for c in e.calculs) == pytest.approx(attendu)
        assert "(1 + 2\u00a0%)^2" in e.calculs[0].texte or "(1 + 2 %)^2" in e.calculs[0].texte
        assert "inflation" in " ".join(e.hypotheses)
