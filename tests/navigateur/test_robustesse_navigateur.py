"""Issue 8 in real Chromium: nothing lost with several sessions on a cold server, a cell being typed kept
across a page change, no request leaving the server, French amounts whatever the browser's locale,
bare addresses in user text not made into links, two tabs on one link.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.async_api import async_playwright
from playwright.async_api import expect as expect_async
from playwright.sync_api import Browser, Page, expect

from tests.navigateur.conftest import ARGUMENTS_CHROMIUM, CHROMIUM, aller, attendre, demarrer_serveur, ouvrir_exemple

EXEMPLE = "Chantier des Sentiers"
SUBVENTIONS_EXEMPLE = "182\u202f000\u00a0€"
"""The example's subsidies in its reference year (FSE+ 40 000 + département 45 000 + … = 182 000 €)."""
LARGEURS_CONVENTIONNEMENTS = (75, 160)  # widths of the columns « Type » and « ETP conventionnés » (ui/editeurs)
HAUTEUR_LIGNE = 35


@pytest.fixture
def serveur_froid() -> Iterator[tuple[str, Path]]:
    """A server started for this test only: nothing imported, nothing cached, an empty store."""
    with demarrer_serveur() as (url, depot):
        yield url, depot


def _statuts_enregistres(depot: Path) -> list[object]:
    """`hypotheses.statuts_financements` of every stored project (None when absent: the default)."""
    statuts = []
    for fichier in depot.glob("*.yaml"):
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        statuts.append(donnees.get("hypotheses", {}).get("statuts_financements"))
    return statuts


# --- several sessions at once on a cold server -----------------------------------------------------


async def _session(navigateur, url: str, n: int, constats: list[str]) -> None:
    contexte = await navigateur.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    page = await contexte.new_page()
    page.set_default_timeout(60_000)

    async def attendre_async() -> None:
        await page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
        await page.wait_for_timeout(250)
        await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")

    async def subventions() -> str:
        valeur = page.get_by_test_id("stMetric").filter(has_text="Subventions").get_by_test_id("stMetricValue")
        return (await valeur.inner_text()).strip()

    async def verifier(apres: str) -> None:
        await attendre_async()
        valeur = await subventions()
        if valeur != SUBVENTIONS_EXEMPLE:
            constats.append(f"session {n}, après {apres} : subventions {valeur!r}")

    async def onglet(nom: str) -> None:
        await page.get_by_role("tab", name=nom, exact=True).click()
        await attendre_async()

    async def saisir(libelle: str, texte: str) -> None:
        champ = page.get_by_label(libelle, exact=True)
        await champ.fill(texte)
        await champ.press("Enter")

    await page.goto(url)
    await attendre_async()
    await page.get_by_role("button", name="Ouvrir cet exemple").click()
    await page.wait_for_url(re.compile(r".*[?&]p=[A-Za-z0-9_-]{32}.*"))
    await verifier("l'ouverture")
    # every kind of edit, none of which touches a subsidy
    await saisir("Nom de la structure", f"Session {n}")
    await verifier("le nom")
    await onglet("Trésorerie")
    await saisir("Trésorerie au 1er janvier (€)", f"{20_000 + n} €")
    await verifier("la trésorerie")
    await onglet("Hypothèses")
    await saisir("Évolution du SMIC (% par an)", "1,5")
    await verifier("l'évolution du SMIC")
    await page.get_by_test_id("stSelectbox").filter(has_text="Indexation du socle").click()
    await page.get_by_role("option", name="Indexé sur le SMIC").click()  # the examples freeze it
    await verifier("l'indexation")
    await onglet("Charges")
    await saisir("Amortissements (€)", "23 000")
    await verifier("les amortissements")
    await onglet("Conventionnements")
    grille = page.get_by_test_id("stDataFrame")
    await expect_async(grille).to_have_count(1, timeout=60_000)  # the previous tab's table has gone
    await expect_async(grille).to_be_visible(timeout=60_000)
    await page.wait_for_timeout(500)  # the canvas is drawn after the element shows
    boite = await grille.bounding_box()
    x = boite["x"] + LARGEURS_CONVENTIONNEMENTS[0] + LARGEURS_CONVENTIONNEMENTS[1] / 2
    await page.mouse.dblclick(x, boite["y"] + HAUTEUR_LIGNE * 1.5)
    cellule = page.locator("textarea.gdg-input")
    await cellule.fill("19")
    await cellule.press("Enter")
    await verifier("une cellule du tableau")
    await onglet("Financements")
    await verifier("l'onglet Financements")
    await onglet("Structure")
    await page.reload()
    await verifier("un rechargement")
    await contexte.close()


def test_plusieurs_sessions_sur_un_serveur_froid_gardent_chaque_subvention(serveur_froid):
    """Issue 8, item 1: editing another field saved the hidden « Financements comptés » as empty."""
    url, depot = serveur_froid
    constats: list[str] = []
    erreurs: list[BaseException] = []

    async def principal() -> None:
        async with async_playwright() as p:
            navigateur = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS_CHROMIUM)
            try:
                await asyncio.gather(*(_session(navigateur, url, n, constats) for n in range(4)))
            finally:
                await navigateur.close()

    def fil() -> None:  # the sync API of the other tests owns the main thread's event loop
        try:
            asyncio.run(principal())
        except BaseException as exc:
            erreurs.append(exc)

    t = threading.Thread(target=fil)
    t.start()
    t.join(timeout=600)
    assert not erreurs, erreurs
    assert not constats, constats
    statuts = _statuts_enregistres(depot)
    assert len(statuts) == 4
    assert all(s in (None, ["acquis", "probable"]) for s in statuts), statuts


# --- a cell being typed is kept when the user clicks another page ------------------------------------


def test_une_cellule_en_cours_de_saisie_est_gardee_au_changement_de_page(page: Page, serveur):
    ouvrir_exemple(page, serveur, EXEMPLE)
    page.get_by_role("tab", name="Conventionnements", exact=True).click()
    attendre(page)
    grille = page.get_by_test_id("stDataFrame")
    expect(grille).to_be_visible()
    boite = grille.bounding_box()
    assert boite is not None
    x = boite["x"] + LARGEURS_CONVENTIONNEMENTS[0] + LARGEURS_CONVENTIONNEMENTS[1] / 2
    page.mouse.dblclick(x, boite["y"] + HAUTEUR_LIGNE * 1.5)
    cellule = page.locator("textarea.gdg-input")
    expect(cellule).to_be_visible()
    cellule.fill("17,5")
    # no Enter: the user clicks another page
    page.get_by_role("link", name="Résultats").click()
    attendre(page)
    aller(page, serveur, f"structure?p={page.url.split('p=')[1].split('&')[0]}")
    page.get_by_role("tab", name="Conventionnements", exact=True).click()
    attendre(page)
    ligne = page.get_by_test_id("stDataFrame").locator("tbody tr").first
    expect(ligne.locator("td[aria-colindex='2']")).to_have_text("17,5")


# --- no request leaves the server ---------------------------------------------------------------------


def test_aucune_requete_ne_quitte_le_serveur(navigateur: Browser, serveur):
    """Issue 8, item 16: the page icon came from a third-party font server."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    ailleurs: list[str] = []
    hote = re.match(r"https?://[^/]+", serveur).group(0)

    def filtrer(route) -> None:
        requete = route.request.url
        if requete.startswith((hote, "data:", "blob:")):
            route.continue_()
        else:
            ailleurs.append(requete)
            route.abort()

    contexte.route("**/*", filtrer)
    page = contexte.new_page()
    page.set_default_timeout(30_000)
    ouvrir_exemple(page, serveur, EXEMPLE)
    for chemin in ("structure", "scenarios", "resultats", "comparer", "guide", "exporter", ""):
        aller(page, serveur, f"{chemin}?p={page.url.split('p=')[1].split('&')[0]}")
        page.wait_for_timeout(500)
    contexte.close()
    assert not ailleurs, ailleurs


# --- French amounts whatever the browser's locale -----------------------------------------------------

MONTANT_AMERICAIN = re.compile(r"[-−]?€[ \u00a0]?\d|\b\d{1,3}(,\d{3})+(\.\d+)?\b|\d\.\d{2}[ \u00a0]?€")
"""`€12`, `-€91,971`, `12,345.67`, `12.50 €`: what an English locale writes and French never does."""


def test_montants_en_francais_dans_un_navigateur_anglais(navigateur: Browser, serveur):
    """Issue 8, item 18: Comparer showed `-€91,971` and `€0` to an English browser."""
    contexte = navigateur.new_context(locale="en-US", viewport={"width": 1366, "height": 768})
    page = contexte.new_page()
    page.set_default_timeout(30_000)
    ouvrir_exemple(page, serveur, EXEMPLE)
    jeton = page.url.split("p=")[1].split("&")[0]
    trouves: dict[str, list[str]] = {}
    for chemin in ("structure", "scenarios", "resultats", "comparer", "guide", "exporter"):
        aller(page, serveur, f"{chemin}?p={jeton}")
        page.wait_for_timeout(800)  # grids and charts draw after the run
        texte = page.locator("[data-testid='stMain']").inner_text()
        # the grids' accessible tables hold the cells as shown
        for grille in page.get_by_test_id("stDataFrame").all():
            texte += "\n" + "\n".join(grille.locator("th, td").all_inner_texts())
        americains = [m.group(0) for m in MONTANT_AMERICAIN.finditer(texte)]
        if americains:
            trouves[chemin] = americains[:10]
    contexte.close()
    assert not trouves, trouves


# --- user text is text ----------------------------------------------------------------------------------


def test_une_adresse_dans_un_libelle_n_est_pas_un_lien(page: Page, serveur):
    """Issue 8, item 11: a bare URL in user text became a clickable link."""
    ouvrir_exemple(page, serveur, EXEMPLE)
    aller(page, serveur, f"scenarios?p={page.url.split('p=')[1].split('&')[0]}")
    page.get_by_role("tab", name="Gérer les scénarios").click()
    attendre(page)
    libelle = "Voir https://exemple.org, www.exemple.org ou contact@exemple.org"
    formulaire = page.get_by_test_id("stForm").filter(has=page.get_by_label("Description", exact=True))
    formulaire.get_by_label("Libellé", exact=True).fill(libelle)
    formulaire.get_by_role("button", name="Enregistrer").click()
    attendre(page)
    # the message of the change quotes the new label (Markdown with the user's text in it)
    message = page.get_by_test_id("stAlert").filter(has_text="renommé")
    expect(message).to_be_visible()
    assert libelle in message.inner_text().replace("\u2060", "")  # the text as typed, an invisible joiner aside
    liens = page.locator("a[href*='exemple.org']")
    assert liens.count() == 0, [liens.nth(i).evaluate("a => a.parentElement.outerHTML") for i in range(liens.count())]
    assert page.locator("a[href^='mailto:']").count() == 0


# --- two tabs on one link -------------------------------------------------------------------------------


def test_deux_onglets_sur_un_lien(navigateur: Browser, serveur):
    """Issue 8, item 5: the last writer won; now the later save is refused and both values are shown."""
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    premier = contexte.new_page()
    premier.set_default_timeout(30_000)
    ouvrir_exemple(premier, serveur, EXEMPLE)
    lien = premier.url
    second = contexte.new_page()
    second.set_default_timeout(30_000)
    second.goto(lien)
    attendre(second)
    for page, nom in ((premier, "Nom du premier onglet"), (second, "Nom du second onglet")):
        champ = page.get_by_label("Nom de la structure", exact=True)
        champ.fill(nom)
        champ.press("Enter")
        attendre(page)
    expect(second.get_by_text("Ce projet a été modifié ailleurs")).to_be_visible()
    expect(second.get_by_label("Nom de la structure", exact=True)).to_have_value("Nom du second onglet")
    tableau = second.get_by_test_id("stDataFrame").first.locator("table")
    expect(tableau).to_contain_text("Nom du premier onglet")
    expect(tableau).to_contain_text("Nom du second onglet")
    second.get_by_role("button", name="Garder ma version").click()
    attendre(second)
    expect(second.get_by_text("Ce projet a été modifié ailleurs")).to_have_count(0)
    contexte.close()
