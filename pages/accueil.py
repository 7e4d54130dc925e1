"""Accueil: what the tool is for, and three ways in (an example, a file, a blank structure)."""

from __future__ import annotations

import streamlit as st

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.projet import projet_depuis_donnees
from ui import etat
from ui.composants import afficher_erreurs

st.title("Simulateur du modèle économique des SIAE")
st.markdown(
    "Que deviennent le **résultat** et la **trésorerie** de votre structure si l'État réduit les postes, "
    "gèle le socle de l'aide au poste pendant que le SMIC augmente, si le département réduit son cofinancement ? "
    "Quels **leviers** — nouvelle activité, marchés publics, mutualisation, modèle hybride ACI/EI, nouveaux "
    "financeurs — ramènent à l'équilibre, et en combien de temps ?\n\n"
    "1. **Ma structure** : vos chiffres (conventionnements, activités, financements, charges).\n"
    "2. **Scénarios** : les hypothèses de l'État et vos leviers.\n"
    "3. **Résultats** et **Comparer** : les comptes année par année, les alertes, l'effort de retour à l'équilibre.\n"
    "4. **Guide** : les questions à se poser quand on veut faire évoluer son modèle économique, et le plan "
    "d'action.\n"
    "5. **Exporter** : le fichier du projet, à rouvrir plus tard ou à envoyer à l'animateur."
)

projet = etat.projet()
if projet is not None:
    with st.container(border=True):
        st.subheader("Projet ouvert")
        st.text(projet.structure.nom)
        col1, col2, col3 = st.columns(3)
        col1.metric("Année de référence", str(projet.structure.annee_reference))
        col2.metric("Conventionnements", ", ".join(projet.types_conventionnements()))
        col3.metric("Scénarios", str(len(projet.scenarios)))
        st.caption(
            "Ce projet est enregistré sur le serveur : l'adresse de cette page permet de le rouvrir "
            "(après un rechargement, ou sur un autre poste). Toute personne qui a ce lien peut l'ouvrir."
        )

st.subheader("Ouvrir un projet")
onglet_exemple, onglet_fichier, onglet_vierge = st.tabs(["Un exemple", "Un fichier (.yaml)", "Une structure vierge"])

with onglet_exemple:
    exemples = lister_exemples()
    fichiers = [e.fichier for e in exemples]
    noms = {e.fichier: f"{e.nom} — {' + '.join(e.types)}" for e in exemples}
    choix = st.selectbox("Exemple", fichiers, format_func=noms.get, key="accueil_exemple")
    if st.button("Ouvrir cet exemple", key="accueil_ouvrir_exemple", type="primary"):
        etat.ouvrir(charger_exemple(choix))
        st.switch_page("pages/ma_structure.py")

with onglet_fichier:
    fichier = st.file_uploader(
        "Fichier projet (.yaml, 1 Mo au plus)", type=["yaml", "yml"], key="accueil_fichier", max_upload_size=1
    )
    if fichier is not None and st.button("Ouvrir ce fichier", key="accueil_ouvrir_fichier", type="primary"):
        erreurs = etat.ouvrir_fichier(fichier.getvalue())
        if erreurs:
            afficher_erreurs(erreurs, f"Le fichier « {fichier.name} » n'a pas été ouvert")
            st.caption("Le projet en cours n'a pas été modifié.")
        else:
            st.switch_page("pages/ma_structure.py")

with onglet_vierge:
    st.write("Une structure avec un conventionnement ACI de 10 ETP et un scénario de référence, à compléter.")
    if st.button("Créer une structure vierge", key="accueil_vierge"):
        etat.ouvrir(projet_depuis_donnees(etat.projet_vierge()))
        st.switch_page("pages/ma_structure.py")
