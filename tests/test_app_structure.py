"""AppTest: the « Ma structure » page (every input editable, nothing typed lost) and its helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.projet import ErreurLigne, projet_en_donnees
from ui import editeurs as ed
from ui.formats import texte_brut

EXEMPLES = [e.fichier for e in lister_exemples()]
PAGE = "pages/ma_structure.py"


def _editeur(at, nom: str):
    """The table editor of a list (its key carries the generation, so look it up by prefix)."""
    trouves = [d for d in at.data_editor if d.key and d.key.startswith(f"structure_{nom}_")]
    assert len(trouves) == 1, [d.key for d in at.data_editor]
    return trouves[0]


def _editer(at, nom: str, edited=None, added=None, deleted=None):
    at.session_state[_editeur(at, nom).key] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    return at.run()


def _metrique(at, libelle: str) -> str:
    return next(m.value for m in at.metric if m.label == libelle)


def _erreurs(at) -> str:
    return "\n".join(e.value for e in at.error)


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_la_page_s_affiche_pour_chaque_exemple(app_avec_exemple, fichier):
    at = app_avec_exemple(fichier)  # Accueil opens the example, then switches to Ma structure
    assert not at.exception, at.exception
    assert at.title[0].value == "Ma structure"
    assert {m.label for m in at.metric} >= {"Aide au poste", "Résultat", "Trésorerie au 31 décembre"}
    assert not at.error
    projet = charger_exemple(fichier)
    assert len(_editeur(at, "conventionnements").value) == len(projet.conventionnements)
    assert len(_editeur(at, "activites").value) == len(projet.activites)
    assert len(_editeur(at, "financements").value) == len(projet.financements)
    assert len(_editeur(at, "permanents").value) == len(projet.charges.permanents)
    # rendering alone changes nothing: no new version, the draft is the example
    version = at.session_state["iae_version"]
    at.run()
    assert at.session_state["iae_version"] == version
    assert at.session_state["iae_projet_valide"] == projet


def test_sans_projet_la_page_renvoie_a_l_accueil(nouvelle_app):
    at = nouvelle_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Aucun projet ouvert" in at.info[0].value
    assert not at.data_editor


def test_changer_les_etp_du_premier_conventionnement_deplace_le_resultat(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    aide_avant = _metrique(at, "Aide au poste")
    resultat_avant = _metrique(at, "Résultat")
    _editer(at, "conventionnements", edited={0: {"etp_conventionnes": 12}})
    assert not at.exception
    assert at.session_state["iae_projet_valide"].conventionnements[0].etp_conventionnes == 12
    assert _metrique(at, "Aide au poste") != aide_avant
    assert _metrique(at, "Résultat") != resultat_avant
    # the other fields of the row are untouched, and a later run writes nothing more
    assert at.session_state["iae_brouillon"]["conventionnements"][0] == {
        "type": "ACI",
        "etp_conventionnes": 12,
        "taux_occupation": 0.95,
        "part_modulee": 0.05,
        "beneficiaires_rsa": 0.55,
    }
    version = at.session_state["iae_version"]
    at.run()
    assert at.session_state["iae_version"] == version
    assert _editeur(at, "conventionnements").key.startswith("structure_conventionnements_")


def test_un_taux_se_saisit_en_pourcentage(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    assert _editeur(at, "conventionnements").value["taux_occupation"].iloc[0] == pytest.approx(95)
    _editer(at, "conventionnements", edited={0: {"taux_occupation": 80}})
    assert at.session_state["iae_projet_valide"].conventionnements[0].taux_occupation == pytest.approx(0.8)


def test_changer_la_tresorerie_initiale_deplace_la_tresorerie_de_fin(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    avant = _metrique(at, "Trésorerie au 31 décembre")
    at.number_input(key="structure_tresorerie_initiale").set_value(20_000.0).run()
    assert not at.exception
    assert at.session_state["iae_projet_valide"].structure.tresorerie_initiale == 20_000
    assert _metrique(at, "Trésorerie au 31 décembre") != avant


def test_champs_simples_et_hypotheses(app_avec_exemple):
    at = app_avec_exemple("ensemblier_aci_ei.yaml")
    at.text_input(key="structure_nom").set_value("Mon ensemblier").run()
    at.selectbox(key="structure_indexation_mode").set_value("gel").run()
    at.number_input(key="structure_evolution_smic").set_value(3.0).run()
    at.number_input(key="structure_formation_prise_en_charge").set_value(40.0).run()
    at.multiselect(key="structure_statuts_financements").set_value(["acquis"]).run()
    assert not at.exception
    p = at.session_state["iae_projet_valide"]
    assert p.structure.nom == "Mon ensemblier"
    assert p.hypotheses.indexation_socle == "gel"
    assert p.hypotheses.evolution_smic == pytest.approx(0.03)
    assert p.charges.formation.prise_en_charge == pytest.approx(0.4)
    assert p.hypotheses.statuts_financements == ["acquis"]
    # an indexation rate, then a wage of its own
    at.selectbox(key="structure_indexation_mode").set_value("taux").run()
    at.number_input(key="structure_indexation_taux").set_value(1.5).run()
    at.selectbox(key="structure_salaire_mode").set_value("montant").run()
    at.number_input(key="structure_salaire_montant").set_value(13.5).run()
    assert not at.exception
    p = at.session_state["iae_projet_valide"]
    assert p.hypotheses.indexation_socle == pytest.approx(0.015)
    assert p.charges.salaire_horaire_insertion == pytest.approx(13.5)


def test_une_saisie_invalide_est_gardee_signalee_et_annulable(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    valide = at.session_state["iae_projet_valide"]
    tresorerie = _metrique(at, "Trésorerie au 31 décembre")
    _editer(at, "financements", edited={1: {"fin": 2020}})  # FSE+ 2025-2027 ends before it starts
    assert not at.exception
    # the typed value is kept in the draft and in the table
    assert at.session_state["iae_brouillon"]["financements"][1]["fin"] == 2020
    # a French error, in the Financements tab, names the row and the field
    message = _erreurs(at)
    assert "Ligne 2 « FSE+ inclusion 2021-2027 (volet départemental) », Fin" in message
    assert "l'année de fin (2020) précède l'année de début (2025)" in message
    assert "Financements (1)" in at.warning[0].value
    # the last valid project is unchanged and still simulated
    assert at.session_state["iae_projet_valide"] is valide
    assert _metrique(at, "Trésorerie au 31 décembre") == tresorerie
    # a later run does not lose the invalid value
    at.run()
    assert at.session_state["iae_brouillon"]["financements"][1]["fin"] == 2020
    # « Revenir à la dernière version valide » is an explicit action
    at.button(key="structure_revenir").click().run()
    assert not at.exception
    assert at.session_state["iae_brouillon"]["financements"][1]["fin"] == 2027
    assert not at.session_state["iae_erreurs"]
    assert not at.error
    # the tables were rebuilt from the restored project (new generation, no stale edit)
    assert _editeur(at, "financements").value["fin"].iloc[1] == 2027
    at.run()
    assert at.session_state["iae_brouillon"]["financements"][1]["fin"] == 2027


def test_des_etp_negatifs_sont_signales(app_avec_exemple):
    at = app_avec_exemple("ei_proprete.yaml")
    valide = at.session_state["iae_projet_valide"]
    _editer(at, "conventionnements", edited={0: {"etp_conventionnes": -3}})
    assert not at.exception
    assert at.session_state["iae_brouillon"]["conventionnements"][0]["etp_conventionnes"] == -3
    assert "Ligne 1 « EI », ETP conventionnés : doit être supérieur ou égal à 0" in _erreurs(at)
    assert at.session_state["iae_projet_valide"] is valide


def test_ajouter_puis_supprimer_une_activite(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    nb = len(at.session_state["iae_projet_valide"].activites)
    nouvelle = {
        "nom": "Recyclerie",
        "conventionnement": "ACI",
        "chiffre_affaires": 30000,
        "part_marches_publics": 0,
        "taux_charges_variables": 30,
        "part_liee_etp": 50,
    }
    ca_avant = _metrique(at, "Chiffre d'affaires")
    _editer(at, "activites", added=[nouvelle])
    assert not at.exception
    activites = at.session_state["iae_projet_valide"].activites
    assert len(activites) == nb + 1
    assert activites[-1].nom == "Recyclerie"
    assert activites[-1].taux_charges_variables == pytest.approx(0.3)
    assert activites[-1].part_liee_etp == pytest.approx(0.5)
    assert _metrique(at, "Chiffre d'affaires") != ca_avant
    # delete the second row: the edit state keeps the addition (deltas over the same base)
    _editer(at, "activites", added=[nouvelle], deleted=[1])
    assert not at.exception and not at.error
    noms = [a.nom for a in at.session_state["iae_projet_valide"].activites]
    assert noms == ["Entretien d'espaces verts", "Recyclerie"]
    assert [a["nom"] for a in at.session_state["iae_brouillon"]["activites"]] == noms


def test_une_ligne_ajoutee_incomplete_est_gardee_avec_ses_erreurs(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _editer(at, "activites", added=[{"nom": "Atelier vélo"}])
    assert at.session_state["iae_brouillon"]["activites"][-1] == {"nom": "Atelier vélo"}
    message = _erreurs(at)
    assert "Ligne 3 « Atelier vélo », Conventionnement : champ obligatoire manquant" in message
    assert "Chiffre d'affaires : champ obligatoire manquant" in message


def test_supprimer_l_activite_citee_par_un_scenario_signale_le_scenario(app_avec_exemple):
    at = app_avec_exemple("ensemblier_aci_ei.yaml")
    rang = next(
        i for i, a in enumerate(at.session_state["iae_projet_valide"].activites) if a.nom == "Traiteur solidaire"
    )
    _editer(at, "activites", deleted=[rang])
    assert not at.exception
    message = _erreurs(at).replace("\\", "")
    assert (
        "Scénario « Loi de finances 2026, département en retrait et PIC IAE réduit », choc 5 (perte_activite), "
        "activite : l'activité « Traiteur solidaire » n'existe pas"
    ) in message
    assert "Scénarios et autres (1)" in at.warning[0].value


def test_les_permanents_et_l_eiti(app_avec_exemple):
    at = app_avec_exemple("eiti_independants.yaml")
    assert _editeur(at, "conventionnements").value["part_mois_1_9"].iloc[0] == pytest.approx(60)
    _editer(at, "conventionnements", edited={0: {"travailleurs_accompagnes": 40}})
    assert at.session_state["iae_projet_valide"].conventionnements[0].travailleurs_accompagnes == 40
    _editer(at, "permanents", edited={1: {"etp": 3, "conventionnement": "EITI"}})
    assert not at.exception
    permanent = at.session_state["iae_projet_valide"].charges.permanents[1]
    assert (permanent.fonction, permanent.etp, permanent.conventionnement) == ("cip", 3, "EITI")


def test_le_projet_modifie_est_enregistre(app_avec_exemple, nouvelle_app):
    at = app_avec_exemple("aci_recyclerie.yaml")
    _editer(at, "financements", edited={0: {"montant": 70000}})
    at.number_input(key="structure_tresorerie_initiale").set_value(12_345.0).run()
    _editer(at, "financements", edited={0: {"montant": 70000}, 2: {"fin": 2000}})  # invalid, kept
    jeton = at.session_state["iae_jeton"]
    rechargee = nouvelle_app({"p": jeton})
    assert not rechargee.exception
    brouillon = rechargee.session_state["iae_brouillon"]
    assert brouillon["financements"][0]["montant"] == 70000
    assert brouillon["financements"][2]["fin"] == 2000
    assert brouillon["structure"]["tresorerie_initiale"] == 12_345
    # the reopened invalid draft: the page works from it and shows its error
    rechargee.switch_page(PAGE).run()
    assert not rechargee.exception
    assert "précède l'année de début" in _erreurs(rechargee)
    assert len(_editeur(rechargee, "financements").value) == len(brouillon["financements"])


def test_un_projet_nouvellement_ouvert_reconstruit_les_tableaux(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _editer(at, "activites", edited={0: {"chiffre_affaires": 1}})
    at.switch_page("pages/accueil.py").run()
    at.selectbox(key="accueil_exemple").set_value("ei_proprete.yaml").run()
    at.button(key="accueil_ouvrir_exemple").click().run()
    assert not at.exception
    assert at.session_state["iae_projet_valide"] == charger_exemple("ei_proprete.yaml")
    assert list(_editeur(at, "activites").value["nom"]) == [
        a.nom for a in charger_exemple("ei_proprete.yaml").activites
    ]
    assert at.number_input(key="structure_tresorerie_initiale").value == 150_000


# -- pure helpers --


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_les_tableaux_rendent_les_items_sans_rien_changer(fichier):
    donnees = projet_en_donnees(charger_exemple(fichier))
    listes = {
        "conventionnements": donnees["conventionnements"],
        "activites": donnees.get("activites", []),
        "financements": donnees.get("financements", []),
        "permanents": donnees.get("charges", {}).get("permanents", []),
    }
    for nom, items in listes.items():
        colonnes = ed.TABLES[nom]
        base = ed.construire_base("cle", items, colonnes)
        assert ed.items_du_tableau(base.tableau.copy(), colonnes, base) == items
        # a row edited and set back to its value is written with the same values (defaults made explicit)
        for converti, item in zip(base.converties, items, strict=True):
            for cle, valeur in item.items():
                assert converti[cle] == pytest.approx(valeur) if isinstance(valeur, float) else converti[cle] == valeur


def test_conversions_des_cellules():
    taux = ed.COLONNES_CONVENTIONNEMENTS[3]
    assert taux.champ == "taux_occupation"
    assert ed.vers_cellule(taux, {"taux_occupation": 0.07}) == 7
    assert ed.depuis_cellule(taux, 7.000000000000001) == 0.07
    assert ed.vers_cellule(taux, {}) == 100  # the model's default is shown
    salaire = next(c for c in ed.COLONNES_CONVENTIONNEMENTS if c.champ == "salaire_horaire_insertion")
    assert ed.vers_cellule(salaire, {"salaire_horaire_insertion": 14.9}) == "14,9"
    assert ed.depuis_cellule(salaire, "14,90 €") == 14.9
    assert ed.depuis_cellule(salaire, "smic") == "smic"
    assert ed.depuis_cellule(salaire, "douze") == "douze"  # kept as typed, the model says why
    assert ed.depuis_cellule(salaire, pd.NA) is None
    fin = next(c for c in ed.COLONNES_FINANCEMENTS if c.champ == "fin")
    assert ed.depuis_cellule(fin, 2027.0) == 2027 and isinstance(ed.depuis_cellule(fin, 2027.0), int)
    derogation = next(c for c in ed.COLONNES_CONVENTIONNEMENTS if c.champ == "derogation_plafond")
    assert ed.depuis_cellule(derogation, False) is None and ed.depuis_cellule(derogation, True) is True


def test_erreurs_rangees_par_section_avec_des_libelles_francais():
    brouillon = {
        "financements": [{"nom": "A"}, {"nom": "FSE+"}],
        "charges": {"permanents": [{"fonction": "cip"}, {"fonction": "encadrant_technique"}]},
    }
    erreurs = [
        ErreurLigne("financements[1].fin", "l'année de fin (2024) précède l'année de début (2025)"),
        ErreurLigne("charges.permanents[1].etp", "doit être supérieur ou égal à 0 (reçu -1)"),
        ErreurLigne("charges.formation.prise_en_charge", "doit être inférieur ou égal à 1 (reçu 7)"),
        ErreurLigne("hypotheses.horizon", "l'horizon (2020) précède l'année de référence (2025)"),
        ErreurLigne("scenarios[1].chocs[0].activite", "l'activité « X » n'existe pas"),
        ErreurLigne("conventionnements", "au moins 1 élément(s) attendu(s)"),
    ]
    par_section = ed.erreurs_par_section(erreurs)
    assert set(par_section) == {"financements", "charges", "hypotheses", "general", "conventionnements"}
    textes = [ed.texte_erreur(e, brouillon) for e in erreurs]
    assert textes[0] == "Ligne 2 « FSE+ », Fin : l'année de fin (2024) précède l'année de début (2025)"
    assert textes[1] == "Permanents, ligne 2 « Encadrant technique », ETP : doit être supérieur ou égal à 0 (reçu -1)"
    assert textes[2].startswith("Formation, prise en charge :")
    assert textes[3].startswith("Horizon :")
    assert textes[4] == "Scénario 2, choc 1, activite : l'activité « X » n'existe pas"
    assert textes[5] == "Conventionnements : au moins 1 élément(s) attendu(s)"


def test_le_texte_saisi_n_est_pas_du_markdown():
    assert texte_brut("**gras** [lien](http://x) <b>") == r"\*\*gras\*\* \[lien\](http://x) \<b\>"
