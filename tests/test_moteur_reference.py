"""Reference cases: each expected figure is computed here by hand from the rules
and the official amounts (FACTS.md), never copied from the program's output.

Official amounts used (general case):
  ACI socle 23 458 € from 2024-01-01, 23 921 € from 2024-11-01 (arrêtés of 30 April and 4 December 2024)
  EI socle 12 218 € (2024-01-01), 12 459 € (2024-11-01), 13 304 € (2025-01-01)
  AI socle 1 619 €, ETTI socle 4 781 € (from 2024-11-01)
  EITI: max 6 443 € (2024-01-01), 6 570 € (2024-11-01) per worker for 1 505 h; 450 €/month months 1–9 from 2025
  SMIC 11,65 € (2024-01-01), 11,88 € (2024-11-01), 12,02 € (2026-01-01), 12,31 € (2026-06-01): 2026 mean
  (5 × 12,02 + 7 × 12,31) / 12 = 12,189 2 €
  RSA 635,71 € (2024-04-01), 646,52 € (2025-04-01), 651,69 € (2026-04-01); département's share 88 % of the
  RSA per RSA post
  paid hours per ETP réalisé: ACI 1 820, EI 1 820 (1 505 worked), ETTI 1 600, AI 1 607; employer rate 7 %
"""

from __future__ import annotations

import datetime as dt

import pytest
from fabrique import avec_scenario, donnees_minimales, projet

from iae_model.simulation import simuler, simuler_scenario

# Charges the general reduction does not cover (FACTS §12.4, parameters cotisations/non_couvertes), for a
# structure whose form is not given (no taxe d'apprentissage; AGS due) at the default AT/MP (2,2 %) and
# versement mobilité (1 %) rates: formation 0,55 % under 11 employees, 1 % from 11; AT/MP 2,2 % − the 0,50
# point the reduction covers (0,49 in 2026); versement mobilité from 11 employees, not for an AI; AGS 0,25 %;
# mutuelle, prévoyance, santé au travail 3 %. The headcount is the ETP réalisés + the permanents' ETP.
NC_2025 = 0.0055 + (0.022 - 0.005) + 0.0025 + 0.03  # under 11 employees: 5,50 %
NC_2025_11 = 0.01 + (0.022 - 0.005) + 0.01 + 0.0025 + 0.03  # from 11 employees: 6,95 %
NC_2025_11_AI = NC_2025_11 - 0.01  # an AI from 11 employees, exempt from versement mobilité: 5,95 %
NC_2026 = 0.0055 + (0.022 - 0.0049) + 0.0025 + 0.03  # 5,51 %
NC_2026_11 = 0.01 + (0.022 - 0.0049) + 0.01 + 0.0025 + 0.03  # 6,96 %
COTIS = NC_2025
SMIC_2025 = 11.88
SMIC_2026_JANVIER = 12.02
SMIC_2026_JUIN = 12.31
SMIC_2026 = (5 * SMIC_2026_JANVIER + 7 * SMIC_2026_JUIN) / 12  # 12,189 166… € (mean of the 12 months)

# General reduction before 2026 (Fillon, art. D241-7 CSS): coefficient = T / 0,6 × (1,6 × SMIC / pay − 1), at
# most T, 0 from 1,6 SMIC; T (under 50 employees) = 0,3194, then 0,3193 from 1 May 2025, so the 2025 mean
# of the months is (4 × 0,3194 + 8 × 0,3193) / 12.
# RGDU from 2026: coefficient = 0,02 + T × [½ × (3 × SMIC / pay − 1)]^1,75, 0 from 3 SMIC; T = 0,3781 under
# 50 employees, 0,3821 from 50, so the coefficient at the SMIC is 0,3981 (0,4021).
# Employer rate = the charges not covered + coefficient at the SMIC − coefficient at the pay.
T_2025 = (4 * 0.3194 + 8 * 0.3193) / 12  # 0,319 333…
PERTE_2025_AI = T_2025 - T_2025 / 0.6 * (1.6 / 1.1 - 1)  # pay = 1,1 SMIC of the hours: 0,077 41… of reduction lost
PERTE_2025_ETTI = T_2025 - T_2025 / 0.6 * (1.6 / 1.21 - 1)  # 1,21 SMIC: coefficient 0,171 54, 0,147 79 lost
TAUX_2025_AI = NC_2025 + PERTE_2025_AI  # under 11 employees: 0,132 41…
TAUX_2025_ETTI = NC_2025 + PERTE_2025_ETTI  # 0,202 79…
TAUX_2026_ETTI = NC_2026 + 0.3981 - (0.02 + 0.3781 * (0.5 * (3 / 1.21 - 1)) ** 1.75)  # coefficient 0,243 06: 0,210 14


def _annee(donnees, annee, scenario="reference"):
    return simuler_scenario(projet(donnees), scenario).annee(annee)


def test_aci_2025_socle_occupation_modulee_et_masse_salariale():
    d = donnees_minimales("ACI", etp=20, taux_occupation=0.95, part_modulee=0.05)
    a = _annee(d, 2025)
    assert a.total.etp_realises == pytest.approx(19.0)
    assert a.total.produits["aide_au_poste"] == pytest.approx(19 * 23_921 * 1.05)  # 477 224,05
    # 19 ETP réalisés: from 11 employees, formation at 1 % and the versement mobilité are due
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(19 * 1820 * SMIC_2025 * (1 + NC_2025_11))


def test_arretes_en_cours_d_annee_moyenne_des_mois():
    # 2024: 10 months at the January amount, 2 at the 1 November amount (ACI, EI and the SMIC alike)
    d = donnees_minimales("ACI", etp=10, annee_reference=2024, horizon=2025)
    a = _annee(d, 2024)
    socle_2024 = (10 * 23_458 + 2 * 23_921) / 12
    smic_2024 = (10 * 11.65 + 2 * 11.88) / 12
    assert a.total.produits["aide_au_poste"] == pytest.approx(10 * socle_2024)
    # AGS 0,20 % for 6 months, then 0,25 %: (6 × 0,20 + 6 × 0,25) / 12 = 0,225 %; AT/MP 0,50 point covered
    nc_2024 = 0.0055 + (0.022 - 0.005) + (6 * 0.002 + 6 * 0.0025) / 12 + 0.03  # 5,475 %
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * smic_2024 * (1 + nc_2024))
    ei = _annee(donnees_minimales("EI", etp=10, annee_reference=2024), 2024)
    assert ei.total.produits["aide_au_poste"] == pytest.approx(10 * (10 * 12_218 + 2 * 12_459) / 12)


def test_socle_2026_gele_ou_indexe_sur_le_smic_connu():
    indexe = donnees_minimales("ACI", etp=10)
    gele = donnees_minimales("ACI", etp=10)
    gele["hypotheses"]["indexation_socle"] = "gel"
    # no 2026 arrêté: indexed on 1 January = 23 921 × SMIC(1 Jan 2026) / SMIC when the last amount was set
    # (1 Nov 2024), all year long: the June 2026 rise is not followed in 2026
    assert _annee(indexe, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 / 11.88)
    assert _annee(gele, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    # 2027: revalued on 1 January by SMIC(1 Jan 2027) / SMIC(1 Jan 2026, when the current socle took effect)
    # = 12,31 × 1,02 / 12,02: the June rise is caught up then, with the hypothesis (+2 % on 1 January)
    socle_2027 = 23_921 * 12.02 / 11.88 * (12.31 * 1.02 / 12.02)  # = 23 921 × 12,31 × 1,02 / 11,88
    assert _annee(indexe, 2027).total.produits["aide_au_poste"] == pytest.approx(10 * socle_2027)
    # the payroll follows the SMIC month by month in both cases: the frozen case loses the difference
    assert _annee(gele, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(
        10 * 1820 * SMIC_2026 * (1 + NC_2026)
    )


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
    # 2027 revaluation = SMIC(1 Jan 2027) / SMIC(1 Jan 2026, when the frozen amount was renewed)
    # = 12,31 × 1,02 / 12,02: the June 2026 rise is caught up, the frozen January 2026 rise is not
    assert _annee(d, 2027, "gel_2026").total.produits["aide_au_poste"] == pytest.approx(
        10 * 23_921 * 12.31 * 1.02 / 12.02
    )


def test_indexation_a_taux_annuel():
    d = donnees_minimales("EI", etp=10)
    d["hypotheses"]["indexation_socle"] = 0.01
    assert _annee(d, 2026).total.produits["aide_au_poste"] == pytest.approx(10 * 13_304 * 1.01)
    assert _annee(d, 2027).total.produits["aide_au_poste"] == pytest.approx(10 * 13_304 * 1.01**2)


@pytest.mark.parametrize(
    ("type_", "socle", "heures", "indemnites", "taux"),
    # paid hours of one ETP réalisé: an EI counts 1 505 worked hours per ETP but pays 151,67 h × 12 = 1 820 h
    # the AI pays 10 % of paid leave on top, the ETTI 10 % IFM then 10 % ICCP (× 1,21); both are then paid
    # above the SMIC of their paid hours, so the general reduction is lower
    [
        ("EI", 13_304, 1820, 1.0, NC_2025),
        ("AI", 1_619, 1607, 1.1, TAUX_2025_AI),
        ("ETTI", 4_781, 1600, 1.21, TAUX_2025_ETTI),
        ("ACI", 23_921, 1820, 1.0, NC_2025),
    ],
)
def test_chaque_type_2025(type_, socle, heures, indemnites, taux):
    d = donnees_minimales(type_, etp=12, taux_occupation=0.9, part_modulee=0.04)
    a = _annee(d, 2025)
    etp_realises = 12 * 0.9
    assert a.total.produits["aide_au_poste"] == pytest.approx(etp_realises * socle * 1.04)
    assert a.total.charges["masse_salariale_insertion"] == pytest.approx(
        etp_realises * heures * 11.88 * indemnites * (1 + taux)
    )


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
        20 * 0.9 * 0.95 * 23_921 * 12.31 * 1.02 / 11.88  # socle 2027 = 23 921 × SMIC(1 Jan 2027) / 11,88
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
    # the subsidy goes to the result over the asset's life, and its cash comes as the région pays
    assert a2026.total.produits["quote_part_subventions"] == pytest.approx(20_000 / 5)
    t = a2026.tresorerie
    assert t.caf == pytest.approx(a2026.resultat + 8_000 - 4_000)
    assert t.investissements == pytest.approx(40_000)
    assert t.subventions_investissement == pytest.approx(10_000)  # the advance; the balance in June 2027
    assert r.annee(2027).tresorerie.subventions_investissement == pytest.approx(10_000)
    # cash: start + CAF − investment + investment subsidy received − change in the working-capital need
    assert t.fin == pytest.approx(t.debut + t.caf - 40_000 + 10_000 - t.variation_bfr)
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
    rsa_2026 = (3 * 646.52 + 9 * 651.69) / 12  # 651,69 € from 1 April 2026 (décret 2026-220)
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
    assert perdus.charges["masse_salariale_insertion"] == pytest.approx(18 * 1820 * SMIC_2026 * (1 + NC_2026_11))
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
    # (month by month: 13 × 12,02 / 11,88 from January, 13 × 12,31 / 11,88 from June, i.e. 13 × mean SMIC / 11,88)
    # paid r = 13 / 11,88 = 1,094 3 SMIC, the RGDU coefficient is 0,02 + 0,3781 × (½ × (3 / r − 1))^1,75 = 0,316 78
    # instead of 0,3981 at the SMIC: the rate is 5,51 % + 0,3981 − 0,316 78 = 13,64 % (8,1 points more)
    r_smic = 13.0 / 11.88
    taux = NC_2026 + 0.3981 - (0.02 + 0.3781 * (0.5 * (3 / r_smic - 1)) ** 1.75)
    assert taux == pytest.approx(0.13642, abs=1e-5)
    assert ref.charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 13.0 * SMIC_2026 / 11.88 * (1 + taux))
    choc = r.scenario("choc").annee(2026).total
    # the shocked SMIC moves the wage with it: same ratio, same rate
    assert choc.charges["masse_salariale_insertion"] == pytest.approx(
        10 * 1820 * 13.0 * SMIC_2026 * 1.03 / 11.88 * (1 + taux)
    )
    # a socle indexed to the SMIC follows the shocked SMIC of 1 January too
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
    assert masse == pytest.approx(10 * 1820 * smic_2025 * (1 + NC_2025))  # 231 529,50
    # the 2025 socle is the official amount (valid through 2025): the choc does not touch it
    assert r.annee(2025).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    # 1 January 2026: the socle follows the shocked SMIC, 23 921 × 12,02 × 1,03 / 11,88
    assert r.annee(2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921 * 12.02 * 1.03 / 11.88)
    janvier = avec_scenario(d, id="janvier", chocs=[{"type": "choc_smic", "annee": 2025, "taux": 0.03}])
    masse = simuler_scenario(projet(janvier), "janvier").annee(2025).total.charges["masse_salariale_insertion"]
    assert masse == pytest.approx(10 * 1820 * 11.88 * 1.03 * (1 + NC_2025))


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
    # 20 ETP in the structure: from 11 employees
    assert ei.charges["masse_salariale_insertion"] == pytest.approx(5 * 1820 * SMIC_2026 * (1 + NC_2026_11))
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
    for n, a in enumerate(r.annees):
        assert a.tresorerie_debut == pytest.approx(tresorerie)
        # the depreciated equipment is renewed: 5 000 € indexed on the charges' inflation (2 %)
        tresorerie = tresorerie + a.resultat + 5_000 - 5_000 * 1.02**n - a.tresorerie.variation_bfr
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
    # 12 ETP réalisés: from 11 employees
    taux = NC_2025_11 + PERTE_2025_ETTI
    assert a.charges["masse_salariale_insertion"] == pytest.approx(12 * 1600 * 11.88 * 1.21 * (1 + taux))
    assert "sur_occupation" in {al.code for al in r.scenario("reference").alertes}
    fin = r.scenario("fin")
    assert fin.annee(2025).total.produits["aide_au_poste"] == pytest.approx(10 * 4_781)
    assert fin.annee(2026).total.produits["aide_au_poste"] == 0
    assert fin.annee(2026).total.charges["masse_salariale_insertion"] == pytest.approx(
        12 * 1600 * SMIC_2026 * 1.21 * (1 + TAUX_2026_ETTI - NC_2026 + NC_2026_11)
    )


def test_salaire_et_cotisations_propres_a_un_conventionnement():
    d = donnees_minimales("ACI", etp=10, taux_cotisations_employeur=0.04)
    d["conventionnements"].append({"type": "EI", "etp_conventionnes": 5, "salaire_horaire_insertion": 12.5})
    d["charges"] = {"taux_cotisations_employeur": 0.06}
    a = _annee(d, 2025)
    assert a.par_conventionnement["ACI"].charges["masse_salariale_insertion"] == pytest.approx(10 * 1820 * 11.88 * 1.04)
    assert a.par_conventionnement["EI"].charges["masse_salariale_insertion"] == pytest.approx(5 * 1820 * 12.5 * 1.06)
    # a wage entered under the SMIC is paid the SMIC (11,88 € in 2025)
    d["conventionnements"][1]["salaire_horaire_insertion"] = 11.0
    a = _annee(d, 2025)
    assert a.par_conventionnement["EI"].charges["masse_salariale_insertion"] == pytest.approx(5 * 1820 * 11.88 * 1.06)


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
    assert a25.charges["masse_salariale_insertion"] == pytest.approx(12 * 1820 * SMIC_2025 * (1 + NC_2025_11))
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
    # indexed on the SMIC (the default hypothesis): 2026 = 4 781 × SMIC(1 Jan 2026) / SMIC of Nov 2024, then the cut
    d = avec_scenario(
        donnees_minimales("ETTI", etp=10, horizon=2026),
        id="baisse",
        chocs=[{"type": "variation_socle", "conventionnement": "ETTI", "annee": 2026, "mois": 1, "taux": -0.1}],
    )
    aide = simuler_scenario(projet(d), "baisse").annee(2026).total.produits["aide_au_poste"]
    assert aide == pytest.approx(10 * 4_781 * SMIC_2026_JANVIER / SMIC_2025 * 0.9)
    # EITI: 12 × 450 € × 75 % of months 1 to 9 a worker a year, the cut from July
    e = avec_scenario(
        donnees_minimales("EITI", etp=10, horizon=2026),
        id="baisse",
        hypotheses={"indexation_socle": "gel"},
        chocs=[{"type": "variation_socle", "conventionnement": "EITI", "annee": 2026, "mois": 7, "taux": -0.1}],
    )
    aide = simuler_scenario(projet(e), "baisse").annee(2026).total.produits["aide_au_poste"]
    assert aide == pytest.approx(10 * 12 * 450 * 0.75 * (6 + 6 * 0.9) / 12)  # 38 475


# --- the cash plan's chocs and leviers (the other rules of the cash plan: tests/test_tresorerie.py) ---


def _sans_paie():
    """An ACI of 0 ETP: no aid and no payroll, so each test sees only the flows it adds."""
    return donnees_minimales("ACI", etp=0, horizon=2027)


def _scenario(donnees, scenario="reference"):
    return simuler_scenario(projet(donnees), scenario)


def _mois(a) -> list[float]:
    avant = [a.tresorerie.debut, *a.tresorerie.mensuelle[:-1]]
    return [fin - debut for debut, fin in zip(avant, a.tresorerie.mensuelle, strict=True)]


def test_nouvel_emprunt_a_taux_nul():
    d = avec_scenario(
        _sans_paie(),
        id="pret",
        base="reference",
        leviers=[{"type": "emprunt", "nom": "France Active", "annee": 2026, "montant": 60_000, "taux": 0, "duree": 5}],
    )
    a = _scenario(d, "pret").annee(2026)
    assert a.tresorerie.emprunts_nouveaux == 60_000
    assert a.tresorerie.remboursements_emprunts == pytest.approx(60_000 / 5)
    assert a.total.charges["charges_financieres"] == 0
    assert _mois(a)[0] == pytest.approx(60_000 - 12_000 / 12)  # the loan arrives in January
    assert a.tresorerie.fin == pytest.approx(60_000 - 12_000)
    assert a.tresorerie.dettes_financieres == pytest.approx(48_000)


def test_retard_de_paiement_du_departement():
    # a département subsidy of 60 000 € a year: 50 % in April, the balance in June of the next year
    base = _sans_paie()
    base["financements"] = [{"nom": "Convention", "financeur": "departement", "montant": 60_000, "debut": 2025}]
    d = avec_scenario(
        base,
        id="retard",
        base="reference",
        chocs=[{"type": "retard_paiement", "payeur": "departement", "annee": 2026, "mois": 6}],
    )
    r = simuler(projet(d))
    normal, retard = r.scenario("reference").annee(2026), r.scenario("retard").annee(2026)
    assert retard.resultat == pytest.approx(normal.resultat)  # the accounts do not move
    mois = _mois(retard)
    assert mois[3] == pytest.approx(0) and mois[5] == pytest.approx(0)
    assert mois[9] == pytest.approx(30_000)  # April + 6 months: October
    assert mois[11] == pytest.approx(30_000)  # the 2025 balance, June + 6 months: December
    assert retard.tresorerie.versements_retardes == pytest.approx(60_000)
    # the money comes later: no month-end is higher, those from April to November are lower
    assert all(x <= y + 1e-6 for x, y in zip(retard.tresorerie.mensuelle, normal.tresorerie.mensuelle, strict=True))
    assert retard.tresorerie.mensuelle[8] == pytest.approx(normal.tresorerie.mensuelle[8] - 60_000)


# --- payroll by type (FACTS §12.4) ---------------------------------------------------------------------


def test_etti_indemnites_de_fin_de_mission_et_de_conges_payes():
    # the temp worker gets 10 % IFM, then 10 % ICCP on pay + IFM: gross = base × 1,1 × 1,1 = base × 1,21
    d = donnees_minimales("ETTI", etp=10)
    brut_2025 = 10 * 1600 * 11.88 * 1.1 * 1.1  # 229 996,80 €
    # the pay is 1,21 SMIC of the mission hours: Fillon coefficient = T / 0,6 × (1,6 / 1,21 − 1) = 0,171 54
    a = _annee(d, 2025).total
    assert a.charges["masse_salariale_insertion"] == pytest.approx(brut_2025 * (1 + TAUX_2025_ETTI))
    # 2026: RGDU coefficient at 1,21 SMIC = 0,02 + 0,3781 × (½ × (3 / 1,21 − 1))^1,75 = 0,243 06 (FACTS: 0,243)
    brut_2026 = 10 * 1600 * SMIC_2026 * 1.21
    assert round(TAUX_2026_ETTI, 5) == 0.21014
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut_2026 * (1 + TAUX_2026_ETTI))


def test_ai_conges_payes_en_plus_des_heures_mises_a_disposition():
    # an AI pays 10 % of paid leave on top of the 1 607 hours of mise à disposition of one ETP
    d = donnees_minimales("AI", etp=10)
    brut_2025 = 10 * 1607 * 11.88 * 1.1  # 210 003,76 €
    assert _annee(d, 2025).total.charges["masse_salariale_insertion"] == pytest.approx(brut_2025 * (1 + TAUX_2025_AI))
    # 2026: coefficient at 1,1 SMIC = 0,02 + 0,3781 × (½ × (3 / 1,1 − 1))^1,75 = 0,312 5 (FACTS: 0,313)
    taux_2026 = NC_2026 + 0.3981 - (0.02 + 0.3781 * (0.5 * (3 / 1.1 - 1)) ** 1.75)
    assert taux_2026 == pytest.approx(0.1407, abs=1e-4)
    brut_2026 = 10 * 1607 * SMIC_2026 * 1.1
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut_2026 * (1 + taux_2026))


def test_coefficient_de_la_rgdu_aux_points_donnes_par_les_faits():
    from iae_model.simulation.postes import coefficient_reduction

    def rgdu(r: float, t: float = 0.3781) -> float:
        return coefficient_reduction(r, 0.02 + t, 0.02, 3, 1.75)

    # FACTS §12.4: 0,398 at the SMIC, 0,313 at 1,1 SMIC, 0,243 at 1,21 SMIC, 0 from 3 SMIC
    assert rgdu(1.0) == pytest.approx(0.3981)  # 0,02 + 0,3781 × 1^1,75
    assert rgdu(1.1) == pytest.approx(0.02 + 0.3781 * (0.5 * (3 / 1.1 - 1)) ** 1.75) == pytest.approx(0.313, abs=5e-4)
    assert rgdu(1.21) == pytest.approx(0.243, abs=5e-4)
    assert rgdu(3.0) == 0 and rgdu(0.9) == pytest.approx(0.3981)
    # about 8,5 points of gross pay lost per 10 % of pay above the SMIC
    assert rgdu(1.0) - rgdu(1.1) == pytest.approx(0.085, abs=0.002)
    # Fillon (2024–2025): T / 0,6 × (1,6 / r − 1), 0 from 1,6 SMIC
    assert coefficient_reduction(1.2, 0.3193, 0, 1.6, 1) == pytest.approx(0.3193 / 0.6 * (1.6 / 1.2 - 1))
    assert coefficient_reduction(1.6, 0.3193, 0, 1.6, 1) == 0


def test_seuil_de_50_salaries_estime_par_les_etp_et_taux_propres():
    # 45 ETP d'insertion paid 13 € in 2025 (r = 13 / 11,88 in 2026) + 5 permanents: 50 ≥ 50, so T = 0,3821
    d = donnees_minimales("ACI", etp=45)
    d["charges"] = {
        "salaire_horaire_insertion": 13.0,
        "permanents": [{"fonction": "encadrant_technique", "etp": 5, "cout_annuel_charge": 40_000}],
    }
    r_smic = 13.0 / 11.88
    taux_50 = NC_2026_11 + 0.4021 - (0.02 + 0.3821 * (0.5 * (3 / r_smic - 1)) ** 1.75)  # 0,151 7
    brut = 45 * 1820 * 13.0 * SMIC_2026 / 11.88
    a = _annee(d, 2026).total
    assert a.charges["masse_salariale_insertion"] == pytest.approx(brut * (1 + taux_50))
    # 4 permanents: 49 < 50, T = 0,3781
    d["charges"]["permanents"][0]["etp"] = 4
    taux_49 = NC_2026_11 + 0.3981 - (0.02 + 0.3781 * (0.5 * (3 / r_smic - 1)) ** 1.75)
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut * (1 + taux_49))
    # a rate entered on the structure, or on the conventionnement, replaces the computed one
    d["charges"]["taux_cotisations_employeur"] = 0.12
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut * 1.12)
    d["conventionnements"][0]["taux_cotisations_employeur"] = 0.09
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut * 1.09)


def test_charges_que_la_reduction_generale_ne_couvre_pas():
    """Item 3 of issue 10: formation, taxe d'apprentissage, AT/MP, versement mobilité, AGS each its own rate."""

    def masse(d, annee=2026):
        return _annee(d, annee).total.charges["masse_salariale_insertion"]

    # 10 ACI ETP paid the SMIC in 2026, under 11 employees: 0,55 % + (2,2 − 0,49) % + 0,25 % + 3 % = 5,51 %
    brut_10 = 10 * 1820 * SMIC_2026
    d = donnees_minimales("ACI", etp=10)
    assert masse(d) == pytest.approx(brut_10 * (1 + 0.0055 + 0.0171 + 0.0025 + 0.03))
    # the structure's own AT/MP (4 %) and versement mobilité (2 %): the latter is not due under 11 employees
    d["charges"] = {"taux_at_mp": 0.04, "taux_versement_mobilite": 0.02}
    assert masse(d) == pytest.approx(brut_10 * (1 + 0.0055 + (0.04 - 0.0049) + 0.0025 + 0.03))
    # 11 ETP: formation at 1 % and the versement mobilité are due
    d["conventionnements"][0]["etp_conventionnes"] = 11
    brut_11 = 11 * 1820 * SMIC_2026
    assert masse(d) == pytest.approx(brut_11 * (1 + 0.01 + (0.04 - 0.0049) + 0.02 + 0.0025 + 0.03))
    # a company pays the taxe d'apprentissage (0,68 %); a public employer (« autre ») no AGS
    d["structure"]["forme_juridique"] = "societe"
    assert masse(d) == pytest.approx(brut_11 * (1 + 0.01 + 0.0068 + (0.04 - 0.0049) + 0.02 + 0.0025 + 0.03))
    d["structure"]["forme_juridique"] = "autre"
    assert masse(d) == pytest.approx(brut_11 * (1 + 0.01 + (0.04 - 0.0049) + 0.02 + 0.03))
    # an AT/MP under the covered part leaves nothing of it
    d["charges"]["taux_at_mp"] = 0.003
    assert masse(d) == pytest.approx(brut_11 * (1 + 0.01 + 0.02 + 0.03))


def test_versement_mobilite_pas_pour_une_ai():
    # an AI of 20 ETP réalisés in 2026 is exempt; paid 1,1 SMIC of its hours (paid leave), so it loses reduction
    perte = 0.3981 - (0.02 + 0.3781 * (0.5 * (3 / 1.1 - 1)) ** 1.75)
    brut_ai = 20 * 1607 * SMIC_2026 * 1.1
    d = donnees_minimales("AI", etp=20)
    d["charges"] = {"taux_versement_mobilite": 0.02}
    nc_ai = 0.01 + 0.0171 + 0.0025 + 0.03
    assert _annee(d, 2026).total.charges["masse_salariale_insertion"] == pytest.approx(brut_ai * (1 + nc_ai + perte))
    # in an ensemblier, the ACI's pay pays it and the AI's does not
    d["conventionnements"].append({"type": "ACI", "etp_conventionnes": 5})
    a = _annee(d, 2026)
    assert a.par_conventionnement["AI"].charges["masse_salariale_insertion"] == pytest.approx(
        brut_ai * (1 + nc_ai + perte)
    )
    assert a.par_conventionnement["ACI"].charges["masse_salariale_insertion"] == pytest.approx(
        5 * 1820 * SMIC_2026 * (1 + nc_ai + 0.02)
    )


def test_taxe_sur_les_salaires_d_une_association():
    # 2025 scale per employee: 4,25 % up to 9 147 €, 8,50 % up to 18 259 €, 13,60 % above; abattement 24 041 €
    d = donnees_minimales("ACI", etp=20)
    d["structure"]["forme_juridique"] = "association"
    # one head per ETP réalisé: gross 1 820 × 11,88 = 21 621,60 € each
    par_tete = 0.0425 * 9_147 + 0.085 * (18_259 - 9_147) + 0.136 * (21_621.6 - 18_259)  # 1 620,58 €
    assert _annee(d, 2025).total.charges["impots_taxes"] == pytest.approx(20 * par_tete - 24_041)  # 8 370,62 €
    # a permanent costing 40 000 € loaded: gross b with b × (1 + NC + T − T / 0,6 × (1,6 × S / b − 1)) = 40 000,
    # S = 11,88 × 1 820 = 21 621,60 €, so b = (40 000 + 1,6 × S × T / 0,6) / (1 + NC + T + T / 0,6); 20 ETP + 1
    # permanent: from 11 employees, NC = 6,95 %
    d["charges"] = {"permanents": [{"fonction": "direction", "etp": 1, "cout_annuel_charge": 40_000}]}
    s = 11.88 * 1820
    b = (40_000 + 1.6 * s * T_2025 / 0.6) / (1 + NC_2025_11 + T_2025 + T_2025 / 0.6)
    assert 1 < b / s < 1.6  # under the Fillon ceiling, as assumed
    tete_permanent = 0.0425 * 9_147 + 0.085 * (18_259 - 9_147) + 0.136 * (b - 18_259)
    attendu = 20 * par_tete + tete_permanent - 24_041
    assert _annee(d, 2025).total.charges["impots_taxes"] == pytest.approx(attendu, rel=1e-6)
    # a company subject to it gets no abattement; by default a company, or no form given, is not subject
    d["structure"]["forme_juridique"] = "societe"
    assert _annee(d, 2025).total.charges["impots_taxes"] == 0
    d["structure"]["assujettie_taxe_sur_salaires"] = True
    # a company also pays the 0,68 % taxe d'apprentissage: the permanent's gross for the same cost is lower
    b_societe = (40_000 + 1.6 * s * T_2025 / 0.6) / (1 + NC_2025_11 + 0.0068 + T_2025 + T_2025 / 0.6)
    tete_societe = 0.0425 * 9_147 + 0.085 * (18_259 - 9_147) + 0.136 * (b_societe - 18_259)
    assert _annee(d, 2025).total.charges["impots_taxes"] == pytest.approx(20 * par_tete + tete_societe, rel=1e-6)
    # 30 ETP, 2,5 employees paid in the year per ETP: 75 heads at 1 820 × 11,88 / 2,5 = 8 648,64 € each
    f = donnees_minimales("ACI", etp=30, salaries_par_etp=2.5)
    f["structure"]["forme_juridique"] = "association"
    assert _annee(f, 2025).total.charges["impots_taxes"] == pytest.approx(75 * 0.0425 * 8_648.64 - 24_041)  # 3 526,54
    # an association with an EI (subject to TVA) is not subject unless it says so
    e = donnees_minimales("EI", etp=20)
    e["structure"]["forme_juridique"] = "association"
    assert _annee(e, 2025).total.charges["impots_taxes"] == 0


def test_garantie_financiere_d_une_etti():
    # cost = 2 % (commission, low confidence) × max(8 % × CA, minimum: 148 475 € in 2025, 151 445 € in 2026)
    d = donnees_minimales("ETTI", etp=10)
    d["activites"] = [{"nom": "Missions", "conventionnement": "ETTI", "chiffre_affaires": 500_000, "part_liee_etp": 0}]
    assert _annee(d, 2025).total.charges["fonctionnement"] == pytest.approx(0.02 * 148_475)  # 2 969,50 €
    assert _annee(d, 2026).total.charges["fonctionnement"] == pytest.approx(0.02 * 151_445)
    d["activites"][0]["chiffre_affaires"] = 2_500_000  # 8 % = 200 000 € > the minimum
    assert _annee(d, 2025).total.charges["fonctionnement"] == pytest.approx(0.02 * 0.08 * 2_500_000)  # 4 000 €
    # the guarantee follows the previous year's turnover: doubled in 2026, it raises the 2027 cost, not 2026's
    d = avec_scenario(
        d, id="double", leviers=[{"type": "croissance_activite", "annee": 2026, "activite": "Missions", "taux": 1.0}]
    )
    r = simuler_scenario(projet(d), "double")
    assert r.annee(2026).total.charges["fonctionnement"] == pytest.approx(0.02 * 0.08 * 2_500_000)  # 4 000 €
    assert r.annee(2027).total.charges["fonctionnement"] == pytest.approx(0.02 * 0.08 * 5_000_000)  # 8 000 €


def test_activite_facturee_a_l_heure_suit_le_smic():
    # an AI billing its hours: the turnover follows the SMIC (2026 mean 12,189 2 € / 11,88 € in 2025), not
    # the turnover hypothesis (+5 % here); with the ETP unchanged, part_liee_etp does not move it
    d = donnees_minimales("AI", etp=10)
    d["hypotheses"]["evolution_chiffre_affaires"] = 0.05
    d["activites"] = [
        {
            "nom": "Mises à disposition",
            "conventionnement": "AI",
            "chiffre_affaires": 200_000,
            "facturation_horaire": True,
        },
        {"nom": "Vente", "conventionnement": "AI", "chiffre_affaires": 10_000},
    ]
    d["activites"][0]["facturation_horaire"] = True
    a = _annee(d, 2026).total
    assert a.produits["chiffre_affaires"] == pytest.approx(200_000 * SMIC_2026 / 11.88 + 10_000 * 1.05)
    # 2027: SMIC(1 Jan 2027) = 12,31 × 1,02 all year
    a = _annee(d, 2027).total
    assert a.produits["chiffre_affaires"] == pytest.approx(200_000 * 12.31 * 1.02 / 11.88 + 10_000 * 1.05**2)


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


def test_le_chiffre_d_affaires_suit_l_inflation_par_defaut():
    """Issue 11, item 2: a baseline whose charges grow at the inflation while its turnover stays flat loses money
    nobody chose; without an entered growth, the turnover follows the inflation (2 % here)."""
    d = donnees_minimales("ACI", etp=10)
    d["activites"] = [{"nom": "Vente", "conventionnement": "ACI", "chiffre_affaires": 100_000, "part_liee_etp": 0}]
    del d["hypotheses"]["evolution_chiffre_affaires"]
    assert _annee(d, 2027).total.produits["chiffre_affaires"] == pytest.approx(100_000 * 1.02**2)
    d["hypotheses"]["inflation_charges"] = 0.03
    assert _annee(d, 2027).total.produits["chiffre_affaires"] == pytest.approx(100_000 * 1.03**2)
    d["hypotheses"]["evolution_chiffre_affaires"] = 0.0  # an entered 0 % is kept
    assert _annee(d, 2027).total.produits["chiffre_affaires"] == pytest.approx(100_000)
