"""Forms generated from the chocs and leviers models, and their French texts.

Every choc and levier is a pydantic model (`iae_model.projet.scenarios`); its fields, types and ranges
are read from `model_fields`, so a field added to a model appears in the form without touching this
module (give it a French label in `LIBELLES_CHAMPS`: a test checks that none is missing).

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
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import streamlit as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from iae_model.exports.descriptions import NOMS_TYPES
from iae_model.formats import NombreIllisible, euros, lire_nombre, nombre, nombre_saisi, pourcentage
from iae_model.parametres import charger_parametres
from iae_model.projet import ErreurProjet, projet_depuis_donnees
from iae_model.projet.brouillon import chaine, liste, scenarios_du_brouillon
from iae_model.projet.brouillon import dictionnaire as _dict
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS, Choc, Levier
from iae_model.projet.types import TYPES_CONVENTIONNEMENT
from ui.formats import message_en_pourcentage

# --- Models --------------------------------------------------------------------------------------


def _modeles(union: Any) -> dict[str, type[BaseModel]]:
    classes = get_args(get_args(union)[0])
    return {get_args(c.model_fields["type"].annotation)[0]: c for c in classes}


MODELES: dict[str, type[BaseModel]] = {**_modeles(Choc), **_modeles(Levier)}
GENRES = {"chocs": TYPES_CHOCS, "leviers": TYPES_LEVIERS}


def genre_du_type(type_: str) -> str:
    return "chocs" if type_ in TYPES_CHOCS else "leviers"


# --- French texts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explication:
    modelise: str
    formule: str


EXPLICATIONS: dict[str, Explication] = {
    "reduction_etp": Explication(
        "L'État réduit le nombre de postes financés (ETP de l'annexe financière) d'un conventionnement, "
        "ou de tous si aucun n'est choisi. Les postes perdus emportent leur aide au poste et leur masse "
        "salariale ; la part du chiffre d'affaires liée aux ETP baisse aussi.",
        "ETP conventionnés × (1 + taux) à partir de l'année choisie, taux ≤ 0 ; plusieurs réductions se "
        "cumulent (× (1 + taux₁) × (1 + taux₂)…).",
    ),
    "indexation_socle": Explication(
        "Ce que devient le montant socle de l'aide au poste au-delà du dernier arrêté publié : gelé (la hausse "
        "du SMIC n'est pas financée), indexé sur le SMIC, ou revalorisé d'un taux annuel.",
        "Socle(Y) = dernier socle connu × indexation, appliquée à chaque date anniversaire à partir de l'année "
        "choisie ; une année gelée n'est pas rattrapée ensuite.",
    ),
    "part_modulee": Explication(
        "Le préfet (la DDETS) fixe chaque année la part modulée de l'aide au poste, de 0 à 10 % du socle, "
        "selon le public accueilli, l'accompagnement et les sorties.",
        "Aide au poste = min(ETP réalisés, ETP conventionnés) × socle × (1 + part modulée), avec part modulée "
        "= valeur à partir de l'année choisie (10 % au plus, le maximum légal).",
    ),
    "variation_financement": Explication(
        "Un financeur augmente, réduit ou arrête ses subventions (−100 % : il s'arrête, par exemple le FDI). "
        "Pour le département, le choc porte aussi sur son cofinancement de l'aide au poste des ACI (postes "
        "tenus par des bénéficiaires du RSA), avec l'effet choisi : perte sèche, postes perdus ou "
        "compensation par l'État.",
        "Chaque financement du financeur × (1 + taux) à partir de l'année choisie.",
    ),
    "choc_smic": Explication(
        "Une hausse du SMIC au-delà de l'hypothèse du projet (coup de pouce, revalorisation anticipée). Elle "
        "renchérit la masse salariale d'insertion ; le socle ne la suit que s'il est indexé sur le SMIC.",
        "SMIC × (1 + taux) au 1er janvier de l'année choisie, en plus des valeurs connues et de l'hypothèse "
        "d'évolution.",
    ),
    "perte_activite": Explication(
        "Une activité perd une partie de ses ventes (un grand client s'en va, un site ferme) ou s'arrête.",
        "CA de l'activité × (1 − taux) à partir de l'année choisie (100 % : activité arrêtée) ; les charges "
        "variables suivent le CA.",
    ),
    "perte_marches_publics": Explication(
        "Des acheteurs publics arrêtent leurs commandes (marché non renouvelé, clause sociale perdue) : la "
        "part publique du chiffre d'affaires d'une activité, d'un marché ou de toutes baisse.",
        "Part publique du CA × (1 − taux) à partir de l'année choisie.",
    ),
    "taux_occupation": Explication(
        "Les postes conventionnés ne sont pas tous occupés (prescriptions insuffisantes, recrutements "
        "difficiles) : sous 90 %, l'ASP reprend l'aide des postes non occupés.",
        "ETP réalisés = ETP conventionnés × taux d'occupation (valeur) à partir de l'année choisie ; l'aide "
        "ne finance que les postes de l'annexe.",
    ),
    "prise_en_charge_formation": Explication(
        "La part des dépenses de formation des salariés en insertion financée par l'OPCO ou le PIC IAE change "
        "(par exemple si le PIC IAE est réduit).",
        "Formation = montant × (1 + inflation)^(Y − réf.) × (1 − prise en charge), avec prise en charge = "
        "valeur à partir de l'année choisie.",
    ),
    "fin_aide_au_poste": Explication(
        "L'aide au poste s'arrête (par exemple à la fin de l'expérimentation EITI) : l'activité, les ETP et "
        "la masse salariale continuent sans elle.",
        "Aide au poste = 0 à partir de l'année choisie.",
    ),
    "nouvelle_activite": Explication(
        "La structure lance une activité (recyclerie, conserverie…) : son chiffre d'affaires monte en charge, "
        "elle peut demander un investissement (subventionné ou non), des charges fixes et des ETP "
        "conventionnés supplémentaires.",
        "CA(année + k) = CA cible × montée en charge[k] (la dernière part est gardée ensuite) ; charges "
        "variables = CA × taux ; investissement et subvention en trésorerie l'année de lancement, "
        "investissement amorti sur la durée d'amortissement ; ETP supplémentaires au rythme de la montée en "
        "charge.",
    ),
    "marche_public": Explication(
        "La structure gagne un marché public (lot réservé aux SIAE, clause sociale d'insertion) pour quelques années.",
        "CA public = montant chaque année pendant la durée du marché à partir de l'année choisie ; charges "
        "variables = montant × taux ; ETP supplémentaires pendant la durée du marché.",
    ),
    "mutualisation": Explication(
        "La structure partage des charges fixes (locaux, véhicules, fonctions support) avec d'autres, ou "
        "coopère au sein d'un groupement.",
        "Charges fixes − économie (indexée sur l'inflation) à partir de l'année choisie ; coût de mise en "
        "place compté une fois l'année de départ.",
    ),
    "croissance_activite": Explication(
        "Une activité existante grandit (nouveaux clients, horaires élargis) ou recule.",
        "CA de l'activité × (1 + taux) à partir de l'année choisie, en une fois ; plusieurs croissances se composent.",
    ),
    "derogation_aci": Explication(
        "Le préfet autorise l'ACI à tirer de ses ventes jusqu'à 50 % de ses charges au lieu de 30 % (art. "
        "D.5132-34 du Code du travail), quand l'activité ne concurrence pas les entreprises locales.",
        "Plafond du ratio commercial de l'ACI (CA / charges de l'ACI) = 50 % à partir de l'année choisie "
        "(30 % sinon) ; l'alerte « plafond » en tient compte.",
    ),
    "ouverture_conventionnement": Explication(
        "La structure ouvre un second conventionnement, par exemple une EI à côté de l'ACI (modèle hybride) : "
        "des ETP et des activités peuvent y passer avec leur chiffre d'affaires.",
        "Nouveau conventionnement à partir de l'année choisie, avec ses ETP, son taux d'occupation et sa part "
        "modulée ; les ETP transférés quittent le conventionnement d'origine ; les activités transférées "
        "passent avec leur CA.",
    ),
    "nouveau_financement": Explication(
        "Un nouveau financeur (fondation, région, FSE+, commune…) soutient la structure. Un financement « à "
        "rechercher » n'est compté que si les hypothèses du projet le retiennent.",
        "Subvention = montant chaque année à partir de l'année choisie, pendant la durée (sans fin si elle est vide).",
    ),
    "ajustement_permanents": Explication(
        "La structure recrute ou réduit ses permanents (encadrants, CIP, direction, administratif).",
        "Permanents de la fonction ± ETP à partir de l'année choisie, au coût chargé indiqué ou, sans coût, "
        "au coût moyen de la fonction dans le projet.",
    ),
    "ajustement_etp": Explication(
        "Au dialogue de gestion, des ETP conventionnés sont ajoutés ou retirés (par exemple transférés de "
        "l'ACI vers l'EI).",
        "ETP conventionnés ± ETP à partir de l'année choisie.",
    ),
}

_PARAMETRES_SOURCES: dict[str, tuple[str, ...]] = {
    "derogation_aci": ("aci.plafond_recettes_commerciales_derogation",),
    "part_modulee": ("aide_au_poste.part_modulee_max",),
    "variation_financement": ("aide_au_poste.cofinancement_departement_rsa",),
    "indexation_socle": ("aide_au_poste.montant_socle.aci",),
    "choc_smic": ("smic.horaire_brut",),
}


@cache
def sources_du_type(type_: str) -> tuple[tuple[str, str], ...]:
    """(title, link) of the official texts behind the rule (the parameters' references)."""
    parametres = charger_parametres()
    vues: list[tuple[str, str]] = []
    for nom in _PARAMETRES_SOURCES.get(type_, ()):
        p = parametres.get(nom)
        if p is None:
            continue
        debut, _ = p.derniere_valeur
        for ref in p.references_au(debut):
            if (ref.titre, ref.lien) not in vues:
                vues.append((ref.titre, ref.lien))
    return tuple(vues)


VALEURS: dict[str, dict[str, str]] = {
    "financeur": {
        "etat_autre": "État (hors aide au poste)",
        "departement": "Département",
        "region": "Région",
        "commune_epci": "Commune ou intercommunalité",
        "fse": "FSE+",
        "fdi": "FDI (fonds de développement de l'inclusion)",
        "fondation_mecenat": "Fondation, mécénat",
        "opco": "OPCO",
        "autre": "Autre",
    },
    "statut": {"acquis": "Acquis", "probable": "Probable", "a_rechercher": "À rechercher"},
    "fonction": {
        "encadrant_technique": "Encadrant technique",
        "cip": "Conseiller en insertion (CIP)",
        "direction": "Direction",
        "administratif": "Administratif",
        "autre": "Autre",
    },
    "effet_cofinancement_rsa": {
        "perte_seche": "Perte sèche : la structure perd l'argent et garde les postes",
        "postes_perdus": "Postes perdus : les postes que le département ne finance plus disparaissent",
        "etat_compense": "L'État compense : le total ne change pas",
    },
}

MODES_INDEXATION = {"gel": "Gel", "smic": "Indexé sur le SMIC", "taux": "Taux annuel"}

LIBELLES_CHAMPS: dict[str, tuple[str, str]] = {
    "annee": ("Année", "Année à partir de laquelle il s'applique (et les années suivantes)."),
    "conventionnement": ("Conventionnement", "Vide : tous les conventionnements."),
    "taux": ("Taux (%)", "En pourcentage."),
    "valeur": ("Valeur (%)", "En pourcentage."),
    "financeur": ("Financeur", "Le financeur dont tous les financements changent."),
    "effet_cofinancement_rsa": (
        "Effet sur le cofinancement RSA du département",
        "Ne joue que pour le département : sa part de l'aide au poste des ACI (postes tenus par des "
        "bénéficiaires du RSA).",
    ),
    "activite": ("Activité", "Une activité de la structure ou créée par un levier du scénario."),
    "nom": ("Nom", "Un nom court, propre à ce projet."),
    "secteur": ("Secteur", "Libre, par exemple « reemploi » ou « espaces_verts »."),
    "chiffre_affaires_cible": (
        "Chiffre d'affaires cible (€ par an)",
        "Le chiffre d'affaires annuel atteint à la fin de la montée en charge.",
    ),
    "montee_en_charge": (
        "Montée en charge (% de la cible, année par année)",
        "Parts de la cible atteintes chaque année depuis le lancement, en %, séparées par « ; » : « 40 ; 80 ; 100 » "
        "= 40 % la 1re année, 80 % la 2e, 100 % ensuite (la dernière part est gardée).",
    ),
    "taux_charges_variables": ("Charges variables (% du CA)", "Achats, sous-traitance, carburant : part du CA."),
    "part_marches_publics": ("Part du CA avec des acheteurs publics (%)", "Clauses sociales, marchés réservés."),
    "investissement": ("Investissement (€)", "Dépensé l'année de lancement, amorti sur la durée d'amortissement."),
    "subvention_investissement": (
        "Subvention d'investissement (€)",
        "Reçue l'année de lancement ; elle ne peut dépasser l'investissement.",
    ),
    "duree_amortissement": ("Durée d'amortissement (ans)", "De 1 à 50 ans."),
    "charges_fixes": ("Charges fixes supplémentaires (€ par an)", "Loyer, véhicule… indexées sur l'inflation."),
    "etp_supplementaires": (
        "ETP conventionnés supplémentaires",
        "Ajoutés à l'annexe du conventionnement (accordés par la DDETS).",
    ),
    "montant": ("Montant (€ par an)", "Montant annuel."),
    "duree": ("Durée (années)", "Nombre d'années."),
    "economie_charges_fixes": (
        "Économie de charges fixes (€ par an)",
        "En euros de l'année de départ, indexée ensuite sur l'inflation.",
    ),
    "cout_mise_en_place": ("Coût de mise en place (€, une fois)", "Compté l'année de départ."),
    "libelle": ("Libellé", "Facultatif : ce qui est mutualisé, avec qui."),
    "etp_conventionnes": ("ETP conventionnés", "ETP de l'annexe financière du nouveau conventionnement."),
    "travailleurs_accompagnes": ("Travailleurs accompagnés (EITI)", "Seulement pour une EITI."),
    "taux_occupation": ("Taux d'occupation (%)", "ETP réalisés / ETP conventionnés."),
    "part_modulee": ("Part modulée (% du socle)", "De 0 à 10 % du montant socle."),
    "depuis": ("Transférés depuis", "Le conventionnement qui cède ses ETP et ses activités."),
    "transfert_etp": ("ETP transférés", "ETP conventionnés qui quittent le conventionnement d'origine."),
    "transfert_activites": ("Activités transférées", "Elles passent avec leur chiffre d'affaires."),
    "statut": (
        "Statut",
        "Acquis, probable ou à rechercher : un financement « à rechercher » n'est compté que si les "
        "hypothèses du projet le retiennent.",
    ),
    "fonction": ("Fonction", "La fonction des permanents concernés."),
    "etp": ("Variation des ETP (±)", "Positive pour un ajout, négative pour une baisse."),
    "cout_annuel_charge": (
        "Coût annuel chargé d'un ETP (€)",
        "Vide : le coût moyen de la fonction dans le projet.",
    ),
}

LIBELLES_PAR_TYPE: dict[tuple[str, str], tuple[str, str]] = {
    ("reduction_etp", "taux"): (
        "Variation des ETP conventionnés (%)",
        "Négative : −10 pour une baisse de 10 %. Plusieurs réductions se cumulent.",
    ),
    ("indexation_socle", "valeur"): (
        "Indexation du socle",
        "Gel : le socle ne bouge plus ; SMIC : il suit le SMIC ; taux : il augmente du taux annuel indiqué.",
    ),
    ("part_modulee", "valeur"): (
        "Part modulée (% du socle)",
        "De 0 à 10 % du socle (le maximum légal).",
    ),
    ("variation_financement", "taux"): (
        "Variation des financements (%)",
        "−100 : le financeur s'arrête ; −15 : baisse de 15 % ; +10 : hausse de 10 %.",
    ),
    ("choc_smic", "taux"): ("Hausse supplémentaire du SMIC (%)", "En plus de l'hypothèse d'évolution du SMIC."),
    ("perte_activite", "taux"): ("Part du chiffre d'affaires perdue (%)", "100 : l'activité s'arrête."),
    ("perte_marches_publics", "taux"): ("Part du CA public perdue (%)", "100 : toute la part publique est perdue."),
    ("perte_marches_publics", "activite"): (
        "Activité ou marché",
        "Une activité ou un marché public du scénario ; vide : toutes les activités.",
    ),
    ("taux_occupation", "valeur"): (
        "Taux d'occupation (%)",
        "ETP réalisés / ETP conventionnés ; sous 90 %, l'ASP reprend l'aide des postes non occupés.",
    ),
    ("prise_en_charge_formation", "valeur"): (
        "Part de la formation prise en charge (%)",
        "Financée par l'OPCO ou le PIC IAE.",
    ),
    ("croissance_activite", "taux"): (
        "Croissance du chiffre d'affaires (%)",
        "En une fois ; négative pour une baisse (−100 au plus).",
    ),
    ("nouvelle_activite", "nom"): ("Nom de l'activité", "Un nom qui n'est pas déjà pris par une activité."),
    ("nouvelle_activite", "conventionnement"): ("Conventionnement", "Le conventionnement qui porte l'activité."),
    ("nouvelle_activite", "annee"): ("Année de lancement", "Première année de chiffre d'affaires."),
    ("marche_public", "nom"): ("Nom du marché", "Par exemple « Lot réservé SIAE entretien des parcs »."),
    ("marche_public", "conventionnement"): ("Conventionnement", "Le conventionnement qui exécute le marché."),
    ("marche_public", "annee"): ("Première année", "Première année du marché."),
    ("marche_public", "montant"): ("Montant (€ de CA par an)", "Chiffre d'affaires annuel du marché."),
    ("marche_public", "duree"): ("Durée (années)", "Durée du marché, de 1 à 20 ans."),
    ("marche_public", "etp_supplementaires"): (
        "ETP conventionnés supplémentaires",
        "Ajoutés pendant la durée du marché seulement.",
    ),
    ("mutualisation", "annee"): ("Année de départ", "Première année d'économie."),
    ("ouverture_conventionnement", "conventionnement"): (
        "Conventionnement ouvert",
        "Un type de conventionnement que la structure n'a pas encore.",
    ),
    ("ouverture_conventionnement", "annee"): ("Année d'ouverture", "Première année du nouveau conventionnement."),
    ("nouveau_financement", "nom"): ("Nom du financement", "Par exemple « Région – appel à projets réemploi »."),
    ("nouveau_financement", "financeur"): ("Financeur", "Qui finance."),
    ("nouveau_financement", "duree"): ("Durée (années)", "Vide : sans fin."),
    ("nouveau_financement", "conventionnement"): (
        "Conventionnement",
        "Vide : financement commun, réparti entre conventionnements au prorata des ETP.",
    ),
    ("ajustement_permanents", "etp"): (
        "Variation des ETP de permanents (±)",
        "Par exemple +0,5 pour un mi-temps de CIP, −1 pour un départ non remplacé.",
    ),
    ("ajustement_permanents", "conventionnement"): (
        "Conventionnement",
        "Vide : permanent commun, réparti au prorata des ETP.",
    ),
    ("ajustement_etp", "conventionnement"): ("Conventionnement", "Le conventionnement dont l'annexe change."),
    ("ajustement_etp", "etp"): (
        "Variation des ETP conventionnés (±)",
        "Par exemple −2 pour l'ACI et +2 pour l'EI quand des postes changent de conventionnement.",
    ),
}

_AUCUN: dict[tuple[str, str], str] = {
    ("nouveau_financement", "conventionnement"): "Commun (réparti au prorata des ETP)",
    ("ajustement_permanents", "conventionnement"): "Commun (réparti au prorata des ETP)",
    ("ouverture_conventionnement", "depuis"): "Aucun (pas de transfert)",
    ("perte_marches_publics", "activite"): "Toutes les activités",
}


def libelle_champ(type_: str, nom: str) -> tuple[str, str]:
    """(French label, help) of a field of a choc or levier."""
    return LIBELLES_PAR_TYPE.get((type_, nom)) or LIBELLES_CHAMPS[nom]


def _libelle_aucun(type_: str, nom: str) -> str:
    if (type_, nom) in _AUCUN:
        return _AUCUN[(type_, nom)]
    return "Tous les conventionnements" if nom == "conventionnement" else "Aucun"


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


def _deplier(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(base type, None allowed, constraints) of an annotation such as `Annotated[int, Field(ge=1)] | None`."""
    optionnel = False
    contraintes: list[Any] = []
    if get_origin(annotation) in (Union, types.UnionType):
        args = get_args(annotation)
        autres = [a for a in args if a is not type(None)]
        optionnel = len(autres) < len(args)
        annotation = autres[0] if len(autres) == 1 else Union[tuple(autres)]  # noqa: UP007 (runtime tuple)
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        for e in extra:
            contraintes.extend(e.metadata if isinstance(e, FieldInfo) else [e])
        annotation = base
    return annotation, optionnel, contraintes


def _bornes(contraintes: Sequence[Any]) -> tuple[float | None, float | None]:
    bas = haut = None
    for c in contraintes:
        for attr in ("ge", "gt"):
            if getattr(c, attr, None) is not None:
                bas = getattr(c, attr)
        for attr in ("le", "lt"):
            if getattr(c, attr, None) is not None:
                haut = getattr(c, attr)
    return bas, haut


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
    ("indexation_socle", "valeur"): "gel",
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
        )
    if champ.genre == "activites":
        options = options_activite(type_, ctx)
        choisies = [v for v in valeur if isinstance(v, str)] if isinstance(valeur, list) else []
        options = list(dict.fromkeys([*options, *choisies]))
        return st.multiselect(libelle, options, default=choisies, key=cle, help=aide)
    if champ.genre == "liste_taux":
        return st.text_input(libelle, value=texte_liste_taux(valeur), key=cle, help=aide)
    if champ.genre == "booleen":
        return st.checkbox(libelle, value=bool(valeur), key=cle, help=aide)
    if champ.genre == "indexation":
        mode = valeur if valeur in ("gel", "smic") else "taux" if _nombre(valeur) is not None else "gel"
        modes = list(MODES_INDEXATION)
        choisi = st.selectbox(
            libelle, modes, index=modes.index(mode), key=f"{cle}_mode", help=aide, format_func=MODES_INDEXATION.get
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

_MOINS = "\u2212"


def _pct(x: Any, signe: bool = False) -> str:
    """-0.1 -> '−10 %', 0.0388 -> '3,88 %' (as many decimals as needed, two at most)."""
    n = _nombre(x)
    if n is None:
        return str(x)
    p = abs(n) * 100
    decimales = next((d for d in (0, 1) if abs(p * 10**d - round(p * 10**d)) < 1e-6), 2)
    texte = pourcentage(abs(n), decimales)
    if signe:
        return (_MOINS if n < 0 else "+") + texte
    return (_MOINS if n < 0 else "") + texte


def _eur(x: Any) -> str:
    n = _nombre(x)
    return euros(n) if n is not None else str(x)


def _etp(x: Any, signe: bool = False) -> str:
    n = _nombre(x)
    if n is None:
        return str(x)
    texte = nombre(abs(n), 0 if float(n).is_integer() else 1) + " ETP"
    if signe:
        return (_MOINS if n < 0 else "+") + texte
    return (_MOINS if n < 0 else "") + texte


def _conv(item: dict[str, Any], defaut: str = "tous conventionnements") -> str:
    c = item.get("conventionnement")
    return f" ({c})" if c else f" ({defaut})" if defaut else ""


def titre_item(item: Any) -> str:
    """A French title for a choc or levier, e.g. « Réduction des ETP conventionnés : −10 % en 2026 (ACI) »."""
    item = _dict(item)
    type_ = item.get("type")
    nom_type = NOMS_TYPES.get(type_, str(type_))
    try:
        a = item.get("annee", "?")
        if type_ == "reduction_etp":
            return f"{nom_type} : {_pct(item.get('taux'), True)} en {a}{_conv(item)}"
        if type_ == "indexation_socle":
            v = item.get("valeur")
            quoi = {"gel": "gelé", "smic": "indexé sur le SMIC"}.get(v) if isinstance(v, str) else None
            quoi = quoi or f"{_pct(v, True)} par an"
            return f"{nom_type} : {quoi} à partir de {a}"
        if type_ == "part_modulee":
            return f"{nom_type} : {_pct(item.get('valeur'))} à partir de {a}{_conv(item)}"
        if type_ == "variation_financement":
            f = VALEURS["financeur"].get(item.get("financeur"), str(item.get("financeur")))
            return f"{nom_type} : {f} {_pct(item.get('taux'), True)} à partir de {a}"
        if type_ == "choc_smic":
            return f"{nom_type} : {_pct(item.get('taux'), True)} au 1er janvier {a}"
        if type_ == "perte_activite":
            return f"{nom_type} : « {item.get('activite')} » {_pct(-(_nombre(item.get('taux', 1.0)) or 0))} en {a}"
        if type_ == "perte_marches_publics":
            cible = f"« {item['activite']} »" if item.get("activite") else "toutes les activités"
            return f"{nom_type} : {cible} {_pct(-(_nombre(item.get('taux', 1.0)) or 0))} de la part publique en {a}"
        if type_ == "taux_occupation":
            return f"{nom_type} : {_pct(item.get('valeur'))} à partir de {a}{_conv(item)}"
        if type_ == "prise_en_charge_formation":
            return f"{nom_type} : {_pct(item.get('valeur'))} à partir de {a}"
        if type_ == "fin_aide_au_poste":
            return f"{nom_type} en {a}{_conv(item)}"
        if type_ == "nouvelle_activite":
            return (
                f"{nom_type} : « {item.get('nom')} » en {a} ({item.get('conventionnement')}), "
                f"CA cible {_eur(item.get('chiffre_affaires_cible'))}"
            )
        if type_ == "marche_public":
            d = item.get("duree", 1)
            return (
                f"{nom_type} : « {item.get('nom')} », {_eur(item.get('montant'))} par an pendant {d} an(s) "
                f"dès {a} ({item.get('conventionnement')})"
            )
        if type_ == "mutualisation":
            quoi = f" « {item['libelle']} »" if item.get("libelle") else ""
            return f"{nom_type}{quoi} : {_eur(item.get('economie_charges_fixes'))} de charges fixes en moins dès {a}"
        if type_ == "croissance_activite":
            return f"{nom_type} : « {item.get('activite')} » {_pct(item.get('taux'), True)} en {a}"
        if type_ == "derogation_aci":
            return f"{nom_type} (plafond porté à 50 %) dès {a}"
        if type_ == "ouverture_conventionnement":
            texte = f"{nom_type} : {item.get('conventionnement')} en {a}"
            if item.get("transfert_etp"):
                texte += f", {_etp(item.get('transfert_etp'))} transférés depuis {item.get('depuis')}"
            return texte
        if type_ == "nouveau_financement":
            f = VALEURS["financeur"].get(item.get("financeur"), str(item.get("financeur")))
            duree = f" pendant {item['duree']} an(s)" if item.get("duree") else ""
            return f"{nom_type} : « {item.get('nom')} » ({f}), {_eur(item.get('montant'))} par an{duree} dès {a}"
        if type_ == "ajustement_permanents":
            f = VALEURS["fonction"].get(item.get("fonction"), str(item.get("fonction")))
            return f"{nom_type} : {_etp(item.get('etp'), True)} {f.lower()} en {a}{_conv(item, '')}"
        if type_ == "ajustement_etp":
            return f"{nom_type} : {_etp(item.get('etp'), True)} en {a}{_conv(item, '')}"
    except (TypeError, ValueError, KeyError):
        pass
    return f"{nom_type} ({item.get('annee', '?')})"
