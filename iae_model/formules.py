"""The formula of each line of the engine, in French: what the Résultats page shows under « Formules et sources ».

Lines are named as the vocabulary names them (`iae_model.vocabulaire.LIGNES`); the ceilings a formula
quotes are the model's and the parameters' (the part modulée's maximum, the occupation ceiling, the
département's share of the RSA), read when the table is first asked for.
"""

from __future__ import annotations

from functools import cache

from iae_model.parametres import charger_parametres
from iae_model.phrases import taux
from iae_model.projet.types import TAUX_OCCUPATION_MAX, part_modulee_max
from iae_model.vocabulaire import libelle_ligne


@cache
def formules() -> tuple[tuple[str, str], ...]:
    """(line, formula) of the engine's lines, in the order of the accounts."""
    modulee = taux(part_modulee_max()[0])
    _, cofinancement = charger_parametres()["aide_au_poste.cofinancement_departement_rsa"].derniere_valeur
    return (
        (
            libelle_ligne("etp", "etp_conventionnes"),
            "max(0, (annexe + ajustements + transferts + ETP des nouvelles activités) × Π(1 + taux des réductions))",
        ),
        (
            libelle_ligne("etp", "etp_realises"),
            f"ETP conventionnés × taux d'occupation (jusqu'à {taux(TAUX_OCCUPATION_MAX)})",
        ),
        (
            libelle_ligne("produits", "aide_au_poste"),
            "min(ETP réalisés, ETP conventionnés) × socle(type, année) × (1 + part modulée), la part modulée étant "
            f"plafonnée à {modulee} : l'État ne finance que les postes de l'annexe",
        ),
        (
            "Aide EITI",
            "travailleurs accompagnés × moyenne mensuelle de [montant maximal pour 1 505 h jusqu'en 2024 ; "
            "12 × 450 € × part des mois 1 à 9 depuis 2025] (mois 10 à 24 : barème non publié, compté 0)",
        ),
        (
            libelle_ligne("produits", "aide_au_poste_departement"),
            f"ETP réalisés × part de bénéficiaires du RSA × 12 × {taux(cofinancement or 0.0)} × RSA forfaitaire "
            "(au plus l'aide totale) ; le reste est payé par l'État (ACI seulement)",
        ),
        (
            libelle_ligne("charges", "masse_salariale_insertion"),
            "ETP réalisés × heures payées par ETP × salaire horaire × indemnités (ETTI, AI) × (1 + taux employeur) ; "
            "taux employeur = charges que la réduction générale ne couvre pas (formation, taxe d'apprentissage d'une "
            "société, AT/MP au-delà de la part couverte, versement mobilité, AGS, mutuelle et prévoyance) + "
            "réduction perdue au-dessus du SMIC ; aucune pour l'EITI",
        ),
        ("Salaire horaire", "SMIC de l'année, ou le montant saisi × SMIC(année) / SMIC(année de référence)"),
        (
            libelle_ligne("produits", "chiffre_affaires"),
            "CA de référence × (1 + évolution du CA)^(année − réf.) × Π(1 + croissances) × Π(1 − pertes) × "
            "(1 − part liée + part liée × ETP réalisés / ETP réalisés de l'année de référence) ; part marchés "
            "publics × Π(1 − pertes de marchés)",
        ),
        (libelle_ligne("charges", "charges_variables"), "CA × taux de charges variables de chaque activité"),
        (
            libelle_ligne("produits", "subventions"),
            "montant de chaque financement actif (début ≤ année ≤ fin) et retenu, × Π(1 + variations de son financeur)",
        ),
        (
            libelle_ligne("charges", "permanents"),
            "Σ ETP × coût chargé × (1 + évolution des salaires des permanents)^(année − réf.)",
        ),
        (
            libelle_ligne("charges", "fonctionnement"),
            "charges fixes × (1 + inflation)^(année − réf.) − économies de mutualisation + charges fixes des "
            "nouvelles activités",
        ),
        (
            libelle_ligne("charges", "formation"),
            "montant × (1 + inflation)^(année − réf.) × (1 − prise en charge OPCO / PIC IAE)",
        ),
        *(
            (libelle_ligne(categorie, code), "montant de l'année de référence × (1 + inflation)^(année − réf.)")
            for categorie, code in (("produits", "autres_produits"), ("charges", "autres_charges"))
        ),
        (
            libelle_ligne("charges", "amortissements"),
            "dotations existantes + investissements des nouvelles activités / durée d'amortissement",
        ),
        (libelle_ligne("resultat", "resultat"), "produits − charges"),
        (
            libelle_ligne("tresorerie", "tresorerie_fin"),
            "trésorerie de début + résultat + amortissements − investissements + subventions d'investissement",
        ),
    )
