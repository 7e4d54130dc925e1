"""Comparer: every scenario side by side (a sortable table and two charts).

Numbers stay numbers in the table so that sorting a column sorts amounts, not text; they are shown
in French (`-91 971 €`) through a pandas Styler whatever the browser's locale: Streamlit's own
`euro` and `localized` formats follow the browser, and an English browser showed `-€91,971`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from iae_model.comptes import point_bas
from iae_model.pont import resultat_cumule
from iae_model.projet import Projet
from iae_model.projet.brouillon import libelles_distincts
from iae_model.simulation import Resultat
from iae_model.vocabulaire import MOIS_COURTS
from ui import calculs, etat, graphiques
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
    bases = {s.id: libelles[s.base] if s.base else "—" for s in projet.scenarios}
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
                "S'appuie sur": bases[s.id],
            }
        )
    return pd.DataFrame(lignes)


def configuration_colonnes(projet: Projet) -> dict[str, object]:
    """French headers with their meaning on hover; amounts as euros in the browser's (French) locale."""
    h = projet.hypotheses.horizon
    ref = projet.structure.annee_reference
    euros = {
        "Résultat cumulé": f"Somme des résultats de {ref} à {h}",
        "Écart cumulé": "Résultat cumulé du scénario − celui de la référence",
        f"Résultat {h}": f"Résultat de l'exercice {h}",
        f"Écart {h}": f"Résultat {h} du scénario − celui de la référence",
        "Point bas tréso.": "Trésorerie la plus basse à une fin de mois sur l'horizon (son mois à côté)",
        f"Trésorerie {h}": f"Trésorerie à la fin de {h}",
        "Écart tréso.": f"Trésorerie fin {h} du scénario − celle de la référence",
        f"Aide au poste {h}": f"Aide au poste reçue en {h} (État et département)",
        "Écart aide": f"Aide au poste {h} du scénario − celle de la référence",
    }
    config: dict[str, object] = {c: st.column_config.NumberColumn(c, help=aide) for c, aide in euros.items()}
    config |= {
        "Scénario": st.column_config.TextColumn("Scénario", width="medium", pinned=True),
        "Fin de mois": st.column_config.TextColumn("Fin de mois", help="Fin de mois du point bas de trésorerie"),
        f"ETP {h}": st.column_config.NumberColumn(f"ETP {h}", help=f"ETP conventionnés en {h}"),
        "Alertes": st.column_config.NumberColumn("Alertes", help="Nombre d'alertes sur l'horizon"),
        "S'appuie sur": st.column_config.TextColumn(
            "S'appuie sur", help="Scénario dont celui-ci reprend les chocs et les leviers"
        ),
    }
    return config


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
    f"calculés par rapport au scénario de référence « {texte_brut(projet.scenario(reference).libelle)} ». Cliquez "
    "sur un titre de colonne pour trier."
)
resultat = calculs.resultat(projet, list(dict.fromkeys([*choisis, reference])))
df = tableau(projet, resultat, choisis, reference)
h = projet.hypotheses.horizon
st.dataframe(
    en_francais(
        df,
        colonnes_euros=[c for c in df.columns if df[c].dtype.kind in "if" and c not in (f"ETP {h}", "Alertes")],
        decimales={f"ETP {h}": 1},
    ),
    hide_index=True,
    width="stretch",
    column_config=configuration_colonnes(projet),
    key="comparer_tableau",
)

donnees = graphiques.tableau_comparaison(resultat, choisis)
gauche, droite = st.columns(2)
with gauche:
    st.vega_lite_chart(
        calculs.graphique(
            projet, ("comparaison_resultat", *choisis), lambda: graphiques.graphique_comparaison_resultat(donnees)
        ),
        width="stretch",
    )
with droite:
    st.vega_lite_chart(
        calculs.graphique(
            projet,
            ("comparaison_tresorerie", *choisis),
            lambda: graphiques.graphique_comparaison_tresorerie(donnees),
        ),
        width="stretch",
    )
