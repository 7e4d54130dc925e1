"""Official, dated, referenced parameters (aide au poste, SMIC, RSA, hours per ETP...).

The tree of YAML files next to this module follows OpenFisca's parameter format: one file per
parameter, `values` keyed by the ISO date from which each value applies, `metadata.reference`
keyed by the same dates. Loading is strict: a parameter a board relies on must say where it comes
from, so an unknown key, an unordered date or a value without its reference is an error.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from iae_model.yaml_sur import ErreurYaml, lire_yaml

DOSSIER_PARAMETRES = Path(__file__).parent

PROJECTIONS = ("gel", "indexation_socle", "evolution_smic", "inflation")
"""How a parameter is carried past `last_value_still_valid_on`: which scenario hypothesis applies."""

CONFIANCES = ("haute", "moyenne", "faible")

_CLES_RACINE = {"description", "values", "metadata", "notes"}
_CLES_METADATA = {
    "unit",
    "short_label",
    "reference",
    "last_value_still_valid_on",
    "confiance",
    "projection",
    "revalorisation",
}
_CLES_REFERENCE = {"title", "href"}


class ErreurParametre(ValueError):
    """A parameter file breaks the format; the message names the file and the key."""


@dataclass(frozen=True)
class Reference:
    titre: str
    lien: str


@dataclass(frozen=True)
class Parametre:
    """One parameter: its dated values and, for each date, where the value comes from."""

    nom: str
    description: str
    unite: str
    libelle_court: str
    valeurs: tuple[tuple[dt.date, float | None], ...]
    references: Mapping[dt.date, tuple[Reference, ...]]
    valide_jusqu_au: dt.date
    projection: str = "gel"
    revalorisation: tuple[int, int] = (1, 1)
    confiance: Mapping[dt.date, str] = field(default_factory=dict)
    notes: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(d for d, _ in self.valeurs))

    def _indice(self, jour: dt.date) -> int | None:
        i = bisect_right(self._dates, jour) - 1  # type: ignore[attr-defined]
        return None if i < 0 else i

    def valeur_connue(self, jour: dt.date) -> float | None:
        """The value an official text sets for that day (None before the first one or when repealed)."""
        i = self._indice(jour)
        return None if i is None else self.valeurs[i][1]

    def debut_valeur(self, jour: dt.date) -> dt.date | None:
        """Date from which the value in force on `jour` applies."""
        i = self._indice(jour)
        return None if i is None else self.valeurs[i][0]

    def references_au(self, jour: dt.date) -> tuple[Reference, ...]:
        debut = self.debut_valeur(jour)
        return () if debut is None else self.references.get(debut, ())

    def confiance_au(self, jour: dt.date) -> str:
        debut = self.debut_valeur(jour)
        return "haute" if debut is None else self.confiance.get(debut, "haute")

    @property
    def derniere_valeur(self) -> tuple[dt.date, float | None]:
        return self.valeurs[-1]


class Parametres(Mapping[str, Parametre]):
    """All parameters by dotted name (`aide_au_poste.montant_socle.aci`)."""

    def __init__(self, parametres: Mapping[str, Parametre]) -> None:
        self._parametres = dict(parametres)

    def __getitem__(self, nom: str) -> Parametre:
        try:
            return self._parametres[nom]
        except KeyError:
            raise KeyError(f"paramètre inconnu : {nom}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._parametres))

    def __len__(self) -> int:
        return len(self._parametres)


def _date(valeur: Any, ou: str) -> dt.date:
    if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
        return valeur
    if isinstance(valeur, str):
        try:
            return dt.date.fromisoformat(valeur)
        except ValueError:
            pass
    raise ErreurParametre(f"{ou} : date AAAA-MM-JJ attendue, reçu « {valeur} »")


def _texte(valeur: Any) -> str:
    return valeur.strip() if isinstance(valeur, str) else ""


def _verifier_cles(donnees: Any, permises: set[str], ou: str, obligatoires: set[str] = frozenset()) -> None:
    if not isinstance(donnees, dict):
        raise ErreurParametre(f"{ou} : dictionnaire attendu")
    inconnues = set(map(str, donnees)) - permises
    if inconnues:
        raise ErreurParametre(f"{ou} : clé(s) inconnue(s) {sorted(inconnues)}")
    manquantes = obligatoires - set(donnees)
    if manquantes:
        raise ErreurParametre(f"{ou} : clé(s) manquante(s) {sorted(manquantes)}")


def lire_parametre(nom: str, texte: str, ou: str) -> Parametre:
    """Build and strictly validate one parameter from its YAML text."""
    try:
        donnees = lire_yaml(texte)
    except ErreurYaml as exc:
        raise ErreurParametre(f"{ou} : {exc}") from exc
    _verifier_cles(donnees, _CLES_RACINE, ou, {"description", "values", "metadata"})
    meta = donnees["metadata"]
    _verifier_cles(
        meta, _CLES_METADATA, f"{ou} metadata", {"unit", "short_label", "reference", "last_value_still_valid_on"}
    )

    brutes = donnees["values"]
    if not isinstance(brutes, dict) or not brutes:
        raise ErreurParametre(f"{ou} values : au moins une valeur datée attendue")
    valeurs: list[tuple[dt.date, float | None]] = []
    for cle, entree in brutes.items():
        jour = _date(cle, f"{ou} values")
        _verifier_cles(entree, {"value"}, f"{ou} values.{jour}", {"value"})
        v = entree["value"]
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v)):
            raise ErreurParametre(f"{ou} values.{jour} : nombre attendu, reçu « {v} »")
        valeurs.append((jour, None if v is None else float(v)))
    dates = [d for d, _ in valeurs]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise ErreurParametre(f"{ou} values : les dates doivent être strictement croissantes")

    refs_brutes = meta["reference"]
    if not isinstance(refs_brutes, dict):
        raise ErreurParametre(f"{ou} metadata.reference : dictionnaire daté attendu")
    references: dict[dt.date, tuple[Reference, ...]] = {}
    for cle, liste in refs_brutes.items():
        jour = _date(cle, f"{ou} metadata.reference")
        if jour in references:
            raise ErreurParametre(f"{ou} metadata.reference.{jour} : date en double")
        if jour not in dates:
            raise ErreurParametre(f"{ou} metadata.reference.{jour} : aucune valeur à cette date")
        if not isinstance(liste, list) or not liste:
            raise ErreurParametre(f"{ou} metadata.reference.{jour} : liste de références attendue")
        refs = []
        for i, ref in enumerate(liste):
            _verifier_cles(ref, _CLES_REFERENCE, f"{ou} metadata.reference.{jour}[{i}]", _CLES_REFERENCE)
            if not _texte(ref["title"]) or not _texte(ref["href"]).startswith(("http://", "https://")):
                raise ErreurParametre(f"{ou} metadata.reference.{jour}[{i}] : titre et lien http(s) attendus")
            refs.append(Reference(str(ref["title"]), str(ref["href"])))
        references[jour] = tuple(refs)
    sans_reference = [str(d) for d in dates if d not in references]
    if sans_reference:
        raise ErreurParametre(f"{ou} : valeur(s) sans référence datée : {', '.join(sans_reference)}")

    confiance: dict[dt.date, str] = {}
    brutes_confiance = meta.get("confiance") or {}
    if not isinstance(brutes_confiance, dict):
        raise ErreurParametre(f"{ou} metadata.confiance : dictionnaire daté attendu")
    for cle, niveau in brutes_confiance.items():
        jour = _date(cle, f"{ou} metadata.confiance")
        if jour in confiance:
            raise ErreurParametre(f"{ou} metadata.confiance.{jour} : date en double")
        if jour not in dates:
            raise ErreurParametre(f"{ou} metadata.confiance.{jour} : aucune valeur à cette date")
        if niveau not in CONFIANCES:
            raise ErreurParametre(f"{ou} metadata.confiance.{jour} : {CONFIANCES} attendu, reçu « {niveau} »")
        confiance[jour] = niveau

    valide = _date(meta["last_value_still_valid_on"], f"{ou} metadata.last_value_still_valid_on")
    if valide < dates[-1]:
        raise ErreurParametre(f"{ou} metadata.last_value_still_valid_on précède la dernière valeur")
    projection = meta.get("projection", "gel")
    if projection not in PROJECTIONS:
        raise ErreurParametre(f"{ou} metadata.projection : {PROJECTIONS} attendu, reçu « {projection} »")
    revalo = str(meta.get("revalorisation", "01-01"))
    try:
        mois, jour_mois = (int(x) for x in revalo.split("-"))
        dt.date(2001, mois, jour_mois)
    except ValueError:
        raise ErreurParametre(f"{ou} metadata.revalorisation : MM-JJ attendu, reçu « {revalo} »") from None

    for cle in ("description",):
        if not _texte(donnees[cle]):
            raise ErreurParametre(f"{ou} {cle} : texte non vide attendu")
    for cle in ("unit", "short_label"):
        if not _texte(meta[cle]):
            raise ErreurParametre(f"{ou} metadata.{cle} : texte non vide attendu")
    return Parametre(
        nom=nom,
        description=str(donnees["description"]),
        unite=str(meta["unit"]),
        libelle_court=str(meta["short_label"]),
        valeurs=tuple(valeurs),
        references=references,
        valide_jusqu_au=valide,
        projection=projection,
        revalorisation=(mois, jour_mois),
        confiance=confiance,
        notes=str(donnees.get("notes") or "").strip(),
    )


def charger_dossier(dossier: Path) -> Parametres:
    """Load every `*.yaml` below `dossier`; the dotted name follows the folders."""
    parametres: dict[str, Parametre] = {}
    for chemin in sorted(dossier.rglob("*.yaml")):
        relatif = chemin.relative_to(dossier).with_suffix("")
        nom = ".".join(relatif.parts)
        parametres[nom] = lire_parametre(nom, chemin.read_text(encoding="utf-8"), str(relatif) + ".yaml")
    return Parametres(parametres)


@lru_cache(maxsize=1)
def _charger_une_fois() -> Parametres:
    return charger_dossier(DOSSIER_PARAMETRES)


_VERROU_PARAMETRES = threading.Lock()


def charger_parametres() -> Parametres:
    """The project's parameter tree, read once per process: one object, the same for every user.

    The lock makes it one object even when a cold server's sessions ask at once from their threads
    (`lru_cache` alone lets each of them read the files and keep its own copy, and the engine's caches and
    resume points are keyed by the object)."""
    with _VERROU_PARAMETRES:
        return _charger_une_fois()


charger_parametres.cache_clear = _charger_une_fois.cache_clear  # type: ignore[attr-defined]


def valeur_au_1er_janvier(nom: str, annee: int) -> float | None:
    """The value of a parameter in force on 1 January of `annee` (what a form shows for a reference year)."""
    return charger_parametres()[nom].valeur_connue(dt.date(annee, 1, 1))
