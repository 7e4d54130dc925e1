"""The tables of « Ma structure », without Streamlit: columns read from the models, cells <-> items.

A column names a field of a model (`iae_model.projet.modele`); its title, help, default, closed list and
bounds are the model's (`ui.champs`), only how it is typed and drawn is the table's (kind, width, an
abridged header). Every cell is text or a choice, formatted in French by us whatever the browser's
locale; rates are fractions in the file (0.95) and percentages in the cells (95).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel

from iae_model.formats import NombreIllisible, lire_nombre, nombre_saisi
from ui.champs import SYMBOLES, ChampModele, aide, champ

COLONNE_ORIGINE = "_ligne"

Genre = Literal["texte", "choix", "nombre", "euros", "pourcentage", "annee", "case", "salaire"]
GENRES_NOMBRE = frozenset({"nombre", "euros", "pourcentage", "annee"})


@dataclass(frozen=True)
class Colonne:
    """How a field of a list is shown, edited and written back; what it means is the model's."""

    modele: type[BaseModel]
    champ: str
    """Name of the field in the project file, and of the column in the frame."""
    genre: Genre
    largeur: int | None = None
    """Width in pixels (the labels stay readable on a 1366 px screen)."""
    court: str | None = None
    """An abridged header for a narrow column; the model's title names the field everywhere else."""
    libelles: Mapping[str, str] = field(default_factory=dict)
    """French labels of a closed list's values (`iae_model.vocabulaire`); the values themselves otherwise."""
    seulement_pour: str | None = None
    """The only type of conventionnement the field applies to: the other rows show no default."""

    @property
    def du_modele(self) -> ChampModele:
        return champ(self.modele, self.champ)

    @property
    def titre(self) -> str:
        return self.du_modele.libelle

    @property
    def libelle(self) -> str:
        """The header: the (abridged) title and the unit the cells are typed in."""
        symbole = SYMBOLES.get(self.genre)
        nom = self.court or self.titre
        return f"{nom} ({symbole})" if symbole else nom

    def aide(self, annee: int) -> str:
        return aide(self.du_modele, self.genre, annee)

    @property
    def options(self) -> dict[str, str]:
        return {v: self.libelles.get(v, v) for v in self.du_modele.valeurs}

    def valeur_par_defaut(self, item: Mapping[str, Any]) -> Any:
        """The model's default, shown when the item has no value (and the field applies to the item's type)."""
        if self.seulement_pour is not None and item.get("type") != self.seulement_pour:
            return None
        return self.du_modele.defaut


def lire(donnees: Any, chemin: Sequence[str]) -> Any:
    """The value at `chemin` in plain (possibly invalid) data; None where the path stops."""
    courant: Any = donnees
    for partie in chemin:
        if not isinstance(courant, Mapping):
            return None
        courant = courant.get(partie)
    return courant


def _manquant(valeur: Any) -> bool:
    if valeur is None or valeur is pd.NA:
        return True
    if isinstance(valeur, float) and math.isnan(valeur):
        return True
    return isinstance(valeur, str) and valeur.strip() == ""


def _nombre(valeur: Any) -> float | None:
    if isinstance(valeur, bool) or not isinstance(valeur, int | float):
        return None
    return float(valeur)


def lire_salaire(texte: Any) -> str | float:
    """« SMIC », « 12,50 », « 12.5 € » -> 'smic' or 12.5; anything else is kept as typed (the model says why)."""
    brut = str(texte).strip()
    if brut.lower() == "smic":
        return "smic"
    try:
        return lire_nombre(brut)
    except NombreIllisible:
        return brut


def texte_du_nombre(valeur: Any, genre: str) -> str | None:
    """What a field or cell shows for a value of the file: French digits in the field's unit, or the raw text."""
    if _manquant(valeur):
        return None
    nombre = _nombre(valeur)
    if nombre is None:
        return str(valeur)  # an unreadable input kept as typed
    if genre == "pourcentage":
        return nombre_saisi(round(nombre * 100, 8))
    if genre == "annee":
        return str(int(nombre)) if nombre.is_integer() else nombre_saisi(nombre)
    return nombre_saisi(nombre)


def nombre_du_texte(texte: Any, genre: str) -> float | int | str | None:
    """The value written in the file for a typed number: a number in the file's unit, None when empty,
    or the text itself when it is not a number (kept so that nothing typed is lost; the page says why)."""
    if _manquant(texte):
        return None
    if hasattr(texte, "item") and callable(texte.item):
        texte = texte.item()
    if isinstance(texte, int | float) and not isinstance(texte, bool):
        valeur = float(texte)
    else:
        try:
            valeur = lire_nombre(str(texte))
        except NombreIllisible:
            return str(texte).strip()
    if genre == "pourcentage":
        return round(valeur / 100, 10)
    if genre == "annee":
        return int(valeur) if valeur.is_integer() else valeur
    return int(valeur) if valeur.is_integer() and abs(valeur) < 1e15 else valeur


def vers_cellule(colonne: Colonne, item: Mapping[str, Any]) -> Any:
    """The value shown in the cell for one item (in the column's unit, as French text for numbers)."""
    valeur = item.get(colonne.champ)
    if _manquant(valeur):
        valeur = colonne.valeur_par_defaut(item)
    if valeur is None:
        return False if colonne.genre == "case" else None
    g = colonne.genre
    if g in ("texte", "choix"):
        return str(valeur)
    if g == "case":
        return bool(valeur)
    if g == "salaire":
        return "SMIC" if valeur == "smic" else texte_du_nombre(valeur, "nombre")
    return texte_du_nombre(valeur, g)


def depuis_cellule(colonne: Colonne, cellule: Any) -> Any:
    """The value written in the file for one cell; None when the cell is empty (the field is left out)."""
    if colonne.genre == "case":
        return True if not _manquant(cellule) and bool(cellule) else None
    if _manquant(cellule):
        return None
    if hasattr(cellule, "item") and callable(cellule.item):
        cellule = cellule.item()
    g = colonne.genre
    if g in ("texte", "choix"):
        return str(cellule).strip()
    if g == "salaire":
        return lire_salaire(cellule)
    return nombre_du_texte(cellule, g)


def ligne_en_item(colonnes: Sequence[Colonne], cellules: Mapping[str, Any]) -> dict[str, Any]:
    item = {}
    for c in colonnes:
        valeur = depuis_cellule(c, cellules.get(c.champ))
        if valeur is not None:
            item[c.champ] = valeur
    return item


_TYPES_PANDAS = {
    "texte": "string",
    "choix": "string",
    "salaire": "string",
    "nombre": "string",
    "euros": "string",
    "pourcentage": "string",
    "annee": "string",
    "case": "bool",
}


@dataclass
class Base:
    """What a table editor shows during one generation, and the items it was built from."""

    cle: str
    tableau: pd.DataFrame
    originaux: list[dict[str, Any]]
    converties: list[dict[str, Any]]


def construire_base(cle: str, items: Sequence[Mapping[str, Any]], colonnes: Sequence[Colonne]) -> Base:
    items = [dict(i) if isinstance(i, Mapping) else {} for i in items]
    donnees: dict[str, pd.Series] = {COLONNE_ORIGINE: pd.Series(range(len(items)), dtype="Int64")}
    for c in colonnes:
        cellules = [vers_cellule(c, i) for i in items]
        donnees[c.champ] = pd.Series(cellules, dtype=_TYPES_PANDAS[c.genre])
    tableau = pd.DataFrame(donnees)
    converties = [ligne_en_item(colonnes, ligne) for ligne in tableau.to_dict("records")]
    return Base(cle, tableau, copy.deepcopy(items), converties)


def items_du_tableau(tableau: pd.DataFrame, colonnes: Sequence[Colonne], base: Base) -> list[dict[str, Any]]:
    """The list of items after the edits; untouched rows keep their original item exactly."""
    champs = {c.champ for c in colonnes}
    resultat: list[dict[str, Any]] = []
    for ligne in tableau.to_dict("records"):
        origine = ligne.get(COLONNE_ORIGINE)
        origine = None if _manquant(origine) else int(origine)
        item = ligne_en_item(colonnes, ligne)
        if origine is not None and 0 <= origine < len(base.originaux):
            original = base.originaux[origine]
            if item == base.converties[origine]:
                resultat.append(copy.deepcopy(original))
                continue
            # keep what the table cannot show
            item = {**{k: copy.deepcopy(v) for k, v in original.items() if k not in champs}, **item}
        elif not item or item == ligne_en_item(colonnes, {c.champ: cellule_nouvelle(c) for c in colonnes}):
            continue  # a new row holding only the pre-filled values is not an item yet (nothing typed)
        resultat.append(item)
    return resultat


def tableau_edite(base: Base, editions: Mapping[str, Any]) -> pd.DataFrame:
    """The base with the editor's deltas (`edited_rows`, `deleted_rows`, `added_rows`) applied.

    The same rule as Streamlit's own: edited and deleted rows are positions in the base, added rows
    come after; a cell the user emptied is None.
    """
    tableau = base.tableau.copy()
    for position, cellules in (editions.get("edited_rows") or {}).items():
        i = int(position)
        if not 0 <= i < len(tableau):
            continue
        for colonne, valeur in (cellules or {}).items():
            if colonne in tableau.columns and colonne != COLONNE_ORIGINE:
                tableau.iat[i, tableau.columns.get_loc(colonne)] = pd.NA if valeur is None else valeur
    supprimees = {int(i) for i in editions.get("deleted_rows") or [] if 0 <= int(i) < len(tableau)}
    tableau = tableau.drop(index=tableau.index[sorted(supprimees)]) if supprimees else tableau
    ajoutees = [
        {k: v for k, v in (ligne or {}).items() if k in tableau.columns and k != COLONNE_ORIGINE}
        for ligne in editions.get("added_rows") or []
    ]
    if ajoutees:
        nouvelles = pd.DataFrame(ajoutees, columns=tableau.columns).astype(tableau.dtypes.to_dict())
        tableau = pd.concat([tableau, nouvelles], ignore_index=True)
    return tableau.reset_index(drop=True)


def cellule_nouvelle(colonne: Colonne) -> Any:
    """What a row added in the browser holds at first in this column: the model's default, when it applies
    to every row (a default kept for one type of conventionnement is not guessed before the type is chosen)."""
    if colonne.seulement_pour is not None or colonne.genre == "case":
        return None
    return vers_cellule(colonne, {})
