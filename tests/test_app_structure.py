"""AppTest: the « Ma structure » page (every input editable, nothing typed lost) and its helpers."""

from __future__ import annotations

import pandas as pd
import pytest

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.projet import ErreurLigne, projet_en_donnees
from tests.outils_app import creer_vierge, ouvrir_onglet
from ui import editeurs as ed
from ui.formats import texte_brut

EXEMPLES = [e.fichier for e in lister_exemples()]
PAGE = "app_pages/ma_structure.py"


ONGLET_DE = {
    "conventionnements": "Conventionnements",
    "activites": "Activités",
    "financements": "Financements",
    "permanents": "Charges",
    "emprunts": "Trésorerie",
    "versements": "Trésorerie",
}


def _onglet(at, nom: str):
    return ouvrir_onglet(at, "structure_onglet", nom)


def _editeur(at, nom: str):
    """The table editor of a list (its key carries the generation, so look it up by prefix)."""
    _onglet(at, ONGLET_DE[nom])
    trouves = [d for d in at.data_editor if d.key and d.key.startswith(f"structure_{nom}_")]
    assert len(trouves) == 1, [d.key for d in at.data_editor]
    return trouves[0]


def _champ(at, nom: str, onglet: str | None = None, genre: str = "text_input"):
    """A scalar field by its name (its key carries the generation)."""
    if onglet:
        _onglet(at, onglet)
    trouves = [w for w in getattr(at, genre) if w.key and w.key.startswith(f"structure_{nom}_g")]
    assert len(trouves) == 1, [w.key for w in getattr(at, genre)]
    return trouves[0]


def _saisir(at, nom: str, texte: str, onglet: str | None = None):
    _champ(at, nom, onglet).set_value(texte).run()
    assert not at.exception, at.exception
    return at


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
    assert {m.label for m in at.metric} >= {"Aide au poste", "Résultat", "Trésorerie de fin d'année"}
    assert not at.error
    projet = charger_exemple(fichier)
    assert len(_editeur(at, "conventionnements").value) == len(projet.conventionnements)
    assert len(_editeur(at, "activites").value) == len(projet.activites)
    assert len(_editeur(at, "financements").value) == len(projet.financements)
    assert len(_editeur(at, "permanents").value) == len(projet.charges.permanents)
    for onglet in ("Structure", "Hypothèses", "Charges"):
        _onglet(at, onglet)
        assert not at.error
    # rendering alone changes nothing: no new version, the draft is the example
    version = at.session_state["iae_version"]
    at.run()
    assert at.session_state["iae_version"] == version
    assert at.session_state["iae_projet_valide"] == projet


def test_seul_l_onglet_ouvert_a_des_widgets(app_avec_exemple):
    """A widget that is not on screen does not exist, so it can never send a value (issue 8, item 1)."""
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _onglet(at, "Trésorerie")
    cles = {w.key for w in [*at.text_input, *at.multiselect, *at.selectbox, *at.data_editor] if w.key}
    assert any(c.startswith("structure_tresorerie_initiale_g") for c in cles)
    assert not any(c.startswith(("structure_statuts_financements", "structure_financements_")) for c in cles)
    _onglet(at, "Financements")
    cles = {w.key for w in [*at.text_input, *at.multiselect, *at.data_editor] if w.key}
    assert not any(c.startswith("structure_tresorerie_initiale") for c in cles)
    # the multiselect is created with the draft's list as its own default: a browser that lost its
    # state sends the saved list back, never an empty one
    statuts = _champ(at, "statuts_financements", genre="multiselect")
    assert statuts.value == ["acquis", "probable"]
    assert list(statuts.proto.default) == [0, 1]


def test_editer_un_champ_garde_tous_les_financements(app_avec_exemple):
    """Editing the cash (or any field) must not touch « Financements comptés dans les résultats »."""
    at = app_avec_exemple("aci_espaces_verts.yaml")
    subventions = _metrique(at, "Subventions")
    statuts = at.session_state["iae_brouillon"].get("hypotheses", {}).get("statuts_financements")
    _saisir(at, "tresorerie_initiale", "20 000", "Trésorerie")
    _saisir(at, "evolution_smic", "1,5", "Hypothèses")
    _editer(at, "financements", edited={0: {"montant": "41 000"}})
    _onglet(at, "Structure")
    assert at.session_state["iae_brouillon"].get("hypotheses", {}).get("statuts_financements") == statuts
    assert _metrique(at, "Subventions") != "0\u00a0€"
    assert _metrique(at, "Subventions") != subventions  # moved by the new amount only (+1 000 €)


def test_changer_les_etp_du_premier_conventionnement_deplace_le_resultat(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    aide_avant = _metrique(at, "Aide au poste")
    resultat_avant = _metrique(at, "Résultat")
    _editer(at, "conventionnements", edited={0: {"etp_conventionnes": "12"}})
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
        "salaries_par_etp": 2.5,
    }
    version = at.session_state["iae_version"]
    at.run()
    assert at.session_state["iae_version"] == version
    assert _editeur(at, "conventionnements").key.startswith("structure_conventionnements_")


def test_les_cellules_sont_en_francais_et_les_taux_en_pourcentage(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    assert _editeur(at, "conventionnements").value["taux_occupation"].iloc[0] == "95"
    assert _editeur(at, "activites").value["chiffre_affaires"].iloc[0] == "165\u202f000"
    _editer(at, "conventionnements", edited={0: {"taux_occupation": "80,5"}})
    assert at.session_state["iae_projet_valide"].conventionnements[0].taux_occupation == pytest.approx(0.805)
    _editer(at, "conventionnements", edited={0: {"taux_occupation": "80,5 %", "etp_conventionnes": "20,5"}})
    assert at.session_state["iae_projet_valide"].conventionnements[0].etp_conventionnes == pytest.approx(20.5)


@pytest.mark.parametrize(
    ("tape", "garde", "message"),
    [
        ("1e308", 1e308, "ETP conventionnés : doit être inférieur ou égal à 100\u202f000 (reçu 1e+308)"),
        ("-5", -5, "ETP conventionnés : doit être supérieur ou égal à 0 (reçu -5)"),
        ("1000000", 1_000_000, "ETP conventionnés : doit être inférieur ou égal à 100\u202f000 (reçu 1000000"),
        ("vingt", "vingt", "ETP conventionnés : « vingt » n'est pas un nombre : la valeur n'est pas utilisée."),
    ],
)
def test_une_cellule_hors_bornes_est_gardee_telle_quelle_avec_un_message(app_avec_exemple, tape, garde, message):
    """Issue 8, item 2: 1e308 became 1308, -5 became 5, 1000000 became 100000, all without a word."""
    at = app_avec_exemple("ei_proprete.yaml")
    valide = at.session_state["iae_projet_valide"]
    _editer(at, "conventionnements", edited={0: {"etp_conventionnes": tape}})
    assert not at.exception
    assert at.session_state["iae_brouillon"]["conventionnements"][0]["etp_conventionnes"] == garde
    assert message in _erreurs(at)
    assert at.session_state["iae_projet_valide"] is valide
    assert "Conventionnements (1)" in at.warning[0].value
    # the cell still shows what was typed (the table is rebuilt from the draft on a new visit)
    at.switch_page("app_pages/resultats.py").run()
    at.switch_page(PAGE).run()
    cellule = _editeur(at, "conventionnements").value["etp_conventionnes"].iloc[0]
    assert cellule == {"1e308": "1e+308", "1000000": "1\u202f000\u202f000"}.get(tape, tape)


def test_changer_la_tresorerie_initiale_deplace_la_tresorerie_de_fin(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    avant = _metrique(at, "Trésorerie de fin d'année")
    assert _champ(at, "tresorerie_initiale", "Trésorerie").value == "120\u202f000"
    _saisir(at, "tresorerie_initiale", "20 000 €")
    assert at.session_state["iae_projet_valide"].structure.tresorerie_initiale == 20_000
    assert _metrique(at, "Trésorerie de fin d'année") != avant


def test_vider_la_tresorerie_ne_stocke_pas_moins_un_milliard(app_avec_exemple):
    """Issue 8, item 2: clearing the field stored −1 000 000 000 €; an empty field means the default, 0 €."""
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _saisir(at, "tresorerie_initiale", "", "Trésorerie")
    assert "tresorerie_initiale" not in at.session_state["iae_brouillon"]["structure"]
    assert at.session_state["iae_projet_valide"].structure.tresorerie_initiale == 0
    champ = _champ(at, "tresorerie_initiale")
    assert champ.value == "" and champ.proto.placeholder == "Vide : 0 €"


def test_un_texte_illisible_reste_visible_avec_son_message(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    valide = at.session_state["iae_projet_valide"]
    _saisir(at, "tresorerie_initiale", "38.000", "Trésorerie")
    assert at.session_state["iae_brouillon"]["structure"]["tresorerie_initiale"] == "38.000"
    assert _champ(at, "tresorerie_initiale").value == "38.000"
    assert "« 38.000 » est ambigu : écrivez 38 000 pour des milliers ou 38,000 pour des décimales" in _erreurs(at)
    assert at.session_state["iae_projet_valide"] is valide
    assert "Trésorerie (1)" in at.warning[0].value  # the tab the field is drawn in
    assert not at.success  # the page does not claim the figures are up to date


@pytest.mark.parametrize(("tape", "taux"), [("1,5", 0.015), ("12,5", 0.125), ("2", 0.02), ("4,5 %", 0.045)])
def test_les_taux_acceptent_les_decimales_francaises(nouvelle_app, tape, taux):
    """Issue 8, item 3: « 1,5 » in « Évolution du SMIC » stored 15 % a year."""
    at = nouvelle_app()
    creer_vierge(at)
    _saisir(at, "evolution_smic", tape, "Hypothèses")
    assert at.session_state["iae_projet_valide"].hypotheses.evolution_smic == pytest.approx(taux)


def test_un_taux_hors_bornes_est_dit_en_pourcentage(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _saisir(at, "evolution_smic", "60", "Hypothèses")
    assert at.session_state["iae_brouillon"]["hypotheses"]["evolution_smic"] == pytest.approx(0.6)
    assert "doit être inférieur ou égal à 50 % (reçu 60 %)" in _erreurs(at)


def test_champs_simples_et_hypotheses(app_avec_exemple):
    at = app_avec_exemple("ensemblier_aci_ei.yaml")
    _saisir(at, "nom", "Mon ensemblier", "Structure")
    _onglet(at, "Hypothèses")
    _champ(at, "indexation_mode", genre="selectbox").set_value("smic").run()  # the example freezes it
    _saisir(at, "evolution_smic", "3")
    _saisir(at, "formation_prise_en_charge", "40", "Charges")
    _onglet(at, "Financements")
    _champ(at, "statuts_financements", genre="multiselect").set_value(["acquis"]).run()
    assert not at.exception
    p = at.session_state["iae_projet_valide"]
    assert p.structure.nom == "Mon ensemblier"
    assert p.hypotheses.indexation_socle == "smic"
    assert p.hypotheses.evolution_smic == pytest.approx(0.03)
    assert p.charges.formation.prise_en_charge == pytest.approx(0.4)
    assert p.hypotheses.statuts_financements == ["acquis"]
    # an indexation rate, then a wage of its own
    _onglet(at, "Hypothèses")
    _champ(at, "indexation_mode", genre="selectbox").set_value("taux").run()
    _saisir(at, "indexation_taux", "1,5")
    _onglet(at, "Charges")
    _champ(at, "salaire_mode", genre="selectbox").set_value("montant").run()
    _saisir(at, "salaire_montant", "13,50")
    assert not at.exception
    p = at.session_state["iae_projet_valide"]
    assert p.hypotheses.indexation_socle == pytest.approx(0.015)
    assert p.charges.salaire_horaire_insertion == pytest.approx(13.5)


def test_taux_at_mp_et_versement_mobilite_de_la_structure(app_avec_exemple):
    """The charges the general reduction does not cover: the structure's AT/MP and versement mobilité rates."""
    at = app_avec_exemple("aci_espaces_verts.yaml")
    resultat_avant = _metrique(at, "Résultat")
    _onglet(at, "Charges")
    assert "Vide : 2,2\u00a0%, un ordre de grandeur" in _champ(at, "taux_at_mp").help
    assert any("versement mobilité à partir de 11 salariés (pas en AI)" in c.value for c in at.caption)
    _saisir(at, "taux_at_mp", "4,5")
    _saisir(at, "taux_versement_mobilite", "0")
    p = at.session_state["iae_projet_valide"]
    assert p.charges.taux_at_mp == pytest.approx(0.045)
    assert p.charges.taux_versement_mobilite == 0
    assert _metrique(at, "Résultat") != resultat_avant
    _saisir(at, "taux_at_mp", "")
    assert at.session_state["iae_projet_valide"].charges.taux_at_mp is None


def test_une_saisie_invalide_est_gardee_signalee_et_annulable(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    valide = at.session_state["iae_projet_valide"]
    tresorerie = _metrique(at, "Trésorerie de fin d'année")
    _editer(at, "financements", edited={1: {"fin": "2020"}})  # FSE+ 2025-2027 ends before it starts
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
    assert _metrique(at, "Trésorerie de fin d'année") == tresorerie
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
    assert _editeur(at, "financements").value["fin"].iloc[1] == "2027"
    at.run()
    assert at.session_state["iae_brouillon"]["financements"][1]["fin"] == 2027


def test_des_etp_negatifs_sont_signales(app_avec_exemple):
    at = app_avec_exemple("ei_proprete.yaml")
    valide = at.session_state["iae_projet_valide"]
    _editer(at, "conventionnements", edited={0: {"etp_conventionnes": "-3"}})
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
        "chiffre_affaires": "30 000",
        "part_marches_publics": "0",
        "taux_charges_variables": "30",
        "part_liee_etp": "50",
    }
    ca_avant = _metrique(at, "Chiffre d'affaires")
    _editer(at, "activites", added=[nouvelle])
    assert not at.exception
    activites = at.session_state["iae_projet_valide"].activites
    assert len(activites) == nb + 1
    assert activites[-1].nom == "Recyclerie"
    assert activites[-1].chiffre_affaires == 30_000
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
        "Scénario « Loi de finances 2026, département en retrait et PIC IAE réduit », choc 4 (Perte d'activité), "
        "Activité : l'activité « Traiteur solidaire » n'existe pas"
    ) in message
    assert "Scénarios et autres (1)" in at.warning[0].value


def test_les_permanents_et_l_eiti(app_avec_exemple):
    at = app_avec_exemple("eiti_independants.yaml")
    assert _editeur(at, "conventionnements").value["part_mois_1_9"].iloc[0] == "60"
    _editer(at, "conventionnements", edited={0: {"travailleurs_accompagnes": "40"}})
    assert at.session_state["iae_projet_valide"].conventionnements[0].travailleurs_accompagnes == 40
    _editer(at, "permanents", edited={1: {"etp": "3", "conventionnement": "EITI"}})
    assert not at.exception
    permanent = at.session_state["iae_projet_valide"].charges.permanents[1]
    assert (permanent.fonction, permanent.etp, permanent.conventionnement) == ("cip", 3, "EITI")


def test_le_projet_modifie_est_enregistre(app_avec_exemple, nouvelle_app):
    at = app_avec_exemple("aci_recyclerie.yaml")
    _editer(at, "financements", edited={0: {"montant": "70 000"}})
    _saisir(at, "tresorerie_initiale", "12 345", "Trésorerie")
    _editer(at, "financements", edited={0: {"montant": "70 000"}, 2: {"fin": "2000"}})  # invalid, kept
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
    _onglet(rechargee, "Financements")
    assert "précède l'année de début" in _erreurs(rechargee)
    assert len(_editeur(rechargee, "financements").value) == len(brouillon["financements"])


def test_un_projet_nouvellement_ouvert_reconstruit_les_tableaux(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _editer(at, "activites", edited={0: {"chiffre_affaires": "1"}})
    at.switch_page("app_pages/accueil.py").run()
    at.selectbox(key="accueil_exemple").set_value("ei_proprete.yaml").run()
    at.button(key="accueil_ouvrir_exemple").click().run()
    at.button(key="accueil_confirmer").click().run()
    assert not at.exception
    at.switch_page(PAGE).run()  # AppTest reruns the page it last switched to itself (Accueil)
    assert at.session_state["iae_projet_valide"] == charger_exemple("ei_proprete.yaml")
    assert list(_editeur(at, "activites").value["nom"]) == [
        a.nom for a in charger_exemple("ei_proprete.yaml").activites
    ]
    assert _champ(at, "tresorerie_initiale", "Trésorerie").value == "150\u202f000"


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
    assert ed.vers_cellule(taux, {"taux_occupation": 0.07}) == "7"
    assert ed.depuis_cellule(taux, "7,000000000000001") == 0.07
    assert ed.depuis_cellule(taux, "4,5 %") == 0.045
    assert ed.vers_cellule(taux, {}) == "100"  # the model's default is shown
    assert ed.vers_cellule(taux, {"taux_occupation": "quatre"}) == "quatre"  # kept as typed
    salaire = next(c for c in ed.COLONNES_CONVENTIONNEMENTS if c.champ == "salaire_horaire_insertion")
    assert ed.vers_cellule(salaire, {"salaire_horaire_insertion": 14.9}) == "14,9"
    assert ed.depuis_cellule(salaire, "14,90 €") == 14.9
    assert ed.depuis_cellule(salaire, "smic") == "smic"
    assert ed.depuis_cellule(salaire, "douze") == "douze"  # kept as typed, the model says why
    assert ed.depuis_cellule(salaire, pd.NA) is None
    fin = next(c for c in ed.COLONNES_FINANCEMENTS if c.champ == "fin")
    assert ed.vers_cellule(fin, {"fin": 2027}) == "2027"  # a year has no thousands separator
    assert ed.depuis_cellule(fin, "2027") == 2027 and isinstance(ed.depuis_cellule(fin, "2027"), int)
    montant = next(c for c in ed.COLONNES_FINANCEMENTS if c.champ == "montant")
    assert ed.vers_cellule(montant, {"montant": 235000}) == "235\u202f000"
    assert ed.depuis_cellule(montant, "235 000 €") == 235000
    assert ed.depuis_cellule(montant, "1e308") == 1e308  # out of range: kept, the validator says why
    derogation = next(c for c in ed.COLONNES_CONVENTIONNEMENTS if c.champ == "derogation_plafond")
    assert ed.depuis_cellule(derogation, False) is None and ed.depuis_cellule(derogation, True) is True


def test_les_editions_du_navigateur_s_appliquent_a_la_base():
    """The editor's deltas applied in `on_change` give the same items as the frame Streamlit returns."""
    items = [{"nom": "A", "financeur": "fse", "montant": 1000, "debut": 2025}, {"nom": "B", "financeur": "region"}]
    base = ed.construire_base("cle", items, ed.COLONNES_FINANCEMENTS)
    tableau = ed.tableau_edite(
        base,
        {
            "edited_rows": {0: {"montant": "2 000"}},
            "deleted_rows": [1],
            "added_rows": [{"nom": "C", "financeur": "commune_epci", "montant": "3 000", "debut": "2026"}],
        },
    )
    assert ed.items_du_tableau(tableau, ed.COLONNES_FINANCEMENTS, base) == [
        {"nom": "A", "financeur": "fse", "montant": 2000, "debut": 2025, "statut": "acquis"},
        {"nom": "C", "financeur": "commune_epci", "montant": 3000, "debut": 2026},
    ]
    # no edit: the items come back unchanged (the untouched rows keep their original item)
    assert ed.items_du_tableau(ed.tableau_edite(base, {}), ed.COLONNES_FINANCEMENTS, base) == items


def test_message_en_pourcentage():
    assert ed.message_en_pourcentage("doit être inférieur ou égal à 1 (reçu 7)") == (
        "doit être inférieur ou égal à 100 % (reçu 700 %)"
    )
    assert ed.message_en_pourcentage("doit être supérieur ou égal à -0,5 (reçu -0.6)") == (
        "doit être supérieur ou égal à -50 % (reçu -60 %)"
    )
    assert ed.message_en_pourcentage("champ obligatoire manquant") == "champ obligatoire manquant"


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
    assert textes[2] == "Formation, prise en charge : doit être inférieur ou égal à 100 % (reçu 700 %)"
    assert textes[5] == "Conventionnements : au moins 1 élément(s) attendu(s)"


def test_le_texte_saisi_n_est_pas_du_markdown():
    """The app escapes user text with the project's one Markdown escaping (`iae_model.texte`)."""
    j = "\u2060"  # an invisible word joiner breaks the patterns of bare-address autolinks (issue 8, item 11)
    assert texte_brut("**gras** [lien](http://x) <b>") == rf"\*\*gras\*\* \[lien\](http\:{j}//x) \<b\>"
    assert texte_brut("https://exemple.org a@b.fr") == rf"https\:{j}//exemple\.org a\@{j}b\.fr"


def test_forme_juridique_et_taxe_sur_les_salaires(app_avec_exemple):
    """The structure says its legal form and whether it pays the taxe sur les salaires; the result follows."""
    at = app_avec_exemple("ensemblier_aci_ei.yaml")  # no form given: no taxe d'apprentissage, AGS due
    resultat_avant = _metrique(at, "Résultat")
    _champ(at, "forme_juridique", "Structure", genre="selectbox").set_value("association").run()
    assert not at.exception
    assert at.session_state["iae_brouillon"]["structure"]["forme_juridique"] == "association"
    assert _metrique(at, "Résultat") == resultat_avant  # an association with an EI: not subject by default
    _champ(at, "forme_juridique", "Structure", genre="selectbox").set_value("societe").run()
    assert _metrique(at, "Résultat") != resultat_avant  # a company pays the taxe d'apprentissage
    _champ(at, "forme_juridique", "Structure", genre="selectbox").set_value("association").run()
    _champ(at, "taxe_salaires", genre="selectbox").set_value("oui").run()
    assert at.session_state["iae_brouillon"]["structure"]["assujettie_taxe_sur_salaires"] is True
    assert _metrique(at, "Résultat") != resultat_avant
    _champ(at, "taxe_salaires", genre="selectbox").set_value("auto").run()
    assert "assujettie_taxe_sur_salaires" not in at.session_state["iae_brouillon"]["structure"] or (
        at.session_state["iae_brouillon"]["structure"]["assujettie_taxe_sur_salaires"] is None
    )


# --- the Trésorerie tab (issue 10) ---------------------------------------------------------------------------


def test_l_onglet_tresorerie_montre_les_parametres_dates_des_champs_vides(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    _onglet(at, "Trésorerie")
    assert not at.exception
    publics = _champ(at, "delai_clients_publics")
    assert publics.value == "" and publics.proto.placeholder == "Vide : 30 jours"
    assert _champ(at, "delai_fournisseurs").proto.placeholder == "Vide : 45 jours"
    assert _champ(at, "renouvellement_annuel").proto.placeholder == "Vide : les amortissements"
    assert _champ(at, "fonds_propres").label == "Fonds propres (€)"
    assert _champ(at, "tresorerie_initiale").value == "120\u202f000"
    assert {d.key.split("_")[1] for d in at.data_editor} == {"emprunts", "versements"}


def test_un_delai_saisi_change_le_point_bas(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    avant = at.session_state["iae_projet_valide"]
    _saisir(at, "delai_clients_publics", "90", "Trésorerie")
    apres = at.session_state["iae_projet_valide"]
    assert apres.tresorerie.delai_clients_publics == 90
    assert apres is not avant and not at.error
    # emptied: the dated parameter again, the field left out of the file
    _saisir(at, "delai_clients_publics", "")
    assert "delai_clients_publics" not in at.session_state["iae_brouillon"].get("tresorerie", {})
    assert at.session_state["iae_projet_valide"].tresorerie.delai_clients_publics is None


def test_un_delai_hors_bornes_est_garde_avec_un_message_qui_nomme_le_champ(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    valide = at.session_state["iae_projet_valide"]
    _saisir(at, "delai_fournisseurs", "400", "Trésorerie")
    assert at.session_state["iae_brouillon"]["tresorerie"]["delai_fournisseurs"] == 400
    assert _champ(at, "delai_fournisseurs").value == "400"
    assert "inférieur ou égal à 365" in _erreurs(at)
    assert at.session_state["iae_projet_valide"] is valide
    assert "Trésorerie (1)" in at.warning[0].value
    _saisir(at, "delai_fournisseurs", "trente")
    assert _champ(at, "delai_fournisseurs").value == "trente"
    assert "« trente » n'est pas un nombre" in _erreurs(at)
    texte = ed.texte_erreur(ErreurLigne("tresorerie.delai_fournisseurs", "x"), {})
    assert texte.startswith("Délai de paiement des fournisseurs (jours) : ")


def test_ajouter_un_emprunt_puis_le_modifier(app_avec_exemple):
    at = app_avec_exemple("aci_recyclerie.yaml")
    fin_avant = _metrique(at, "Trésorerie de fin d'année")
    pret = {"nom": "Prêt camion", "capital_restant_du": "40 000", "taux": "3,5", "duree_restante": "5"}
    _editer(at, "emprunts", added=[pret])
    assert not at.exception and not at.error
    emprunts = at.session_state["iae_projet_valide"].tresorerie.emprunts
    assert [(e.nom, e.capital_restant_du, e.duree_restante) for e in emprunts] == [("Prêt camion", 40_000, 5)]
    assert emprunts[0].taux == pytest.approx(0.035)
    assert _metrique(at, "Trésorerie de fin d'année") != fin_avant
    # the table shows it in French on a new visit
    at.switch_page("app_pages/resultats.py").run()
    at.switch_page(PAGE).run()
    ligne = _editeur(at, "emprunts").value.iloc[0]
    assert (ligne["capital_restant_du"], ligne["taux"], ligne["duree_restante"]) == ("40\u202f000", "3,5", "5")
    _editer(at, "emprunts", edited={0: {"duree_restante": "60"}})
    assert at.session_state["iae_brouillon"]["tresorerie"]["emprunts"][0]["duree_restante"] == 60
    assert "Emprunts en cours, ligne 1 « Prêt camion », Durée restante (années) : " in _erreurs(at)
    assert "inférieur ou égal à 40" in _erreurs(at)
    assert at.session_state["iae_projet_valide"].tresorerie.emprunts[0].duree_restante == 5


def test_un_calendrier_de_versement_par_financeur(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    calendrier = {"financeur": "departement", "part_avance": "50", "mois_avance": "3", "mois_solde": "18"}
    _editer(at, "versements", added=[calendrier])
    assert not at.exception and not at.error
    (v,) = at.session_state["iae_projet_valide"].tresorerie.versements
    assert (v.financeur, v.part_avance, v.mois_avance, v.mois_solde) == ("departement", 0.5, 3, 18)
    # a second calendar for the same funder: kept, and said in French
    _editer(at, "versements", added=[calendrier, {**calendrier, "mois_avance": "13"}])
    brouillon = at.session_state["iae_brouillon"]["tresorerie"]["versements"]
    assert len(brouillon) == 2 and brouillon[1]["mois_avance"] == 13
    erreurs = _erreurs(at)
    assert "Versements des financeurs, ligne 2 « Département », Mois de l'avance : " in erreurs
    assert "inférieur ou égal à 12" in erreurs
    # a second calendar for the same funder, valid otherwise: the funder named in French
    _editer(at, "versements", added=[calendrier, {**calendrier, "mois_avance": "4"}])
    assert len(at.session_state["iae_brouillon"]["tresorerie"]["versements"]) == 2
    assert "le financeur « Département » a deux calendriers de versement (ligne 2)" in _erreurs(at)
