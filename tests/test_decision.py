"""The decision helpers against cases worked out by hand."""

from __future__ import annotations

import pytest
from fabrique import avec_scenario, donnees_minimales, projet

from iae_model.decision import coupe_etp_absorbable, effort_equilibre, effort_tresorerie
from iae_model.simulation import simuler_scenario

# employer charges at the SMIC under 11 employees (see test_moteur_reference): formation 0,55 %, AT/MP 2,2 % − the
# part the reduction covers (0,50 point in 2025, 0,49 in 2026), AGS 0,25 %, mutuelle etc. 3 %: 5,50 %, then 5,51 %
MASSE_ACI_2025 = 1820 * 11.88 * 1.055  # 22 810,788 € per ETP réalisé (SMIC 2025)
MASSE_ACI_2026 = 1820 * (5 * 12.02 + 7 * 12.31) / 12 * 1.0551  # 23 407,149 € (SMIC 12,02 € then 12,31 € from June)


def _aci_deficitaire():
    d = donnees_minimales("ACI", etp=10, horizon=2026)
    d["activites"] = [
        {
            "nom": "Vente",
            "conventionnement": "ACI",
            "chiffre_affaires": 50_000,
            "taux_charges_variables": 0.2,
            "part_liee_etp": 0,
        }
    ]
    d["charges"] = {"fonctionnement_fixe": 100_000}
    return d


def test_effort_pour_revenir_a_l_equilibre_calcule_a_la_main():
    d = _aci_deficitaire()
    r = simuler_scenario(projet(d), "reference")
    resultat_2025 = 10 * 23_921 + 50_000 - 10 * MASSE_ACI_2025 - 50_000 * 0.2 - 100_000  # −48 897,88 €
    effort = effort_equilibre(r)[0]
    assert effort.annee == 2025
    assert effort.resultat == pytest.approx(resultat_2025)
    assert effort.economies == pytest.approx(-resultat_2025)
    assert effort.subvention == pytest.approx(-resultat_2025)
    assert effort.taux_charges_variables == pytest.approx(0.2)
    assert effort.chiffre_affaires == pytest.approx(-resultat_2025 / (1 - 0.2))  # 61 122,35 €


def test_l_effort_trouve_ramene_vraiment_le_resultat_a_zero():
    d = _aci_deficitaire()
    effort = effort_equilibre(simuler_scenario(projet(d), "reference"))[0]
    d = avec_scenario(
        d,
        id="marche",
        base="reference",
        leviers=[
            {
                "type": "marche_public",
                "nom": "Lot",
                "conventionnement": "ACI",
                "annee": 2025,
                "montant": effort.chiffre_affaires,
                "taux_charges_variables": 0.2,
            }
        ],
    )
    d = avec_scenario(
        d,
        id="economies",
        base="reference",
        leviers=[{"type": "mutualisation", "annee": 2025, "economie_charges_fixes": effort.economies}],
    )
    p = projet(d)
    assert simuler_scenario(p, "marche").annee(2025).resultat == pytest.approx(0, abs=1e-6)
    assert simuler_scenario(p, "economies").annee(2025).resultat == pytest.approx(0, abs=1e-6)
    # that turnover would break the ACI ceiling: (50 000 + 61 122,35) / (338 107,88 + 0,2 × 61 122,35) = 31,7 %
    charges = 10 * MASSE_ACI_2025 + 50_000 * 0.2 + 100_000
    ratio = (50_000 + effort.chiffre_affaires) / (charges + 0.2 * effort.chiffre_affaires)
    assert ratio == pytest.approx(0.317, abs=1e-3)
    assert effort.depasse_plafond_aci is True


def test_aucun_effort_en_excedent():
    d = donnees_minimales("ACI", etp=10)  # aide 23 921 € > payroll 22 811 € per ETP, no other cost
    for e in effort_equilibre(simuler_scenario(projet(d), "reference")):
        assert e.economies == 0 and e.chiffre_affaires == 0


def test_effort_de_tresorerie_constant():
    d = _aci_deficitaire()
    d["structure"]["tresorerie_initiale"] = 30_000
    d["hypotheses"]["inflation_charges"] = 0
    d["tresorerie"] = {"delai_fournisseurs": 0}
    r = simuler_scenario(projet(d), "reference")
    effort = effort_tresorerie(r)
    # by month t (1 = January 2025) a yearly amount earned by twelfths has brought t/12 of it
    mois = [solde for a in r.annees for solde in a.tresorerie.mensuelle]
    attendu = max(-solde * 12 / t for t, solde in enumerate(mois, start=1))
    assert effort.montant_annuel == pytest.approx(attendu)
    # savings on fixed costs paid in the month (suppliers at 0 days, no inflation) are earned by twelfths:
    # that amount keeps the lowest month-end at exactly 0; 1 % less does not
    for montant, signe in ((effort.montant_annuel, 0), (effort.montant_annuel * 0.99, -1)):
        essai = avec_scenario(
            d,
            id="aide",
            base="reference",
            leviers=[{"type": "mutualisation", "libelle": "Achats", "annee": 2025, "economie_charges_fixes": montant}],
        )
        minimum = simuler_scenario(projet(essai), "aide").tresorerie_min
        if signe == 0:
            assert minimum == pytest.approx(0, abs=1e-6)
        else:
            assert minimum < 0


def test_coupe_absorbable_forme_fermee():
    # ACI, socle frozen in 2026, suppliers paid in the month; 27 % of the payroll (the contributions) is paid
    # the month after, so December's stays owed at year end. Every month of 2025 gains a little (+1 102 € over the
    # year) and, at the cut, every month of 2026 loses money, so the low point is the end of December 2026:
    #   cash 2025 = T0 + 10 × (S − M25) − F  (a year like the one before)
    #   cash 2026 = cash 2025 + 10 (1 − t) S − P26 − 1,02 F − 0,27 × (10 M25 − P26) / 12,  P26 = 10 (1 − t) M26
    #   (January pays December 2025's contributions, December 2026's are paid in 2027)
    t0, f, s = 12_000, 10_000, 23_921
    d = donnees_minimales("ACI", etp=10, horizon=2026)
    d["structure"]["tresorerie_initiale"] = t0
    d["hypotheses"]["indexation_socle"] = "gel"
    d["charges"] = {"fonctionnement_fixe": f}
    d["tresorerie"] = {"delai_fournisseurs": 0}
    cash_2025 = t0 + 10 * (s - MASSE_ACI_2025) - f
    marge_2026 = 10 * (s - MASSE_ACI_2026)
    restant = (1.02 * f + 0.27 * 10 * MASSE_ACI_2025 / 12 - cash_2025) / (marge_2026 + 0.27 * 10 * MASSE_ACI_2026 / 12)
    attendu = 1 - restant  # (10 200 + 5 132,43 − 13 102,12) / (5 143,63 + 5 266,49) = 0,2142: t ≈ 0,786
    assert marge_2026 * restant - 1.02 * f < 0  # each month of 2026 at the cut loses money: December is the low point
    coupe = coupe_etp_absorbable(projet(d), "reference")
    assert coupe.annee == 2026
    assert coupe.taux == pytest.approx(attendu, abs=2e-4)
    assert coupe.taux <= attendu + 1e-9  # never above the true limit: the cash stays ≥ 0
    assert coupe.tresorerie_min_a_la_coupe >= 0


def test_coupe_totale_absorbable_et_tresorerie_deja_negative():
    # EI whose payroll per ETP (1 820 h × SMIC × 1,055 ≈ 22 811 €) exceeds its aide (13 304 €) and whose
    # turnover does not depend on its ETP: cutting posts only saves money
    d = donnees_minimales("EI", etp=10)
    d["structure"]["tresorerie_initiale"] = 200_000
    d["activites"] = [{"nom": "Nettoyage", "conventionnement": "EI", "chiffre_affaires": 80_000, "part_liee_etp": 0}]
    assert coupe_etp_absorbable(projet(d), "reference").taux == 1.0
    d["structure"]["tresorerie_initiale"] = -500_000
    coupe = coupe_etp_absorbable(projet(d), "reference")
    assert coupe.taux is None and coupe.tresorerie_min_sans_coupe < 0
