"""AppTest: Accueil, Exporter and the persistence of the project (store keyed by the URL token)."""

from __future__ import annotations

import pytest

from iae_model.exemples import lister_exemples
from iae_model.projet import lire_projet
from tests.outils_app import creer_vierge
from ui.stockage import jeton_valide

EXEMPLES = [e.fichier for e in lister_exemples()]


def _textes(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.error, *at.info, *at.title])


def test_accueil_sans_projet(nouvelle_app):
    at = nouvelle_app()
    assert not at.exception
    assert at.title[0].value == "Simulateur du modèle économique des SIAE"
    assert "Aucun projet ouvert" in _textes(at)


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_ouvrir_chaque_exemple(app_avec_exemple, fichier):
    at = app_avec_exemple(fichier)
    nom = next(e.nom for e in lister_exemples() if e.fichier == fichier)
    assert at.session_state["iae_projet_valide"].structure.nom == nom
    assert jeton_valide(at.session_state["iae_jeton"])


def test_fichier_invalide_affiche_les_erreurs_et_garde_le_projet(app_avec_exemple):
    at = app_avec_exemple("ei_proprete.yaml")
    avant = at.session_state["iae_projet_valide"]
    at.switch_page("app_pages/accueil.py").run()
    mauvais = b"schema: 1\nstructure: {nom: X, annee_reference: 2025}\nconventionnements: []\n"
    at.file_uploader(key="accueil_fichier").upload("mauvais.yaml", mauvais, "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    assert not at.exception
    message = "\n".join(e.value for e in at.error).replace("\\", "")  # user text is escaped Markdown
    assert "mauvais.yaml" in message and "Conventionnements" in message and "Hypothèses" in message
    assert "Scénarios : champ obligatoire manquant" in message
    assert at.session_state["iae_projet_valide"] is avant


def test_fichier_valide_ouvert(nouvelle_app, depot_temporaire):
    from pathlib import Path

    texte = (Path(__file__).parent / "donnees" / "design_exemple.yaml").read_bytes()
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("projet.yaml", texte, "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    assert not at.exception
    assert at.session_state["iae_projet_valide"] == lire_projet(texte)


def test_structure_vierge(nouvelle_app):
    at = nouvelle_app()
    creer_vierge(at)
    assert not at.exception
    assert at.session_state["iae_projet_valide"].structure.nom == "Ma structure"


def test_le_projet_survit_a_une_nouvelle_session_avec_le_lien(app_avec_exemple, nouvelle_app, depot_temporaire):
    at = app_avec_exemple("aci_recyclerie.yaml")
    jeton = at.session_state["iae_jeton"]
    assert (depot_temporaire / f"{jeton}.yaml").exists()
    # a reload is a new session that only has the URL
    rechargee = nouvelle_app({"p": jeton})
    assert not rechargee.exception
    assert rechargee.session_state["iae_projet_valide"] == at.session_state["iae_projet_valide"]
    # another user, without the link, sees nothing of it
    autre = nouvelle_app()
    assert "iae_projet_valide" not in autre.session_state


def test_lien_inconnu_ou_malforme(nouvelle_app):
    at = nouvelle_app({"p": "A" * 32})
    assert not at.exception
    assert "n'existe plus" in _textes(at) or "iae_projet_valide" not in at.session_state
    at = nouvelle_app({"p": "../../etc/passwd"})
    assert not at.exception
    assert "iae_projet_valide" not in at.session_state


def test_exporter_dit_le_nombre_de_pages_du_pdf_prepare(app_avec_exemple):
    """Issue 11: the page count shown is the prepared file's, read back with pypdf."""
    import io

    from pypdf import PdfReader

    at = app_avec_exemple("ei_proprete.yaml")
    at.switch_page("app_pages/exporter.py").run()
    assert "pages A4" not in _textes(at)
    at.button(key="exporter_preparer_pdf").click().run(timeout=120)
    assert not at.exception, at.exception
    contenu = at.session_state["exporter_prepares"]["pdf"][1]
    pages = len(PdfReader(io.BytesIO(contenu)).pages)
    assert f"{pages} pages A4 : la page pour le conseil, puis le détail." in _textes(at)
    assert "Synthèse (.pdf)" in {b.proto.label for b in at.get("download_button")}


def test_les_noms_des_fichiers_telecharges_sont_tous_faits_par_nom_simple():
    """Every download of the app names its file with `nom_simple` (directly or through `nom_de_fichier`), so a
    name's accents are transliterated the same way in the YAML, the guide, the PDF, the workbook and the summary."""
    import ast
    from pathlib import Path

    racine = Path(__file__).resolve().parent.parent
    vus = 0
    for chemin in [*racine.joinpath("app_pages").glob("*.py"), *racine.joinpath("ui").glob("*.py")]:
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.keyword) and noeud.arg == "file_name":
                source = ast.unparse(noeud.value)
                fixe = isinstance(noeud.value, ast.Constant) and str(noeud.value.value).isascii()
                assert fixe or "nom_simple(" in source or "nom_de_fichier(" in source, (chemin.name, source)
                vus += 1
    assert vus >= 4  # the project file, a damaged file kept aside, the guide, the prepared exports


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_exporter_propose_le_yaml(app_avec_exemple, fichier):
    at = app_avec_exemple(fichier)
    at.switch_page("app_pages/exporter.py").run()
    assert not at.exception
    boutons = at.get("download_button")
    assert boutons and "yaml" in boutons[0].proto.label.lower()
    preparer = {b.label for b in at.button if b.key and b.key.startswith("exporter_preparer_")}
    assert preparer == {"Préparer : Synthèse (.pdf)", "Préparer : Classeur (.xlsx)", "Préparer : Résumé (.md)"}
    # « Préparer » builds the file and offers it with its bytes (kept while the button shows)
    at.button(key="exporter_preparer_md").click().run()
    assert not at.exception
    libelles = {b.proto.label for b in at.get("download_button")}
    assert "Résumé (.md)" in libelles


@pytest.mark.parametrize("page", ["app_pages/accueil.py", "app_pages/resultats.py", "app_pages/comparer.py"])
def test_grands_caracteres_sur_toutes_les_pages(app_avec_exemple, page):
    """Issue 11, item 6: the large type of the Guide's atelier mode, for every page, from the sidebar."""
    at = app_avec_exemple("aci_espaces_verts.yaml")
    at.switch_page(page).run()
    interrupteur = at.sidebar.toggle(key="grands_caracteres")
    assert interrupteur.label == "Grands caractères" and interrupteur.value is False
    assert not any("html { font-size" in h.proto.body for h in at.get("html"))
    interrupteur.set_value(True).run()
    assert not at.exception
    assert any("html { font-size: 130%; }" in h.proto.body for h in at.get("html"))
    at.switch_page("app_pages/ma_structure.py").run()  # it stays on from page to page
    assert any("html { font-size: 130%; }" in h.proto.body for h in at.get("html"))
