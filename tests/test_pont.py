"""The bridge from the reference to a scenario: steps that add up, hand-worked effects, French labels."""

from __future__ import annotations

import itertools

import pytest

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.pont import BASE, CHOC, HYPOTHESES, LEVIER, libelle_item, pont, resultat_cumule
from iae_model.projet.scenarios import Mutualisation, ReductionEtp
from iae_model.simulation import simuler
from tests.fabrique import avec_scenario, donnees_minimales, projet

EXEMPLES = [e.fichier for e in lister_exemples()]


def _centimes(x: float) -> int:
    return round(x * 100)


def _verifier_somme(p) -> None:
    """The steps add up to the gap exactly, in whole cents, and chain from one to the next."""
    assert sum(_centimes(e.effet) for e in p.etapes) == _centimes(p.arrivee) - _centimes(p.depart)
    assert round(sum(e.effet for e in p.etapes), 2) == p.ecart
    valeur = p.depart
    for e in p.etapes:
        assert e.avant == valeur
        assert _centimes(e.effet) == _centimes(e.apres) - _centimes(e.avant)
        valeur = e.apres
    assert valeur == p.arrivee
    for annee in p.annees:
        etapes = sum(_centimes(e.effets_annuels[annee]) for e in p.etapes)
        assert etapes == _centimes(p.arrivee_annuel[annee]) - _centimes(p.depart_annuel[annee])


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_la_somme_des_etapes_est_l_ecart_pour_chaque_scenario(fichier):
    p = charger_exemple(fichier)
    resultat = simuler(p)
    reference = p.scenarios[0].id
    for s in p.scenarios:
        b = pont(p, s.id, reference)
        _verifier_somme(b)
        assert b.depart == resultat_cumule(resultat.scenario(reference))
        assert b.arrivee == resultat_cumule(resultat.scenario(s.id))
        # chocs first, then leviers, each in file order of the chain
        natures = [e.nature for e in b.etapes if e.nature in (CHOC, LEVIER)]
        assert natures == sorted(natures, key=[CHOC, LEVIER].index)
        nb_items = sum(len(x.chocs) + len(x.leviers) for x in p.chaine(s.id)[1:])
        assert len([e for e in b.etapes if e.nature in (CHOC, LEVIER)]) == nb_items


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_pont_entre_deux_scenarios_quelconques(fichier):
    """Also when the base is not on the scenario's chain (two answers to the same cut)."""
    p = charger_exemple(fichier)
    resultat = simuler(p)
    for a, b in itertools.permutations([s.id for s in p.scenarios], 2):
        x = pont(p, b, a)
        _verifier_somme(x)
        assert x.depart == resultat_cumule(resultat.scenario(a))
        assert x.arrivee == resultat_cumule(resultat.scenario(b))
        sur_la_chaine = a in [s.id for s in p.chaine(b)]
        assert (x.etapes[:1] and x.etapes[0].nature == BASE) == (not sur_la_chaine)


def test_la_reference_face_a_elle_meme_n_a_aucune_etape():
    p = charger_exemple("aci_espaces_verts.yaml")
    b = pont(p, "reference")
    assert b.etapes == ()
    assert b.depart == b.arrivee == resultat_cumule(simuler(p).scenario("reference"))
    assert b.ecart == 0


def test_mutualisation_calculee_a_la_main():
    """10 000 € of fixed costs saved from 2026, indexed at 2 % (inflation): +10 000 in 2026, +10 200 in 2027."""
    d = donnees_minimales("ACI", etp=10, horizon=2027)
    d["charges"] = {"fonctionnement_fixe": 50_000}
    d = avec_scenario(
        d,
        id="mutualise",
        base="reference",
        leviers=[{"type": "mutualisation", "annee": 2026, "economie_charges_fixes": 10_000}],
    )
    b = pont(projet(d), "mutualise")
    (etape,) = b.etapes
    assert etape.nature == LEVIER
    assert etape.effet == 10_000 + 10_200
    assert dict(etape.effets_annuels) == {2025: 0, 2026: 10_000, 2027: 10_200}
    assert etape.libelle == "Mutualisation : 10\u202f000\u00a0€ de charges fixes en moins dès 2026"
    _verifier_somme(b)


def test_une_coupe_d_etp_coute_quand_l_aide_depasse_la_masse_salariale():
    """An ACI with no turnover and no other cost: result = ETP réalisés × (aide − payroll per ETP).

    With a 10 % part modulée the aide per ETP (≈ 26 k€) exceeds the payroll per ETP (≈ 23 k€), so the
    result is positive and proportional to the ETP: cutting 10 % of them from 2026 costs exactly 10 %
    of the reference's 2026 and 2027 results.
    """
    d = donnees_minimales("ACI", etp=10, horizon=2027, part_modulee=0.1)
    d = avec_scenario(
        d,
        id="coupe",
        base="reference",
        chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.1}],
    )
    p = projet(d)
    ref = simuler(p).scenario("reference")
    aci = ref.annee(2026).par_conventionnement["ACI"]
    assert aci.produits["aide_au_poste"] > aci.charges["masse_salariale_insertion"]
    b = pont(p, "coupe")
    (etape,) = b.etapes
    assert etape.nature == CHOC
    assert etape.effet < 0
    attendu = -0.1 * (ref.annee(2026).resultat + ref.annee(2027).resultat)
    assert etape.effet == pytest.approx(attendu, abs=0.01)
    assert etape.effets_annuels[2025] == 0
    assert etape.libelle == "Baisse des ETP conventionnés de 10\u00a0% dès 2026"


def test_les_hypotheses_du_scenario_sont_une_etape():
    d = donnees_minimales("ACI", etp=10, horizon=2028, part_modulee=0.05)
    d = avec_scenario(
        d,
        id="smic_rapide",
        base="reference",
        hypotheses={"evolution_smic": 0.04, "indexation_socle": "gel"},
        chocs=[{"type": "part_modulee", "annee": 2027, "valeur": 0}],
    )
    b = pont(projet(d), "smic_rapide")
    assert [e.nature for e in b.etapes] == [HYPOTHESES, CHOC]
    assert b.etapes[0].libelle == "Hypothèses du scénario : SMIC +4\u00a0% par an, socle de l'aide au poste gelé"
    assert b.etapes[0].effet < 0  # a faster SMIC with a frozen socle costs money
    _verifier_somme(b)


def test_l_ordre_compte_et_chaque_effet_est_mesure_apres_les_precedents():
    """The same cut costs less once the socle is frozen: the bridge measures each item given the ones before."""
    d = donnees_minimales("ACI", etp=10, horizon=2028, part_modulee=0.1)
    coupe = {"type": "reduction_etp", "annee": 2026, "taux": -0.2}
    gel = {"type": "indexation_socle", "annee": 2026, "valeur": "gel"}
    d = avec_scenario(d, id="coupe_puis_gel", base="reference", chocs=[coupe, gel])
    d = avec_scenario(d, id="gel_puis_coupe", base="reference", chocs=[gel, coupe])
    p = projet(d)
    a = pont(p, "coupe_puis_gel")
    b = pont(p, "gel_puis_coupe")
    assert a.arrivee == b.arrivee
    assert a.etapes[0].effet != b.etapes[1].effet  # the cut alone vs the cut after the freeze


def test_libelles_en_francais():
    assert libelle_item(ReductionEtp(type="reduction_etp", annee=2026, taux=-0.025, conventionnement="EI")) == (
        "Baisse des ETP conventionnés (EI) de 2,5\u00a0% dès 2026"
    )
    m = Mutualisation(type="mutualisation", annee=2027, economie_charges_fixes=15_000, libelle="Véhicules")
    assert libelle_item(m) == "Mutualisation « Véhicules » : 15\u202f000\u00a0€ de charges fixes en moins dès 2027"
