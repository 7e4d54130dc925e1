"""The tool's French words, once: funders, statuses, functions, structure types, indexation modes,
co-funding effects, lines of the accounts, alerts and indicators.

Every page, form, chart, export and the CLI read their labels here, so that a funder or a line is
named the same way everywhere (they were worded three and four ways). A label is written as it
stands alone (a table cell, a choice); `en_phrase` gives the form used inside a sentence
(« Financements département −10 % »).
"""

from __future__ import annotations

from dataclasses import dataclass

FINANCEURS: dict[str, str] = {
    "etat_autre": "État (hors aide au poste)",
    "departement": "Département",
    "region": "Région",
    "commune_epci": "Commune ou EPCI",
    "fse": "FSE+",
    "fdi": "FDI",
    "fondation_mecenat": "Fondations et mécénat",
    "opco": "OPCO",
    "autre": "Autre financeur",
}

PAYEURS: dict[str, str] = {
    "asp": "ASP (aide au poste)",
    "clients_publics": "Clients publics",
    "clients_prives": "Clients privés",
    **FINANCEURS,
}
"""Who pays the structure, for the payment delays (`retard_paiement`)."""

STATUTS_FINANCEMENT: dict[str, str] = {"acquis": "Acquis", "probable": "Probable", "a_rechercher": "À rechercher"}
STATUTS_RETENUS: dict[str, str] = {"acquis": "acquis", "probable": "probables", "a_rechercher": "à rechercher"}
"""The statuses as the hypotheses say them: « financements retenus : acquis et probables »."""

FONCTIONS: dict[str, str] = {
    "encadrant_technique": "Encadrant technique",
    "cip": "Conseiller en insertion (CIP)",
    "direction": "Direction",
    "administratif": "Administratif",
    "autre": "Autre",
}

FORMES_JURIDIQUES: dict[str, str] = {
    "association": "Association (loi 1901)",
    "societe": "Société (SARL, SAS, SCOP, SCIC…)",
    "autre": "Autre (collectivité, établissement public…)",
}

TYPES_STRUCTURE: dict[str, str] = {
    "ACI": "ACI – atelier et chantier d'insertion",
    "EI": "EI – entreprise d'insertion",
    "AI": "AI – association intermédiaire",
    "ETTI": "ETTI – entreprise de travail temporaire d'insertion",
    "EITI": "EITI – entreprise d'insertion par le travail indépendant",
}

MOIS: tuple[str, ...] = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MOIS_COURTS: tuple[str, ...] = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip

MODES_INDEXATION: dict[str, str] = {"smic": "Indexé sur le SMIC", "gel": "Gelé", "taux": "Un taux annuel"}
"""How the socle evolves past the last published arrêté (a rate is stored as a number)."""


@dataclass(frozen=True)
class Effet:
    libelle: str
    explication: str

    def __str__(self) -> str:
        return f"{self.libelle} : {self.explication}"


EFFETS_COFINANCEMENT: dict[str, Effet] = {
    "perte_seche": Effet("Perte sèche", "la structure perd l'argent et garde les postes"),
    "postes_perdus": Effet("Postes perdus", "les postes que le département ne finance plus disparaissent"),
    "etat_compense": Effet("Compensé par l'État", "l'État paie la différence, le total ne change pas"),
}
"""Who bears a cut of the département's RSA co-funding of the ACI aide au poste."""


def en_phrase(libelle: str) -> str:
    """The label inside a sentence: « Département » -> « département »; acronyms and « État » are kept."""
    premier = libelle.split(" ", 1)[0]
    if not premier or premier.startswith("État") or sum(c.isupper() for c in premier) > 1:
        return libelle
    return libelle[0].lower() + libelle[1:]


def libelle(table: dict[str, str], code: object) -> str:
    """The label of `code`, or the code itself when it is unknown (an invalid draft is still shown)."""
    return table.get(code, str(code)) if isinstance(code, str) else str(code)


# --- lines of the accounts -------------------------------------------------------------------------

CATEGORIES: dict[str, str] = {
    "etp": "ETP",
    "produits": "Produits",
    "charges": "Charges",
    "resultat": "Résultat",
    "subventions": "Subventions par financeur",
    "tresorerie": "Trésorerie",
}


@dataclass(frozen=True)
class Ligne:
    """A line of the accounts: its category and code in `Resultat.lignes()`, and its French label.

    `dont` names a detail line under its parent in a table (« dont État » under « Aide au poste »).
    """

    categorie: str
    code: str
    libelle: str
    dont: str | None = None

    @property
    def dans_un_tableau(self) -> str:
        return f"  dont {self.dont}" if self.dont else self.libelle


LIGNES: tuple[Ligne, ...] = (
    Ligne("etp", "etp_conventionnes", "ETP conventionnés"),
    Ligne("etp", "etp_realises", "ETP réalisés"),
    Ligne("etp", "travailleurs_accompagnes", "Travailleurs accompagnés (EITI)"),
    Ligne("produits", "aide_au_poste", "Aide au poste"),
    Ligne("produits", "aide_au_poste_etat", "Aide au poste, part de l'État", dont="État"),
    Ligne(
        "produits", "aide_au_poste_departement", "Aide au poste, part du département (RSA)", dont="département (RSA)"
    ),
    Ligne("produits", "chiffre_affaires", "Chiffre d'affaires"),
    Ligne("produits", "ca_marches_publics", "Chiffre d'affaires avec des acheteurs publics", dont="marchés publics"),
    Ligne("produits", "ca_prive", "Chiffre d'affaires avec des clients privés", dont="clients privés"),
    Ligne("produits", "subventions", "Subventions"),
    Ligne("produits", "quote_part_subventions", "Quote-part des subventions d'investissement"),
    Ligne("produits", "autres_produits", "Autres produits"),
    Ligne("produits", "total", "Total des produits"),
    Ligne("charges", "masse_salariale_insertion", "Masse salariale d'insertion"),
    Ligne("charges", "permanents", "Permanents"),
    Ligne("charges", "charges_variables", "Charges variables"),
    Ligne("charges", "fonctionnement", "Fonctionnement"),
    Ligne("charges", "formation", "Formation (nette de la prise en charge)"),
    Ligne("charges", "impots_taxes", "Impôts et taxes"),
    Ligne("charges", "amortissements", "Amortissements"),
    Ligne("charges", "charges_financieres", "Charges financières (intérêts)"),
    Ligne("charges", "autres_charges", "Autres charges"),
    Ligne("charges", "total", "Total des charges"),
    Ligne("resultat", "resultat", "Résultat"),
    Ligne("tresorerie", "tresorerie_debut", "Trésorerie de début d'année"),
    Ligne("tresorerie", "caf", "Capacité d'autofinancement (CAF)"),
    Ligne("tresorerie", "investissements", "Investissements (renouvellement compris)"),
    Ligne("tresorerie", "subventions_investissement", "Subventions d'investissement reçues"),
    Ligne("tresorerie", "emprunts_nouveaux", "Emprunts nouveaux"),
    Ligne("tresorerie", "remboursements_emprunts", "Remboursement du capital des emprunts"),
    Ligne("tresorerie", "variation_bfr", "Variation du besoin en fonds de roulement"),
    Ligne("tresorerie", "tresorerie_fin", "Trésorerie de fin d'année"),
    Ligne("tresorerie", "point_bas", "Point bas de trésorerie (fin de mois)"),
)
LIGNE: dict[tuple[str, str], Ligne] = {(ligne.categorie, ligne.code): ligne for ligne in LIGNES}


def libelle_court(ligne: Ligne) -> str:
    """A detail line named after its parent, for a chart's legend: « Chiffre d'affaires : marchés publics »."""
    if not ligne.dont:
        return ligne.libelle
    avant = LIGNES[: LIGNES.index(ligne)]
    parent = next(x for x in reversed(avant) if x.categorie == ligne.categorie and not x.dont)
    return f"{parent.libelle} : {ligne.dont}"


def libelle_ligne(categorie: str, code: str) -> str:
    """French label of a line of `Resultat.lignes()` (subsidies are named after their funder)."""
    if categorie == "subventions":
        return f"Subventions : {libelle(FINANCEURS, code)}"
    trouvee = LIGNE.get((categorie, code))
    return trouvee.libelle if trouvee else code


# --- alerts and indicators ---------------------------------------------------------------------------

ALERTES: dict[str, str] = {
    "deficit": "Déficit",
    "tresorerie_negative": "Trésorerie négative",
    "tresorerie_faible": "Trésorerie faible",
    "point_bas_negatif": "Trésorerie négative en cours d'année",
    "plafond_aci": "Plafond commercial de l'ACI",
    "sous_occupation": "Sous-occupation des postes",
    "sur_occupation": "Sur-occupation des postes",
    "part_modulee_plafond": "Part modulée plafonnée",
}
GRAVES = frozenset({"tresorerie_negative", "point_bas_negatif", "plafond_aci"})
"""Alerts a board must read first: the structure cannot pay, or breaks a regulatory ceiling."""

INDICATEURS: dict[str, tuple[str, str]] = {
    "part_argent_public": ("Part d'argent public dans les produits", "pourcentage"),
    "part_chiffre_affaires": ("Part du chiffre d'affaires dans les produits", "pourcentage"),
    "part_marches_publics_ca": ("Part du chiffre d'affaires avec des acheteurs publics", "pourcentage"),
    "cout_net_par_etp": ("Coût net par ETP", "euros"),
    "aide_par_etp": ("Aide au poste par ETP", "euros"),
    "mois_tresorerie": ("Mois de trésorerie", "nombre"),
    "point_bas_mois": ("Point bas de trésorerie, en mois de charges", "nombre"),
    "bfr_mois": ("Besoin en fonds de roulement, en mois de charges", "nombre"),
    "fonds_propres_mois": ("Fonds propres, en mois de charges", "nombre"),
    "ca_point_mort": ("Chiffre d'affaires de point mort", "euros"),
    "ratio_commercial_aci": ("Ratio commercial de l'ACI (CA / charges de l'ACI)", "pourcentage"),
    "plafond_aci": ("Plafond commercial de l'ACI", "pourcentage"),
}
"""Indicators of each year (`Annee.indicateurs`): French label and kind of value."""
