"""« Depuis mes comptes »: the self-check, the paste, the filling and the comparison, figures by hand.

The case: a 14-ETP EI, reference year 2025.
Produits  CA 300 000 + 100 000, aide au poste 186 256 (14 × 13 304), subventions région 20 000 and
          département 15 000, autres produits 2 000: 623 256
Charges   achats 60 000, charges externes 90 000, impôts et taxes 5 000, salaires insertion 400 000,
          permanents 150 000 (3 ETP), dotations 10 000, autres charges 1 000: 716 000
Résultat  623 256 − 716 000 = −92 744
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from iae_model.depuis_les_comptes import (
    Comptes,
    LigneMontant,
    appliquer_collage,
    caler,
    comparer,
    ecart,
    lire_collage,
    remplacements,
    remplir,
    verification,
)
from iae_model.projet import projet_depuis_donnees
from iae_model.projet.edition import projet_vierge

COMPTES = Comptes(
    annee=2025,
    chiffre_affaires=(LigneMontant("Espaces verts", 300_000), LigneMontant("Nettoyage", 100_000)),
    aide_au_poste=186_256,
    subventions=(LigneMontant("region", 20_000), LigneMontant("departement", 15_000)),
    autres_produits=2_000,
    achats=60_000,
    charges_externes=90_000,
    impots_taxes=5_000,
    salaires_insertion=400_000,
    salaires_permanents=150_000,
    etp_permanents=3,
    dotations=10_000,
    autres_charges=1_000,
    resultat=-92_744,
    tresorerie=85_000,
    fonds_propres=120_000,
    immobilisations_nettes=40_000,
)


def _vierge_ei() -> dict:
    return projet_vierge(type_="EI", etp=14, annee=2025)


def test_les_comptes_se_verifient_a_l_euro():
    assert COMPTES.total_produits == 623_256
    assert COMPTES.total_charges == 716_000
    assert ecart(COMPTES) == 0
    assert verification(COMPTES) is None
    faux = replace(COMPTES, resultat=-90_000)
    message = verification(faux)
    assert message is not None
    assert "écart de 2\u202f744" in message and "92\u202f744" in message and "90\u202f000" in message
    assert verification(replace(COMPTES, resultat=-92_744.4)) is None  # under 50 centimes: rounding


def test_remplir_un_projet_vierge():
    avant = _vierge_ei()
    gele = copy.deepcopy(avant)
    d = remplir(avant, COMPTES)
    assert avant == gele  # the draft given is not changed
    p = projet_depuis_donnees(d)
    assert [(a.nom, a.chiffre_affaires) for a in p.activites] == [("Espaces verts", 300_000), ("Nettoyage", 100_000)]
    assert all(a.taux_charges_variables == pytest.approx(0.15) for a in p.activites)  # 60 000 ÷ 400 000
    assert all(a.conventionnement == "EI" for a in p.activites)
    assert [(f.financeur, f.montant, f.debut, f.fin, f.statut) for f in p.financements] == [
        ("region", 20_000, 2025, None, "acquis"),
        ("departement", 15_000, 2025, None, "acquis"),
    ]
    assert [(x.etp, x.cout_annuel_charge) for x in p.charges.permanents] == [(3, 50_000)]  # 150 000 ÷ 3
    # an EI with no legal form given pays no taxe sur les salaires: fixed charges = 90 000 + 5 000
    assert p.charges.fonctionnement_fixe == 95_000
    assert (p.charges.amortissements, p.charges.autres_charges, p.charges.autres_produits) == (10_000, 1_000, 2_000)
    assert p.structure.tresorerie_initiale == 85_000
    assert (p.tresorerie.bilan.fonds_propres, p.tresorerie.bilan.immobilisations_nettes) == (120_000, 40_000)


def test_comparer_le_moteur_et_les_comptes():
    d = remplir(_vierge_ei(), COMPTES)
    ecarts = {e.ligne: e for e in comparer(d, COMPTES)}
    for ligne in ("Chiffre d'affaires", "Subventions d'exploitation", "Achats (consommés)", "Autres produits"):
        assert ecarts[ligne].egal, ligne
    assert ecarts["Charges externes, impôts et taxes"].moteur == pytest.approx(95_000)
    assert ecarts["Salaires et charges des permanents"].moteur == pytest.approx(150_000)
    # 14 ETP × 13 304 € (EI socle 2025), occupation 100 %, no part modulée
    aide = ecarts["Aide au poste"]
    assert aide.moteur == pytest.approx(14 * 13_304)
    assert aide.egal
    masse = ecarts["Salaires et charges des salariés en insertion"]
    assert not masse.egal
    assert "SMIC" in masse.explication and "%" in masse.explication
    resultat = ecarts["Résultat de l'exercice"]
    # the only lines the engine computes itself: the result differs by the payroll's gap alone
    assert resultat.ecart == pytest.approx(-(masse.ecart), abs=0.01)


def test_impots_calcules_par_le_moteur_retires_des_charges_fixes():
    d = projet_vierge(type_="ACI", etp=14, annee=2025)
    d["structure"]["forme_juridique"] = "association"  # ACI association: taxe sur les salaires
    rempli = remplir(d, COMPTES)
    e = {x.ligne: x for x in comparer(rempli, COMPTES)}["Charges externes, impôts et taxes"]
    assert e.moteur == pytest.approx(95_000, abs=0.01)
    assert rempli["charges"]["fonctionnement_fixe"] < 95_000


def test_ce_qui_sera_remplace_est_dit():
    d = _vierge_ei()
    d["activites"] = [{"nom": "Ancienne", "conventionnement": "EI", "chiffre_affaires": 1000}]
    d["financements"] = [
        {"nom": "FDI 2024-2026", "financeur": "fdi", "montant": 5000, "debut": 2024, "fin": 2026},
        {"nom": "Futur", "financeur": "fse", "montant": 5000, "debut": 2027},
    ]
    d["charges"]["fonctionnement_fixe"] = 175_000
    dit = " ; ".join(remplacements(d, COMPTES))
    assert "« Ancienne »" in dit and "« FDI 2024-2026 »" in dit and "175\u202f000" in dit
    assert "Futur" not in dit
    rempli = remplir(d, COMPTES)
    assert [f["nom"] for f in rempli["financements"]][-1] == "Futur"  # not in the accounts: kept
    assert remplacements(_vierge_ei(), COMPTES) == []


def test_coller_depuis_un_tableur():
    texte = (
        "Ventes espaces verts\t300 000\n"
        "Prestations nettoyage\t100\u00a0000,00\n"
        "Aide au poste ASP\t186 256\n"
        "Subvention Région\t10 000\n"
        "Subvention Région (2e versement)\t10 000\n"
        "Subvention Conseil départemental\t15 000\n"
        "Autres produits\t2 000\n"
        "60\tAchats\t-60 000\n"
        "Autres achats et charges externes\t90 000\n"
        "Impôts, taxes et versements assimilés\t5 000\n"
        "Salaires et charges insertion\t400 000\n"
        "Salaires et charges permanents\t150 000\n"
        "ETP permanents\t3\n"
        "Dotations aux amortissements\t10 000\n"
        "Autres charges\t1 000\n"
        "Résultat de l'exercice\t−92 744\n"
        "Total produits\t623 256\n"
        "Une ligne sans montant\n"
    )
    c = lire_collage(texte)
    assert c.non_reconnues == ["Total produits\t623 256", "Une ligne sans montant"]
    comptes = appliquer_collage(Comptes(annee=2025), c)
    assert comptes.chiffre_affaires == (
        LigneMontant("Ventes espaces verts", 300_000),
        LigneMontant("Prestations nettoyage", 100_000),
    )
    assert comptes.subventions == (LigneMontant("region", 20_000), LigneMontant("departement", 15_000))
    assert comptes.achats == 60_000  # a charge pasted negative counts positive
    assert comptes.charges_externes == 90_000 and comptes.impots_taxes == 5_000
    assert comptes.etp_permanents == 3 and comptes.resultat == -92_744
    assert verification(comptes) is None


def test_caler_le_salaire_et_l_occupation_sur_les_comptes():
    """The engine's reference year then shows the accounts' result: the wage goes up to the accounts' payroll
    (the general reduction it loses included), the occupation down to the accounts' aid."""
    d = remplir(_vierge_ei(), COMPTES)
    cale, phrases = caler(d, COMPTES)
    assert d == remplir(_vierge_ei(), COMPTES)  # the draft given is not changed
    ecarts = {e.ligne: e for e in comparer(cale, COMPTES)}
    # 400 000 € of insertion payroll for 14 ETP × 1 820 h: a wage above the 11,88 € SMIC
    assert ecarts["Salaires et charges des salariés en insertion"].moteur == pytest.approx(400_000, abs=10)
    salaire = projet_depuis_donnees(cale).charges.salaire_horaire_insertion
    assert 11.88 < salaire < 400_000 / (14 * 1820)  # above the SMIC, under the payroll without any contribution
    assert ecarts["Résultat de l'exercice"].egal
    assert len(phrases) == 1 and phrases[0].startswith("Salaire horaire des salariés en insertion : le SMIC →")
    # an aid of 12,6 ETP instead of 14: occupation 90 %, the payroll then set on the ETP really held
    moins = replace(COMPTES, aide_au_poste=12.6 * 13_304, resultat=COMPTES.resultat - 1.4 * 13_304)
    cale, phrases = caler(remplir(_vierge_ei(), moins), moins)
    assert projet_depuis_donnees(cale).conventionnements[0].taux_occupation == pytest.approx(0.9)
    ecarts = {e.ligne: e for e in comparer(cale, moins)}
    assert ecarts["Aide au poste"].moteur == pytest.approx(12.6 * 13_304, abs=1)
    assert ecarts["Résultat de l'exercice"].moteur == pytest.approx(moins.resultat, abs=10)
    assert phrases[0] == (
        "Taux d'occupation : 100\u00a0% → 90\u00a0% (l'aide au poste de vos comptes, 167\u202f630\u00a0€, "
        "paie moins de postes que l'annexe)."
    )
