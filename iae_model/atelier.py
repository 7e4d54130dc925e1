"""An atelier's pooling: many structures, one State hypothesis, the room's figures (issue 12).

Each structure runs the hypothesis on its own figures with the engine of `simuler … --hypothese ID`: the
preset is added as a scenario on the structure's reference scenario (`presets.importer_preset`), then the
reference and the hypothesis are simulated. What a structure shares is a `Participation`: an anonymous
profile (its types, a size band, its département) and, per year, its consolidated result, its cash low point
(the lowest month-end balance) and its ETP conventionnés under the reference and under the hypothesis.
Nothing else of its project leaves it.

`mettre_en_commun` adds the participations up, year by year: how many structures are in deficit (result
< 0) and how many have negative cash (a month-end balance < 0 in the year, the low point the decisions are
computed on), the ETP conventionnés and the results summed. A year counts the structures whose horizon
covers it. An ensemblier counts once among the participants and once under each of its types. Then the
ETP at risk (the hypothesis' cut beyond what each structure can absorb), the median and largest effort back
to balance, and the guide's readiness per section, least ready first; none of these over fewer than
`EFFECTIF_MIN_PUBLIE` structures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean, median
from typing import Any

from iae_model.decision import coupe_etp_absorbable, effort_equilibre
from iae_model.guide import avancement, charger_guide
from iae_model.parametres import Parametres, charger_parametres
from iae_model.presets import Preset, importer_preset, preset
from iae_model.projet import Projet
from iae_model.simulation import Annee, simuler

TYPES = ("ACI", "EI", "AI", "ETTI", "EITI")
"""The order in which types are listed (the conventionnements' order in the official texts)."""

TRANCHES_ETP = ((10.0, "moins de 10 ETP"), (25.0, "10 à 25 ETP"), (50.0, "25 à 50 ETP"))
TRANCHE_MAX = "50 ETP et plus"
"""Size bands of the anonymous profile, on the ETP conventionnés of the reference year (EITI workers count as
ETP): wide enough that a band and a type rarely single a structure out."""

EFFECTIF_MIN_PUBLIE = 3
"""No breakdown of fewer structures is shown: one or two structures of a kind would be recognised."""

_DEPARTEMENT = re.compile(r"\((\d{2,3}|2A|2B)\)")


@dataclass(frozen=True)
class AnneeParticipant:
    """One year of one structure: (reference, hypothesis) for each figure."""

    annee: int
    resultat: tuple[float, float]
    point_bas: tuple[float, float]
    etp_conventionnes: tuple[float, float]


@dataclass(frozen=True)
class Participation:
    """What a structure shares with the room: its anonymous profile and its figures per year."""

    types: tuple[str, ...]
    tranche: str
    departement: str | None
    annees: tuple[AnneeParticipant, ...]
    nom: str | None = None
    """Its name, only if it chose to give it."""
    coupe_hypothese: float = 0.0
    """The share of its ETP conventionnés the hypothesis takes away at most, over the years (0.02: −2 %)."""
    coupe_absorbable: float | None = None
    """The largest uniform ETP cut from the year after its reference year that keeps every month-end cash ≥ 0
    under its reference scenario (`decision.coupe_etp_absorbable`); None when its cash is already negative."""
    etp_a_risque: float = 0.0
    """ETP of the hypothesis' cut beyond what it can absorb: ETP × (hypothesis cut − absorbable cut)⁺, all of
    the cut when nothing is absorbable."""
    effort: float = 0.0
    """The largest yearly saving (or new income) that brings its result back to zero under the hypothesis."""
    preparation: tuple[tuple[str, float], ...] = ()
    """Its readiness per section of the guide (0 to 1), in the guide's order."""


def tranche_d_effectif(etp: float) -> str:
    for plafond, libelle in TRANCHES_ETP:
        if etp < plafond:
            return libelle
    return TRANCHE_MAX


def departement(territoire: str) -> str | None:
    """The département's number written in brackets in the structure's territory (« Oise (60) » → « 60 »)."""
    m = _DEPARTEMENT.search(territoire or "")
    return m.group(1) if m else None


def _figures(a: Annee) -> tuple[float, float, float]:
    return a.resultat, a.tresorerie.point_bas, a.total.etp_conventionnes


def participation(
    projet: Projet,
    hypothese: Preset | str,
    parametres: Parametres | None = None,
    nom: bool = False,
) -> Participation:
    """The structure's figures under its reference scenario and under the hypothesis added on it."""
    reference = projet.scenario_de_reference()
    p = preset(hypothese) if isinstance(hypothese, str) else hypothese
    importe = importer_preset(projet, p, base=reference)
    resultat = simuler(importe.projet, [reference, importe.scenario_id], parametres or charger_parametres())
    ref, hyp = resultat.scenario(reference), resultat.scenario(importe.scenario_id)
    annees = []
    for a, b in zip(ref.annees, hyp.annees, strict=True):
        (r1, p1, e1), (r2, p2, e2) = _figures(a), _figures(b)
        annees.append(AnneeParticipant(a.annee, (r1, r2), (p1, p2), (e1, e2)))
    types = tuple(t for t in TYPES if any(c.type == t for c in projet.conventionnements))
    premiere = ref.annees[0].total  # EITI workers count as ETP for the size band
    etp = max(a.etp_conventionnes[0] for a in annees)
    coupes = [1 - a.etp_conventionnes[1] / a.etp_conventionnes[0] for a in annees if a.etp_conventionnes[0]]
    coupe = max([0.0, *coupes])
    absorbable = coupe_etp_absorbable(projet, reference, parametres=parametres).taux
    sections, _ = avancement(charger_guide(), projet)
    return Participation(
        types=types,
        tranche=tranche_d_effectif(premiere.etp_conventionnes + premiere.travailleurs_accompagnes),
        departement=departement(projet.structure.territoire),
        annees=tuple(annees),
        nom=projet.structure.nom if nom else None,
        coupe_hypothese=coupe,
        coupe_absorbable=absorbable,
        etp_a_risque=etp * max(0.0, coupe - (absorbable or 0.0)),
        effort=max((e.economies for e in effort_equilibre(hyp)), default=0.0),
        preparation=tuple((a.titre, a.preparation) for a in sections),
    )


def _paire(valeurs: Iterable[tuple[float, float]], arrondi: int | None = 2) -> dict[str, float]:
    ref = hyp = 0.0
    for a, b in valeurs:
        ref += a
        hyp += b
    return {"reference": round(ref, arrondi), "hypothese": round(hyp, arrondi)}


def _compte(valeurs: Iterable[tuple[float, float]]) -> dict[str, int]:
    ref = hyp = 0
    for a, b in valeurs:
        ref += a < 0
        hyp += b < 0
    return {"reference": ref, "hypothese": hyp}


def mettre_en_commun(participations: Sequence[Participation], atelier: str, hypothese: str) -> dict[str, Any]:
    """The room's figures (the JSON contract of `python -m iae_model atelier --format json`)."""
    par_type = {t: sum(1 for p in participations if t in p.types) for t in TYPES}
    annees = sorted({a.annee for p in participations for a in p.annees})
    lignes = []
    for annee in annees:
        du_jour = [a for p in participations for a in p.annees if a.annee == annee]
        lignes.append(
            {
                "annee": annee,
                "participants": len(du_jour),
                "en_deficit": _compte(a.resultat for a in du_jour),
                "tresorerie_negative": _compte(a.point_bas for a in du_jour),
                "etp_conventionnes": _paire((a.etp_conventionnes for a in du_jour), 2),
                "resultat_total": _paire(a.resultat for a in du_jour),
            }
        )
    # an effort's median or maximum, a section's mean over one or two structures would be their own figures
    efforts = sorted(p.effort for p in participations) if publiable(len(participations)) else []
    sections: dict[str, list[float]] = {}
    for p in participations:
        for titre, valeur in p.preparation:
            sections.setdefault(titre, []).append(valeur)
    return {
        "atelier": atelier,
        "hypothese": hypothese,
        "participants": len(participations),
        "par_type": {t: n for t, n in par_type.items() if n},
        "annees": lignes,
        "etp_a_risque": round(sum(p.etp_a_risque for p in participations), 2),
        "effort": {"mediane": round(median(efforts), 2), "maximum": round(efforts[-1], 2)} if efforts else None,
        "preparation_guide": sorted(
            (
                {"section": t, "preparation": round(fmean(v), 4), "structures": len(v)}
                for t, v in sections.items()
                if publiable(len(v))
            ),
            key=lambda x: x["preparation"],
        ),
    }


def publiable(effectif: int) -> bool:
    """Whether a breakdown over `effectif` structures may be shown (`EFFECTIF_MIN_PUBLIE`)."""
    return effectif >= EFFECTIF_MIN_PUBLIE
