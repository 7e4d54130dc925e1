"""The French words of the validator's errors on « Ma structure »: where (section, row, field) and what.

`financements[1].fin` becomes « Ligne 2 « FSE+ », Fin : … »: the field is named by its model's title,
the row by its item, and a bound of a rate typed in % is told in %. Pure (no Streamlit): the pages
draw these texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from iae_model.formats import NombreIllisible, lire_nombre
from iae_model.projet import ErreurLigne
from iae_model.vocabulaire import FINANCEURS, FONCTIONS
from ui.champs import champ_au_chemin, titre_au_chemin
from ui.formats import message_en_pourcentage
from ui.formulaires import MODELES, NOMS_TYPES, libelle_champ
from ui.structure import CHEMINS_TABLES, GENRES_SCALAIRES, SECTION_DU_CHAMP, SECTIONS, TABLES
from ui.tableaux import GENRES_NOMBRE, lire


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


AUTRES_SECTIONS = {"scenarios": "Scénarios", "schema": "Version du fichier (schema)", "guide": "Guide"}

_CHEMIN = re.compile(r"^(?P<section>[a-z_]+)(?:\[(?P<indice>\d+)\])?(?:\.(?P<reste>.*))?$")


def section_de(erreur: ErreurLigne) -> str:
    if erreur.chemin in SECTION_DU_CHAMP:
        return SECTION_DU_CHAMP[erreur.chemin]
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
    libelles = {"fonction": FONCTIONS, "financeur": FINANCEURS}
    for cle in ("nom", "type", "fonction", "financeur"):
        valeur = item.get(cle)
        if isinstance(valeur, str) and valeur.strip():
            valeur = libelles.get(cle, {}).get(valeur, valeur)
            return f" « {valeur} »"
    return ""


def _valeur_au_chemin(donnees: Any, chemin: str) -> Any:
    for nom, indice in re.findall(r"([^.\[\]]+)|\[(\d+)\]", chemin):
        if indice:
            i = int(indice)
            donnees = donnees[i] if isinstance(donnees, list) and 0 <= i < len(donnees) else None
        else:
            donnees = donnees.get(nom) if isinstance(donnees, Mapping) else None
    return donnees


def _genre_du_chemin(chemin: str) -> str | None:
    m = re.match(r"^(?:(?:charges|tresorerie)\.)?(?P<liste>[a-z_]+)\[\d+\]\.(?P<champ>[a-z_0-9]+)$", chemin)
    if m and m.group("liste") in TABLES:
        return next((c.genre for c in TABLES[m.group("liste")] if c.champ == m.group("champ")), None)
    return GENRES_SCALAIRES.get(chemin)


def message_erreur(erreur: ErreurLigne, brouillon: Any) -> str:
    """The validator's message in the words of the field (unreadable number, bounds in % for a rate)."""
    return message_champ(erreur, _valeur_au_chemin(brouillon, erreur.chemin), _genre_du_chemin(erreur.chemin))


def _titre(chemin: Sequence[str], reste: str, ligne: bool = False) -> str:
    """The model's title of the field at `chemin` + `reste` (only the item's field for a list's row);
    the path itself for a field the model does not have."""
    try:
        complet = (*chemin, *reste.split("."))
        return champ_au_chemin(complet).libelle if ligne else titre_au_chemin(complet)
    except KeyError:
        return reste


def _ligne_de_liste(nom_liste: str, indice: int, reste: str | None, liste: Any) -> str:
    item = liste[indice] if isinstance(liste, list) and 0 <= indice < len(liste) else None
    texte = f"ligne {indice + 1}{_nom_de_ligne(item)}"
    if reste:
        texte += f", {_titre(CHEMINS_TABLES[nom_liste], reste, ligne=True)}"
    return texte


def _liste_de_section(section: str, reste: str | None) -> str | None:
    """The table a path below a section points into (`permanents[0].etp` in `charges`), if any."""
    sous = _CHEMIN.match(reste or "")
    if not sous or sous.group("indice") is None:
        return None
    return next((nom for nom, chemin in CHEMINS_TABLES.items() if chemin == (section, sous.group("section"))), None)


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
    elif (liste := _liste_de_section(section, reste)) is not None:
        sous = _CHEMIN.match(reste or "")
        assert sous is not None
        lieu = f"{_titre((section,), sous.group('section'))}, " + _ligne_de_liste(
            liste, int(sous.group("indice")), sous.group("reste"), lire(donnees, CHEMINS_TABLES[liste])
        )
    elif reste:
        lieu = _titre((section,), reste)
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
