"""The safe YAML reader and writer (issue 8, item 14): libyaml's parser and the pure-Python one, same rules.

Each rule is checked on both event sources with the message and position written by hand; then
both sources must answer exactly the same (data, or message with its position) on a corpus of
unusual and hostile texts and on generated ones; the writer's output reads back identically.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iae_model import yaml_sur
from iae_model.projet import ErreurProjet, lire_projet
from iae_model.yaml_sur import ECRIVAINS, SOURCES, ErreurYaml, ecrire_yaml, lire_yaml

RACINE = Path(__file__).resolve().parent.parent


def test_libyaml_est_present_et_utilise_par_defaut() -> None:
    """PyYAML's wheels ship libyaml: if this fails, the reader silently went back to the slow path."""
    assert yaml_sur.AVEC_LIBYAML
    assert list(SOURCES) == ["libyaml", "python"] and list(ECRIVAINS) == ["libyaml", "python"]
    assert yaml_sur._source_par_defaut is SOURCES["libyaml"]


def _resultat(texte: str, source: str) -> tuple[str, Any]:
    try:
        return "donnees", lire_yaml(texte, SOURCES[source])
    except ErreurYaml as exc:
        return "erreur", str(exc)


ANCRES = "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés dans un fichier projet"
INVALIDE = "le fichier n'est pas un YAML valide"

CAS_REGLES = [
    ("a: &x 1\n", f"{ANCRES} (ligne 1, colonne 4)"),
    ("a: 1\nb: *x\n", f"{ANCRES} (ligne 2, colonne 4)"),
    ("- [&r {a: 1}]\n", f"{ANCRES} (ligne 1, colonne 4)"),
    (
        "a: !!python/object/apply:os.system [ls]\n",
        "le fichier contient une étiquette YAML non autorisée « 'tag:yaml.org,2002:python/object/apply:os.system' » "
        "(ligne 1, colonne 4)",
    ),
    ("x: !maison 1\n", "le fichier contient une étiquette YAML non autorisée « '!maison' » (ligne 1, colonne 4)"),
    (
        "a: !!set {x}\n",
        "le fichier contient une étiquette YAML non autorisée « 'tag:yaml.org,2002:set' » (ligne 1, colonne 4)",
    ),
    (
        "<<: {a: 1}\n",
        "le fichier contient une étiquette YAML non autorisée « 'tag:yaml.org,2002:merge' » (ligne 1, colonne 1)",
    ),
    (
        "a: !!int abc\n",
        "la valeur « abc » ne correspond pas à son étiquette YAML « 'tag:yaml.org,2002:int' » (ligne 1, colonne 4)",
    ),
    (
        "a: !!bool peut-être\n",
        "la valeur « peut-être » ne correspond pas à son étiquette YAML « 'tag:yaml.org,2002:bool' » "
        "(ligne 1, colonne 4)",
    ),
    ("a: 1\nb:\n  c: 1\n  c: 2\n", "la clé « c » apparaît deux fois (ligne 4, colonne 3)"),
    ("a: 1\n'a': 2\n", "la clé « a » apparaît deux fois (ligne 2, colonne 1)"),
    ("? [1, 2]\n: x\n", "une clé de dictionnaire n'est pas un texte simple (ligne 1, colonne 3)"),
    ("[" * 41 + "]" * 41, "le fichier est imbriqué sur plus de 40 niveaux (ligne 1, colonne 41)"),
    ("[" * 40 + "x" + "]" * 40, "le fichier est imbriqué sur plus de 40 niveaux (ligne 1, colonne 41)"),
    (
        "".join("  " * k + "-\n" for k in range(45)),
        "le fichier est imbriqué sur plus de 40 niveaux (ligne 41, colonne 81)",
    ),
    ("{ [", f"{INVALIDE} (ligne 1, colonne 4)"),
    ("cle: [1, 2", f"{INVALIDE} (ligne 1, colonne 11)"),
    ("a: b: c\n", f"{INVALIDE} (ligne 1, colonne 5)"),
    ("a: 1\n---\nb: 2\n", f"{INVALIDE} (ligne 2, colonne 1)"),
    ("a: \x00\n", INVALIDE),
]


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize(("texte", "message"), CAS_REGLES, ids=[f"regle{i}" for i in range(len(CAS_REGLES))])
def test_chaque_regle_meme_message_meme_position(texte: str, message: str, source: str) -> None:
    assert _resultat(texte, source) == ("erreur", message)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_les_valeurs_sont_celles_de_safe_load(source: str) -> None:
    texte = (
        "a: 2024-01-01\n2025-07-01: 3\nb: 0x1F\nc: 1_000\nd: .inf\ne: yes\nf: No\ng: ~\nh: 1.5e+3\ni: '12'\n"
        "j: !!str 12\nk: |\n  deux\n  lignes\nl: [x, {m: é}]\n"
    )
    attendu = {
        "a": dt.date(2024, 1, 1),
        dt.date(2025, 7, 1): 3,
        "b": 31,
        "c": 1000,
        "d": float("inf"),
        "e": True,
        "f": False,
        "g": None,
        "h": 1500.0,
        "i": "12",
        "j": "12",
        "k": "deux\nlignes\n",
        "l": ["x", {"m": "é"}],
    }
    assert lire_yaml(texte, SOURCES[source]) == attendu
    assert lire_yaml("", SOURCES[source]) is None
    assert lire_yaml("# rien\n", SOURCES[source]) is None


def test_quarante_niveaux_sont_permis() -> None:
    attendu: Any = []
    for _ in range(39):
        attendu = [attendu]
    for source in SOURCES:
        assert lire_yaml("[" * 40 + "]" * 40, SOURCES[source]) == attendu


CORPUS = [
    *(p.read_text(encoding="utf-8") for p in sorted((RACINE / "scenarios").rglob("*.yaml"))),
    *(p.read_text(encoding="utf-8") for p in sorted((RACINE / "iae_model" / "parametres").rglob("*.yaml"))),
    *(p.read_text(encoding="utf-8") for p in sorted((RACINE / "guide").glob("*.yaml"))),
    "a: !!omap [{a: 1}]",
    "a: !!binary aGVsbG8=",
    "a: !!float x",
    "a: !!timestamp x",
    "a: =",
    "~: 1\nnull: 2",
    "1: x\n1.0: y",
    "? {a: 1}\n: x",
    "[" * 100_000,
    "a:\n\tb: 1",
    "'abc",
    "- a\nb: c",
    "---\n...\n",
    "a: 1\n...\n---\nb: 2",
    "\ufeffa: 1",
    "a: \x85b",
    "a: {b: 1",
    "a: 'x\n",
    "%YAML 1.1\n---\na: 1",
    "%TAG ! tag:yaml.org,2002:python/\n---\na: !object:os.system 1",
    "a: 1:30",
    "a: >\n  plié\n  texte\n",
    "- - - x",
    "? a\n? b",
    "- ? a\n  : b",
    "x",
    "12",
]


@pytest.mark.parametrize("texte", CORPUS, ids=[f"texte{i}" for i in range(len(CORPUS))])
def test_les_deux_sources_repondent_pareil(texte: str) -> None:
    assert _resultat(texte, "libyaml") == _resultat(texte, "python")


def _mal_forme(resultat: tuple[str, Any]) -> bool:
    return resultat[0] == "erreur" and resultat[1].startswith(INVALIDE)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab:-[]{},&*#'\"?|>\n .01é\x85~<=%", max_size=40))
def test_les_deux_sources_appliquent_les_memes_regles_sur_des_textes_generes(texte: str) -> None:
    """On malformed YAML the two parsers may disagree (where the fault is, or even whether a tab or a
    lone `!` is one): the data they read and the rules' verdicts never differ."""
    libyaml, python = _resultat(texte, "libyaml"), _resultat(texte, "python")
    if not _mal_forme(libyaml) and not _mal_forme(python):
        assert repr(libyaml) == repr(python)


def test_une_liste_ouverte_500_000_fois_repond_aussitot() -> None:
    for source in SOURCES:
        debut = time.perf_counter()
        assert _resultat("[" * 500_000, source)[0] == "erreur"
        assert time.perf_counter() - debut < 1.0


def _cle(i: int) -> str:
    return "".join(chr(ord("a") + (i // 26**p) % 26) for p in (3, 2, 1, 0))


def test_le_fichier_de_cent_mille_cles_inconnues_repond_avec_une_liste_courte() -> None:
    """830 KB, 100 000 unknown keys: answered (an error list of 200 lines and a count), never stuck."""
    texte = "schema: 1\nstructure:\n nom: Test\n annee_reference: 2025\n" + "".join(
        f" {_cle(i)}: 1\n" for i in range(100_000)
    )
    assert 800_000 < len(texte) < 1_000_000
    sortie: list[Any] = []

    def lire() -> None:
        try:
            lire_projet(texte)
        except ErreurProjet as exc:
            sortie.append(exc)

    fil = threading.Thread(target=lire, daemon=True)
    fil.start()
    fil.join(15)  # 2 s on an idle machine (python -m iae_model.bench); the margin is for a busy CI
    assert sortie, "pas de réponse en 15 s"
    assert len(sortie[0].erreurs) == 201


# --- writing ------------------------------------------------------------------------------------------

scalaires = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=True)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
)
donnees = st.recursive(
    scalaires,
    lambda enfants: st.lists(enfants, max_size=4) | st.dictionaries(st.text(max_size=10), enfants, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(donnees)
def test_ecrire_puis_lire_redonne_les_memes_donnees(valeur: Any) -> None:
    for ecrivain in ECRIVAINS.values():
        texte = ecrire_yaml(valeur, ecrivain)
        for source in SOURCES.values():
            assert lire_yaml(texte, source) == valeur


def test_accents_et_ordre_des_cles_gardes_sans_ancre() -> None:
    partagee = ["Réemploi", "Entretien d'espaces verts – lot n° 2"]
    valeur = {"zèbre": "été", "abeille": partagee, "milieu": {"b": 1, "a": 2}, "encore": partagee}
    for ecrivain in ECRIVAINS.values():
        texte = ecrire_yaml(valeur, ecrivain)
        assert "zèbre: été" in texte and "Entretien d'espaces verts – lot n° 2" in texte
        assert "&" not in texte and "*" not in texte
        assert texte.index("zèbre") < texte.index("abeille") < texte.index("milieu") < texte.index("encore")
        assert lire_yaml(texte) == valeur


def test_le_demarrage_n_importe_ni_scipy_ni_numpy() -> None:
    """`valider` and the exports' entry point start without scipy (0.4 s) or numpy: imported where used."""
    code = (
        "import sys, iae_model.cli, iae_model.exports, iae_model.decision\n"
        "print(sorted(m for m in ('scipy', 'numpy', 'pandas', 'altair', 'openpyxl', 'fpdf') if m in sys.modules))"
    )
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, check=True)
    assert sortie.stdout.strip() == "[]"
