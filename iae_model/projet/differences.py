"""Differences between two versions of a project's plain data, and their field-by-field merge.

Why: when two tabs or two people edit one project, the later save is refused (optimistic
concurrency) and the user must see both values of every field that differs and choose. The data
may be invalid (a draft keeps what was typed), so nothing here assumes the project's schema.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Chemin = tuple[str | int, ...]


class _Absent:
    """The value of a field that one version does not have (one instance, kept by copies)."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __copy__(self) -> _Absent:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Absent:
        return self


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class Difference:
    chemin: Chemin
    mien: Any
    leur: Any


def chemin_texte(chemin: Chemin) -> str:
    """('financements', 2, 'fin') -> 'financements[2].fin' (the paths of the validation messages)."""
    texte = ""
    for partie in chemin:
        texte += f"[{partie}]" if isinstance(partie, int) else ("." if texte else "") + str(partie)
    return texte


def _comparer(mien: Any, leur: Any, chemin: Chemin, sortie: list[Difference]) -> None:
    if mien == leur:
        return
    if isinstance(mien, dict) and isinstance(leur, dict):
        for cle in dict.fromkeys([*mien, *leur]):
            _comparer(mien.get(cle, ABSENT), leur.get(cle, ABSENT), (*chemin, str(cle)), sortie)
    elif isinstance(mien, list) and isinstance(leur, list):
        for i in range(max(len(mien), len(leur))):
            a = mien[i] if i < len(mien) else ABSENT
            b = leur[i] if i < len(leur) else ABSENT
            _comparer(a, b, (*chemin, i), sortie)
    else:
        sortie.append(Difference(chemin, mien, leur))


def differences(mien: Any, leur: Any) -> list[Difference]:
    """The fields whose values differ, deepest common level first: a list item only one side has is one difference."""
    sortie: list[Difference] = []
    _comparer(mien, leur, (), sortie)
    return sortie


def _valeur_en(donnees: Any, chemin: Chemin) -> Any:
    for partie in chemin:
        dans_liste = isinstance(partie, int) and isinstance(donnees, list) and 0 <= partie < len(donnees)
        dans_dico = isinstance(partie, str) and isinstance(donnees, dict) and partie in donnees
        if not (dans_liste or dans_dico):
            return ABSENT
        donnees = donnees[partie]
    return donnees


def _poser(donnees: Any, chemin: Chemin, valeur: Any) -> Any:
    """`donnees` with `valeur` at `chemin` (ABSENT removes it), creating dicts and lists on the way."""
    if not chemin:
        return valeur
    tete, reste = chemin[0], chemin[1:]
    if isinstance(tete, int):
        liste = list(donnees) if isinstance(donnees, list) else []
        if tete >= len(liste):
            if valeur is ABSENT:
                return liste
            liste.extend({} if reste and isinstance(reste[0], str) else None for _ in range(tete + 1 - len(liste)))
        liste[tete] = _poser(liste[tete], reste, valeur)
        return liste
    dico = dict(donnees) if isinstance(donnees, dict) else {}
    nouveau = _poser(dico.get(tete), reste, valeur)
    if nouveau is ABSENT:
        dico.pop(tete, None)
    else:
        dico[tete] = nouveau
    return dico


def _sans_absents(valeur: Any) -> Any:
    if isinstance(valeur, dict):
        return {k: _sans_absents(v) for k, v in valeur.items() if v is not ABSENT}
    if isinstance(valeur, list):
        return [_sans_absents(v) for v in valeur if v is not ABSENT]
    return valeur


def fusionner(leur: Any, mien: Any, chemins_mien: Sequence[Chemin]) -> Any:
    """`leur` with my value at each of `chemins_mien` (where I have nothing, their field or item is removed)."""
    resultat = copy.deepcopy(leur)
    for chemin in chemins_mien:
        resultat = _poser(resultat, chemin, copy.deepcopy(_valeur_en(mien, chemin)))
    return _sans_absents(resultat)
