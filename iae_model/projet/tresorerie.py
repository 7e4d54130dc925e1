"""The project's cash section: opening balance sheet, loans in progress, renewal of equipment, and when
each funder and customer pays (defaults and sources: `iae_model/parametres/tresorerie/`). Every field is
optional: an empty field takes the dated parameter named in its help, so that a project written before
this section keeps its meaning.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from iae_model.projet.types import Financeur, Montant, MontantSigne, NombreEcrit, Taux01, Texte
from iae_model.vocabulaire import FINANCEURS, libelle

TAUX_EMPRUNT_MAX = 0.2
DUREE_EMPRUNT_MAX = 40
DELAI_MAX_JOURS = 365
MOIS_VERSEMENT_MAX = 36
"""A payment is dated in months from January of the year its amount is earned: 1 to 36 covers the year
and the two after it (the FSE+ pays 12 to 24 months after the action)."""

TauxEmprunt = Annotated[float, NombreEcrit, Field(ge=0, le=TAUX_EMPRUNT_MAX)]
DureeEmprunt = Annotated[int, NombreEcrit, Field(ge=1, le=DUREE_EMPRUNT_MAX)]
DelaiJours = Annotated[int, NombreEcrit, Field(ge=0, le=DELAI_MAX_JOURS)]
MoisAnnee = Annotated[int, NombreEcrit, Field(ge=1, le=12)]
MoisVersement = Annotated[int, NombreEcrit, Field(ge=1, le=MOIS_VERSEMENT_MAX)]


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmpruntEnCours(_Modele):
    """A loan already running on 1 January of the reference year, repaid by constant annuities."""

    nom: Texte = Field(title="Nom de l'emprunt", description="Par exemple « Prêt véhicules 2023 ».")
    capital_restant_du: Montant = Field(
        title="Capital restant dû au 1er janvier",
        description="Capital restant à rembourser au 1er janvier de l'année de référence.",
    )
    taux: TauxEmprunt = Field(title="Taux d'intérêt annuel", description="En % par an, de {min} à {max}.")
    duree_restante: DureeEmprunt = Field(
        title="Durée restante (années)", description="Nombre d'annuités restant à payer, de {min} à {max}."
    )


class VersementFinanceur(_Modele):
    """When one funder pays its subsidies: an advance in the year, the balance later."""

    financeur: Financeur = Field(title="Financeur", description="Le financeur dont on règle les versements.")
    part_avance: Taux01 = Field(title="Part versée en avance", description="En % de la subvention de l'année.")
    mois_avance: MoisAnnee = Field(
        title="Mois de l'avance", description="Mois de l'année où l'avance arrive (1 = janvier, 12 = décembre)."
    )
    mois_solde: MoisVersement = Field(
        title="Mois du solde",
        description="Compté depuis janvier de l'année de l'action : 12 = décembre de la même année, 18 = juin de "
        "l'année suivante, 24 = décembre de l'année suivante (au plus {max}).",
    )


class BilanOuverture(_Modele):
    """The balance sheet at 1 January of the reference year (optional: FRNG and fonds propres need it)."""

    fonds_propres: MontantSigne | None = Field(
        None,
        title="Fonds propres",
        description="Fonds associatifs ou capitaux propres, réserves, report à nouveau et subventions "
        "d'investissement au bilan. Vide : les indicateurs de fonds propres et de FRNG ne sont pas calculés.",
    )
    immobilisations_nettes: Montant | None = Field(
        None,
        title="Immobilisations nettes",
        description="Valeur nette comptable du matériel, des véhicules et des bâtiments. Vide : le FRNG n'est pas "
        "calculé.",
    )
    quote_part_subventions: Montant = Field(
        0.0,
        title="Quote-part annuelle des subventions d'investissement",
        description="Part des subventions d'investissement déjà reçues reprise chaque année au résultat (compte "
        "777) : un produit qui n'apporte pas d'argent.",
    )


class Tresorerie(_Modele):
    """How the money moves: balance sheet, loans, equipment renewal and payment delays."""

    bilan: BilanOuverture = Field(BilanOuverture(), title="Bilan d'ouverture", description="Au 1er janvier.")
    renouvellement_annuel: Montant | None = Field(
        None,
        title="Renouvellement annuel du matériel",
        description="Investissement de renouvellement de l'année de référence (matériel, véhicules), indexé ensuite "
        "sur l'inflation. Vide : égal aux amortissements des biens existants, car un bien amorti "
        "doit être remplacé.",
    )
    emprunts: Annotated[list[EmpruntEnCours], Field(max_length=50)] = Field(
        [], title="Emprunts en cours", description="Les emprunts qui courent au 1er janvier de l'année de référence."
    )
    delai_clients_publics: DelaiJours | None = Field(
        None,
        title="Délai de paiement des clients publics (jours)",
        description="Vide : {tresorerie.delai_clients_publics}, le délai légal de la commande publique.",
    )
    delai_clients_prives: DelaiJours | None = Field(
        None,
        title="Délai de paiement des clients privés (jours)",
        description="Vide : {tresorerie.delai_clients_prives}. 0 si les clients paient comptant.",
    )
    delai_fournisseurs: DelaiJours | None = Field(
        None,
        title="Délai de paiement des fournisseurs (jours)",
        description="Vide : {tresorerie.delai_fournisseurs}.",
    )
    versements: Annotated[list[VersementFinanceur], Field(max_length=20)] = Field(
        [],
        title="Versements des financeurs",
        description="Quand chaque financeur paie, s'il ne suit pas l'usage (avance dans l'année, solde l'année "
        "suivante ; FSE+ 12 à 24 mois après l'action).",
    )

    @model_validator(mode="after")
    def _un_versement_par_financeur(self) -> Tresorerie:
        vus: set[str] = set()
        for i, v in enumerate(self.versements):
            if v.financeur in vus:
                raise PydanticCustomError(
                    "projet",
                    "le financeur « {financeur} » a deux calendriers de versement (ligne {ligne})",
                    {"financeur": libelle(FINANCEURS, v.financeur), "ligne": i + 1, "champ": "versements"},
                )
            vus.add(v.financeur)
        return self
