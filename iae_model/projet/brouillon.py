"""Reading the draft: the project as plain data, exactly as typed, possibly invalid.

The app keeps what the user typed even when it does not validate (`ui.etat`), and the CLI may read
a hand-edited file: every reader here takes whatever it is given (a missing `scenarios`, a scenario
that is not a dict, chocs that are not a list) and never raises, so that a page can always draw it.
The edits themselves are in `iae_model.projet.edition`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from typing import Any

from iae_model.projet.fichier import ErreurLigne, ErreurProjet, projet_depuis_donnees
from iae_model.texte import translitterer

MOTIF_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
"""A scenario id, as the file's model checks it (`iae_model.projet.types.Identifiant`)."""
GENRES_ITEMS = ("chocs", "leviers")


def dictionnaire(x: Any) -> dict[str, Any]:
    """`x` when it is a dict, else an empty one (a mistyped part of the draft reads as empty)."""
    return x if isinstance(x, dict) else {}


def liste(x: Any) -> list[Any]:
    """`x` when it is a list, else an empty one."""
    return x if isinstance(x, list) else []


def scenarios_du_brouillon(donnees: Any) -> list[dict[str, Any]]:
    """The draft's scenarios that are dicts, in file order (the others cannot be shown nor edited)."""
    return [s for s in liste(dictionnaire(donnees).get("scenarios")) if isinstance(s, dict)]


def scenario_du_brouillon(donnees: Any, identifiant: Any) -> dict[str, Any] | None:
    """The first scenario of the draft with that id, or None."""
    return next((s for s in scenarios_du_brouillon(donnees) if s.get("id") == identifiant), None)


def identifiants(donnees: Any) -> list[Any]:
    """The ids of the draft's scenarios, in file order (an invalid id is kept as it is)."""
    return [s.get("id") for s in scenarios_du_brouillon(donnees)]


def libelles_distincts(paires: Iterable[tuple[Any, Any]]) -> dict[Any, str]:
    """Scenario id -> the words a user reads for it: its libellé, « (2) », « (3) »… after a libellé already
    used, the id itself only when the libellé is empty (a draft being typed)."""
    vus: dict[str, int] = {}
    libelles: dict[Any, str] = {}
    for identifiant, libelle in paires:
        texte = str(libelle).strip() if isinstance(libelle, str) and libelle.strip() else str(identifiant)
        vus[texte] = vus.get(texte, 0) + 1
        libelles[identifiant] = texte if vus[texte] == 1 else f"{texte} ({vus[texte]})"
    return libelles


def libelles_du_brouillon(donnees: Any) -> dict[Any, str]:
    """`libelles_distincts` of the draft's scenarios, in file order."""
    return libelles_distincts((s.get("id"), s.get("libelle")) for s in scenarios_du_brouillon(donnees))


def identifiant_depuis_libelle(libelle: str, pris: set[str] | Sequence[str]) -> str:
    """'Coupe 2026 : −10 % !' -> 'coupe_2026_10', unique among `pris`, matching `MOTIF_ID`."""
    pris = {p for p in pris if isinstance(p, str)}
    texte = translitterer(libelle)
    texte = re.sub(r"[^a-z0-9]+", "_", texte).strip("_")[:50].strip("_") or "scenario"
    candidat = texte
    i = 2
    while candidat in pris:
        candidat = f"{texte}_{i}"
        i += 1
    return candidat


def _hachable(x: Any) -> bool:
    """A hand-edited file may hold a list where an id is expected: it names no scenario."""
    try:
        hash(x)
    except TypeError:
        return False
    return True


def chaine(scenarios: Sequence[dict[str, Any]], identifiant: str) -> list[dict[str, Any]]:
    """The scenario and its bases, the deepest base first (stops at a missing base or a loop)."""
    par_id = {s.get("id"): s for s in scenarios if _hachable(s.get("id"))}
    resultat: list[dict[str, Any]] = []
    vus: set[Any] = set()
    courant: Any = identifiant
    while courant is not None and _hachable(courant) and courant in par_id and courant not in vus:
        vus.add(courant)
        s = par_id[courant]
        resultat.append(s)
        courant = s.get("base")
    return resultat[::-1]


def formerait_une_boucle(scenarios: Sequence[dict[str, Any]], identifiant: str, base: str | None) -> bool:
    """Would `identifiant` stacked on `base` make a loop (`base` is the scenario or stacks on it)?"""
    if base is None:
        return False
    if base == identifiant:
        return True
    return any(s.get("id") == identifiant for s in chaine(scenarios, base))


def dependants(scenarios: Sequence[dict[str, Any]], identifiant: str) -> list[str]:
    """Ids of the scenarios stacked directly on `identifiant`."""
    return [s.get("id") for s in scenarios if s.get("base") == identifiant and s.get("id") != identifiant]


def items_herites(donnees: Any, identifiant: str) -> list[tuple[dict[str, Any], str, Any]]:
    """(base, genre, item) for every choc and levier the scenario takes from its bases, deepest base first."""
    bases = chaine(scenarios_du_brouillon(donnees), identifiant)[:-1]
    return [(b, genre, item) for b in bases for genre in GENRES_ITEMS for item in liste(b.get(genre))]


def erreurs_du_brouillon(donnees: Any) -> list[ErreurLigne]:
    """The draft's validation errors (empty: it is a valid project)."""
    try:
        projet_depuis_donnees(copy.deepcopy(donnees))
    except ErreurProjet as exc:
        return exc.erreurs
    return []


def erreurs_ajoutees(avant: Any, apres: Any) -> list[ErreurLigne]:
    """The errors of `apres` that `avant` did not have: what an edit would bring into the project.

    An edit is refused on these alone (a 31st choc, a 51st scenario, an item the validator refuses),
    so that the errors a draft already had never block an unrelated change.
    """
    deja = {(e.chemin, e.message) for e in erreurs_du_brouillon(avant)}
    return [e for e in erreurs_du_brouillon(apres) if (e.chemin, e.message) not in deja]


def erreurs_sous(erreurs: Sequence[ErreurLigne], prefixe: str) -> list[ErreurLigne]:
    """The errors at `prefixe` (`scenarios[2]`, `scenarios[2].chocs[0]`) or inside it."""
    return [e for e in erreurs if e.chemin == prefixe or e.chemin.startswith((prefixe + ".", prefixe + "["))]
