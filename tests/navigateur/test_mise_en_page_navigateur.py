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
    for chemin in ("structure", "resultats"):
        aller(page, serveur, f"{chemin}?{requete}")
        cartes = page.get_by_test_id("stMetric")
        assert cartes.count() >= 5
        assert page.evaluate(COUPES) == [], f"{chemin} à {largeur} px"
        capture(page, f"{chemin}_{largeur}")
