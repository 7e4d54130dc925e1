"""Main journeys in a real browser: open, persist across a reload, download and re-upload, no HTML injection."""

from __future__ import annotations

from pathlib import Path

from conftest import aller, attendre, capture, ouvrir_exemple
from playwright.sync_api import Page, expect

from iae_model.projet import lire_projet

RACINE = Path(__file__).resolve().parents[2]


def test_accueil(page: Page, serveur: str) -> None:
    aller(page, serveur)
    expect(page.get_by_role("heading", name="Simulateur du modèle économique des SIAE")).to_be_visible()
    capture(page, "accueil")


def test_ouvrir_un_exemple_recharger_et_retrouver_le_projet(page: Page, serveur: str) -> None:
    ouvrir_exemple(page, serveur, "Ressourcerie")
    assert "p=" in page.url
    lien = page.url
    page.reload()
    attendre(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Ressourcerie du Terril Vert")
    # the same link in another browser context (another user, another machine) reopens it
    autre = page.context.browser.new_context(locale="fr-FR").new_page()
    autre.goto(lien)
    attendre(autre)
    expect(autre.get_by_test_id("stSidebar")).to_contain_text("Ressourcerie du Terril Vert")
    autre.context.close()


def test_un_autre_utilisateur_ne_voit_pas_le_projet(page: Page, serveur: str) -> None:
    ouvrir_exemple(page, serveur, "Ressourcerie")
    autre = page.context.browser.new_context(locale="fr-FR").new_page()
    autre.goto(serveur)
    attendre(autre)
    expect(autre.get_by_test_id("stSidebar")).to_contain_text("Aucun projet ouvert")
    autre.context.close()


def test_telecharger_le_yaml_puis_le_rouvrir(page: Page, serveur: str, tmp_path: Path) -> None:
    ouvrir_exemple(page, serveur, "Groupe Terres Solidaires")
    aller(page, serveur, "exporter?" + page.url.split("?", 1)[1])
    capture(page, "exporter")
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Télécharger le projet (.yaml)").click()
    fichier = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(fichier)
    assert fichier.suffix == ".yaml"
    projet = lire_projet(fichier.read_bytes())
    assert projet.structure.nom.startswith("Groupe Terres Solidaires")
    # a new visitor uploads it
    nouveau = page.context.browser.new_context(locale="fr-FR").new_page()
    aller(nouveau, serveur)
    nouveau.get_by_role("tab", name="Un fichier (.yaml)").click()
    nouveau.set_input_files("input[type=file]", files=[str(fichier)])
    attendre(nouveau)
    nouveau.get_by_role("button", name="Ouvrir ce fichier").click()
    attendre(nouveau)
    expect(nouveau.get_by_test_id("stSidebar")).to_contain_text("Groupe Terres Solidaires")
    nouveau.context.close()


def test_un_nom_en_html_reste_du_texte(page: Page, serveur: str, tmp_path: Path) -> None:
    texte = (RACINE / "tests" / "donnees" / "design_exemple.yaml").read_text(encoding="utf-8")
    piege = "<img src=x onerror=alert(1)>"
    texte = texte.replace("nom: Exemple – ACI espaces verts", f"nom: '{piege}'")
    fichier = tmp_path / "piege.yaml"
    fichier.write_text(texte, encoding="utf-8")
    dialogues: list[str] = []
    page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
    aller(page, serveur)
    page.get_by_role("tab", name="Un fichier (.yaml)").click()
    page.set_input_files("input[type=file]", files=[str(fichier)])
    attendre(page)
    page.get_by_role("button", name="Ouvrir ce fichier").click()
    attendre(page)
    # an uploaded file is not stored on the server before its first change: stay in this session
    for lien in ("Accueil", "Exporter", "Résultats"):
        page.get_by_test_id("stSidebar").get_by_role("link", name=lien).click()
        attendre(page)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(piege)
        assert page.locator("img[src='x']").count() == 0
    assert dialogues == []


def test_fichier_invalide_refuse_en_francais(page: Page, serveur: str, tmp_path: Path) -> None:
    fichier = tmp_path / "mauvais.yaml"
    fichier.write_text("schema: 1\nstructure: {nom: X, annee_reference: 2025}\n", encoding="utf-8")
    aller(page, serveur)
    page.get_by_role("tab", name="Un fichier (.yaml)").click()
    page.set_input_files("input[type=file]", files=[str(fichier)])
    attendre(page)
    page.get_by_role("button", name="Ouvrir ce fichier").click()
    attendre(page)
    erreur = page.get_by_test_id("stAlertContentError")
    expect(erreur).to_contain_text("n'a pas été ouvert")
    expect(erreur).to_contain_text("Hypothèses : champ obligatoire manquant")
