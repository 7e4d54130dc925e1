"""The period an account-line module computes: a calendar year, or one month of it.

The yearly engine runs on years. The modules take a `Periode` rather than a bare year so that a
monthly cash projection is a new module calling the same functions on months, not a rewrite.
Chocs and leviers stay yearly ("from `annee`"): one applies to a month of its year and later.
Parameter amounts (socle, RSA...) are yearly rates whatever the period: a month's share of a yearly
figure is `part_de_l_annee`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, total_ordering

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_ANNEE_ENTIERE = tuple(range(1, 13))


@total_ordering
@dataclass(frozen=True, slots=True)
class Periode:
    """A year (`mois` None) or a month (1 to 12) of a year; ordered by start, a year before its January."""

    annee: int
    mois: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.annee, bool) or not isinstance(self.annee, int):
            raise TypeError(f"année entière attendue, reçu {self.annee!r}")
        if self.mois is not None and (isinstance(self.mois, bool) or self.mois not in _ANNEE_ENTIERE):
            raise ValueError(f"mois de 1 à 12 attendu, reçu {self.mois!r}")

    @staticmethod
    def de_l_annee(annee: int) -> Periode:
        """The year, built once: the engine asks for it in every module."""
        return _annee(annee)

    @classmethod
    def du_mois(cls, annee: int, mois: int) -> Periode:
        return cls(annee, mois)

    @property
    def est_annuelle(self) -> bool:
        return self.mois is None

    @property
    def mois_couverts(self) -> tuple[int, ...]:
        """Months of the year the period covers: 1..12, or the month alone."""
        return _ANNEE_ENTIERE if self.mois is None else (self.mois,)

    @property
    def part_de_l_annee(self) -> float:
        """1 for a year, 1/12 for a month: what a yearly amount is scaled by."""
        return len(self.mois_couverts) / 12

    @property
    def annuelle(self) -> Periode:
        """The year the period belongs to."""
        return self if self.mois is None else Periode(self.annee)

    def en_mois(self) -> tuple[Periode, ...]:
        """The months making up the period, in order."""
        return tuple(Periode(self.annee, m) for m in self.mois_couverts)

    def _cle(self) -> tuple[int, int]:
        return (self.annee, 0 if self.mois is None else self.mois)

    def __lt__(self, autre: object) -> bool:
        if not isinstance(autre, Periode):
            return NotImplemented
        return self._cle() < autre._cle()

    def __str__(self) -> str:
        return str(self.annee) if self.mois is None else f"{MOIS[self.mois - 1]} {self.annee}"


@lru_cache(maxsize=512)
def _annee(annee: int) -> Periode:
    return Periode(annee)
