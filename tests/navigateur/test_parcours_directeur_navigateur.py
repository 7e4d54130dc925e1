"""Issue 11's « Done when »: the director's journey from a blank structure to the board's PDF, in Chromium.

Blank structure → accounts pasted → the State hypothesis → two levers → Comparer → the explanation of one
figure → the PDF; then each page at 1024×768, 1366×768 and 1920×1080. The test prints the values typed and
the clicks (the issue measured 35 values and about 92 clicks for a structure alone, with a wrong result).
"""

from __future__ import annotations

import io
from pathlib import Path

from conftest import aller, attendre, capture
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from test_depuis_les_comptes_navigateur import COLLAGE, Compteur, creer_une_ei_vierge


def _choisir_type(u: Compteur, page: Page, texte: str) -> None:
    choix = page.get_by_test_id("stSelectbox").filter(has_text="Type de levier").first
    u.cliquer(choix, rerun=False)
    choix.locator("input").press_sequentially(texte)  # typing filters the list and keeps it open
    u.cliquer(page.get_by_role("option").filter(has_text=texte).first)


def _menu(u: Compteur, page: Page, nom: str) -> None:
    u.cliquer(page.get_by_test_id("stSidebarNav").get_by_role("link", name=nom, exact=True))
    expect(page.get_by_role("heading", name=nom).first).to_be_visible()


def test_parcours_du_directeur_du_vierge_au_pdf(page: Page, serveur: str, tmp_path: Path) -> None:
    u = Compteur(page)
    # a blank 14-ETP EI, its accounts pasted from a spreadsheet
    creer_une_ei_vierge(u, page, serveur)
    u.taper(
        page.get_by_role("textbox", name="Lignes copiées : un libellé et un montant par ligne"),
        COLLAGE,
        valider="Control+Enter",
    )
    u.cliquer(page.get_by_role("button", name="Lire le collage"))
    u.cliquer(page.get_by_role("button", name="Remplir le projet depuis ces comptes"))
    expect(page.get_by_text("Le simulateur et vos comptes, 2025")).to_be_visible()
    # the wage above the SMIC set on the accounts' payroll: the simulator's 2025 result is the accounts'
    u.cliquer(page.get_by_role("button", name="Caler le salaire et le taux d'occupation sur mes comptes"))
    expect(page.get_by_text("Le résultat 2025 du simulateur est celui de vos comptes")).to_be_visible()
    requete = page.url.split("?", 1)[1]

    # the State hypothesis, in one click: Scénarios opens on it
    _menu(u, page, "Scénarios")
    expect(page.get_by_role("tab", name="Hypothèses de l'État", selected=True)).to_be_visible()
    carte = (
        page.get_by_test_id("stVerticalBlock")
        .filter(has_text="loi de finances adoptée, lecture 1")
        .filter(has=page.get_by_role("button", name="Ajouter ce scénario"))
    )
    u.cliquer(carte.last.get_by_role("button", name="Ajouter ce scénario"))
    expect(page.get_by_text("loi de finances adoptée, lecture 1").first).to_be_visible()

    # two levers on it: a reserved public market, then a pooling of costs (the form stays open)
    u.cliquer(page.get_by_role("tab", name="Chocs et leviers du scénario"))
    u.cliquer(page.get_by_test_id("stExpander").filter(has_text="Ajouter un levier").first)
    _choisir_type(u, page, "Marché public")
    u.taper(page.get_by_label("Nom du marché", exact=True), "Lot réservé propreté", valider="Tab")
    u.taper(page.get_by_label("Montant (€ de CA par an)", exact=True), "60000", valider="Tab")
    u.cliquer(page.get_by_role("button", name="Ajouter ce levier"))
    _choisir_type(u, page, "Mutualisation")
    u.taper(page.get_by_label("Économie de charges fixes (€ par an)", exact=True), "15000", valider="Tab")
    u.cliquer(page.get_by_role("button", name="Ajouter ce levier"))
    expect(page.get_by_text("Lot réservé propreté").first).to_be_visible()
    expect(page.get_by_text("Mutualisation").first).to_be_visible()

    # every scenario side by side
    _menu(u, page, "Comparer")
    expect(page.get_by_test_id("stTable").first).to_be_visible()

    # one figure explained with the director's numbers
    _menu(u, page, "Résultats")
    u.cliquer(page.get_by_role("tab", name="Comptes", exact=True))
    grille = page.get_by_test_id("stDataFrame").first
    grille.evaluate("e => e.scrollIntoView({block: 'start'})")  # its top rows in the window, to be clicked
    page.wait_for_timeout(500)
    boite = grille.bounding_box()
    assert boite is not None
    # the « Aide au poste » row (the third, after the two ETP rows), first year's column
    page.mouse.click(boite["x"] + 270 + 40, boite["y"] + 36 + 35 * 2 + 17)
    u.clics += 1
    attendre(page)
    expect(page.get_by_text("ETP aidés × socle").locator("visible=true").first).to_be_visible()

    # the board's PDF
    _menu(u, page, "Exporter")
    u.cliquer(page.get_by_role("button", name="Préparer : Synthèse (.pdf)"))
    bouton = page.get_by_role("button", name="Synthèse (.pdf)", exact=True)
    expect(bouton).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as telechargement:
        bouton.click()
    u.clics += 1
    pdf = tmp_path / telechargement.value.suggested_filename
    telechargement.value.save_as(pdf)
    premiere = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "loi de finances adoptée" in premiere

    print(
        f"\nParcours du directeur (vierge → comptes → hypothèse de l'État → 2 leviers → comparer → un chiffre "
        f"expliqué → PDF) : {u.valeurs} valeurs saisies, {u.clics} clics (l'issue : 35 valeurs et environ 92 clics "
        "pour la seule structure)"
    )
    for largeur, hauteur in ((1024, 768), (1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": largeur, "height": hauteur})
        for chemin in ("structure", "scenarios", "resultats", "comparer", "exporter"):
            aller(page, serveur, f"{chemin}?{requete}")
            capture(page, f"parcours_{chemin}_{largeur}")
