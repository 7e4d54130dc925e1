"""Rules of the code base that a reviewer would otherwise have to check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
PAQUET = RACINE / "iae_model"


def _modules() -> list[Path]:
    return sorted(PAQUET.rglob("*.py"))


def test_le_modele_n_importe_jamais_streamlit():
    for chemin in _modules():
        arbre = ast.parse(chemin.read_text(encoding="utf-8"))
        for noeud in ast.walk(arbre):
            noms = []
            if isinstance(noeud, ast.Import):
                noms = [a.name for a in noeud.names]
            elif isinstance(noeud, ast.ImportFrom) and noeud.module:
                noms = [noeud.module]
            assert not any(n.split(".")[0] == "streamlit" for n in noms), chemin


def test_ni_eval_ni_pickle_ni_yaml_load_non_sur():
    for chemin in _modules():
        arbre = ast.parse(chemin.read_text(encoding="utf-8"))
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Call):
                f = noeud.func
                nom = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                assert nom not in {"eval", "exec", "load", "unsafe_load", "full_load"}, (chemin, nom)
            if isinstance(noeud, ast.Import | ast.ImportFrom):
                noms = [a.name for a in noeud.names] + [getattr(noeud, "module", None) or ""]
                assert not any(n.split(".")[0] in {"pickle", "marshal", "shelve"} for n in noms), chemin
