"""The project file's typed model (DESIGN §4): what a user saves, reopens and sends."""

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
from iae_model.projet.types import (
    Annee,
    Etp,
    Financeur,
    Fonction,
    Indexation,
    Montant,
    MontantSigne,
    NombreEcrit,
    PartModulee,
    SalaireHoraire,
    StatutFinancement,
    Taux01,
    TauxAnnuel,
    TauxOccupation,
    Texte,
    TexteLong,
    TypeConventionnement,
)

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
    nom: Texte
    territoire: Annotated[str, Field(max_length=200)] = ""
    annee_reference: Annotated[int, NombreEcrit, Field(ge=ANNEE_REFERENCE_MIN, le=2040)]
    tresorerie_initiale: MontantSigne = 0.0


class Conventionnement(_Modele):
    """One conventionnement with the State; EITI counts independent workers instead of ETP."""

    type: TypeConventionnement
    etp_conventionnes: Etp | None = None
    taux_occupation: TauxOccupation = 1.0
    part_modulee: PartModulee = 0.0
    beneficiaires_rsa: Taux01 = 0.0
    derogation_plafond: bool = False
    travailleurs_accompagnes: Etp | None = None
    part_mois_1_9: Taux01 = 0.75
    salaire_horaire_insertion: SalaireHoraire | None = None
    taux_cotisations_employeur: Taux01 | None = None

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

    nom: Texte
    conventionnement: TypeConventionnement
    secteur: Texte = "autre"
    chiffre_affaires: Montant
    part_marches_publics: Taux01 = 0.0
    taux_charges_variables: Taux01 = 0.0
    part_liee_etp: Taux01 = 1.0


class Financement(_Modele):
    nom: Texte
    financeur: Financeur
    montant: Montant
    debut: Annee
    fin: Annee | None = None
    statut: StatutFinancement = "acquis"
    conventionnement: TypeConventionnement | None = None

    @model_validator(mode="after")
    def _dates(self) -> Financement:
        if self.fin is not None and self.fin < self.debut:
            raise _erreur(
                "l'année de fin ({fin}) précède l'année de début ({debut})", fin=self.fin, debut=self.debut, champ="fin"
            )
        return self


class Permanent(_Modele):
    """Permanent staff of one function; `cout_annuel_charge` is the loaded cost of one ETP."""

    fonction: Fonction
    etp: Etp
    cout_annuel_charge: Montant
    conventionnement: TypeConventionnement | None = None


class Formation(_Modele):
    montant: Montant = 0.0
    prise_en_charge: Taux01 = 0.0


class Charges(_Modele):
    salaire_horaire_insertion: SalaireHoraire = "smic"
    taux_cotisations_employeur: Taux01 | None = None
    permanents: Annotated[list[Permanent], Field(max_length=200)] = []
    fonctionnement_fixe: Montant = 0.0
    formation: Formation = Formation()
    amortissements: Montant = 0.0


class Hypotheses(_Modele):
    horizon: Annee
    evolution_smic: TauxAnnuel
    indexation_socle: Indexation
    inflation_charges: TauxAnnuel
    evolution_chiffre_affaires: TauxAnnuel = 0.0
    evolution_salaires_permanents: TauxAnnuel | None = None
    statuts_financements: Annotated[list[StatutFinancement], Field(max_length=3)] = ["acquis", "probable"]

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
