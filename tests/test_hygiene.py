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


def _imports(chemin: Path) -> list[str]:
    noms: list[str] = []
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.Import):
            noms += [a.name for a in noeud.names]
        elif isinstance(noeud, ast.ImportFrom) and noeud.module:
            noms += [noeud.module] + [f"{noeud.module}.{a.name}" for a in noeud.names]
    return noms


def test_l_interface_n_importe_les_exports_que_pour_exporter():
    """The exports package writes files; the app's screens share words, sentences and charts with it
    through iae_model.vocabulaire, phrases and graphiques, never through the exporters."""
    fichiers = [*sorted((RACINE / "ui").glob("*.py")), *sorted((RACINE / "app_pages").glob("*.py")), RACINE / "app.py"]
    for chemin in fichiers:
        if chemin.name == "exporter.py":
            continue
        fautifs = [n for n in _imports(chemin) if n.startswith("iae_model.exports")]
        assert not fautifs, (chemin.name, fautifs)


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


PAGES = sorted((RACINE / "app_pages").glob("*.py"))


def test_chaque_page_commence_par_son_titre_et_les_messages_d_enregistrement():
    """`ui.cadre.titre` draws what every page must say first (save failed, conflict, damaged link)."""
    for chemin in PAGES:
        arbre = ast.parse(chemin.read_text(encoding="utf-8"))
        appels = [
            n.value.func
            for n in arbre.body
            if isinstance(n, ast.Expr)
            and isinstance(n.value, ast.Call)
            and isinstance(n.value.func, ast.Name | ast.Attribute)
        ]
        noms = [f.id if isinstance(f, ast.Name) else f.attr for f in appels]
        assert noms and noms[0] == "titre", (chemin.name, noms[:3])
        assert "title" not in noms, chemin.name


def test_aucune_chaine_isolee_dans_une_page():
    """Streamlit shows a bare string of a page script on screen (its « magic »): only the module docstring."""
    for chemin in [*PAGES, RACINE / "app.py"]:
        arbre = ast.parse(chemin.read_text(encoding="utf-8"))
        for noeud in arbre.body[1:]:
            est_chaine = isinstance(noeud, ast.Expr) and isinstance(noeud.value, ast.Constant)
            assert not (est_chaine and isinstance(noeud.value.value, str)), (chemin.name, noeud.lineno)


def test_chaque_liste_de_choix_a_un_texte_d_attente_en_francais():
    """Issue 11, item 6: a select box left empty said Streamlit's « Choose an option »."""
    for chemin in [*sorted((RACINE / "ui").glob("*.py")), *PAGES]:
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if (
                isinstance(noeud, ast.Call)
                and isinstance(noeud.func, ast.Attribute)
                and noeud.func.attr in {"selectbox", "multiselect"}
                and isinstance(noeud.func.value, ast.Name)
                and noeud.func.value.id == "st"
            ):
                assert any(k.arg == "placeholder" for k in noeud.keywords), (chemin.name, noeud.lineno)
