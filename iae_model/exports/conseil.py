"""The board's page: what the first page of the PDF says, read in two minutes.

The question the board faces, the State hypothesis it faces (a scenario and what it does), the answers
studied (their levers), a few figures per scenario at the horizon (result, cash, lowest month-end and
when, the yearly margin that keeps the cash positive, the ETP cut the cash stands), then what to decide.
Nothing new is computed: the figures are the engine's and `iae_model.decision`'s, gathered by
`preparer`; this module only chooses which scenario plays which part and says it in French.

Who plays which part, among the scenarios exported:
* the answers are the scenarios with levers of their own (« Réponse – … » in the examples);
* the State hypothesis is the first answer's base, or without an answer the first scenario that is not
  the reference and has chocs; what it does is the chocs of its chain of bases above the reference;
* the best answer is the one whose lowest month-end cash is highest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iae_model import phrases as ph
from iae_model.decision import CoupeAbsorbable, EffortTresorerie
from iae_model.exports.synthese import Synthese, hypotheses_du_scenario
from iae_model.formats import euros, pourcentage
from iae_model.simulation import ResultatScenario


@dataclass(frozen=True)
class Limites:
    """How much the page lists; what is left out is counted, and the detail has it all."""

    items: int
    """Chocs or levers listed for one scenario."""
    reponses: int
    scenarios: int
    """Rows of the figures table."""
    decisions: int


LIBELLE_MAX = 90
"""A scenario's label is cut there on the page (the detail has it whole): 200 characters, the most a label may
have, repeated in the table and the decisions would push the page over."""

LIMITES = (Limites(6, 3, 6, 5), Limites(4, 2, 5, 4), Limites(3, 1, 4, 3), Limites(2, 1, 3, 3))
"""From the fullest page to the shortest: the PDF takes the first that fits on one page (a project with long
names and many scenarios gets the shorter ones)."""


@dataclass(frozen=True)
class ChiffresHorizon:
    """What the board's page shows of one scenario."""

    id: str
    libelle: str
    resultat: float
    """The last year's result."""
    tresorerie_fin: float
    """The cash on 31 December of the last year."""
    point_bas: float
    """The lowest month-end cash over the horizon."""
    point_bas_quand: tuple[int, int]
    """(year, month) of that lowest month-end (the first one when several are equal)."""
    negative_des: tuple[int, int] | None
    """(year, month) of the first month-end with a negative cash, None when it stays ≥ 0."""
    effort: EffortTresorerie
    coupe: CoupeAbsorbable

    @property
    def tient(self) -> bool:
        return self.negative_des is None


@dataclass(frozen=True)
class Role:
    """A scenario named on the page, and what it holds (chocs or levers, in words)."""

    id: str
    libelle: str
    items: tuple[str, ...]
    autres: int = 0
    """Items left out of the page (more than `ITEMS_MAX`)."""


@dataclass(frozen=True)
class PageConseil:
    question: str
    etat: Role | None
    reponses: tuple[Role, ...]
    autres_reponses: int
    chiffres: tuple[ChiffresHorizon, ...]
    autres_scenarios: int
    decisions: tuple[str, ...]
    horizon: int


def chiffres_horizon(s: Synthese, rs: ResultatScenario) -> ChiffresHorizon:
    derniere = rs.annees[-1]
    bas = min(rs.annees, key=lambda a: a.tresorerie.point_bas)
    negative = next(
        ((a.annee, m) for a in rs.annees for m, solde in enumerate(a.tresorerie.mensuelle, start=1) if solde < 0),
        None,
    )
    effort = s.efforts[rs.id]
    return ChiffresHorizon(
        id=rs.id,
        libelle=abrege(rs.libelle),
        resultat=derniere.resultat,
        tresorerie_fin=derniere.tresorerie_fin,
        point_bas=bas.tresorerie.point_bas,
        point_bas_quand=(bas.annee, bas.tresorerie.mois_point_bas),
        negative_des=negative,
        effort=effort.tresorerie,
        coupe=effort.coupe,
    )


def abrege(texte: str, n: int = LIBELLE_MAX) -> str:
    """The text on one line, cut at a word before `n` characters with « … » when longer."""
    texte = " ".join(texte.split())
    if len(texte) <= n:
        return texte
    coupe = texte[: n - 1].rsplit(" ", 1)[0] if " " in texte[: n - 1] else texte[: n - 1]
    return coupe.rstrip(" ,;:–—-") + "…"


def quand(moment: tuple[int, int]) -> str:
    """(2027, 9) -> « fin septembre 2027 »."""
    return ph.fin_de_mois(moment[1], moment[0])


def _role(identifiant: str, items: list[Any], libelle: str, n: int, hypotheses: str = "") -> Role:
    textes = [f"{item.nature.capitalize()} : {item.titre()}" for item in items]
    if hypotheses:
        textes.insert(0, hypotheses)
    return Role(identifiant, abrege(libelle), tuple(textes[:n]), max(0, len(textes) - n))


def _chaine(s: Synthese, identifiant: str) -> list[str]:
    """The scenario and its bases above the reference, from the highest base down to it."""
    chaine: list[str] = []
    courant: str | None = identifiant
    while courant is not None and courant != s.reference and courant not in chaine:
        chaine.insert(0, courant)
        courant = s.projet.scenario(courant).base
    return chaine


def _etat(s: Synthese, reponses: list[str]) -> str | None:
    exportes = [rs.id for rs in s.scenarios]
    if reponses:
        base = s.projet.scenario(reponses[0]).base
        if base is not None and base != s.reference:
            return base
    return next(
        (i for i in exportes if i != s.reference and s.projet.scenario(i).chocs and i not in reponses),
        None,
    )


def _role_etat(s: Synthese, identifiant: str, n: int) -> Role:
    p = s.projet
    items = [item for i in _chaine(s, identifiant) for item in p.scenario(i).chocs]
    sc = p.scenario(identifiant)
    avant = hypotheses_du_scenario(p, s.reference)
    apres = hypotheses_du_scenario(p, identifiant)
    hypotheses = ph.changements_d_hypotheses(avant, apres) if apres != avant else ""
    return _role(identifiant, items, sc.libelle, n, hypotheses)


def _role_reponse(s: Synthese, identifiant: str, n: int) -> Role:
    sc = s.projet.scenario(identifiant)
    return _role(identifiant, [*sc.leviers, *sc.chocs], sc.libelle, n)


def _decisions(
    s: Synthese, etat: ChiffresHorizon | None, reponses: list[ChiffresHorizon], premier: ChiffresHorizon
) -> list[str]:
    """What the figures ask the board to decide, most urgent first. Without a State hypothesis among the
    scenarios exported, the first one (the reference, most often) says where the structure goes unchanged."""
    horizon = s.annees[-1]
    premiere = s.annees[0]
    types = s.projet.types_conventionnements()
    decisions: list[str] = []
    sans_reponse = etat or (premier if premier.id not in {c.id for c in reponses} else None)
    if sans_reponse is not None:
        cadre = f"sous l'hypothèse « {etat.libelle} »" if etat else f"dans le scénario « {premier.libelle} »"
        if sans_reponse.negative_des is not None:
            decisions.append(
                f"Sans réponse, {cadre}, la trésorerie devient négative {quand(sans_reponse.negative_des)} : la "
                "décision doit être prise et mise en œuvre avant cette date."
            )
        else:
            decisions.append(
                f"{'Même ' + cadre if etat else cadre[0].upper() + cadre[1:]}, la trésorerie reste positive à chaque "
                f"fin de mois jusqu'en {horizon} (point bas {euros(sans_reponse.point_bas)} "
                f"{quand(sans_reponse.point_bas_quand)})."
            )
    meilleure = max(reponses, key=lambda c: c.point_bas) if reponses else None
    if meilleure is not None:
        if meilleure.tient:
            autres = " la seule réponse étudiée" if sum(c.tient for c in reponses) == 1 and len(reponses) > 1 else ""
            decisions.append(
                f"Retenir ou non « {meilleure.libelle} »{',' + autres if autres else ''} : la trésorerie reste "
                f"positive à chaque fin de mois jusqu'en {horizon} (point bas {euros(meilleure.point_bas)} "
                f"{quand(meilleure.point_bas_quand)})."
            )
        else:
            debut = "La réponse étudiée ne suffit pas" if len(reponses) == 1 else "Aucune réponse étudiée ne suffit"
            decisions.append(
                f"{debut} : avec « {meilleure.libelle} », la trésorerie devient négative "
                f"{quand(meilleure.negative_des or meilleure.point_bas_quand)}. Il faut dégager en plus "
                f"{euros(meilleure.effort.montant_annuel)} par an dès {premiere} (économies, chiffre d'affaires ou "
                "subventions), ou étudier une autre réponse."
            )
    elif sans_reponse is not None and not sans_reponse.tient:
        decisions.append(
            "Aucune réponse n'est encore étudiée : il faut dégager "
            f"{euros(sans_reponse.effort.montant_annuel)} par an dès {premiere} (économies, chiffre d'affaires ou "
            "subventions) ; le simulateur permet d'essayer des leviers."
        )
    marge = meilleure or sans_reponse
    if marge is not None and marge.coupe.taux is not None and marge.coupe.taux < 1:
        decisions.append(
            f"Si l'État coupe davantage : avec « {marge.libelle} », la structure supporte au plus une baisse de "
            f"{pourcentage(marge.coupe.taux)} de ses {ph.postes_d_insertion(types)} à partir de {marge.coupe.annee} "
            "avant que la trésorerie ne passe sous zéro."
        )
    if meilleure is not None:
        rs = s.resultat.scenario(meilleure.id)
        plafond = sorted({a.annee for a in rs.alertes if a.code == "plafond_aci"})
        if plafond:
            decisions.append(
                f"« {meilleure.libelle} » dépasse le plafond commercial de l'ACI en {plafond[0]} : demander la "
                "dérogation ou revoir le chiffre d'affaires visé."
            )
    decisions += _financements_a_confirmer(s, meilleure or sans_reponse)
    if s.guide is not None:
        ouvertes = [ligne for ligne in s.guide.plan if ligne.action.statut not in ("fait", "abandonne")]
        if ouvertes:
            n = len(ouvertes)
            decisions.append(
                f"{n} action{'s' if n > 1 else ''} du plan d'action du guide {'restent' if n > 1 else 'reste'} "
                "ouverte" + ("s" if n > 1 else "") + " (liste en fin de document) : en fixer les responsables."
            )
    return decisions


def _financements_a_confirmer(s: Synthese, chiffres: ChiffresHorizon | None) -> list[str]:
    """The « probable » or « to find » funding a scenario counts on: the board should secure it first."""
    if chiffres is None:
        return []
    retenus = set(hypotheses_du_scenario(s.projet, chiffres.id).statuts_financements)
    horizon = s.annees[-1]
    incertains = [
        f
        for f in s.projet.financements
        if f.statut != "acquis"
        and f.statut in retenus
        and f.debut <= horizon
        and (f.fin is None or f.fin >= s.annees[0])
    ]
    if not incertains:
        return []
    n = len(incertains)
    total = sum(f.montant for f in incertains)
    return [
        f"{n} financement{'s' if n > 1 else ''} pas encore acquis ({euros(total)} par an au total) "
        f"{'sont comptés' if n > 1 else 'est compté'} dans « {chiffres.libelle} » : "
        f"{'les' if n > 1 else 'le'} confirmer avant de s'engager."
    ]


def page_du_conseil(s: Synthese, limites: Limites = LIMITES[0]) -> PageConseil:
    """The first page of the PDF, from the synthesis (see the module), its lists cut to `limites`."""
    horizon = s.annees[-1]
    exportes = [rs.id for rs in s.scenarios]
    reponses = [i for i in exportes if s.projet.scenario(i).leviers]
    etat = _etat(s, reponses)
    if etat is not None:
        question = (
            f"Si l'hypothèse « {abrege(s.libelle(etat))} » se réalise, la structure peut-elle garder une trésorerie "
            f"positive à chaque fin de mois jusqu'en {horizon}, et que faut-il décider pour cela ?"
        )
    else:
        question = (
            f"La structure peut-elle garder une trésorerie positive à chaque fin de mois jusqu'en {horizon}, et que "
            "faut-il décider pour cela ?"
        )
    chiffres = {rs.id: chiffres_horizon(s, rs) for rs in s.scenarios}
    montres = [chiffres[i] for i in exportes[: limites.scenarios]]
    decisions = _decisions(
        s, chiffres.get(etat) if etat else None, [chiffres[i] for i in reponses], chiffres[exportes[0]]
    )
    return PageConseil(
        question=question,
        etat=_role_etat(s, etat, limites.items) if etat is not None else None,
        reponses=tuple(_role_reponse(s, i, limites.items) for i in reponses[: limites.reponses]),
        autres_reponses=max(0, len(reponses) - limites.reponses),
        chiffres=tuple(montres),
        autres_scenarios=len(exportes) - len(montres),
        decisions=tuple(decisions[: limites.decisions]),
        horizon=horizon,
    )
