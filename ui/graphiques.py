"""Altair charts of the results, in French (axes `35 000 €`, `25 %`), for the Résultats and Comparer pages.

Data flows one way: each `tableau_*` function only reshapes what the engine returned (a
`ResultatScenario`, a `Resultat` or a `Pont`) into a tidy DataFrame, and each `graphique_*` function
only draws such a frame. No figure is computed here; even the waterfall's bar ends are the cumulative
results the bridge simulated before and after each step.

Every chart carries the French locale in its config (Streamlit's vega-embed honours the spec's
locale) and a `usermeta.graphique` name, so that tests can find it in the page.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from iae_model.graphiques import (  # the PDF draws the same charts
    AXE_ANNEE,
    BLEU,
    FORMAT_EUROS,
    ROUGE,
    _finir,
    graphique_pont,
    graphique_produits,
    graphique_resultat_tresorerie,
    graphique_tresorerie_mensuelle,
    locale,
    tableau_pont,
    tableau_produits,
    tableau_resultat,
    tableau_tresorerie_mensuelle,
)
from iae_model.simulation import Resultat, ResultatScenario

# Altair validates every object against the Vega-Lite schema as it is built (half the time of a chart);
# the charts are fixed code, checked against the schema by the tests (tests/test_graphiques.py).
alt.utils.schemapi.disable_debug_mode()

FORMAT_POURCENT = ".0%"


COULEURS_SCENARIOS = [
    "#1f5f99",
    "#e08a1e",
    "#2e7d32",
    "#8e44ad",
    "#c62828",
    "#00838f",
    "#6d4c41",
    "#7f7f7f",
    "#ad1457",
    "#9e9d24",
]
"""First scenario (the reference) in dark blue; the palette repeats beyond ten scenarios."""

RATIO = "Recettes commerciales / charges de l'ACI"
PLAFOND = "Plafond réglementaire"


# --- data: plain reshapes of what the engine returned ---------------------------------------------


def tableau_ratio_aci(resultat: ResultatScenario) -> pd.DataFrame:
    """The ACI's commercial ratio and its ceiling by year (empty when there is no ACI)."""
    lignes = [
        {"annee": a.annee, "ratio": a.indicateurs["ratio_commercial_aci"], "plafond": a.indicateurs["plafond_aci"]}
        for a in resultat.annees
        if a.indicateurs.get("ratio_commercial_aci") is not None and a.indicateurs.get("plafond_aci") is not None
    ]
    return pd.DataFrame(lignes, columns=["annee", "ratio", "plafond"])


def tableau_comparaison(resultat: Resultat, scenarios: Sequence[str] | None = None) -> pd.DataFrame:
    """Result and year-end cash per scenario and year (columns scenario, libelle, annee, resultat, tresorerie)."""
    ids = list(scenarios) if scenarios is not None else [s.id for s in resultat.scenarios]
    lignes = [
        {
            "scenario": s.id,
            "libelle": s.libelle,
            "annee": a.annee,
            "resultat": round(a.resultat, 2),
            "tresorerie": round(a.tresorerie_fin, 2),
        }
        for s in resultat.scenarios
        if s.id in ids
        for a in s.annees
    ]
    return pd.DataFrame(lignes, columns=["scenario", "libelle", "annee", "resultat", "tresorerie"])


# --- charts -------------------------------------------------------------------------------------


def graphique_ratio_aci(resultat: ResultatScenario, hauteur: int = 200) -> alt.TopLevelMixin:
    """The ACI's commercial ratio by year against its ceiling (30 %, or 50 % with a derogation)."""
    df = tableau_ratio_aci(resultat)
    long = pd.concat(
        [
            df[["annee", "ratio"]].rename(columns={"ratio": "valeur"}).assign(serie=RATIO),
            df[["annee", "plafond"]].rename(columns={"plafond": "valeur"}).assign(serie=PLAFOND),
        ],
        ignore_index=True,
    )
    couleurs = alt.Scale(domain=[RATIO, PLAFOND], range=[BLEU, ROUGE])
    base = alt.Chart(long).encode(
        x=alt.X("annee:O", axis=AXE_ANNEE),
        y=alt.Y("valeur:Q", title="Part des charges de l'ACI", axis=alt.Axis(format=FORMAT_POURCENT)),
        color=alt.Color("serie:N", title=None, scale=couleurs, legend=alt.Legend(direction="horizontal")),
        tooltip=[
            alt.Tooltip("annee:O", title="Année"),
            alt.Tooltip("serie:N", title="Série"),
            alt.Tooltip("valeur:Q", title="Valeur", format=".1%"),
        ],
    )
    ratio = base.transform_filter(alt.datum.serie == RATIO).mark_line(point=True, strokeWidth=2.5)
    plafond = base.transform_filter(alt.datum.serie == PLAFOND).mark_line(
        strokeDash=[6, 4], strokeWidth=2, interpolate="step"
    )
    chart = alt.layer(plafond, ratio, title="Ratio commercial de l'ACI et son plafond (art. D.5132-34)").properties(
        height=hauteur
    )
    return _finir(chart, "ratio_aci")


def _comparaison(df: pd.DataFrame, colonne: str, titre: str, axe: str, nom: str, hauteur: int) -> alt.TopLevelMixin:
    ordre = list(dict.fromkeys(df["libelle"]))
    lignes = (
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("annee:O", axis=AXE_ANNEE),
            y=alt.Y(f"{colonne}:Q", title=axe, axis=alt.Axis(format=FORMAT_EUROS)),
            color=alt.Color(
                "libelle:N",
                title="Scénario",
                sort=ordre,
                scale=alt.Scale(
                    domain=ordre, range=[COULEURS_SCENARIOS[i % len(COULEURS_SCENARIOS)] for i in range(len(ordre))]
                ),
                legend=alt.Legend(columns=1, labelLimit=520),  # one chart a row: room for the whole libellé
            ),
            tooltip=[
                alt.Tooltip("libelle:N", title="Scénario"),
                alt.Tooltip("annee:O", title="Année"),
                alt.Tooltip(f"{colonne}:Q", title=axe, format=FORMAT_EUROS),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999999").encode(y=alt.Y("y:Q"))
    return _finir(alt.layer(zero, lignes, title=titre).properties(height=hauteur), nom)


def graphique_comparaison_resultat(df: pd.DataFrame, hauteur: int = 280) -> alt.TopLevelMixin:
    """Result per year, one line per scenario (`df` from `tableau_comparaison`)."""
    return _comparaison(df, "resultat", "Résultat par année", "Résultat", "comparaison_resultat", hauteur)


def graphique_comparaison_tresorerie(df: pd.DataFrame, hauteur: int = 280) -> alt.TopLevelMixin:
    """Year-end cash per year, one line per scenario (`df` from `tableau_comparaison`)."""
    return _comparaison(df, "tresorerie", "Trésorerie de fin d'année", "Trésorerie", "comparaison_tresorerie", hauteur)


__all__ = [
    "graphique_comparaison_resultat",
    "graphique_comparaison_tresorerie",
    "graphique_pont",
    "graphique_produits",
    "graphique_ratio_aci",
    "graphique_resultat_tresorerie",
    "graphique_tresorerie_mensuelle",
    "locale",
    "tableau_comparaison",
    "tableau_pont",
    "tableau_produits",
    "tableau_ratio_aci",
    "tableau_resultat",
    "tableau_tresorerie_mensuelle",
]
