"""Chocs: what the State or a funder does to the structure (each defines itself, see `items.py`)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from iae_model.phrases import indexation, majuscule, taux
from iae_model.projet.items import LIGNES_DES_POSTES, Choc, annee, champ, conventionnement_vise, entre_parentheses
from iae_model.projet.types import (
    Annee,
    EffetCofinancementRsa,
    Financeur,
    Indexation,
    NombreEcrit,
    PartModulee,
    Payeur,
    Taux01,
    TauxAnnuel,
    TauxBaisse,
    TauxOccupation,
    TauxVariation,
    Texte,
    TypeConventionnement,
)
from iae_model.vocabulaire import EFFETS_COFINANCEMENT, FINANCEURS, MOIS, PAYEURS, en_phrase, libelle


class ReductionEtp(Choc):
    intitule: ClassVar[str] = "Réduction des ETP conventionnés"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "L'État réduit le nombre de postes financés (ETP de l'annexe financière) d'un conventionnement, ou de "
        "tous si aucun n'est choisi. Les postes perdus emportent leur aide au poste et leur masse salariale ; la "
        "part du chiffre d'affaires liée aux ETP baisse aussi."
    )
    formule: ClassVar[str] = (
        "ETP conventionnés × (1 + taux) à partir de l'année choisie, taux ≤ 0 ; plusieurs réductions se cumulent "
        "(× (1 + taux₁) × (1 + taux₂)…)."
    )

    type: Literal["reduction_etp"]
    annee: Annee = annee()
    taux: TauxBaisse = champ(
        "Variation des ETP conventionnés (%)",
        "Négative : −10 pour une baisse de 10 %. Plusieurs réductions se cumulent.",
    )
    conventionnement: TypeConventionnement | None = conventionnement_vise()

    def titre(self) -> str:
        return (
            f"Baisse des ETP conventionnés{entre_parentheses(self.conventionnement)} de {taux(-self.taux)} {self.des}"
        )


class ChocIndexationSocle(Choc):
    intitule: ClassVar[str] = "Indexation du montant socle de l'aide au poste"
    lignes: ClassVar[tuple[str, ...]] = ("aide_au_poste",)
    modelise: ClassVar[str] = (
        "Ce que devient le montant socle de l'aide au poste au-delà du dernier arrêté publié : gelé (la hausse du "
        "SMIC n'est pas financée), indexé sur le SMIC, ou revalorisé d'un taux annuel."
    )
    formule: ClassVar[str] = (
        "Socle(Y) = dernier socle connu × indexation, appliquée à chaque date anniversaire à partir de l'année "
        "choisie ; une année gelée n'est pas rattrapée ensuite."
    )
    sources: ClassVar[tuple[str, ...]] = ("aide_au_poste.montant_socle.aci",)
    avant_la_reference: ClassVar[str] = "regime"

    type: Literal["indexation_socle"]
    annee: Annee = annee()
    valeur: Indexation = champ(
        "Indexation du socle",
        "Gel : le socle ne bouge plus ; SMIC : il suit le SMIC ; taux : il augmente du taux annuel indiqué.",
    )

    def titre(self) -> str:
        return f"{majuscule(indexation(self.valeur))} {self.des}"


class ChocPartModulee(Choc):
    intitule: ClassVar[str] = "Part modulée de l'aide au poste"
    lignes: ClassVar[tuple[str, ...]] = ("aide_au_poste",)
    modelise: ClassVar[str] = (
        "Le préfet (la DDETS) fixe chaque année la part modulée de l'aide au poste, au plus 10 % du socle, selon "
        "le public accueilli, l'accompagnement et les sorties."
    )
    formule: ClassVar[str] = (
        "Aide au poste = min(ETP réalisés, ETP conventionnés) × socle × (1 + part modulée), avec part modulée = "
        "valeur à partir de l'année choisie (au plus le maximum de l'arrêté en vigueur)."
    )
    sources: ClassVar[tuple[str, ...]] = ("aide_au_poste.part_modulee_max",)

    type: Literal["part_modulee"]
    annee: Annee = annee()
    valeur: PartModulee = champ(
        "Part modulée (% du socle)", "Au plus le maximum de l'arrêté en vigueur (voir les sources ci-dessus)."
    )
    conventionnement: TypeConventionnement | None = conventionnement_vise()

    def titre(self) -> str:
        return f"Part modulée à {taux(self.valeur)}{entre_parentheses(self.conventionnement)} {self.des}"


class VariationFinancement(Choc):
    intitule: ClassVar[str] = "Variation des financements d'un financeur"
    lignes: ClassVar[tuple[str, ...]] = ("subventions", "aide_au_poste")
    modelise: ClassVar[str] = (
        "Un financeur augmente, réduit ou arrête ses subventions (−100 % : il s'arrête, par exemple le FDI). Pour "
        "le département, le choc porte aussi sur son cofinancement de l'aide au poste des ACI (postes tenus par "
        "des bénéficiaires du RSA), avec l'effet choisi : perte sèche, postes perdus ou compensation par l'État."
    )
    formule: ClassVar[str] = (
        "Chaque financement du financeur × (1 + taux) à partir de l'année choisie ; pour le département, sa part "
        "de l'aide au poste des ACI (ETP RSA × 12 × taux de cofinancement × RSA, paramètres datés) × (1 + taux), "
        "selon l'effet choisi."
    )
    sources: ClassVar[tuple[str, ...]] = ("aide_au_poste.cofinancement_departement_rsa",)

    type: Literal["variation_financement"]
    annee: Annee = annee()
    financeur: Financeur = champ("Financeur", "Le financeur dont tous les financements changent.")
    taux: TauxVariation = champ(
        "Variation des financements (%)", "−100 : le financeur s'arrête ; −15 : baisse de 15 % ; +10 : hausse de 10 %."
    )
    effet_cofinancement_rsa: EffetCofinancementRsa = champ(
        "Effet sur le cofinancement RSA du département",
        "Ne joue que pour le département : sa part de l'aide au poste des ACI (postes tenus par des bénéficiaires "
        "du RSA).",
        "perte_seche",
    )

    def titre(self) -> str:
        texte = (
            f"Financements {en_phrase(libelle(FINANCEURS, self.financeur))} {taux(self.taux, signe=True)} {self.des}"
        )
        if self.financeur == "departement":
            texte += f" ({en_phrase(EFFETS_COFINANCEMENT[self.effet_cofinancement_rsa].libelle)})"
        return texte


class ChocSmic(Choc):
    intitule: ClassVar[str] = "Hausse supplémentaire du SMIC"
    lignes: ClassVar[tuple[str, ...]] = (
        "masse_salariale_insertion",
        "aide_au_poste",
        "chiffre_affaires",
        "impots_taxes",
    )
    modelise: ClassVar[str] = (
        "Une hausse du SMIC au-delà de l'hypothèse du projet (coup de pouce, revalorisation automatique en cours "
        "d'année quand l'inflation dépasse 2 %). Elle renchérit la masse salariale d'insertion ; le socle ne la "
        "suit que s'il est indexé sur le SMIC, à sa date anniversaire suivante."
    )
    formule: ClassVar[str] = (
        "SMIC × (1 + taux) à partir du 1er du mois et de l'année choisis, en plus des valeurs connues et de "
        "l'hypothèse d'évolution ; le montant de l'année est la moyenne de ses 12 mois."
    )
    sources: ClassVar[tuple[str, ...]] = ("smic.horaire_brut",)
    avant_la_reference: ClassVar[str] = "montants_officiels"

    type: Literal["choc_smic"]
    annee: Annee = annee("Année", "La hausse a lieu au 1er du mois choisi de cette année.")
    mois: Annotated[int, NombreEcrit, Field(ge=1, le=12)] = champ(
        "Mois", "Premier mois du SMIC relevé (1 : janvier, 6 : juin).", 1
    )
    taux: TauxAnnuel = champ("Hausse supplémentaire du SMIC (%)", "En plus de l'hypothèse d'évolution du SMIC.")

    def titre(self) -> str:
        return f"SMIC {taux(self.taux, signe=True)} en plus au 1er {MOIS[self.mois - 1]} {self.annee}"


class PerteActivite(Choc):
    intitule: ClassVar[str] = "Perte d'activité"
    lignes: ClassVar[tuple[str, ...]] = ("chiffre_affaires", "charges_variables")
    modelise: ClassVar[str] = (
        "Une activité perd une partie de ses ventes (un grand client s'en va, un site ferme) ou s'arrête."
    )
    formule: ClassVar[str] = (
        "CA de l'activité × (1 − taux) à partir de l'année choisie (100 % : activité arrêtée) ; les charges "
        "variables suivent le CA."
    )

    type: Literal["perte_activite"]
    annee: Annee = annee()
    activite: Texte = champ("Activité", "Une activité de la structure ou créée par un levier du scénario.")
    taux: Taux01 = champ("Part du chiffre d'affaires perdue (%)", "100 : l'activité s'arrête.", 1.0)

    def titre(self) -> str:
        return f"Perte de {taux(self.taux)} du CA « {self.activite} » {self.des}"


class PerteMarchesPublics(Choc):
    intitule: ClassVar[str] = "Perte de marchés publics"
    lignes: ClassVar[tuple[str, ...]] = ("chiffre_affaires", "charges_variables")
    modelise: ClassVar[str] = (
        "Des acheteurs publics arrêtent leurs commandes (marché non renouvelé, clause sociale perdue) : la part "
        "publique du chiffre d'affaires d'une activité, d'un marché ou de toutes baisse."
    )
    formule: ClassVar[str] = "Part publique du CA × (1 − taux) à partir de l'année choisie."

    type: Literal["perte_marches_publics"]
    annee: Annee = annee()
    taux: Taux01 = champ("Part du CA public perdue (%)", "100 : toute la part publique est perdue.", 1.0)
    activite: Texte | None = champ(
        "Activité ou marché",
        "Une activité ou un marché public du scénario ; vide : toutes les activités.",
        None,
        "Toutes les activités",
    )

    def titre(self) -> str:
        cible = f"de « {self.activite} »" if self.activite else "de toutes les activités"
        return f"Perte de {taux(self.taux)} des marchés publics {cible} {self.des}"


class ChocTauxOccupation(Choc):
    intitule: ClassVar[str] = "Taux d'occupation des postes"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "Les postes conventionnés ne sont pas tous occupés (prescriptions insuffisantes, recrutements difficiles) : "
        "sous 90 %, l'ASP reprend l'aide des postes non occupés."
    )
    formule: ClassVar[str] = (
        "ETP réalisés = ETP conventionnés × taux d'occupation (valeur) à partir de l'année choisie ; l'aide ne "
        "finance que les postes de l'annexe."
    )

    type: Literal["taux_occupation"]
    annee: Annee = annee()
    valeur: TauxOccupation = champ(
        "Taux d'occupation (%)",
        "ETP réalisés / ETP conventionnés ; sous 90 %, l'ASP reprend l'aide des postes non occupés.",
    )
    conventionnement: TypeConventionnement | None = conventionnement_vise()

    def titre(self) -> str:
        return f"Taux d'occupation à {taux(self.valeur)}{entre_parentheses(self.conventionnement)} {self.des}"


class ChocPriseEnChargeFormation(Choc):
    intitule: ClassVar[str] = "Prise en charge de la formation (OPCO, PIC IAE)"
    lignes: ClassVar[tuple[str, ...]] = ("formation",)
    modelise: ClassVar[str] = (
        "La part des dépenses de formation des salariés en insertion financée par l'OPCO ou le PIC IAE change "
        "(par exemple si le PIC IAE est réduit)."
    )
    formule: ClassVar[str] = (
        "Formation = montant × (1 + inflation)^(Y − réf.) × (1 − prise en charge), avec prise en charge = valeur "
        "à partir de l'année choisie."
    )

    type: Literal["prise_en_charge_formation"]
    annee: Annee = annee()
    valeur: Taux01 = champ("Part de la formation prise en charge (%)", "Financée par l'OPCO ou le PIC IAE.")

    def titre(self) -> str:
        return f"Prise en charge de la formation à {taux(self.valeur)} {self.des}"


class FinAideAuPoste(Choc):
    intitule: ClassVar[str] = "Fin de l'aide au poste"
    lignes: ClassVar[tuple[str, ...]] = ("aide_au_poste",)
    modelise: ClassVar[str] = (
        "L'aide au poste s'arrête (par exemple à la fin de l'expérimentation EITI) : l'activité, les ETP et la "
        "masse salariale continuent sans elle."
    )
    formule: ClassVar[str] = "Aide au poste = 0 à partir de l'année choisie."
    avant_la_reference: ClassVar[str] = "regime"

    type: Literal["fin_aide_au_poste"]
    annee: Annee = annee()
    conventionnement: TypeConventionnement | None = conventionnement_vise()

    def titre(self) -> str:
        return f"Fin de l'aide au poste{entre_parentheses(self.conventionnement)} {self.des}"


class VariationSocle(Choc):
    intitule: ClassVar[str] = "Variation du montant socle d'un type de structure"
    lignes: ClassVar[tuple[str, ...]] = ("aide_au_poste",)
    modelise: ClassVar[str] = (
        "L'État change le montant socle de l'aide au poste d'un seul type de structure, à partir d'un mois donné "
        "(il l'a fait pour les ETTI par l'arrêté du 7 février 2020, et le débat du PLF 2026 a porté sur une "
        "baisse de l'aide « par type de SIAE »). Les revalorisations suivantes s'appliquent au montant changé."
    )
    formule: ClassVar[str] = (
        "Socle(type, mois) × (1 + taux) à partir du mois et de l'année choisis ; le montant de l'année est la "
        "moyenne de ses 12 mois ; plusieurs variations se cumulent (× (1 + taux₁) × (1 + taux₂)…)."
    )
    sources: ClassVar[tuple[str, ...]] = ("aide_au_poste.montant_socle.etti",)
    change_un_montant_officiel: ClassVar[bool] = True
    avant_la_reference: ClassVar[str] = "montants_officiels"

    type: Literal["variation_socle"]
    conventionnement: TypeConventionnement = champ(
        "Type de structure", "Le conventionnement dont le montant socle change (ACI, EI, AI, ETTI, EITI)."
    )
    annee: Annee = annee()
    mois: Annotated[int, NombreEcrit, Field(ge=1, le=12)] = champ(
        "Mois", "Premier mois du nouveau montant (1 : janvier, 7 : juillet).", 1
    )
    taux: TauxVariation = champ("Variation du socle (%)", "Négative pour une baisse : −5 pour un socle réduit de 5 %.")

    def titre(self) -> str:
        debut = f"au 1er {MOIS[self.mois - 1]} {self.annee}"
        return f"Socle de l'aide au poste {self.conventionnement} {taux(self.taux, signe=True)} {debut}"


class RetardPaiement(Choc):
    intitule: ClassVar[str] = "Retard de paiement d'un financeur"
    lignes: ClassVar[tuple[str, ...]] = ("variation_bfr", "tresorerie_fin", "point_bas")
    modelise: ClassVar[str] = (
        "Un financeur ou des clients paient plus tard qu'à l'habitude (« le département paie avec 6 mois de "
        "retard ») : le résultat ne change pas, mais la trésorerie doit avancer l'argent et son point bas baisse."
    )
    formule: ClassVar[str] = (
        "Chaque versement de ce payeur prévu à partir du 1er janvier de l'année choisie arrive « mois de retard » "
        "mois plus tard ; les retards de plusieurs chocs s'ajoutent."
    )
    sources: ClassVar[tuple[str, ...]] = ("tresorerie.mois_solde_collectivites",)
    avant_la_reference: ClassVar[str] = "regime"

    type: Literal["retard_paiement"]
    payeur: Payeur = champ("Payeur", "Qui paie en retard : l'ASP, les clients publics ou privés, ou un financeur.")
    annee: Annee = annee("Année", "Les versements prévus à partir du 1er janvier de cette année sont retardés.")
    mois: Annotated[int, NombreEcrit, Field(ge=1, le=24)] = champ(
        "Mois de retard", "Nombre de mois de retard de chaque versement, de 1 à 24."
    )

    def titre(self) -> str:
        return f"{libelle(PAYEURS, self.payeur)} : versements retardés de {self.mois} mois {self.des}"

    def premier_effet(self, annee_reference: int) -> int:
        """The payments the years before schedule into its year (a December invoice, a balance paid the next
        year) are moved: what those years leave to the next differs from the reference year on."""
        return annee_reference


class AnnexeSurRealise(Choc):
    intitule: ClassVar[str] = "Annexe fondée sur les ETP réalisés"
    lignes: ClassVar[tuple[str, ...]] = LIGNES_DES_POSTES
    modelise: ClassVar[str] = (
        "La DDETS fixe l'annexe financière de l'année suivante à partir des ETP réalisés de l'année (circulaire "
        "FIE 2023) ; en année de contraction, elle reprend d'abord les ETP non réalisés. Une structure dont les "
        "postes ne sont pas tous occupés voit son annexe suivante ramenée à ses ETP réalisés, et les postes repris "
        "restent perdus si son occupation remonte ; une baisse des ETP de la même année est prise d'abord sur ses "
        "postes non occupés."
    )
    formule: ClassVar[str] = (
        "À partir de l'année choisie et après l'année de référence, si ETP réalisés (Y − 1) / annexe (Y − 1) < "
        "seuil (paramètre daté) : annexe (Y) = min(annexe (Y − 1) × E (Y) / E (Y − 1) ; ETP réalisés (Y − 1) × "
        "E (Y) / (E (Y − 1) × f)), E étant l'annexe sans la règle et f la baisse des ETP de l'année ; ETP "
        "réalisés (Y) = min(taux d'occupation × E (Y) / g ; annexe (Y)), g étant la part des baisses prises sur "
        "des postes non occupés."
    )
    sources: ClassVar[tuple[str, ...]] = ("aide_au_poste.seuil_annexe_sur_realise",)
    avant_la_reference: ClassVar[str] = "regime"

    type: Literal["annexe_sur_realise"]
    annee: Annee = annee("Année", "Première annexe fondée sur les ETP réalisés de l'année précédente.")
    conventionnement: TypeConventionnement | None = conventionnement_vise()

    def titre(self) -> str:
        return (
            f"Annexe{entre_parentheses(self.conventionnement)} ramenée aux ETP réalisés de l'année précédente "
            f"{self.des}"
        )
