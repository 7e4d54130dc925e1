"""The charts of the Résultats page, defined once here (pure Altair) and drawn offline to SVG for the PDF
with vl-convert (no browser, no network); `ui/graphiques.py` imports them for the app, so the board
sees the same charts on paper and on screen.

For print, the export only sets the width of each chart (the app lets the page column decide it) and the
font the PDF embeds; the PDF draws the SVG as vector paths and text (sharp at any zoom, and faster than a
PNG: vl-convert skips the rasterisation).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from iae_model.formats import ESPACE_MILLIERS, ESPACE_UNITE
from iae_model.pont import Pont
from iae_model.simulation import ResultatScenario
from iae_model.vocabulaire import LIGNE, MOIS, MOIS_COURTS, libelle_court

FORMAT_EUROS = "$,.0f"
FORMAT_EUROS_SIGNE = "+$,.0f"

ROUGE = "#c62828"
VERT = "#2e7d32"
BLEU = "#1f5f99"
GRIS = "#555555"

SOURCES = {
    code: libelle_court(LIGNE[("produits", code)])
    for code in (
        "aide_au_poste_etat",
        "aide_au_poste_departement",
        "ca_marches_publics",
        "ca_prive",
        "subventions",
        "quote_part_subventions",
        "autres_produits",
    )
}
"""The revenue lines of the stacked chart, named as in the accounts."""
COULEURS_SOURCES = ["#1f5f99", "#7fa7d1", "#e08a1e", "#f3c27a", "#6a8f3c", "#9e9e9e", "#b39ddb"]

EXCEDENT = "Excédent"
DEFICIT = "Déficit"
TRESORERIE = "Trésorerie de fin d'année"

SOLDE_MENSUEL = "Trésorerie de fin de mois"
POINT_BAS = "Point bas de l'année"

TOTAL = "Résultat cumulé"
HAUSSE = "Améliore le résultat"
BAISSE = "Dégrade le résultat"

AXE_ANNEE = alt.Axis(title="Année", labelAngle=0)


def locale() -> alt.Locale:
    """The French locale of the app's charts (`35 000 €`, `25 %`)."""
    return alt.Locale(
        number=alt.NumberLocale(
            decimal=",",
            thousands=ESPACE_MILLIERS,
            grouping=[3],
            currency=["", f"{ESPACE_UNITE}€"],
            percent=f"{ESPACE_UNITE}%",
        ),
        time=alt.TimeLocale(
            dateTime="%A %e %B %Y à %X",
            date="%d/%m/%Y",
            time="%H:%M:%S",
            periods=["AM", "PM"],
            days=["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            shortDays=["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            months=list(MOIS),
            shortMonths=list(MOIS_COURTS),
        ),
    )


def _finir(chart: alt.TopLevelMixin, nom: str) -> alt.TopLevelMixin:
    chart.usermeta = {"graphique": nom}
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
    lignes = [
        {"annee": a.annee, "source": libelle, "ordre": i, "montant": round(a.total.produits.get(cle, 0.0), 2)}
        for a in resultat.annees
        for i, (cle, libelle) in enumerate(SOURCES.items())
    ]
    return pd.DataFrame(lignes, columns=["annee", "source", "ordre", "montant"])


def tableau_resultat(resultat: ResultatScenario) -> pd.DataFrame:
    lignes = []
    for a in resultat.annees:
        r = round(a.resultat, 2)
        lignes.append({"annee": a.annee, "serie": DEFICIT if r < 0 else EXCEDENT, "montant": r})
        lignes.append({"annee": a.annee, "serie": TRESORERIE, "montant": round(a.tresorerie_fin, 2)})
    return pd.DataFrame(lignes, columns=["annee", "serie", "montant"])


def tableau_tresorerie_mensuelle(resultat: ResultatScenario) -> pd.DataFrame:
    """The month-end balances of every year, one row a month: `date` (the month, ISO), the month-end in words
    (« fin juillet 2027 »), the balance, and whether it is the year's low point (its first lowest month)."""
    lignes = [
        {
            "date": f"{a.annee}-{mois:02d}-01",
            "annee": a.annee,
            "mois": mois,
            "fin_de_mois": f"fin {MOIS[mois - 1]} {a.annee}",
            "montant": round(solde, 2),
            "point_bas": mois == a.tresorerie.mois_point_bas,
        }
        for a in resultat.annees
        for mois, solde in enumerate(a.tresorerie.mensuelle, start=1)
    ]
    return pd.DataFrame(lignes, columns=["date", "annee", "mois", "fin_de_mois", "montant", "point_bas"])


def tableau_pont(p: Pont, libelle_depart: str, libelle_arrivee: str) -> pd.DataFrame:
    lignes: list[dict[str, Any]] = [
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


# --- charts -------------------------------------------------------------------------------------


def graphique_produits(resultat: ResultatScenario, hauteur: int = 260, colonnes_legende: int = 2) -> alt.TopLevelMixin:
    """Revenue by source over the years (stacked bars), the legend under the bars (long French names)."""
    df = tableau_produits(resultat)
    chart = (
        alt.Chart(df, title="Produits par origine")
        .mark_bar()
        .encode(
            x=alt.X("annee:O", axis=AXE_ANNEE),
            y=alt.Y("sum(montant):Q", title="Montant", axis=alt.Axis(format=FORMAT_EUROS)),
            color=alt.Color(
                "source:N",
                title=None,  # the chart says « par origine »
                scale=alt.Scale(domain=list(SOURCES.values()), range=COULEURS_SOURCES),
                legend=alt.Legend(
                    orient="bottom",
                    columns=colonnes_legende,
                    labelLimit=0,
                    columnPadding=6,
                    labelOffset=3,
                    symbolSize=70,
                    offset=6,
                ),
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
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999999").encode(y=alt.Y("y:Q"))
    chart = alt.layer(zero, barres, ligne, title="Résultat et trésorerie de fin d'année").properties(height=hauteur)
    return _finir(chart, "resultat")


def graphique_tresorerie_mensuelle(resultat: ResultatScenario, hauteur: int = 260) -> alt.TopLevelMixin:
    """The cash at each month-end over the horizon (line), the zero line, and each year's low point (dots,
    red when negative)."""
    df = tableau_tresorerie_mensuelle(resultat)
    x = alt.X(
        "date:T",
        timeUnit="utcyearmonth",
        title="Fin de mois",
        axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True, tickCount={"interval": "year", "step": 1}),
    )
    tooltip = [
        alt.Tooltip("fin_de_mois:N", title="Date"),
        alt.Tooltip("montant:Q", title="Trésorerie", format=FORMAT_EUROS),
    ]
    y = alt.Y("montant:Q", title="Trésorerie", axis=alt.Axis(format=FORMAT_EUROS))
    base = alt.Chart(df)
    ligne = base.mark_line(strokeWidth=2, color=BLEU).encode(
        x=x, y=y, tooltip=tooltip, color=alt.Color("serie:N", title=None)
    )
    ligne = ligne.transform_calculate(serie=json.dumps(SOLDE_MENSUEL))
    points = (
        base.transform_filter(alt.datum.point_bas)
        .transform_calculate(serie=json.dumps(POINT_BAS))
        .mark_point(filled=True, size=80, opacity=1)
        .encode(
            x=x,
            y=y,
            tooltip=[alt.Tooltip("fin_de_mois:N", title="Point bas"), tooltip[1]],
            color=alt.Color(
                "serie:N",
                title=None,
                scale=alt.Scale(domain=[SOLDE_MENSUEL, POINT_BAS], range=[BLEU, ROUGE]),
                legend=alt.Legend(direction="horizontal"),
            ),
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#999999").encode(y=alt.Y("y:Q"))
    chart = alt.layer(zero, ligne, points, title="Trésorerie à chaque fin de mois").properties(height=hauteur)
    return _finir(chart, "tresorerie_mensuelle")


SEPARATEUR_LIGNES = "\n"
LARGEUR_LIGNE_PONT = 42
"""Characters per line of a bridge's step label (a step's title is at most a few lines)."""


def ligne_de_pont(etape: str) -> str:
    """A step's label cut between words into lines of `LARGEUR_LIGNE_PONT` characters (joined by the separator
    the chart splits on)."""
    return SEPARATEUR_LIGNES.join(textwrap.wrap(etape, LARGEUR_LIGNE_PONT, break_long_words=True)) or etape


TITRE_PONT = ("Du scénario de départ au scénario choisi :", "ce que coûte chaque choc, ce que rapporte chaque levier")


def graphique_pont(p: Pont, libelle_depart: str, libelle_arrivee: str, imprime: bool = False) -> alt.TopLevelMixin:
    """The bridge as a horizontal waterfall, one row per step in application order.

    On a screen, whose width varies, its title takes two lines and its legend one line per colour; printed 700 px
    wide (`imprime`), both hold on one line and the page keeps its room."""
    df = tableau_pont(p, libelle_depart, libelle_arrivee)
    # each step's words on lines of a few dozen characters: the whole label readable at any width, in print
    # too, rather than cut at a fixed number of pixels (and measuring where to cut is most of Vega's work)
    df["lignes"] = [ligne_de_pont(e) for e in df["etape"]]
    ordre = list(df["lignes"])
    lignes_max = max(e.count(SEPARATEUR_LIGNES) + 1 for e in ordre)
    couleurs = alt.Scale(domain=[TOTAL, HAUSSE, BAISSE], range=[BLEU, VERT, ROUGE])
    y = alt.Y(
        "lignes:N",
        sort=ordre,
        title=None,
        axis=alt.Axis(labelLimit=0, labelExpr=f"split(datum.label, {json.dumps(SEPARATEUR_LIGNES)})"),
    )
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
            scale=alt.Scale(padding=50),  # room for the amounts; 2 × padding must stay under the plot's width
        ),
        x2=alt.X2("fin"),
        # under the bars, on a screen one per line (side by side, the third was cut under 700 px)
        color=alt.Color(
            "sens:N",
            title=None,
            scale=couleurs,
            legend=alt.Legend(direction="horizontal") if imprime else alt.Undefined,
        ),
        tooltip=tooltip,
    )
    textes = base.transform_calculate(droite="max(datum.debut, datum.fin)")
    texte_etapes = (
        textes.transform_filter(alt.datum.sens != TOTAL)
        .mark_text(align="left", dx=5, fontSize=12)
        .encode(y=y, x=alt.X("droite:Q"), text=alt.Text("effet:Q", format=FORMAT_EUROS_SIGNE), tooltip=tooltip)
    )
    texte_totaux = (
        textes.transform_filter(alt.datum.sens == TOTAL)
        .mark_text(align="left", dx=5, fontSize=12, fontWeight="bold")
        .encode(y=y, x=alt.X("droite:Q"), text=alt.Text("effet:Q", format=FORMAT_EUROS), tooltip=tooltip)
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#999999").encode(x=alt.X("x:Q"))
    chart = alt.layer(
        zero,
        barres,
        texte_etapes,
        texte_totaux,
        title=alt.Title(" ".join(TITRE_PONT) if imprime else list(TITRE_PONT)),
    ).properties(height=alt.Step(max(30, 14 * lignes_max + 2)))  # room for the longest label's lines
    return _finir(chart, "pont")


# --- an atelier ------------------------------------------------------------------------------------

REFERENCE_ATELIER = "Sans l'hypothèse (référence)"
HYPOTHESE_ATELIER = "Avec l'hypothèse de l'État"


def tableau_atelier(commun: dict[str, Any], cle: str) -> pd.DataFrame:
    """One row per year and case (reference, hypothesis) of one count of `atelier.mettre_en_commun`."""
    lignes = [
        {"annee": str(a["annee"]), "cas": cas, "structures": a[cle][quand]}
        for a in commun["annees"]
        for quand, cas in (("reference", REFERENCE_ATELIER), ("hypothese", HYPOTHESE_ATELIER))
    ]
    return pd.DataFrame(lignes, columns=["annee", "cas", "structures"])


def graphique_atelier(commun: dict[str, Any], cle: str, titre: str, hauteur: int = 220) -> alt.TopLevelMixin:
    """How many structures of the room, year by year, without and with the State's hypothesis (side by side)."""
    df = tableau_atelier(commun, cle)
    couleurs = alt.Scale(domain=[REFERENCE_ATELIER, HYPOTHESE_ATELIER], range=[BLEU, ROUGE])
    chart = (
        alt.Chart(df, title=titre)
        .mark_bar()
        .encode(
            x=alt.X("annee:N", title="Année", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("cas:N", sort=[REFERENCE_ATELIER, HYPOTHESE_ATELIER]),
            y=alt.Y("structures:Q", title="Structures", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("cas:N", title=None, scale=couleurs, legend=alt.Legend(direction="horizontal")),
            tooltip=[
                alt.Tooltip("annee:N", title="Année"),
                alt.Tooltip("cas:N", title="Cas"),
                alt.Tooltip("structures:Q", title="Structures"),
            ],
        )
        .properties(height=hauteur)
    )
    return _finir(chart, f"atelier_{cle}")


# --- for print -----------------------------------------------------------------------------


def spec_pour_l_impression(chart: alt.TopLevelMixin, largeur: int, police: str) -> dict[str, Any]:
    """The chart's Vega-Lite spec for print: `largeur` px wide on white, its text in `police`.

    Vega measures the labels with `police` (registered with `vl_convert.register_font_directory`), the font
    the PDF embeds and draws them with, so that legends and labels fit once printed. The spec is not
    validated again: the app draws the same charts through Streamlit, which validates them, and validation
    is a sixth of the conversion time (`iae_model.rendu_graphiques` converts it).
    """
    spec = chart.to_dict(validate=False)
    spec["width"] = largeur
    spec["background"] = "white"
    spec["config"]["font"] = police
    # in print, no label is cut: a label too long for its room would need the whole of it, and measuring where
    # to cut each one is a third of the conversion time
    spec["config"]["axis"]["labelLimit"] = 0
    spec["config"]["legend"]["labelLimit"] = 0
    return spec
