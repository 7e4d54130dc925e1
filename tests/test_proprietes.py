"""Properties that must hold for any valid project (hypothesis generates the projects)."""

from __future__ import annotations

import copy

import pytest
from fabrique import donnees_minimales
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import projets

from iae_model.projet import ecrire_projet, lire_projet, projet_depuis_donnees
from iae_model.simulation import simuler, simuler_scenario
from iae_model.vocabulaire import PAYEURS

REGLAGES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _avec_chocs(donnees, *chocs):
    d = copy.deepcopy(donnees)
    d["scenarios"] = [d["scenarios"][0], {"id": "essai", "libelle": "Essai", "chocs": list(chocs)}]
    return projet_depuis_donnees(d)


@REGLAGES
@given(projets(chocs=False), st.floats(0, 1), st.floats(0, 1), st.data())
def test_une_coupe_plus_profonde_n_augmente_jamais_l_aide(donnees, t1, t2, data):
    leger, profond = sorted((t1, t2))
    ref = donnees["structure"]["annee_reference"]
    annee = data.draw(st.integers(ref, donnees["hypotheses"]["horizon"]))
    a = simuler_scenario(_avec_chocs(donnees, {"type": "reduction_etp", "annee": annee, "taux": -leger}), "essai")
    b = simuler_scenario(_avec_chocs(donnees, {"type": "reduction_etp", "annee": annee, "taux": -profond}), "essai")
    for x, y in zip(a.annees, b.annees, strict=True):
        assert y.total.produits["aide_au_poste"] <= x.total.produits["aide_au_poste"] + 1e-6
        assert y.total.etp_conventionnes <= x.total.etp_conventionnes + 1e-9


@REGLAGES
@given(projets(chocs=False), st.floats(0, 0.2), st.floats(0, 0.2))
def test_socle_gele_une_hausse_du_smic_n_ameliore_jamais_le_resultat(donnees, s1, s2):
    # paid the SMIC: a wage entered above it stays in euros of the reference year when the SMIC rises that
    # year, and its employer cost may then fall (the general reduction is computed on pay / SMIC): a real effect
    faible, forte = sorted((s1, s2))
    donnees = copy.deepcopy(donnees)
    donnees["charges"]["salaire_horaire_insertion"] = "smic"
    for c in donnees["conventionnements"]:
        c.pop("salaire_horaire_insertion", None)
    donnees["hypotheses"]["indexation_socle"] = "gel"
    annee = donnees["structure"]["annee_reference"]
    a = simuler_scenario(_avec_chocs(donnees, {"type": "choc_smic", "annee": annee, "taux": faible}), "essai")
    b = simuler_scenario(_avec_chocs(donnees, {"type": "choc_smic", "annee": annee, "taux": forte}), "essai")
    for x, y in zip(a.annees, b.annees, strict=True):
        assert y.resultat <= x.resultat + 1e-6


@REGLAGES
@given(projets())
def test_consolide_egal_somme_et_produits_moins_charges(donnees):
    r = simuler(projet_depuis_donnees(donnees))
    for s in r.scenarios:
        tresorerie = donnees["structure"]["tresorerie_initiale"]
        for a in s.annees:
            t = a.total
            assert t.resultat == pytest.approx(t.total_produits - t.total_charges, abs=1e-6)
            convs = a.par_conventionnement.values()
            for bloc in ("produits", "charges"):
                for ligne, valeur in getattr(t, bloc).items():
                    somme = sum(getattr(c, bloc).get(ligne, 0.0) for c in convs)
                    assert valeur == pytest.approx(somme, rel=1e-9, abs=1e-6), (bloc, ligne)
            assert t.resultat == pytest.approx(sum(c.resultat for c in convs), rel=1e-9, abs=1e-6)
            assert t.etp_realises == pytest.approx(sum(c.etp_realises for c in convs))
            assert t.produits["aide_au_poste"] == pytest.approx(
                t.produits["aide_au_poste_etat"] + t.produits["aide_au_poste_departement"], abs=1e-6
            )
            assert t.produits["aide_au_poste_departement"] >= -1e-9
            assert a.tresorerie_debut == pytest.approx(tresorerie)
            tresorerie = a.tresorerie_fin


@REGLAGES
@given(projets())
def test_aller_retour_de_tout_projet_valide(donnees):
    projet = projet_depuis_donnees(donnees)
    texte = ecrire_projet(projet)
    assert lire_projet(texte) == projet
    assert ecrire_projet(lire_projet(texte)) == texte


def test_des_charges_infimes_ne_font_pas_diviser_par_zero():
    """Found by Hypothesis: variable charges of 5e-324 € made « a month of charges » round to 0 €."""
    d = donnees_minimales("ACI", etp=0, horizon=2026)
    d["activites"] = [
        {"nom": "A", "conventionnement": "ACI", "chiffre_affaires": 1.0, "taux_charges_variables": 5e-324}
    ]
    a = simuler_scenario(projet_depuis_donnees(d), "reference").annee(2026)
    assert a.indicateurs["mois_tresorerie"] is None


# --- the cash plan ------------------------------------------------------------------------------


def _decembres_par_les_mois(monkeypatch) -> list[tuple[float, float]]:
    """(December's balance added up month by month, `fin` from the identity) of every year simulated."""
    import iae_model.simulation.tresorerie as module

    vus: list[tuple[float, float]] = []
    construire = module.FluxTresorerie

    def espion(**champs):
        vus.append((champs["mensuelle"][-1], champs["fin"]))
        return construire(**champs)

    monkeypatch.setattr(module, "FluxTresorerie", espion)
    return vus


@REGLAGES
@given(projets())
def test_identite_de_tresorerie_chaque_annee(donnees):
    with pytest.MonkeyPatch.context() as mp:
        decembres = _decembres_par_les_mois(mp)
        r = simuler(projet_depuis_donnees(donnees))
    for par_les_mois, fin in decembres:
        assert par_les_mois == pytest.approx(fin, rel=1e-9, abs=1e-4)
    for s in r.scenarios:
        bfr = None
        for a in s.annees:
            t = a.tresorerie
            caf = a.resultat + a.total.charges["amortissements"] - a.total.produits["quote_part_subventions"]
            assert t.caf == pytest.approx(caf, rel=1e-9, abs=1e-6)
            attendu = t.debut + t.caf - t.investissements + t.subventions_investissement
            attendu += t.emprunts_nouveaux - t.remboursements_emprunts - t.variation_bfr
            assert t.fin == pytest.approx(attendu, rel=1e-9, abs=1e-4)
            assert t.mensuelle[-1] == t.fin and len(t.mensuelle) == 12
            assert t.point_bas == min(t.mensuelle) == t.mensuelle[t.mois_point_bas - 1]
            if bfr is not None:
                assert t.variation_bfr == pytest.approx(t.bfr - bfr, rel=1e-9, abs=1e-4)
            bfr = t.bfr


@REGLAGES
@given(projets(), st.floats(1, 100_000))
def test_la_tresorerie_ne_monte_jamais_par_les_seuls_amortissements(donnees, supplement):
    plus = copy.deepcopy(donnees)
    plus["charges"]["amortissements"] += supplement
    a = simuler(projet_depuis_donnees(donnees))
    b = simuler(projet_depuis_donnees(plus))
    for sa, sb in zip(a.scenarios, b.scenarios, strict=True):
        for x, y in zip(sa.annees, sb.annees, strict=True):
            for mx, my in zip(x.tresorerie.mensuelle, y.tresorerie.mensuelle, strict=True):
                assert my <= mx + 1e-6 * max(1.0, abs(mx))


@REGLAGES
@given(projets(chocs=False), st.data())
def test_un_paiement_plus_tardif_ne_remonte_jamais_le_point_bas(donnees, data):
    ref = donnees["structure"]["annee_reference"]
    retard = {
        "type": "retard_paiement",
        "payeur": data.draw(st.sampled_from(list(PAYEURS))),
        "annee": data.draw(st.integers(ref, donnees["hypotheses"]["horizon"])),
        "mois": data.draw(st.integers(1, 24)),
    }
    a = simuler_scenario(_avec_chocs(donnees), "essai")
    b = simuler_scenario(_avec_chocs(donnees, retard), "essai")
    for x, y in zip(a.annees, b.annees, strict=True):
        assert y.resultat == pytest.approx(x.resultat, rel=1e-12, abs=1e-6)
        assert y.tresorerie.point_bas <= x.tresorerie.point_bas + 1e-6 * max(1.0, abs(x.tresorerie.point_bas))
        for mx, my in zip(x.tresorerie.mensuelle, y.tresorerie.mensuelle, strict=True):
            assert my <= mx + 1e-6 * max(1.0, abs(mx))
