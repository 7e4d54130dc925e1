"""`python -m iae_model exporter`, run as a facilitator runs it, in a subprocess."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
from outils_cli import lancer_cli
from pypdf import PdfReader

from iae_model.formats import euros
from iae_model.projet import charger_projet
from iae_model.simulation import simuler
from iae_model.simulation.resultat import resultat_arrondi

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "scenarios" / "aci_espaces_verts.yaml"


def _sans_trace(res: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in res.stdout + res.stderr, res.stderr


def _refuse(res: subprocess.CompletedProcess[str]) -> str:
    _sans_trace(res)
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    return res.stderr


def test_exporter_ecrit_les_trois_fichiers(tmp_path):
    pdf, xlsx, md = tmp_path / "synthese.pdf", tmp_path / "chiffres.xlsx", tmp_path / "resume.md"
    res, _ = lancer_cli("exporter", EXEMPLE, "--pdf", pdf, "--xlsx", xlsx, "--markdown", md)
    _sans_trace(res)
    assert res.returncode == 0, res.stderr
    for chemin in (pdf, xlsx, md):
        assert str(chemin) in res.stdout
    projet = charger_projet(EXEMPLE)
    premiere = simuler(projet).scenarios[0].annees[0]
    lecteur = PdfReader(pdf)
    assert 2 <= len(lecteur.pages) <= 10  # as tests/test_exports.py::PAGES_MAX
    assert f"(synthèse PDF, {len(lecteur.pages)} pages, " in res.stdout  # the count said is the real one
    texte = " ".join(p.extract_text() for p in lecteur.pages).replace("\xa0", " ")
    assert projet.structure.nom in texte
    assert euros(resultat_arrondi(premiere.total)).replace("\xa0", " ") in texte
    classeur = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert {"Hypothèses", "Résultats", "Comparaison", "Alertes", "Guide", "Paramètres"} <= set(classeur.sheetnames)
    resume = md.read_text(encoding="utf-8")
    assert resume.startswith(f"# Synthèse — {projet.structure.nom}")
    assert euros(premiere.tresorerie_fin) in resume


def test_exporter_un_seul_scenario_et_le_markdown_sur_la_sortie(tmp_path):
    projet = charger_projet(EXEMPLE)
    garde, ecarte = projet.scenarios[0], projet.scenarios[-1]
    res, _ = lancer_cli("exporter", EXEMPLE, "--markdown", "-", "--scenario", garde.id)
    _sans_trace(res)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("# Synthèse")
    assert garde.libelle in res.stdout and ecarte.libelle not in res.stdout


def test_fichier_invalide_code_2_et_message_francais(tmp_path):
    invalide = tmp_path / "invalide.yaml"
    invalide.write_text(
        EXEMPLE.read_text(encoding="utf-8").replace("annee_reference: 2025", "annee_reference: 1990"), encoding="utf-8"
    )
    sortie = tmp_path / "x.pdf"
    erreur = _refuse(lancer_cli("exporter", invalide, "--pdf", sortie)[0])
    assert "Fichier projet invalide" in erreur and "structure.annee_reference" in erreur
    assert not sortie.exists()
    erreur = _refuse(lancer_cli("exporter", tmp_path / "absent.yaml", "--pdf", sortie)[0])
    assert "introuvable" in erreur


def test_scenario_inconnu_code_2(tmp_path):
    sortie = tmp_path / "x.xlsx"
    erreur = _refuse(lancer_cli("exporter", EXEMPLE, "--xlsx", sortie, "--scenario", "inexistant")[0])
    assert "Scénario inconnu : inexistant" in erreur
    assert not sortie.exists()


def test_sans_fichier_de_sortie_code_2_et_message_francais():
    erreur = _refuse(lancer_cli("exporter", EXEMPLE)[0])
    assert "indiquez au moins un fichier à écrire" in erreur and "--pdf" in erreur


def test_dossier_de_sortie_absent_message_francais(tmp_path):
    res, _ = lancer_cli("exporter", EXEMPLE, "--markdown", tmp_path / "absent" / "x.md")
    _sans_trace(res)
    assert res.returncode == 1
    assert "Impossible d'écrire" in res.stderr and "le dossier n'existe pas" in res.stderr
