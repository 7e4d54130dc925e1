"""Comparer: every scenario side by side (a table by theme and two charts).

The table is a static one (`st.table`) so that long scenario names wrap instead of being cut, and it
shows one theme at a time (result, cash, aid and ETP) so that it fits a 1024-pixel screen; it can be
sorted on any of its amounts. Numbers are shown in French (`-91 971 €`) through a pandas Styler whatever
the browser's locale.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from iae_model.comptes import point_bas
from iae_model.explications import expliquer
from iae_model.pont import resultat_cumule
from iae_model.projet import Projet
from iae_model.projet.brouillon import libelles_distincts
from iae_model.simulation import Resultat, ResultatScenario
from iae_model.vocabulaire import MOIS_COURTS
from ui import calculs, etat, explications, graphiques
from ui.cadre import titre
from ui.composants import exiger_projet
from ui.formats import en_francais, texte_brut

CLE_CHOIX = "comparer_scenarios"
PAR_DEFAUT = 6
COMPARES_MAX = 10


def tableau(projet: Projet, resultat: Resultat, ids: list[str], reference: str) -> pd.DataFrame:
    """One row per scenario: what the engine returned for it, and its gap with the reference."""
    h = projet.hypotheses.horizon
    libelles = libelles_distincts((s.id, s.libelle) for s in projet.scenarios)
    ref = resultat.scenario(reference)
    ref_fin = ref.annees[-1]
    lignes = []
    for i in ids:
        s = resultat.scenario(i)
        fin = s.annees[-1]
        montant_bas, mois_bas, annee_bas = point_bas(s.annees)
        aide, aide_ref = fin.total.produits["aide_au_poste"], ref_fin.total.produits["aide_au_poste"]
        lignes.append(
            {
                "Scénario": libelles[s.id],
                "Résultat cumulé": round(resultat_cumule(s)),
                "Écart cumulé": round(resultat_cumule(s) - resultat_cumule(ref)),
                f"Résultat {h}": round(fin.resultat),
                f"Écart {h}": round(fin.resultat - ref_fin.resultat),
                "Point bas tréso.": round(montant_bas),
                "Fin de mois": f"{MOIS_COURTS[mois_bas - 1]} {annee_bas}",
                f"Trésorerie {h}": round(fin.tresorerie_fin),
                "Écart tréso.": round(fin.tresorerie_fin - ref_fin.tresorerie_fin),
                f"Aide au poste {h}": round(aide),
                "Écart aide": round(aide - aide_ref),
                f"ETP {h}": round(fin.total.etp_conventionnes, 1),
                "Alertes": len(s.alertes),
            }
        )
    return pd.DataFrame(lignes)


def themes(projet: Projet) -> dict[str, list[str]]:
    """The table's columns by theme: each fits a 1024-pixel screen beside the scenario's name."""
    h = projet.hypotheses.horizon
    return {
        "Résultat": ["Résultat cumulé", "Écart cumulé", f"Résultat {h}", f"Écart {h}"],
        "Trésorerie": ["Point bas tréso.", "Fin de mois", f"Trésorerie {h}", "Écart tréso."],
        "Aide au poste et ETP": [f"Aide au poste {h}", "Écart aide", f"ETP {h}", "Alertes"],
    }


def definitions(projet: Projet) -> dict[str, str]:
    """What each column means (shown under the table)."""
    h = projet.hypotheses.horizon
    ref = projet.structure.annee_reference
    return {
        "Résultat cumulé": f"somme des résultats de {ref} à {h}",
        "Écart": "valeur du scénario − celle de la référence",
        "Point bas tréso.": "trésorerie la plus basse à une fin de mois sur l'horizon ; « Fin de mois » dit quand",
        f"Trésorerie {h}": f"trésorerie à la fin de {h}",
        f"Aide au poste {h}": f"aide au poste reçue en {h} (État et département)",
        f"ETP {h}": f"ETP conventionnés en {h}",
        "Alertes": "nombre d'alertes sur l'horizon",
    }


def chiffres_expliques(projet: Projet, rs: ResultatScenario) -> dict[str, tuple[int, str, str]]:
    """The columns whose figure « D'où vient ce chiffre ? » explains: (year, category, line) of the accounts; a gap
    is explained by its scenario's figure, shown beside the reference's."""
    h = projet.hypotheses.horizon
    _, _, annee_bas = point_bas(rs.annees)
    resultat, tresorerie = (h, "resultat", "resultat"), (h, "tresorerie", "tresorerie_fin")
    aide = (h, "produits", "aide_au_poste")
    return {
        f"Résultat {h}": resultat,
        f"Écart {h}": resultat,
        "Point bas tréso.": (annee_bas, "tresorerie", "point_bas"),
        f"Trésorerie {h}": tresorerie,
        "Écart tréso.": tresorerie,
        f"Aide au poste {h}": aide,
        "Écart aide": aide,
    }


# --- the page -----------------------------------------------------------------------------------

titre("Comparer")
projet = exiger_projet()
reference = calculs.scenario_de_reference(projet)
ids = [s.id for s in projet.scenarios]
libelles = libelles_distincts((s.id, s.libelle) for s in projet.scenarios)

# the selection lives in the widget's state; a scenario deleted elsewhere must not linger in it. Each
# scenario shown is one simulation of its whole chain: at most COMPARES_MAX bound the cost of a rerun
# (the largest project the file accepts takes ~150 ms per scenario).
if CLE_CHOIX not in st.session_state:
    actif = etat.scenario_actif()
    st.session_state[CLE_CHOIX] = list(dict.fromkeys([reference, *([actif] if actif else []), *ids]))[:PAR_DEFAUT]
elif any(i not in ids for i in st.session_state[CLE_CHOIX]):
    st.session_state[CLE_CHOIX] = [i for i in st.session_state[CLE_CHOIX] if i in ids]
choisis = st.multiselect(
    "Scénarios affichés",
    ids,
    key=CLE_CHOIX,
    format_func=libelles.__getitem__,
    placeholder="Choisissez au moins un scénario",
    max_selections=COMPARES_MAX,
    help=f"Jusqu'à {COMPARES_MAX} scénarios à la fois.",
)
if len(ids) > len(choisis):
    st.caption(f"{len(choisis)} scénario(s) affiché(s) sur {len(ids)} : ajoutez-en dans la liste ci-dessus.")
choisis = [i for i in ids if i in choisis]  # keep the project's order whatever the click order

if not choisis:
    st.info("Choisissez au moins un scénario à comparer.", icon=":material/info:")
    st.stop()

st.caption(
    f"Montants en euros sur {projet.structure.annee_reference}–{projet.hypotheses.horizon} ; les écarts sont "
    f"calculés par rapport au scénario de référence « {texte_brut(projet.scenario(reference).libelle)} »."
)
resultat = calculs.resultat(projet, list(dict.fromkeys([*choisis, reference])))
df = tableau(projet, resultat, choisis, reference)
h = projet.hypotheses.horizon
colonnes_par_theme = themes(projet)
gauche, droite = st.columns([3, 2], vertical_alignment="bottom")
with gauche:
    theme = st.segmented_control("Voir", list(colonnes_par_theme), default="Résultat", key="comparer_theme")
colonnes = colonnes_par_theme[theme or "Résultat"]
with droite:
    tri = st.selectbox(
        "Trier par",
        ["Ordre des scénarios", *(c for c in colonnes if df[c].dtype.kind in "if")],
        key=f"comparer_tri_{theme}",
        help="Du plus grand au plus petit.",
        placeholder="Choisissez",
    )
vue = df[["Scénario", *colonnes]]
if tri != "Ordre des scénarios":
    vue = vue.sort_values(tri, ascending=False, kind="stable")
st.table(
    en_francais(
        vue,
        colonnes_euros=[c for c in colonnes if df[c].dtype.kind in "if" and c not in (f"ETP {h}", "Alertes")],
        decimales={f"ETP {h}": 1},
    ),
    hide_index=True,
)
st.caption(" ; ".join(f"**{nom}** : {sens}" for nom, sens in definitions(projet).items()) + ".")

with st.expander("D'où vient ce chiffre ? Son calcul avec vos chiffres", icon=":material/calculate:"):
    gauche, droite = st.columns(2)
    with gauche:
        explique = st.selectbox(
            "Scénario",
            choisis,
            format_func=libelles.__getitem__,
            key="comparer_explication_scenario",
            placeholder="Choisissez",
        )
    rs = resultat.scenario(explique or choisis[0])
    expliques = chiffres_expliques(projet, rs)
    proposes = [c for c in colonnes if c in expliques] or [c for c in expliques if not c.startswith("Écart")]
    with droite:
        chiffre = st.selectbox(
            "Chiffre", proposes, key=f"comparer_explication_chiffre_{theme}", placeholder="Choisissez"
        )
    if chiffre in expliques:
        explications.afficher(expliquer(projet, rs, *expliques[chiffre], resultat.scenario(reference)))

donnees = graphiques.tableau_comparaison(resultat, choisis)
# one chart a row: side by side, each had under 400 px at 1366 and cut the scenarios' names in its legend
st.vega_lite_chart(
    calculs.graphique(
        projet, ("comparaison_resultat", *choisis), lambda: graphiques.graphique_comparaison_resultat(donnees)
    ),
    width="stretch",
)
st.vega_lite_chart(
    calculs.graphique(
        projet, ("comparaison_tresorerie", *choisis), lambda: graphiques.graphique_comparaison_tresorerie(donnees)
    ),
    width="stretch",
)
