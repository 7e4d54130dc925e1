"""In Chromium: answer the guide, fill a line of the plan d'action, reload, find everything; the mode
atelier; « Tester dans le simulateur »."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import aller, attendre, capture, ouvrir_exemple
from playwright.sync_api import Page, expect

from iae_model.exemples import charger_exemple
from iae_model.guide import avancement, charger_guide, plan_action, questions_applicables
from iae_model.projet.scenarios import TYPES_LEVIERS
from ui.formulaires import NOMS_TYPES
from ui.guide import cle_conteneur

EXEMPLE = "aci_espaces_verts.yaml"
NOM_EXEMPLE = "Chantier des Sentiers"
# the plan's columns (ui.guide.editer_plan): section, question, réponse, action, then responsable
X_RESPONSABLE = 100 + 220 + 85 + 200 + 50
HAUTEUR_LIGNE = 35


def _question(page: Page, question_id: str):
    return page.locator(f".st-key-{cle_conteneur(question_id)}")


def _repondre(page: Page, question_id: str, libelle: str) -> None:
    _question(page, question_id).get_by_role("radio", name=libelle, exact=True).click()
    attendre(page)


def _choisie(page: Page, question_id: str, libelle: str):
    return _question(page, question_id).get_by_role("radio", name=libelle, exact=True)


def _jeton(page: Page) -> str:
    page.wait_for_url(re.compile(r"[?&]p="))  # the address gets the token just after the example opens
    return page.url.split("p=", 1)[1].split("&", 1)[0]


def _metrique(page: Page, libelle: str):
    return page.get_by_test_id("stMetric").filter(has_text=libelle).get_by_test_id("stMetricValue")


def test_repondre_planifier_recharger(page: Page, serveur: str) -> None:
    guide = charger_guide()
    projet = charger_exemple(EXEMPLE)
    premiere = avancement(guide, projet)[0][0].section
    ids = [
        q.id for s, q in questions_applicables(guide, projet) if s.id == premiere and q.id not in projet.guide.reponses
    ]
    _, ensemble = avancement(guide, projet)
    lignes_avant = len(plan_action(guide, projet))

    ouvrir_exemple(page, serveur, NOM_EXEMPLE)
    jeton = _jeton(page)
    aller(page, serveur, f"guide?p={jeton}")
    expect(page.get_by_role("heading", name="Guide").first).to_be_visible()
    expect(_metrique(page, "Questions répondues")).to_have_text(f"{ensemble.repondues} / {ensemble.questions}")

    _repondre(page, ids[0], "Oui")
    _repondre(page, ids[1], "Non")
    _repondre(page, ids[2], "En partie")
    note = _question(page, ids[1]).get_by_role("textbox")
    note.fill("Aucun marché réservé repéré")
    note.press("Enter")
    attendre(page)
    expect(_metrique(page, "Questions répondues")).to_have_text(f"{ensemble.repondues + 3} / {ensemble.questions}")
    expect(_choisie(page, ids[1], "Non")).to_have_attribute("aria-checked", "true")
    capture(page, "guide")

    # the « Non » is a line of the plan d'action: give it a responsable in the table
    lignes = lignes_avant + 1
    expect(_metrique(page, "Plan d'action")).to_have_text(f"{lignes} ligne{'s' if lignes > 1 else ''}")
    page.get_by_role("tab", name="Plan d'action", exact=True).click()
    attendre(page)
    grille = page.get_by_test_id("stDataFrame")
    expect(grille).to_be_visible()
    question = guide.question(ids[1]).question
    # the grid is drawn on a canvas; its accessible table (hidden) holds the cells' text
    ligne = grille.locator("tbody tr").filter(has=page.locator("td", has_text=question))
    expect(ligne).to_have_count(1)
    expect(ligne.locator("td[aria-colindex='3']")).to_have_text("Non")
    rang = [ligne.question_id for ligne in plan_action(guide, projet)] + [ids[1]]
    rang = sorted(rang, key=[q.id for _, q in questions_applicables(guide, projet)].index).index(ids[1])
    boite = grille.bounding_box()
    assert boite is not None
    page.mouse.dblclick(boite["x"] + X_RESPONSABLE, boite["y"] + HAUTEUR_LIGNE * (rang + 1) + HAUTEUR_LIGNE / 2)
    cellule = page.locator("textarea.gdg-input")  # the grid's cell editor
    expect(cellule).to_be_visible()
    cellule.fill("Direction")
    cellule.press("Enter")
    attendre(page)
    capture(page, "guide_plan")

    # a reload (a new session with only the link) finds the answers, the note and the plan
    page.reload()
    attendre(page)
    expect(_choisie(page, ids[0], "Oui")).to_have_attribute("aria-checked", "true")
    expect(_choisie(page, ids[1], "Non")).to_have_attribute("aria-checked", "true")
    expect(_choisie(page, ids[2], "En partie")).to_have_attribute("aria-checked", "true")
    expect(_choisie(page, ids[2], "Non")).to_have_attribute("aria-checked", "false")
    expect(_question(page, ids[1]).get_by_role("textbox")).to_have_value("Aucun marché réservé repéré")
    expect(_metrique(page, "Plan d'action")).to_have_text(f"{lignes} ligne{'s' if lignes > 1 else ''}")
    # the readiness by section
    page.get_by_role("tab", name="Préparation par section", exact=True).click()
    attendre(page)
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible()
    capture(page, "guide_preparation")

    # the Markdown export holds the plan's line with its responsable
    aller(page, serveur, f"exporter?p={jeton}")
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Télécharger le guide (.md)").click()
    assert telechargement.value.suggested_filename.endswith("_guide.md")
    texte = Path(telechargement.value.path()).read_text(encoding="utf-8")
    assert f"- **{question}** — Non" in texte
    assert "  - Note : Aucun marché réservé repéré" in texte
    assert re.search(rf"\| {re.escape(question)} \| Non \|  \| Direction \|  \| À faire \|", texte), texte[-1500:]


def test_mode_atelier(page: Page, serveur: str) -> None:
    guide = charger_guide()
    projet = charger_exemple(EXEMPLE)
    sections, _ = avancement(guide, projet)
    ouvrir_exemple(page, serveur, NOM_EXEMPLE)
    aller(page, serveur, f"guide?p={_jeton(page)}")
    page.get_by_text("Mode atelier", exact=True).click()
    attendre(page)
    titre = next(s.titre for s in guide.sections if s.id == sections[0].section)
    expect(page.get_by_text(titre, exact=True)).to_be_visible()
    premiere = next(q for s, q in questions_applicables(guide, projet) if s.id == sections[0].section)
    texte = page.get_by_text(f"1. {premiere.question}", exact=True)
    expect(texte).to_be_visible()
    taille = float(texte.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert taille >= 28, taille  # large type for a projector
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    capture(page, "guide_atelier")
    page.get_by_role("button", name=f"Section suivante : {sections[1].titre}").click()
    attendre(page)
    titre = next(s.titre for s in guide.sections if s.id == sections[1].section)
    expect(page.get_by_text(titre, exact=True)).to_be_visible()


def test_tester_dans_le_simulateur(page: Page, serveur: str) -> None:
    guide = charger_guide()
    projet = charger_exemple(EXEMPLE)
    sections, _ = avancement(guide, projet)
    section, question, type_ = next(
        (s, q, t) for s, q in questions_applicables(guide, projet) for t in q.leviers if t in TYPES_LEVIERS
    )
    numero = [a.section for a in sections].index(section.id) + 1
    ouvrir_exemple(page, serveur, NOM_EXEMPLE)
    aller(page, serveur, f"guide?p={_jeton(page)}")
    page.get_by_test_id("stSelectbox").filter(has_text="Section").click()
    page.get_by_role("option").filter(has_text=f"{numero}. {section.titre}").first.click()
    attendre(page)
    nom = NOMS_TYPES[type_]
    _question(page, question.id).get_by_role("button", name=f"Tester dans le simulateur : {nom}").click()
    attendre(page)
    expect(page.get_by_role("heading", name="Scénarios").first).to_be_visible()
    assert "/scenarios" in page.url
    expect(page.get_by_role("combobox", name="Type de levier")).to_have_value(nom)
    expect(page.get_by_role("button", name="Ajouter ce levier")).to_be_visible()
