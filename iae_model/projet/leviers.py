"""Leviers: how the structure answers (each defines itself, see `items.py`)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from iae_model.formats import euros, nombre
from iae_model.phrases import etp, taux
from iae_model.projet.items import COMMUN, LIGNES_DES_POSTES, Levier, annee, champ, conventionnement_vise
from iae_model.projet.tresorerie import DureeEmprunt, TauxEmprunt
from iae_model.projet.types import (
    Annee,
    Etp,
    EtpDelta,
    Financeur,
    Fonction,
    Montant,
    NombreEcrit,
    PartModulee,
    StatutFinancement,
    Taux01,
    TauxOccupation,
    TauxVariation,
    Texte,
    TypeConventionnement,
)
from iae_model.vocabulaire import FONCTIONS, en_phrase, libelle


class NouvelleActivite(Levier):
    intitule: ClassVar[str] = "Nouvelle activité"
    lignes: ClassVar[tuple[str, ...]] = (
        "chiffre_affaires",
        "charges_variables",
        "fonctionnement",
        "amortissements",
        "quote_part_subventions",
        "aide_au_poste",
        "masse_salariale_insertion",
        "impots_taxes",
        "investissements",
        "subventions_investissement",
    )
    modelise: ClassVar[str] = (
        "La structure lance une activité (recyclerie, conserverie…) : son chiffre d'affaires monte en charge, elle "
        "peut demander un investissement (subventionné ou non), des charges fixes et des ETP conventionnés "
        "supplémentaires."
    )
    formule: ClassVar[str] = (
        "CA(année + k) = CA cible × montée en charge[k] (la dernière part est gardée ensuite) ; charges variables "
        "= CA × taux ; investissement payé en janvier de l'année de lancement et amorti sur la durée "
        "d'amortissement ; subvention d'investissement reprise au résultat sur la même durée et reçue comme la "
        "région paie (avance dans l'année, solde l'année suivante) ; charges fixes indexées sur l'inflation ; "
        "ETP supplémentaires au rythme de la montée en charge."
    )

    type: Literal["nouvelle_activite"]
    nom: Texte = champ("Nom de l'activité", "Un nom qui n'est pas déjà pris par une activité.")
    conventionnement: TypeConventionnement = champ("Conventionnement", "Le conventionnement qui porte l'activité.")
    secteur: Texte = champ("Secteur", "Libre, par exemple « reemploi » ou « espaces_verts ».", "autre")
    annee: Annee = annee("Année de lancement", "Première année de chiffre d'affaires.")
    chiffre_affaires_cible: Montant = champ(
        "Chiffre d'affaires cible (€ par an)", "Le chiffre d'affaires annuel atteint à la fin de la montée en charge."
    )
    montee_en_charge: Annotated[list[Taux01], Field(min_length=1, max_length=15)] = champ(
        "Montée en charge (% de la cible, année par année)",
        "Parts de la cible atteintes chaque année depuis le lancement, en %, séparées par « ; » : « 40 ; 80 ; 100 » "
        "= 40 % la 1re année, 80 % la 2e, 100 % ensuite (la dernière part est gardée).",
        [1.0],
    )
    taux_charges_variables: Taux01 = champ(
        "Charges variables (% du CA)", "Achats, sous-traitance, carburant : part du CA.", 0.0
    )
    part_marches_publics: Taux01 = champ(
        "Part du CA avec des acheteurs publics (%)", "Clauses sociales, marchés réservés.", 0.0
    )
    investissement: Montant = champ(
        "Investissement (€)", "Dépensé l'année de lancement, amorti sur la durée d'amortissement.", 0.0
    )
    subvention_investissement: Montant = champ(
        "Subvention d'investissement (€)", "Reçue l'année de lancement ; elle ne peut dépasser l'investissement.", 0.0
    )
    duree_amortissement: Annotated[int, NombreEcrit, Field(ge=1, le=50)] = champ(
        "Durée d'amortissement (ans)", "Nombre d'années sur lesquelles l'investissement est amorti.", 5
    )
    charges_fixes: Montant = champ(
        "Charges fixes supplémentaires (€ par an)", "Loyer, véhicule… indexées sur l'inflation.", 0.0
    )
    etp_supplementaires: Etp = champ(
        "ETP conventionnés supplémentaires", "Ajoutés à l'annexe du conventionnement (accordés par la DDETS).", 0.0
    )

    @model_validator(mode="after")
    def _subvention(self) -> NouvelleActivite:
        if self.subvention_investissement > self.investissement:
            raise PydanticCustomError(
                "projet",
                "la subvention d'investissement dépasse l'investissement",
                {"champ": "subvention_investissement"},
            )
        return self

    def titre(self) -> str:
        cible = euros(self.chiffre_affaires_cible)
        return f"Nouvelle activité « {self.nom} » ({self.conventionnement}), CA cible {cible} {self.des}"


class MarchePublic(Levier):
    intitule: ClassVar[str] = "Marché public (lot réservé, clause sociale)"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "La structure gagne un marché public (lot réservé aux SIAE, clause sociale d'insertion) pour quelques années."
    )
    formule: ClassVar[str] = (
        "CA public = montant chaque année pendant la durée du marché à partir de l'année choisie ; charges "
        "variables = montant × taux ; ETP supplémentaires pendant la durée du marché."
    )

    type: Literal["marche_public"]
    nom: Texte = champ("Nom du marché", "Par exemple « Lot réservé SIAE entretien des parcs ».")
    conventionnement: TypeConventionnement = champ("Conventionnement", "Le conventionnement qui exécute le marché.")
    annee: Annee = annee("Première année", "Première année du marché.")
    montant: Montant = champ("Montant (€ de CA par an)", "Chiffre d'affaires annuel du marché.")
    duree: Annotated[int, NombreEcrit, Field(ge=1, le=20)] = champ("Durée (années)", "Durée du marché.", 1)
    taux_charges_variables: Taux01 = champ(
        "Charges variables (% du CA)", "Achats, sous-traitance, carburant : part du CA.", 0.0
    )
    etp_supplementaires: Etp = champ(
        "ETP conventionnés supplémentaires", "Ajoutés pendant la durée du marché seulement.", 0.0
    )

    def titre(self) -> str:
        fin = self.annee + self.duree - 1
        periode = f"en {self.annee}" if fin == self.annee else f"de {self.annee} à {fin}"
        return f"Marché public « {self.nom} » ({self.conventionnement}), {euros(self.montant)} par an {periode}"


class Mutualisation(Levier):
    intitule: ClassVar[str] = "Mutualisation, coopération"
    lignes: ClassVar[tuple[str, ...]] = ("fonctionnement",)
    modelise: ClassVar[str] = (
        "La structure partage des charges fixes (locaux, véhicules, fonctions support) avec d'autres, ou coopère "
        "au sein d'un groupement."
    )
    formule: ClassVar[str] = (
        "Charges fixes − économie (indexée sur l'inflation) à partir de l'année choisie ; coût de mise en place "
        "compté une fois l'année de départ."
    )

    type: Literal["mutualisation"]
    annee: Annee = annee("Année de départ", "Première année d'économie.")
    economie_charges_fixes: Montant = champ(
        "Économie de charges fixes (€ par an)", "En euros de l'année de départ, indexée ensuite sur l'inflation."
    )
    cout_mise_en_place: Montant = champ("Coût de mise en place (€, une fois)", "Compté l'année de départ.", 0.0)
    libelle: Texte | None = champ("Libellé", "Facultatif : ce qui est mutualisé, avec qui.", None)

    def titre(self) -> str:
        quoi = f" « {self.libelle} »" if self.libelle else ""
        return f"Mutualisation{quoi} : {euros(self.economie_charges_fixes)} de charges fixes en moins {self.des}"


class CroissanceActivite(Levier):
    intitule: ClassVar[str] = "Croissance d'une activité"
    lignes: ClassVar[tuple[str, ...]] = ("chiffre_affaires", "charges_variables")
    modelise: ClassVar[str] = "Une activité existante grandit (nouveaux clients, horaires élargis) ou recule."
    formule: ClassVar[str] = (
        "CA de l'activité × (1 + taux) à partir de l'année choisie, en une fois ; plusieurs croissances se composent."
    )

    type: Literal["croissance_activite"]
    annee: Annee = annee()
    activite: Texte = champ("Activité", "Une activité de la structure ou créée par un levier du scénario.")
    taux: TauxVariation = champ(
        "Croissance du chiffre d'affaires (%)", "En une fois ; négative pour une baisse (−100 au plus)."
    )

    def titre(self) -> str:
        return f"CA « {self.activite} » {taux(self.taux, signe=True)} {self.des}"


class DerogationAci(Levier):
    intitule: ClassVar[str] = "Dérogation au plafond commercial de l'ACI"
    lignes: ClassVar[tuple[str, ...]] = ()
    modelise: ClassVar[str] = (
        "Le préfet autorise l'ACI à tirer de ses ventes jusqu'à 50 % de ses charges au lieu de 30 % (art. "
        "D.5132-34 du Code du travail), quand l'activité ne concurrence pas les entreprises locales."
    )
    formule: ClassVar[str] = (
        "Plafond du ratio commercial de l'ACI (CA / charges de l'ACI) = 50 % à partir de l'année choisie (30 % "
        "sinon) ; l'alerte « plafond » en tient compte."
    )
    sources: ClassVar[tuple[str, ...]] = ("aci.plafond_recettes_commerciales_derogation",)

    type: Literal["derogation_aci"]
    annee: Annee = annee()

    def titre(self) -> str:
        return f"Dérogation au plafond commercial de l'ACI (50 %) {self.des}"


class OuvertureConventionnement(Levier):
    intitule: ClassVar[str] = "Ouverture d'un conventionnement (modèle hybride)"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "La structure ouvre un second conventionnement, par exemple une EI à côté de l'ACI (modèle hybride) : des "
        "ETP et des activités peuvent y passer avec leur chiffre d'affaires."
    )
    formule: ClassVar[str] = (
        "Nouveau conventionnement à partir de l'année choisie, avec ses ETP, son taux d'occupation et sa part "
        "modulée ; les ETP transférés quittent le conventionnement d'origine ; les activités transférées passent "
        "avec leur CA."
    )

    type: Literal["ouverture_conventionnement"]
    annee: Annee = annee("Année d'ouverture", "Première année du nouveau conventionnement.")
    conventionnement: TypeConventionnement = champ(
        "Conventionnement ouvert", "Un type de conventionnement que la structure n'a pas encore."
    )
    etp_conventionnes: Etp = champ("ETP conventionnés", "ETP de l'annexe financière du nouveau conventionnement.", 0.0)
    travailleurs_accompagnes: Etp = champ("Travailleurs accompagnés (EITI)", "Seulement pour une EITI.", 0.0)
    taux_occupation: TauxOccupation = champ("Taux d'occupation (%)", "ETP réalisés / ETP conventionnés.", 1.0)
    part_modulee: PartModulee = champ("Part modulée (% du socle)", "Au plus le maximum légal.", 0.0)
    depuis: TypeConventionnement | None = champ(
        "Transférés depuis",
        "Le conventionnement qui cède ses ETP et ses activités.",
        None,
        "Aucun (pas de transfert)",
    )
    transfert_etp: Etp = champ("ETP transférés", "ETP conventionnés qui quittent le conventionnement d'origine.", 0.0)
    transfert_activites: Annotated[list[Texte], Field(max_length=50)] = champ(
        "Activités transférées", "Elles passent avec leur chiffre d'affaires.", []
    )

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

    def titre(self) -> str:
        if self.conventionnement == "EITI":
            taille = f"{nombre(self.travailleurs_accompagnes)} travailleurs"
        else:
            taille = etp(self.etp_conventionnes)
        texte = f"Ouverture d'un conventionnement {self.conventionnement} ({taille}) en {self.annee}"
        if self.transfert_etp and self.depuis:
            texte += f", {etp(self.transfert_etp)} venant de l'{self.depuis}"
        return texte


class NouveauFinancement(Levier):
    intitule: ClassVar[str] = "Nouveau financement"
    lignes: ClassVar[tuple[str, ...]] = ("subventions",)
    modelise: ClassVar[str] = (
        "Un nouveau financeur (fondation, région, FSE+, commune…) soutient la structure. Un financement « à "
        "rechercher » n'est compté que si les hypothèses du projet le retiennent."
    )
    formule: ClassVar[str] = (
        "Subvention = montant chaque année à partir de l'année choisie, pendant la durée (sans fin si elle est vide)."
    )

    type: Literal["nouveau_financement"]
    nom: Texte = champ("Nom du financement", "Par exemple « Région – appel à projets réemploi ».")
    financeur: Financeur = champ("Financeur", "Qui finance.")
    annee: Annee = annee()
    montant: Montant = champ("Montant (€ par an)", "Montant annuel.")
    duree: Annotated[int, NombreEcrit, Field(ge=1, le=50)] | None = champ("Durée (années)", "Vide : sans fin.", None)
    statut: StatutFinancement = champ(
        "Statut",
        "Acquis, probable ou à rechercher : un financement « à rechercher » n'est compté que si les hypothèses du "
        "projet le retiennent.",
        "probable",
    )
    conventionnement: TypeConventionnement | None = conventionnement_vise(
        "Vide : financement commun, réparti entre conventionnements au prorata des ETP.", COMMUN
    )

    def titre(self) -> str:
        duree = f" pendant {self.duree} an{'s' if self.duree > 1 else ''}" if self.duree else ""
        return f"Nouveau financement « {self.nom} » : {euros(self.montant)} par an{duree} {self.des}"


class AjustementPermanents(Levier):
    intitule: ClassVar[str] = "Ajustement des permanents"
    lignes: ClassVar[tuple[str, ...]] = ("permanents", "impots_taxes")
    modelise: ClassVar[str] = (
        "La structure recrute ou réduit ses permanents (encadrants, CIP, direction, administratif)."
    )
    formule: ClassVar[str] = (
        "Permanents de la fonction ± ETP à partir de l'année choisie, au coût chargé indiqué ou, sans coût, au coût "
        "moyen de la fonction dans le projet."
    )

    type: Literal["ajustement_permanents"]
    annee: Annee = annee()
    fonction: Fonction = champ("Fonction", "La fonction des permanents concernés.")
    etp: EtpDelta = champ(
        "Variation des ETP de permanents (±)",
        "Par exemple +0,5 pour un mi-temps de CIP, −1 pour un départ non remplacé.",
    )
    cout_annuel_charge: Montant | None = champ(
        "Coût annuel chargé d'un ETP (€)", "Vide : le coût moyen de la fonction dans le projet.", None
    )
    conventionnement: TypeConventionnement | None = conventionnement_vise(
        "Vide : permanent commun, réparti au prorata des ETP.", COMMUN
    )

    def titre(self) -> str:
        fonction = en_phrase(libelle(FONCTIONS, self.fonction))
        return f"Permanents ({fonction}) {etp(self.etp, signe=True)} {self.des}"


class AjustementEtp(Levier):
    intitule: ClassVar[str] = "Ajustement des ETP conventionnés (dialogue de gestion)"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "Au dialogue de gestion, des ETP conventionnés sont ajoutés ou retirés (par exemple transférés de l'ACI "
        "vers l'EI)."
    )
    formule: ClassVar[str] = "ETP conventionnés ± ETP à partir de l'année choisie."

    type: Literal["ajustement_etp"]
    annee: Annee = annee()
    conventionnement: TypeConventionnement = champ("Conventionnement", "Le conventionnement dont l'annexe change.")
    etp: EtpDelta = champ(
        "Variation des ETP conventionnés (±)",
        "Par exemple −2 pour l'ACI et +2 pour l'EI quand des postes changent de conventionnement.",
    )

    def titre(self) -> str:
        return f"ETP conventionnés ({self.conventionnement}) {etp(self.etp, signe=True)} {self.des}"


class NouvelEmprunt(Levier):
    intitule: ClassVar[str] = "Nouvel emprunt"
    lignes: ClassVar[tuple[str, ...]] = ("charges_financieres", "emprunts_nouveaux", "remboursements_emprunts")
    modelise: ClassVar[str] = (
        "Un prêt bancaire, un prêt de France Active ou un prêt d'honneur finance un investissement ou renforce la "
        "trésorerie : l'argent arrive en janvier de l'année choisie, les intérêts sont une charge, le capital "
        "remboursé sort de la trésorerie sans toucher au résultat."
    )
    formule: ClassVar[str] = (
        "Annuité constante = capital × taux ÷ (1 − (1 + taux)^−durée) (capital ÷ durée à taux nul), payée par "
        "douzièmes dès l'année de l'emprunt ; intérêts de l'année = capital restant dû au 1er janvier × taux ; "
        "capital remboursé = annuité − intérêts."
    )

    type: Literal["emprunt"]
    nom: Texte = champ("Nom de l'emprunt", "Par exemple « Prêt France Active – camion benne ».")
    annee: Annee = annee("Année", "L'argent arrive en janvier de cette année.")
    montant: Montant = champ("Montant emprunté (€)", "Le capital prêté.")
    taux: TauxEmprunt = champ("Taux d'intérêt annuel (%)", "0 pour un prêt d'honneur ou une avance remboursable.")
    duree: DureeEmprunt = champ("Durée (années)", "Nombre d'annuités.", 5)

    def titre(self) -> str:
        return (
            f"Emprunt « {self.nom} » de {euros(self.montant)} sur {self.duree} an{'s' if self.duree > 1 else ''} "
            f"à {taux(self.taux)} {self.des}"
        )
