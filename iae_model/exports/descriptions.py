"""French words for the exports: chocs and leviers in plain French, lines of the accounts, funders.

`iae_model` never imports `ui` (the Streamlit layer), so the exports carry their own short texts. The
label of each choc or levier with its figures (« Baisse des ETP conventionnés de 10 % dès 2026 ») is
the bridge's (`iae_model.pont.libelle_item`), the same one the Résultats page shows; `SENS_TYPES`
says in one sentence what each type of choc or levier means for the structure.
"""

from __future__ import annotations

from typing import Any

from iae_model.formats import ESPACE_UNITE, euros, nombre, pourcentage
from iae_model.pont import libelle_item
from iae_model.projet.scenarios import TYPES_CHOCS

NOMS_TYPES: dict[str, str] = {
    "reduction_etp": "Réduction des ETP conventionnés",
    "indexation_socle": "Indexation du montant socle de l'aide au poste",
    "part_modulee": "Part modulée de l'aide au poste",
    "variation_financement": "Variation des financements d'un financeur",
    "choc_smic": "Hausse supplémentaire du SMIC",
    "perte_activite": "Perte d'activité",
    "perte_marches_publics": "Perte de marchés publics",
    "taux_occupation": "Taux d'occupation des postes",
    "prise_en_charge_formation": "Prise en charge de la formation (OPCO, PIC IAE)",
    "fin_aide_au_poste": "Fin de l'aide au poste",
    "nouvelle_activite": "Nouvelle activité",
    "marche_public": "Marché public (lot réservé, clause sociale)",
    "mutualisation": "Mutualisation, coopération",
    "croissance_activite": "Croissance d'une activité",
    "derogation_aci": "Dérogation au plafond commercial de l'ACI",
    "ouverture_conventionnement": "Ouverture d'un conventionnement (modèle hybride)",
    "nouveau_financement": "Nouveau financement",
    "ajustement_permanents": "Ajustement des permanents",
    "ajustement_etp": "Ajustement des ETP conventionnés (dialogue de gestion)",
}

SENS_TYPES: dict[str, str] = {
    "reduction_etp": "l'État finance moins de postes : les postes perdus emportent leur aide au poste et leur "
    "masse salariale, et la part du chiffre d'affaires liée aux ETP baisse avec eux.",
    "indexation_socle": "au-delà du dernier arrêté publié, le montant socle de l'aide au poste est gelé (la hausse "
    "du SMIC n'est alors pas financée), suit le SMIC ou augmente d'un taux annuel.",
    "part_modulee": "la part modulée de l'aide au poste, fixée chaque année par le préfet (0 à 10 % du socle), change.",
    "variation_financement": "un financeur augmente, réduit ou arrête ses subventions ; pour le département, le "
    "choc porte aussi sur sa part de l'aide au poste des ACI (postes tenus par des bénéficiaires du RSA).",
    "choc_smic": "le SMIC augmente plus que prévu : la masse salariale d'insertion renchérit, le socle ne suit que "
    "s'il est indexé sur le SMIC.",
    "perte_activite": "une activité perd une partie de ses ventes (client perdu, site fermé) ou s'arrête ; les "
    "charges variables suivent.",
    "perte_marches_publics": "des acheteurs publics arrêtent leurs commandes : la part publique du chiffre "
    "d'affaires baisse.",
    "taux_occupation": "les postes ne sont pas tous occupés : sous 90 %, l'ASP reprend l'aide des postes vides.",
    "prise_en_charge_formation": "la part de la formation des salariés en insertion payée par l'OPCO ou le PIC IAE "
    "change.",
    "fin_aide_au_poste": "l'aide au poste s'arrête ; l'activité, les postes et les salaires continuent sans elle.",
    "nouvelle_activite": "la structure lance une activité dont le chiffre d'affaires monte en charge, avec ses "
    "charges variables et, le cas échéant, un investissement, des charges fixes et des ETP.",
    "marche_public": "un lot réservé ou une clause sociale apporte un chiffre d'affaires public chaque année pendant "
    "la durée du marché.",
    "mutualisation": "la coopération avec d'autres structures (locaux, véhicules, fonctions support) réduit les "
    "charges fixes, après un éventuel coût de mise en place.",
    "croissance_activite": "une activité existante vend davantage (nouveaux clients, prix).",
    "derogation_aci": "le préfet autorise l'ACI à porter ses recettes commerciales jusqu'à 50 % de ses charges "
    "au lieu de 30 %.",
    "ouverture_conventionnement": "la structure ouvre un autre conventionnement (par exemple une EI à côté de "
    "l'ACI) et peut y transférer des ETP et des activités.",
    "nouveau_financement": "un nouveau financeur apporte une subvention annuelle.",
    "ajustement_permanents": "la structure ajoute ou retire des postes de permanents (encadrement, "
    "accompagnement, direction).",
    "ajustement_etp": "le dialogue de gestion avec l'État modifie le nombre d'ETP de l'annexe financière.",
}


def nature_item(item: Any) -> str:
    return "Choc" if item.type in TYPES_CHOCS else "Levier"


def decrire_item(item: Any) -> str:
    """The choc or levier with its figures and year, as the Résultats page's bridge names it."""
    return libelle_item(item)


def sens_type(type_: str) -> str:
    """« Réduction des ETP conventionnés : l'État finance moins de postes… »."""
    return f"{NOMS_TYPES.get(type_, type_)} : {SENS_TYPES.get(type_, '')}".rstrip(" :")


def montant(valeur: float) -> str:
    return euros(valeur)


def duree_financement(debut: int, fin: int | None) -> str:
    if fin is None:
        return f"depuis {debut}"
    return f"en {debut}" if fin == debut else f"{debut}–{fin}"


def unite(valeur: float | None, code: str, court: bool = False) -> str:
    """A parameter's value in French with its unit (`currency-EUR`, `/1`, `hour`...).

    `court`: amounts of 100 € or more without cents (for narrow table columns).
    """
    if valeur is None:
        return "—"
    if code.startswith("currency"):
        return euros(valeur, 0 if court and abs(valeur) >= 100 else 2)
    if code == "/1":
        return pourcentage(valeur)
    if code == "hour":
        return f"{nombre(valeur)}{ESPACE_UNITE}h"
    return nombre(valeur, 2)
