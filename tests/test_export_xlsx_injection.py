"""No user text becomes a formula in the workbook (issue 8, item 9): every text cell is a string cell.

A text starting with `=` (or `+`, `-`, `@`, a tab, a carriage return: what spreadsheets treat as the
start of a formula) typed in any field of a project must come back from the workbook as the same text.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from fabrique import CHAMPS_TEXTE, donnees_piegees, projet
from openpyxl import load_workbook

from iae_model.exports import exporter_xlsx

DEBUTS = ("=", "+", "-", "@", "\t", "\r", "#N/A ")


def _piege(debut: str) -> Any:
    return lambda champ: f'{debut}HYPERLINK("//x";"{champ}")'


def _cellules(contenu: bytes) -> list[Any]:
    classeur = load_workbook(io.BytesIO(contenu))
    return [c for ws in classeur.worksheets for ligne in ws.iter_rows() for c in ligne if c.value is not None]


@pytest.mark.parametrize("debut", DEBUTS, ids=["egal", "plus", "moins", "arobase", "tabulation", "retour", "erreur"])
def test_aucun_texte_saisi_ne_devient_une_formule(debut: str) -> None:
    piege = _piege(debut)
    contenu = exporter_xlsx(projet(donnees_piegees(piege)))
    cellules = _cellules(contenu)
    assert cellules
    assert [c.coordinate for c in cellules if c.data_type != "n" and c.data_type != "s"] == []
    textes = {c.value for c in cellules if c.data_type == "s"}
    assert all(isinstance(t, str) for t in textes)
    # XML keeps no carriage return in a text: a line break is written as a line feed (Excel's own)
    attendu = {champ: piege(champ).replace("\r", "\n") for champ in CHAMPS_TEXTE}
    # the fields with their own column are whole cells; the others are quoted in a generated description
    # (« Nouvelle activité « … » dès 2026… »): kept whole inside it
    seules = [c for c in CHAMPS_TEXTE if not c.startswith(("levier.", "marche.", "mutualisation.", "nouveau_"))]
    assert [champ for champ in seules if attendu[champ] not in textes] == []
    citees = [c for c in CHAMPS_TEXTE if c not in seules and c != "levier.secteur"]
    assert [champ for champ in citees if not any(attendu[champ] in t for t in textes)] == []
    proprietes = load_workbook(io.BytesIO(contenu)).properties
    assert proprietes.title == f"Scénarios — {attendu['structure.nom']}"


def test_un_texte_qui_ressemble_a_une_erreur_reste_un_texte() -> None:
    contenu = exporter_xlsx(projet(donnees_piegees(lambda champ: "#N/A" if champ == "structure.nom" else champ)))
    nom = load_workbook(io.BytesIO(contenu))["Structure"]["A1"]
    assert (nom.value, nom.data_type) == ("#N/A", "s")


def test_les_nombres_restent_des_nombres() -> None:
    cellules = _cellules(exporter_xlsx(projet(donnees_piegees(_piege("=")))))
    nombres = [c for c in cellules if c.data_type == "n"]
    assert len(nombres) > 100
    assert any(c.value == 50_000 for c in nombres)  # the activity's turnover, as entered


def test_un_caractere_de_controle_ne_fait_pas_echouer_le_classeur() -> None:
    """XML cannot hold most control characters (a YAML `"\\x07"` can): shown as U+FFFD instead of a crash."""
    contenu = exporter_xlsx(projet(donnees_piegees(lambda champ: f"a\x07b\x00c {champ}")))
    textes = {c.value for c in _cellules(contenu) if c.data_type == "s"}
    assert "a\ufffdb\ufffdc structure.nom" in textes
