"""Layout at the sizes of a workshop (issue 11, item 6): nothing cut at 1024×768 and 1366×768, nor on a projector."""

from __future__ import annotations

import pytest
from conftest import aller, capture, ouvrir_exemple
from playwright.sync_api import Page

COUPES = """() => [...document.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricLabel]')]
    .flatMap(m => [m, ...m.querySelectorAll('*')])
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')
    .map(e => e.closest('[data-testid=stMetric]').innerText.replace(/\\s+/g, ' '))"""
"""The key-figure cards whose label or value overflows its box (shown with « … »)."""


@pytest.mark.parametrize(("largeur", "hauteur"), [(1024, 768), (1366, 768), (1920, 1080)])
def test_les_chiffres_cles_ne_sont_pas_coupes(page: Page, serveur: str, largeur: int, hauteur: int) -> None:
    ouvrir_exemple(page, serveur, "Groupe Terres Solidaires")  # amounts of six and seven digits, some negative
    page.set_viewport_size({"width": largeur, "height": hauteur})
    requete = page.url.split("?", 1)[1]
    for chemin, nombre in (("structure", 5), ("resultats", 5), ("scenarios", 2)):
        aller(page, serveur, f"{chemin}?{requete}")
        cartes = page.get_by_test_id("stMetric")
        assert cartes.count() >= nombre
        assert page.evaluate(COUPES) == [], f"{chemin} à {largeur} px"
        capture(page, f"{chemin}_{largeur}")


ANGLAIS = ("per file", "Browse", "Drag and drop", "Choose an option", "Page not found", "Download as CSV")


def test_les_mots_anglais_de_streamlit_sont_caches_ou_remplaces(page: Page, serveur: str) -> None:
    """Issue 11, item 6: the uploader's button and limits, the select boxes' placeholder, the tables' CSV
    download (English number formats) and the app menu are not shown in English."""
    aller(page, serveur)
    page.get_by_role("tab", name="Un fichier (.yaml)").click()
    televersement = page.get_by_test_id("stFileUploaderDropzone")
    bouton = televersement.locator("button p")
    assert "Choisir le fichier" in bouton.evaluate("e => getComputedStyle(e, '::after').content")
    assert bouton.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # « Upload » is not seen
    assert not any(mot in page.locator("body").inner_text() for mot in ANGLAIS)
    assert page.get_by_test_id("stMainMenu").is_hidden()
    ouvrir_exemple(page, serveur, "Groupe Terres Solidaires")
    aller(page, serveur, "structure?" + page.url.split("?", 1)[1])
    page.get_by_role("tab", name="Conventionnements", exact=True).click()
    page.get_by_test_id("stDataFrame").first.hover()
    assert page.get_by_role("button", name="Add row").first.is_visible()  # kept: editing needs it (README)
    assert page.get_by_role("button", name="Download as CSV").first.is_hidden()
    assert page.get_by_role("button", name="Search").first.is_hidden()


DEBORDEMENTS = """() => [...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(e => !e.closest('[data-testid=stDataFrame], [data-testid=stTextInputField], [data-testid=stTextArea]'))
    .filter(e => !e.matches('input, textarea') && e.clientWidth > 2)
    .filter(e => e.scrollWidth > e.clientWidth + 2 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => (e.innerText || e.getAttribute('data-testid') || e.tagName).replace(/\\s+/g, ' ').slice(0, 60))"""
"""What a page hides in a box narrower than its content (a scroll arrow or « … »); data grids and what is typed in
a field scroll by design."""


def test_rien_n_est_cache_a_1024_pixels(page: Page, serveur: str) -> None:
    """Issue 11, item 6: at 1024×768 beside the sidebar, Ma structure's eight tabs were behind a scroll arrow, the
    Guide's « À explorer » out of its control, a figure's label and the buttons' words ended in « … »."""
    ouvrir_exemple(page, serveur, "Groupe Terres Solidaires")
    page.set_viewport_size({"width": 1024, "height": 768})
    requete = page.url.split("?", 1)[1]
    for chemin in ("structure", "scenarios", "resultats", "comparer", "guide", "exporter", "sources"):
        aller(page, serveur, f"{chemin}?{requete}")
        assert page.evaluate(DEBORDEMENTS) == [], f"{chemin} à 1024 px"
    aller(page, serveur, f"structure?{requete}")
    for onglet in ("Depuis mes comptes", "Trésorerie", "Hypothèses"):
        assert page.get_by_role("tab", name=onglet, exact=True).is_visible()
    aller(page, serveur, f"guide?{requete}")
    assert page.get_by_role("radio", name="À explorer").first.is_visible()
    capture(page, "guide_1024")
