"""Chocs (what the State or a funder does to the structure) and leviers (how it answers).

Each class documents the formula the engine applies; the README's model section repeats it in
French for users. Years are calendar years; "from `annee`" means that year and every later one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from iae_model.projet.types import (
    Annee,
    EffetCofinancementRsa,
    Etp,
    EtpDelta,
    Financeur,
    Fonction,
    Identifiant,
    Indexation,
    Montant,
    NombreEcrit,
    PartModulee,
    StatutFinancement,
    Taux01,
    TauxAnnuel,
    TauxBaisse,
    TauxOccupation,
    TauxVariation,
    Texte,
    TexteLong,
    TypeConventionnement,
)


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Chocs -------------------------------------------------------------------------------------


class ReductionEtp(_Modele):
    """ETP conventionnés × (1 + taux) from `annee` (all conventionnements if none is named); cuts stack."""

    type: Literal["reduction_etp"]
    annee: Annee
    taux: TauxBaisse
    conventionnement: TypeConventionnement | None = None


class ChocIndexationSocle(_Modele):
    """From `annee`, the montant socle past the last arrêté is frozen, follows the SMIC, or a yearly rate."""

    type: Literal["indexation_socle"]
    annee: Annee
    valeur: Indexation


class ChocPartModulee(_Modele):
    """Part modulée set to `valeur` (share of the socle) from `annee`."""

    type: Literal["part_modulee"]
    annee: Annee
    valeur: PartModulee
    conventionnement: TypeConventionnement | None = None


class VariationFinancement(_Modele):
    """Every subsidy of `financeur` × (1 + taux) from `annee` (−1: the funder stops).

    For `departement` it also applies to the RSA co-funding of the ACI aide au poste, with
    `effet_cofinancement_rsa` saying who bears it: `perte_seche` (the structure loses the money,
    posts kept), `postes_perdus` (the posts the département no longer funds are lost: ETP, aide and
    payroll fall together), `etat_compense` (the State pays the difference: no change in total).
    """

    type: Literal["variation_financement"]
    annee: Annee
    financeur: Financeur
    taux: TauxVariation
    effet_cofinancement_rsa: EffetCofinancementRsa = "perte_seche"


class ChocSmic(_Modele):
    """An extra SMIC rise of `taux` on 1 January of `annee`, on top of the known values and hypothesis."""

    type: Literal["choc_smic"]
    annee: Annee
    taux: TauxAnnuel


class PerteActivite(_Modele):
    """The activity loses the share `taux` of its turnover from `annee` (1: stopped)."""

    type: Literal["perte_activite"]
    annee: Annee
    activite: Texte
    taux: Taux01 = 1.0


class PerteMarchesPublics(_Modele):
    """The share `taux` of the public-buyer turnover is lost from `annee` (one activity, or all)."""

    type: Literal["perte_marches_publics"]
    annee: Annee
    taux: Taux01 = 1.0
    activite: Texte | None = None


class ChocTauxOccupation(_Modele):
    """The occupation rate (ETP réalisés / conventionnés) becomes `valeur` from `annee`."""

    type: Literal["taux_occupation"]
    annee: Annee
    valeur: TauxOccupation
    conventionnement: TypeConventionnement | None = None


class FinAideAuPoste(_Modele):
    """No aide au poste from `annee` (e.g. the end of the EITI experiment): the activity goes on unfunded."""

    type: Literal["fin_aide_au_poste"]
    annee: Annee
    conventionnement: TypeConventionnement | None = None


class ChocPriseEnChargeFormation(_Modele):
    """The share of training costs funded by the OPCO / PIC IAE becomes `valeur` from `annee`."""

    type: Literal["prise_en_charge_formation"]
    annee: Annee
    valeur: Taux01


Choc = Annotated[
    ReductionEtp
    | ChocIndexationSocle
    | ChocPartModulee
    | VariationFinancement
    | ChocSmic
    | PerteActivite
    | PerteMarchesPublics
    | ChocTauxOccupation
    | ChocPriseEnChargeFormation
    | FinAideAuPoste,
    Field(discriminator="type"),
]


# --- Leviers -----------------------------------------------------------------------------------


class NouvelleActivite(_Modele):
    """A new activity: CA(annee + k) = cible × montee_en_charge[k] (last share kept after the list).

    Variable charges = CA × taux. `investissement` and `subvention_investissement` are cash flows of
    `annee`; the investment is depreciated linearly over `duree_amortissement` years. `charges_fixes`
    (extra rent, a vehicle...) run from `annee`; `etp_supplementaires` are added to the
    conventionnement's ETP conventionnés from `annee`, following the same ramp-up as the turnover.
    """

    type: Literal["nouvelle_activite"]
    nom: Texte
    conventionnement: TypeConventionnement
    secteur: Texte = "autre"
    annee: Annee
    chiffre_affaires_cible: Montant
    montee_en_charge: Annotated[list[Taux01], Field(min_length=1, max_length=15)] = [1.0]
    taux_charges_variables: Taux01 = 0.0
    part_marches_publics: Taux01 = 0.0
    investissement: Montant = 0.0
    subvention_investissement: Montant = 0.0
    duree_amortissement: Annotated[int, NombreEcrit, Field(ge=1, le=50)] = 5
    charges_fixes: Montant = 0.0
    etp_supplementaires: Etp = 0.0

    @model_validator(mode="after")
    def _subvention(self) -> NouvelleActivite:
        if self.subvention_investissement > self.investissement:
            raise PydanticCustomError(
                "projet",
                "la subvention d'investissement dépasse l'investissement",
                {"champ": "subvention_investissement"},
            )
        return self


class MarchePublic(_Modele):
    """A public market (reserved lot, social clause): `montant` of CA a year for `duree` years from `annee`.

    `etp_supplementaires` are added to the conventionnement's ETP for the market's duration only.
    """

    type: Literal["marche_public"]
    nom: Texte
    conventionnement: TypeConventionnement
    annee: Annee
    montant: Montant
    duree: Annotated[int, NombreEcrit, Field(ge=1, le=20)] = 1
    taux_charges_variables: Taux01 = 0.0
    etp_supplementaires: Etp = 0.0


class Mutualisation(_Modele):
    """Pooling or cooperation: fixed costs fall by `economie_charges_fixes` (in euros of `annee`) from `annee`.

    `cout_mise_en_place` is a one-off charge in `annee`.
    """

    type: Literal["mutualisation"]
    annee: Annee
    economie_charges_fixes: Montant
    cout_mise_en_place: Montant = 0.0
    libelle: Texte | None = None


class CroissanceActivite(_Modele):
    """The activity's CA × (1 + taux) from `annee` (one step; successive levers compound)."""

    type: Literal["croissance_activite"]
    annee: Annee
    activite: Texte
    taux: TauxVariation


class DerogationAci(_Modele):
    """From `annee` the prefect allows the ACI's commercial revenue up to 50 % of its charges (D.5132-34)."""

    type: Literal["derogation_aci"]
    annee: Annee


class OuvertureConventionnement(_Modele):
    """A second conventionnement from `annee` (e.g. an EI next to the ACI: the hybrid model).

    `transfert_etp` ETP conventionnés move from `depuis`; the named activities move with their CA.
    """

    type: Literal["ouverture_conventionnement"]
    annee: Annee
    conventionnement: TypeConventionnement
    etp_conventionnes: Etp = 0.0
    travailleurs_accompagnes: Etp = 0.0
    taux_occupation: TauxOccupation = 1.0
    part_modulee: PartModulee = 0.0
    depuis: TypeConventionnement | None = None
    transfert_etp: Etp = 0.0
    transfert_activites: Annotated[list[Texte], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _coherence(self) -> OuvertureConventionnement:
        if self.transfert_etp and self.depuis is None:
            raise PydanticCustomError(
                "projet", "« depuis » doit nommer le conventionnement qui cède les ETP", {"champ": "depuis"}
            )
        if self.depuis == self.conventionnement:
            raise PydanticCustomError(
                "projet", "« depuis » doit différer du conventionnement ouvert", {"champ": "depuis"}
            )
        return self


class NouveauFinancement(_Modele):
    """A new funder: `montant` a year from `annee`, for `duree` years (open-ended if omitted)."""

    type: Literal["nouveau_financement"]
    nom: Texte
    financeur: Financeur
    annee: Annee
    montant: Montant
    duree: Annotated[int, NombreEcrit, Field(ge=1, le=50)] | None = None
    statut: StatutFinancement = "probable"
    conventionnement: TypeConventionnement | None = None


class AjustementPermanents(_Modele):
    """Permanent staff of `fonction` change by `etp` from `annee`, at `cout_annuel_charge` per ETP.

    Without a cost, the mean cost per ETP of that function in the project is used.
    """

    type: Literal["ajustement_permanents"]
    annee: Annee
    fonction: Fonction
    etp: EtpDelta
    cout_annuel_charge: Montant | None = None
    conventionnement: TypeConventionnement | None = None


class AjustementEtp(_Modele):
    """ETP conventionnés of the conventionnement change by `etp` from `annee` (dialogue de gestion)."""

    type: Literal["ajustement_etp"]
    annee: Annee
    conventionnement: TypeConventionnement
    etp: EtpDelta


Levier = Annotated[
    NouvelleActivite
    | MarchePublic
    | Mutualisation
    | CroissanceActivite
    | DerogationAci
    | OuvertureConventionnement
    | NouveauFinancement
    | AjustementPermanents
    | AjustementEtp,
    Field(discriminator="type"),
]

TYPES_CHOCS = (
    "reduction_etp",
    "indexation_socle",
    "part_modulee",
    "variation_financement",
    "choc_smic",
    "perte_activite",
    "perte_marches_publics",
    "taux_occupation",
    "prise_en_charge_formation",
    "fin_aide_au_poste",
)
TYPES_LEVIERS = (
    "nouvelle_activite",
    "marche_public",
    "mutualisation",
    "croissance_activite",
    "derogation_aci",
    "ouverture_conventionnement",
    "nouveau_financement",
    "ajustement_permanents",
    "ajustement_etp",
)


class HypothesesScenario(_Modele):
    """A scenario may override any hypothesis of the project but the horizon (scenarios are compared)."""

    evolution_smic: TauxAnnuel | None = None
    indexation_socle: Indexation | None = None
    inflation_charges: TauxAnnuel | None = None
    evolution_chiffre_affaires: TauxAnnuel | None = None
    evolution_salaires_permanents: TauxAnnuel | None = None
    statuts_financements: Annotated[list[StatutFinancement], Field(max_length=3)] | None = None


CHOCS_MAX = 30
LEVIERS_MAX = 30
"""Chocs and leviers a scenario may hold: the richest example has 5; 30 leaves room for detailed work
while bounding what one scenario (and its chain of bases) costs the engine and the forms."""


class Scenario(_Modele):
    id: Identifiant
    libelle: Texte
    description: TexteLong = ""
    base: Identifiant | None = None
    hypotheses: HypothesesScenario | None = None
    chocs: Annotated[list[Choc], Field(max_length=CHOCS_MAX)] = []
    leviers: Annotated[list[Levier], Field(max_length=LEVIERS_MAX)] = []
