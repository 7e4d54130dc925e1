"""« D'où vient ce chiffre ? » (issue 11, item 3): each figure with the user's numbers, adding up to the engine's."""

from __future__ import annotations

import pytest
from fabrique import avec_scenario, donnees_minimales, projet

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.explications import expliquer, montant_de
from iae_model.simulation import simuler
from iae_model.simulation.resultat import LIGNES_CHARGES, LIGNES_PRODUITS

LIGNES = [
    *(("produits", c) for c in LIGNES_PRODUITS),
    *(("charges", c) for c in LIGNES_CHARGES),
    ("resultat", "resultat"),
    ("tresorerie", "caf"),
    ("tresorerie", "tresorerie_fin"),
    ("tresorerie", "point_bas"),
]
SOMMES = {"resultat", "caf", "tresorerie_fin", "point_bas"}


@pytest.mark.parametrize("fichier", [e.fichier for e in lister_exemples()])
def test_chaque_explication_retombe_sur_le_chiffre_du_moteur(fichier):
    p = charger_exemple(fichier)
    r = simuler(p)
    for s in p.scenarios:
        rs = r.scenario(s.id)
        for a in rs.annees:
            for categorie, code in LIGNES:
                e = expliquer(p, rs, a.annee, categorie, code, r.scenario("reference"))
                assert e.montant == montant_de(a, categorie, code)
                if code in SOMMES:
                    assert len(e.calculs) == 1 and e.calculs[0].montant == pytest.approx(e.montant)
                elif any(c.montant for c in e.calculs):
                    # the terms shown add up to the figure, to the euro
                    assert sum(c.montant for c in e.calculs) == pytest.approx(e.montant, abs=0.5), (s.id, code)
            # the operands kept by the engine give its payroll and its aid back (not a derived figure)
            for t, k in a.par_conventionnement.items():
                o = k.assiettes
                if t == "EITI":
                    assert k.produits["aide_au_poste"] == pytest.approx(
                        k.travailleurs_accompagnes * o["aide_par_travailleur"]
                    )
                    continue
                masse = k.etp_realises * o["heures_payees"] * o["salaire_horaire"] * o["indemnites"]
                assert k.charges["masse_salariale_insertion"] == pytest.approx(masse * (1 + o["taux_employeur"]))


def test_l_aide_et_la_masse_salariale_avec_les_chiffres_de_l_utilisateur():
    # 10 ETP conventionnés, 90 % occupied, part modulée 5 %, 2025: 9 × 23 921 × 1,05 = 226 053,45 €
    d = donnees_minimales("ACI", etp=10, taux_occupation=0.9, part_modulee=0.05)
    d = avec_scenario(d, id="coupe", chocs=[{"type": "reduction_etp", "annee": 2026, "taux": -0.1}])
    p = projet(d)
    r = simuler(p)
    aide = expliquer(p, r.scenario("reference"), 2025, "produits", "aide_au_poste")
    assert aide.calculs[0].texte.startswith(
        "9\u00a0ETP aidés × socle 23\u202f921\u00a0€ × (1 + part modulée 5\u00a0%) = 226\u202f053\u00a0€"
    )
    socle = next(x for x in aide.parametres if x.libelle == "Socle ACI")
    assert socle.valeur == "23\u202f921,00\u00a0€" and not socle.projetee
    assert any("4 décembre 2024" in titre for titre, _ in socle.references)
    # 9 × 1 820 h × 11,88 € × (1 + 5,50 %) = 205 297,09 € (charges not covered by the reduction, under 11 employees)
    masse = expliquer(p, r.scenario("reference"), 2025, "charges", "masse_salariale_insertion")
    texte = masse.calculs[0].texte
    assert texte.startswith("9\u00a0ETP réalisés × 1\u202f820\u00a0h payées × 11,88")
    assert "(1 + cotisations employeur 5,5\u00a0%) = 205\u202f297\u00a0€" in texte
    assert "charges que la réduction générale ne couvre pas 5,5\u00a0%" in texte
    # the choc names itself beside the lines it moves, from its year, with the gap to the reference
    coupe = expliquer(p, r.scenario("coupe"), 2026, "produits", "aide_au_poste", r.scenario("reference"))
    assert coupe.items == ("Baisse des ETP conventionnés de 10\u00a0% dès 2026",)
    assert coupe.montant_reference == pytest.approx(r.scenario("reference").annee(2026).total.produits["aide_au_poste"])
    assert expliquer(p, r.scenario("coupe"), 2025, "produits", "aide_au_poste").items == ()
    assert expliquer(p, r.scenario("coupe"), 2026, "charges", "formation").items == ()
    assert expliquer(p, r.scenario("coupe"), 2026, "resultat", "resultat").items == coupe.items


def test_un_taux_de_cotisations_saisi_est_dit():
    d = donnees_minimales("EI", etp=10)
    d["charges"] = {"taux_cotisations_employeur": 0.12}
    p = projet(d)
    e = expliquer(p, simuler(p).scenario("reference"), 2025, "charges", "masse_salariale_insertion")
    assert (
        "(1 + cotisations employeur 12\u00a0%)" in e.calculs[0].texte
        and "taux de cotisations saisi" in e.calculs[0].texte
    )


def test_chaque_choc_et_levier_dit_les_lignes_qu_il_fait_bouger():
    """Each class declares its own `lignes` (not inherited by mistake), all of them lines the engine has."""
    from iae_model.projet.scenarios import MODELES
    from iae_model.simulation.resultat import LIGNES_TRESORERIE

    connues = {*LIGNES_PRODUITS, *LIGNES_CHARGES, *LIGNES_TRESORERIE}
    for code, classe in MODELES.items():
        assert "lignes" in vars(classe), code
        assert set(classe.lignes) <= connues, (code, set(classe.lignes) - connues)
    assert "subventions" in MODELES["nouveau_financement"].lignes
    assert MODELES["derogation_aci"].lignes == ()  # it moves the ACI's ceiling, no line of the accounts
