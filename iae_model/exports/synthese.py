"""What every export shows, computed once: the same figures in the PDF, the workbook and the Markdown.

Nothing is computed here that the engine, the decision module, the bridge or the guide does not
already compute: this module picks their results for the scenarios asked for and puts them in the
order the exports print them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import iae_model
from iae_model.comptes import TRESORERIE, par_annee, selection
from iae_model.decision import (
    CoupeAbsorbable,
    EffortAnnee,
    EffortTresorerie,
    coupe_etp_absorbable,
    effort_equilibre,
    effort_tresorerie,
)
from iae_model.guide import Avancement, ContenuGuide, LigneAction, avancement, charger_guide, plan_action
from iae_model.parametres import Parametres, charger_parametres
from iae_model.pont import Pont, pont, resultat_cumule
from iae_model.projet import ErreurProjet, Projet
from iae_model.projet.modele import Hypotheses
from iae_model.simulation import Annee, Resultat, ResultatScenario, plan_du_scenario, simuler
from iae_model.simulation.moteur import PointsDeReprise
from iae_model.simulation.resultat import valeur_de_ligne
from iae_model.sources import (  # noqa: F401 (the exporters read them from the synthesis)
    Origine,
    SourceParametre,
    origines,
    periodes,
    references,
    sources_des_parametres,
    valeurs_par_annee,
)
from iae_model.vocabulaire import MOIS, Ligne


class ScenarioInconnu(ValueError):
    """An id asked for is not a scenario of the project (the message is in French, for the user)."""


CHIFFRES_CLES: tuple[Ligne, ...] = selection(
    ("produits", "aide_au_poste"),
    ("produits", "chiffre_affaires"),
    ("produits", "subventions"),
    ("charges", "total"),
    ("resultat", "resultat"),
    ("tresorerie", "caf"),
    ("tresorerie", "tresorerie_fin"),
    ("tresorerie", "point_bas"),
)
"""The key figures of each scenario and year, lines of the vocabulary (their labels are its labels)."""

TABLEAU_DU_SCENARIO: tuple[Ligne, ...] = selection(
    ("produits", "aide_au_poste"),
    ("produits", "chiffre_affaires"),
    ("produits", "subventions"),
    ("charges", "total"),
    ("resultat", "resultat"),
    *TRESORERIE,
)
"""A scenario's table in the PDF and the Markdown: the key figures, then the year's cash plan from the cash
at 1 January to the cash at 31 December and its low point (the loan lines only when there is a loan)."""

EN_GRAS = frozenset({("resultat", "resultat"), ("tresorerie", "tresorerie_fin"), ("tresorerie", "point_bas")})


def chiffre(ligne: Ligne, a: Annee) -> float:
    """A key figure (`CHIFFRES_CLES`, lines of the vocabulary) of one year, rounded to the cent."""
    return round(valeur_de_ligne(a, ligne.categorie, ligne.code), 2)


def tableau_du_scenario(rs: ResultatScenario) -> list[tuple[Ligne, list[float]]]:
    """The lines of `TABLEAU_DU_SCENARIO` with their value each year, rounded to the cent (optional lines that
    are zero every year left out)."""
    return [(ligne, [chiffre(ligne, a) for a in rs.annees]) for ligne, _ in par_annee(rs.annees, TABLEAU_DU_SCENARIO)]


MOIS_DU_POINT_BAS = "Mois du point bas"


def mois_du_point_bas(rs: ResultatScenario) -> list[str]:
    """The month of each year's low point, in words (« juillet »)."""
    return [MOIS[a.tresorerie.mois_point_bas - 1] for a in rs.annees]


@dataclass(frozen=True)
class Effort:
    annees: tuple[EffortAnnee, ...]
    tresorerie: EffortTresorerie
    coupe: CoupeAbsorbable

    @property
    def deficits(self) -> tuple[EffortAnnee, ...]:
        return tuple(e for e in self.annees if e.economies > 0)


@dataclass(frozen=True)
class GuideSynthese:
    """The guide's progress and plan d'action for the project (None in `Synthese` when the guide is absent)."""

    contenu: ContenuGuide
    sections: tuple[Avancement, ...]
    ensemble: Avancement
    plan: tuple[LigneAction, ...]

    @property
    def entame(self) -> bool:
        """At least one answer: the PDF and the Markdown leave out a guide nobody has opened yet."""
        return self.ensemble.repondues > 0 or bool(self.plan)


@dataclass(frozen=True)
class Synthese:
    projet: Projet
    resultat: Resultat
    reference: str
    """The scenario the bridges start from (`Projet.scenario_de_reference`)."""
    ponts: dict[str, Pont]
    efforts: dict[str, Effort]
    guide: GuideSynthese | None
    sources: tuple[SourceParametre, ...]
    date: dt.date
    version: str
    guide_illisible: str | None = None
    """Why the guide's content could not be read (the exports say it instead of leaving the guide out)."""

    @property
    def scenarios(self) -> list[ResultatScenario]:
        return self.resultat.scenarios

    @property
    def annees(self) -> list[int]:
        return [a.annee for a in self.resultat.scenarios[0].annees]

    def libelle(self, identifiant: str) -> str:
        return self.projet.scenario(identifiant).libelle

    def resultat_cumule(self, identifiant: str) -> float:
        return resultat_cumule(self.resultat.scenario(identifiant))

    def qui(self, scenarios: Sequence[str]) -> str:
        """« tous les scénarios » or the scenarios' labels in French quotes."""
        if len(scenarios) == len(self.scenarios):
            return "tous les scénarios"
        return ", ".join(f"« {self.libelle(i)} »" for i in scenarios)


def verifier_scenarios(projet: Projet, scenarios: Sequence[str] | None) -> list[str]:
    """The ids to export, in the project's order (all when None or empty); unknown ids raise `ScenarioInconnu`."""
    connus = [s.id for s in projet.scenarios]
    if not scenarios:
        return connus
    inconnus = [i for i in scenarios if i not in connus]
    if inconnus:
        raise ScenarioInconnu(f"Scénario inconnu : {', '.join(inconnus)} (scénarios du projet : {', '.join(connus)})")
    demandes = set(scenarios)
    return [i for i in connus if i in demandes]


def guide_du_projet(projet: Projet, contenu: ContenuGuide | None = None) -> GuideSynthese | None:
    """Progress and plan d'action, or None when the guide's content is absent, unreadable, or asks nothing here."""
    return _guide_et_raison(projet, contenu)[0]


def _guide_et_raison(projet: Projet, contenu: ContenuGuide | None) -> tuple[GuideSynthese | None, str | None]:
    """The guide's synthesis, and why it is missing when its content could not be read (French)."""
    if contenu is None:
        try:
            contenu = charger_guide()
        except ErreurProjet as exc:
            return None, f"le contenu du guide (dossier guide/) contient des erreurs : {exc.erreurs[0]}"
        except OSError as exc:
            return None, f"le contenu du guide (dossier guide/) ne peut pas être lu ({exc.strerror or exc})"
    if not contenu.sections:
        return None, None
    sections, ensemble = avancement(contenu, projet)
    if not ensemble.questions:
        return None, None
    return GuideSynthese(contenu, tuple(sections), ensemble, tuple(plan_action(contenu, projet))), None


def preparer(
    projet: Projet,
    scenarios: Sequence[str] | None = None,
    *,
    guide: ContenuGuide | None = None,
    parametres: Parametres | None = None,
    date: dt.date | None = None,
) -> Synthese:
    """Simulate the scenarios asked for and gather what the exports show (see the module's docstring)."""
    ids = verifier_scenarios(projet, scenarios)
    parametres = parametres or charger_parametres()
    # the bridges and the solver resume from the years the scenarios simulated first share with their steps
    reprises = PointsDeReprise(projet, parametres)
    resultat = simuler(projet, ids, parametres, reprises)
    reference = projet.scenario_de_reference()
    ponts = {i: pont(projet, i, reference, parametres, reprises) for i in ids if i != reference}
    efforts = {
        s.id: Effort(
            tuple(effort_equilibre(s)),
            effort_tresorerie(s),
            coupe_etp_absorbable(projet, s.id, parametres=parametres, reprises=reprises),
        )
        for s in resultat.scenarios
    }
    guide_synthese, guide_illisible = _guide_et_raison(projet, guide)
    return Synthese(
        projet=projet,
        resultat=resultat,
        reference=reference,
        ponts=ponts,
        efforts=efforts,
        guide=guide_synthese,
        guide_illisible=guide_illisible,
        sources=sources_des_parametres(resultat.scenarios, parametres),
        date=date or dt.date.today(),
        version=iae_model.__version__,
    )


def hypotheses_du_scenario(projet: Projet, identifiant: str) -> Hypotheses:
    """The hypotheses a scenario runs with (the project's, with the overrides of its chain)."""
    return plan_du_scenario(projet, identifiant).hypotheses
