"""Small projects built in the tests, so that each reference case shows every figure it uses."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from iae_model.projet import Projet, projet_depuis_donnees


def donnees_minimales(
    type_: str = "ACI",
    etp: float = 10,
    annee_reference: int = 2025,
    horizon: int = 2027,
    **conventionnement: Any,
) -> dict[str, Any]:
    """One conventionnement, no turnover, no costs but the insertion payroll, cash 0; turnover entered later stays
    flat (0 % a year, not the inflation it follows by default)."""
    conv: dict[str, Any] = {"type": type_}
    if type_ == "EITI":
        conv["travailleurs_accompagnes"] = etp
    else:
        conv["etp_conventionnes"] = etp
    conv.update(conventionnement)
    return {
        "schema": 1,
        "structure": {"nom": f"Test {type_}", "annee_reference": annee_reference, "tresorerie_initiale": 0},
        "conventionnements": [conv],
        "hypotheses": {
            "horizon": horizon,
            "evolution_smic": 0.02,
            "indexation_socle": "smic",
            "inflation_charges": 0.02,
            "evolution_chiffre_affaires": 0.0,  # turnover flat, so that each case shows its own effects
        },
        "scenarios": [{"id": "reference", "libelle": "Référence"}],
    }


def avec_scenario(donnees: dict[str, Any], **scenario: Any) -> dict[str, Any]:
    d = copy.deepcopy(donnees)
    scenario.setdefault("libelle", scenario["id"])
    d["scenarios"].append(scenario)
    return d


def projet(donnees: dict[str, Any]) -> Projet:
    return projet_depuis_donnees(copy.deepcopy(donnees))


CHAMPS_TEXTE = (
    "structure.nom",
    "structure.territoire",
    "activite.nom",
    "activite.secteur",
    "financement.nom",
    "emprunt.nom",
    "scenario.libelle",
    "scenario.description",
    "levier.nom",
    "levier.secteur",
    "marche.nom",
    "mutualisation.libelle",
    "nouveau_financement.nom",
    "nouveau_emprunt.nom",
    "guide.note",
    "guide.action",
    "guide.responsable",
    "guide.echeance",
    "guide.identifiant",
)
"""Every free text a user types into a project (the fields of `donnees_piegees`)."""


def donnees_piegees(piege: Callable[[str], str]) -> dict[str, Any]:
    """A valid project whose every free text is `piege(field)`: to check that no export interprets user text.

    The guide answers an id the guide does not have (kept and exported as an orphan answer) and one it has.
    """
    t = piege
    d = donnees_minimales("ACI", etp=10, horizon=2027)
    d["structure"]["nom"] = t("structure.nom")
    d["structure"]["territoire"] = t("structure.territoire")
    d["activites"] = [
        {
            "nom": t("activite.nom"),
            "conventionnement": "ACI",
            "secteur": t("activite.secteur"),
            "chiffre_affaires": 50_000,
            "part_marches_publics": 0.5,
        }
    ]
    d["financements"] = [{"nom": t("financement.nom"), "financeur": "region", "montant": 10_000, "debut": 2025}]
    d["tresorerie"] = {
        "emprunts": [{"nom": t("emprunt.nom"), "capital_restant_du": 20_000, "taux": 0.02, "duree_restante": 4}]
    }
    d["scenarios"][0]["libelle"] = t("scenario.libelle")
    d["scenarios"][0]["description"] = t("scenario.description")
    d["scenarios"].append(
        {
            "id": "piege",
            "base": "reference",
            "libelle": t("scenario.libelle") + " 2",
            "description": t("scenario.description"),
            "chocs": [{"type": "perte_activite", "annee": 2026, "activite": t("activite.nom"), "taux": 0.1}],
            "leviers": [
                {
                    "type": "nouvelle_activite",
                    "nom": t("levier.nom"),
                    "secteur": t("levier.secteur"),
                    "conventionnement": "ACI",
                    "annee": 2026,
                    "chiffre_affaires_cible": 20_000,
                },
                {
                    "type": "marche_public",
                    "nom": t("marche.nom"),
                    "conventionnement": "ACI",
                    "annee": 2026,
                    "montant": 9,
                },
                {
                    "type": "mutualisation",
                    "annee": 2026,
                    "economie_charges_fixes": 9,
                    "libelle": t("mutualisation.libelle"),
                },
                {
                    "type": "nouveau_financement",
                    "nom": t("nouveau_financement.nom"),
                    "financeur": "fondation_mecenat",
                    "annee": 2026,
                    "montant": 1,
                },
                {"type": "croissance_activite", "annee": 2026, "activite": t("activite.nom"), "taux": 0.1},
                {"type": "emprunt", "nom": t("nouveau_emprunt.nom"), "annee": 2026, "montant": 5_000, "taux": 0},
            ],
        }
    )
    action = {"action": t("guide.action"), "responsable": t("guide.responsable"), "echeance": t("guide.echeance")}
    d["guide"] = {
        "reponses": {
            "activites.besoins_territoire": {"reponse": "non", "note": t("guide.note")},
            t("guide.identifiant"): {"reponse": "a_explorer", "note": t("guide.note")},
        },
        "plan_action": {"activites.besoins_territoire": action, t("guide.identifiant"): action},
    }
    return d
