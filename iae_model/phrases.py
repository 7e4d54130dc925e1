"""French sentences shared by the app, the bridge and the three exporters: rates, ETP and hypotheses.

The titles of chocs and leviers are their classes' (`iae_model.projet.scenarios`); the words they
use are `iae_model.vocabulaire`'s. Each sentence exists here once so that the Résultats page, the
PDF, the workbook and the Markdown summary say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iae_model.formats import ESPACE_UNITE, euros, nombre, nombre_saisi
from iae_model.parametres import charger_parametres, valeur_au_1er_janvier
from iae_model.vocabulaire import STATUTS_RETENUS, libelle

MOINS = "\u2212"


def taux(valeur: float, signe: bool = False) -> str:
    """0.1 -> '10 %', 0.025 -> '2,5 %', 0.0388 -> '3,88 %', −0.1 -> '−10 %'; `signe`: '+10 %'."""
    p = abs(valeur) * 100
    decimales = next((d for d in (0, 1) if abs(p * 10**d - round(p * 10**d)) < 1e-6), 2)
    texte = f"{nombre(p, decimales)}{ESPACE_UNITE}%"
    if valeur < 0 and round(p, decimales):
        return MOINS + texte
    return ("+" if signe and round(p, decimales) else "") + texte


def effectif(valeur: float) -> str:
    """A count of ETP or workers without its unit: 2 -> '2', 0.5 -> '0,5'."""
    return nombre(valeur, 0 if float(valeur).is_integer() else 1)


def etp(valeur: float, signe: bool = False) -> str:
    """2 -> '2 ETP', 0.5 -> '0,5 ETP', with `signe` '+0,5 ETP' / '−2 ETP'."""
    prefixe = MOINS if valeur < 0 else "+" if signe and valeur else ""
    return f"{prefixe}{effectif(abs(valeur))}{ESPACE_UNITE}ETP"


def parametre(nom: str, annee: int) -> str:
    """A dated parameter's value in force on 1 January of `annee`, in French (« 7 % », « 11,88 € »).

    How the help texts name a parameter (`{cotisations.taux_employeur_net_smic}`): the value of the
    project's reference year, not today's.
    """
    p = charger_parametres()[nom]
    valeur = valeur_au_1er_janvier(nom, annee)
    if valeur is None:
        return "—"
    if p.unite == "/1":
        return taux(valeur)
    if p.unite.startswith("currency"):
        return euros(valeur, 2)
    return nombre_saisi(valeur)


def indexation(valeur: str | float) -> str:
    """What the socle does past the last arrêté: « socle de l'aide au poste gelé »…"""
    if valeur == "gel":
        return "socle de l'aide au poste gelé"
    if valeur == "smic":
        return "socle de l'aide au poste indexé sur le SMIC"
    return f"socle de l'aide au poste {taux(float(valeur), signe=True)} par an"


def par_an(valeur: float) -> str:
    return f"{taux(valeur, signe=True)} par an"


def statuts_retenus(statuts: Any) -> str:
    return " et ".join(libelle(STATUTS_RETENUS, s) for s in statuts)


HYPOTHESES: dict[str, tuple[str, Callable[[Any], str]]] = {
    "evolution_smic": ("SMIC", par_an),
    "indexation_socle": ("", indexation),
    "inflation_charges": ("inflation des charges", par_an),
    "evolution_chiffre_affaires": ("chiffre d'affaires", par_an),
    "evolution_salaires_permanents": (
        "salaires des permanents",
        lambda v: "comme l'inflation" if v is None else par_an(v),
    ),
    "statuts_financements": ("financements retenus :", statuts_retenus),
}
"""Each hypothesis of a project or a scenario, as a sentence fragment: (name, value in French)."""


def hypothese(champ: str, valeur: Any) -> str:
    nom, texte = HYPOTHESES[champ]
    return f"{nom} {texte(valeur)}" if nom else texte(valeur)


def hypotheses_en_clair(h: Any) -> str:
    """« SMIC +2 % par an ; socle … ; inflation des charges +2 % par an ; … » (a default CA or salary
    evolution is not said)."""
    morceaux = []
    for champ in HYPOTHESES:
        valeur = getattr(h, champ)
        if champ == "evolution_chiffre_affaires" and not valeur:
            continue
        if champ == "evolution_salaires_permanents" and valeur is None:
            continue
        morceaux.append(hypothese(champ, valeur))
    return " ; ".join(morceaux)


def changements_d_hypotheses(avant: Any, apres: Any) -> str:
    """« Hypothèses du scénario : SMIC +1 % par an, socle … gelé » (only what changes)."""
    changes = [hypothese(c, getattr(apres, c)) for c in HYPOTHESES if getattr(avant, c) != getattr(apres, c)]
    return "Hypothèses du scénario : " + (", ".join(changes) if changes else "inchangées")
