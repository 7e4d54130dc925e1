"""Invalid project files: each one ends in exit status 2 with a French message naming the field.

Every case starts from the valid `tests/donnees/design_exemple.yaml` and changes one thing (or, for
YAML-level faults, is raw text). Each file goes through the real CLI in a subprocess; the cases that
name a field are also checked in-process on `ErreurProjet.erreurs[i].chemin`.
"""

from __future__ import annotations

import copy
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from outils_cli import lancer_cli

from iae_model import yaml_sur
from iae_model.projet import ErreurProjet, charger_projet, lire_projet

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "tests" / "donnees" / "design_exemple.yaml"
DELAI_SUBPROCESS = 30


def _cli(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float]:
    return lancer_cli(*args)


def _exemple() -> dict[str, Any]:
    return yaml.safe_load(EXEMPLE.read_text(encoding="utf-8"))


def _texte_exemple() -> str:
    return EXEMPLE.read_text(encoding="utf-8")


def _ecrire(dossier: Path, donnees: Any) -> Path:
    chemin = dossier / "projet.yaml"
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return chemin


def _modifie(changer: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    """A builder: the example with one change, dumped to the test's folder."""

    def construire(dossier: Path) -> Path:
        donnees = _exemple()
        changer(donnees)
        return _ecrire(dossier, donnees)

    return construire


def _brut(contenu: str | bytes | Callable[[Path], str | bytes]) -> Callable[[Path], Path]:
    """A builder writing raw text or bytes (YAML-level faults)."""

    def construire(dossier: Path) -> Path:
        valeur = contenu(dossier) if callable(contenu) else contenu
        chemin = dossier / "projet.yaml"
        if isinstance(valeur, bytes):
            chemin.write_bytes(valeur)
        else:
            chemin.write_text(valeur, encoding="utf-8")
        return chemin

    return construire


# --- the changes ---------------------------------------------------------------------------------


def _poser(*chemin: str | int, valeur: Any) -> Callable[[dict[str, Any]], None]:
    def changer(d: dict[str, Any]) -> None:
        cible: Any = d
        for partie in chemin[:-1]:
            cible = cible[partie]
        cible[chemin[-1]] = valeur

    return changer


def _retirer(*chemin: str | int) -> Callable[[dict[str, Any]], None]:
    def changer(d: dict[str, Any]) -> None:
        cible: Any = d
        for partie in chemin[:-1]:
            cible = cible[partie]
        del cible[chemin[-1]]

    return changer


def _faute_de_frappe(d: dict[str, Any]) -> None:
    activite = d["activites"][0]
    activite["chiffre_afaires"] = activite.pop("chiffre_affaires")


def _cycle(d: dict[str, Any]) -> None:
    # reference -> coupe_2026 and coupe_2026 -> reference (already in the example)
    assert d["scenarios"][1]["base"] == "reference"
    d["scenarios"][0]["base"] = "coupe_2026"


def _eiti_avec_etp(d: dict[str, Any]) -> None:
    d["conventionnements"].append({"type": "EITI", "etp_conventionnes": 5})


def _ajouter_levier(levier: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def changer(d: dict[str, Any]) -> None:
        assert len(d["scenarios"][1]["leviers"]) == 3
        d["scenarios"][1]["leviers"].append(levier)

    return changer


def _bombe_yaml() -> str:
    """Billion laughs: 9 levels of anchors, each list repeating the previous one 9 times."""
    lignes = ["a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    for i in range(1, 9):
        lignes.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lignes) + "\n"


def _marqueur_python(dossier: Path) -> Path:
    return dossier / "pwned"


def _etiquette_python(dossier: Path) -> str:
    commande = f"echo pwned > {_marqueur_python(dossier)}"
    return _texte_exemple().replace("schema: 1\n", f'schema: !!python/object/apply:os.system ["{commande}"]\n', 1)


def _dix_mega(dossier: Path) -> str:
    texte = _texte_exemple()
    return texte + ("# " + "x" * 98 + "\n") * (10_000_000 // 100)


def _cle_double() -> str:
    texte = _texte_exemple()
    assert "  territoire: Nord (59)\n" in texte
    return texte.replace("  territoire: Nord (59)\n", "  territoire: Nord (59)\n  territoire: Pas-de-Calais (62)\n", 1)


def _latin1() -> bytes:
    return _texte_exemple().replace("–", "-").encode("latin-1")


# --- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cas:
    id: str
    construire: Callable[[Path], Path]
    chemin: str | None
    """The field path expected on stderr (None for faults of the file as a whole)."""
    fragments: tuple[str, ...] = field(default=())
    """Meaningful parts of the French message."""


CAS = [
    Cas("bombe_yaml_alias", _brut(_bombe_yaml()), None, ("ancres et alias",)),
    Cas("etiquette_python_os_system", _brut(_etiquette_python), None, ("étiquette YAML non autorisée",)),
    Cas("fichier_10_mo", _brut(_dix_mega), None, ("trop volumineux",)),
    Cas(
        "texte_au_lieu_d_un_nombre",
        _modifie(_poser("financements", 0, "montant", valeur="beaucoup")),
        "financements[0].montant",
        ("nombre attendu", "beaucoup"),
    ),
    Cas("cle_inconnue", _modifie(_faute_de_frappe), "activites[0].chiffre_afaires", ("clé inconnue",)),
    Cas(
        "identifiants_de_scenario_en_double",
        _modifie(_poser("scenarios", 1, "id", valeur="reference")),
        "scenarios[1].id",
        ("reference", "déjà utilisé"),
    ),
    Cas(
        "base_inconnue",
        _modifie(_poser("scenarios", 1, "base", valeur="inexistant")),
        "scenarios[1].base",
        ("inexistant", "n'existe pas"),
    ),
    Cas("boucle_de_base", _modifie(_cycle), "scenarios[0].base", ("boucle",)),
    Cas(
        "activite_d_un_conventionnement_absent",
        _modifie(_poser("activites", 0, "conventionnement", valeur="EI")),
        "activites[0].conventionnement",
        ("pas de conventionnement EI",),
    ),
    Cas(
        "fin_avant_debut",
        _modifie(_poser("financements", 1, "fin", valeur=2024)),
        "financements[1].fin",
        ("précède", "2024", "2025"),
    ),
    Cas(
        "taux_occupation_hors_bornes",
        _modifie(_poser("conventionnements", 0, "taux_occupation", valeur=2.5)),
        "conventionnements[0].taux_occupation",
        ("inférieur ou égal à 2",),
    ),
    Cas(
        "part_modulee_negative",
        _modifie(_poser("conventionnements", 0, "part_modulee", valeur=-0.1)),
        "conventionnements[0].part_modulee",
        ("supérieur ou égal à 0",),
    ),
    Cas(
        "part_modulee_au_dela_du_maximum_legal",
        _modifie(_poser("conventionnements", 0, "part_modulee", valeur=0.25)),
        "conventionnements[0].part_modulee",
        ("ne peut dépasser 10\u00a0% du montant socle", "reçu 25\u00a0%"),
    ),
    Cas(
        "reduction_etp_positive",
        _modifie(_poser("scenarios", 1, "chocs", 0, "taux", valeur=0.2)),
        "scenarios[1].chocs[0].taux",
        ("inférieur ou égal à 0",),
    ),
    Cas(
        "type_de_choc_inconnu",
        _modifie(_poser("scenarios", 1, "chocs", 1, "type", valeur="explosion")),
        "scenarios[1].chocs[1]",
        ("explosion", "inconnu"),
    ),
    Cas(
        "levier_sans_type",
        _modifie(_retirer("scenarios", 1, "leviers", 2, "type")),
        "scenarios[1].leviers[2]",
        ("« type » manque",),
    ),
    Cas(
        "champ_obligatoire_manquant",
        _modifie(_retirer("structure", "annee_reference")),
        "structure.annee_reference",
        ("obligatoire",),
    ),
    Cas(
        "mauvaise_version_de_schema",
        _modifie(_poser("schema", valeur=2)),
        "schema",
        ("version 2", "non prise en charge"),
    ),
    Cas(
        "horizon_avant_annee_reference",
        _modifie(_poser("hypotheses", "horizon", valeur=2020)),
        "hypotheses.horizon",
        ("2020", "précède l'année de référence"),
    ),
    Cas("cle_en_double", _brut(_cle_double()), None, ("« territoire » apparaît deux fois", "ligne 5")),
    Cas("pas_du_yaml", _brut("{ ["), None, ("YAML",)),
    Cas("liste_au_lieu_d_un_dictionnaire", _brut("- schema: 1\n- structure: {}\n"), None, ("dictionnaire",)),
    Cas("pas_utf8", _brut(_latin1()), None, ("UTF-8",)),
    Cas(
        "eiti_avec_etp_conventionnes",
        _modifie(_eiti_avec_etp),
        "conventionnements[1].travailleurs_accompagnes",
        ("obligatoire pour une EITI",),
    ),
    Cas(
        "choc_avant_annee_reference",
        _modifie(_poser("scenarios", 1, "chocs", 0, "annee", valeur=2023)),
        "scenarios[1].chocs[0].annee",
        ("2023", "précède l'année de référence"),
    ),
    Cas(
        "ouverture_d_un_conventionnement_deja_detenu",
        _modifie(
            _ajouter_levier(
                {"type": "ouverture_conventionnement", "annee": 2027, "conventionnement": "ACI", "etp_conventionnes": 5}
            )
        ),
        "scenarios[1].leviers[3].conventionnement",
        ("déjà un conventionnement ACI",),
    ),
    Cas(
        "levier_sur_activite_inconnue",
        _modifie(_ajouter_levier({"type": "croissance_activite", "annee": 2027, "activite": "Inconnue", "taux": 0.1})),
        "scenarios[1].leviers[3].activite",
        ("« Inconnue » n'existe pas",),
    ),
    Cas("fichier_vide", _brut(""), None, ("vide",)),
    Cas(
        "valeur_contraire_a_son_etiquette",
        _brut(lambda _: _texte_exemple().replace("schema: 1\n", "schema: !!int un\n", 1)),
        None,
        ("« un » ne correspond pas à son étiquette", "ligne 1, colonne 9"),
    ),
    Cas("caractere_nul", _brut(lambda _: _texte_exemple().replace("Nord (59)", "Nord\x00")), None, ("YAML valide",)),
]

assert len(CAS) >= 20
assert len({c.id for c in CAS}) == len(CAS)


def _verifier_sortie(res: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    assert res.stdout == ""
    assert "Fichier projet invalide" in res.stderr


@pytest.mark.parametrize("cas", CAS, ids=[c.id for c in CAS])
def test_fichier_invalide_par_la_cli(cas: Cas, tmp_path: Path) -> None:
    chemin = cas.construire(tmp_path)
    res, _ = _cli("valider", chemin)
    _verifier_sortie(res)
    if cas.chemin is not None:
        # "chemin : message", as ErreurLigne prints it
        assert f"{cas.chemin} :" in res.stderr, res.stderr
    for fragment in cas.fragments:
        assert fragment in res.stderr, res.stderr
    if cas.id == "etiquette_python_os_system":
        assert not _marqueur_python(tmp_path).exists(), "la commande du fichier a été exécutée"


@pytest.fixture(params=sorted(yaml_sur.SOURCES))
def source_yaml(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each in-memory case runs with libyaml's parser (the default) and with the pure-Python fallback."""
    monkeypatch.setattr(yaml_sur, "_source_par_defaut", yaml_sur.SOURCES[request.param])
    return request.param


CAS_CHAMP = [c for c in CAS if c.chemin is not None]
assert len(CAS_CHAMP) >= 8


@pytest.mark.parametrize("cas", CAS_CHAMP, ids=[c.id for c in CAS_CHAMP])
def test_chemin_de_l_erreur_en_memoire(cas: Cas, tmp_path: Path, source_yaml: str) -> None:
    octets = cas.construire(tmp_path).read_bytes()
    with pytest.raises(ErreurProjet) as info:
        lire_projet(octets)
    chemins = [e.chemin for e in info.value.erreurs]
    assert cas.chemin in chemins, chemins
    erreur = info.value.erreurs[chemins.index(cas.chemin)]
    for fragment in cas.fragments:
        assert fragment in erreur.message


CAS_FICHIER = [c for c in CAS if c.chemin is None]


@pytest.mark.parametrize("cas", CAS_FICHIER, ids=[c.id for c in CAS_FICHIER])
def test_erreur_du_fichier_entier_en_memoire(cas: Cas, tmp_path: Path, source_yaml: str) -> None:
    chemin = cas.construire(tmp_path)
    for lire in (lambda: lire_projet(chemin.read_bytes()), lambda: charger_projet(chemin)):
        with pytest.raises(ErreurProjet) as info:
            lire()
        messages = " ".join(e.message for e in info.value.erreurs)
        for fragment in cas.fragments:
            assert fragment in messages
    assert not _marqueur_python(tmp_path).exists()


def test_bombe_yaml_refusee_en_moins_d_une_seconde(tmp_path: Path, source_yaml: str) -> None:
    texte = _bombe_yaml()
    assert texte.count("&a") == 9
    debut = time.perf_counter()
    with pytest.raises(ErreurProjet):
        lire_projet(texte)
    assert time.perf_counter() - debut < 1.0
    chemin = _brut(texte)(tmp_path)
    debut = time.perf_counter()
    with pytest.raises(ErreurProjet):
        charger_projet(chemin)
    assert time.perf_counter() - debut < 1.0


def test_etiquette_python_n_execute_rien_en_memoire(tmp_path: Path, source_yaml: str) -> None:
    texte = _etiquette_python(tmp_path)
    with pytest.raises(ErreurProjet):
        lire_projet(texte)
    assert not _marqueur_python(tmp_path).exists()


def test_deux_erreurs_independantes_sont_toutes_rapportees(tmp_path: Path) -> None:
    donnees = _exemple()
    donnees["financements"][0]["montant"] = "beaucoup"
    donnees["activites"][0]["chiffre_afaires"] = 1000
    chemin = _ecrire(tmp_path, donnees)

    res, _ = _cli("valider", chemin)
    _verifier_sortie(res)
    assert "financements[0].montant :" in res.stderr
    assert "activites[0].chiffre_afaires :" in res.stderr
    assert "nombre attendu" in res.stderr
    assert "clé inconnue" in res.stderr

    with pytest.raises(ErreurProjet) as info:
        lire_projet(chemin.read_bytes())
    chemins = {e.chemin for e in info.value.erreurs}
    assert {"financements[0].montant", "activites[0].chiffre_afaires"} <= chemins


def test_l_exemple_de_depart_est_valide() -> None:
    """Guard: each case above differs from a valid file by exactly the change it names."""
    projet = lire_projet(EXEMPLE.read_bytes())
    assert projet.structure.annee_reference == 2025
    assert [s.id for s in projet.scenarios] == ["reference", "coupe_2026"]
    # the YAML round trip the cases use does not by itself make the file invalid
    d = copy.deepcopy(_exemple())
    lire_projet(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
