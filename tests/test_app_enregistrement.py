"""AppTest: what happens to the user's project on the server (issue 8, items 4 to 7 and 15).

Two tabs on one link, a disk that refuses the write, a damaged stored file, an uploaded file that is
not stored until its first change, and the confirmation before an open project is replaced.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from iae_model.exemples import charger_exemple
from tests.outils_app import creer_vierge
from ui.stockage import Depot

PAGE = "app_pages/ma_structure.py"
EXEMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "aci_espaces_verts.yaml"


def _champ(at, nom: str, onglet: str | None = None):
    onglet = onglet or ("Trésorerie" if nom == "tresorerie_initiale" else "Structure")
    if "structure_onglet" not in at.session_state or at.session_state["structure_onglet"] != onglet:
        at.session_state["structure_onglet"] = onglet
        at.run()
    return next(w for w in at.text_input if w.key and w.key.startswith(f"structure_{nom}_g"))


def _textes(at) -> str:
    elements = [*at.markdown, *at.text, *at.caption, *at.error, *at.warning, *at.info, *at.success]
    return "\n".join(str(e.value) for e in elements)


def _deux_onglets(app_avec_exemple, nouvelle_app):
    premier = app_avec_exemple("aci_espaces_verts.yaml")
    jeton = premier.session_state["iae_jeton"]
    second = nouvelle_app({"p": jeton})
    second.switch_page(PAGE).run()
    return premier, second, jeton


def test_deux_onglets_sur_un_lien_le_second_ne_perd_rien_et_choisit(app_avec_exemple, nouvelle_app, depot_temporaire):
    premier, second, jeton = _deux_onglets(app_avec_exemple, nouvelle_app)
    _champ(premier, "nom").set_value("Nom du premier onglet").run()
    assert premier.session_state["iae_version_depot"] == 2
    # the second tab, still on version 1, types its own name: refused, told, kept
    _champ(second, "nom").set_value("Nom du second onglet").run()
    assert not second.exception
    assert second.session_state["iae_brouillon"]["structure"]["nom"] == "Nom du second onglet"
    assert "Ce projet a été modifié ailleurs" in _textes(second)
    assert "Nom du premier onglet" in Depot(depot_temporaire).lire(jeton).texte
    # both values are shown side by side
    conflit = next(d for d in second.data_editor if d.key and d.key.startswith("cadre_conflit_choix"))
    ligne = conflit.value[conflit.value["Champ"] == "Nom de la structure"].iloc[0]
    assert (ligne["Ma version"], ligne["Version enregistrée"]) == ("Nom du second onglet", "Nom du premier onglet")
    # keep mine: saved over version 2, the conflict ends
    second.button(key="cadre_conflit_mien").click().run()
    assert not second.exception
    lecture = Depot(depot_temporaire).lire(jeton)
    assert lecture.version == 3 and "Nom du second onglet" in lecture.texte
    assert "modifié ailleurs" not in _textes(second)


def test_conflit_prendre_la_version_enregistree(app_avec_exemple, nouvelle_app, depot_temporaire):
    premier, second, jeton = _deux_onglets(app_avec_exemple, nouvelle_app)
    _champ(premier, "tresorerie_initiale").set_value("1 000").run()
    _champ(second, "tresorerie_initiale").set_value("2 000").run()
    second.button(key="cadre_conflit_leur").click().run()
    assert not second.exception
    assert second.session_state["iae_projet_valide"].structure.tresorerie_initiale == 1000
    # the widgets were rebuilt from the stored version, and the next save is based on it
    assert _champ(second, "tresorerie_initiale").value == "1\u202f000"
    _champ(second, "nom").set_value("Après le conflit").run()
    assert Depot(depot_temporaire).lire(jeton).version == 3
    assert "modifié ailleurs" not in _textes(second)


def test_conflit_fusion_champ_par_champ(app_avec_exemple, nouvelle_app, depot_temporaire):
    premier, second, jeton = _deux_onglets(app_avec_exemple, nouvelle_app)
    _champ(premier, "nom").set_value("Nom A").run()
    _champ(premier, "tresorerie_initiale").set_value("1 000").run()
    _champ(second, "nom").set_value("Nom B").run()
    _champ(second, "tresorerie_initiale").set_value("2 000").run()  # still refused: same base version
    conflit = next(d for d in second.data_editor if d.key and d.key.startswith("cadre_conflit_choix"))
    lignes = list(conflit.value["Champ"])
    # keep my name, take their cash
    second.session_state[conflit.key] = {
        "edited_rows": {lignes.index("Trésorerie au 1er janvier"): {"Garder la mienne": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    second.run()
    second.button(key="cadre_conflit_fusion").click().run()
    assert not second.exception
    p = second.session_state["iae_projet_valide"]
    assert (p.structure.nom, p.structure.tresorerie_initiale) == ("Nom B", 1000)
    assert "Nom B" in Depot(depot_temporaire).lire(jeton).texte


def test_echec_d_enregistrement_dit_en_francais_et_garde_la_saisie(app_avec_exemple, monkeypatch):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    at.switch_page(PAGE).run()

    def disque_plein(self, chemin, contenu):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(Depot, "_ecrire_atomiquement", disque_plein)
        _champ(at, "tresorerie_initiale").set_value("12 345").run()
        assert not at.exception
        textes = _textes(at)
        assert "Le projet n'a pas pu être enregistré sur le serveur" in textes
        assert "le disque du serveur est plein" in textes
        assert "Chaque saisie est enregistrée aussitôt" not in textes
        # the input is kept (draft and figures), and the file can be downloaded
        assert at.session_state["iae_projet_valide"].structure.tresorerie_initiale == 12345
        assert any(b.proto.label == "Télécharger mes saisies (.yaml)" for b in at.get("download_button"))
    # once the disk accepts again, « Réessayer » saves and the message goes
    at.button(key="cadre_echec_reessayer").click().run()
    assert "n'a pas pu être enregistré" not in _textes(at)
    assert at.session_state["iae_version_depot"] == 2


def test_stockage_en_lecture_seule_ouvre_les_liens(app_avec_exemple, nouvelle_app, monkeypatch):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    jeton = at.session_state["iae_jeton"]

    def lecture_seule(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Depot, "_ecrire_atomiquement", lecture_seule)
    monkeypatch.setattr("os.utime", lecture_seule)
    monkeypatch.setattr("os.access", lambda chemin, mode: mode != os.W_OK)
    rouverte = nouvelle_app({"p": jeton})
    assert not rouverte.exception
    assert rouverte.session_state["iae_projet_valide"] == charger_exemple("aci_espaces_verts.yaml")
    # told at once, on every page, before anything is typed
    for page in ("app_pages/accueil.py", PAGE, "app_pages/resultats.py"):
        rouverte.switch_page(page).run()
        assert not rouverte.exception
        assert "le projet est ouvert en lecture seule" in _textes(rouverte)
    # an input is kept in the session, and said not saved
    rouverte.switch_page(PAGE).run()
    _champ(rouverte, "nom").set_value("Modifié").run()
    assert rouverte.session_state["iae_brouillon"]["structure"]["nom"] == "Modifié"
    assert "stockage en lecture seule" in _textes(rouverte)


@pytest.mark.parametrize(
    ("contenu", "raison"),
    [
        ("structure: [\n", "le fichier n'est pas un YAML valide (ligne"),
        ("", "le fichier du projet est vide"),
        ("- a\n- b\n", "le fichier ne contient pas un projet"),
        ("texte simple\n", "le fichier ne contient pas un projet"),
        (None, "un dossier occupe la place du fichier du projet"),
    ],
)
@pytest.mark.parametrize("page", ["app_pages/accueil.py", PAGE, "app_pages/resultats.py", "app_pages/exporter.py"])
def test_projet_enregistre_endommage(nouvelle_app, depot_temporaire, contenu, raison, page):
    jeton = "D" * 32
    depot_temporaire.mkdir(parents=True, exist_ok=True)
    chemin = depot_temporaire / f"{jeton}.yaml"
    if contenu is None:
        chemin.mkdir()
    else:
        chemin.write_text(f"# iae-version: 4\n{contenu}", encoding="utf-8")
    at = nouvelle_app({"p": jeton})
    at.switch_page(page).run()
    assert not at.exception
    textes = _textes(at)
    assert "Le projet enregistré sous ce lien est endommagé" in textes and raison in textes
    if contenu:
        bouton = next(b for b in at.get("download_button") if "tel quel" in b.proto.label)
        assert bouton is not None


def test_projet_enregistre_avec_des_types_faux_s_ouvre_avec_ses_erreurs(nouvelle_app, depot_temporaire):
    """`structure: 5`: a dict, so a draft; every page works and says what is wrong."""
    jeton = "E" * 32
    depot_temporaire.mkdir(parents=True, exist_ok=True)
    texte = EXEMPLE.read_text(encoding="utf-8").replace("structure:\n", "structure: 5\nancienne_structure:\n", 1)
    (depot_temporaire / f"{jeton}.yaml").write_text(texte, encoding="utf-8")
    at = nouvelle_app({"p": jeton})
    pages = ("accueil", "ma_structure", "scenarios", "resultats", "comparer", "guide", "exporter")
    for page in (f"app_pages/{nom}.py" for nom in pages):
        at.switch_page(page).run()
        assert not at.exception, page
        assert "structure" in _textes(at), page


def test_un_fichier_charge_n_est_pas_stocke_avant_sa_premiere_modification(nouvelle_app, depot_temporaire):
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("p.yaml", EXEMPLE.read_bytes(), "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    assert not at.exception
    assert at.session_state["iae_projet_valide"] == charger_exemple("aci_espaces_verts.yaml")
    assert not depot_temporaire.exists() or not list(depot_temporaire.glob("*.yaml"))
    assert "p" not in at.query_params
    at.switch_page(PAGE).run()
    assert "n'est pas enregistré sur le serveur" in _textes(at)
    _champ(at, "nom").set_value("Modifié").run()
    assert len(list(depot_temporaire.glob("*.yaml"))) == 1
    assert at.query_params["p"] == at.session_state["iae_jeton"]


def test_remplacer_le_projet_ouvert_demande_confirmation_et_il_reste_dans_les_recents(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    premier = at.session_state["iae_jeton"]
    at.switch_page("app_pages/accueil.py").run()
    at.selectbox(key="accueil_exemple").set_value("ei_proprete.yaml").run()
    at.button(key="accueil_ouvrir_exemple").click().run()
    # nothing replaced yet: a question
    assert at.session_state["iae_jeton"] == premier
    assert "remplace le projet ouvert" in _textes(at)
    at.button(key="accueil_annuler").click().run()
    assert at.session_state["iae_jeton"] == premier
    at.button(key="accueil_ouvrir_exemple").click().run()
    at.button(key="accueil_confirmer").click().run()
    assert not at.exception
    assert at.session_state["iae_jeton"] != premier
    # the first project is in the session's recent projects, with its link, and comes back in one click
    at.switch_page("app_pages/accueil.py").run()
    assert f"./?p={premier}" in _textes(at)
    at.button(key=f"accueil_rouvrir_{premier}").click().run()
    at.button(key="accueil_confirmer").click().run()
    assert at.session_state["iae_jeton"] == premier
    assert at.session_state["iae_projet_valide"] == charger_exemple("aci_espaces_verts.yaml")


def test_remplacer_un_projet_non_enregistre_propose_de_le_telecharger(nouvelle_app):
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("p.yaml", EXEMPLE.read_bytes(), "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    at.switch_page("app_pages/accueil.py").run()
    creer_vierge(at)
    assert "n'est pas enregistré sur le serveur" in _textes(at)
    assert any("Télécharger le projet ouvert" in b.proto.label for b in at.get("download_button"))


def test_une_erreur_inattendue_est_dite_en_francais_sans_aide_exterieure(app_avec_exemple, monkeypatch):
    """Issue 8, item 16: errors shown to users are French and offer no « Ask Google / Ask ChatGPT »."""
    from ui import calculs

    at = app_avec_exemple("aci_espaces_verts.yaml")
    original = calculs.resultat_scenario

    def panne(*args, **kwargs):
        raise RuntimeError("Traceback interne : ne doit pas être montré")

    monkeypatch.setattr(calculs, "resultat_scenario", panne)
    at.switch_page("app_pages/resultats.py").run()
    assert not at.exception  # caught by the page frame, logged on the server
    textes = _textes(at)
    assert "Une erreur inattendue empêche d'afficher cette page" in textes
    assert "Traceback" not in textes and "RuntimeError" not in textes
    assert any(b.proto.label == "Télécharger mes saisies (.yaml)" for b in at.get("download_button"))
    # the project is untouched: the same session shows the page once the fault is gone
    monkeypatch.setattr(calculs, "resultat_scenario", original)
    at.run()
    assert "Une erreur inattendue" not in _textes(at)


def test_un_brouillon_sans_version_valide_se_telecharge_depuis_exporter(nouvelle_app, depot_temporaire):
    """A reload reopens the draft as typed; with no valid version yet, its file is still offered."""
    jeton = "F" * 32
    depot_temporaire.mkdir(parents=True, exist_ok=True)
    texte = EXEMPLE.read_text(encoding="utf-8").replace("tresorerie_initiale: 120000", "tresorerie_initiale: 38.000x")
    assert "38.000x" in texte
    (depot_temporaire / f"{jeton}.yaml").write_text(texte, encoding="utf-8")
    at = nouvelle_app({"p": jeton})
    at.switch_page("app_pages/exporter.py").run()
    assert not at.exception
    assert "iae_projet_valide" not in at.session_state
    assert any(b.proto.label == "Télécharger le projet (.yaml)" for b in at.get("download_button"))
    assert "Trésorerie au 1er janvier : « 38.000x » n'est pas un nombre" in _textes(at)
