"""Editors of the project's inputs (page « Ma structure »): tables, scalar fields, errors by section.

Every change goes through `etat.modifier`, so the draft keeps what was typed even when it is invalid.

Tables (`st.data_editor`) follow one rule that avoids losing edits: the frame given to the editor is
the **base** of the current generation and never changes while the generation lasts (the editor's
identity depends on its data: a new frame would reset its state), and the edits Streamlit keeps as
deltas over that base are converted back to a list of items after every run. A new generation (a new
key) starts when the project changed elsewhere (another page, a newly opened project, « Revenir à la
dernière version valide »), and the base is rebuilt from the draft whenever the editor has no state
(first display, back from another page). Rows the user did not touch keep their original item, so
that nothing the table cannot show is lost and an unchanged table never rewrites the file.

Rates are fractions in the file (0.95) and percentages in the tables and fields (95).
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

from iae_model.exports.descriptions import FINANCEURS, FONCTIONS, STATUTS_FINANCEMENT
from iae_model.projet import ErreurLigne
from iae_model.projet.types import TYPES_CONVENTIONNEMENT
from ui import etat
from ui.formats import texte_brut as echapper

PREFIXE = "structure_"
CLE_VERSION_VUE = "structure_version_vue"
"""The draft's version after this page's last change: another version means a change made elsewhere."""
CLE_GENERATION = "structure_generation"
CLE_BASES = "structure_bases"
COLONNE_ORIGINE = "_ligne"

# -- French labels of the closed lists (one definition, shared with the exports) --

LIBELLES_FINANCEURS = FINANCEURS
LIBELLES_STATUTS = STATUTS_FINANCEMENT
LIBELLES_FONCTIONS = FONCTIONS

LIBELLES_TYPES = {
    "ACI": "ACI – atelier et chantier d'insertion",
    "EI": "EI – entreprise d'insertion",
    "AI": "AI – association intermédiaire",
    "ETTI": "ETTI – entreprise de travail temporaire d'insertion",
    "EITI": "EITI – entreprise d'insertion par le travail indépendant",
}

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
        "Part modulée de l'aide au poste, en % du montant socle : de 0 à 10 % (au-delà, l'aide est calculée à 10 %).",
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


def nombre_francais(valeur: float) -> str:
    """12.5 -> '12,5' (for a text cell)."""
    return f"{valeur:g}".replace(".", ",")


def lire_salaire(texte: Any) -> str | float:
    """« SMIC », « 12,50 », « 12.5 € » -> 'smic' or 12.5; anything else is kept as typed (the model says why)."""
    brut = str(texte).strip()
    if brut.lower() == "smic":
        return "smic"
    nettoye = brut.replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        valeur = float(nettoye)
    except ValueError:
        return brut
    return valeur if math.isfinite(valeur) else brut


def vers_cellule(colonne: Colonne, item: Mapping[str, Any]) -> Any:
    """The value shown in the cell for one item (in the column's unit)."""
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
        return "SMIC" if valeur == "smic" else nombre_francais(valeur) if _nombre(valeur) is not None else str(valeur)
    nombre = _nombre(valeur)
    if nombre is None:
        return None
    if g == "pourcentage":
        return round(nombre * 100, 8)
    if g == "annee":
        return int(nombre) if nombre.is_integer() else None
    return nombre


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
    valeur = float(cellule)
    if g == "pourcentage":
        return round(valeur / 100, 10)
    if g == "annee":
        return int(valeur) if valeur.is_integer() else valeur
    return valeur


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
    "nombre": "float64",
    "euros": "float64",
    "pourcentage": "float64",
    "annee": "Int64",
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
        if c.genre == "annee":
            cellules = [pd.NA if v is None else v for v in cellules]
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
        elif not item or item == ligne_en_item(colonnes, {c.champ: c.nouvelle_ligne for c in colonnes}):
            continue  # a new row holding only the pre-filled values is not an item yet (nothing typed)
        resultat.append(item)
    return resultat


def config_colonnes(colonnes: Sequence[Colonne]) -> dict[str, Any]:
    config: dict[str, Any] = {COLONNE_ORIGINE: None}
    for c in colonnes:
        commun = {"label": c.libelle, "help": c.aide, "width": c.largeur}
        if c.genre == "texte":
            config[c.champ] = st.column_config.TextColumn(**commun, max_chars=200, default=c.nouvelle_ligne)
        elif c.genre == "salaire":
            config[c.champ] = st.column_config.TextColumn(**commun, max_chars=20)
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
        else:
            formats = {"euros": "euro", "annee": "%d", "pourcentage": "localized", "nombre": "localized"}
            config[c.champ] = st.column_config.NumberColumn(
                **commun,
                min_value=c.mini,
                max_value=c.maxi,
                step=c.pas,
                format=formats[c.genre],
                default=c.nouvelle_ligne,
            )
    return config


# -- generations --


def debut_de_page() -> bool:
    """Start a new generation if the draft was changed elsewhere; True when the widgets must be reset."""
    v = etat.version()
    if st.session_state.get(CLE_VERSION_VUE) == v and CLE_GENERATION in st.session_state:
        return False
    st.session_state[CLE_VERSION_VUE] = v
    st.session_state[CLE_GENERATION] = v
    return True


def modifier(changement: Callable[[dict[str, Any]], None]) -> list[ErreurLigne]:
    """`etat.modifier`, remembered as this page's own change (the widgets keep their state)."""
    erreurs = etat.modifier(changement)
    st.session_state[CLE_VERSION_VUE] = etat.version()
    return erreurs


def editer_tableau(nom: str, items: Sequence[Mapping[str, Any]], colonnes: Sequence[Colonne]) -> list | None:
    """Draw the table editor; return the new list of items when the user changed it, else None."""
    config = config_colonnes(colonnes)
    empreinte = zlib.crc32(repr(sorted(config.items())).encode("utf-8"))
    cle = f"{PREFIXE}{nom}_{st.session_state.get(CLE_GENERATION, 0)}_{empreinte:08x}"
    bases: dict[str, Base] = st.session_state.setdefault(CLE_BASES, {})
    base = bases.get(nom)
    if base is None or base.cle != cle or cle not in st.session_state:
        base = construire_base(cle, items, colonnes)
        bases[nom] = base
    sortie = st.data_editor(
        base.tableau.copy(),
        key=cle,
        num_rows="dynamic",
        column_config=config,
        hide_index=True,
        width="stretch",
        placeholder="—",
    )
    nouveaux = items_du_tableau(sortie, colonnes, base)
    return nouveaux if etat.nettoyer(nouveaux) != etat.nettoyer(list(items)) else None


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
    modifier(lambda d: poser(d, chemin, valeur))


def initialiser_widget(cle: str, valeur: Any, reinitialiser: bool) -> None:
    """Give a widget the draft's value when it has none yet, or when the draft changed elsewhere."""
    if reinitialiser or cle not in st.session_state:
        st.session_state[cle] = valeur


def en_pourcentage(valeur: Any) -> float | None:
    nombre = _nombre(valeur)
    return None if nombre is None else round(nombre * 100, 8)


def depuis_pourcentage(valeur: Any) -> float | None:
    nombre = _nombre(valeur)
    return None if nombre is None else round(nombre / 100, 10)


def champ_nombre(
    cle: str,
    chemin: Sequence[str],
    libelle: str,
    *,
    aide: str,
    reinitialiser: bool,
    mini: float,
    maxi: float,
    pas: float,
    defaut: float | None = None,
    pourcentage: bool = False,
    entier: bool = False,
    optionnel: bool = False,
    placeholder: str | None = None,
) -> None:
    """A number field bound to one field of the draft (rates shown in %, written as fractions)."""
    valeur = lire(etat.brouillon() or {}, chemin)
    if _nombre(valeur) is None:
        valeur = defaut
    if pourcentage:
        affiche: float | int | None = en_pourcentage(valeur)
    elif entier and _nombre(valeur) is not None and float(valeur).is_integer():
        affiche = int(valeur)
    else:
        affiche = None if _nombre(valeur) is None else float(valeur)
    if affiche is None and not optionnel:
        affiche = mini
    if entier:
        mini, maxi, pas = int(mini), int(maxi), int(pas)
    else:
        mini, maxi, pas = float(mini), float(maxi), float(pas)
    if affiche is not None:  # never refuse what the draft holds
        mini, maxi = min(mini, affiche), max(maxi, affiche)
    initialiser_widget(cle, affiche, reinitialiser)

    def appliquer() -> None:
        saisi = st.session_state[cle]
        if saisi is None:
            modifier_champ(chemin, None)
        else:
            modifier_champ(chemin, depuis_pourcentage(saisi) if pourcentage else saisi)

    st.number_input(
        libelle,
        key=cle,
        min_value=mini,
        max_value=maxi,
        step=pas,
        format=None if entier else ("%.2f" if pourcentage else "%.0f" if pas >= 1 else "%.2f"),
        help=aide,
        placeholder=placeholder,
        on_change=appliquer,
    )


def champ_texte(
    cle: str, chemin: Sequence[str], libelle: str, *, aide: str, reinitialiser: bool, max_chars: int = 200
) -> None:
    valeur = lire(etat.brouillon() or {}, chemin)
    initialiser_widget(cle, "" if valeur is None else str(valeur), reinitialiser)

    def appliquer() -> None:
        modifier_champ(chemin, st.session_state[cle])

    st.text_input(libelle, key=cle, help=aide, max_chars=max_chars, on_change=appliquer)


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
    return f"{lieu} : {erreur.message}"


_GENRES_SCENARIO = {"chocs": "choc", "leviers": "levier"}


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
        genre = item.get("type") if isinstance(item, Mapping) else None
        lieu += f", {_GENRES_SCENARIO[sous.group('section')]} {j + 1}" + (f" ({genre})" if genre else "")
        if sous.group("reste"):
            lieu += f", {sous.group('reste')}"
    elif reste:
        lieu += f", {reste}"
    return f"{lieu} : {erreur.message}"


def afficher_erreurs_section(erreurs: Sequence[ErreurLigne], brouillon: Mapping[str, Any] | None) -> None:
    """The section's errors, in a container that is always there (the widgets below keep their place)."""
    with st.container():
        if not erreurs:
            return
        titre = "Une saisie à corriger" if len(erreurs) == 1 else f"{len(erreurs)} saisies à corriger"
        lignes = "\n".join(f"- {echapper(texte_erreur(e, brouillon))}" for e in erreurs)
        st.error(f"{titre} :\n\n{lignes}", icon=":material/warning:")
