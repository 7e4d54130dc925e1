"""Résultats: key figures, alerts, effort needed, charts, accounts and the provenance of each figure.

Every figure comes from the engine (`ui.calculs`, memoised per version of the project); this page
only picks and formats them. User text (names, libellés) is shown as plain text or inside charts
and tables, never as HTML or Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from iae_model import phrases as ph
from iae_model.comptes import COMPTES, par_annee, point_bas
from iae_model.decision import effort_equilibre, effort_tresorerie
from iae_model.explications import expliquer, recapitulatif, recapitulatif_markdown
from iae_model.formats import euros, nombre, pourcentage
from iae_model.formules import formules
from iae_model.parametres import charger_parametres
from iae_model.phrases import montants_changes_par_le_scenario
from iae_model.pont import resultat_cumule
from iae_model.projet import Projet
from iae_model.projet.brouillon import libelles_distincts
from iae_model.simulation import ResultatScenario, plan_du_scenario
from iae_model.simulation.resultat import valeur_de_ligne
from iae_model.sources import origines, periodes, references, sources_des_parametres, valeurs_par_annee
from iae_model.sources_publiques import LIEN_SOURCES
from iae_model.texte import lien_markdown, nom_de_fichier
from iae_model.vocabulaire import GRAVES, INDICATEURS, MOIS, MOIS_COURTS, libelle_ligne
from ui import calculs, composants, explications, graphiques
from ui.cadre import titre
from ui.composants import exiger_projet, selecteur_scenario
from ui.formats import texte_brut

ONGLETS = ("Alertes et effort", "Graphiques", "Pont", "Comptes", "Formules et sources")
CLE_ONGLET = "resultats_onglet"

ENSEMBLE = "Ensemble de la structure"


# --- sections -----------------------------------------------------------------------------------


def chiffres_cles(projet: Projet, rs: ResultatScenario, rr: ResultatScenario, comparer: bool) -> None:
    """Key figures of the scenario, with their gap to the reference scenario when they are compared."""
    premiere, derniere = rs.annees[0], rs.annees[-1]
    ref_premiere, ref_derniere = rr.annees[0], rr.annees[-1]
    bas, mois_bas, annee_bas = point_bas(rs.annees)
    aide = ("produits", "aide_au_poste")
    montants = [
        (f"Résultat {premiere.annee}", premiere.resultat, ref_premiere.resultat),
        (f"Résultat {derniere.annee}", derniere.resultat, ref_derniere.resultat),
        (f"Résultat cumulé {premiere.annee}–{derniere.annee}", resultat_cumule(rs), resultat_cumule(rr)),
        (f"Trésorerie fin {derniere.annee}", derniere.tresorerie_fin, ref_derniere.tresorerie_fin),
        (f"Point bas, fin {MOIS_COURTS[mois_bas - 1]} {annee_bas}", bas, rr.tresorerie_min),
        (
            f"{libelle_ligne(*aide)} {derniere.annee}",
            valeur_de_ligne(derniere, *aide),
            valeur_de_ligne(ref_derniere, *aide),
        ),
    ]
    metriques = [(nom, euros(v), ph.ecart_euros(v, r) if comparer else None, "normal") for nom, v, r in montants]
    ind, ind_ref = derniere.indicateurs, ref_derniere.indicateurs
    parts = [(f"Part d'argent public {derniere.annee}", "part_argent_public", "off")]
    if ind.get("ratio_commercial_aci") is not None and ind.get("plafond_aci") is not None:
        plafond = pourcentage(ind["plafond_aci"], 0)
        parts.append((f"Ratio ACI {derniere.annee} (plafond {plafond})", "ratio_commercial_aci", "inverse"))
    for nom, code, couleur in parts:
        valeur = "—" if ind.get(code) is None else pourcentage(ind[code])
        metriques.append(
            (nom, valeur, ph.ecart_points(ind.get(code), ind_ref.get(code)) if comparer else None, couleur)
        )
    lignes_expliquees = [
        (premiere.annee, "resultat", "resultat"),
        (derniere.annee, "resultat", "resultat"),
        None,
        (derniere.annee, "tresorerie", "tresorerie_fin"),
        (annee_bas, "tresorerie", "point_bas"),
        (derniere.annee, *aide),
    ]
    aides = []
    for m, quoi in zip(metriques, [*lignes_expliquees, None, None], strict=False):
        texte = AIDES_CHIFFRES.get(m[0].split(",")[0])
        if quoi is not None:
            calcul = explications.en_une_ligne(expliquer(projet, rs, quoi[0], quoi[1], quoi[2]))
            texte = f"{texte}\n\n{calcul}" if texte else calcul
        aides.append(texte)
    composants.chiffres_cles([(*m, aide) for m, aide in zip(metriques, aides, strict=True)])


def hypotheses_en_mots(projet: Projet, scenario: str, reference: str) -> None:
    """What the figures assume, defaults included, and what the reference scenario is, in words."""
    hypotheses = ph.hypotheses_en_clair(plan_du_scenario(projet, scenario).hypotheses)
    texte = f"**Hypothèses de ce scénario** : {texte_brut(hypotheses)}."
    ref = projet.scenario(reference)
    if scenario == reference:
        quoi = f" {texte_brut(ref.description)}" if ref.description else ""
        texte += f" C'est le **scénario de référence**, celui auquel les autres sont comparés.{quoi}"
    st.caption(texte)


AIDES_CHIFFRES = {
    "Point bas": "Point bas de trésorerie : la plus basse des trésoreries de fin de mois sur l'horizon, et sa date. "
    "Une trésorerie positive en fin d'année peut cacher des mois dans le rouge, quand les financeurs paient tard."
}


def alertes(rs: ResultatScenario) -> None:
    st.subheader("Alertes")
    if not rs.alertes:
        st.success("Aucune alerte sur l'horizon : résultat, trésorerie, occupation et plafonds sont dans les clous.")
        return
    annees = sorted({a.annee for a in rs.alertes})
    colonnes = st.columns(min(3, len(annees)))
    for i, annee in enumerate(annees):
        du_jour = [a for a in rs.alertes if a.annee == annee]
        texte = f"**{annee}**\n\n" + "\n".join(f"- {a.message}" for a in du_jour)
        with colonnes[i % len(colonnes)]:
            if any(a.code in GRAVES for a in du_jour):
                st.error(texte, icon=":material/error:")
            else:
                st.warning(texte, icon=":material/warning:")


def effort(projet: Projet, scenario: str, rs: ResultatScenario) -> None:
    st.subheader(ph.EFFORT)
    deficits = [e for e in effort_equilibre(rs) if e.economies > 0]
    if not deficits:
        st.markdown(f"**{ph.EQUILIBRE_ANNUEL}** : {ph.AUCUN_DEFICIT}.")
    else:
        st.markdown(f"**{ph.EQUILIBRE_ANNUEL}** : {ph.EQUILIBRE}.")
        st.dataframe(pd.DataFrame(ph.tableau_effort(deficits)), hide_index=True, width="content")
    annees = [a.annee for a in rs.annees]
    coupe = calculs.coupe_absorbable(projet, scenario)
    gras = "**{}**".format
    for quoi, phrase in ph.effort_de_tresorerie(
        effort_tresorerie(rs), coupe, projet.types_conventionnements(), annees, gras
    ):
        st.markdown(f"**{quoi}** : {phrase}.")


def graphiques_section(
    projet: Projet, scenario: str, rs: ResultatScenario, reference: str, libelles: dict[str, str]
) -> None:
    st.subheader("Graphiques")
    # one chart a row: side by side, each had under 300 px on a 1024-pixel screen and cut its legend
    st.vega_lite_chart(
        calculs.graphique(projet, ("produits", scenario), lambda: graphiques.graphique_produits(rs)),
        width="stretch",
    )
    st.vega_lite_chart(
        calculs.graphique(projet, ("resultat", scenario), lambda: graphiques.graphique_resultat_tresorerie(rs)),
        width="stretch",
    )

    st.vega_lite_chart(
        calculs.graphique(
            projet, ("tresorerie_mensuelle", scenario), lambda: graphiques.graphique_tresorerie_mensuelle(rs)
        ),
        width="stretch",
    )
    tresorerie_mensuelle(rs)

    if any(a.indicateurs.get("ratio_commercial_aci") is not None for a in rs.annees):
        st.vega_lite_chart(
            calculs.graphique(projet, ("ratio_aci", scenario), lambda: graphiques.graphique_ratio_aci(rs)),
            width="stretch",
        )


INDICATEURS_TRESORERIE = ("point_bas_mois", "bfr_mois", "fonds_propres_mois")


def tresorerie_mensuelle(rs: ResultatScenario) -> None:
    """The 12 month-end balances of a chosen year, and its working-capital figures in months of charges."""
    with st.expander("Trésorerie mois par mois"):
        annees = [a.annee for a in rs.annees]
        annee = st.selectbox("Année", annees, key=f"resultats_annee_mensuelle_{rs.id}", placeholder="Choisissez")
        a = rs.annee(annee if annee in annees else annees[0])
        f = a.tresorerie
        lignes = [
            {
                "Fin de mois": f"{MOIS[i]} {a.annee}",
                "Trésorerie": euros(v),
                "Repère": "point bas" if i + 1 == f.mois_point_bas else "",
            }
            for i, v in enumerate(f.mensuelle)
        ]
        st.dataframe(
            pd.DataFrame(lignes),
            hide_index=True,
            width="content",
            height=36 + 35 * len(lignes),
            column_config={
                "Fin de mois": st.column_config.TextColumn("Fin de mois", width=140),
                "Trésorerie": st.column_config.TextColumn("Trésorerie", alignment="right", width=120),
                "Repère": st.column_config.TextColumn("Repère", width=110),
            },
        )
        bilan = [(INDICATEURS[code][0], a.indicateurs.get(code), "mois") for code in INDICATEURS_TRESORERIE]
        bilan += [
            ("Besoin en fonds de roulement au 31 décembre", f.bfr, "euros"),
            ("Fonds propres au 31 décembre", f.fonds_propres, "euros"),
            ("Fonds de roulement net global (FRNG) au 31 décembre", f.frng, "euros"),
        ]
        cellules = [
            {
                "Indicateur": nom,
                "Valeur": "—" if v is None else euros(v) if genre == "euros" else f"{nombre(v, 1)} mois",
            }
            for nom, v, genre in bilan
        ]
        st.table(pd.DataFrame(cellules).set_index("Indicateur"))  # wraps its long labels, never cuts them
        st.caption(
            "En mois de charges : le montant divisé par les charges payées d'un mois moyen de l'année (hors "
            "amortissements). Fonds propres et FRNG demandent le bilan d'ouverture (Ma structure, onglet "
            "Trésorerie) ; « — » : non calculé."
        )


def section_pont(projet: Projet, scenario: str, reference: str, libelles: dict[str, str]) -> None:
    """The bridge from a starting scenario to the chosen one: what each choc costs, each levier brings."""
    rs = calculs.resultat_scenario(projet, scenario)
    ids = [s.id for s in projet.scenarios]
    autres = [i for i in ids if i != scenario]
    if scenario == reference:
        st.info(
            "Choisissez un scénario autre que la référence pour voir le pont : ce que coûte chaque choc et ce "
            "que rapporte chaque levier par rapport à la référence.",
            icon=":material/info:",
        )
    elif autres:
        base = st.selectbox(
            "Pont : partir du scénario",
            autres,
            index=autres.index(reference),
            key=f"resultats_pont_base_{scenario}",
            format_func=libelles.__getitem__,
            help="Le pont part du résultat cumulé de ce scénario et ajoute un à un les chocs puis les leviers "
            "du scénario choisi : l'effet de chaque élément est mesuré compte tenu des précédents.",
            placeholder="Choisissez",
        )
        p = calculs.pont(projet, scenario, base)
        st.vega_lite_chart(
            calculs.graphique(
                projet,
                ("pont", scenario, base),
                lambda: graphiques.graphique_pont(p, libelles[base], libelles[scenario]),
            ),
            width="stretch",
        )
        st.caption(
            f"Résultat cumulé de {rs.annees[0].annee} à {rs.annees[-1].annee}. L'ordre compte : chaque étape est "
            "mesurée après les précédentes (les chocs d'abord, puis les leviers, dans l'ordre du scénario)."
        )


def comptes(projet: Projet, rs: ResultatScenario) -> None:
    st.subheader("Comptes année par année")
    perimetres = [ENSEMBLE, *dict.fromkeys(t for a in rs.annees for t in a.par_conventionnement)]
    perimetre = ENSEMBLE
    if len(perimetres) > 2:
        perimetre = st.segmented_control(
            "Périmètre", perimetres, default=ENSEMBLE, key="resultats_perimetre", required=True
        )
        perimetre = perimetre or ENSEMBLE
    annees = [a.annee for a in rs.annees]
    tableau = par_annee(rs.annees, COMPTES, None if perimetre == ENSEMBLE else perimetre)
    affichees = [ligne for ligne, _ in tableau]  # the rows in their order (lines at 0 every year are left out)
    lignes = {
        ligne.dans_un_tableau: [
            "—" if v is None else nombre(v, 1) if ligne.categorie == "etp" else euros(v) for v in valeurs
        ]
        for ligne, valeurs in tableau
    }
    if perimetre == ENSEMBLE:
        lignes["  mois du point bas"] = [MOIS[a.tresorerie.mois_point_bas - 1] for a in rs.annees]
    df = pd.DataFrame.from_dict(lignes, orient="index", columns=[str(a) for a in annees])
    df.index.name = "Ligne"
    if perimetre == ENSEMBLE:
        st.caption("Cliquez sur un montant pour voir son calcul, avec vos chiffres.")
    choix = st.dataframe(
        df,
        height=36 + 35 * len(df),
        column_config={
            "_index": st.column_config.TextColumn("Ligne", width=270),
            **{str(a): st.column_config.TextColumn(str(a), alignment="right") for a in annees},
        },
        width="stretch",
        on_select="rerun" if perimetre == ENSEMBLE else "ignore",
        selection_mode="single-cell",
        key=f"resultats_comptes_{rs.id}_{perimetre}",
    )
    cellules = getattr(getattr(choix, "selection", None), "cells", None) or []
    if perimetre == ENSEMBLE and cellules:
        rang, colonne = cellules[0][0], str(cellules[0][1])
        ligne = affichees[rang] if rang < len(affichees) else None
        if ligne is not None and ligne.categorie != "etp" and colonne in df.columns:
            ref = calculs.resultat_scenario(projet, calculs.scenario_de_reference(projet))
            explications.afficher(expliquer(projet, rs, int(colonne), ligne.categorie, ligne.code, ref))
    if perimetre != ENSEMBLE:
        st.caption(
            "Les charges et financements communs sont répartis entre conventionnements au prorata des ETP "
            "réalisés (travailleurs pour l'EITI) ; la trésorerie n'existe que pour l'ensemble."
        )


def recapitulatif_annuel(projet: Projet, rs: ResultatScenario) -> None:
    """Every line of one year with its calculation, to read, print or download (as mon-entreprise's recap)."""
    st.subheader("Récapitulatif d'une année")
    annees = [a.annee for a in rs.annees]
    annee = st.selectbox("Année", annees, key=f"resultats_recap_annee_{rs.id}", placeholder="Choisissez", width=200)
    recap = recapitulatif(projet, rs, annee)  # once for the download and the page
    st.download_button(
        "Télécharger le récapitulatif (.md, à imprimer)",
        data=recapitulatif_markdown(projet, rs, annee, recap).encode("utf-8"),
        file_name=nom_de_fichier(f"{projet.structure.nom} recapitulatif {rs.libelle} {annee}", "md"),
        mime="text/markdown",
        icon=":material/print:",
        on_click="ignore",
        key=f"resultats_recap_md_{rs.id}",
    )
    with st.expander(f"Chaque ligne de {annee} et son calcul"):
        for e in recap:
            explications.afficher(e)


def provenance(rs: ResultatScenario, chocs: list) -> None:
    st.subheader("D'où vient ce chiffre ?")
    with st.container():
        st.markdown("**Les formules de chaque ligne** (détail dans le README du projet)")
        st.markdown("| Ligne | Formule |\n|---|---|\n" + "\n".join(f"| {ligne} | {f} |" for ligne, f in formules()))
        st.markdown("**Les paramètres officiels utilisés**, moyenne annuelle des valeurs en vigueur chaque mois")
        sources = sources_des_parametres([rs], charger_parametres())
        annees = [a.annee for a in rs.annees]
        lignes = []
        for src in sources:
            valeurs = valeurs_par_annee(src, rs.id)
            lignes.append(
                {"Paramètre": src.libelle, **{str(a): valeurs.get(a, "") for a in annees}, "Confiance": src.confiance}
            )
        st.dataframe(
            pd.DataFrame(lignes),
            hide_index=True,
            width="stretch",
            height=36 + 35 * len(lignes),
            column_config={str(a): st.column_config.TextColumn(str(a), alignment="right") for a in annees},
        )
        st.caption("\\* valeur projetée au-delà du dernier texte connu, selon l'hypothèse indiquée ci-dessous.")
        changes = montants_changes_par_le_scenario(chocs)
        if changes:
            st.caption(texte_brut(changes))
        st.markdown("**Origine de chaque paramètre**")
        blocs = []
        for src in sources:
            origine = " ; ".join(f"{periodes(o.annees)} : {o.hypothese}" for o in origines(src))
            liens = " · ".join(lien_markdown(t, h) for t, h in references(src)) or "—"
            blocs.append(f"- **{src.libelle}** — {origine}. Sources : {liens}")
        st.markdown("\n".join(blocs))
        st.page_link("app_pages/sources.py", label=LIEN_SOURCES, icon=":material/menu_book:")


# --- the page -----------------------------------------------------------------------------------

titre("Résultats")
projet = exiger_projet()
scenario = selecteur_scenario(projet, "resultats_scenario")
reference = calculs.scenario_de_reference(projet)
rs = calculs.resultat_scenario(projet, scenario)
rr = calculs.resultat_scenario(projet, reference)
libelles = libelles_distincts((s.id, s.libelle) for s in projet.scenarios)

st.text(f"{projet.structure.nom} — {libelles[scenario]}")
if scenario != reference:
    st.caption(f"Les écarts sont calculés par rapport au scénario de référence « {texte_brut(libelles[reference])} ».")
chiffres_cles(projet, rs, rr, comparer=scenario != reference)
hypotheses_en_mots(projet, scenario, reference)

# Only the open tab runs (the charts, the bridge and the tables cost most of a run): the key figures and
# the alerts show at once, and the page is short enough to read on a laptop.
onglets = dict(zip(ONGLETS, st.tabs(list(ONGLETS), key=CLE_ONGLET, on_change="rerun"), strict=True))
if onglets["Alertes et effort"].open:
    with onglets["Alertes et effort"]:
        alertes(rs)
        effort(projet, scenario, rs)
if onglets["Graphiques"].open:
    with onglets["Graphiques"]:
        graphiques_section(projet, scenario, rs, reference, libelles)
if onglets["Pont"].open:
    with onglets["Pont"]:
        section_pont(projet, scenario, reference, libelles)
if onglets["Comptes"].open:
    with onglets["Comptes"]:
        comptes(projet, rs)
        recapitulatif_annuel(projet, rs)
if onglets["Formules et sources"].open:
    with onglets["Formules et sources"]:
        provenance(rs, [c for s in projet.chaine(scenario) for c in s.chocs])
