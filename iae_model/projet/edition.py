"""Editing the draft: the changes a page, the CLI or a facilitator makes to a project's plain data.

Every function takes the draft (`iae_model.projet.brouillon`: plain data, possibly invalid) and returns
a new one: the argument is never changed (deep copies), so that a caller can compare, retry, or apply
the same edit to many projects. A missing or mistyped key never raises: a missing `scenarios` is an
empty list, a scenario that is not a dict cannot be edited, chocs that are not a list are replaced when
one is added. An edit aimed at a scenario or an item the draft does not hold changes nothing (the draft
may have been changed elsewhere since it was shown): the caller compares if it must know.

An edit that breaks a rule of the project (a loop of bases, a scenario without a libellé, the last
scenario deleted) is refused with `EditionRefusee`, whose message is French and meant for the user.
Whatever else the validator would refuse (a 31st choc, an invalid field) is left to it: the app refuses
an edit on `brouillon.erreurs_ajoutees`, the CLI reports the file's errors.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, get_args

from iae_model.projet.brouillon import (
    GENRES_ITEMS,
    dictionnaire,
    formerait_une_boucle,
    identifiant_depuis_libelle,
    identifiants,
    liste,
    scenario_du_brouillon,
    scenarios_du_brouillon,
)
from iae_model.projet.modele import ReponseGuideValeur

LIBELLE_MAX = 200
"""A scenario's libellé, as the file's model bounds it (`Texte`)."""
REPONSES_GUIDE = get_args(ReponseGuideValeur)


class EditionRefusee(ValueError):
    """An edit the project's rules forbid; `str()` is the French reason, to show as it is."""


def _copie(donnees: Any) -> dict[str, Any]:
    """A deep copy of the draft (a draft that is not a dict reads as an empty one)."""
    return copy.deepcopy(donnees) if isinstance(donnees, dict) else {}


def _genre(genre: str) -> str:
    if genre not in GENRES_ITEMS:
        raise EditionRefusee(f"« {genre} » n'est pas une liste d'un scénario : « chocs » ou « leviers » attendu.")
    return genre


def _indice_valide(items: Any, indice: int) -> bool:
    return isinstance(items, list) and isinstance(indice, int) and 0 <= indice < len(items)


# --- a blank project -----------------------------------------------------------------------------------


def projet_vierge(type_: str = "ACI", etp: float = 10, annee: int = 2025, nom: str = "Ma structure") -> dict[str, Any]:
    """A new structure from the few figures that matter first (type, ETP conventionnés, reference year): no
    invented figure (no activity, no charge; occupation and part modulée at the model's defaults, 100 % and
    0 %), the hypotheses of the examples, a reference scenario. The accounts fill the rest (« Depuis mes
    comptes »). An EITI counts `etp` as its accompanied workers."""
    conventionnement: dict[str, Any] = {"type": type_}
    conventionnement["travailleurs_accompagnes" if type_ == "EITI" else "etp_conventionnes"] = etp
    return {
        "schema": 1,
        "structure": {"nom": nom, "territoire": "", "annee_reference": annee, "tresorerie_initiale": 0},
        "conventionnements": [conventionnement],
        "activites": [],
        "financements": [],
        "charges": {"salaire_horaire_insertion": "smic", "permanents": [], "fonctionnement_fixe": 0},
        "hypotheses": {
            "horizon": annee + 5,
            "evolution_smic": 0.02,
            "indexation_socle": "gel",
            "inflation_charges": 0.02,
        },
        "scenarios": [{"id": "reference", "libelle": "Tendanciel, sans coupe"}],
    }


# --- chocs and leviers of a scenario ---------------------------------------------------------------------


def ajouter_item(donnees: Any, scenario_id: str, genre: str, item: Any) -> dict[str, Any]:
    """The draft with `item` added at the end of the scenario's `genre` (« chocs » or « leviers »)."""
    _genre(genre)
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, scenario_id)
    if s is not None:
        s[genre] = [*liste(s.get(genre)), copy.deepcopy(item)]
    return nouvelles


def remplacer_item(donnees: Any, scenario_id: str, genre: str, indice: int, item: Any) -> dict[str, Any]:
    """The draft with the scenario's item at `indice` (0-based) replaced by `item`."""
    _genre(genre)
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, scenario_id)
    if s is not None and _indice_valide(s.get(genre), indice):
        s[genre][indice] = copy.deepcopy(item)
    return nouvelles


def retirer_item(donnees: Any, scenario_id: str, genre: str, indice: int) -> dict[str, Any]:
    """The draft without the scenario's item at `indice`; an emptied list is not kept in the file."""
    _genre(genre)
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, scenario_id)
    if s is not None and _indice_valide(s.get(genre), indice):
        del s[genre][indice]
        if not s[genre]:
            del s[genre]
    return nouvelles


def deplacer_item(donnees: Any, scenario_id: str, genre: str, indice: int, vers: int) -> dict[str, Any]:
    """The draft with the scenario's item at `indice` moved to `vers` (bounded to the list)."""
    _genre(genre)
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, scenario_id)
    if s is not None and _indice_valide(s.get(genre), indice):
        items = s[genre]
        items.insert(min(max(vers, 0), len(items) - 1), items.pop(indice))
    return nouvelles


# --- scenarios ------------------------------------------------------------------------------------------


def _verifier_base(donnees: Any, base: str | None) -> None:
    if base is not None and base not in identifiants(donnees):
        raise EditionRefusee(f"« {base} » n'est pas un scénario du projet : choisissez une autre base.")


def ajouter_scenario(donnees: Any, scenario: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The draft with a copy of `scenario` added last, and its id (made unique from its own if taken).

    For a scenario built elsewhere (an hypothesis of the State, a file): its base is not checked.
    """
    nouvelles = _copie(donnees)
    ajoute = copy.deepcopy(dict(scenario))
    pris = identifiants(nouvelles)
    souhaite = ajoute.get("id")
    if not isinstance(souhaite, str) or not souhaite or souhaite in pris:
        ajoute["id"] = identifiant_depuis_libelle(str(souhaite or ajoute.get("libelle") or ""), pris)
    nouvelles["scenarios"] = [*scenarios_du_brouillon(nouvelles), ajoute]
    return nouvelles, ajoute["id"]


def creer_scenario(
    donnees: Any, libelle: str, base: str | None = None, description: str = ""
) -> tuple[dict[str, Any], str]:
    """The draft with a new scenario (no chocs nor leviers yet), and its id, derived from its libellé."""
    libelle, description = libelle.strip(), description.strip()
    if not libelle:
        raise EditionRefusee("Donnez un libellé au nouveau scénario.")
    base = base or None
    _verifier_base(donnees, base)
    cree: dict[str, Any] = {"id": identifiant_depuis_libelle(libelle, identifiants(donnees)), "libelle": libelle}
    if description:
        cree["description"] = description
    if base:
        cree["base"] = base
    return ajouter_scenario(donnees, cree)


def renommer_scenario(donnees: Any, identifiant: str, libelle: str, description: str | None = None) -> dict[str, Any]:
    """The draft with the scenario's libellé (and description, unless None; "" removes it) changed."""
    libelle = libelle.strip()
    if not libelle:
        raise EditionRefusee("Donnez un libellé au scénario.")
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, identifiant)
    if s is None:
        return nouvelles
    s["libelle"] = libelle
    if description is not None:
        if description.strip():
            s["description"] = description.strip()
        else:
            s.pop("description", None)
    return nouvelles


def dupliquer_scenario(donnees: Any, identifiant: str) -> tuple[dict[str, Any], str | None]:
    """The draft with a copy of the scenario (same base, chocs and leviers) added last, and the copy's id.

    The copy's id is `<id>_copie` (made unique), its libellé « … (copie) »; None when there is no such scenario.
    """
    s = scenario_du_brouillon(donnees, identifiant)
    if s is None:
        return _copie(donnees), None
    copie = copy.deepcopy(s)
    copie["id"] = identifiant_depuis_libelle(f"{identifiant} copie", identifiants(donnees))
    copie["libelle"] = (str(s.get("libelle", identifiant)) + " (copie)")[:LIBELLE_MAX]
    return ajouter_scenario(donnees, copie)


def changer_base(donnees: Any, identifiant: str, base: str | None) -> dict[str, Any]:
    """The draft with the scenario stacked on `base` (None or "": on the figures of the structure).

    Refused when `base` is not a scenario of the draft, or is the scenario itself or stacks on it (a loop).
    """
    base = base or None
    if formerait_une_boucle(scenarios_du_brouillon(donnees), identifiant, base):
        if base == identifiant:
            raise EditionRefusee(f"« {identifiant} » ne peut pas être sa propre base. Choisissez une autre base.")
        raise EditionRefusee(
            f"« {base} » s'appuie déjà, directement ou non, sur « {identifiant} » : "
            "en faire sa base formerait une boucle. Choisissez une autre base."
        )
    _verifier_base(donnees, base)
    nouvelles = _copie(donnees)
    s = scenario_du_brouillon(nouvelles, identifiant)
    if s is not None:
        if base is None:
            s.pop("base", None)
        else:
            s["base"] = base
    return nouvelles


def supprimer_scenario(donnees: Any, identifiant: str) -> dict[str, Any]:
    """The draft without the scenario; those stacked on it are re-pointed to its own base (or to none).

    They lose its chocs and leviers, but nothing is left pointing to a missing base. The last scenario
    of a project cannot be deleted (a project has at least one).
    """
    nouvelles = _copie(donnees)
    supprime = scenario_du_brouillon(nouvelles, identifiant)
    if supprime is None:
        return nouvelles
    if len(scenarios_du_brouillon(nouvelles)) <= 1:
        raise EditionRefusee("Le dernier scénario d'un projet ne peut pas être supprimé.")
    base = supprime.get("base")
    for s in scenarios_du_brouillon(nouvelles):
        if s.get("base") == identifiant:
            if base is None:
                s.pop("base", None)
            else:
                s["base"] = base
    nouvelles["scenarios"] = [s for s in liste(nouvelles.get("scenarios")) if s is not supprime]
    return nouvelles


def scenario_apres_suppression(donnees: Any, identifiant: str) -> str | None:
    """The scenario to show once `identifiant` is deleted: its base, else the first one left."""
    s = scenario_du_brouillon(donnees, identifiant)
    restants = [i for i in identifiants(donnees) if i != identifiant]
    base = s.get("base") if s is not None else None
    return base if base in restants else restants[0] if restants else None


# --- the guide's answers, notes and plan d'action ----------------------------------------------------------


def _guide(donnees: dict[str, Any], cle: str) -> dict[str, Any]:
    """`guide.<cle>` of the (copied) draft, made a dict when it is missing or mistyped."""
    if not isinstance(donnees.get("guide"), dict):
        donnees["guide"] = {}
    if not isinstance(donnees["guide"].get(cle), dict):
        donnees["guide"][cle] = {}
    return donnees["guide"][cle]


def _ranger(donnees: dict[str, Any]) -> dict[str, Any]:
    """No empty `reponses:`, `plan_action:` or `guide:` left in the file."""
    guide = donnees.get("guide")
    if isinstance(guide, dict):
        for cle in ("reponses", "plan_action"):
            if guide.get(cle) == {}:
                del guide[cle]
        if not guide:
            del donnees["guide"]
    return donnees


def _changer_reponse(donnees: Any, question_id: str, champ: str, valeur: str | None) -> dict[str, Any]:
    nouvelles = _copie(donnees)
    reponses = _guide(nouvelles, "reponses")
    entree = dict(dictionnaire(reponses.get(question_id)))
    if valeur is None or valeur == "":
        entree.pop(champ, None)
    else:
        entree[champ] = valeur
    if entree:
        reponses[question_id] = entree
    else:
        reponses.pop(question_id, None)
    return _ranger(nouvelles)


def repondre(donnees: Any, question_id: str, reponse: str | None) -> dict[str, Any]:
    """The draft with the question answered `reponse` (oui, en_partie, non, a_explorer; None or "" clears it)."""
    if reponse not in (None, "", *REPONSES_GUIDE):
        raise EditionRefusee(
            f"« {reponse} » n'est pas une réponse du guide (attendu : {', '.join(REPONSES_GUIDE[:-1])} ou "
            f"{REPONSES_GUIDE[-1]})."
        )
    return _changer_reponse(donnees, question_id, "reponse", reponse)


def noter(donnees: Any, question_id: str, note: str | None) -> dict[str, Any]:
    """The draft with the question's note set (trimmed; an empty note is removed)."""
    return _changer_reponse(donnees, question_id, "note", (note or "").strip())


def changer_plan_action(donnees: Any, actions: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The draft with the plan's lines given (question id → action, responsable, echeance, statut).

    Empty fields and the default statut (« a_faire ») are not written; a line left at its defaults is removed.
    """
    nouvelles = _copie(donnees)
    plan = _guide(nouvelles, "plan_action")
    for question_id, champs in actions.items():
        entree = {k: v for k, v in champs.items() if v and not (k == "statut" and v == "a_faire")}
        if entree:
            plan[question_id] = entree
        else:
            plan.pop(question_id, None)
    return _ranger(nouvelles)
