"""AppTest: « Depuis mes comptes » — a blank structure asks the few figures that matter, then the accounts
(typed or pasted), which check themselves and fill the project; the filling says what it replaces and can
be undone."""

from __future__ import annotations

import pytest

from tests.outils_app import creer_vierge, ouvrir_onglet
from ui.etat import nettoyer

COLLAGE = (
    "Ventes espaces verts\t300 000\n"
    "Prestations nettoyage\t100 000\n"
    "Aide au poste\t186 256\n"
    "Subvention Région\t20 000\n"
    "Subvention Département\t15 000\n"
    "Autres produits\t2 000\n"
    "Achats\t60 000\n"
    "Autres achats et charges externes\t90 000\n"
    "Impôts et taxes\t5 000\n"
    "Salaires et charges insertion\t400 000\n"
    "Salaires et charges permanents\t150 000\n"
    "ETP permanents\t3\n"
    "Dotations aux amortissements\t10 000\n"
    "Autres charges\t1 000\n"
    "Résultat de l'exercice\t-92 744\n"
    "Trésorerie\t85 000\n"
    "Total général\t1\n"
)


def _textes(at) -> str:
    return "\n".join(x.value for x in (*at.markdown, *at.success, *at.error, *at.warning, *at.info, *at.caption))


def _vierge_ei(nouvelle_app):
    at = creer_vierge(nouvelle_app(), "EI", "14", "2025", "EI des Coteaux")
    assert not at.exception, at.exception
    assert at.title[0].value == "Ma structure"
    return at


def _coller(at, texte: str = COLLAGE):
    at.text_area(key="comptes_collage").set_value(texte)
    at.button(key="comptes_lire_collage").click().run()
    assert not at.exception, at.exception
    return at


def test_une_structure_vierge_demande_l_essentiel_puis_ouvre_les_comptes(nouvelle_app):
    at = nouvelle_app()
    assert at.button(key="accueil_vierge").disabled  # nothing entered yet
    at = _vierge_ei(nouvelle_app)
    p = at.session_state["iae_projet_valide"]
    assert (p.structure.nom, p.structure.annee_reference) == ("EI des Coteaux", 2025)
    (c,) = p.conventionnements
    assert (c.type, c.etp_conventionnes, c.taux_occupation, c.part_modulee) == ("EI", 14, 1.0, 0.0)
    assert not p.activites and not p.financements
    assert at.session_state["structure_onglet"] == "Depuis mes comptes"
    assert at.text_input(key="comptes_achats") is not None
    assert at.button(key="comptes_remplir").disabled
    assert "Saisissez ou collez" in _textes(at)


def test_coller_verifier_remplir_et_annuler(nouvelle_app):
    at = _coller(_vierge_ei(nouvelle_app))
    assert at.text_input(key="comptes_charges_externes").value == "90\u202f000"
    assert "16 ligne(s) reconnue(s)" in _textes(at)
    assert "Total général" in "\n".join(w.value for w in at.warning)
    assert "Les comptes se vérifient" in "\n".join(s.value for s in at.success)
    assert not at.button(key="comptes_remplir").disabled
    avant = at.session_state["iae_brouillon"]
    at.button(key="comptes_remplir").click().run()
    assert not at.exception, at.exception
    p = at.session_state["iae_projet_valide"]
    assert [a.nom for a in p.activites] == ["Ventes espaces verts", "Prestations nettoyage"]
    assert [(f.financeur, f.montant) for f in p.financements] == [("region", 20_000), ("departement", 15_000)]
    assert p.charges.fonctionnement_fixe == 95_000 and p.structure.tresorerie_initiale == 85_000
    textes = _textes(at)
    assert "Le simulateur et vos comptes, 2025" in textes
    assert "Salaires et charges des salariés en insertion" in textes  # the gap the engine's payroll makes
    lignes = at.dataframe[-1].value
    assert list(lignes.columns) == ["Ligne", "Vos comptes", "Simulateur", "Écart"]
    assert lignes.set_index("Ligne").loc["Aide au poste", "Écart"] == "—"  # 14 × 13 304
    at.button(key="comptes_annuler").click().run()
    assert not at.exception, at.exception
    assert at.session_state["iae_brouillon"] == nettoyer(avant)  # as it was (empty texts are never kept)


def test_caler_le_salaire_sur_les_comptes_puis_annuler(nouvelle_app):
    """After filling, one click sets the wage on the accounts: the simulator's 2025 result is the accounts'."""
    at = _coller(_vierge_ei(nouvelle_app))
    avant = at.session_state["iae_brouillon"]
    at.button(key="comptes_remplir").click().run()
    at.button(key="comptes_caler").click().run()
    assert not at.exception, at.exception
    p = at.session_state["iae_projet_valide"]
    assert 11.88 < p.charges.salaire_horaire_insertion < 15.7  # above the SMIC; 400 000 / (14 × 1 820) = 15,70
    assert "Le résultat 2025 du simulateur est celui de vos comptes" in "\n".join(s.value for s in at.success)
    assert any(c.value.startswith("Salaire horaire des salariés en insertion : le SMIC →") for c in at.caption)
    at.button(key="comptes_annuler").click().run()
    assert at.session_state["iae_brouillon"] == nettoyer(avant)  # before the filling and the setting


def test_des_comptes_qui_ne_tombent_pas_juste_sont_dits(nouvelle_app):
    at = _coller(_vierge_ei(nouvelle_app))
    at.text_input(key="comptes_resultat").set_value("-90 000").run()
    erreurs = "\n".join(e.value for e in at.error)
    assert "écart de 2" in erreurs and "744" in erreurs
    assert at.button(key="comptes_remplir").disabled
    at.text_input(key="comptes_resultat").set_value("douze").run()
    assert "« douze » n'est pas un nombre" in "\n".join(e.value for e in at.error)
    assert at.button(key="comptes_remplir").disabled


def test_ce_qui_sera_remplace_est_annonce(app_avec_exemple):
    at = ouvrir_onglet(app_avec_exemple("aci_espaces_verts.yaml"), "structure_onglet", "Depuis mes comptes")
    _coller(at)
    avertissement = "\n".join(w.value for w in at.warning)
    assert "Remplir le projet remplacera" in avertissement
    assert "les activités" in avertissement and "Annuler le remplissage" in avertissement


@pytest.mark.parametrize("texte", ['=HYPERLINK("http://x")\t12', "**gras** [lien](http://x)\t1 000 000 000"])
def test_un_collage_inconnu_reste_du_texte(nouvelle_app, texte):
    at = _coller(_vierge_ei(nouvelle_app), texte)
    avertissement = "\n".join(w.value for w in at.warning)
    assert "[lien](" not in avertissement and "**gras**" not in avertissement  # escaped: shown as typed
