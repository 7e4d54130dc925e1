"""The official parameters a result used, and where each value comes from (arrêté, or projection).

Résultats' « Formules et sources » tab and the three exporters show the same table from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iae_model.formats import ESPACE_UNITE, euros, nombre, pourcentage
from iae_model.parametres import Parametres
from iae_model.simulation import ResultatScenario
from iae_model.simulation.conjoncture import Provenance


def unite(valeur: float | None, code: str, court: bool = False) -> str:
    """A parameter's value in French with its unit (`currency-EUR`, `/1`, `hour`...).

    `court`: amounts of 100 € or more without cents (for narrow table columns).
    """
    if valeur is None:
        return "—"
    if code.startswith("currency"):
        return euros(valeur, 0 if court and abs(valeur) >= 100 else 2)
    if code == "/1":
        return pourcentage(valeur)
    if code == "hour":
        return f"{nombre(valeur)}{ESPACE_UNITE}h"
    if code in ("jours", "mois"):
        return f"{nombre(valeur)}{ESPACE_UNITE}{code if code == 'mois' or valeur > 1 else 'jour'}"
    if code in ("smic", "salariés"):
        return f"{nombre(valeur, 2 if code == 'smic' else 0)}{ESPACE_UNITE}{code.upper() if code == 'smic' else code}"
    return nombre(valeur, 2)


@dataclass(frozen=True)
class SourceParametre:
    """One parameter used by the included scenarios: its yearly values, how each was obtained, its sources."""

    nom: str
    libelle: str
    unite: str
    confiance: str
    provenances: dict[str, dict[int, Provenance]]
    """scenario id -> year -> provenance (the value, official or projected, and its references)."""


@dataclass(frozen=True)
class Origine:
    """How a parameter's values were obtained (official, or projected), for which years and scenarios."""

    hypothese: str
    projetee: bool
    annees: tuple[int, ...]
    scenarios: tuple[str, ...]
    """Ids of the scenarios concerned, in the project's order."""


def origines(source: SourceParametre) -> list[Origine]:
    """One entry per distinct hypothesis behind the parameter's values, official values first."""
    vues: dict[str, tuple[bool, set[int], list[str]]] = {}
    for sid, provs in source.provenances.items():
        for annee, pr in provs.items():
            _, annees, scenarios = vues.setdefault(pr.hypothese, (pr.projetee, set(), []))
            annees.add(annee)
            if sid not in scenarios:
                scenarios.append(sid)
    liste = [Origine(h, p, tuple(sorted(a)), tuple(sc)) for h, (p, a, sc) in vues.items()]
    return sorted(liste, key=lambda o: (o.projetee, o.annees))


def valeurs_par_annee(source: SourceParametre, scenario: str, court: bool = False) -> dict[int, str]:
    """The parameter's value of each year in French, with `*` after a projected one, in the scenario (or, when
    it did not use the parameter, the first scenario that did)."""
    provs = source.provenances.get(scenario) or next(iter(source.provenances.values()))
    return {a: unite(pr.valeur, source.unite, court) + ("*" if pr.projetee else "") for a, pr in sorted(provs.items())}


def references(source: SourceParametre) -> list[tuple[str, str]]:
    """(title, link) of every reference behind the parameter's values, without duplicates."""
    refs: list[tuple[str, str]] = []
    for provs in source.provenances.values():
        for pr in provs.values():
            refs += [(r.titre, r.lien) for r in pr.references if (r.titre, r.lien) not in refs]
    return refs


def periodes(annees: Sequence[int]) -> str:
    """[2026, 2027, 2028, 2030] -> '2026–2028, 2030'."""
    morceaux: list[str] = []
    debut = precedent = annees[0]
    for a in [*annees[1:], None]:
        if a is not None and a == precedent + 1:
            precedent = a
            continue
        morceaux.append(str(debut) if debut == precedent else f"{debut}–{precedent}")
        if a is not None:
            debut = precedent = a
    return ", ".join(morceaux)


def sources_des_parametres(
    scenarios: Sequence[ResultatScenario], parametres: Parametres
) -> tuple[SourceParametre, ...]:
    """The parameters the scenarios used, by name: values of each year, how each was obtained, sources."""
    par_nom: dict[str, dict[str, dict[int, Provenance]]] = {}
    for s in scenarios:
        for (nom, annee), prov in sorted(s.provenance.items()):
            par_nom.setdefault(nom, {}).setdefault(s.id, {})[annee] = prov
    rangs = {"haute": 0, "moyenne": 1, "faible": 2}
    sources = []
    for nom in sorted(par_nom):
        p = parametres[nom]
        confiances = [pr.confiance for par_annee in par_nom[nom].values() for pr in par_annee.values()]
        sources.append(
            SourceParametre(
                nom=nom,
                libelle=p.libelle_court,
                unite=p.unite,
                confiance=max(confiances, key=rangs.__getitem__),
                provenances=par_nom[nom],
            )
        )
    return tuple(sources)
