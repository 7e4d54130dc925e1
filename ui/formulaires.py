"""Forms generated from the chocs and leviers models, and their French texts.

Every choc and levier is a pydantic model that defines itself (`iae_model.projet.chocs` and `leviers`):
its fields, types, ranges, French labels and help are read from `model_fields`, its explanation, formula,
sources and title from the class, so a new choc appears in the form without touching this module.

Every number is typed as French text (`1,5`, `38 000 €`); every rate is typed in percent (−10 for a
10 % cut, « 40 ; 80 ; 100 » for a ramp-up) and stored as a fraction (−0.1; [0.4, 0.8, 1.0]). An item is
accepted only when the project it makes is valid where the item is (`erreurs_de_l_item`): a form that
accepts a value never produces an invalid project.

The draft's scenarios are read and edited by `iae_model.projet.brouillon` and `iae_model.projet.edition`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import streamlit as st
from pydantic import ValidationError

from iae_model.formats import NombreIllisible, lire_nombre, nombre_saisi
from iae_model.parametres import charger_parametres
from iae_model.projet import ErreurProjet, projet_depuis_donnees
from iae_model.projet.brouillon import chaine, liste, scenarios_du_brouillon
from iae_model.projet.brouillon import dictionnaire as _dict
from iae_model.projet.scenarios import MODELES, NOMS_TYPES, TYPES_CHOCS, TYPES_LEVIERS  # noqa: F401 (NOMS_TYPES: for ui)
from iae_model.projet.types import TYPES_CONVENTIONNEMENT
from iae_model.vocabulaire import (
    EFFETS_COFINANCEMENT,
    FINANCEURS,
    FONCTIONS,
    MODES_INDEXATION,
    STATUTS_FINANCEMENT,
)
from ui.champs import bornes as _bornes
from ui.champs import deplier as _deplier
from ui.formats import message_en_pourcentage

# --- Models and their French texts (each class defines its own, see iae_model/projet/items.py) ------

GENRES = {"chocs": TYPES_CHOCS, "leviers": TYPES_LEVIERS}


def genre_du_type(type_: str) -> str:
    return "chocs" if type_ in TYPES_CHOCS else "leviers"


@dataclass(frozen=True)
class Explication:
    modelise: str
    formule: str


EXPLICATIONS: dict[str, Explication] = {t: Explication(c.modelise, c.formule) for t, c in MODELES.items()}


@cache
def sources_du_type(type_: str) -> tuple[tuple[str, str], ...]:
    """(title, link) of the official texts behind the rule (the parameters' references)."""
    parametres = charger_parametres()
    vues: list[tuple[str, str]] = []
    for nom in MODELES[type_].sources if type_ in MODELES else ():
        p = parametres.get(nom)
        if p is None:
            continue
        debut, _ = p.derniere_valeur
        for ref in p.references_au(debut):
            if (ref.titre, ref.lien) not in vues:
                vues.append((ref.titre, ref.lien))
    return tuple(vues)


VALEURS: dict[str, dict[str, str]] = {
    "financeur": FINANCEURS,
    "statut": STATUTS_FINANCEMENT,
    "fonction": FONCTIONS,
    "effet_cofinancement_rsa": {code: str(effet) for code, effet in EFFETS_COFINANCEMENT.items()},
}
"""French labels of the closed lists of the chocs and leviers' fields (`iae_model.vocabulaire`)."""


def libelle_champ(type_: str, nom: str) -> tuple[str, str]:
    """(French label, help) of a field of a choc or levier, as its class defines it."""
    info = MODELES[type_].model_fields[nom]
    return info.title or nom, info.description or ""


def _libelle_aucun(type_: str, nom: str) -> str:
    """What an empty optional choice means (« Tous les conventionnements », « Aucun »…)."""
    extra = MODELES[type_].model_fields[nom].json_schema_extra
    return str(extra["aucun"]) if isinstance(extra, dict) and "aucun" in extra else "Aucun"


# --- Fields read from the models -----------------------------------------------------------------


@dataclass(frozen=True)
class Champ:
    """One field of a choc or levier, as the form shows it."""

    nom: str
    genre: str  # annee | taux | nombre | entier | choix | conventionnement | activite | activites
    # | liste_taux | booleen | texte | indexation
    obligatoire: bool
    optionnel: bool  # None is allowed (an empty widget means the field is omitted)
    defaut: Any = None
    minimum: float | None = None
    maximum: float | None = None
    valeurs: tuple[str, ...] = ()


def _est_taux(bas: float | None, haut: float | None) -> bool:
    """A float bounded within [−10, 10] is a rate (shares, variations): typed in percent."""
    return bas is not None and haut is not None and max(abs(bas), abs(haut)) <= 10


@cache
def champs_du_type(type_: str) -> tuple[Champ, ...]:
    """The fields of a choc or levier type, in the model's order, with their kind and bounds."""
    modele = MODELES[type_]
    champs: list[Champ] = []
    for nom, info in modele.model_fields.items():
        if nom == "type":
            continue
        base, optionnel, contraintes = _deplier(info.annotation)
        contraintes = [*info.metadata, *contraintes]
        bas, haut = _bornes(contraintes)
        obligatoire = info.is_required()
        defaut = None if obligatoire else info.get_default(call_default_factory=True)
        valeurs: tuple[str, ...] = ()
        if get_origin(base) in (Union, types.UnionType) and set(get_args(base)) == {str, float}:
            genre = "indexation"
        elif get_origin(base) is Literal:
            valeurs = tuple(get_args(base))
            genre = "conventionnement" if set(valeurs) <= set(TYPES_CONVENTIONNEMENT) else "choix"
        elif get_origin(base) is list:
            interne, _, c2 = _deplier(get_args(base)[0])
            if interne is float:
                genre = "liste_taux"
                bas, haut = _bornes(c2)
            else:
                genre = "activites"
        elif base is bool:
            genre = "booleen"
        elif base is int:
            genre = "annee" if nom == "annee" else "entier"
        elif base is float:
            genre = "taux" if _est_taux(bas, haut) else "nombre"
        elif base is str:
            genre = "activite" if nom == "activite" else "texte"
        else:  # pragma: no cover - a new kind of field must be taught to the form
            raise TypeError(f"{type_}.{nom} : type de champ non pris en charge ({base!r})")
        champs.append(Champ(nom, genre, obligatoire, optionnel, defaut, bas, haut, valeurs))
    return tuple(champs)


# --- What the project offers to the form ---------------------------------------------------------


@dataclass(frozen=True)
class Contexte:
    """What the fields may refer to, for one scenario: its project's structure and its chain's levers."""

    annee_reference: int
    horizon: int
    types_structure: tuple[str, ...]
    types_chaine: tuple[str, ...]
    activites: tuple[str, ...]
    marches: tuple[str, ...]


def _entier(x: Any, defaut: int) -> int:
    return x if isinstance(x, int) and not isinstance(x, bool) else defaut


def contexte_du_brouillon(donnees: dict[str, Any], scenario_id: str) -> Contexte:
    """Read from the draft (possibly invalid): years, conventionnements, activities and markets of the chain."""
    structure = _dict(donnees.get("structure"))
    ref = _entier(structure.get("annee_reference"), dt.date.today().year)
    horizon = _entier(_dict(donnees.get("hypotheses")).get("horizon"), ref + 5)
    types_s = [
        c.get("type") for c in liste(donnees.get("conventionnements")) if _dict(c).get("type") in TYPES_CONVENTIONNEMENT
    ]
    activites = [a.get("nom") for a in liste(donnees.get("activites")) if isinstance(_dict(a).get("nom"), str)]
    types_c = list(types_s)
    marches: list[str] = []
    for s in chaine(scenarios_du_brouillon(donnees), scenario_id):
        for lev in liste(s.get("leviers")):
            lev = _dict(lev)
            if (
                lev.get("type") == "ouverture_conventionnement"
                and lev.get("conventionnement") in TYPES_CONVENTIONNEMENT
            ):
                types_c.append(lev["conventionnement"])
            if lev.get("type") == "nouvelle_activite" and isinstance(lev.get("nom"), str):
                activites.append(lev["nom"])
            if lev.get("type") == "marche_public" and isinstance(lev.get("nom"), str):
                marches.append(lev["nom"])
    return Contexte(
        ref,
        max(horizon, ref),
        tuple(dict.fromkeys(types_s)),
        tuple(dict.fromkeys(types_c)),
        tuple(dict.fromkeys(activites)),
        tuple(dict.fromkeys(marches)),
    )


def options_conventionnement(type_: str, nom: str, ctx: Contexte) -> list[str]:
    if type_ == "ouverture_conventionnement" and nom == "conventionnement":
        return [t for t in TYPES_CONVENTIONNEMENT if t not in ctx.types_structure]
    options = list(ctx.types_chaine)
    if type_ == "ajustement_etp":
        options = [t for t in options if t != "EITI"]
    return options


def options_activite(type_: str, ctx: Contexte) -> list[str]:
    if type_ == "perte_marches_publics":
        return list(dict.fromkeys([*ctx.activites, *ctx.marches]))
    return list(ctx.activites)


def indisponible(type_: str, ctx: Contexte) -> str | None:
    """Why this type cannot apply to the scenario (None when it can)."""
    if type_ in ("perte_activite", "croissance_activite") and not ctx.activites:
        return (
            "La structure n'a aucune activité : ajoutez-en dans « Ma structure », ou par un levier "
            "« Nouvelle activité » dans ce scénario."
        )
    if type_ == "derogation_aci" and "ACI" not in ctx.types_chaine:
        return "La dérogation au plafond de recettes commerciales ne concerne que les ACI."
    if type_ == "ouverture_conventionnement" and not options_conventionnement(type_, "conventionnement", ctx):
        return "La structure a déjà tous les types de conventionnement."
    if type_ == "ajustement_etp" and not options_conventionnement(type_, "conventionnement", ctx):
        return "Une EITI compte des travailleurs accompagnés, pas des ETP conventionnés."
    if type_ in ("nouvelle_activite", "marche_public") and not ctx.types_chaine:
        return "La structure n'a aucun conventionnement."
    return None


# --- Suggested starting values ---------------------------------------------------------------------

VALEURS_PROPOSEES: dict[tuple[str, str], Any] = {
    ("reduction_etp", "taux"): -0.1,
    ("indexation_socle", "valeur"): "smic",  # the references freeze the socle: the choc proposes to index it
    ("variation_financement", "taux"): -0.1,
    ("choc_smic", "taux"): 0.01,
    ("taux_occupation", "valeur"): 0.9,
    ("prise_en_charge_formation", "valeur"): 0.5,
    ("croissance_activite", "taux"): 0.1,
    ("ajustement_permanents", "etp"): 0.5,
    ("ajustement_etp", "etp"): 1.0,
}


def valeur_initiale(type_: str, champ: Champ, ctx: Contexte) -> Any:
    """What a new item's field shows first: the model's default, or a suggestion for required fields."""
    if not champ.obligatoire:
        return champ.defaut
    if (type_, champ.nom) in VALEURS_PROPOSEES:
        return VALEURS_PROPOSEES[(type_, champ.nom)]
    if champ.genre == "annee":
        return min(ctx.annee_reference + 1, ctx.horizon)
    if champ.genre in ("taux", "nombre", "entier"):
        bas = champ.minimum if champ.minimum is not None else 0
        return max(0, bas)
    return None


# --- Widgets -----------------------------------------------------------------------------------------


def _nombre(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    return float(x)


def texte_liste_taux(valeurs: Any) -> str:
    """[0.4, 0.8, 1.0] -> '40 ; 80 ; 100' (what the ramp-up field shows: percentages, as every rate)."""
    if not isinstance(valeurs, list):
        return "" if valeurs is None else str(valeurs)
    morceaux = []
    for v in valeurs:
        n = _nombre(v)
        morceaux.append(nombre_saisi(round(n * 100, 8)) if n is not None else str(v))
    return " ; ".join(morceaux)


def lire_liste_taux(texte: str, libelle: str) -> tuple[list[float] | None, str | None]:
    """'40 ; 80 ; 100' (or '40 % ; 80 % ; 100 %') -> [0.4, 0.8, 1.0], or a French error."""
    morceaux = [m.strip() for m in re.split(r"[;\n]", texte or "") if m.strip()]
    if not morceaux:
        return None, f"« {libelle} » : indiquez au moins une part, par exemple « 40 ; 80 ; 100 »."
    valeurs = []
    for m in morceaux:
        try:
            v = lire_nombre(m)
        except NombreIllisible as exc:
            return None, (
                f"« {libelle} » : {exc}. Écrivez les parts en %, séparées par « ; », par exemple « 40 ; 80 ; 100 »."
            )
        valeurs.append(round(v / 100, 8))
    if max(valeurs) <= 0.01 and any(valeurs):
        exemple = " ; ".join(nombre_saisi(v * 10_000) for v in valeurs)
        return None, (
            f"« {libelle} » : les parts se saisissent en % de la cible ; pour {texte.strip()} en fractions, "
            f"écrivez {exemple} (par exemple 40 ; 80 ; 100)."
        )
    return valeurs, None


def texte_nombre(valeur: Any, genre: str) -> str:
    """What a number field shows: French digits, a rate in percent, a year without separator, or the raw text."""
    n = _nombre(valeur)
    if n is None:
        return "" if valeur is None else str(valeur)
    if genre == "taux":
        return nombre_saisi(round(n * 100, 8))
    if genre == "annee":
        return str(int(n)) if n.is_integer() else nombre_saisi(n)
    return nombre_saisi(n)


def _widget(type_: str, champ: Champ, valeur: Any, ctx: Contexte, cle: str) -> Any:
    libelle, aide = libelle_champ(type_, champ.nom)
    if champ.genre in ("annee", "taux", "nombre", "entier"):
        texte = texte_nombre(valeur, champ.genre)
        exemple = {"annee": "2027", "taux": "−10 pour −10 %", "entier": "3"}.get(champ.genre, "38 000 ou 1,5")
        return st.text_input(libelle, value=texte, key=cle, help=f"{aide} Par exemple : {exemple}.", max_chars=40)
    if champ.genre in ("choix", "conventionnement", "activite"):
        if champ.genre == "choix":
            options: list[Any] = list(champ.valeurs)
        elif champ.genre == "conventionnement":
            options = options_conventionnement(type_, champ.nom, ctx)
        else:
            options = options_activite(type_, ctx)
        if isinstance(valeur, str) and valeur not in options:
            options.append(valeur)  # what was typed stays visible; the validator says what is wrong
        if champ.optionnel:
            options = [None, *options]
        if not options:
            options = [None]
        index = options.index(valeur) if valeur in options else 0
        noms = VALEURS.get(champ.nom, {})
        aucun = _libelle_aucun(type_, champ.nom)
        return st.selectbox(
            libelle,
            options,
            index=index,
            key=cle,
            help=aide,
            format_func=lambda o: aucun if o is None else noms.get(o, o),
            placeholder="Choisissez",
        )
    if champ.genre == "activites":
        options = options_activite(type_, ctx)
        choisies = [v for v in valeur if isinstance(v, str)] if isinstance(valeur, list) else []
        options = list(dict.fromkeys([*options, *choisies]))
        return st.multiselect(libelle, options, default=choisies, key=cle, help=aide, placeholder="Choisissez")
    if champ.genre == "liste_taux":
        return st.text_input(libelle, value=texte_liste_taux(valeur), key=cle, help=aide)
    if champ.genre == "booleen":
        return st.checkbox(libelle, value=bool(valeur), key=cle, help=aide)
    if champ.genre == "indexation":
        mode = valeur if valeur in ("gel", "smic") else "taux" if _nombre(valeur) is not None else "gel"
        modes = list(MODES_INDEXATION)
        choisi = st.selectbox(
            libelle,
            modes,
            index=modes.index(mode),
            key=f"{cle}_mode",
            help=aide,
            format_func=MODES_INDEXATION.get,
            placeholder="Choisissez",
        )
        taux = st.text_input(
            "Taux annuel d'indexation (%)",
            value=texte_nombre(valeur, "taux") if _nombre(valeur) is not None else "",
            key=f"{cle}_taux",
            help="Seulement pour « Taux annuel » : par exemple 1 pour +1 % par an, 0,5 pour +0,5 %.",
            max_chars=40,
        )
        return (choisi, taux)
    # texte
    return st.text_input(libelle, value="" if valeur is None else str(valeur), key=cle, help=aide)


def formulaire_item(
    type_: str, valeurs: dict[str, Any] | None, ctx: Contexte, prefixe_cle: str, colonnes: int = 3
) -> dict[str, Any]:
    """Draw the fields of a choc or levier (inside an `st.form`); return the raw widget values by field."""
    valeurs = valeurs or {}
    nouveau = not valeurs
    bruts: dict[str, Any] = {}
    cols = st.columns(colonnes)
    for k, champ in enumerate(champs_du_type(type_)):
        valeur = valeur_initiale(type_, champ, ctx) if nouveau else valeurs.get(champ.nom, champ.defaut)
        with cols[k % colonnes]:
            bruts[champ.nom] = _widget(type_, champ, valeur, ctx, f"{prefixe_cle}_{champ.nom}")
    return bruts


def _lire_champ_nombre(brut: Any, genre: str) -> float | int | None:
    """The value of a number field in the file's unit (a rate as a fraction); None when empty.

    Raises `NombreIllisible` (French message) for text that is not a number, or a decimal where a whole
    number is expected (a year, a count of years)."""
    if brut is None or (isinstance(brut, str) and not brut.strip()):
        return None
    valeur = lire_nombre(str(brut)) if isinstance(brut, str) else float(brut)
    if genre == "taux":
        return round(valeur / 100, 8)
    if genre in ("annee", "entier"):
        if not valeur.is_integer():
            raise NombreIllisible(f"« {brut} » : un nombre entier est attendu")
        return int(valeur)
    return int(valeur) if valeur.is_integer() and abs(valeur) < 1e15 else valeur


def item_depuis_saisie(
    type_: str, bruts: dict[str, Any], presents: Sequence[str] = ()
) -> tuple[dict[str, Any] | None, list[str]]:
    """The item's plain data from the raw widget values, or the French errors of what cannot be read.

    Only reading errors are reported here (a ramp-up that is not a list of numbers, a required text left
    empty); ranges and references are checked by the project's validation. A field equal to its default
    is left out unless it was already written in the item (`presents`), so that saved files stay short.
    """
    item: dict[str, Any] = {"type": type_}
    erreurs: list[str] = []
    for champ in champs_du_type(type_):
        brut = bruts.get(champ.nom)
        libelle = libelle_champ(type_, champ.nom)[0]
        valeur: Any
        if champ.genre in ("taux", "nombre", "entier", "annee"):
            try:
                valeur = _lire_champ_nombre(brut, champ.genre)
            except NombreIllisible as exc:
                erreurs.append(f"« {libelle} » : {exc}.")
                continue
        elif champ.genre == "liste_taux":
            valeur, erreur = lire_liste_taux(brut or "", libelle)
            if erreur:
                erreurs.append(erreur)
                continue
        elif champ.genre == "indexation":
            mode, taux = brut if isinstance(brut, tuple) else ("gel", None)
            if mode == "taux":
                try:
                    valeur = _lire_champ_nombre(taux, "taux")
                except NombreIllisible as exc:
                    erreurs.append(f"« {libelle} » : {exc}.")
                    continue
                if valeur is None:
                    erreurs.append(f"« {libelle} » : indiquez le taux annuel d'indexation (par exemple 1 pour +1 %).")
                    continue
            else:
                valeur = mode
        elif champ.genre == "texte":
            valeur = (brut or "").strip() or None
            if valeur is None and champ.obligatoire:
                erreurs.append(f"« {libelle} » : ce champ est obligatoire.")
                continue
        elif champ.genre == "activites":
            valeur = list(brut or [])
        else:
            valeur = brut
        if valeur is None:
            if champ.obligatoire:
                erreurs.append(f"« {libelle} » : ce champ est obligatoire.")
            continue
        if champ.nom not in presents and not champ.obligatoire and valeur == champ.defaut:
            continue
        item[champ.nom] = valeur
    return (None if erreurs else item), erreurs


def erreurs_de_l_item(
    donnees: dict[str, Any], scenario_id: str, genre: str, indice: int | None, item: dict[str, Any]
) -> list[str]:
    """The French errors the item would bring at its place in the project (empty: it can be accepted).

    The draft with the item added (`indice` None) or replaced is validated; only the errors at the item's
    own path are the form's business (the draft may hold others, which Ma structure shows).
    """
    essai = copy.deepcopy(donnees)
    rang, scenario = next(
        ((k, sc) for k, sc in enumerate(liste(essai.get("scenarios"))) if _dict(sc).get("id") == scenario_id),
        (0, None),
    )
    if scenario is None:
        return []
    if not isinstance(scenario.get(genre), list):
        scenario[genre] = []
    if indice is None:
        scenario[genre].append(item)
        indice = len(scenario[genre]) - 1
    else:
        scenario[genre][indice] = item
    try:
        projet_depuis_donnees(essai)
    except ErreurProjet as exc:
        prefixe = f"scenarios[{rang}].{genre}[{indice}]"
        messages = []
        for e in exc.erreurs:
            if e.chemin == prefixe or e.chemin.startswith((prefixe + ".", prefixe + "[")):
                messages.append(_message_du_champ(item.get("type"), e.chemin[len(prefixe) :].lstrip("."), e.message))
        return messages
    return []


def _message_du_champ(type_: Any, champ: str, message: str) -> str:
    """« Taux (%) » : doit être … in the form's words (a rate's bounds in %)."""
    nom = re.sub(r"\[\d+\]$", "", champ)
    if not nom or type_ not in MODELES:
        return message
    try:
        libelle = libelle_champ(type_, nom)[0]
    except KeyError:
        libelle = nom
    genre = next((c.genre for c in champs_du_type(type_) if c.nom == nom), None)
    if genre in ("taux", "liste_taux"):
        message = message_en_pourcentage(message)
    return f"« {libelle} » : {message}"


# --- Titles ---------------------------------------------------------------------------------------


def titre_item(item: Any) -> str:
    """The item's own title (« Baisse des ETP conventionnés (ACI) de 10 % dès 2026 »), or, for a draft item
    that is not valid, its type's name and year."""
    donnees = _dict(item)
    type_ = donnees.get("type")
    modele = MODELES.get(type_) if isinstance(type_, str) else None
    if modele is None:
        return f"{type_} ({donnees.get('annee', '?')})"
    try:
        return modele.model_validate(donnees).titre()
    except (ValidationError, TypeError, ValueError):
        return f"{modele.intitule} ({donnees.get('annee', '?')})"
