"""Accueil: what the tool is for, three ways in (an example, a file, a blank structure), recent projects.

Opening a project while another is open asks first: the open project is not lost (it keeps its link
and stays in the session's recent projects), but the user must know it is being replaced, and must
download it first when it is not kept on the server.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.formats import NombreIllisible, lire_nombre
from iae_model.projet import ErreurLigne, ErreurProjet, lire_projet, projet_depuis_donnees
from iae_model.projet.edition import projet_vierge
from iae_model.projet.modele import ANNEE_REFERENCE_MIN
from iae_model.vocabulaire import TYPES_STRUCTURE
from iae_model.yaml_sur import ErreurYaml, lire_yaml
from ui import depuis_les_comptes as comptes
from ui import etat
from ui.cadre import telecharger_brouillon, titre
from ui.composants import afficher_erreurs
from ui.formats import texte_brut

# the opening waiting for the user's confirmation: {"genre": "exemple"|"fichier"|"vierge"|"recent", ...}
CLE_DEMANDE = "accueil_demande"
CLE_ONGLET_STRUCTURE = "structure_onglet"  # Ma structure's tabs: a blank structure opens on « Depuis mes comptes »

titre("Simulateur du modèle économique des SIAE")
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
if etat.brouillon() is not None:
    with st.container(border=True):
        st.subheader("Projet ouvert")
        st.text(etat.nom_du_projet())
        if projet is not None:
            col1, col2, col3 = st.columns(3)
            col1.metric("Année de référence", str(projet.structure.annee_reference))
            col2.metric("Conventionnements", ", ".join(projet.types_conventionnements()))
            col3.metric("Scénarios", str(len(projet.scenarios)))
        if etat.enregistrement() == "enregistre":
            st.caption(
                "Ce projet est enregistré sur le serveur : l'adresse de cette page permet de le rouvrir "
                "(après un rechargement, ou sur un autre poste). Toute personne qui a ce lien peut l'ouvrir."
            )
        elif etat.enregistrement() == "pas_encore":
            st.caption(
                "Ce projet n'est pas enregistré sur le serveur : il le sera à votre première modification. "
                "D'ici là, un rechargement de la page le ferme."
            )


def _ouvrir(demande: dict[str, Any]) -> list:
    """Carry out an opening; returns the errors of an invalid file (the open project is then kept)."""
    if demande["genre"] == "exemple":
        etat.ouvrir(charger_exemple(demande["fichier"]))
    elif demande["genre"] == "recent":
        if not etat.ouvrir_jeton(demande["jeton"]):
            return [ErreurLigne("", "ce projet n'existe plus sur le serveur, ou il est endommagé")]
    elif demande["genre"] == "vierge":
        etat.ouvrir(
            projet_depuis_donnees(projet_vierge(demande["type"], demande["etp"], demande["annee"], demande["nom"]))
        )
        st.session_state[CLE_ONGLET_STRUCTURE] = comptes.ONGLET
    else:
        erreurs = etat.ouvrir_fichier(demande["contenu"])
        if erreurs:
            return erreurs
    st.session_state.pop(CLE_DEMANDE, None)
    st.switch_page("app_pages/ma_structure.py")
    return []


def _donnees(contenu: bytes) -> Any:
    """The file's data when it can be read (to name the faulty rows in the messages), else None."""
    try:
        return lire_yaml(contenu.decode("utf-8"))
    except (UnicodeDecodeError, ErreurYaml):
        return None


def _demander(demande: dict[str, Any]) -> None:
    """Open at once when nothing is open; otherwise wait for the confirmation below.

    A file is read first: an invalid one is refused at once with its errors (nothing to confirm).
    """
    if demande["genre"] == "fichier":
        try:
            lire_projet(demande["contenu"])
        except ErreurProjet as exc:
            afficher_erreurs(
                exc.erreurs, f"Le fichier « {demande.get('nom', '')} » n'a pas été ouvert", _donnees(demande["contenu"])
            )
            st.caption("Le projet en cours n'a pas été modifié." if etat.brouillon() else "Aucun projet ouvert.")
            return
    if etat.brouillon() is None:
        erreurs = _ouvrir(demande)
        if erreurs:
            afficher_erreurs(erreurs, f"« {demande.get('nom', '')} » n'a pas été ouvert")
            st.caption("Aucun projet n'a été ouvert.")
    else:
        st.session_state[CLE_DEMANDE] = demande
        st.rerun()


def _confirmation() -> None:
    demande = st.session_state.get(CLE_DEMANDE)
    if demande is None:
        return
    quoi = {
        "exemple": "l'exemple choisi",
        "vierge": "une structure vierge",
        "fichier": f"le fichier « {demande.get('nom', '')} »",
        "recent": f"le projet « {demande.get('nom', '')} »",
    }[demande["genre"]]
    with st.container(border=True):
        texte = f"Ouvrir {quoi} remplace le projet ouvert, « {etat.nom_du_projet()} », dans cette page."
        if etat.enregistrement() == "enregistre":
            texte += (
                " Il reste enregistré sur le serveur : vous le retrouverez dans « Projets récents » ci-dessous, "
                "ou avec son lien."
            )
            st.warning(texte_brut(texte), icon=":material/swap_horiz:")
        else:
            texte += " **Il n'est pas enregistré sur le serveur** : téléchargez-le d'abord si vous voulez le garder."
            st.error(texte_brut(texte).replace(r"\*\*", "**"), icon=":material/warning:")
            telecharger_brouillon("accueil_confirmer_telecharger", "Télécharger le projet ouvert (.yaml)")
        col1, col2 = st.columns(2)
        if col1.button("Remplacer le projet ouvert", key="accueil_confirmer", type="primary"):
            erreurs = _ouvrir(demande)
            if erreurs:
                st.session_state.pop(CLE_DEMANDE, None)
                afficher_erreurs(erreurs, f"« {demande.get('nom', '')} » n'a pas été ouvert")
                st.caption("Le projet en cours n'a pas été modifié.")
        if col2.button("Annuler", key="accueil_annuler"):
            st.session_state.pop(CLE_DEMANDE, None)
            st.rerun()


st.subheader("Ouvrir un projet")
_confirmation()
onglet_exemple, onglet_fichier, onglet_vierge = st.tabs(["Un exemple", "Un fichier (.yaml)", "Une structure vierge"])

with onglet_exemple:
    exemples = lister_exemples()
    fichiers = [e.fichier for e in exemples]
    noms = {e.fichier: f"{e.nom} — {' + '.join(e.types)}" for e in exemples}
    choix = st.selectbox("Exemple", fichiers, format_func=noms.get, key="accueil_exemple", placeholder="Choisissez")
    if st.button("Ouvrir cet exemple", key="accueil_ouvrir_exemple", type="primary"):
        _demander({"genre": "exemple", "fichier": choix})

with onglet_fichier:
    fichier = st.file_uploader(
        "Fichier projet (.yaml, 1 Mo au plus)", type=["yaml", "yml"], key="accueil_fichier", max_upload_size=1
    )
    st.caption(
        "Un fichier ouvert n'est enregistré sur le serveur qu'à votre première modification (pour le retrouver "
        "par le lien de la page)."
    )
    if fichier is not None and st.button("Ouvrir ce fichier", key="accueil_ouvrir_fichier", type="primary"):
        _demander({"genre": "fichier", "nom": fichier.name, "contenu": fichier.getvalue()})

with onglet_vierge:
    st.write(
        "Une structure sans aucun chiffre inventé : dites d'abord les quelques données qui comptent, puis "
        "saisissez ou collez vos derniers comptes (onglet « Depuis mes comptes » de Ma structure)."
    )
    col1, col2 = st.columns(2)
    with col1:
        nom = st.text_input("Nom de la structure", key="accueil_vierge_nom", max_chars=200)
        type_ = st.selectbox(
            "Type de conventionnement",
            list(TYPES_STRUCTURE),
            format_func=TYPES_STRUCTURE.get,
            index=None,
            key="accueil_vierge_type",
            placeholder="Choisissez",
        )
    with col2:
        quoi = "Travailleurs accompagnés" if type_ == "EITI" else "ETP conventionnés"
        etp_texte = st.text_input(
            quoi, key="accueil_vierge_etp", help="Le nombre de l'annexe financière signée avec l'État (par exemple 14)."
        )
        annee_texte = st.text_input(
            "Année des comptes (année de référence)",
            key="accueil_vierge_annee",
            help="L'année du dernier compte de résultat (ou du budget) que vous allez saisir, par exemple 2025.",
        )
    manque = []
    etp = annee = None
    if type_ is None:
        manque.append("le type")
    try:
        etp = lire_nombre(etp_texte) if etp_texte.strip() else None
    except NombreIllisible as exc:
        st.error(texte_brut(str(exc)), icon=":material/error:")
    if etp is None or etp <= 0:
        manque.append(quoi.lower() + " (un nombre positif)")
    try:
        annee = int(lire_nombre(annee_texte)) if annee_texte.strip() else None
    except NombreIllisible as exc:
        st.error(texte_brut(str(exc)), icon=":material/error:")
    if annee is None or not ANNEE_REFERENCE_MIN <= annee <= 2040:
        manque.append(f"l'année (de {ANNEE_REFERENCE_MIN} à 2040)")
    if manque:
        st.caption("À indiquer : " + ", ".join(manque) + ".")
    if st.button(
        "Créer la structure et saisir mes comptes", key="accueil_vierge", disabled=bool(manque), type="primary"
    ):
        _demander({"genre": "vierge", "type": type_, "etp": etp, "annee": annee, "nom": nom.strip() or "Ma structure"})

recents = [r for r in etat.recents() if r["jeton"] != etat.jeton()]
if recents:
    st.subheader("Projets récents de cette session")
    st.caption(
        "Les projets ouverts dans cette page depuis son ouverture. Le lien rouvre un projet dans un autre onglet "
        "ou sur un autre poste ; ne le partagez qu'avec les personnes qui peuvent voir les chiffres."
    )
    for r in recents:
        col1, col2, col3 = st.columns([3, 4, 2], vertical_alignment="center")
        col1.text(f"{r['nom']} (ouvert à {r['heure']})")
        col2.markdown(f"[Ouvrir dans un nouvel onglet](./?p={r['jeton']})")
        if col3.button("Rouvrir ici", key=f"accueil_rouvrir_{r['jeton']}"):
            _demander({"genre": "recent", "jeton": r["jeton"], "nom": r["nom"]})
