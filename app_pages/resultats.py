"""Résultats: key figures, alerts, effort needed, charts, accounts and the provenance of each figure.

Every figure comes from the engine (`ui.calculs`, memoised per version of the project); this page
only picks and formats them. User text (names, libellés) is shown as plain text or inside charts
and tables, never as HTML or Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from iae_model.comptes import COMPTES, par_annee
from iae_model.decision import effort_equilibre, effort_tresorerie
from iae_model.formats import euros, nombre, pourcentage
from iae_model.parametres import charger_parametres
from iae_model.pont import resultat_cumule
from iae_model.projet import Projet
from iae_model.simulation import ResultatScenario
from iae_model.simulation.conjoncture import Provenance
from iae_model.vocabulaire import GRAVES
from ui import calculs, graphiques
from ui.cadre import titre
from ui.composants import exiger_projet, selecteur_scenario

ONGLETS = ("Alertes et effort", "Graphiques", "Pont", "Comptes", "Formules et sources")
CLE_ONGLET = "resultats_onglet"

FORMULES: tuple[tuple[str, str], ...] = (
    (
        "ETP conventionnés",
        "max(0, (annexe + ajustements + transferts + ETP des nouvelles activités) × Π(1 + taux des réductions))",
    ),
    ("ETP réalisés", "ETP conventionnés × taux d'occupation (jusqu'à 200 %)"),
    (
        "Aide au poste",
        "min(ETP réalisés, ETP conventionnés) × socle(type, année) × (1 + part modulée), la part modulée étant "
        "plafonnée à 10 % : l'État ne finance que les postes de l'annexe",
    ),
    (
        "Aide EITI",
        "travailleurs accompagnés × moyenne mensuelle de [montant maximal pour 1 505 h jusqu'en 2024 ; "
        "12 × 450 € × part des mois 1 à 9 depuis 2025] (mois 10 à 24 : barème non publié, compté 0)",
    ),
    (
        "dont département (ACI)",
        "ETP réalisés × part de bénéficiaires du RSA × 12 × 88 % × RSA forfaitaire (au plus l'aide totale) ; "
        "le reste est payé par l'État",
    ),
    (
        "Masse salariale insertion",
        "ETP réalisés × heures payées par ETP × salaire horaire × (1 + cotisations employeur restant au niveau "
        "du SMIC) ; aucune pour l'EITI",
    ),
    (
        "Salaire horaire",
        "SMIC de l'année, ou le montant saisi × SMIC(année) / SMIC(année de référence)",
    ),
    (
        "Chiffre d'affaires",
        "CA de référence × (1 + évolution du CA)^(année − réf.) × Π(1 + croissances) × Π(1 − pertes) × "
        "(1 − part liée + part liée × ETP réalisés / ETP réalisés de l'année de référence) ; part marchés "
        "publics × Π(1 − pertes de marchés)",
    ),
    ("Charges variables", "CA × taux de charges variables de chaque activité"),
    (
        "Subventions",
        "montant de chaque financement actif (début ≤ année ≤ fin) et retenu, × Π(1 + variations de son financeur)",
    ),
    ("Permanents", "Σ ETP × coût chargé × (1 + évolution des salaires des permanents)^(année − réf.)"),
    (
        "Fonctionnement",
        "charges fixes × (1 + inflation)^(année − réf.) − économies de mutualisation + charges fixes des "
        "nouvelles activités",
    ),
    ("Formation", "montant × (1 + inflation)^(année − réf.) × (1 − prise en charge OPCO / PIC IAE)"),
    ("Amortissements", "dotations existantes + investissements des nouvelles activités / durée d'amortissement"),
    ("Résultat", "produits − charges"),
    (
        "Trésorerie de fin",
        "trésorerie de début + résultat + amortissements − investissements + subventions d'investissement",
    ),
)

ENSEMBLE = "Ensemble de la structure"


def _ecart_euros(valeur: float, reference: float) -> str | None:
    d = round(valeur - reference)
    if d == 0:
        return None
    return f"+{euros(d)}" if d > 0 else euros(d)


def _ecart_points(valeur: float | None, reference: float | None) -> str | None:
    if valeur is None or reference is None:
        return None
    d = round((valeur - reference) * 100, 1)
    if d == 0:
        return None
    return f"{'+' if d > 0 else ''}{nombre(d, 1)} pt"


# --- sections -----------------------------------------------------------------------------------


def chiffres_cles(projet: Projet, rs: ResultatScenario, rr: ResultatScenario, comparer: bool) -> None:
    premiere, derniere = rs.annees[0], rs.annees[-1]
    ref_premiere, ref_derniere = rr.annees[0], rr.annees[-1]
    plus_basse = min(rs.annees, key=lambda a: a.tresorerie_fin)
    ecart = (lambda v, r: _ecart_euros(v, r)) if comparer else (lambda v, r: None)
    ecart_pt = (lambda v, r: _ecart_points(v, r)) if comparer else (lambda v, r: None)
    ind, ind_ref = derniere.indicateurs, ref_derniere.indicateurs

    metriques: list[tuple[str, str, str | None, str]] = [
        (
            f"Résultat {premiere.annee}",
            euros(premiere.resultat),
            ecart(premiere.resultat, ref_premiere.resultat),
            "normal",
        ),
        (
            f"Résultat {derniere.annee}",
            euros(derniere.resultat),
            ecart(derniere.resultat, ref_derniere.resultat),
            "normal",
        ),
        (
            f"Résultat cumulé {premiere.annee}–{derniere.annee}",
            euros(resultat_cumule(rs)),
            ecart(resultat_cumule(rs), resultat_cumule(rr)),
            "normal",
        ),
        (
            f"Trésorerie fin {derniere.annee}",
            euros(derniere.tresorerie_fin),
            ecart(derniere.tresorerie_fin, ref_derniere.tresorerie_fin),
            "normal",
        ),
        (
            f"Trésorerie la plus basse ({plus_basse.annee})",
            euros(plus_basse.tresorerie_fin),
            ecart(rs.tresorerie_min, rr.tresorerie_min),
            "normal",
        ),
        (
            f"Aide au poste {derniere.annee}",
            euros(derniere.total.produits["aide_au_poste"]),
            ecart(derniere.total.produits["aide_au_poste"], ref_derniere.total.produits["aide_au_poste"]),
            "normal",
        ),
        (
            f"Part d'argent public {derniere.annee}",
            "—" if ind.get("part_argent_public") is None else pourcentage(ind["part_argent_public"]),
            ecart_pt(ind.get("part_argent_public"), ind_ref.get("part_argent_public")),
            "off",
        ),
    ]
    if ind.get("ratio_commercial_aci") is not None and ind.get("plafond_aci") is not None:
        metriques.append(
            (
                f"Ratio ACI {derniere.annee} (plafond {pourcentage(ind['plafond_aci'], 0)})",
                pourcentage(ind["ratio_commercial_aci"]),
                ecart_pt(ind.get("ratio_commercial_aci"), ind_ref.get("ratio_commercial_aci")),
                "inverse",
            )
        )
    for debut in range(0, len(metriques), 4):
        colonnes = st.columns(4)
        for col, (libelle, valeur, delta, couleur) in zip(colonnes, metriques[debut : debut + 4], strict=False):
            col.metric(
                libelle,
                valeur,
                delta,
                delta_color=couleur,  # type: ignore[arg-type]
                border=True,
            )


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
    st.subheader("Effort de retour à l'équilibre")
    efforts = effort_equilibre(rs)
    deficits = [e for e in efforts if e.economies > 0]
    if not deficits:
        st.markdown("**Équilibre annuel** : aucune année en déficit, aucun effort n'est nécessaire.")
    else:
        st.markdown(
            "**Équilibre annuel** : chaque année en déficit, il faut *soit* économiser le montant du déficit, "
            "*soit* obtenir une subvention du même montant, *soit* vendre davantage ; le chiffre d'affaires "
            "supplémentaire doit aussi couvrir ses propres charges variables, il vaut donc "
            "déficit ÷ (1 − taux de charges variables)."
        )
        lignes = []
        for e in deficits:
            plafond = {None: "—", True: "oui", False: "non"}[e.depasse_plafond_aci]
            lignes.append(
                {
                    "Année": str(e.annee),
                    "Résultat": euros(e.resultat),
                    "Économies ou subvention": euros(e.economies),
                    "ou CA supplémentaire": "impossible"
                    if e.chiffre_affaires == float("inf")
                    else euros(e.chiffre_affaires),
                    "Taux de charges variables": pourcentage(e.taux_charges_variables),
                    "Ce CA dépasserait le plafond ACI": plafond,
                }
            )
        tableau = pd.DataFrame(lignes)
        if all(e.depasse_plafond_aci is None for e in deficits):
            tableau = tableau.drop(columns="Ce CA dépasserait le plafond ACI")
        st.dataframe(tableau, hide_index=True, width="content")

    tresorerie = effort_tresorerie(rs)
    premiere, derniere = rs.annees[0].annee, rs.annees[-1].annee
    if tresorerie.montant_annuel <= 0:
        st.markdown(
            f"**Trésorerie** : elle reste positive à chaque fin d'année jusqu'en {derniere} ; "
            "aucun effort annuel n'est nécessaire pour l'y maintenir."
        )
    else:
        st.markdown(
            f"**Trésorerie** : pour qu'elle reste positive à chaque fin d'année jusqu'en {derniere}, il faut "
            f"dégager **{euros(tresorerie.montant_annuel)} de plus chaque année** dès {premiere} "
            f"(l'année la plus tendue est {tresorerie.annee_critique})."
        )

    coupe = calculs.coupe_absorbable(projet, scenario)
    eiti_seule = projet.types_conventionnements() == ["EITI"]
    postes = "travailleurs accompagnés" if eiti_seule else "ETP d'insertion"
    if coupe.taux is None:
        st.markdown(
            f"**Coupe d'ETP absorbable** : aucune, la trésorerie devient déjà négative sans coupe "
            f"(au plus bas {euros(coupe.tresorerie_min_sans_coupe)})."
        )
    elif coupe.taux >= 1:
        st.markdown(
            f"**Coupe d'ETP absorbable** : la trésorerie reste positive jusqu'en {derniere} même si la structure "
            f"perdait tous ses {postes} à partir de {coupe.annee}."
        )
    else:
        st.markdown(
            f"**Coupe d'ETP absorbable** : la structure peut perdre au plus **{pourcentage(coupe.taux)} de ses "
            f"{postes}** à partir de {coupe.annee} (tous conventionnements) en gardant une trésorerie positive "
            f"jusqu'en {derniere}."
        )


def graphiques_section(
    projet: Projet, scenario: str, rs: ResultatScenario, reference: str, libelles: dict[str, str]
) -> None:
    st.subheader("Graphiques")
    gauche, droite = st.columns(2)
    with gauche:
        st.vega_lite_chart(
            calculs.graphique(projet, ("produits", scenario), lambda: graphiques.graphique_produits(rs)),
            width="stretch",
        )
    with droite:
        st.vega_lite_chart(
            calculs.graphique(projet, ("resultat", scenario), lambda: graphiques.graphique_resultat_tresorerie(rs)),
            width="stretch",
        )

    if any(a.indicateurs.get("ratio_commercial_aci") is not None for a in rs.annees):
        st.vega_lite_chart(
            calculs.graphique(projet, ("ratio_aci", scenario), lambda: graphiques.graphique_ratio_aci(rs)),
            width="stretch",
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
            format_func=lambda i: f"{libelles[i]} ({i})",
            help="Le pont part du résultat cumulé de ce scénario et ajoute un à un les chocs puis les leviers "
            "du scénario choisi : l'effet de chaque élément est mesuré compte tenu des précédents.",
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


def comptes(rs: ResultatScenario) -> None:
    st.subheader("Comptes année par année")
    perimetres = [ENSEMBLE, *dict.fromkeys(t for a in rs.annees for t in a.par_conventionnement)]
    perimetre = ENSEMBLE
    if len(perimetres) > 2:
        perimetre = st.segmented_control(
            "Périmètre", perimetres, default=ENSEMBLE, key="resultats_perimetre", required=True
        )
        perimetre = perimetre or ENSEMBLE
    annees = [a.annee for a in rs.annees]
    lignes = {
        ligne.dans_un_tableau: [
            "—" if v is None else nombre(v, 1) if ligne.categorie == "etp" else euros(v) for v in valeurs
        ]
        for ligne, valeurs in par_annee(rs.annees, COMPTES, None if perimetre == ENSEMBLE else perimetre)
    }
    df = pd.DataFrame.from_dict(lignes, orient="index", columns=[str(a) for a in annees])
    df.index.name = "Ligne"
    st.dataframe(
        df,
        height=36 + 35 * len(df),
        column_config={str(a): st.column_config.TextColumn(str(a), alignment="right") for a in annees},
        width="stretch",
    )
    if perimetre != ENSEMBLE:
        st.caption(
            "Les charges et financements communs sont répartis entre conventionnements au prorata des ETP "
            "réalisés (travailleurs pour l'EITI) ; la trésorerie n'existe que pour l'ensemble."
        )


def _valeur_parametre(valeur: float | None, unite: str) -> str:
    if valeur is None:
        return "—"
    if unite == "currency-EUR":
        return euros(valeur, 2)
    if unite == "/1":
        return pourcentage(valeur)
    if unite == "hour":
        return f"{nombre(valeur)}\u00a0h"
    return nombre(valeur, 2)


def _lien(titre: str, href: str) -> str:
    titre = titre.replace("[", "(").replace("]", ")")
    href = href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{titre}]({href})"


def provenance(rs: ResultatScenario) -> None:
    st.subheader("D'où vient ce chiffre ?")
    with st.container():
        st.markdown("**Les formules de chaque ligne** (détail dans le README du projet)")
        st.markdown(
            "| Ligne | Formule |\n|---|---|\n" + "\n".join(f"| {ligne} | {formule} |" for ligne, formule in FORMULES)
        )
        st.markdown("**Les paramètres officiels utilisés**, moyenne annuelle des valeurs en vigueur chaque mois")
        parametres = charger_parametres()
        par_nom: dict[str, dict[int, Provenance]] = {}
        for (nom, annee), prov in sorted(rs.provenance.items()):
            par_nom.setdefault(nom, {})[annee] = prov
        annees = [a.annee for a in rs.annees]
        lignes = []
        for nom, provs in par_nom.items():
            p = parametres[nom]
            ligne: dict[str, str] = {"Paramètre": p.libelle_court}
            for a in annees:
                prov = provs.get(a)
                ligne[str(a)] = (
                    "" if prov is None else _valeur_parametre(prov.valeur, p.unite) + (" *" if prov.projetee else "")
                )
            rangs = {"haute": 0, "moyenne": 1, "faible": 2}
            ligne["Confiance"] = max((pr.confiance for pr in provs.values()), key=rangs.__getitem__)
            lignes.append(ligne)
        st.dataframe(
            pd.DataFrame(lignes),
            hide_index=True,
            width="stretch",
            height=36 + 35 * len(lignes),
            column_config={str(a): st.column_config.TextColumn(str(a), alignment="right") for a in annees},
        )
        st.caption("\\* valeur projetée au-delà du dernier texte connu, selon l'hypothèse indiquée ci-dessous.")
        st.markdown("**Origine de chaque paramètre**")
        blocs = []
        for nom, provs in par_nom.items():
            p = parametres[nom]
            origines: dict[str, list[int]] = {}
            refs: list[tuple[str, str]] = []
            for annee, prov in sorted(provs.items()):
                origines.setdefault(prov.hypothese, []).append(annee)
                for r in prov.references:
                    if (r.titre, r.lien) not in refs:
                        refs.append((r.titre, r.lien))
            periodes = " ; ".join(
                f"{ans[0] if len(ans) == 1 else f'{ans[0]}–{ans[-1]}'} : {hyp}" for hyp, ans in origines.items()
            )
            sources = " · ".join(_lien(t, h) for t, h in refs) or "—"
            blocs.append(f"- **{p.libelle_court}** — {periodes}. Sources : {sources}")
        st.markdown("\n".join(blocs))


# --- the page -----------------------------------------------------------------------------------

titre("Résultats")
projet = exiger_projet()
scenario = selecteur_scenario(projet, "resultats_scenario")
reference = calculs.scenario_de_reference(projet)
rs = calculs.resultat_scenario(projet, scenario)
rr = calculs.resultat_scenario(projet, reference)
libelles = {s.id: s.libelle for s in projet.scenarios}

st.text(f"{projet.structure.nom} — {libelles[scenario]}")
if scenario != reference:
    st.caption(f"Les écarts sont calculés par rapport au scénario de référence (`{reference}`).")
chiffres_cles(projet, rs, rr, comparer=scenario != reference)

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
        comptes(rs)
if onglets["Formules et sources"].open:
    with onglets["Formules et sources"]:
        provenance(rs)
