"""Reference cases: each expected figure is computed here by hand from the rules (DESIGN §3, §5)
and the official amounts (FACTS.md), never copied from the program's output.

Official amounts used (general case):
  ACI socle 23 458 € from 2024-01-01, 23 921 € from 2024-11-01 (arrêtés of 30 April and 4 December 2024)
  EI socle 12 218 € (2024-01-01), 12 459 € (2024-11-01), 13 304 € (2025-01-01)
  AI socle 1 619 €, ETTI socle 4 781 € (from 2024-11-01)
  EITI: max 6 443 € (2024-01-01), 6 570 € (2024-11-01) per worker for 1 505 h; 450 €/month months 1–9 from 2025
  SMIC 11,65 € (2024-01-01), 11,88 € (2024-11-01), 12,02 € (2026-01-01)
  RSA 635,71 € (2024-04-01), 646,52 € (2025-04-01); département's share 88 % of the RSA per RSA post
  paid hours per ETP réalisé: ACI 1 820, EI 1 820 (1 505 worked), ETTI 1 600, AI 1 607; employer rate 7 %
"""

from __future__ import annotations

import datetime as dt

import pytest
from fabrique import avec_scenario, donnees_minimales, projet

from iae_model.simulation import simuler, simuler_scenario

COTIS = 0.07
SMIC_2025 = 11.88
SMIC_2026 = 12.02


def _annee(donnees, annee, scenario="reference"):
    return simuler_scenario(projet(donnees), scenario).annee(annee)


def test_aci_2025_socle_occupation_modulee_et_masse_salariale():
    d = donnees_minimales("ACI", etp=20, taux_occupation=0.95, part_modulee=0.05)
    a = _annee(d, 2025)
    assert a.total.etp_realises == pytest.approx(19.0)
    assert a.total.produits["aide_au_poste"] == pytest.approx(19 * 23_921 * 1.05)  # 477 224,05
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(19 * 1820 * SMIC_2025 * (1 + COTIS))


def test_arretes_en_cours_d_annee_moyenne_des_mois():
    # 2024: 10 months at the January amount, 2 at the 1 November amount (ACI, EI and the SMIC alike)
    d = donnees_minimales("ACI", etp=10, annee_reference=2024, horizon=2025)
    a = _annee(d, 2024)
    socle_2024 = (10 * 23_458 + 2 * 23_921) / 12
    smic_2024 = (10 * 11.65 + 2 * 11.88) / 12
    assert a.total.produits["aide_au_poste"] == pytest.approx(10 * socle_2024)
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * smic_2024 * 1.07)
    ei = _annee(donnees_minimales("EI", etp=10, annee_reference=2024), 2024)
    assert ei.total.produits["aide_au_poste"] == pytest.approx(10 * (10 * 12_218 + 2 * 12_459) / 12)


def test_socle_2026_gele_ou_indexe_sur_le_smic_connu():
    indexe = donnees_minimales("ACI", etp=10)
    gele = donnees_minimales("ACI", etp=10)
    gele["hypotheses"]["indexation_socle"] = "gel"
    # no 2026 arrêté: indexed = 23 921 × SMIC(2026) / SMIC when the last amount was set (1 Nov 2024)
    assert _annee(indexe, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 / 11.88)
    assert _annee(gele, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    # 2027: the SMIC follows the hypothesis (+2 % on 1 January), and so does the indexed socle
    assert _annee(indexe, 2027).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 / 11.88 * 1.02)
    # the payroll follows the SMIC in both cases: the frozen case loses the difference
    assert _annee(gele, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 12.02 * 1.07)


def test_gel_2026_puis_indexation_sans_rattrapage():
    d = avec_scenario(
        donnees_minimales("ACI", etp=10),
        id="gel_2026",
        chocs=[
            {"type": "indexation_socle", "annee": 2026, "valeur": "gel"},
            {"type": "indexation_socle", "annee": 2027, "valeur": "smic"},
        ],
    )
    assert _annee(d, 2026, "gel_2026").total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    # 2027 revaluation = SMIC 2027 / SMIC 2026 = 1,02: the frozen year is not caught up
    assert _annee(d, 2027, "gel_2026").total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 1.02)


def test_indexation_a_taux_annuel():
    d = donnees_minimales("EI", etp=10)
    d["hypotheses"]["indexation_socle"] = 0.01
    assert _annee(d, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 13_304 * 1.01)
    assert _annee(d, 2027).total.produits["aide_au_poste"] == pytest.approx(10 * 13_304 * 1.01**2)


@pytest.mark.parametrize(
    ("type_", "socle", "heures"),
    # paid hours of one ETP réalisé: an EI counts 1 505 worked hours per ETP but pays 151,67 h × 12 = 1 820 h
    [("EI", 13_304, 1820), ("AI", 1_619, 1607), ("ETTI", 4_781, 1600), ("ACI", 23_921, 1820)],
)
def test_chaque_type_2025(type_, socle, heures):
    d = donnees_minimales(type_, etp=12, taux_occupation=0.9, part_modulee=0.04)
    a = _annee(d, 2025)
    etp_realises = 12 * 0.9
    assert a.total.produits["aide_au_poste"] == pytest.approx(etp_realises * socle * 1.04)
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(etp_realises * heures * 11.88 * 1.07)


def test_eiti_ancien_et_nouveau_regime():
    # 2024: max amount for 1 505 h, 10 months at 6 443 € and 2 at 6 570 €
    d = donnees_minimales("EITI", etp=30, annee_reference=2024, horizon=2025)
    a2024 = _annee(d, 2024)
    assert a2024.total.produits["aide_au_poste"] == pytest.approx(30 * (10 * 6_443 + 2 * 6_570) / 12)
    # 2025: 450 €/month for the months 1–9 of each parcours; 75 % of the months are months 1–9
    a2025 = _annee(d, 2025)
    assert a2025.total.produits["aide_au_poste"] == pytest.approx(30 * 12 * 450 * 0.75)
    assert a2025.total.charges["masse_salariale_insertion"] == 0
    assert a2025.total.travailleurs_accompagnes == 30


def test_reduction_etp_et_scenarios_empiles():
    base = donnees_minimales("ACI", etp=20)
    d = avec_scenario(
        base, id="coupe", base="reference", chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.10}]
    )
    d = avec_scenario(d, id="coupe_bis", base="coupe", chocs=[{"type": "reduction_etp", "annee": 2027, "taux": -0.05}])
    r = simuler(projet(d))
    assert r.scenario("coupe").annee(2025).total.etp_conventionnes == pytest.approx(20)
    assert r.scenario("coupe").annee(2026).total.etp_conventionnes == pytest.approx(18)
    assert r.scenario("coupe_bis").annee(2026).total.etp_conventionnes == pytest.approx(18)
    assert r.scenario("coupe_bis").annee(2027).total.etp_conventionnes == pytest.approx(20 * 0.9 * 0.95)
    assert r.scenario("coupe_bis").annee(2027).total.produits["aide_au_poste"] == pytest.approx(
        20 * 0.9 * 0.95 * 23_921 * 12.02 / 11.88 * 1.02
    )


def test_chiffre_affaires_lie_aux_etp():
    d = donnees_minimales("EI", etp=10)
    d["activites"] = [
        {"nom": "Nettoyage", "conventionnement": "EI", "chiffre_affaires": 600_000, "taux_charges_variables": 0.1},
        {"nom": "Vente", "conventionnement": "EI", "chiffre_affaires": 100_000, "part_liee_etp": 0.5},
    ]
    d = avec_scenario(d, id="coupe", chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.2}])
    a = _annee(d, 2026, "coupe")
    # fully tied: × 0,8 ; half tied: × (1 − 0,5 + 0,5 × 0,8) = 0,9
    assert a.total.produits["chiffre_affaires"] == pytest.approx(600_000 * 0.8 + 100_000 * 0.9)
    assert a.total.charges["charges_variables"] == pytest.approx(600_000 * 0.8 * 0.1)


def test_nouvelle_activite_montee_en_charge_investissement_et_tresorerie():
    d = donnees_minimales("ACI", etp=10, horizon=2029)
    d["structure"]["tresorerie_initiale"] = 50_000
    d = avec_scenario(
        d,
        id="recyclerie",
        leviers=[
            {
                "type": "nouvelle_activite",
                "nom": "Recyclerie",
                "conventionnement": "ACI",
                "annee": 2026,
                "chiffre_affaires_cible": 90_000,
                "montee_en_charge": [0.4, 0.8, 1.0],
                "taux_charges_variables": 0.3,
                "investissement": 40_000,
                "subvention_investissement": 20_000,
                "duree_amortissement": 5,
            }
        ],
    )
    r = simuler_scenario(projet(d), "recyclerie")
    ca = {a.annee: a.total.produits["chiffre_affaires"] for a in r.annees}
    assert ca == pytest.approx({2025: 0, 2026: 36_000, 2027: 72_000, 2028: 90_000, 2029: 90_000})
    a2026 = r.annee(2026)
    assert a2026.total.charges["charges_variables"] == pytest.approx(36_000 * 0.3)
    assert a2026.total.charges["amortissements"] == pytest.approx(40_000 / 5)
    # cash: start + result + depreciation (non-cash) − investment + investment subsidy
    assert a2026.tresorerie_fin == pytest.approx(a2026.tresorerie_debut + a2026.resultat + 8_000 - 40_000 + 20_000)
    assert a2026.tresorerie_debut == pytest.approx(r.annee(2025).tresorerie_fin)
    assert r.annee(2027).investissements == 0


def test_marche_public_avec_duree_et_perte_de_marche():
    d = donnees_minimales("ACI", etp=10, horizon=2029)
    d = avec_scenario(
        d,
        id="marche",
        leviers=[
            {
                "type": "marche_public",
                "nom": "Lot réservé",
                "conventionnement": "ACI",
                "annee": 2026,
                "montant": 60_000,
                "duree": 2,
                "taux_charges_variables": 0.1,
            }
        ],
    )
    d = avec_scenario(
        d,
        id="perdu",
        base="marche",
        chocs=[{"type": "perte_marches_publics", "annee": 2027, "activite": "Lot réservé"}],
    )
    r = simuler(projet(d))
    marche = {a.annee: a.total.produits["ca_marches_publics"] for a in r.scenario("marche").annees}
    assert marche == pytest.approx({2025: 0, 2026: 60_000, 2027: 60_000, 2028: 0, 2029: 0})
    perdu = {a.annee: a.total.produits["chiffre_affaires"] for a in r.scenario("perdu").annees}
    assert perdu == pytest.approx({2025: 0, 2026: 60_000, 2027: 0, 2028: 0, 2029: 0})


def test_alerte_plafond_aci_et_derogation():
    d = donnees_minimales("ACI", etp=10)
    d["charges"] = {"taux_cotisations_employeur": 0.0, "salaire_horaire_insertion": "smic"}
    masse = 10 * 1820 * 11.88  # 216 216 € of charges, the only ones
    d["activites"] = [{"nom": "Vente", "conventionnement": "ACI", "chiffre_affaires": 0.35 * masse, "part_liee_etp": 0}]
    d = avec_scenario(d, id="derog", leviers=[{"type": "derogation_aci", "annee": 2026}])
    r = simuler(projet(d))
    a = r.scenario("reference").annee(2025)
    assert a.indicateurs["ratio_commercial_aci"] == pytest.approx(0.35)
    assert a.indicateurs["plafond_aci"] == pytest.approx(0.30)
    codes = {(al.code, al.annee) for al in r.scenario("reference").alertes}
    assert ("plafond_aci", 2025) in codes
    derog = {(al.code, al.annee) for al in r.scenario("derog").alertes}
    assert ("plafond_aci", 2025) in derog and ("plafond_aci", 2026) not in derog
    assert r.scenario("derog").annee(2026).indicateurs["plafond_aci"] == pytest.approx(0.50)


def test_cofinancement_departement_rsa_et_ses_trois_effets():
    d = donnees_minimales("ACI", etp=20, beneficiaires_rsa=0.5)
    rsa_2025 = (3 * 635.71 + 9 * 646.52) / 12  # revalued on 1 April
    rsa_2026 = (3 * 646.52 + 9 * 646.52 * 1.02) / 12  # past 2026-03-31: inflation hypothesis (+2 %)
    socle_2026 = 23_921 * 12.02 / 11.88
    a = _annee(d, 2025)
    dept_2025 = 20 * 0.5 * 12 * 0.88 * rsa_2025
    assert a.total.produits["aide_au_poste_departement"] == pytest.approx(dept_2025)
    assert a.total.produits["aide_au_poste_etat"] == pytest.approx(20 * 23_921 - dept_2025)
    dept_2026 = 10 * 12 * 0.88 * rsa_2026
    for effet in ("perte_seche", "postes_perdus", "etat_compense"):
        d = avec_scenario(
            d,
            id=effet,
            chocs=[
                {
                    "type": "variation_financement",
                    "financeur": "departement",
                    "annee": 2026,
                    "taux": -0.2,
                    "effet_cofinancement_rsa": effet,
                }
            ],
        )
    r = simuler(projet(d))
    seche = r.scenario("perte_seche").annee(2026).total
    assert seche.produits["aide_au_poste"] == pytest.approx(20 * socle_2026 - 0.2 * dept_2026)
    assert seche.produits["aide_au_poste_departement"] == pytest.approx(0.8 * dept_2026)
    assert seche.etp_realises == pytest.approx(20)
    perdus = r.scenario("postes_perdus").annee(2026).total
    assert perdus.etp_realises == pytest.approx(20 - 10 * 0.2)  # 2 RSA posts no longer funded
    assert perdus.produits["aide_au_poste"] == pytest.approx(18 * socle_2026)
    assert perdus.charges["masse_salariale_insertion"] == pytest.approx(18 * 1820 * 12.02 * 1.07)
    # the 8 RSA posts left are co-funded in full: 8 × 12 × 88 % × RSA, not cut a second time (0,64 ×)
    assert perdus.produits["aide_au_poste_departement"] == pytest.approx(8 * 12 * 0.88 * rsa_2026)
    assert perdus.produits["aide_au_poste_etat"] == pytest.approx(18 * socle_2026 - 8 * 12 * 0.88 * rsa_2026)
    compense = r.scenario("etat_compense").annee(2026).total
    assert compense.produits["aide_au_poste"] == pytest.approx(20 * socle_2026)
    assert compense.produits["aide_au_poste_departement"] == pytest.approx(0.8 * dept_2026)


def test_part_modulee_plafonnee_et_sous_occupation_signalees():
    """A file above 10 % is refused on reading; the engine still caps the rate at the parameter's value of
    each year (a later text could lower it): here a maximum of 5 % from 2025 against a project at 10 %."""
    from dataclasses import replace

    from iae_model.parametres import Parametres, charger_parametres

    officiels = charger_parametres()
    pm = officiels["aide_au_poste.part_modulee_max"]
    abaisse = replace(
        pm,
        valeurs=(*pm.valeurs, (dt.date(2025, 1, 1), 0.05)),
        references={**pm.references, dt.date(2025, 1, 1): pm.references_au(dt.date(2024, 1, 1))},
    )
    parametres = Parametres({**{nom: officiels[nom] for nom in officiels}, "aide_au_poste.part_modulee_max": abaisse})
    d = donnees_minimales("ACI", etp=10, part_modulee=0.10, taux_occupation=0.85)
    r = simuler_scenario(projet(d), "reference", parametres)
    assert r.annee(2025).total.produits["aide_au_poste"] == pytest.approx(8.5 * 23_921 * 1.05)
    codes = {al.code for al in r.alertes}
    assert {"part_modulee_plafond", "sous_occupation"} <= codes


def test_charges_indexees_formation_nette_mutualisation():
    d = donnees_minimales("ACI", etp=10)
    d["charges"] = {
        "permanents": [
            {"fonction": "encadrant_technique", "etp": 2, "cout_annuel_charge": 45_000},
            {"fonction": "direction", "etp": 1, "cout_annuel_charge": 65_000},
        ],
        "fonctionnement_fixe": 100_000,
        "formation": {"montant": 20_000, "prise_en_charge": 0.7},
        "amortissements": 12_000,
    }
    d["hypotheses"]["evolution_salaires_permanents"] = 0.03
    d = avec_scenario(
        d,
        id="leviers",
        chocs=[{"type": "prise_en_charge_formation", "annee": 2027, "valeur": 0.4}],
        leviers=[
            {"type": "mutualisation", "annee": 2026, "economie_charges_fixes": 10_000, "cout_mise_en_place": 3_000},
            {"type": "ajustement_permanents", "annee": 2027, "fonction": "encadrant_technique", "etp": -1},
        ],
    )
    r = simuler(projet(d))
    ref = r.scenario("reference").annee(2027).total.charges
    assert ref["permanents"] == pytest.approx((2 * 45_000 + 65_000) * 1.03**2)
    assert ref["fonctionnement"] == pytest.approx(100_000 * 1.02**2)
    assert ref["formation"] == pytest.approx(20_000 * 1.02**2 * 0.3)
    assert ref["amortissements"] == 12_000
    lev = r.scenario("leviers")
    assert lev.annee(2026).total.charges["fonctionnement"] == pytest.approx(100_000 * 1.02 - 10_000 + 3_000)
    c2027 = lev.annee(2027).total.charges
    assert c2027["fonctionnement"] == pytest.approx(100_000 * 1.02**2 - 10_000 * 1.02)
    assert c2027["formation"] == pytest.approx(20_000 * 1.02**2 * 0.6)
    # one encadrant less from 2027, at the mean cost of that function (45 000 € in euros of 2027)
    assert c2027["permanents"] == pytest.approx((2 * 45_000 + 65_000) * 1.03**2 - 45_000)


def test_financements_statuts_durees_et_variations():
    d = donnees_minimales("ACI", etp=10, horizon=2028)
    d["financements"] = [
        {"nom": "FSE+", "financeur": "fse", "montant": 40_000, "debut": 2025, "fin": 2026},
        {"nom": "Commune", "financeur": "commune_epci", "montant": 25_000, "debut": 2025, "statut": "probable"},
        {
            "nom": "Fondation",
            "financeur": "fondation_mecenat",
            "montant": 15_000,
            "debut": 2025,
            "statut": "a_rechercher",
        },
        {"nom": "FDI consolidation", "financeur": "fdi", "montant": 22_500, "debut": 2025},
    ]
    d = avec_scenario(
        d,
        id="coupe",
        chocs=[{"type": "variation_financement", "financeur": "fdi", "annee": 2026, "taux": -1}],
        leviers=[
            {
                "type": "nouveau_financement",
                "nom": "Région",
                "financeur": "region",
                "annee": 2027,
                "montant": 30_000,
                "duree": 1,
            }
        ],
    )
    r = simuler(projet(d))
    a = r.scenario("reference").annee(2025)
    assert a.total.produits["subventions"] == pytest.approx(40_000 + 25_000 + 22_500)  # à rechercher not counted
    assert a.subventions_non_retenues == pytest.approx(15_000)
    assert a.total.subventions_par_financeur["fse"] == pytest.approx(40_000)
    coupe = {x.annee: x.total.produits["subventions"] for x in r.scenario("coupe").annees}
    assert coupe == pytest.approx({2025: 87_500, 2026: 65_000, 2027: 25_000 + 30_000, 2028: 25_000})


def test_choc_smic_et_salaire_au_dessus_du_smic():
    d = donnees_minimales("ACI", etp=10)
    d["charges"] = {"salaire_horaire_insertion": 13.0}
    d = avec_scenario(d, id="choc", chocs=[{"type": "choc_smic", "annee": 2026, "taux": 0.03}])
    r = simuler(projet(d))
    # a wage above the SMIC keeps its ratio to the SMIC of the reference year
    ref = r.scenario("reference").annee(2026).total
    assert ref.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 13.0 * 12.02 / 11.88 * 1.07)
    choc = r.scenario("choc").annee(2026).total
    assert choc.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 13.0 * 12.02 * 1.03 / 11.88 * 1.07)
    # a socle indexed to the SMIC follows the shocked SMIC too
    assert choc.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 * 1.03 / 11.88)


def test_choc_smic_a_partir_d_un_mois():
    """choc_smic with a month: the SMIC × (1 + taux) from the first of that month (issue 10, item 4), known values
    included; the year's amount is the mean of its 12 months; a socle indexed on the SMIC follows at its next
    anniversary (1 January). Without `mois`, January: the files written before keep their meaning."""
    d = donnees_minimales("ACI", etp=10, annee_reference=2024, horizon=2026)
    d = avec_scenario(
        d,
        id="juillet",
        chocs=[{"type": "choc_smic", "annee": 2025, "mois": 7, "taux": 0.03}],
    )
    r = simuler_scenario(projet(d), "juillet")
    # 2025: SMIC 11,88 € all year (no official change), × 1,03 from July: 6 months at 11,88, 6 at 12,2364
    smic_2025 = (6 * 11.88 + 6 * 11.88 * 1.03) / 12  # 12,0582
    masse = r.annee(2025).total.charges["masse_salariale_insertion"]
    assert masse == pytest.approx(10 * 1820 * smic_2025 * 1.07)  # 234 828,59
    # the 2025 socle is the official amount (valid through 2025): the choc does not touch it
    assert r.annee(2025).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    # 1 January 2026: the socle follows the shocked SMIC, 23 921 × 12,02 × 1,03 / 11,88
    assert r.annee(2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 * 1.03 / 11.88)
    janvier = avec_scenario(d, id="janvier", chocs=[{"type": "choc_smic", "annee": 2025, "taux": 0.03}])
    masse = simuler_scenario(projet(janvier), "janvier").annee(2025).total.charges["masse_salariale_insertion"]
    assert masse == pytest.approx(10 * 1820 * 11.88 * 1.03 * 1.07)


def test_ouverture_d_une_ei_a_cote_de_l_aci():
    d = donnees_minimales("ACI", etp=20, horizon=2027)
    d["activites"] = [
        {"nom": "Maraîchage", "conventionnement": "ACI", "chiffre_affaires": 80_000},
        {"nom": "Espaces verts", "conventionnement": "ACI", "chiffre_affaires": 120_000},
    ]
    d = avec_scenario(
        d,
        id="hybride",
        leviers=[
            {
                "type": "ouverture_conventionnement",
                "annee": 2026,
                "conventionnement": "EI",
                "depuis": "ACI",
                "transfert_etp": 5,
                "part_modulee": 0.02,
                "transfert_activites": ["Espaces verts"],
            }
        ],
    )
    r = simuler_scenario(projet(d), "hybride")
    a2025, a2026 = r.annee(2025), r.annee(2026)
    assert set(a2025.par_conventionnement) == {"ACI"}
    aci, ei = a2026.par_conventionnement["ACI"], a2026.par_conventionnement["EI"]
    assert aci.etp_conventionnes == pytest.approx(15) and ei.etp_conventionnes == pytest.approx(5)
    assert ei.produits["aide_au_poste"] == pytest.approx(5 * 13_304 * 12.02 / 11.88 * 1.02)
    assert ei.charges["masse_salariale_insertion"] == pytest.approx(5 * 1820 * 12.02 * 1.07)
    # the activity moved with its turnover; ETP of the family (ACI + EI) unchanged, so no ETP effect
    assert ei.produits["chiffre_affaires"] == pytest.approx(120_000)
    assert aci.produits["chiffre_affaires"] == pytest.approx(80_000)
    assert a2026.total.etp_conventionnes == pytest.approx(20)


def test_tresorerie_reportee_d_annee_en_annee():
    d = donnees_minimales("ACI", etp=10, horizon=2030)
    d["structure"]["tresorerie_initiale"] = 12_345
    d["charges"] = {"amortissements": 5_000, "fonctionnement_fixe": 30_000}
    r = simuler_scenario(projet(d), "reference")
    tresorerie = 12_345
    for a in r.annees:
        assert a.tresorerie_debut == pytest.approx(tresorerie)
        tresorerie = tresorerie + a.resultat + 5_000
        assert a.tresorerie_fin == pytest.approx(tresorerie)


def test_provenance_des_parametres_et_tableau_long():
    d = donnees_minimales("ACI", etp=10, horizon=2026)
    r = simuler(projet(d))
    s = r.scenario("reference")
    officiel = s.provenance[("aide_au_poste.montant_socle.aci", 2025)]
    assert not officiel.projetee and officiel.valeur == pytest.approx(23_921)
    assert any("4 décembre 2024" in ref.titre for ref in officiel.references)
    projete = s.provenance[("aide_au_poste.montant_socle.aci", 2026)]
    assert projete.projetee and "SMIC" in projete.hypothese
    assert projete.valeur == pytest.approx(23_921 * 12.02 / 11.88)
    tableau = r.tableau()
    assert list(tableau.columns) == ["scenario", "annee", "conventionnement", "categorie", "ligne", "valeur"]
    ligne = tableau[
        (tableau.annee == 2025) & (tableau.conventionnement == "total") & (tableau.ligne == "aide_au_poste")
    ]
    assert ligne.valeur.item() == pytest.approx(10 * 23_921)


def test_sur_occupation_non_financee_et_fin_de_l_aide():
    # an ETTI realising 120 % of its annex: payroll on 12 ETP, aide on the 10 ETP of the annex only
    d = donnees_minimales("ETTI", etp=10, taux_occupation=1.2)
    d = avec_scenario(d, id="fin", chocs=[{"type": "fin_aide_au_poste", "annee": 2026}])
    r = simuler(projet(d))
    a = r.scenario("reference").annee(2025).total
    assert a.etp_realises == pytest.approx(12)
    assert a.produits["aide_au_poste"] == pytest.approx(10 * 4_781)
    assert a.charges["masse_salariale_insertion"] == pytest.approx(12 * 1600 * 11.88 * 1.07)
    assert "sur_occupation" in {al.code for al in r.scenario("reference").alertes}
    fin = r.scenario("fin")
    assert fin.annee(2025).total.produits["aide_au_poste"] == pytest.approx(10 * 4_781)
    assert fin.annee(2026).total.produits["aide_au_poste"] == 0
    assert fin.annee(2026).total.charges["masse_salariale_insertion"] == pytest.approx(12 * 1600 * 12.02 * 1.07)


def test_salaire_et_cotisations_propres_a_un_conventionnement():
    d = donnees_minimales("ACI", etp=10, taux_cotisations_employeur=0.04)
    d["conventionnements"].append({"type": "EI", "etp_conventionnes": 5, "salaire_horaire_insertion": 12.5})
    d["charges"] = {"taux_cotisations_employeur": 0.06}
    a = _annee(d, 2025)
    assert a.par_conventionnement["ACI"].charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 11.88 * 1.04)
    assert a.par_conventionnement["EI"].charges["masse_salariale_insertion"] == pytest.approx(5 * 1820 * 12.5 * 1.06)


def test_coupe_de_l_annee_de_reference_reduit_le_ca_lie_aux_etp():
    # the reference ETP are those entered, before any choc: a cut in the reference year moves the turnover
    d = donnees_minimales("AI", etp=10, taux_occupation=0.9)
    d["activites"] = [{"nom": "Mises à disposition", "conventionnement": "AI", "chiffre_affaires": 300_000}]
    d = avec_scenario(d, id="coupe", chocs=[{"type": "reduction_etp", "annee": 2025, "taux": -0.0388}])
    a = _annee(d, 2025, "coupe")
    assert a.total.produits["chiffre_affaires"] == pytest.approx(300_000 * (1 - 0.0388))


def test_etp_des_nouvelles_activites_et_des_marches():
    d = donnees_minimales("EI", etp=10, horizon=2029)
    d["activites"] = [{"nom": "Nettoyage", "conventionnement": "EI", "chiffre_affaires": 500_000}]
    d = avec_scenario(
        d,
        id="dev",
        leviers=[
            {
                "type": "nouvelle_activite",
                "nom": "Tri",
                "conventionnement": "EI",
                "annee": 2026,
                "chiffre_affaires_cible": 100_000,
                "montee_en_charge": [0.5, 1.0],
                "etp_supplementaires": 2,
            },
            {
                "type": "marche_public",
                "nom": "Clause",
                "conventionnement": "EI",
                "annee": 2027,
                "montant": 50_000,
                "duree": 2,
                "etp_supplementaires": 1,
            },
        ],
    )
    r = simuler_scenario(projet(d), "dev")
    etp = {a.annee: a.total.etp_conventionnes for a in r.annees}
    # 2026: half the new activity's 2 ETP (ramp-up 50 %); 2027–2028: + 1 ETP for the market's two years
    assert etp == pytest.approx({2025: 10, 2026: 11, 2027: 13, 2028: 13, 2029: 12})
    # the existing activity's turnover does not follow ETP hired for other work
    assert r.annee(2027).total.produits["chiffre_affaires"] == pytest.approx(500_000 + 100_000 + 50_000)


def test_perte_puis_croissance_d_une_activite():
    """perte_activite and croissance_activite (issue 9, item 7): CA × (1 − pertes) × Π(1 + croissances)."""
    d = donnees_minimales("EI", etp=10, horizon=2027)
    d["activites"] = [
        {
            "nom": "Blanchisserie",
            "conventionnement": "EI",
            "chiffre_affaires": 100_000,
            "part_liee_etp": 0,  # independent of the ETP: only the chocs and leviers move it
            "part_marches_publics": 0.5,
            "taux_charges_variables": 0.2,
        }
    ]
    d = avec_scenario(
        d,
        id="perte",
        chocs=[{"type": "perte_activite", "annee": 2026, "activite": "Blanchisserie", "taux": 0.3}],
        leviers=[
            {"type": "croissance_activite", "annee": 2027, "activite": "Blanchisserie", "taux": 0.1},
            {"type": "croissance_activite", "annee": 2027, "activite": "Blanchisserie", "taux": 0.05},
        ],
    )
    r = simuler_scenario(projet(d), "perte")
    assert r.annee(2025).total.produits["chiffre_affaires"] == pytest.approx(100_000)
    a26 = r.annee(2026).total
    assert a26.produits["chiffre_affaires"] == pytest.approx(70_000)  # 100 000 × (1 − 0,3)
    assert a26.produits["ca_marches_publics"] == pytest.approx(35_000)  # half of it with public buyers
    assert a26.charges["charges_variables"] == pytest.approx(14_000)  # 70 000 × 20 %
    # 2027: 70 000 × 1,10 × 1,05 = 80 850 (successive growths compound)
    assert r.annee(2027).total.produits["chiffre_affaires"] == pytest.approx(80_850)
    assert r.annee(2027).total.charges["charges_variables"] == pytest.approx(16_170)


def test_ajustement_etp_avant_les_reductions():
    """ajustement_etp (issue 9, item 7): (annexe + ajustements) × Π(1 + réductions)."""
    d = avec_scenario(
        donnees_minimales("ACI", etp=10, horizon=2026),
        id="dialogue",
        leviers=[{"type": "ajustement_etp", "annee": 2025, "conventionnement": "ACI", "etp": 2}],
        chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.1}],
    )
    r = simuler_scenario(projet(d), "dialogue")
    a25 = r.annee(2025).total
    assert a25.etp_conventionnes == pytest.approx(12)
    # occupation 100 % by default: 12 ETP réalisés × 23 921 € (2025 socle, no part modulée)
    assert a25.produits["aide_au_poste"] == pytest.approx(12 * 23_921)
    assert a25.charges["masse_salariale_insertion"] == pytest.approx(12 * 1820 * SMIC_2025 * (1 + COTIS))
    assert r.annee(2026).total.etp_conventionnes == pytest.approx((10 + 2) * 0.9)


def test_choc_taux_d_occupation():
    """The taux_occupation choc (issue 9, item 7): ETP réalisés = conventionnés × valeur, the aide follows."""
    d = avec_scenario(
        donnees_minimales("ACI", etp=10, horizon=2025, taux_occupation=0.95, part_modulee=0.05),
        id="vacance",
        chocs=[{"type": "taux_occupation", "annee": 2025, "valeur": 0.8, "conventionnement": "ACI"}],
    )
    r = simuler_scenario(projet(d), "vacance")
    a = r.annee(2025).total
    assert a.etp_conventionnes == pytest.approx(10)
    assert a.etp_realises == pytest.approx(8)  # 10 × 0,8, instead of 9,5
    assert a.produits["aide_au_poste"] == pytest.approx(8 * 23_921 * 1.05)
    assert a.charges["masse_salariale_insertion"] == pytest.approx(8 * 1820 * SMIC_2025 * (1 + COTIS))
    # under 90 %: the ASP takes back the aide of the posts not held
    assert any(al.code == "sous_occupation" and al.annee == 2025 for al in r.alertes)


def test_choc_part_modulee_d_un_conventionnement():
    """The part_modulee choc: from its year, aide = ETP aidés × socle × (1 + valeur); the socle is frozen
    here so that 2026 is the 1 Nov 2024 amount."""
    d = avec_scenario(
        donnees_minimales("ACI", etp=10, horizon=2026, part_modulee=0.05),
        id="modulee",
        hypotheses={"indexation_socle": "gel"},
        chocs=[{"type": "part_modulee", "annee": 2026, "valeur": 0.08, "conventionnement": "ACI"}],
    )
    r = simuler_scenario(projet(d), "modulee")
    assert r.annee(2025).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 1.05)  # 251 170,50
    assert r.annee(2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 1.08)  # 258 346,80


def test_variation_du_socle_d_un_type_a_partir_d_un_mois():
    """variation_socle (issue 9, the recipe's new choc): the ETTI socle × (1 + taux) from the first of the month;
    the year's amount is the mean of its 12 months; other types keep theirs; successive variations compound."""
    gel = {"indexation_socle": "gel"}  # 2026 and 2027 at the 1 Nov 2024 amounts: ETTI 4 781 €, ACI 23 921 €
    d = donnees_minimales("ETTI", etp=10, horizon=2027)
    d["conventionnements"].append({"type": "ACI", "etp_conventionnes": 5})
    d = avec_scenario(
        d,
        id="socle_etti",
        hypotheses=gel,
        chocs=[
            {"type": "variation_socle", "conventionnement": "ETTI", "annee": 2026, "mois": 7, "taux": -0.05},
            {"type": "variation_socle", "conventionnement": "ETTI", "annee": 2027, "mois": 1, "taux": 0.02},
        ],
    )
    r = simuler_scenario(projet(d), "socle_etti")
    etti = {a: r.annee(a).par_conventionnement["ETTI"].produits["aide_au_poste"] for a in (2025, 2026, 2027)}
    assert etti[2025] == pytest.approx(10 * 4_781)  # 47 810
    assert etti[2026] == pytest.approx(10 * 4_781 * (6 * 1 + 6 * 0.95) / 12)  # 46 614,75
    assert etti[2027] == pytest.approx(10 * 4_781 * 0.95 * 1.02)  # 46 327,89
    assert r.annee(2026).par_conventionnement["ACI"].produits["aide_au_poste"] == pytest.approx(5 * 23_921)
    sans = simuler_scenario(projet(avec_scenario(d, id="sans", hypotheses=gel)), "sans").annee(2026)
    assert r.annee(2026).total.charges == pytest.approx(sans.total.charges)  # the posts and the payroll stay


def test_variation_du_socle_sur_un_socle_indexe_et_pour_l_eiti():
    # indexed on the SMIC (the default hypothesis): 2026 = 4 781 × SMIC 2026 / SMIC of Nov 2024, then the cut
    d = avec_scenario(
        donnees_minimales("ETTI", etp=10, horizon=2026),
        id="baisse",
        chocs=[{"type": "variation_socle", "conventionnement": "ETTI", "annee": 2026, "mois": 1, "taux": -0.1}],
    )
    aide = simuler_scenario(projet(d), "baisse").annee(2026).total.produits["aide_au_poste"]
    assert aide == pytest.approx(10 * 4_781 * SMIC_2026 / SMIC_2025 * 0.9)
    # EITI: 12 × 450 € × 75 % of months 1 to 9 a worker a year, the cut from July
    e = avec_scenario(
        donnees_minimales("EITI", etp=10, horizon=2026),
        id="baisse",
        hypotheses={"indexation_socle": "gel"},
        chocs=[{"type": "variation_socle", "conventionnement": "EITI", "annee": 2026, "mois": 7, "taux": -0.1}],
    )
    aide = simuler_scenario(projet(e), "baisse").annee(2026).total.produits["aide_au_poste"]
    assert aide == pytest.approx(10 * 12 * 450 * 0.75 * (6 + 6 * 0.9) / 12)  # 38 475


def test_annexe_fondee_sur_les_etp_realises_de_l_annee_precedente():
    """annexe_sur_realise (issue 10, item 4; circulaire FIE 2023): from the year chosen, an occupation under the
    threshold (dated parameter: 100 % from 2023, the realised ETP are the reference) brings the next annex down to
    the ETP réalisés; the posts taken back stay lost when the occupation recovers. The reference year's annex is
    the one entered."""
    gel = {"indexation_socle": "gel"}  # socle 23 921 € every year
    d = donnees_minimales("ACI", etp=20, taux_occupation=0.85, horizon=2028)
    d = avec_scenario(d, id="sans", hypotheses=gel, chocs=[{"type": "taux_occupation", "annee": 2027, "valeur": 0.95}])
    d = avec_scenario(d, id="regle", base="sans", chocs=[{"type": "annexe_sur_realise", "annee": 2026}])
    r = simuler(projet(d))
    sans, regle = r.scenario("sans"), r.scenario("regle")
    # 2025, the reference year: the annex entered, 20 ETP, 20 × 0,85 = 17 realised
    assert regle.annee(2025).total.etp_conventionnes == pytest.approx(20)
    assert regle.annee(2025).total.etp_realises == pytest.approx(17)
    # 2026: 85 % < 100 % in 2025, the annex is brought down to the 17 ETP realised; 17 realised (100 %), same aid
    assert regle.annee(2026).total.etp_conventionnes == pytest.approx(20 * 0.85)  # 17
    assert regle.annee(2026).total.etp_realises == pytest.approx(17)
    assert regle.annee(2026).total.produits["aide_au_poste"] == pytest.approx(17 * 23_921)  # 406 657
    assert sans.annee(2026).total.etp_conventionnes == pytest.approx(20)
    assert not [al for al in regle.alertes if al.code == "sous_occupation" and al.annee == 2026]
    # 2027: occupation back at 95 %: without the rule 20 × 0,95 = 19 realised; with it, the annex stays at 17
    assert sans.annee(2027).total.etp_realises == pytest.approx(19)
    assert regle.annee(2027).total.etp_conventionnes == pytest.approx(17)
    assert regle.annee(2027).total.etp_realises == pytest.approx(17)
    perte = sans.annee(2027).total.produits["aide_au_poste"] - regle.annee(2027).total.produits["aide_au_poste"]
    assert perte == pytest.approx((19 - 17) * 23_921)  # 47 842
    # a structure whose posts are all filled keeps its annex
    plein = avec_scenario(
        donnees_minimales("ACI", etp=20, horizon=2027),
        id="regle",
        chocs=[{"type": "annexe_sur_realise", "annee": 2026}],
    )
    assert simuler_scenario(projet(plein), "regle").annee(2027).total.etp_conventionnes == pytest.approx(20)


def test_annexe_sur_realise_une_coupe_prend_d_abord_les_postes_non_realises():
    """In a contraction year the DDETS take back unused ETP first (FACTS §12.5): with the rule, a cut no larger than
    the unused posts only lowers the annex to the posts realised; a larger cut also takes filled posts."""
    gel = {"indexation_socle": "gel"}
    d = donnees_minimales("ACI", etp=16, taux_occupation=0.88, horizon=2026)
    regle = {"type": "annexe_sur_realise", "annee": 2026}
    d = avec_scenario(d, id="coupe_2", hypotheses=gel, chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.02}])
    d = avec_scenario(d, id="coupe_2_regle", base="coupe_2", chocs=[regle])
    d = avec_scenario(d, id="coupe_15", hypotheses=gel, chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.15}])
    d = avec_scenario(d, id="coupe_15_regle", base="coupe_15", chocs=[regle])
    r = simuler(projet(d))
    a = {s.id: s.annee(2026).total for s in r.scenarios}
    # 2025: 16 ETP, 16 × 0,88 = 14,08 realised, 1,92 unused
    # −2 % without the rule: 15,68 ETP, 15,68 × 0,88 = 13,7984 realised
    assert a["coupe_2"].etp_conventionnes == pytest.approx(15.68)
    assert a["coupe_2"].etp_realises == pytest.approx(13.7984)
    # with it: the 0,32 ETP cut is taken from the 1,92 unused; the annex is the 14,08 realised, all filled
    assert a["coupe_2_regle"].etp_conventionnes == pytest.approx(14.08)
    assert a["coupe_2_regle"].etp_realises == pytest.approx(14.08)
    assert a["coupe_2_regle"].produits["aide_au_poste"] == pytest.approx(14.08 * 23_921)  # 336 807,68
    # −15 %: 16 × 0,85 = 13,6 ETP, more than the unused posts: 14,08 − 13,6 = 0,48 filled posts lost too
    assert a["coupe_15_regle"].etp_conventionnes == pytest.approx(13.6)
    assert a["coupe_15_regle"].etp_realises == pytest.approx(13.6)
    assert a["coupe_15"].etp_realises == pytest.approx(13.6 * 0.88)  # 11,968 without the rule
