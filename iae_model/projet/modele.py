"""The project file's typed model: what a user saves, reopens and sends.

Each field carries its French title and help once (`Field(title=…, description=…)`): the forms read
them with the field's bounds, default and optionality (`ui.champs`). A description written for the
forms may name the field's bounds `{min}` and `{max}`, its default `{defaut}` and a dated parameter
`{nom.du.parametre}`: the forms write them in the unit the field is typed in, so that a bound or a
parameter changed in one place shows in the help at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from iae_model.projet.scenarios import (
    AjustementEtp,
    AjustementPermanents,
    CroissanceActivite,
    HypothesesScenario,
    MarchePublic,
    NouvelleActivite,
    OuvertureConventionnement,
    PerteActivite,
    PerteMarchesPublics,
    Scenario,
)
from iae_model.projet.tresorerie import Tresorerie
from iae_model.projet.types import (
    Annee,
    Etp,
    Financeur,
    Fonction,
    FormeJuridique,
    Indexation,
    Montant,
    MontantSigne,
    NombreEcrit,
    PartModulee,
    SalaireHoraire,
    SalariesParEtp,
    StatutFinancement,
    Taux01,
    TauxAnnuel,
    TauxOccupation,
    Texte,
    TexteLong,
    TypeConventionnement,
)
from iae_model.vocabulaire import FORMES_JURIDIQUES, TYPES_STRUCTURE

SCHEMA_ACTUEL = 1
ANNEE_REFERENCE_MIN = 2024
"""The first year for which every parameter (SMIC, employer rate, socles) has a sourced value."""
DUREE_MAX = 15
SCENARIOS_MAX = 50
PROFONDEUR_BASE_MAX = 10
"""Bases a scenario may stack on. A workshop stacks three or four (reference, the State's hypothesis,
a first answer, a variant of it; the examples go to 3); 10 leaves room for step-by-step variants,
while a scenario still cumulates at most 11 × (30 chocs + 30 leviers) items, and a chain stays short
enough to read (the app and the exports describe each scenario « à partir de » its base)."""


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _erreur(message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError("projet", message, ctx)


class Structure(_Modele):
    nom: Texte = Field(title="Nom de la structure", description="Le nom qui figure sur les exports.")
    territoire: Annotated[str, Field(max_length=200)] = Field(
        "", title="Territoire", description="Département, bassin d'emploi (facultatif)."
    )
    annee_reference: Annotated[int, NombreEcrit, Field(ge=ANNEE_REFERENCE_MIN, le=2040)] = Field(
        title="Année de référence",
        description="L'année dont les chiffres sont saisis (comptes ou budget) ; les projections partent de là.",
    )
    tresorerie_initiale: MontantSigne = Field(
        0.0,
        title="Trésorerie au 1er janvier",
        description="Trésorerie disponible au 1er janvier de l'année de référence (négative si découvert), "
        "par exemple 85 000 ou −12 000.",
    )
    forme_juridique: FormeJuridique | None = Field(
        None,
        title="Forme juridique",
        description=" ; ".join(FORMES_JURIDIQUES.values()) + ". Sert à la taxe sur les salaires : une association "
        "a droit à son abattement. Vide : non renseignée, aucune taxe sur les salaires n'est comptée.",
    )
    assujettie_taxe_sur_salaires: bool | None = Field(
        None,
        title="Soumise à la taxe sur les salaires",
        description="Oui si moins de 90 % des recettes de la structure sont soumises à la TVA (la plupart des ACI "
        "et des AI associatifs). Vide : oui pour une association dont tous les conventionnements sont des ACI ou "
        "des AI, non sinon.",
    )


class Conventionnement(_Modele):
    """One conventionnement with the State; EITI counts independent workers instead of ETP."""

    type: TypeConventionnement = Field(
        title="Type",
        description=" ; ".join(TYPES_STRUCTURE.values()) + ". Un seul conventionnement de chaque type.",
    )
    etp_conventionnes: Etp | None = Field(
        None,
        title="ETP conventionnés",
        description="ETP de l'annexe financière signée avec l'État. Laisser vide pour une EITI (elle compte des "
        "travailleurs accompagnés).",
    )
    taux_occupation: TauxOccupation = Field(
        1.0,
        title="Taux d'occupation",
        description="ETP réalisés ÷ ETP conventionnés, en % (95 = 95 %). Jusqu'à {max} : une AI ou une ETTI réalise "
        "souvent plus que son annexe. Sous 90 %, l'ASP reprend l'aide des postes non occupés.",
    )
    part_modulee: PartModulee = Field(
        0.0,
        title="Part modulée",
        description="Part modulée de l'aide au poste, en % du montant socle : de {min} à {max} (le maximum légal).",
    )
    beneficiaires_rsa: Taux01 = Field(
        0.0,
        title="Part de bénéficiaires du RSA",
        description="ACI uniquement : part des ETP occupés par des allocataires du RSA, en %. Le département paie "
        "une partie de leur aide au poste (une répartition de l'aide, pas de l'argent en plus).",
    )
    derogation_plafond: bool = Field(
        False,
        title="Dérogation au plafond (ACI)",
        description="ACI uniquement : dérogation préfectorale qui porte le plafond des recettes commerciales de "
        "{aci.plafond_recettes_commerciales} à {aci.plafond_recettes_commerciales_derogation} des charges.",
    )
    travailleurs_accompagnes: Etp | None = Field(
        None,
        title="Travailleurs accompagnés (EITI)",
        description="EITI uniquement : nombre de travailleurs indépendants accompagnés dans l'année. Laisser vide "
        "pour les autres types.",
    )
    part_mois_1_9: Taux01 = Field(
        0.75,
        title="Part des mois 1 à 9 (EITI)",
        description="EITI uniquement : part des mois d'accompagnement situés dans les 9 premiers mois du parcours "
        "(aide forfaitaire mensuelle ; les mois 10 à 24 ne sont pas comptés). {defaut} si vide.",
    )
    salaire_horaire_insertion: SalaireHoraire | None = Field(
        None,
        title="Salaire horaire propre",
        description="Facultatif : « SMIC » ou un salaire horaire brut en euros (par exemple 12,50) propre à ce "
        "conventionnement. Vide : le salaire horaire des salariés en insertion de la structure (charges).",
    )
    taux_cotisations_employeur: Taux01 | None = Field(
        None,
        title="Cotisations employeur propres",
        description="Facultatif : cotisations employeur restant dues sur les salaires d'insertion de ce "
        "conventionnement, en % du brut ; il remplace le calcul. Vide : le taux des charges de la structure, sinon "
        "le calcul (les charges que la réduction générale ne couvre pas, plus la réduction perdue au-dessus du "
        "SMIC).",
    )
    salaries_par_etp: SalariesParEtp | None = Field(
        None,
        title="Salariés par ETP",
        description="Facultatif : nombre de salariés en insertion payés dans l'année pour un ETP réalisé (temps "
        "partiels, entrées et sorties en cours d'année), de {min} à {max}, par exemple 2,5. Sert à la taxe sur les "
        "salaires, due salarié par salarié selon un barème progressif. Vide : un salarié par ETP, ce qui surestime "
        "la taxe quand beaucoup travaillent à temps partiel ou une partie de l'année.",
    )

    @model_validator(mode="after")
    def _selon_type(self) -> Conventionnement:
        if self.type == "EITI":
            if self.travailleurs_accompagnes is None:
                raise _erreur(
                    "travailleurs_accompagnes est obligatoire pour une EITI", champ="travailleurs_accompagnes"
                )
            if self.etp_conventionnes is not None:
                raise _erreur(
                    "une EITI compte des travailleurs_accompagnes, pas des etp_conventionnes", champ="etp_conventionnes"
                )
        else:
            if self.etp_conventionnes is None:
                raise _erreur(
                    "etp_conventionnes est obligatoire pour un conventionnement {type}",
                    type=self.type,
                    champ="etp_conventionnes",
                )
            if self.travailleurs_accompagnes is not None:
                raise _erreur("travailleurs_accompagnes est réservé aux EITI", champ="travailleurs_accompagnes")
        if self.type != "ACI" and self.beneficiaires_rsa:
            raise _erreur(
                "beneficiaires_rsa (cofinancement du département) ne concerne que les ACI", champ="beneficiaires_rsa"
            )
        if self.type != "ACI" and self.derogation_plafond:
            raise _erreur("derogation_plafond ne concerne que les ACI", champ="derogation_plafond")
        return self


class Activite(_Modele):
    """What the structure sells; `part_liee_etp` of its CA moves with the realised insertion ETP."""

    nom: Texte = Field(title="Activité", description="Nom de l'activité, unique dans la structure.")
    conventionnement: TypeConventionnement = Field(
        title="Conventionnement",
        description="Le conventionnement qui porte l'activité (il doit figurer parmi ceux de la structure).",
    )
    secteur: Texte = Field(
        "autre",
        title="Secteur",
        description="Secteur d'activité en un mot (par exemple espaces_verts, reemploi, proprete) : sert aux "
        "regroupements.",
    )
    chiffre_affaires: Montant = Field(
        title="Chiffre d'affaires",
        description="Chiffre d'affaires annuel hors taxes de l'activité pour l'année de référence.",
    )
    part_marches_publics: Taux01 = Field(
        0.0,
        title="Part des marchés publics",
        description="Part de ce chiffre d'affaires réalisée avec des acheteurs publics, en % (marchés publics, "
        "clauses sociales, marchés réservés).",
    )
    taux_charges_variables: Taux01 = Field(
        0.0,
        title="Taux de charges variables",
        description="Taux de charges variables, en % du chiffre d'affaires : achats, sous-traitance, carburant… "
        "(les charges qui suivent le CA).",
    )
    part_liee_etp: Taux01 = Field(
        1.0,
        title="Part liée aux ETP",
        description="Part du chiffre d'affaires qui suit les ETP d'insertion réalisés : {max} si la production est "
        "faite par les salariés en parcours (moins d'ETP, moins de CA), {min} si le CA ne dépend pas des effectifs.",
    )
    facturation_horaire: bool = Field(
        False,
        title="Facturée à l'heure (suit le SMIC)",
        description="AI et ETTI surtout : les heures de mise à disposition ou de mission sont facturées à un tarif "
        "qui suit le salaire (AI : heures × tarif ; ETTI : heures × salaire × coefficient de facturation d'environ "
        "1,9 à 2,1). Coché : le chiffre d'affaires évolue comme le SMIC (moyenne de l'année ÷ celle de l'année de "
        "référence) au lieu de l'évolution du chiffre d'affaires des hypothèses ; il suit toujours les ETP selon la "
        "part liée aux ETP.",
    )


class Financement(_Modele):
    nom: Texte = Field(
        title="Financement",
        description="Nom du financement (les aides au poste sont calculées, ne les saisissez pas ici).",
    )
    financeur: Financeur = Field(
        title="Financeur",
        description="Qui verse ce financement. EPCI : intercommunalité ; FDI : fonds de développement de "
        "l'inclusion ; OPCO : opérateur de compétences.",
    )
    montant: Montant = Field(
        title="Montant annuel", description="Montant versé chaque année, de l'année de début à l'année de fin."
    )
    debut: Annee = Field(title="Début", description="Première année du financement.")
    fin: Annee | None = Field(
        None, title="Fin", description="Dernière année du financement (incluse). Vide : sans fin prévue."
    )
    statut: StatutFinancement = Field(
        "acquis",
        title="Statut",
        description="Acquis (convention signée), probable, ou à rechercher : seuls les statuts retenus dans les "
        "hypothèses (« Financements comptés dans les résultats ») entrent dans les résultats.",
    )
    conventionnement: TypeConventionnement | None = Field(
        None,
        title="Conventionnement",
        description="Facultatif : le conventionnement financé. Vide : financement commun, réparti entre les "
        "conventionnements au prorata des ETP réalisés.",
    )

    @model_validator(mode="after")
    def _dates(self) -> Financement:
        if self.fin is not None and self.fin < self.debut:
            raise _erreur(
                "l'année de fin ({fin}) précède l'année de début ({debut})", fin=self.fin, debut=self.debut, champ="fin"
            )
        return self


class Permanent(_Modele):
    """Permanent staff of one function; `cout_annuel_charge` is the loaded cost of one ETP."""

    fonction: Fonction = Field(title="Fonction", description="Fonction des salariés permanents.")
    etp: Etp = Field(title="ETP", description="Équivalents temps plein de permanents pour cette fonction.")
    cout_annuel_charge: Montant = Field(
        title="Coût annuel chargé d'un ETP",
        description="Coût chargé d'un ETP (salaire brut et cotisations employeur, sur un an), pas le coût de toute "
        "la ligne.",
    )
    conventionnement: TypeConventionnement | None = Field(
        None,
        title="Conventionnement",
        description="Facultatif : le conventionnement auquel ces postes sont rattachés. Vide : postes communs, "
        "répartis au prorata des ETP réalisés.",
    )


class Formation(_Modele):
    montant: Montant = Field(
        0.0, title="Montant annuel", description="Coût annuel des formations des salariés en insertion."
    )
    prise_en_charge: Taux01 = Field(
        0.0,
        title="Prise en charge",
        description="Part du coût de formation financée par l'OPCO ou le PIC IAE, en %.",
    )


class Charges(_Modele):
    salaire_horaire_insertion: SalaireHoraire = Field(
        "smic",
        title="Salaire horaire des salariés en insertion",
        description="Le SMIC (il suit les hypothèses), ou un salaire horaire brut de l'année de référence, qui "
        "évolue ensuite comme le SMIC. Un conventionnement peut avoir le sien.",
    )
    taux_cotisations_employeur: Taux01 | None = Field(
        None,
        title="Cotisations employeur",
        description="Cotisations employeur restant dues sur les salaires d'insertion après allègements, en % du "
        "salaire brut ; il remplace tout le calcul. Vide : le calcul, à savoir les charges que la réduction "
        "générale ne couvre pas (formation professionnelle, taxe d'apprentissage d'une société, AT/MP au-dessus de "
        "la part couverte, versement mobilité, AGS, mutuelle et prévoyance), plus la réduction perdue quand la "
        "paie, indemnités d'AI et d'ETTI comprises, dépasse le SMIC.",
    )
    taux_at_mp: Taux01 | None = Field(
        None,
        title="Taux AT/MP",
        description="Taux de cotisation accidents du travail et maladies professionnelles notifié à la structure "
        "(compte AT/MP sur net-entreprises), en %. Vide : {cotisations.non_couvertes.at_mp_taux_defaut}, un ordre "
        "de grandeur ; les activités d'insertion ont souvent un taux plus élevé.",
    )
    taux_versement_mobilite: Taux01 | None = Field(
        None,
        title="Versement mobilité",
        description="Taux du versement mobilité de la commune du lieu de travail (URSSAF), en % ; 0 s'il n'y en a "
        "pas. Dû à partir de 11 salariés, pas par une AI. Vide : "
        "{cotisations.non_couvertes.versement_mobilite_taux_defaut}, un ordre de grandeur.",
    )
    permanents: Annotated[list[Permanent], Field(max_length=200)] = Field(
        [], title="Permanents", description="Encadrement, accompagnement, direction, administration."
    )
    fonctionnement_fixe: Montant = Field(
        0.0,
        title="Charges fixes de fonctionnement",
        description="Loyers, véhicules, assurances, honoraires… : les charges qui ne suivent pas le chiffre "
        "d'affaires.",
    )
    formation: Formation = Field(Formation(), title="Formation", description="Formation des salariés en insertion.")
    amortissements: Montant = Field(
        0.0,
        title="Amortissements",
        description="Dotations aux amortissements de l'année (matériel, véhicules, bâtiments).",
    )
    autres_charges: Montant = Field(
        0.0,
        title="Autres charges",
        description="Charges de l'année de référence qu'aucune autre ligne ne porte : charges de gestion courante, "
        "charges exceptionnelles, dotations aux provisions… Indexées sur l'inflation, payées comme les "
        "fournisseurs.",
    )
    autres_produits: Montant = Field(
        0.0,
        title="Autres produits",
        description="Produits de l'année de référence qu'aucune autre ligne ne porte : cotisations, dons, "
        "transferts de charges, produits exceptionnels, reprises de provisions… Indexés sur l'inflation, "
        "encaissés dans le mois. Ils sont saisis avec les charges parce qu'ils se comptent, comme elles, en "
        "montant de l'année de référence.",
    )


class Hypotheses(_Modele):
    horizon: Annee = Field(
        title="Horizon",
        description=f"Dernière année des projections : au plus {DUREE_MAX} ans après l'année de référence.",
    )
    evolution_smic: TauxAnnuel = Field(
        title="Évolution du SMIC",
        description="Hausse annuelle du SMIC au 1er janvier, au-delà des valeurs officielles connues (par exemple "
        "1,5).",
    )
    indexation_socle: Indexation = Field(
        title="Indexation du socle de l'aide au poste",
        description="Au-delà du dernier arrêté connu, le montant socle est gelé, suit le SMIC, ou évolue d'un taux "
        "annuel.",
    )
    inflation_charges: TauxAnnuel = Field(
        title="Inflation",
        description="Évolution annuelle des prix : charges fixes, formation et RSA, et par défaut le chiffre "
        "d'affaires et le coût des permanents.",
    )
    evolution_chiffre_affaires: TauxAnnuel | None = Field(
        None,
        title="Évolution du chiffre d'affaires",
        description="Évolution annuelle du chiffre d'affaires des activités (prix et volumes), hors effet des ETP. "
        "Vide : comme l'inflation (des prix qui suivent les charges, des volumes stables).",
    )
    evolution_salaires_permanents: TauxAnnuel | None = Field(
        None,
        title="Évolution des salaires des permanents",
        description="Hausse annuelle du coût des permanents. Vide : comme l'inflation.",
    )
    statuts_financements: Annotated[list[StatutFinancement], Field(max_length=3)] = Field(
        ["acquis", "probable"],
        title="Financements comptés dans les résultats",
        description="Les financements des autres statuts sont montrés à part tant qu'ils ne sont pas retenus.",
    )

    def avec(self, autres: HypothesesScenario | None) -> Hypotheses:
        """These hypotheses with a scenario's overrides applied."""
        if autres is None:
            return self
        changes = {k: v for k, v in autres.model_dump(exclude_none=True).items()}
        return self.model_copy(update=changes) if changes else self


ReponseGuideValeur = Literal["oui", "en_partie", "non", "a_explorer"]
StatutAction = Literal["a_faire", "en_cours", "fait", "abandonne"]
IdQuestion = Annotated[str, Field(max_length=120)]


class ReponseGuide(_Modele):
    """The answer to one question of the guide (keyed by the question's stable id)."""

    reponse: ReponseGuideValeur | None = None
    note: TexteLong = ""


class ActionGuide(_Modele):
    """A line of the plan d'action, for a question answered « Non » or « À explorer »."""

    action: TexteLong = ""
    responsable: Annotated[str, Field(max_length=200)] = ""
    echeance: Annotated[str, Field(max_length=40)] = ""
    statut: StatutAction = "a_faire"


class Guide(_Modele):
    """Answers and action plan; ids of questions no longer in the guide are kept (and flagged by the app)."""

    reponses: Annotated[dict[IdQuestion, ReponseGuide], Field(max_length=500)] = {}
    plan_action: Annotated[dict[IdQuestion, ActionGuide], Field(max_length=500)] = {}


class Projet(_Modele):
    schema_: Annotated[int, NombreEcrit, Field(alias="schema")]
    structure: Structure
    conventionnements: Annotated[list[Conventionnement], Field(min_length=1, max_length=5)]
    activites: Annotated[list[Activite], Field(max_length=200)] = []
    financements: Annotated[list[Financement], Field(max_length=200)] = []
    charges: Charges = Charges()
    tresorerie: Tresorerie = Tresorerie()
    hypotheses: Hypotheses
    scenarios: Annotated[list[Scenario], Field(min_length=1, max_length=SCENARIOS_MAX)]
    guide: Guide = Guide()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # -- navigation helpers used by the engine and the pages --

    def scenario(self, identifiant: str) -> Scenario:
        for s in self.scenarios:
            if s.id == identifiant:
                return s
        raise KeyError(identifiant)

    def chaine(self, identifiant: str) -> list[Scenario]:
        """The scenario and its bases, the deepest base first (the order chocs and leviers stack)."""
        chaine: list[Scenario] = []
        courant: str | None = identifiant
        while courant is not None:
            s = self.scenario(courant)
            chaine.append(s)
            courant = s.base
        return chaine[::-1]

    def scenario_de_reference(self) -> str:
        """The scenario the others are compared with: `reference`, else the first with no base, else the first.

        One rule for the pages, the bridge and the exports (a scenario without a base starts from the
        figures entered in the project, as a reference does).
        """
        ids = [s.id for s in self.scenarios]
        if "reference" in ids:
            return "reference"
        return next((s.id for s in self.scenarios if s.base is None), ids[0])

    def types_conventionnements(self) -> list[str]:
        return [c.type for c in self.conventionnements]

    # -- validation across the file --

    def erreurs_de_coherence(self) -> list[ErreurChamp]:
        """Every error across fields (references between lists, years), in file order; empty when coherent.

        All are listed, not only the first: a user fixing a file wants the whole list at once.
        """
        return list(self._erreurs())

    def _erreurs(self) -> Iterator[ErreurChamp]:
        if self.schema_ != SCHEMA_ACTUEL:
            yield ErreurChamp(
                ("schema",), f"version {self.schema_} non prise en charge (version attendue : {SCHEMA_ACTUEL})"
            )
        types = self.types_conventionnements()
        for i, t in enumerate(types):
            if t in types[:i]:
                yield ErreurChamp(("conventionnements", i, "type"), f"le conventionnement {t} est déjà déclaré")
        noms: set[str] = set()
        for i, a in enumerate(self.activites):
            if a.conventionnement not in types:
                yield ErreurChamp(
                    ("activites", i, "conventionnement"),
                    f"la structure n'a pas de conventionnement {a.conventionnement}",
                )
            if a.nom in noms:
                yield ErreurChamp(("activites", i, "nom"), f"l'activité « {a.nom} » est déjà déclarée")
            noms.add(a.nom)
        for i, f in enumerate(self.financements):
            if f.conventionnement is not None and f.conventionnement not in types:
                yield ErreurChamp(
                    ("financements", i, "conventionnement"),
                    f"la structure n'a pas de conventionnement {f.conventionnement}",
                )
        for i, p in enumerate(self.charges.permanents):
            if p.conventionnement is not None and p.conventionnement not in types:
                yield ErreurChamp(
                    ("charges", "permanents", i, "conventionnement"),
                    f"la structure n'a pas de conventionnement {p.conventionnement}",
                )
        ref = self.structure.annee_reference
        h = self.hypotheses.horizon
        if h < ref:
            yield ErreurChamp(("hypotheses", "horizon"), f"l'horizon ({h}) précède l'année de référence ({ref})")
        elif h - ref > DUREE_MAX:
            yield ErreurChamp(
                ("hypotheses", "horizon"), f"l'horizon ({h}) dépasse l'année de référence de plus de {DUREE_MAX} ans"
            )
        yield from self._erreurs_scenarios(set(types), noms)

    def _chaine_sure(self, i: int, indices: dict[str, int]) -> tuple[list[Scenario], str | None]:
        """The chain of scenario `i` (deepest base first) as far as it goes, and why it stops early.

        Unlike `chaine`, it never loops nor raises on a file not yet validated: it stops at a missing
        base (`"absente"`) or at a scenario already walked (`"boucle"`, with the id seen twice).
        """
        chaine = [self.scenarios[i]]
        vus = {self.scenarios[i].id}
        courant = self.scenarios[i].base
        while courant is not None:
            if courant not in indices:
                return chaine[::-1], "absente"
            if courant in vus:
                return chaine[::-1], f"boucle:{courant}"
            vus.add(courant)
            s = self.scenarios[indices[courant]]
            chaine.append(s)
            courant = s.base
        return chaine[::-1], None

    def _erreurs_scenarios(self, types: set[str], activites: set[str]) -> Iterator[ErreurChamp]:
        indices: dict[str, int] = {}
        for i, s in enumerate(self.scenarios):
            indices.setdefault(s.id, i)
        for i, s in enumerate(self.scenarios):
            if indices[s.id] != i:
                yield ErreurChamp(("scenarios", i, "id"), f"l'identifiant « {s.id} » est déjà utilisé")
            if s.base is not None and s.base not in indices:
                yield ErreurChamp(("scenarios", i, "base"), f"le scénario de base « {s.base} » n'existe pas")
            chaine, arret = self._chaine_sure(i, indices)
            if arret is not None and arret.startswith("boucle:"):
                yield ErreurChamp(
                    ("scenarios", i, "base"),
                    f"les scénarios forment une boucle par « base » (via « {arret.removeprefix('boucle:')} »)",
                )
            elif len(chaine) - 1 > PROFONDEUR_BASE_MAX:
                yield ErreurChamp(
                    ("scenarios", i, "base"),
                    f"trop de scénarios de base empilés : {len(chaine) - 1} (au plus {PROFONDEUR_BASE_MAX})",
                )
            # a broken chain (missing base, loop) is already reported: what its bases would bring
            # (a conventionnement, an activity, a market) is unknown, so references are not checked
            yield from self._erreurs_items(i, s, chaine if arret is None else None, types, activites)

    def _erreurs_items(
        self, i: int, s: Scenario, chaine: list[Scenario] | None, types: set[str], activites: set[str]
    ) -> Iterator[ErreurChamp]:
        ref = self.structure.annee_reference
        types_chaine = set(types)
        activites_chaine = set(activites)
        marches_chaine: set[str] = set()
        for anc in chaine or []:
            for lev in anc.leviers:
                if isinstance(lev, OuvertureConventionnement):
                    types_chaine.add(lev.conventionnement)
                if isinstance(lev, NouvelleActivite):
                    activites_chaine.add(lev.nom)
                if isinstance(lev, MarchePublic):
                    marches_chaine.add(lev.nom)
        references = chaine is not None
        for genre, liste in (("chocs", s.chocs), ("leviers", s.leviers)):
            for j, item in enumerate(liste):
                ou = ("scenarios", i, genre, j)
                if item.annee < ref:
                    yield ErreurChamp((*ou, "annee"), f"l'année ({item.annee}) précède l'année de référence ({ref})")
                conv = getattr(item, "conventionnement", None)
                if isinstance(item, OuvertureConventionnement):
                    if conv in types:
                        yield ErreurChamp((*ou, "conventionnement"), f"la structure a déjà un conventionnement {conv}")
                    if references and item.depuis is not None and item.depuis not in types_chaine:
                        yield ErreurChamp((*ou, "depuis"), f"la structure n'a pas de conventionnement {item.depuis}")
                    for nom in item.transfert_activites if references else ():
                        if nom not in activites_chaine:
                            yield ErreurChamp((*ou, "transfert_activites"), f"l'activité « {nom} » n'existe pas")
                elif references and conv is not None and conv not in types_chaine:
                    yield ErreurChamp((*ou, "conventionnement"), f"la structure n'a pas de conventionnement {conv}")
                if (
                    isinstance(item, AjustementPermanents)
                    and item.cout_annuel_charge is None
                    and not any(p.fonction == item.fonction and p.etp > 0 for p in self.charges.permanents)
                ):
                    yield ErreurChamp(
                        (*ou, "cout_annuel_charge"),
                        f"aucun permanent « {item.fonction} » dans le projet : indiquez le coût annuel chargé d'un ETP",
                    )
                if isinstance(item, AjustementEtp) and conv == "EITI":
                    yield ErreurChamp((*ou, "conventionnement"), "une EITI n'a pas d'ETP conventionnés")
                nom_act = getattr(item, "activite", None)
                connues = activites_chaine | (marches_chaine if isinstance(item, PerteMarchesPublics) else set())
                if (
                    references
                    and isinstance(item, PerteActivite | CroissanceActivite | PerteMarchesPublics)
                    and nom_act is not None
                    and nom_act not in connues
                ):
                    yield ErreurChamp((*ou, "activite"), f"l'activité « {nom_act} » n'existe pas")


class ErreurChamp(ValueError):
    """An error about one field of the project file, with that field's path."""

    def __init__(self, chemin: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.chemin = chemin
        self.message = message
