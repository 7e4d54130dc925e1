"""In Chromium: change the ETP cut of a scenario and see the result move, add a lever, compare."""

from __future__ import annotations

from conftest import aller, attendre, capture, ouvrir_exemple
from playwright.sync_api import Page, expect


def _resultat_cumule(page: Page) -> str:
    metrique = page.get_by_test_id("stMetric").filter(has_text="Résultat cumulé").first
    return metrique.get_by_test_id("stMetricValue").inner_text()


def test_coupe_levier_et_comparaison(page: Page, serveur: str) -> None:
    ouvrir_exemple(page, serveur, "Chantier des Sentiers")
    jeton = page.url.split("p=", 1)[1].split("&", 1)[0]
    aller(page, serveur, f"scenarios?p={jeton}&s=coupe_2026")
    expect(page.get_by_role("heading", name="Scénarios").first).to_be_visible()
    avant = _resultat_cumule(page)
    assert "€" in avant
    # no State hypothesis added yet: the page opens on them, a newcomer's first step
    expect(page.get_by_role("tab", name="Hypothèses de l'État", selected=True)).to_be_visible()
    page.get_by_role("tab", name="Chocs et leviers du scénario").click()

    # a deeper ETP cut: −10 % → −30 %
    page.get_by_test_id("stExpander").filter(has_text="Baisse des ETP conventionnés").first.click()
    champ = page.get_by_label("Variation des ETP conventionnés (%)", exact=True).first
    champ.fill("-30")
    champ.press("Tab")
    page.get_by_role("button", name="Enregistrer").first.click()
    attendre(page)
    apres_coupe = _resultat_cumule(page)
    assert apres_coupe != avant

    # a lever: a reserved public market of 80 000 € a year for 3 years
    page.get_by_test_id("stExpander").filter(has_text="Ajouter un levier").first.click()
    choix = page.get_by_test_id("stSelectbox").filter(has_text="Type de levier")
    choix.scroll_into_view_if_needed()
    choix.click()
    choix.locator("input").press_sequentially("Marché")  # typing filters the list and keeps it open
    page.get_by_role("option").filter(has_text="Marché public").first.click()
    attendre(page)
    page.get_by_label("Nom du marché", exact=True).fill("Lot réservé espaces verts")
    page.get_by_label("Montant (€ de CA par an)", exact=True).fill("80000")
    page.get_by_label("Montant (€ de CA par an)", exact=True).press("Tab")
    page.get_by_role("button", name="Ajouter ce levier").click()
    attendre(page)
    apres_levier = _resultat_cumule(page)
    assert apres_levier != apres_coupe
    # the form stays open for a second lever
    expect(page.get_by_role("button", name="Ajouter ce levier")).to_be_visible()
    capture(page, "scenarios")

    # every scenario side by side
    aller(page, serveur, f"comparer?p={jeton}&s=coupe_2026")
    expect(page.get_by_role("heading", name="Comparer").first).to_be_visible()
    expect(page.get_by_test_id("stTable").first).to_be_visible()
    capture(page, "comparer")
    aller(page, serveur, f"resultats?p={jeton}&s=coupe_2026")
    expect(page.get_by_role("heading", name="Résultats").first).to_be_visible()
    capture(page, "resultats")
    aller(page, serveur, f"structure?p={jeton}")
    capture(page, "ma_structure")

    # the changes survive a reload
    aller(page, serveur, f"scenarios?p={jeton}&s=coupe_2026")
    assert _resultat_cumule(page) == apres_levier
