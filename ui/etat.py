"""The user's project in the Streamlit session: the one place pages read and change it.

Two versions are kept:
* the **brouillon** (draft): plain data exactly as the user typed it, even when invalid, so that
  nothing typed is ever lost; it is what is saved to the server-side store after each change;
* the **projet valide**: the last version that passed validation, which the engine simulates.
Pages change the draft with `remplacer(edition(brouillon(), …))`, an edit of `iae_model.projet.edition`,
or `modifier(...)` for a change made in place; the French errors of the draft are in `erreurs()`.

The project is saved under the token of the page's URL (`?p=…`, see `ui.stockage`): a reload or a
reconnection reopens it, and the URL is the link to share. The chosen scenario is in `?s=…`.

Saving can fail, and the session then keeps the draft and says why (`enregistrement()`):
* another tab or person saved the project since this session's version (`conflit()`): nothing is
  overwritten, the user sees both values and chooses (`resoudre_conflit`);
* the disk refuses (full, read-only) or the server keeps too many projects: the draft stays in the
  session and the page offers the file to download;
* an uploaded file is not stored on the server until its first change (the README promises it).
A link whose stored file is damaged opens nothing but says so, with the raw file to download.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from iae_model.projet import (
    ErreurLigne,
    ErreurProjet,
    Projet,
    lire_projet,
    projet_depuis_donnees,
    projet_en_donnees,
)
from iae_model.projet.differences import Chemin, fusionner
from iae_model.projet.edition import projet_vierge
from iae_model.yaml_sur import ErreurYaml, ecrire_yaml, lire_yaml
from ui.stockage import (
    MESSAGE_LECTURE_SEULE,
    ConflitDeVersion,
    Depot,
    ErreurStockage,
    Lecture,
    jeton_valide,
    nouveau_jeton,
    purger_si_du,
)

CLE_BROUILLON = "iae_brouillon"
CLE_VALIDE = "iae_projet_valide"
CLE_ERREURS = "iae_erreurs"
CLE_JETON = "iae_jeton"
CLE_SCENARIO = "iae_scenario"
CLE_VERSION = "iae_version"
CLE_VERSION_DEPOT = "iae_version_depot"
"""The stored version the draft is based on (None: not stored on the server)."""
CLE_ECHEC = "iae_echec_enregistrement"
CLE_CONFLIT = "iae_conflit"
CLE_ENDOMMAGE = "iae_endommage"
CLE_RECENTS = "iae_recents"
PARAM_PROJET = "p"
PARAM_SCENARIO = "s"
RECENTS_MAX = 10

Enregistrement = Literal["enregistre", "pas_encore", "echec", "conflit"]


def depot() -> Depot:
    return Depot()


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


def nom_du_projet() -> str:
    donnees = brouillon()
    structure = donnees.get("structure") if isinstance(donnees, dict) else None
    nom = structure.get("nom") if isinstance(structure, dict) else None
    return nom.strip() if isinstance(nom, str) and nom.strip() else "Projet sans nom"


@dataclass(frozen=True)
class Conflit:
    """The stored version that refused this session's save (its text may be unreadable)."""

    version: int
    texte: str | None
    donnees: Any


@dataclass(frozen=True)
class Endommage:
    """A link whose stored file cannot be opened: why, and its raw bytes to download."""

    raison: str
    brut: bytes | None


def conflit() -> Conflit | None:
    return st.session_state.get(CLE_CONFLIT)


def endommage() -> Endommage | None:
    return st.session_state.get(CLE_ENDOMMAGE)


def echec() -> str | None:
    """Why the last save failed (French), or None."""
    return st.session_state.get(CLE_ECHEC)


def enregistrement() -> Enregistrement:
    """Where the draft stands with respect to the server's store."""
    if conflit() is not None:
        return "conflit"
    if echec() is not None:
        return "echec"
    if st.session_state.get(CLE_VERSION_DEPOT) is None:
        return "pas_encore"
    return "enregistre"


def recents() -> list[dict[str, Any]]:
    """The projects opened in this session, the latest first: {jeton, nom, stocke, heure}."""
    return st.session_state.get(CLE_RECENTS, [])


# -- session start --


def initialiser() -> None:
    """Called by app.py on every run: reopen the project of the URL in a new session."""
    purger_si_du(depot())
    if CLE_BROUILLON in st.session_state or CLE_ENDOMMAGE in st.session_state:
        _synchroniser_url()
        return
    jeton_url = st.query_params.get(PARAM_PROJET)
    if not jeton_valide(jeton_url):
        return
    if ouvrir_jeton(jeton_url):
        scenario = st.query_params.get(PARAM_SCENARIO)
        if scenario:
            st.session_state[CLE_SCENARIO] = scenario


def ouvrir_jeton(jeton_lien: str) -> bool:
    """Open the stored project of a link; False (with the reason in the session) when it cannot be."""
    lecture = depot().lire(jeton_lien)
    if lecture is None:
        st.session_state[CLE_ERREURS] = [
            ErreurLigne("", "le projet de ce lien n'existe plus sur ce serveur (lien expiré ou erroné)")
        ]
        return False
    donnees, raison = _donnees_lues(lecture)
    if raison is not None:
        brut = lecture.brut if lecture.brut is not None else (lecture.texte or "").encode("utf-8")
        _vider_projet()
        st.session_state[CLE_JETON] = jeton_lien
        st.session_state[CLE_ENDOMMAGE] = Endommage(raison, brut or None)
        return False
    _vider_projet()
    st.session_state[CLE_JETON] = jeton_lien
    st.session_state[CLE_VERSION_DEPOT] = lecture.version
    _poser_brouillon(donnees, enregistrer=False)
    if not depot().inscriptible():
        st.session_state[CLE_ECHEC] = f"{MESSAGE_LECTURE_SEULE} : le projet est ouvert en lecture seule"
    _retenir_recent()
    return True


def _donnees_lues(lecture: Lecture) -> tuple[dict[str, Any], None] | tuple[None, str]:
    """The project data of a stored file, or why it is damaged (French)."""
    if lecture.probleme is not None or lecture.texte is None:
        return None, lecture.probleme or "le fichier du projet est illisible"
    if not lecture.texte.strip():
        return None, "le fichier du projet est vide"
    try:
        donnees = lire_yaml(lecture.texte)
    except ErreurYaml as exc:
        return None, str(exc)
    if not isinstance(donnees, dict):
        return None, "le fichier ne contient pas un projet (un dictionnaire « schema, structure, … » est attendu)"
    return donnees, None


def _synchroniser_url() -> None:
    """Keep `?p=` and `?s=` in the address bar (Streamlit may drop them when the page changes)."""
    j = jeton()
    if j and st.query_params.get(PARAM_PROJET) != j:
        st.query_params[PARAM_PROJET] = j
    s = st.session_state.get(CLE_SCENARIO)
    if s and st.query_params.get(PARAM_SCENARIO) != s:
        st.query_params[PARAM_SCENARIO] = s


# -- changing the project --


def _valider(donnees: dict[str, Any]) -> None:
    try:
        valide = projet_depuis_donnees(copy.deepcopy(donnees))
    except ErreurProjet as exc:
        st.session_state[CLE_ERREURS] = exc.erreurs
    else:
        st.session_state[CLE_VALIDE] = valide
        st.session_state[CLE_ERREURS] = []


def _poser_brouillon(donnees: dict[str, Any], enregistrer: bool = True) -> list[ErreurLigne]:
    st.session_state[CLE_BROUILLON] = donnees
    st.session_state[CLE_VERSION] = version() + 1
    _valider(donnees)
    if enregistrer:
        _enregistrer()
    return erreurs()


def _enregistrer(version_attendue: int | Literal["session"] | None = "session") -> None:
    """Save the draft under the session's token (a token is made at the first save); record any failure."""
    donnees = brouillon()
    if donnees is None:
        return
    if not jeton():
        st.session_state[CLE_JETON] = nouveau_jeton()
    attendue = st.session_state.get(CLE_VERSION_DEPOT) if version_attendue == "session" else version_attendue
    try:
        nouvelle = depot().enregistrer(jeton(), ecrire_yaml(donnees), attendue)
    except ConflitDeVersion as exc:
        texte = exc.actuel.texte
        leur, _ = _donnees_lues(exc.actuel) if texte is not None else (None, None)
        st.session_state[CLE_CONFLIT] = Conflit(exc.actuel.version, texte, leur)
        st.session_state.pop(CLE_ECHEC, None)
        return
    except ErreurStockage as exc:
        st.session_state[CLE_ECHEC] = str(exc)
        return
    st.session_state[CLE_VERSION_DEPOT] = nouvelle
    st.session_state.pop(CLE_ECHEC, None)
    st.session_state.pop(CLE_CONFLIT, None)
    st.query_params[PARAM_PROJET] = jeton()
    _retenir_recent()


def _vider_projet() -> None:
    for cle in (CLE_BROUILLON, CLE_VALIDE, CLE_ERREURS, CLE_JETON, CLE_SCENARIO, CLE_VERSION_DEPOT, CLE_ECHEC):
        st.session_state.pop(cle, None)
    st.session_state.pop(CLE_CONFLIT, None)
    st.session_state.pop(CLE_ENDOMMAGE, None)


def ouvrir(valide: Projet, stocker: bool = True) -> None:
    """Replace the project by a valid one (an example, an upload, a blank structure) under a new token.

    The replaced project stays in the session's recent projects (and on the server under its link).
    `stocker=False` (an uploaded file) keeps it out of the server until its first change.
    """
    _retenir_recent()
    _vider_projet()
    st.session_state[CLE_VALIDE] = valide
    _poser_brouillon(projet_en_donnees(valide), enregistrer=stocker)
    if not stocker:
        st.query_params.pop(PARAM_PROJET, None)
    choisir_scenario(valide.scenarios[0].id)


def ouvrir_fichier(contenu: bytes | str) -> list[ErreurLigne]:
    """Open an uploaded file; if it is invalid, return its errors and leave the current project as it was."""
    try:
        valide = lire_projet(contenu)
    except ErreurProjet as exc:
        return exc.erreurs
    ouvrir(valide, stocker=False)
    return []


def modifier(changement: Callable[[dict[str, Any]], None]) -> list[ErreurLigne]:
    """Apply a change to a copy of the draft, keep it whatever its validity, save it; return its errors."""
    donnees = copy.deepcopy(brouillon() or projet_vierge())
    changement(donnees)
    return remplacer(donnees)


def remplacer(donnees: dict[str, Any]) -> list[ErreurLigne]:
    """Make `donnees` the draft (an edit of `iae_model.projet.edition` applied to `brouillon()`), keep it
    whatever its validity, save it; return its errors."""
    return _poser_brouillon(nettoyer(donnees))


def revenir_a_la_version_valide() -> None:
    """Drop the draft's invalid changes (an explicit action of the user, never automatic)."""
    if projet() is not None:
        _poser_brouillon(projet_en_donnees(projet()))


def reessayer_enregistrement() -> None:
    _enregistrer()


def resoudre_conflit(choix: Literal["mien", "leur"] | Sequence[Chemin]) -> None:
    """End a conflict: keep my draft, take the stored version, or merge (my value at the given paths)."""
    c = conflit()
    if c is None:
        return
    if choix == "mien":
        st.session_state.pop(CLE_CONFLIT, None)
        _enregistrer(version_attendue=c.version if c.texte is not None else None)
        return
    if choix == "leur" and not isinstance(c.donnees, dict):
        return  # the stored version is unreadable: only mine can be kept
    st.session_state.pop(CLE_CONFLIT, None)
    st.session_state[CLE_VERSION_DEPOT] = c.version
    if choix == "leur":
        _poser_brouillon(c.donnees, enregistrer=False)
    else:
        _poser_brouillon(fusionner(c.donnees, brouillon(), list(choix)))


def _retenir_recent() -> None:
    """Put the open project first in the session's recent projects (and its link)."""
    if brouillon() is None:
        return
    j = jeton()
    stocke = st.session_state.get(CLE_VERSION_DEPOT) is not None
    entree = {"jeton": j, "nom": nom_du_projet(), "stocke": stocke, "heure": time.strftime("%H:%M")}
    autres = [r for r in recents() if not (j and r["jeton"] == j)]
    st.session_state[CLE_RECENTS] = [entree, *autres][:RECENTS_MAX] if j else autres


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
