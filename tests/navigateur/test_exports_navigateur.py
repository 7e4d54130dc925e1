"""In Chromium: download the PDF synthesis and the Excel workbook from the Exporter page and read them back."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import aller, ouvrir_exemple
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from iae_model.exemples import charger_exemple
from iae_model.formats import euros
from iae_model.simulation import simuler


def _telecharger(page: Page, libelle: str, dossier: Path) -> Path:
    """« Préparer » builds the file on the server (with a spinner), then its download button appears."""
    page.get_by_role("button", name=f"Préparer : {libelle}").click()
    bouton = page.get_by_role("button", name=libelle, exact=True)
    expect(bouton).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as telechargement:
        bouton.click()
    chemin = dossier / telechargement.value.suggested_filename
    telechargement.value.save_as(chemin)
    return chemin


def test_telecharger_la_synthese_pdf_et_le_classeur(page: Page, serveur: str, tmp_path: Path) -> None:
    ouvrir_exemple(page, serveur, "Chantier des Sentiers")
    aller(page, serveur, "exporter?" + page.url.split("?", 1)[1])
    projet = charger_exemple("aci_espaces_verts.yaml")
    reference = simuler(projet).scenario("reference").annees[0]

    pdf = _telecharger(page, "Synthèse (.pdf)", tmp_path)
    assert pdf.suffix == ".pdf"
    lecteur = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert 2 <= len(lecteur.pages) <= 10  # as tests/test_exports.py::PAGES_MAX
    expect(
        page.get_by_text(f"{len(lecteur.pages)} pages A4 : la page pour le conseil, puis le détail.")
    ).to_be_visible()
    texte = "\n".join(p.extract_text() for p in lecteur.pages)
    assert "Ce qu'il faut décider" in lecteur.pages[0].extract_text()
    assert "Chantier des Sentiers de l" in texte
    for s in projet.scenarios:
        assert s.libelle.split(",")[0] in texte
    montant = euros(reference.resultat).replace("\u00a0", " ").replace("\u202f", " ")
    assert montant.split(" €")[0] in texte.replace("\u00a0", " ").replace("\u202f", " ")

    classeur = _telecharger(page, "Classeur (.xlsx)", tmp_path)
    assert classeur.suffix == ".xlsx"
    wb = load_workbook(classeur, data_only=True)
    assert {"Hypothèses", "Résultats", "Comparaison", "Alertes", "Guide", "Paramètres"} <= set(wb.sheetnames)
    feuille = wb["Résultats"]
    entetes = [c.value for c in feuille[1]]
    lignes = [dict(zip(entetes, ligne, strict=False)) for ligne in feuille.iter_rows(min_row=2, values_only=True)]
    resultat = [
        v
        for v in lignes
        if v["Code du scénario"] == "reference" and v["Année"] == reference.annee and v["Code"] == "resultat.resultat"
        and v["Périmètre"] in ("Total", "total", "Ensemble", "Structure")
    ]  # fmt: skip
    assert resultat, [v for v in lignes if v["Code"] == "resultat.resultat"][:3]
    assert resultat[0]["Scénario"] == projet.scenario("reference").libelle  # the words, the code beside
    assert isinstance(resultat[0]["Valeur"], float | int)
    assert abs(resultat[0]["Valeur"] - reference.resultat) < 0.01
