"""The user's project in the Streamlit session: the one place pages read and change it.

Two versions are kept:
* the **brouillon** (draft): plain data exactly as the user typed it, even when invalid, so that
  nothing typed is ever lost; it is what is saved to the server-side store after each change;
* the **projet valide**: the last version that passed validation, which the engine simulates.
Pages call `modifier(...)` to change the draft; the French errors of the draft are in `erreurs()`.

The project is saved under the token of the page's URL (`?p=…`, see `ui.stockage`): a reload or a
reconnection reopens it, and the URL is the link to share. The chosen scenario is in `?s=…`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import streamlit as st

from iae_model.projet import (
    ErreurLigne,
    ErreurProjet,
    Projet,
    lire_projet,
    projet_depuis_donnees,
    projet_en_donnees,
)
from iae_model.yaml_sur import ErreurYaml, ecrire_yaml, lire_yaml
from ui.stockage import Depot, jeton_valide, nouveau_jeton

CLE_BROUILLON = "iae_brouillon"
CLE_VALIDE = "iae_projet_valide"
CLE_ERREURS = "iae_erreurs"
CLE_JETON = "iae_jeton"
CLE_SCENARIO = "iae_scenario"
CLE_VERSION = "iae_version"
PARAM_PROJET = "p"
PARAM_SCENARIO = "s"


def depot() -> Depot:
    return Depot()


def projet_vierge() -> dict[str, Any]:
    """A new structure: one ACI, the hypotheses of the examples, a reference scenario."""
    return {
        "schema": 1,
        "structure": {"nom": "Ma structure", "territoire": "", "annee_reference": 2025, "tresorerie_initiale": 0},
        "conventionnements": [{"type": "ACI", "etp_conventionnes": 10, "taux_occupation": 0.95, "part_modulee": 0.05}],
        "activites": [],
        "financements": [],
        "charges": {"salaire_horaire_insertion": "smic", "permanents": [], "fonctionnement_fixe": 0},
        "hypotheses": {"horizon": 2030, "evolution_smic": 0.02, "indexation_socle": "smic", "inflation_charges": 0.02},
        "scenarios": [{"id": "reference", "libelle": "Tendanciel, sans coupe"}],
    }


def nettoyer(valeur: Any) -> Any:
    """Plain Python data from what widgets return (numpy scalars, NaN for an empty cell)."""
    if isinstance(valeur, dict):
        return {k: nettoyer(v) for k, v in valeur.items() if not _vide(v)}
    if isinstance(valeur, list | tuple):
        return [nettoyer(v) for v in valeur]
    if hasattr(valeur, "item") and callable(valeur.item):
        valeur = valeur.item()
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return int(valeur)
    return valeur


def _vide(valeur: Any) -> bool:
    if valeur is None:
        return True
    if isinstance(valeur, float) and math.isnan(valeur):
        return True
    return isinstance(valeur, str) and valeur.strip() == ""


# -- reading --


def brouillon() -> dict[str, Any] | None:
    return st.session_state.get(CLE_BROUILLON)


def projet() -> Projet | None:
    """The last valid version of the project (what the results show)."""
    return st.session_state.get(CLE_VALIDE)


def erreurs() -> list[ErreurLigne]:
    return st.session_state.get(CLE_ERREURS, [])


def version() -> int:
    """Increases with every change: widgets keyed on it are rebuilt from the new data."""
    return st.session_state.get(CLE_VERSION, 0)


def jeton() -> str | None:
    return st.session_state.get(CLE_JETON)


# -- session start --


def initialiser() -> None:
    """Called by app.py on every run: reopen the project of the URL in a new session."""
    if CLE_BROUILLON in st.session_state:
        _synchroniser_url()
        return
    jeton_url = st.query_params.get(PARAM_PROJET)
    if not jeton_valide(jeton_url):
        return
    texte = depot().lire(jeton_url)
    if texte is None:
        st.session_state[CLE_ERREURS] = [
            ErreurLigne("", "le projet de ce lien n'existe plus sur ce serveur (lien expiré ou erroné)")
        ]
        return
    try:
        donnees = lire_yaml(texte)
    except ErreurYaml:
        return
    if not isinstance(donnees, dict):
        return
    st.session_state[CLE_JETON] = jeton_url
    _poser_brouillon(donnees, enregistrer=False)
    scenario = st.query_params.get(PARAM_SCENARIO)
    if scenario:
        st.session_state[CLE_SCENARIO] = scenario


def _synchroniser_url() -> None:
    """Keep `?p=` and `?s=` in the address bar (Streamlit may drop them when the page changes)."""
    j = jeton()
    if j and st.query_params.get(PARAM_PROJET) != j:
        st.query_params[PARAM_PROJET] = j
    s = st.session_state.get(CLE_SCENARIO)
    if s and st.query_params.get(PARAM_SCENARIO) != s:
        st.query_params[PARAM_SCENARIO] = s


# -- changing the project --


def _poser_brouillon(donnees: dict[str, Any], enregistrer: bool = True) -> list[ErreurLigne]:
    st.session_state[CLE_BROUILLON] = donnees
    st.session_state[CLE_VERSION] = version() + 1
    try:
        valide = projet_depuis_donnees(copy.deepcopy(donnees))
    except ErreurProjet as exc:
        st.session_state[CLE_ERREURS] = exc.erreurs
    else:
        st.session_state[CLE_VALIDE] = valide
        st.session_state[CLE_ERREURS] = []
    if enregistrer and jeton():
        depot().enregistrer(jeton(), ecrire_yaml(donnees))
    return erreurs()


def ouvrir(valide: Projet) -> None:
    """Replace the project by a valid one (an example, an upload, a blank structure) under a new token."""
    st.session_state.pop(CLE_SCENARIO, None)
    st.session_state[CLE_JETON] = nouveau_jeton()
    st.session_state[CLE_VALIDE] = valide
    _poser_brouillon(projet_en_donnees(valide))
    choisir_scenario(valide.scenarios[0].id)
    st.query_params[PARAM_PROJET] = jeton()


def ouvrir_fichier(contenu: bytes | str) -> list[ErreurLigne]:
    """Open an uploaded file; if it is invalid, return its errors and leave the current project as it was."""
    try:
        valide = lire_projet(contenu)
    except ErreurProjet as exc:
        return exc.erreurs
    ouvrir(valide)
    return []


def modifier(changement: Callable[[dict[str, Any]], None]) -> list[ErreurLigne]:
    """Apply a change to a copy of the draft, keep it whatever its validity, save it; return its errors."""
    donnees = copy.deepcopy(brouillon() or projet_vierge())
    changement(donnees)
    return _poser_brouillon(nettoyer(donnees))


def revenir_a_la_version_valide() -> None:
    """Drop the draft's invalid changes (an explicit action of the user, never automatic)."""
    if projet() is not None:
        _poser_brouillon(projet_en_donnees(projet()))


# -- the chosen scenario --


def scenario_actif() -> str | None:
    p = projet()
    if p is None:
        return None
    ids = [s.id for s in p.scenarios]
    choisi = st.session_state.get(CLE_SCENARIO)
    return choisi if choisi in ids else ids[-1] if len(ids) > 1 else ids[0]


def choisir_scenario(identifiant: str) -> None:
    st.session_state[CLE_SCENARIO] = identifiant
    st.query_params[PARAM_SCENARIO] = identifiant


def texte_yaml() -> str:
    """The draft as a YAML file (what the user typed, valid or not)."""
    donnees = brouillon()
    return "" if donnees is None else ecrire_yaml(donnees)
