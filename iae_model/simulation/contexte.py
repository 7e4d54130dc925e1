"""What every account-line module reads while one scenario is simulated.

The project, the scenario's `Plan` (its chain of bases flattened), the official parameters projected
under the scenario's hypotheses (with a record of what was used, for the provenance shown next to each
figure), the resolved conventionnements and the alerts raised. `repartition` shares the items common
to the structure (permanents, fixed costs, subsidies without a conventionnement) between the
conventionnements pro rata their ETP réalisés (EITI: workers), so that the consolidated figures are
exactly the sum of the conventionnements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from iae_model.parametres import Parametres
from iae_model.projet.modele import Conventionnement, Hypotheses, Projet
from iae_model.simulation.conjoncture import Conjoncture, HypothesesAnnee, Provenance
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Alerte, Comptes

# --- the scenario, flattened ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A scenario with its chain of bases flattened: the hypotheses and the list of chocs and leviers.

    Not changed once built (callers derive another with `dataclasses.replace`), so `items` is memoised.
    """

    id: str
    libelle: str
    hypotheses: Hypotheses
    chocs: list = field(default_factory=list)
    leviers: list = field(default_factory=list)
    _items: dict[tuple[type, ...], list] = field(default_factory=dict, init=False, repr=False, compare=False)

    def items(self, *types: type[BaseModel]) -> list:
        """The chocs and leviers of these types, chocs first, in the order of the chain and file."""
        trouves = self._items.get(types)
        if trouves is None:
            trouves = self._items[types] = [x for x in (*self.chocs, *self.leviers) if isinstance(x, types)]
        return trouves

    @cached_property
    def par_classe(self) -> defaultdict[type, list]:
        """The items grouped by their exact class, in order (an absent class gives an empty list).

        What the engine's modules look up, many times a period: the engine applies exact classes only
        (`moteur.verifier_plan`) and none of them derives from another, so this is `items` of one class.
        """
        groupes: defaultdict[type, list] = defaultdict(list)
        for x in (*self.chocs, *self.leviers):
            groupes[type(x)].append(x)
        return groupes


def plan_du_scenario(projet: Projet, identifiant: str) -> Plan:
    chaine = projet.chaine(identifiant)
    hyp = projet.hypotheses
    chocs: list = []
    leviers: list = []
    for s in chaine:
        hyp = hyp.avec(s.hypotheses)
        chocs += s.chocs
        leviers += s.leviers
    s = chaine[-1]
    return Plan(s.id, s.libelle, hyp, chocs, leviers)


# --- small helpers the modules share -------------------------------------------------------------


def produit(facteurs: Iterable[float]) -> float:
    r = 1.0
    for f in facteurs:
        r *= f
    return r


def dernier(items: Sequence, annee: int, defaut: float | str, attribut: str = "valeur") -> float | str:
    """Value of the latest item (by year, then file order) applying at `annee`."""
    valeur = defaut
    depuis = None
    for x in items:
        if x.annee <= annee and (depuis is None or x.annee >= depuis):
            valeur = getattr(x, attribut)
            depuis = x.annee
    return valeur


# --- official parameters -------------------------------------------------------------------------

_CONJONCTURES: dict[tuple, tuple[Parametres, Conjoncture]] = {}
_CONJONCTURES_MAX = 256


def conjoncture(parametres: Parametres, hyp: dict[int, HypothesesAnnee]) -> Conjoncture:
    """Parameter projections depend only on the parameters and the yearly hypotheses: share them.

    The cache holds official amounts and hypotheses only, never a structure's figures, so sharing it
    between the users of one server leaks nothing.
    """
    cle = (id(parametres), tuple(sorted(hyp.items())))
    trouve = _CONJONCTURES.get(cle)
    if trouve is not None and trouve[0] is parametres:
        return trouve[1]
    if len(_CONJONCTURES) >= _CONJONCTURES_MAX:
        _CONJONCTURES.clear()
    conj = Conjoncture(parametres, hyp)
    _CONJONCTURES[cle] = (parametres, conj)
    return conj


def vider_cache_conjonctures() -> None:
    """Forget the shared projections (the bench measures the engine cold)."""
    _CONJONCTURES.clear()


class _Provenances(Mapping[tuple[str, int], Provenance]):
    """Where each parameter used comes from, per year: computed only when a page or an export asks."""

    def __init__(self, conj: Conjoncture, utilises: set[tuple[str, int]]) -> None:
        self._conj = conj
        self._utilises = frozenset(utilises)

    @cached_property
    def _cles(self) -> list[tuple[str, int]]:
        """Sorted when first listed: most simulations never list them (a solver, a batch)."""
        return sorted(self._utilises)

    def __getitem__(self, cle: tuple[str, int]) -> Provenance:
        if cle not in self._utilises:
            raise KeyError(cle)
        return self._conj.provenance(*cle)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._cles)

    def __len__(self) -> int:
        return len(self._utilises)


# --- the context ---------------------------------------------------------------------------------


@dataclass
class ConventionnementSimule:
    """A conventionnement of the project, or one a levier opens, with the year it starts."""

    type: str
    debut: int
    etp: float
    travailleurs: float
    taux_occupation: float
    part_modulee: float
    beneficiaires_rsa: float
    derogation: bool
    part_mois_1_9: float
    famille: str
    """The project's conventionnement an opened one comes from (its turnover tied to ETP follows both)."""
    etp_saisis: float
    """ETP réalisés (EITI: workers) entered for the reference year: what turnover tied to ETP is measured against."""
    modele: Conventionnement | None = None
    """As entered in the project (None for one a levier opens): its own wage and employer rate, if any."""


@dataclass
class Contexte:
    """One scenario being simulated: what the modules read, and the alerts and parameters they record."""

    projet: Projet
    plan: Plan
    conj: Conjoncture
    conventionnements: dict[str, ConventionnementSimule]
    utilises: set[tuple[str, int]] = field(default_factory=set)
    alertes: list[Alerte] = field(default_factory=list)
    _moyennes: dict[tuple[str, int], float] = field(default_factory=dict, repr=False)
    partage: dict[tuple, Any] = field(default_factory=dict, repr=False)
    """Pure functions of numbers (a gross pay from a loaded cost and a scale, a year's payment calendar from its
    parameters) shared by the scenarios of one simulation; never kept beyond it."""
    memo: dict[tuple, object] = field(default_factory=dict, repr=False)
    """What a module derives from the plan and the parameters alone (a year's ETP, a year's scales), kept for
    the scenario: the same figure is asked for by several modules in a period."""
    report: dict[tuple, float] = field(default_factory=dict, repr=False)
    """What a year leaves to the next one beyond the cash plan (an ETTI's turnover, on which next year's financial
    guarantee is computed): the state a scenario resumed from another's years takes with them."""
    hyp: Hypotheses = field(init=False)
    ref: int = field(init=False)
    """The reference year: the one whose figures the project's file gives."""
    items: Callable[[type[BaseModel]], list] = field(init=False, repr=False)
    """The plan's chocs and leviers of one type, in order: what a module asks for each period."""

    def __post_init__(self) -> None:
        self.hyp = self.plan.hypotheses
        self.ref = self.projet.structure.annee_reference
        # a dict lookup, not a Python call: the modules ask for their items many times a period
        self.items = self.plan.par_classe.__getitem__

    def valeur(self, nom: str, periode: Periode) -> float:
        """The parameter's mean over the period's months (0 for a month with none), recorded for provenance.

        A year's mean is kept once read: the modules ask for the same parameters thousands of times a scenario.
        """
        annee = periode.annee
        if periode.mois is None:
            cle = (nom, annee)
            trouvee = self._moyennes.get(cle)
            if trouvee is None:
                self.utilises.add(cle)
                trouvee = self._moyennes[cle] = self.conj.moyenne(nom, annee)
            return trouvee
        self.utilises.add((nom, annee))
        return self.conj.mensuelles(nom, annee)[periode.mois - 1] or 0.0

    def valeurs(self, noms: tuple[str, ...], periode: Periode) -> tuple[float, ...]:
        """`valeur` of several parameters at once, for a module that reads the same group every period: over a
        year, one lookup in the projections (which keep the group) rather than one call a parameter."""
        if periode.mois is not None:
            return tuple(self.valeur(nom, periode) for nom in noms)
        cles, valeurs = self.conj.moyennes(noms, periode.annee)
        self.utilises.update(cles)
        return valeurs

    def mensuelles(self, nom: str, periode: Periode) -> list[float | None]:
        """The parameter's value in force on the first of each month of the period, recorded for provenance."""
        self.utilises.add((nom, periode.annee))
        valeurs = self.conj.mensuelles(nom, periode.annee)
        return valeurs if periode.mois is None else [valeurs[periode.mois - 1]]

    def alerte(self, code: str, periode: Periode, conv: str | None, message: str) -> None:
        self.alertes.append(Alerte(code, periode.annee, message, conv))

    def provenances(self) -> Mapping[tuple[str, int], Provenance]:
        return _Provenances(self.conj, self.utilises)


Repartir = Callable[..., None]
"""`repartir(ligne, montant, conv=None, bloc="charges")`: see `repartition`."""


def repartition(comptes: dict[str, Comptes]) -> Repartir:
    """The period's `repartir`: an amount to one conventionnement's accounts or, if common, to all pro rata.

    The weight is the ETP réalisés (EITI: workers) of the period, known once the posts are computed; with
    no ETP at all the shares are equal. An item of a conventionnement not open in the period is shared too.
    """
    poids = {t: k.etp_realises + k.travailleurs_accompagnes for t, k in comptes.items()}
    total = sum(poids.values())
    parts = [(comptes[t], w / total if total else 1 / len(comptes)) for t, w in poids.items()]
    # the dictionaries of a block, looked up once a period rather than once an amount
    par_bloc: dict[str, list[tuple[dict[str, float], float]]] = {}

    def repartir(ligne: str, montant: float, conv: str | None = None, bloc: str = "charges") -> None:
        if conv is not None and conv in comptes:
            cible = getattr(comptes[conv], bloc)
            cible[ligne] = cible.get(ligne, 0.0) + montant
            return
        cibles = par_bloc.get(bloc)
        if cibles is None:
            cibles = par_bloc[bloc] = [(getattr(k, bloc), part) for k, part in parts]
        for cible, part in cibles:
            cible[ligne] = cible.get(ligne, 0.0) + montant * part

    return repartir
