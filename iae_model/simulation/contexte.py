"""What every account-line module reads while one scenario is simulated.

The project, the scenario's `Plan` (its chain of bases flattened), the official parameters projected
under the scenario's hypotheses (with a record of what was used, for the provenance shown next to each
figure), the resolved conventionnements and the alerts raised. `Repartition` shares the items common
to the structure (permanents, fixed costs, subsidies without a conventionnement) between the
conventionnements pro rata their ETP réalisés (EITI: workers), so that the consolidated figures are
exactly the sum of the conventionnements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel

from iae_model.parametres import Parametres
from iae_model.projet.modele import Hypotheses, Projet
from iae_model.simulation.conjoncture import Conjoncture, HypothesesAnnee, Provenance
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Alerte, Comptes

# --- the scenario, flattened ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A scenario with its chain of bases flattened: the hypotheses and the list of chocs and leviers.

    Not changed once built (callers derive another with `dataclasses.replace`), so `items` can be memoised.
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
    for x in sorted(items, key=lambda x: x.annee):
        if x.annee <= annee:
            valeur = getattr(x, attribut)
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
        self._cles = sorted(utilises)

    def __getitem__(self, cle: tuple[str, int]) -> Provenance:
        if cle not in self._cles:
            raise KeyError(cle)
        return self._conj.provenance(*cle)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._cles)

    def __len__(self) -> int:
        return len(self._cles)


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


@dataclass
class Contexte:
    """One scenario being simulated: what the modules read, and the alerts and parameters they record."""

    projet: Projet
    plan: Plan
    conj: Conjoncture
    conventionnements: dict[str, ConventionnementSimule]
    utilises: set[tuple[str, int]] = field(default_factory=set)
    alertes: list[Alerte] = field(default_factory=list)

    @property
    def hyp(self) -> Hypotheses:
        return self.plan.hypotheses

    @property
    def ref(self) -> int:
        return self.projet.structure.annee_reference

    def items(self, *types: type[BaseModel]) -> list:
        return self.plan.items(*types)

    def valeur(self, nom: str, periode: Periode) -> float:
        """The parameter's mean over the period's months (0 for a month with none), recorded for provenance."""
        self.utilises.add((nom, periode.annee))
        if periode.mois is None:
            return self.conj.moyenne(nom, periode.annee)
        return self.conj.mensuelles(nom, periode.annee)[periode.mois - 1] or 0.0

    def mensuelles(self, nom: str, periode: Periode) -> list[float | None]:
        """The parameter's value in force on the first of each month of the period, recorded for provenance."""
        self.utilises.add((nom, periode.annee))
        valeurs = self.conj.mensuelles(nom, periode.annee)
        return valeurs if periode.mois is None else [valeurs[periode.mois - 1]]

    def alerte(self, code: str, periode: Periode, conv: str | None, message: str) -> None:
        self.alertes.append(Alerte(code, periode.annee, message, conv))

    def provenances(self) -> Mapping[tuple[str, int], Provenance]:
        return _Provenances(self.conj, self.utilises)


class Repartition:
    """Adds an amount to one conventionnement's accounts or, for a common item, to all pro rata their weight.

    The weight is the ETP réalisés (EITI: workers) of the period, known once the posts are computed; with
    no ETP at all the shares are equal. An item of a conventionnement not yet open is shared too.
    """

    def __init__(self, comptes: dict[str, Comptes]) -> None:
        self._comptes = comptes
        poids = {t: k.etp_realises + k.travailleurs_accompagnes for t, k in comptes.items()}
        total = sum(poids.values())
        self._cle = {t: (w / total if total else 1 / len(comptes)) for t, w in poids.items()}

    def __call__(self, ligne: str, montant: float, conv: str | None = None, bloc: str = "charges") -> None:
        if conv is not None and conv in self._comptes:
            cible = getattr(self._comptes[conv], bloc)
            cible[ligne] = cible.get(ligne, 0.0) + montant
            return
        for t, part in self._cle.items():
            cible = getattr(self._comptes[t], bloc)
            cible[ligne] = cible.get(ligne, 0.0) + montant * part
