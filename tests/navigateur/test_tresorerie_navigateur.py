"""The cash plan in a real browser (issue 10): Ma structure → Trésorerie, and the monthly chart of Résultats.

Screenshots at 1366×768 and 1024×768 go to `sortie/captures/` for a reviewer to look at.
"""

from __future__ import annotations

import pytest
from conftest import aller, attendre, capture, ouvrir_exemple
from playwright.sync_api import Page, expect

LARGEURS = (1366, 1024)


def _page_du_projet(page: Page, serveur: str, chemin: str) -> None:
    aller(page, serveur, f"{chemin}?" + page.url.split("?", 1)[1])


def _onglet(page: Page, nom: str) -> None:
    page.get_by_role("tab", name=nom, exact=True).click()
    attendre(page)


@pytest.mark.parametrize("largeur", LARGEURS)
def test_l_onglet_tresorerie_garde_la_saisie_et_la_dit_en_francais(page: Page, serveur: str, largeur: int) -> None:
    ouvrir_exemple(page, serveur, "Ressourcerie")
    page.set_viewport_size({"width": largeur, "height": 768})  # the example list is chosen at 1 366 px
    _page_du_projet(page, serveur, "structure")
    _onglet(page, "Trésorerie")
    for libelle in (
        "Trésorerie au 1er janvier (€)",
        "Fonds propres (€)",
        "Délai de paiement des clients publics (jours)",
        "Délai de paiement des fournisseurs (jours)",
    ):
        expect(page.get_by_label(libelle, exact=True)).to_be_visible()
    publics = page.get_by_label("Délai de paiement des clients publics (jours)", exact=True)
    assert publics.get_attribute("placeholder") == "Vide : 30 jours"
    expect(page.get_by_text("Emprunts en cours", exact=False).first).to_be_visible()
    expect(page.get_by_text("Versements des financeurs", exact=False).first).to_be_visible()
    assert page.get_by_test_id("stDataFrame").count() == 2
    capture(page, f"structure_tresorerie_{largeur}")
    # a delay beyond a year: kept as typed, said in French under the field
    fournisseurs = page.get_by_label("Délai de paiement des fournisseurs (jours)", exact=True)
    fournisseurs.fill("400")
    fournisseurs.press("Enter")
    attendre(page)
    expect(page.get_by_test_id("stAlertContentError").filter(has_text="365")).to_be_visible()
    expect(fournisseurs).to_have_value("400")
    expect(page.get_by_test_id("stAlertContentWarning").filter(has_text="Trésorerie (1)")).to_be_visible()
    capture(page, f"structure_tresorerie_erreur_{largeur}")


@pytest.mark.parametrize("largeur", LARGEURS)
def test_le_graphique_mensuel_de_resultats(page: Page, serveur: str, largeur: int) -> None:
    ouvrir_exemple(page, serveur, "Ressourcerie")
    page.set_viewport_size({"width": largeur, "height": 768})  # the example list is chosen at 1 366 px
    _page_du_projet(page, serveur, "resultats")
    metrique = page.get_by_test_id("stMetric").filter(has_text="Point bas, fin ")
    expect(metrique).to_be_visible()
    capture(page, f"resultats_{largeur}")
    _onglet(page, "Graphiques")
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(4)  # produits, résultat, mensuel, ratio ACI
    page.get_by_text("Trésorerie mois par mois").click()
    attendre(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
    expect(page.get_by_test_id("stTable")).to_be_visible()
    capture(page, f"resultats_graphiques_{largeur}")
    _onglet(page, "Comptes")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    capture(page, f"resultats_comptes_{largeur}")
    _page_du_projet(page, serveur, "comparer")
    expect(page.get_by_test_id("stTable").first).to_be_visible()
    # the table and the charts' legends fit the page: no column past its right edge, no name cut
    assert page.evaluate(
        "() => { const t = document.querySelector('[data-testid=stTable]'); return t.scrollWidth <= t.clientWidth + 1 }"
    )
    capture(page, f"comparer_{largeur}")
