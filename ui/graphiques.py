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

from iae_model.formats import ESPACE_UNITE
from iae_model.pont import Pont
from iae_model.simulation import Resultat, ResultatScenario
from ui.formats import locale_altair

FORMAT_EUROS = "$,.0f"
FORMAT_EUROS_SIGNE = "+$,.0f"
FORMAT_POURCENT = ".0%"

ROUGE = "#c62828"
VERT = "#2e7d32"
BLEU = "#1f5f99"
GRIS = "#555555"

SOURCES = {
    "aide_au_poste_etat": "Aide au poste – État",
    "aide_au_poste_departement": "Aide au poste – département",
    "ca_marches_publics": "CA marchés publics",
    "ca_prive": "CA privé",
    "subventions": "Subventions",
}
COULEURS_SOURCES = ["#1f5f99", "#7fa7d1", "#e08a1e", "#f3c27a", "#6a8f3c"]
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

EXCEDENT = "Excédent"
DEFICIT = "Déficit"
TRESORERIE = "Trésorerie de fin d'année"

TOTAL = "Résultat cumulé"
HAUSSE = "Améliore le résultat"
BAISSE = "Dégrade le résultat"

RATIO = "Recettes commerciales / charges de l'ACI"
PLAFOND = "Plafond réglementaire"

AXE_ANNEE = alt.Axis(title="Année", labelAngle=0)


def locale() -> alt.Locale:
    """`ui.formats.locale_altair()` with a French percent sign (`25 %`, no-break space)."""
    loc = locale_altair()
    loc.number.percent = f"{ESPACE_UNITE}%"
    return loc


def _finir(chart: alt.TopLevelMixin, nom: str) -> alt.TopLevelMixin:
    """Name, French locale and shared look, set in one step (each Altair call copies the whole chart)."""
    chart.usermeta = {"graphique": nom}
    # "fit-x": the chart takes the column's width, and its height is the plot's (legends come on top)
    chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    chart.config = alt.Config(
        locale=locale(),
        axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12, labelLimit=420),
        legend=alt.LegendConfig(
            labelFontSize=12, titleFontSize=12, labelLimit=520, orient="bottom", direction="vertical"
        ),
        title=alt.TitleConfig(fontSize=15, anchor="start"),
    )
    return chart


# --- data: plain reshapes of what the engine returned ---------------------------------------------


def tableau_produits(resultat: ResultatScenario) -> pd.DataFrame:
    """Consolidated revenue by source and year (columns annee, source, ordre, montant)."""
    lignes = [
        {"annee": a.annee, "source": libelle, "ordre": i, "montant": round(a.total.produits.get(cle, 0.0), 2)}
        for a in resultat.annees
        for i, (cle, libelle) in enumerate(SOURCES.items())
    ]
    return pd.DataFrame(lignes, columns=["annee", "source", "ordre", "montant"])


def tableau_resultat(resultat: ResultatScenario) -> pd.DataFrame:
    """Result and year-end cash by year (columns annee, serie, montant)."""
    lignes = []
    for a in resultat.annees:
        r = round(a.resultat, 2)
        lignes.append({"annee": a.annee, "serie": DEFICIT if r < 0 else EXCEDENT, "montant": r})
        lignes.append({"annee": a.annee, "serie": TRESORERIE, "montant": round(a.tresorerie_fin, 2)})
    return pd.DataFrame(lignes, columns=["annee", "serie", "montant"])


def tableau_ratio_aci(resultat: ResultatScenario) -> pd.DataFrame:
    """The ACI's commercial ratio and its ceiling by year (empty when there is no ACI)."""
    lignes = [
        {"annee": a.annee, "ratio": a.indicateurs["ratio_commercial_aci"], "plafond": a.indicateurs["plafond_aci"]}
        for a in resultat.annees
        if a.indicateurs.get("ratio_commercial_aci") is not None and a.indicateurs.get("plafond_aci") is not None
    ]
    return pd.DataFrame(lignes, columns=["annee", "ratio", "plafond"])


def tableau_pont(p: Pont, libelle_depart: str, libelle_arrivee: str) -> pd.DataFrame:
    """One row per bar of the waterfall, in application order: start, steps, end.

    `debut` and `fin` are the cumulative results before and after the step (for the start and end
    bars, from zero to the value); `effet` is the step's effect (the value for start and end).
    """
    lignes = [
        {
            "ordre": 0,
            "etape": f"Départ : {libelle_depart}",
            "nature": "départ",
            "sens": TOTAL,
            "debut": 0.0,
            "fin": p.depart,
            "effet": p.depart,
        }
    ]
    for i, e in enumerate(p.etapes, start=1):
        lignes.append(
            {
                "ordre": i,
                "etape": f"{i}. {e.libelle}",
                "nature": e.nature,
                "sens": HAUSSE if e.effet >= 0 else BAISSE,
                "debut": e.avant,
                "fin": e.apres,
                "effet": e.effet,
            }
        )
    lignes.append(
        {
            "ordre": len(p.etapes) + 1,
            "etape": f"Arrivée : {libelle_arrivee}",
            "nature": "arrivée",
            "sens": TOTAL,
            "debut": 0.0,
            "fin": p.arrivee,
            "effet": p.arrivee,
        }
    )
    return pd.DataFrame(lignes)


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


def graphique_produits(resultat: ResultatScenario, hauteur: int = 260) -> alt.TopLevelMixin:
    """Revenue by source over the years (stacked bars)."""
    df = tableau_produits(resultat)
    chart = (
        alt.Chart(df, title="Produits par origine")
        .mark_bar()
        .encode(
            x=alt.X("annee:O", axis=AXE_ANNEE),
            y=alt.Y("sum(montant):Q", title="Montant", axis=alt.Axis(format=FORMAT_EUROS)),
            color=alt.Color(
                "source:N",
                title="Origine",
                scale=alt.Scale(domain=list(SOURCES.values()), range=COULEURS_SOURCES),
                legend=alt.Legend(columns=2, direction="horizontal"),
            ),
            order=alt.Order("ordre:Q"),
            tooltip=[
                alt.Tooltip("annee:O", title="Année"),
                alt.Tooltip("source:N", title="Origine"),
                alt.Tooltip("montant:Q", title="Montant", format=FORMAT_EUROS),
            ],
        )
        .properties(height=hauteur)
    )
    return _finir(chart, "produits")


def graphique_resultat_tresorerie(resultat: ResultatScenario, hauteur: int = 260) -> alt.TopLevelMixin:
    """Result by year (bars, deficits in red) and cash at year end (line)."""
    df = tableau_resultat(resultat)
    couleurs = alt.Scale(domain=[EXCEDENT, DEFICIT, TRESORERIE], range=[VERT, ROUGE, GRIS])
    base = alt.Chart(df).encode(
        x=alt.X("annee:O", axis=AXE_ANNEE),
        y=alt.Y("montant:Q", title="Montant", axis=alt.Axis(format=FORMAT_EUROS)),
        color=alt.Color("serie:N", title=None, scale=couleurs, legend=alt.Legend(direction="horizontal")),
        tooltip=[
            alt.Tooltip("annee:O", title="Année"),
            alt.Tooltip("serie:N", title="Série"),
            alt.Tooltip("montant:Q", title="Montant", format=FORMAT_EUROS),
        ],
    )
    barres = base.transform_filter(alt.datum.serie != TRESORERIE).mark_bar(size=28)
    ligne = base.transform_filter(alt.datum.serie == TRESORERIE).mark_line(point=True, strokeWidth=2.5)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999999").encode(y="y:Q")
    chart = alt.layer(zero, barres, ligne, title="Résultat et trésorerie de fin d'année").properties(height=hauteur)
    return _finir(chart, "resultat")


def graphique_pont(p: Pont, libelle_depart: str, libelle_arrivee: str) -> alt.TopLevelMixin:
    """The bridge as a horizontal waterfall, one row per step in application order."""
    df = tableau_pont(p, libelle_depart, libelle_arrivee)
    ordre = list(df["etape"])
    couleurs = alt.Scale(domain=[TOTAL, HAUSSE, BAISSE], range=[BLEU, VERT, ROUGE])
    y = alt.Y("etape:N", sort=ordre, title=None, axis=alt.Axis(labelLimit=430))
    tooltip = [
        alt.Tooltip("etape:N", title="Étape"),
        alt.Tooltip("effet:Q", title="Effet sur le résultat cumulé", format=FORMAT_EUROS_SIGNE),
        alt.Tooltip("fin:Q", title="Résultat cumulé après l'étape", format=FORMAT_EUROS),
    ]
    base = alt.Chart(df)
    barres = base.mark_bar(height={"band": 0.7}).encode(
        y=y,
        x=alt.X(
            "debut:Q",
            title="Résultat cumulé sur l'horizon",
            axis=alt.Axis(format=FORMAT_EUROS),
            scale=alt.Scale(padding=90),  # room for the amounts written right of the bars
        ),
        x2="fin:Q",
        color=alt.Color("sens:N", title=None, scale=couleurs, legend=alt.Legend(direction="horizontal")),
        tooltip=tooltip,
    )
    # amount written right of each bar (a position, not a figure): steps signed, start and end as values
    textes = base.transform_calculate(droite="max(datum.debut, datum.fin)")
    texte_etapes = (
        textes.transform_filter(alt.datum.sens != TOTAL)
        .mark_text(align="left", dx=5, fontSize=12)
        .encode(y=y, x="droite:Q", text=alt.Text("effet:Q", format=FORMAT_EUROS_SIGNE), tooltip=tooltip)
    )
    texte_totaux = (
        textes.transform_filter(alt.datum.sens == TOTAL)
        .mark_text(align="left", dx=5, fontSize=12, fontWeight="bold")
        .encode(y=y, x="droite:Q", text=alt.Text("effet:Q", format=FORMAT_EUROS), tooltip=tooltip)
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#999999").encode(x="x:Q")
    chart = alt.layer(
        zero,
        barres,
        texte_etapes,
        texte_totaux,
        title="Du scénario de départ au scénario choisi : ce que coûte chaque choc, ce que rapporte chaque levier",
    ).properties(height=alt.Step(30))
    return _finir(chart, "pont")


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
                legend=alt.Legend(columns=1, labelLimit=320),  # full libellé in the tooltip
            ),
            tooltip=[
                alt.Tooltip("libelle:N", title="Scénario"),
                alt.Tooltip("annee:O", title="Année"),
                alt.Tooltip(f"{colonne}:Q", title=axe, format=FORMAT_EUROS),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999999").encode(y="y:Q")
    return _finir(alt.layer(zero, lignes, title=titre).properties(height=hauteur), nom)


def graphique_comparaison_resultat(df: pd.DataFrame, hauteur: int = 280) -> alt.TopLevelMixin:
    """Result per year, one line per scenario (`df` from `tableau_comparaison`)."""
    return _comparaison(df, "resultat", "Résultat par année", "Résultat", "comparaison_resultat", hauteur)


def graphique_comparaison_tresorerie(df: pd.DataFrame, hauteur: int = 280) -> alt.TopLevelMixin:
    """Year-end cash per year, one line per scenario (`df` from `tableau_comparaison`)."""
    return _comparaison(df, "tresorerie", "Trésorerie de fin d'année", "Trésorerie", "comparaison_tresorerie", hauteur)
