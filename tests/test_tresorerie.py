"""Reference cases of the cash plan (FACTS §12.2–12.3): each expected figure is computed here by hand.

Official amounts used: ACI socle 23 921 € (from 2024-11-01, frozen in 2025), SMIC 11,88 € (2025),
1 820 paid hours per ACI ETP, employer rate 7 %. Payment parameters (parametres/tresorerie): ASP
régularisations at months 5, 8, 11 (4/12, 3/12, 3/12 of the gap) and 13 (2/12), part modulée in month 12,
27 % of the insertion payroll paid the month after, collectivités 50 % in April and 50 % in June of the
next year, FSE+ in month 24, private customers at 45 days, public buyers at 30.
"""

from __future__ import annotations

import copy

import pytest
from fabrique import avec_scenario, donnees_minimales, projet

from iae_model.simulation import simuler, simuler_scenario

SOCLE_ACI = 23_921
SMIC_2025 = 11.88
# employer charges at the SMIC under 11 employees, 2025 (see test_moteur_reference): formation 0,55 %, AT/MP
# 2,2 % − 0,50 point covered, AGS 0,25 %, mutuelle, prévoyance and santé au travail 3 %
COTIS = 0.0055 + (0.022 - 0.005) + 0.0025 + 0.03


def _scenario(donnees, scenario="reference"):
    return simuler_scenario(projet(donnees), scenario)


def _mois(a) -> list[float]:
    """The cash movement of each month of a year (month-end balance less the previous one)."""
    avant = [a.tresorerie.debut, *a.tresorerie.mensuelle[:-1]]
    return [fin - debut for debut, fin in zip(avant, a.tresorerie.mensuelle, strict=True)]


def test_aide_au_poste_douziemes_regularisations_et_part_modulee():
    d = donnees_minimales("ACI", etp=10, taux_occupation=0.9, part_modulee=0.05, horizon=2025)
    a = _scenario(d).annee(2025)
    annexe = 10 * SOCLE_ACI  # the advances: 1/12 of the annex's socle (ETP conventionnés) a month
    realise = 9 * SOCLE_ACI  # the socle earned on the ETP réalisés
    ecart = realise - annexe  # −23 921: taken back by the régularisations
    modulee = realise * 0.05
    paie = 9 * 1820 * SMIC_2025 * (1 + COTIS)
    # a year like the one before: each month pays the net of the month and the contributions of the one before
    attendu = [annexe / 12 - paie / 12] * 12
    attendu[0] += ecart * 2 / 12  # the final régularisation of the year before, in January
    attendu[4] += ecart * 4 / 12  # May
    attendu[7] += ecart * 3 / 12  # August
    attendu[10] += ecart * 3 / 12  # November
    attendu[11] += modulee  # December
    assert _mois(a) == pytest.approx(attendu, abs=0.01)
    resultat = realise + modulee - paie
    assert a.resultat == pytest.approx(resultat)
    assert a.tresorerie.caf == pytest.approx(resultat)
    assert a.tresorerie.variation_bfr == pytest.approx(0, abs=1e-6)  # same figures as the year before
    # at year end the structure owes the final régularisation and December's contributions
    assert a.tresorerie.bfr == pytest.approx(ecart * 2 / 12 - 0.27 * paie / 12)
    assert a.tresorerie.fin == pytest.approx(resultat)
    assert a.tresorerie.mensuelle[-1] == a.tresorerie.fin
    cumul = 0.0
    for m, mouvement in enumerate(attendu):
        cumul += mouvement
        assert a.tresorerie.mensuelle[m] == pytest.approx(cumul, abs=0.01)
    assert a.tresorerie.point_bas == pytest.approx(min(a.tresorerie.mensuelle))
    # each month brings annexe/12 − paie/12 = 19 934 − 17 351 > 0, but January also pays back the final
    # régularisation of the year before (−3 987): the low point is at the end of January
    assert annexe / 12 - paie / 12 + ecart * 2 / 12 < 0
    assert a.tresorerie.mois_point_bas == 1


def _sans_paie(**tresorerie):
    """An ACI of 0 ETP: no aid and no payroll, so each test sees only the flows it adds."""
    d = donnees_minimales("ACI", etp=0, horizon=2027)
    d["tresorerie"] = tresorerie
    return d


def test_emprunt_en_cours_annuites_constantes():
    d = _sans_paie(emprunts=[{"nom": "Camion", "capital_restant_du": 100_000, "taux": 0.03, "duree_restante": 5}])
    r = _scenario(d)
    annuite = 100_000 * 0.03 / (1 - 1.03**-5)  # 21 835,46
    interets_1 = 100_000 * 0.03  # 3 000
    capital_1 = annuite - interets_1  # 18 835,46
    interets_2 = (100_000 - capital_1) * 0.03  # 2 434,94
    a25, a26 = r.annee(2025), r.annee(2026)
    assert a25.total.charges["charges_financieres"] == pytest.approx(interets_1)
    assert a25.tresorerie.remboursements_emprunts == pytest.approx(capital_1)
    assert a25.tresorerie.dettes_financieres == pytest.approx(100_000 - capital_1)
    assert a26.total.charges["charges_financieres"] == pytest.approx(interets_2)
    assert a26.tresorerie.remboursements_emprunts == pytest.approx(annuite - interets_2)
    # interest is a charge, capital only cash: the year's cash falls by the whole annuity, by twelfths
    assert a25.resultat == pytest.approx(-interets_1)
    assert a25.tresorerie.fin == pytest.approx(-annuite)
    assert _mois(a25) == pytest.approx([-annuite / 12] * 12)


def test_renouvellement_par_defaut_egal_aux_amortissements_indexes():
    d = _sans_paie()
    d["charges"] = {"amortissements": 12_000}
    r = _scenario(d)
    for annee, n in ((2025, 0), (2026, 1), (2027, 2)):
        a = r.annee(annee)
        renouvellement = 12_000 * 1.02**n  # inflation des charges 2 %
        assert a.tresorerie.investissements == pytest.approx(renouvellement)
        assert a.tresorerie.caf == pytest.approx(a.resultat + 12_000)
        assert a.tresorerie.caf == pytest.approx(0)  # −12 000 of result, +12 000 of depreciation
    # the equipment is replaced: cash falls by the renewal, it does not rise in a loss-making year
    assert r.annee(2027).tresorerie.fin == pytest.approx(-12_000 * (1 + 1.02 + 1.02**2))
    d["tresorerie"] = {"renouvellement_annuel": 5_000}
    assert _scenario(d).annee(2026).tresorerie.investissements == pytest.approx(5_000 * 1.02)


def test_subvention_d_investissement_etalee_au_resultat_et_versee_comme_la_region():
    d = avec_scenario(
        _sans_paie(),
        id="camion",
        base="reference",
        leviers=[
            {
                "type": "nouvelle_activite",
                "nom": "Broyage",
                "conventionnement": "ACI",
                "annee": 2026,
                "chiffre_affaires_cible": 0,
                "investissement": 40_000,
                "subvention_investissement": 20_000,
                "duree_amortissement": 5,
            }
        ],
    )
    r = _scenario(d, "camion")
    a26, a27 = r.annee(2026), r.annee(2027)
    assert a26.total.produits["quote_part_subventions"] == pytest.approx(20_000 / 5)
    assert a26.total.charges["amortissements"] == pytest.approx(40_000 / 5)
    assert a26.resultat == pytest.approx(4_000 - 8_000)
    assert a26.tresorerie.caf == pytest.approx(-4_000 + 8_000 - 4_000)  # the quote-part brings no money
    # the truck; it is renewed at the end of its life (2031), not before (the existing assets are none)
    assert a26.tresorerie.investissements == pytest.approx(40_000)
    assert a26.tresorerie.subventions_investissement == pytest.approx(10_000)  # advance in April
    assert a27.tresorerie.subventions_investissement == pytest.approx(10_000)  # balance in June of 2027
    assert _mois(a26)[0] == pytest.approx(-40_000)


def _avec_activite(d, ca, part_publique):
    d = copy.deepcopy(d)
    d["activites"] = [
        {
            "nom": "Entretien",
            "conventionnement": "ACI",
            "secteur": "Espaces verts",
            "chiffre_affaires": ca,
            "part_marches_publics": part_publique,
        }
    ]
    return d


def test_delais_clients_besoin_en_fonds_de_roulement():
    prives = _scenario(_avec_activite(_sans_paie(), 120_000, 0)).annee(2025)
    # 45 days: each month's sales arrive one month and a half later; at year end 1,5 month is owed
    assert prives.tresorerie.bfr == pytest.approx(120_000 / 12 * 1.5)
    publics = _scenario(_avec_activite(_sans_paie(), 120_000, 1)).annee(2025)
    assert publics.tresorerie.bfr == pytest.approx(120_000 / 12)
    comptant = _avec_activite(_sans_paie(delai_clients_prives=0), 120_000, 0)
    assert _scenario(comptant).annee(2025).tresorerie.bfr == pytest.approx(0)


def _avec_financement(d, financeur, montant):
    d = copy.deepcopy(d)
    d["financements"] = [{"nom": "Convention", "financeur": financeur, "montant": montant, "debut": 2025}]
    return d


def test_subventions_avance_solde_l_annee_suivante_et_fse():
    dept = _scenario(_avec_financement(_sans_paie(), "departement", 60_000)).annee(2025)
    mois = _mois(dept)
    assert mois[3] == pytest.approx(30_000)  # the year's advance, in April
    assert mois[5] == pytest.approx(30_000)  # the balance of the year before, in June
    assert dept.tresorerie.bfr == pytest.approx(30_000)  # the balance still to come
    fse = _scenario(_avec_financement(_sans_paie(), "fse", 24_000)).annee(2025)
    assert _mois(fse)[11] == pytest.approx(24_000)  # the action of the year before, paid in month 24
    assert fse.tresorerie.bfr == pytest.approx(24_000)
    assert fse.tresorerie.point_bas == pytest.approx(0)
    propre = _avec_financement(
        _sans_paie(versements=[{"financeur": "departement", "part_avance": 1, "mois_avance": 3, "mois_solde": 12}]),
        "departement",
        60_000,
    )
    a = _scenario(propre).annee(2025)
    assert _mois(a)[2] == pytest.approx(60_000)
    assert a.tresorerie.bfr == pytest.approx(0)


def test_point_bas_negatif_alerte_meme_si_la_fin_d_annee_est_positive():
    d = _avec_financement(_sans_paie(), "fse", 120_000)
    d["charges"] = {"fonctionnement_fixe": 100_000}
    d["tresorerie"] = {"delai_fournisseurs": 0}
    d["structure"]["tresorerie_initiale"] = 10_000
    r = _scenario(d)
    a = r.annee(2025)
    # 100 000 paid by twelfths, the FSE+ of the year before in December
    assert a.tresorerie.mensuelle[10] == pytest.approx(10_000 - 11 * 100_000 / 12)
    assert a.tresorerie.fin == pytest.approx(10_000 + 20_000)
    assert a.tresorerie.point_bas == pytest.approx(10_000 - 11 * 100_000 / 12)
    assert a.tresorerie.mois_point_bas == 11
    codes = {(al.code, al.annee) for al in r.alertes}
    assert ("point_bas_negatif", 2025) in codes
    assert r.tresorerie_min == pytest.approx(min(x.tresorerie.point_bas for x in r.annees))


def test_bilan_fonds_propres_immobilisations_frng():
    d = _sans_paie(
        bilan={"fonds_propres": 200_000, "immobilisations_nettes": 150_000},
        emprunts=[{"nom": "Locaux", "capital_restant_du": 50_000, "taux": 0, "duree_restante": 10}],
    )
    d["charges"] = {"amortissements": 20_000}
    a = _scenario(d).annee(2025)
    assert a.resultat == pytest.approx(-20_000)
    assert a.tresorerie.fonds_propres == pytest.approx(200_000 - 20_000)
    assert a.tresorerie.immobilisations_nettes == pytest.approx(150_000 + 20_000 - 20_000)
    assert a.tresorerie.dettes_financieres == pytest.approx(45_000)
    assert a.tresorerie.frng == pytest.approx(180_000 + 45_000 - 150_000)
    sans = _scenario(_sans_paie()).annee(2025)
    assert sans.tresorerie.fonds_propres is None and sans.tresorerie.frng is None


def test_contrat_json_tresorerie():
    d = _avec_financement(
        _avec_activite(donnees_minimales("ACI", etp=10, horizon=2027), 90_000, 0.4), "departement", 50_000
    )
    contrat = simuler(projet(d)).en_json()
    for s in contrat["scenarios"]:
        for a in s["annees"]:
            t = a["tresorerie"]
            assert set(t) >= {
                "debut", "caf", "investissements", "subventions_investissement", "emprunts_nouveaux",
                "remboursements_emprunts", "variation_bfr", "fin", "mensuelle", "point_bas", "mois_point_bas",
            }  # fmt: skip
            somme = (
                t["debut"] + t["caf"] - t["investissements"] + t["subventions_investissement"]
                + t["emprunts_nouveaux"] - t["remboursements_emprunts"] - t["variation_bfr"]
            )  # fmt: skip
            assert t["fin"] == pytest.approx(somme, abs=0.05)
            assert len(t["mensuelle"]) == 12 and t["mensuelle"][11] == t["fin"]
            assert t["point_bas"] == min(t["mensuelle"])
            assert t["mensuelle"][t["mois_point_bas"] - 1] == t["point_bas"]
            assert a["tresorerie_fin"] == t["fin"]
