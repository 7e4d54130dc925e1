"""French sentences shared by the app, the bridge and the three exporters: rates, ETP and hypotheses.

The titles of chocs and leviers are their classes' (`iae_model.projet.scenarios`); the words they
use are `iae_model.vocabulaire`'s. Each sentence exists here once so that the Résultats page, the
PDF, the workbook and the Markdown summary say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from iae_model.formats import ESPACE_UNITE, euros, nombre, nombre_saisi, pourcentage
from iae_model.parametres import charger_parametres, valeur_au_1er_janvier
from iae_model.vocabulaire import MOIS, STATUTS_RETENUS, libelle

if TYPE_CHECKING:
    from iae_model.decision import CoupeAbsorbable, EffortAnnee, EffortTresorerie

MOINS = "\u2212"


def taux(valeur: float, signe: bool = False) -> str:
    """0.1 -> '10 %', 0.025 -> '2,5 %', 0.0388 -> '3,88 %', −0.1 -> '−10 %'; `signe`: '+10 %'."""
    p = abs(valeur) * 100
    decimales = next((d for d in (0, 1) if abs(p * 10**d - round(p * 10**d)) < 1e-6), 2)
    texte = f"{nombre(p, decimales)}{ESPACE_UNITE}%"
    if valeur < 0 and round(p, decimales):
        return MOINS + texte
    return ("+" if signe and round(p, decimales) else "") + texte


def ecart_euros(valeur: float, reference: float) -> str | None:
    """The gap to a reference rounded to the euro, signed (« +1 234 € », « -567 € »); None when there is none."""
    d = round(valeur - reference)
    if d == 0:
        return None
    return f"+{euros(d)}" if d > 0 else euros(d)


def ecart_points(valeur: float | None, reference: float | None) -> str | None:
    """The gap between two rates in percentage points (« +1,5 pt »); None when there is none."""
    if valeur is None or reference is None:
        return None
    d = round((valeur - reference) * 100, 1)
    if d == 0:
        return None
    return f"{'+' if d > 0 else ''}{nombre(d, 1)} pt"


def effectif(valeur: float) -> str:
    """A count of ETP or workers without its unit: 2 -> '2', 0.5 -> '0,5'."""
    return nombre(valeur, 0 if float(valeur).is_integer() else 1)


def etp(valeur: float, signe: bool = False) -> str:
    """2 -> '2 ETP', 0.5 -> '0,5 ETP', with `signe` '+0,5 ETP' / '−2 ETP'."""
    prefixe = MOINS if valeur < 0 else "+" if signe and valeur else ""
    return f"{prefixe}{effectif(abs(valeur))}{ESPACE_UNITE}ETP"


def parametre(nom: str, annee: int) -> str:
    """A dated parameter's value in force on 1 January of `annee`, in French (« 7 % », « 11,88 € »).

    How the help texts name a parameter (`{smic.horaire_brut}`): the value of the
    project's reference year, not today's.
    """
    p = charger_parametres()[nom]
    valeur = valeur_au_1er_janvier(nom, annee)
    if valeur is None:
        return "—"
    if p.unite == "/1":
        return taux(valeur)
    if p.unite.startswith("currency"):
        return euros(valeur, 2)
    return nombre_saisi(valeur)


def cotisations_non_couvertes(annee: int) -> str:
    """The charges the general reduction leaves due at the SMIC, with their rates of `annee`'s 1 January."""
    nc = "cotisations.non_couvertes"

    def v(nom: str) -> str:
        return parametre(f"{nc}.{nom}", annee)

    return (
        f"Au 1er janvier {annee} : formation professionnelle {v('formation_professionnelle_moins_11')} (moins de "
        f"{v('seuil_effectif')} salariés) ou {v('formation_professionnelle_11_et_plus')} ; taxe d'apprentissage "
        f"{v('taxe_apprentissage')} (société) ; AT/MP au-delà des {v('at_mp_part_couverte')} que la réduction "
        f"couvre ; versement mobilité à partir de {v('seuil_effectif')} salariés (pas en AI) ; AGS {v('ags')} ; "
        f"mutuelle, prévoyance et santé au travail {v('autres')} (approximation)."
    )


def indexation(valeur: str | float) -> str:
    """What the socle does past the last arrêté: « socle de l'aide au poste gelé »…"""
    if valeur == "gel":
        return "socle de l'aide au poste gelé"
    if valeur == "smic":
        return "socle de l'aide au poste indexé sur le SMIC"
    return f"socle de l'aide au poste {taux(float(valeur), signe=True)} par an"


def par_an(valeur: float) -> str:
    return f"{taux(valeur, signe=True)} par an"


def statuts_retenus(statuts: Any) -> str:
    return " et ".join(libelle(STATUTS_RETENUS, s) for s in statuts)


HYPOTHESES: dict[str, tuple[str, Callable[[Any], str]]] = {
    "evolution_smic": ("SMIC", par_an),
    "indexation_socle": ("", indexation),
    "inflation_charges": ("inflation", par_an),
    "evolution_chiffre_affaires": (
        "chiffre d'affaires",
        lambda v: "comme l'inflation" if v is None else par_an(v),
    ),
    "evolution_salaires_permanents": (
        "salaires des permanents",
        lambda v: "comme l'inflation" if v is None else par_an(v),
    ),
    "statuts_financements": ("financements retenus :", statuts_retenus),
}
"""Each hypothesis of a project or a scenario, as a sentence fragment: (name, value in French)."""


def hypothese(champ: str, valeur: Any) -> str:
    nom, texte = HYPOTHESES[champ]
    return f"{nom} {texte(valeur)}" if nom else texte(valeur)


def hypotheses_en_clair(h: Any) -> str:
    """« SMIC +2 % par an ; socle … ; inflation +2 % par an ; chiffre d'affaires comme l'inflation ; … »: every
    hypothesis, defaults included (a default is a choice the user must see)."""
    return " ; ".join(hypothese(champ, getattr(h, champ)) for champ in HYPOTHESES)


def changements_d_hypotheses(avant: Any, apres: Any) -> str:
    """« Hypothèses du scénario : SMIC +1 % par an, socle … gelé » (only what changes)."""
    changes = [hypothese(c, getattr(apres, c)) for c in HYPOTHESES if getattr(avant, c) != getattr(apres, c)]
    return "Hypothèses du scénario : " + (", ".join(changes) if changes else "inchangées")


# --- the effort to get back to balance (Résultats, PDF, workbook, Markdown) -----------------------------------

EFFORT = "Effort de retour à l'équilibre"
EQUILIBRE_ANNUEL = "Équilibre annuel"
TRESORERIE = "Trésorerie"
COUPE = "Coupe d'ETP absorbable"

EQUILIBRE = (
    "chaque année en déficit, il faut soit économiser le montant du déficit, soit obtenir une subvention du même "
    "montant, soit vendre davantage : le chiffre d'affaires supplémentaire doit aussi couvrir ses propres charges "
    "variables, il vaut donc déficit ÷ (1 − taux de charges variables)"
)
"""How a deficit is closed (the closed form of `iae_model.decision.effort_equilibre`)."""
AUCUN_DEFICIT = "aucune année en déficit : aucun effort annuel n'est nécessaire"

COLONNES_EFFORT: dict[str, str] = {
    "annee": "Année",
    "resultat": "Résultat",
    "economies": "Économies ou subvention",
    "chiffre_affaires": "ou chiffre d'affaires en plus",
    "taux_charges_variables": "Taux de charges variables",
    "depasse_plafond_aci": "Ce CA dépasserait le plafond ACI",
}
"""The columns of the effort of each year in deficit (`EffortAnnee`'s fields)."""


def ca_en_plus(valeur: float) -> str:
    """The extra turnover that closes a deficit; « impossible » when variable charges take all of it."""
    return "impossible" if valeur == float("inf") else euros(valeur)


def oui_non(valeur: bool | None, inconnu: str = "—") -> str:
    return inconnu if valeur is None else "oui" if valeur else "non"


_CELLULES_EFFORT: dict[str, Callable[[Any], str]] = {
    "annee": lambda e: str(e.annee),
    "resultat": lambda e: euros(e.resultat),
    "economies": lambda e: euros(e.economies),
    "chiffre_affaires": lambda e: ca_en_plus(e.chiffre_affaires),
    "taux_charges_variables": lambda e: pourcentage(e.taux_charges_variables),
    "depasse_plafond_aci": lambda e: oui_non(e.depasse_plafond_aci),
}


def tableau_effort(
    deficits: Sequence[EffortAnnee], champs: Sequence[str] = tuple(COLONNES_EFFORT)
) -> list[dict[str, str]]:
    """The years in deficit as French cells, one row per year keyed by the columns' titles; the column of the
    ACI ceiling is left out when no year has one."""
    if all(e.depasse_plafond_aci is None for e in deficits):
        champs = [c for c in champs if c != "depasse_plafond_aci"]
    return [{COLONNES_EFFORT[c]: _CELLULES_EFFORT[c](e) for c in champs} for e in deficits]


def _tel_quel(texte: str) -> str:
    return texte


def tresorerie_a_degager(
    effort: EffortTresorerie, premiere: int, derniere: int, gras: Callable[[str], str] = _tel_quel
) -> str:
    """What to free each year, from the first, for the cash to stay positive at every month-end."""
    if effort.montant_annuel <= 0:
        return (
            f"elle reste positive à chaque fin de mois jusqu'en {derniere} ; aucun effort annuel n'est nécessaire "
            "pour l'y maintenir"
        )
    montant = gras(f"{euros(effort.montant_annuel)} de plus chaque année")
    quand = str(effort.annee_critique)
    if effort.mois_critique is not None:
        quand = fin_de_mois(effort.mois_critique, effort.annee_critique)
    return (
        f"pour qu'elle reste positive à chaque fin de mois jusqu'en {derniere}, il faut dégager {montant} dès "
        f"{premiere} (le moment le plus tendu est {quand})"
    )


def fin_de_mois(mois: int, annee: int | None = None) -> str:
    """7, 2027 -> « fin juillet 2027 » (the month-end a cash balance is read at)."""
    return f"fin {MOIS[mois - 1]}" + ("" if annee is None else f" {annee}")


def postes_d_insertion(types: Sequence[str]) -> str:
    """What an ETP cut takes away: the workers of an EITI alone, the insertion ETP otherwise."""
    return "travailleurs accompagnés" if list(types) == ["EITI"] else "ETP d'insertion"


def coupe_absorbable(
    coupe: CoupeAbsorbable, types: Sequence[str], derniere: int, gras: Callable[[str], str] = _tel_quel
) -> str:
    """The deepest cut of every conventionnement's posts the cash stands until the horizon."""
    postes = postes_d_insertion(types)
    if coupe.taux is None:
        return (
            "aucune, la trésorerie devient déjà négative en cours d'année sans coupe (point bas de "
            f"{euros(coupe.tresorerie_min_sans_coupe)})"
        )
    if coupe.taux >= 1:
        return (
            f"la trésorerie reste positive à chaque fin de mois jusqu'en {derniere} même si la structure perdait tous "
            f"ses {postes} à partir de {coupe.annee}"
        )
    part = gras(f"{pourcentage(coupe.taux)} de ses {postes}")
    return (
        f"la structure peut perdre au plus {part} à partir de {coupe.annee} (tous conventionnements) en gardant une "
        f"trésorerie positive à chaque fin de mois jusqu'en {derniere}"
    )


def effort_de_tresorerie(
    tresorerie: EffortTresorerie,
    coupe: CoupeAbsorbable,
    types: Sequence[str],
    annees: Sequence[int],
    gras: Callable[[str], str] = _tel_quel,
) -> list[tuple[str, str]]:
    """(title, sentence) of the cash effort and of the absorbable cut, as every reader of the effort says them."""
    return [
        (TRESORERIE, tresorerie_a_degager(tresorerie, annees[0], annees[-1], gras)),
        (COUPE, coupe_absorbable(coupe, types, annees[-1], gras)),
    ]


def majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def montants_changes_par_le_scenario(items: Any) -> str | None:
    """Said under a table of official amounts when chocs of the scenario change some of them directly."""
    titres = [f"« {x.titre()} »" for x in items if getattr(x, "change_un_montant_officiel", False)]
    if not titres:
        return None
    return (
        f"Dans ce scénario, {', '.join(titres)} change{'nt' if len(titres) > 1 else ''} aussi ces montants : le "
        "tableau montre les montants officiels ou projetés avant ce choc, le calcul les applique."
    )
