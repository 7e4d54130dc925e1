"""Official parameters month by month, projected past their last known value by the scenario's hypotheses.

Rules (DESIGN §3):
* the amount for year Y is the mean of the values in force on the first day of each month of Y
  (an arrêté of 1 November counts for 2 months);
* up to `last_value_still_valid_on` the official values apply (a `choc_smic` multiplies the SMIC
  from the first of its month, known values included);
* past that date the value is revalued on each anniversary (`metadata.revalorisation`, 1 January for
  the socles and the SMIC, 1 April for the RSA) by the hypothesis named in `metadata.projection`:
  - `evolution_smic`: × (1 + evolution_smic of that year);
  - `inflation`: × (1 + inflation_charges of that year);
  - `indexation_socle`: the year's indexation mode: `gel` keeps it, a rate r multiplies by (1 + r),
    `smic` multiplies by SMIC(anniversary) / SMIC(date the current value took effect). A frozen year
    is not caught up later: the next `smic` revaluation starts from the SMIC of the frozen year;
    a SMIC rise during the year (1 June 2026: 12,02 € → 12,31 €) does not move an indexed socle that
    year; it is caught up on the next 1 January, whose ratio SMIC(1 Jan) / SMIC(when the socle took
    effect) includes it (tests/test_moteur_reference.py::test_socle_2026_gele_ou_indexe_sur_le_smic_connu);
  - `gel`: the last value stays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from iae_model.formats import pourcentage
from iae_model.parametres import Parametre, Parametres, Reference


@dataclass(frozen=True)
class HypothesesAnnee:
    """What the scenario assumes for one calendar year (resolved from hypotheses and chocs)."""

    evolution_smic: float
    indexation_socle: str | float
    inflation: float
    chocs_smic: tuple[tuple[int, float], ...] = ()
    """The `choc_smic` of the year: (first month, rate), each multiplying the SMIC from the first of its month."""


@dataclass(frozen=True)
class Provenance:
    """Where a yearly amount comes from, for the app and the exports to show next to the figure."""

    parametre: str
    annee: int
    valeur: float | None
    projetee: bool
    hypothese: str
    references: tuple[Reference, ...]
    confiance: str


_RANG_CONFIANCE = {"haute": 0, "moyenne": 1, "faible": 2}


def _taux(valeur: float) -> str:
    """+0.02 -> '+2,00 %' (French format, sign shown)."""
    return ("+" if valeur >= 0 else "") + pourcentage(valeur, 2)


@lru_cache(maxsize=256)
def _premiers_du_mois(annee: int) -> tuple[dt.date, ...]:
    return tuple(dt.date(annee, m, 1) for m in range(1, 13))


class Conjoncture:
    """Monthly values of the parameters for one scenario's hypotheses (computed lazily, then kept)."""

    def __init__(self, parametres: Parametres, hypotheses: dict[int, HypothesesAnnee]) -> None:
        self._parametres = parametres
        self._hyp = hypotheses
        self._annee_min = min(hypotheses)
        self._annee_max = max(hypotheses)
        self._series: dict[str, dict[dt.date, float | None]] = {}
        self._projetees: dict[str, set[dt.date]] = {}
        self._moyennes: dict[tuple[str, int], float | None] = {}
        self._groupes: dict[tuple[tuple[str, ...], int], tuple[tuple[tuple[str, int], ...], tuple[float, ...]]] = {}
        self._provenances: dict[tuple[str, int], Provenance] = {}

    def hypotheses(self, annee: int) -> HypothesesAnnee:
        if annee in self._hyp:
            return self._hyp[annee]
        return self._hyp[self._annee_min if annee < self._annee_min else self._annee_max]

    # -- series --

    def _facteur_choc_smic(self, jour: dt.date) -> float:
        facteur = 1.0
        for annee in range(self._annee_min, jour.year + 1):
            for mois, taux in self.hypotheses(annee).chocs_smic:
                if (annee, mois) <= (jour.year, jour.month):
                    facteur *= 1.0 + taux
        return facteur

    def _serie(self, nom: str) -> dict[dt.date, float | None]:
        if nom in self._series:
            return self._series[nom]
        p = self._parametres[nom]
        serie: dict[dt.date, float | None] = {}
        projetees: set[dt.date] = set()
        derniere_date, _ = p.derniere_valeur
        debut = min(self._annee_min, derniere_date.year)
        courante: float | None = None
        prise_effet: dt.date | None = None
        revalorise = False
        for annee in range(debut, self._annee_max + 1):
            for jour in _premiers_du_mois(annee):
                if jour <= p.valide_jusqu_au:
                    courante = p.valeur_connue(jour)
                    prise_effet = p.debut_valeur(jour)
                else:
                    if (jour.month, jour.day) == p.revalorisation and courante is not None and p.projection != "gel":
                        courante *= self._taux_revalorisation(p, jour, prise_effet)
                        prise_effet = jour
                        revalorise = True
                    if revalorise:
                        # until a revaluation date has passed, the last official value is still the one in force
                        projetees.add(jour)
                valeur = courante
                if nom == "smic.horaire_brut" and valeur is not None:
                    valeur *= self._facteur_choc_smic(jour)
                serie[jour] = valeur
        self._series[nom] = serie
        self._projetees[nom] = projetees
        return serie

    def _taux_revalorisation(self, p: Parametre, jour: dt.date, prise_effet: dt.date | None) -> float:
        hyp = self.hypotheses(jour.year)
        if p.projection == "evolution_smic":
            return 1.0 + hyp.evolution_smic
        if p.projection == "inflation":
            return 1.0 + hyp.inflation
        if p.projection == "indexation_socle":
            mode = hyp.indexation_socle
            if mode == "gel":
                return 1.0
            if mode == "smic":
                avant = self.valeur("smic.horaire_brut", prise_effet or jour)
                apres = self.valeur("smic.horaire_brut", jour)
                return 1.0 if not avant or apres is None else apres / avant
            return 1.0 + float(mode)
        return 1.0

    def valeur(self, nom: str, jour: dt.date) -> float | None:
        """Value in force on `jour` (a first of month within the years covered)."""
        serie = self._serie(nom)
        premier = dt.date(jour.year, jour.month, 1)
        if premier in serie:
            return serie[premier]
        return self._parametres[nom].valeur_connue(jour)

    def mensuelles(self, nom: str, annee: int) -> list[float | None]:
        serie = self._serie(nom)
        return [serie.get(j) for j in _premiers_du_mois(annee)]

    def moyenne(self, nom: str, annee: int) -> float:
        """Mean of the 12 monthly values of `annee`; a month with no value in force counts as 0."""
        cle = (nom, annee)
        if cle not in self._moyennes:
            self._moyennes[cle] = sum(v or 0.0 for v in self.mensuelles(nom, annee)) / 12.0
        return self._moyennes[cle]  # type: ignore[return-value]

    def moyennes(self, noms: tuple[str, ...], annee: int) -> tuple[tuple[tuple[str, int], ...], tuple[float, ...]]:
        """The (nom, annee) keys and the `moyenne` of several parameters, kept together: a module reading the same
        group every year of every scenario gets it in one lookup."""
        cle = (noms, annee)
        trouvees = self._groupes.get(cle)
        if trouvees is None:
            cles = tuple((nom, annee) for nom in noms)
            trouvees = self._groupes[cle] = (cles, tuple(self.moyenne(nom, annee) for nom in noms))
        return trouvees

    def provenance(self, nom: str, annee: int) -> Provenance:
        cle = (nom, annee)
        if cle not in self._provenances:
            self._provenances[cle] = self._calculer_provenance(nom, annee)
        return self._provenances[cle]

    def _calculer_provenance(self, nom: str, annee: int) -> Provenance:
        p = self._parametres[nom]
        self._serie(nom)
        jours = _premiers_du_mois(annee)
        projetees = [j for j in jours if j in self._projetees[nom]]
        connues = [j for j in jours if j not in self._projetees[nom]]
        refs: list[Reference] = []
        confiance = "haute"
        for j in connues:
            for r in p.references_au(j):
                if r not in refs:
                    refs.append(r)
            c = p.confiance_au(j)
            if _RANG_CONFIANCE[c] > _RANG_CONFIANCE[confiance]:
                confiance = c
        if projetees:
            hyp = self.hypotheses(annee)
            mode = {
                "evolution_smic": f"évolution du SMIC de {_taux(hyp.evolution_smic)} par an",
                "inflation": f"inflation de {_taux(hyp.inflation)} par an",
                "indexation_socle": (
                    "socle gelé"
                    if hyp.indexation_socle == "gel"
                    else "socle indexé sur le SMIC"
                    if hyp.indexation_socle == "smic"
                    else f"socle indexé de {_taux(float(hyp.indexation_socle))} par an"
                ),
                "gel": "dernière valeur connue maintenue",
            }[p.projection]
            hypothese = f"projection au-delà du {p.valide_jusqu_au:%d/%m/%Y} : {mode}"
            if not refs:
                refs = list(p.references_au(p.valide_jusqu_au))
        elif any(j > p.valide_jusqu_au for j in jours):
            hypothese = f"valeur officielle, la dernière connue (vérifiée au {p.valide_jusqu_au:%d/%m/%Y})"
        else:
            hypothese = "valeur officielle"
        return Provenance(
            parametre=nom,
            annee=annee,
            valeur=self.moyenne(nom, annee),
            projetee=bool(projetees),
            hypothese=hypothese,
            references=tuple(refs),
            confiance=confiance,
        )
