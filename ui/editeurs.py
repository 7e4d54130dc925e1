"""Editors of the project's inputs (page « Ma structure »): tables, scalar fields, errors by field.

Every change goes through `etat.modifier`, so the draft keeps what was typed even when it is invalid.
Changes are written from **explicit user actions only**: the `on_change` of a widget the user
touched. Widgets are created with the draft's value as their own default (`value=`, `default=`,
`index=`) under a key that carries the page's *generation*: a browser that lost or never received
a widget's state falls back to the draft's value, so it can never send an empty value that would
overwrite saved data. A new generation (new keys, widgets rebuilt from the draft) starts when the
project was changed elsewhere (another page, another tab, a newly opened project, « Revenir à la
dernière version valide »).

Numbers are typed as French text (`1,5`, `38 000 €`, `4,5 %`) and parsed by `lire_nombre`: what
cannot be read is kept in the draft as typed and shown with a French message next to the field;
nothing is clamped, rounded or replaced in silence. Rates are fractions in the file (0.95) and
percentages in the tables and fields (95).

Tables (`st.data_editor`, every column text or choice, formatted in French by us, whatever the
browser's locale) follow one rule that avoids losing edits: the frame given to the editor is the
**base** of the current generation and never changes while the generation lasts (a new frame would
reset the editor's state), and the edits Streamlit keeps as deltas over that base are converted
back to a list of items, in the editor's `on_change` (so an edit is saved even when the user then
clicks another page) and again after each run. Rows the user did not touch keep their original
item, so that nothing the table cannot show is lost and an unchanged table never rewrites the file.
"""

from __future__ import annotations

import copy
import math
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
import streamlit as st

from iae_model.formats import NombreIllisible, lire_nombre, nombre_saisi
from iae_model.projet import ErreurLigne
from iae_model.projet.types import TYPES_CONVENTIONNEMENT
from iae_model.vocabulaire import FINANCEURS, FONCTIONS, STATUTS_FINANCEMENT, TYPES_STRUCTURE
from ui import etat
from ui.formats import message_en_pourcentage
from ui.formats import texte_brut as echapper
from ui.formulaires import MODELES, NOMS_TYPES, libelle_champ

PREFIXE = "structure_"
CLE_VERSION_VUE = "structure_version_vue"
"""The draft's version after this page's last change: another version means a change made elsewhere."""
CLE_GENERATION = "structure_generation"
CLE_BASES = "structure_bases"
COLONNE_ORIGINE = "_ligne"

# -- French labels of the closed lists (`iae_model.vocabulaire`, shared with the exports) --

LIBELLES_FINANCEURS = FINANCEURS
LIBELLES_STATUTS = STATUTS_FINANCEMENT
LIBELLES_FONCTIONS = FONCTIONS
LIBELLES_TYPES = TYPES_STRUCTURE

# -- columns: how a field of a list is shown, edited and written back --

Genre = Literal["texte", "choix", "nombre", "euros", "pourcentage", "annee", "case", "salaire"]


@dataclass(frozen=True)
class Colonne:
    champ: str
    """Name of the field in the project file, and of the column in the frame."""
    libelle: str
    aide: str
    genre: Genre
    options: Mapping[str, str] = field(default_factory=dict)
    """Closed list: value in the file -> French label."""
    mini: float | None = None
    maxi: float | None = None
    pas: float | None = None
    defaut: Any = None
    """Shown (in the file's unit) when the item has no value, e.g. the model's default."""
    defaut_selon: Callable[[Mapping[str, Any]], Any] | None = None
    """Like `defaut`, but depending on the item (e.g. only for an EITI)."""
    nouvelle_ligne: Any = None
    """Pre-filled value of a row added in the browser (in the column's unit)."""
    largeur: int | None = None
    nom_long: str | None = None
    """The field's name in error messages, when the column's label is abridged."""
    """Width in pixels (the labels stay readable on a 1366 px screen)."""

    def valeur_par_defaut(self, item: Mapping[str, Any]) -> Any:
        return self.defaut_selon(item) if self.defaut_selon is not None else self.defaut


def _pour_eiti(valeur: float) -> Callable[[Mapping[str, Any]], Any]:
    return lambda item: valeur if item.get("type") == "EITI" else None


def _pour_aci(valeur: float) -> Callable[[Mapping[str, Any]], Any]:
    return lambda item: valeur if item.get("type") == "ACI" else None


AIDE_TYPES = (
    "ACI : atelier et chantier d'insertion ; EI : entreprise d'insertion ; AI : association intermédiaire ; "
    "ETTI : entreprise de travail temporaire d'insertion ; EITI : entreprise d'insertion par le travail "
    "indépendant. Un seul conventionnement de chaque type."
)

COLONNES_CONVENTIONNEMENTS: tuple[Colonne, ...] = (
    Colonne("type", "Type", AIDE_TYPES, "choix", {t: t for t in TYPES_CONVENTIONNEMENT}, largeur=75),
    Colonne(
        "etp_conventionnes",
        "ETP conventionnés",
        "ETP de l'annexe financière signée avec l'État. Laisser vide pour une EITI (elle compte des "
        "travailleurs accompagnés).",
        "nombre",
        mini=0,
        maxi=100_000,
        pas=0.1,
        largeur=160,
    ),
    Colonne(
        "travailleurs_accompagnes",
        "Travailleurs",
        "EITI uniquement : nombre de travailleurs indépendants accompagnés dans l'année. Laisser vide pour "
        "les autres types.",
        "nombre",
        mini=0,
        maxi=100_000,
        pas=1,
        largeur=126,
        nom_long="Travailleurs accompagnés (EITI)",
    ),
    Colonne(
        "taux_occupation",
        "Occupation (%)",
        "ETP réalisés ÷ ETP conventionnés, en % (95 = 95 %). Jusqu'à 200 % : une AI ou une ETTI réalise souvent "
        "plus que son annexe. Sous 90 %, l'ASP reprend l'aide des postes non occupés.",
        "pourcentage",
        mini=0,
        maxi=200,
        pas=0.1,
        defaut=1.0,
        nouvelle_ligne=100.0,
        largeur=140,
        nom_long="Taux d'occupation",
    ),
    Colonne(
        "part_modulee",
        "Modulée (%)",
        "Part modulée de l'aide au poste, en % du montant socle : de 0 à 10 % (le maximum légal).",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=0.1,
        defaut=0.0,
        nouvelle_ligne=0.0,
        largeur=120,
        nom_long="Part modulée",
    ),
    Colonne(
        "beneficiaires_rsa",
        "RSA (%)",
        "ACI uniquement : part des ETP occupés par des allocataires du RSA, en %. Le département paie une "
        "partie de leur aide au poste (une répartition de l'aide, pas de l'argent en plus).",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=1,
        defaut_selon=_pour_aci(0.0),
        largeur=95,
        nom_long="Part de bénéficiaires du RSA",
    ),
    Colonne(
        "derogation_plafond",
        "Dérogation",
        "ACI uniquement : dérogation préfectorale qui porte le plafond des recettes commerciales de 30 % à "
        "50 % des charges.",
        "case",
        largeur=110,
        nom_long="Dérogation au plafond (ACI)",
    ),
    Colonne(
        "part_mois_1_9",
        "Mois 1 à 9 (%)",
        "EITI uniquement : part des mois d'accompagnement situés dans les 9 premiers mois du parcours (aide "
        "forfaitaire mensuelle ; les mois 10 à 24 ne sont pas comptés). 75 % si vide.",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=1,
        defaut_selon=_pour_eiti(0.75),
        largeur=140,
        nom_long="Part des mois 1 à 9 (EITI)",
    ),
    Colonne(
        "salaire_horaire_insertion",
        "Salaire (€/h)",
        "Facultatif : « SMIC » ou un salaire horaire brut en euros (par exemple 12,50) propre à ce "
        "conventionnement. Vide : le salaire de l'onglet Charges.",
        "salaire",
        largeur=130,
        nom_long="Salaire horaire propre",
    ),
    Colonne(
        "taux_cotisations_employeur",
        "Cotisations (%)",
        "Facultatif : cotisations employeur restant dues sur les salaires d'insertion de ce conventionnement, "
        "en % du brut. Vide : le taux de l'onglet Charges, sinon le paramètre officiel (7 %, approximation).",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=0.1,
        largeur=145,
        nom_long="Cotisations employeur propres",
    ),
)

COLONNES_ACTIVITES: tuple[Colonne, ...] = (
    Colonne("nom", "Activité", "Nom de l'activité, unique dans la structure.", "texte", largeur=180),
    Colonne(
        "conventionnement",
        "Conventionnement",
        "Le conventionnement qui porte l'activité (il doit figurer dans l'onglet Conventionnements).",
        "choix",
        {t: t for t in TYPES_CONVENTIONNEMENT},
        largeur=154,
    ),
    Colonne(
        "chiffre_affaires",
        "CA (€)",
        "Chiffre d'affaires annuel hors taxes de l'activité pour l'année de référence.",
        "euros",
        mini=0,
        maxi=1_000_000_000,
        pas=100,
        largeur=100,
        nom_long="Chiffre d'affaires",
    ),
    Colonne(
        "part_marches_publics",
        "Public (%)",
        "Part de ce chiffre d'affaires réalisée avec des acheteurs publics, en % (marchés publics, clauses "
        "sociales, marchés réservés).",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=1,
        defaut=0.0,
        nouvelle_ligne=0.0,
        largeur=112,
        nom_long="Part des marchés publics",
    ),
    Colonne(
        "taux_charges_variables",
        "Variables (%)",
        "Taux de charges variables, en % du chiffre d'affaires : achats, sous-traitance, carburant… (les charges "
        "qui suivent le CA).",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=1,
        defaut=0.0,
        nouvelle_ligne=0.0,
        largeur=133,
        nom_long="Taux de charges variables",
    ),
    Colonne(
        "part_liee_etp",
        "Liée ETP (%)",
        "Part du chiffre d'affaires qui suit les ETP d'insertion réalisés : 100 si la production est faite par "
        "les salariés en parcours (moins d'ETP, moins de CA), 0 si le CA ne dépend pas des effectifs.",
        "pourcentage",
        mini=0,
        maxi=100,
        pas=1,
        defaut=1.0,
        nouvelle_ligne=100.0,
        largeur=126,
        nom_long="Part liée aux ETP",
    ),
    Colonne(
        "secteur",
        "Secteur",
        "Secteur d'activité en un mot (par exemple espaces_verts, reemploi, proprete) : sert aux regroupements.",
        "texte",
        defaut="autre",
        nouvelle_ligne="autre",
        largeur=125,
    ),
)

COLONNES_FINANCEMENTS: tuple[Colonne, ...] = (
    Colonne(
        "nom",
        "Financement",
        "Nom du financement (les aides au poste sont calculées, ne les saisissez pas ici).",
        "texte",
        largeur=210,
    ),
    Colonne(
        "financeur",
        "Financeur",
        "Qui verse ce financement. EPCI : intercommunalité ; FDI : fonds de développement de l'inclusion ; "
        "OPCO : opérateur de compétences.",
        "choix",
        LIBELLES_FINANCEURS,
        largeur=130,
    ),
    Colonne(
        "montant",
        "Montant (€)",
        "Montant versé chaque année, de l'année de début à l'année de fin.",
        "euros",
        mini=0,
        maxi=1_000_000_000,
        pas=100,
        largeur=122,
        nom_long="Montant annuel",
    ),
    Colonne("debut", "Début", "Première année du financement.", "annee", mini=2000, maxi=2100, pas=1, largeur=75),
    Colonne(
        "fin",
        "Fin",
        "Dernière année du financement (incluse). Vide : sans fin prévue.",
        "annee",
        mini=2000,
        maxi=2100,
        pas=1,
        largeur=70,
    ),
    Colonne(
        "statut",
        "Statut",
        "Acquis (convention signée), probable, ou à rechercher. Les statuts comptés dans les résultats se "
        "choisissent dans l'onglet Hypothèses.",
        "choix",
        LIBELLES_STATUTS,
        defaut="acquis",
        nouvelle_ligne="acquis",
        largeur=105,
    ),
    Colonne(
        "conventionnement",
        "Conventionnement",
        "Facultatif : le conventionnement financé. Vide : financement commun, réparti entre les "
        "conventionnements au prorata des ETP réalisés.",
        "choix",
        {t: t for t in TYPES_CONVENTIONNEMENT},
        largeur=154,
    ),
)

COLONNES_PERMANENTS: tuple[Colonne, ...] = (
    Colonne("fonction", "Fonction", "Fonction des salariés permanents.", "choix", LIBELLES_FONCTIONS, largeur=230),
    Colonne(
        "etp",
        "ETP",
        "Équivalents temps plein de permanents pour cette fonction.",
        "nombre",
        mini=0,
        maxi=100_000,
        pas=0.1,
        largeur=90,
    ),
    Colonne(
        "cout_annuel_charge",
        "Coût annuel chargé d'un ETP (€)",
        "Coût chargé d'un ETP (salaire brut et cotisations employeur, sur un an), pas le coût de toute la ligne.",
        "euros",
        mini=0,
        maxi=1_000_000_000,
        pas=100,
        largeur=262,
    ),
    Colonne(
        "conventionnement",
        "Conventionnement",
        "Facultatif : le conventionnement auquel ces postes sont rattachés. Vide : postes communs, répartis "
        "au prorata des ETP réalisés.",
        "choix",
        {t: t for t in TYPES_CONVENTIONNEMENT},
        largeur=154,
    ),
)

TABLES: dict[str, tuple[Colonne, ...]] = {
    "conventionnements": COLONNES_CONVENTIONNEMENTS,
    "activites": COLONNES_ACTIVITES,
    "financements": COLONNES_FINANCEMENTS,
    "permanents": COLONNES_PERMANENTS,
}

# -- conversions between the file's values and the cells (pure functions) --


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


GENRES_NOMBRE = frozenset({"nombre", "euros", "pourcentage", "annee"})


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
        elif not item or item == ligne_en_item(colonnes, {c.champ: _cellule_nouvelle(c) for c in colonnes}):
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


def _cellule_nouvelle(colonne: Colonne) -> Any:
    """What a row added in the browser holds at first in this column (the column's unit, as shown)."""
    v = colonne.nouvelle_ligne
    if v is None or colonne.genre not in GENRES_NOMBRE:
        return v
    return nombre_saisi(float(v))


def config_colonnes(colonnes: Sequence[Colonne]) -> dict[str, Any]:
    config: dict[str, Any] = {COLONNE_ORIGINE: None}
    for c in colonnes:
        commun = {"label": c.libelle, "help": c.aide, "width": c.largeur}
        if c.genre in ("texte", "salaire") or c.genre in GENRES_NOMBRE:
            config[c.champ] = st.column_config.TextColumn(
                **commun, max_chars=200 if c.genre == "texte" else 30, default=_cellule_nouvelle(c)
            )
        elif c.genre == "choix":
            libelles = dict(c.options)
            config[c.champ] = st.column_config.SelectboxColumn(
                **commun,
                options=list(libelles),
                format_func=lambda v, libelles=libelles: libelles.get(v, v),
                default=c.nouvelle_ligne,
            )
        elif c.genre == "case":
            config[c.champ] = st.column_config.CheckboxColumn(**commun, default=False)
    return config


# -- generations --


def debut_de_page() -> bool:
    """Start a new generation if the draft was changed elsewhere; True when the widgets are rebuilt."""
    v = etat.version()
    if st.session_state.get(CLE_VERSION_VUE) == v and CLE_GENERATION in st.session_state:
        return False
    st.session_state[CLE_VERSION_VUE] = v
    st.session_state[CLE_GENERATION] = v
    return True


def cle_widget(nom: str) -> str:
    """A widget's key in the current generation (a new generation makes new widgets)."""
    return f"{PREFIXE}{nom}_g{st.session_state.get(CLE_GENERATION, 0)}"


def modifier(changement: Callable[[dict[str, Any]], None]) -> list[ErreurLigne]:
    """`etat.modifier`, remembered as this page's own change (the widgets keep their state)."""
    erreurs = etat.modifier(changement)
    st.session_state[CLE_VERSION_VUE] = etat.version()
    return erreurs


def _liste_du_brouillon(chemin: Sequence[str]) -> list[Any]:
    valeur = lire(etat.brouillon() or {}, chemin)
    return valeur if isinstance(valeur, list) else []


def _enregistrer_tableau(chemin: Sequence[str], nouveaux: list[dict[str, Any]]) -> bool:
    """Save a table's items if they differ from the draft's; True if saved."""
    if etat.nettoyer(nouveaux) == etat.nettoyer(_liste_du_brouillon(chemin)):
        return False
    modifier(lambda d: poser(d, chemin, nouveaux))
    return True


def editer_tableau(nom: str, chemin: Sequence[str], colonnes: Sequence[Colonne]) -> bool:
    """Draw the table editor of the list at `chemin`; True when this run saved a change (the page reruns)."""
    config = config_colonnes(colonnes)
    empreinte = zlib.crc32(repr(sorted(config.items())).encode("utf-8"))
    cle = f"{PREFIXE}{nom}_{st.session_state.get(CLE_GENERATION, 0)}_{empreinte:08x}"
    bases: dict[str, Base] = st.session_state.setdefault(CLE_BASES, {})
    base = bases.get(nom)
    if base is None or base.cle != cle or cle not in st.session_state:
        base = construire_base(cle, _liste_du_brouillon(chemin), colonnes)
        bases[nom] = base

    def appliquer() -> None:
        """The user's edit, saved before anything else runs (even when they clicked another page)."""
        editions = st.session_state.get(cle)
        if isinstance(editions, Mapping):
            _enregistrer_tableau(chemin, items_du_tableau(tableau_edite(base, editions), colonnes, base))

    sortie = st.data_editor(
        base.tableau.copy(),
        key=cle,
        num_rows="dynamic",
        column_config=config,
        hide_index=True,
        width="stretch",
        placeholder="—",
        on_change=appliquer,
    )
    return _enregistrer_tableau(chemin, items_du_tableau(sortie, colonnes, base))


# -- scalar fields (changed by callbacks, before the page runs) --


def lire(donnees: Mapping[str, Any], chemin: Sequence[str]) -> Any:
    courant: Any = donnees
    for partie in chemin:
        if not isinstance(courant, Mapping):
            return None
        courant = courant.get(partie)
    return courant


def poser(donnees: dict[str, Any], chemin: Sequence[str], valeur: Any) -> None:
    """Set (or, for None, remove) a field, creating the sections on the way."""
    courant = donnees
    for partie in chemin[:-1]:
        suivant = courant.get(partie)
        if not isinstance(suivant, dict):
            suivant = {}
            courant[partie] = suivant
        courant = suivant
    if valeur is None:
        courant.pop(chemin[-1], None)
    else:
        courant[chemin[-1]] = valeur


def modifier_champ(chemin: Sequence[str], valeur: Any) -> None:
    if lire(etat.brouillon() or {}, chemin) != valeur:
        modifier(lambda d: poser(d, chemin, valeur))


def chemin_texte(chemin: Sequence[str]) -> str:
    return ".".join(chemin)


def erreurs_du_champ(erreurs: Sequence[ErreurLigne], chemin: Sequence[str]) -> list[ErreurLigne]:
    texte = chemin_texte(chemin)
    return [e for e in erreurs if e.chemin == texte]


def message_champ(erreur: ErreurLigne, valeur: Any, genre: str | None) -> str:
    """The French message shown next to a field: the reader's own words for unreadable numbers, and
    bounds in the field's unit (a rate typed in % is told its bounds in %)."""
    if genre in GENRES_NOMBRE and isinstance(valeur, str):
        try:
            lire_nombre(valeur)
        except NombreIllisible as exc:
            return f"{exc} : la valeur n'est pas utilisée."
    if genre == "pourcentage":
        return message_en_pourcentage(erreur.message)
    return erreur.message


def afficher_erreurs_champ(erreurs: Sequence[ErreurLigne], valeur: Any, genre: str | None) -> None:
    for e in erreurs:
        st.error(echapper(message_champ(e, valeur, genre)), icon=":material/error:")


def champ_nombre(
    nom: str,
    chemin: Sequence[str],
    libelle: str,
    *,
    aide: str,
    erreurs: Sequence[ErreurLigne],
    genre: Literal["nombre", "euros", "pourcentage", "annee"] = "nombre",
    vide: str | None = None,
) -> None:
    """A number typed as French text, bound to one field of the draft (rates shown in %, written as fractions).

    `vide` says what an empty field means (« 0 € », « le paramètre officiel (7 %) »): the placeholder
    shows it. A required field left empty is removed from the draft and the validator's message says so.
    """
    valeur = lire(etat.brouillon() or {}, chemin)
    cle = cle_widget(nom)

    def appliquer() -> None:
        modifier_champ(chemin, nombre_du_texte(st.session_state.get(cle), genre))

    st.text_input(
        libelle,
        value=texte_du_nombre(valeur, genre) or "",
        key=cle,
        help=aide,
        placeholder=f"Vide : {vide}" if vide else None,
        max_chars=40,
        on_change=appliquer,
    )
    afficher_erreurs_champ(erreurs_du_champ(erreurs, chemin), valeur, genre)


def champ_texte(
    nom: str, chemin: Sequence[str], libelle: str, *, aide: str, erreurs: Sequence[ErreurLigne], max_chars: int = 200
) -> None:
    valeur = lire(etat.brouillon() or {}, chemin)
    cle = cle_widget(nom)

    def appliquer() -> None:
        modifier_champ(chemin, st.session_state.get(cle))

    st.text_input(
        libelle,
        value="" if valeur is None else str(valeur),
        key=cle,
        help=aide,
        max_chars=max_chars,
        on_change=appliquer,
    )
    afficher_erreurs_champ(erreurs_du_champ(erreurs, chemin), valeur, None)


def champ_choix(
    nom: str,
    libelle: str,
    options: Mapping[str, str],
    choisi: str | None,
    *,
    aide: str,
    appliquer: Callable[[str | None], None],
    placeholder: str = "Choisissez",
) -> str | None:
    """A closed list whose initial choice is given (`index=`), changed only by the user's own action."""
    cle = cle_widget(nom)
    st.selectbox(
        libelle,
        list(options),
        index=list(options).index(choisi) if choisi in options else None,
        format_func=options.get,
        key=cle,
        help=aide,
        placeholder=placeholder,
        on_change=lambda: appliquer(st.session_state.get(cle)),
    )
    return st.session_state.get(cle)


def champ_multichoix(
    nom: str, chemin: Sequence[str], libelle: str, options: Mapping[str, str], defaut: Sequence[str], *, aide: str
) -> None:
    """A multiselect bound to a list of the draft, created with the draft's list as its own default."""
    valeur = lire(etat.brouillon() or {}, chemin)
    if valeur is None:
        choisis = list(defaut)
    else:
        choisis = [v for v in valeur if v in options] if isinstance(valeur, list) else []
    cle = cle_widget(nom)

    def appliquer() -> None:
        modifier_champ(chemin, list(st.session_state.get(cle) or []))

    st.multiselect(
        libelle,
        list(options),
        default=choisis,
        format_func=options.get,
        key=cle,
        help=aide,
        on_change=appliquer,
        placeholder="Aucun : aucun financement n'est compté",
    )


# -- errors, by section of the page --

SECTIONS = {
    "structure": "Structure",
    "conventionnements": "Conventionnements",
    "activites": "Activités",
    "financements": "Financements",
    "charges": "Charges",
    "hypotheses": "Hypothèses",
}
"""Sections of the page, keyed by the first part of an error's path; anything else is « général »."""
AUTRES_SECTIONS = {"scenarios": "Scénarios", "schema": "Version du fichier (schema)", "guide": "Guide"}

LIBELLES_CHAMPS: dict[str, dict[str, str]] = {
    "structure": {
        "nom": "Nom de la structure",
        "territoire": "Territoire",
        "annee_reference": "Année de référence",
        "tresorerie_initiale": "Trésorerie au 1er janvier",
    },
    **{nom: {c.champ: c.nom_long or c.libelle for c in colonnes} for nom, colonnes in TABLES.items()},
    "charges": {
        "salaire_horaire_insertion": "Salaire horaire des salariés en insertion",
        "taux_cotisations_employeur": "Taux de cotisations employeur",
        "fonctionnement_fixe": "Charges fixes de fonctionnement",
        "formation": "Formation",
        "formation.montant": "Formation, montant",
        "formation.prise_en_charge": "Formation, prise en charge",
        "amortissements": "Amortissements",
        "permanents": "Permanents",
    },
    "hypotheses": {
        "horizon": "Horizon",
        "evolution_smic": "Évolution du SMIC",
        "indexation_socle": "Indexation du socle de l'aide au poste",
        "inflation_charges": "Inflation des charges",
        "evolution_chiffre_affaires": "Évolution du chiffre d'affaires",
        "evolution_salaires_permanents": "Évolution des salaires des permanents",
        "statuts_financements": "Statuts de financements retenus",
    },
}

_CHEMIN = re.compile(r"^(?P<section>[a-z_]+)(?:\[(?P<indice>\d+)\])?(?:\.(?P<reste>.*))?$")


def section_de(erreur: ErreurLigne) -> str:
    m = _CHEMIN.match(erreur.chemin or "")
    return m.group("section") if m and m.group("section") in SECTIONS else "general"


def erreurs_par_section(erreurs: Sequence[ErreurLigne]) -> dict[str, list[ErreurLigne]]:
    par_section: dict[str, list[ErreurLigne]] = {}
    for e in erreurs:
        par_section.setdefault(section_de(e), []).append(e)
    return par_section


def _nom_de_ligne(item: Any) -> str:
    if not isinstance(item, Mapping):
        return ""
    for cle in ("nom", "type", "fonction"):
        valeur = item.get(cle)
        if isinstance(valeur, str) and valeur.strip():
            valeur = LIBELLES_FONCTIONS.get(valeur, valeur) if cle == "fonction" else valeur
            return f" « {valeur} »"
    return ""


GENRES_SCALAIRES: dict[str, str] = {
    "structure.annee_reference": "annee",
    "structure.tresorerie_initiale": "euros",
    "charges.salaire_horaire_insertion": "euros",
    "charges.taux_cotisations_employeur": "pourcentage",
    "charges.fonctionnement_fixe": "euros",
    "charges.formation.montant": "euros",
    "charges.formation.prise_en_charge": "pourcentage",
    "charges.amortissements": "euros",
    "hypotheses.horizon": "annee",
    "hypotheses.evolution_smic": "pourcentage",
    "hypotheses.indexation_socle": "pourcentage",
    "hypotheses.inflation_charges": "pourcentage",
    "hypotheses.evolution_chiffre_affaires": "pourcentage",
    "hypotheses.evolution_salaires_permanents": "pourcentage",
}
"""The unit each scalar field is typed in (its errors are told in that unit)."""


def _valeur_au_chemin(donnees: Any, chemin: str) -> Any:
    for nom, indice in re.findall(r"([^.\[\]]+)|\[(\d+)\]", chemin):
        if indice:
            i = int(indice)
            donnees = donnees[i] if isinstance(donnees, list) and 0 <= i < len(donnees) else None
        else:
            donnees = donnees.get(nom) if isinstance(donnees, Mapping) else None
    return donnees


def _genre_du_chemin(chemin: str) -> str | None:
    m = re.match(r"^(?:charges\.)?(?P<liste>[a-z_]+)\[\d+\]\.(?P<champ>[a-z_0-9]+)$", chemin)
    if m and m.group("liste") in TABLES:
        return next((c.genre for c in TABLES[m.group("liste")] if c.champ == m.group("champ")), None)
    return GENRES_SCALAIRES.get(chemin)


def message_erreur(erreur: ErreurLigne, brouillon: Any) -> str:
    """The validator's message in the words of the field (unreadable number, bounds in % for a rate)."""
    return message_champ(erreur, _valeur_au_chemin(brouillon, erreur.chemin), _genre_du_chemin(erreur.chemin))


def _ligne_de_liste(nom_liste: str, indice: int, reste: str | None, liste: Any) -> str:
    item = liste[indice] if isinstance(liste, list) and 0 <= indice < len(liste) else None
    texte = f"ligne {indice + 1}{_nom_de_ligne(item)}"
    if reste:
        texte += f", {LIBELLES_CHAMPS[nom_liste].get(reste, reste)}"
    return texte


def texte_erreur(erreur: ErreurLigne, brouillon: Mapping[str, Any] | None) -> str:
    """`financements[1].fin` -> « Ligne 2 « FSE+ », Fin : l'année de fin … » (French labels, 1-based rows)."""
    donnees = brouillon or {}
    m = _CHEMIN.match(erreur.chemin or "")
    if m and m.group("section") == "scenarios" and m.group("indice") is not None:
        return _texte_erreur_scenario(erreur, int(m.group("indice")), m.group("reste"), donnees)
    if m and m.group("section") in AUTRES_SECTIONS and not m.group("indice") and not m.group("reste"):
        return f"{AUTRES_SECTIONS[m.group('section')]} : {erreur.message}"
    if not m or m.group("section") not in SECTIONS:
        return str(erreur)
    section, indice, reste = m.group("section"), m.group("indice"), m.group("reste")
    if indice is not None:
        lieu = _ligne_de_liste(section, int(indice), reste, donnees.get(section))
    elif section == "charges" and reste and reste.startswith("permanents["):
        sous = _CHEMIN.match(reste)
        assert sous is not None
        lieu = "Permanents, " + _ligne_de_liste(
            "permanents", int(sous.group("indice")), sous.group("reste"), lire(donnees, ("charges", "permanents"))
        )
    elif reste:
        lieu = LIBELLES_CHAMPS[section].get(reste, reste)
    else:
        lieu = SECTIONS[section]
    lieu = lieu[0].upper() + lieu[1:]
    return f"{lieu} : {message_erreur(erreur, donnees)}"


_GENRES_SCENARIO = {"chocs": "choc", "leviers": "levier"}
LIBELLES_SCENARIO = {"id": "identifiant", "libelle": "libellé", "base": "base", "description": "description"}


def _libelle_champ_item(type_: Any, nom: str) -> str:
    try:
        return libelle_champ(type_, nom)[0] if type_ in MODELES else nom
    except KeyError:
        return nom


def _texte_erreur_scenario(erreur: ErreurLigne, indice: int, reste: str | None, donnees: Mapping[str, Any]) -> str:
    """`scenarios[1].chocs[4].activite` -> « Scénario « LFI 2026 », choc 5 (perte_activite), activite : … »."""
    scenarios = donnees.get("scenarios")
    scenario = scenarios[indice] if isinstance(scenarios, list) and 0 <= indice < len(scenarios) else {}
    scenario = scenario if isinstance(scenario, Mapping) else {}
    nom = scenario.get("libelle") or scenario.get("id")
    lieu = f"Scénario « {nom} »" if isinstance(nom, str) else f"Scénario {indice + 1}"
    sous = _CHEMIN.match(reste or "")
    if sous and sous.group("section") in _GENRES_SCENARIO and sous.group("indice") is not None:
        j = int(sous.group("indice"))
        liste = scenario.get(sous.group("section"))
        item = liste[j] if isinstance(liste, list) and 0 <= j < len(liste) else {}
        type_ = item.get("type") if isinstance(item, Mapping) else None
        nom_type = NOMS_TYPES.get(type_, type_) if isinstance(type_, str) else None
        lieu += f", {_GENRES_SCENARIO[sous.group('section')]} {j + 1}" + (f" ({nom_type})" if nom_type else "")
        champ = sous.group("reste")
        if champ:
            nom_champ = re.sub(r"\[\d+\]$", "", champ)
            lieu += f", {_libelle_champ_item(type_, nom_champ)}"
    elif reste:
        lieu += f", {LIBELLES_SCENARIO.get(reste, reste)}"
    return f"{lieu} : {erreur.message}"


def afficher_erreurs_section(erreurs: Sequence[ErreurLigne], brouillon: Mapping[str, Any] | None) -> None:
    """The section's errors, in a container that is always there (the widgets below keep their place)."""
    with st.container():
        if not erreurs:
            return
        titre = "Une saisie à corriger" if len(erreurs) == 1 else f"{len(erreurs)} saisies à corriger"
        lignes = "\n".join(f"- {echapper(texte_erreur(e, brouillon))}" for e in erreurs)
        st.error(f"{titre} :\n\n{lignes}", icon=":material/warning:")
