"""The journey of issue 11, item 1 in a real browser: a blank 14-ETP EI, its accounts pasted from a
spreadsheet, the self-check, the project filled, the reference year beside the accounts.

It prints the typed values and clicks of the journey (the issue's blank journey took 35 values and about
92 clicks, and still showed a wrong 2025 result).
"""

from __future__ import annotations

from conftest import aller, attendre, capture
from playwright.sync_api import Page, expect

COLLAGE = "\n".join(
    (
        "Ventes espaces verts\t300 000",
        "Prestations nettoyage\t100 000",
        "Aide au poste\t186 256",
        "Subvention Région\t20 000",
        "Subvention Département\t15 000",
        "Autres produits\t2 000",
        "Achats\t60 000",
        "Autres achats et charges externes\t90 000",
        "Impôts et taxes\t5 000",
        "Salaires et charges insertion\t400 000",
        "Salaires et charges permanents\t150 000",
        "ETP permanents\t3",
        "Dotations aux amortissements\t10 000",
        "Autres charges\t1 000",
        "Résultat de l'exercice\t-92 744",
        "Trésorerie\t85 000",
    )
)


class Compteur:
    """Counts what the user does: a typed value (a field filled, a paste) and a click."""

    def __init__(self, page: Page) -> None:
        self.page, self.valeurs, self.clics = page, 0, 0

    def cliquer(self, cible, rerun: bool = True) -> None:
        cible.scroll_into_view_if_needed()  # a select box at the window's edge opens only when in view
        cible.click()
        self.clics += 1
        if rerun:
            attendre(self.page)

    def taper(self, cible, texte: str, valider: str = "Enter") -> None:
        cible.click()
        cible.fill(texte)
        cible.press(valider)
        self.clics += 1
        self.valeurs += 1
        attendre(self.page)


def creer_une_ei_vierge(u: Compteur, page: Page, serveur: str) -> None:
    """From Accueil, a blank 14-ETP EI whose accounts are those of 2025 (the issue's director)."""
    aller(page, serveur)
    u.cliquer(page.get_by_role("tab", name="Une structure vierge"))
    u.cliquer(page.get_by_role("combobox", name="Type de conventionnement"), rerun=False)
    u.cliquer(page.get_by_role("option").filter(has_text="EI – entreprise d'insertion").first)
    u.taper(page.get_by_role("textbox", name="ETP conventionnés"), "14")
    u.taper(page.get_by_role("textbox", name="Année des comptes (année de référence)"), "2025")
    u.cliquer(page.get_by_role("button", name="Créer la structure et saisir mes comptes"))


def test_vierge_puis_comptes_colles_puis_resultat_juste(page: Page, serveur: str) -> None:
    u = Compteur(page)
    creer_une_ei_vierge(u, page, serveur)
    expect(page.get_by_role("heading", name="Ma structure")).to_be_visible()
    expect(page.get_by_text("Saisissez ou collez les lignes de vos comptes.")).to_be_visible()
    capture(page, "comptes_1_vierge")
    collage = page.get_by_role("textbox", name="Lignes copiées : un libellé et un montant par ligne")
    u.taper(collage, COLLAGE, valider="Control+Enter")
    u.cliquer(page.get_by_role("button", name="Lire le collage"))
    expect(page.get_by_text("16 ligne(s) reconnue(s)")).to_be_visible()
    expect(page.get_by_text("Les comptes se vérifient : produits")).to_be_visible()
    capture(page, "comptes_2_colles_1366")
    u.cliquer(page.get_by_role("button", name="Remplir le projet depuis ces comptes"))
    expect(page.get_by_text("Le simulateur et vos comptes, 2025")).to_be_visible()
    capture(page, "comptes_3_rempli_1366")
    page.set_viewport_size({"width": 1024, "height": 768})
    attendre(page)
    capture(page, "comptes_3_rempli_1024")
    # the key figures above the tabs: the engine's 2025 result, the accounts' except the insertion payroll
    texte = page.get_by_test_id("stMain").inner_text()
    assert "Résultat" in texte
    print(
        f"\nParcours vierge → comptes collés → projet rempli : {u.valeurs} valeurs saisies (dont 1 collage de 16 "
        f"lignes), {u.clics} clics (le parcours de l'issue : 35 valeurs, environ 92 clics)"
    )
