"""The frame around every page: where the project stands with the server, and a French error boundary.

Shown above every page, because a user must learn at once (whatever page they are on) that their
last input was not saved, that another tab changed the project, or that the link's file is damaged,
and what they can do: the draft always stays in the session and can be downloaded.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from iae_model.formats import nombre_saisi
from iae_model.projet import ErreurLigne
from iae_model.projet.differences import ABSENT, chemin_texte, differences
from iae_model.texte import nom_de_fichier
from ui import etat
from ui.formats import texte_brut
from ui.messages import texte_erreur

journal = logging.getLogger("iae_app")
CLE_CHOIX_CONFLIT = "cadre_conflit_choix"


def telecharger_brouillon(cle: str, libelle: str = "Télécharger mes saisies (.yaml)", principal: bool = False) -> None:
    """The draft as a project file (what the user typed, valid or not)."""
    st.download_button(
        libelle,
        data=etat.texte_yaml().encode("utf-8"),
        file_name=nom_de_fichier(etat.nom_du_projet(), "yaml"),
        mime="application/x-yaml",
        key=cle,
        icon=":material/download:",
        on_click="ignore",
        type="primary" if principal else "secondary",
    )


def _valeur_lisible(valeur: Any) -> str:
    if valeur is ABSENT:
        return "(absent)"
    if valeur is None:
        return "—"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, int | float):
        return nombre_saisi(float(valeur))
    if isinstance(valeur, dict):
        nom = next((valeur[k] for k in ("nom", "libelle", "type", "fonction", "id") if k in valeur), None)
        return f"ligne « {nom} »" if nom is not None else f"{len(valeur)} champ(s)"
    if isinstance(valeur, list):
        return f"{len(valeur)} élément(s)"
    texte = str(valeur)
    return texte if len(texte) <= 80 else texte[:77] + "…"


def _lieu(chemin: tuple[str | int, ...], donnees: Any) -> str:
    """A path in the user's words (« Ligne 2 « FSE+ », Montant annuel »), from the error labels."""
    texte = texte_erreur(ErreurLigne(chemin_texte(chemin), "\x00"), donnees if isinstance(donnees, dict) else None)
    return texte.split(" : \x00")[0] if " : \x00" in texte else chemin_texte(chemin)


def _conflit() -> None:
    c = etat.conflit()
    if c is None:
        return
    with st.container(border=True):
        st.error(
            "**Ce projet a été modifié ailleurs** (un autre onglet ou une autre personne qui a le lien) depuis "
            "votre dernière saisie : **votre saisie n'a pas été enregistrée**, rien n'a été écrasé. Vos saisies "
            "restent dans cette page. Comparez et choisissez.",
            icon=":material/sync_problem:",
        )
        mien = etat.brouillon()
        if not isinstance(c.donnees, dict):
            st.caption(
                "La version enregistrée ne peut pas être lue (supprimée ou endommagée) : vous pouvez enregistrer "
                "la vôtre à sa place."
            )
            diffs = []
        else:
            diffs = differences(mien, c.donnees)[:200]
        if diffs:
            tableau = pd.DataFrame(
                {
                    "Champ": [_lieu(d.chemin, mien if d.mien is not ABSENT else c.donnees) for d in diffs],
                    "Ma version": [_valeur_lisible(d.mien) for d in diffs],
                    "Version enregistrée": [_valeur_lisible(d.leur) for d in diffs],
                    "Garder la mienne": [True] * len(diffs),
                }
            )
            edite = st.data_editor(
                tableau,
                key=f"{CLE_CHOIX_CONFLIT}_{c.version}",
                hide_index=True,
                disabled=["Champ", "Ma version", "Version enregistrée"],
                width="stretch",
                column_config={
                    "Garder la mienne": st.column_config.CheckboxColumn(
                        help="Cochée : ma valeur ; décochée : la valeur enregistrée."
                    )
                },
            )
            choisis = [d.chemin for d, garder in zip(diffs, edite["Garder la mienne"], strict=True) if garder]
        else:
            choisis = []
        col1, col2, col3, col4 = st.columns(4)
        col1.button(
            "Garder ma version",
            key="cadre_conflit_mien",
            type="primary",
            on_click=etat.resoudre_conflit,
            args=("mien",),
            help="Ma version remplace la version enregistrée.",
        )
        if isinstance(c.donnees, dict):
            col2.button(
                "Prendre la version enregistrée",
                key="cadre_conflit_leur",
                on_click=etat.resoudre_conflit,
                args=("leur",),
                help="Mes saisies sont abandonnées (téléchargez-les d'abord pour les garder).",
            )
            col3.button(
                "Enregistrer la fusion cochée",
                key="cadre_conflit_fusion",
                on_click=etat.resoudre_conflit,
                args=(choisis,),
                disabled=not diffs,
                help="La version enregistrée, avec mes valeurs pour les lignes cochées.",
            )
        with col4:
            telecharger_brouillon("cadre_conflit_telecharger")


def _echec() -> None:
    raison = etat.echec()
    if raison is None:
        return
    with st.container(border=True):
        st.error(
            f"**Le projet n'a pas pu être enregistré sur le serveur** : {texte_brut(raison)}. Vos saisies restent "
            "dans cette page tant qu'elle est ouverte ; un rechargement les perdrait. Téléchargez le fichier du "
            "projet pour les garder.",
            icon=":material/cloud_off:",
        )
        col1, col2 = st.columns(2)
        with col1:
            telecharger_brouillon("cadre_echec_telecharger")
        col2.button("Réessayer d'enregistrer", key="cadre_echec_reessayer", on_click=etat.reessayer_enregistrement)


def _endommage() -> None:
    e = etat.endommage()
    if e is None:
        return
    with st.container(border=True):
        st.error(
            f"**Le projet enregistré sous ce lien est endommagé et ne peut pas être ouvert** : {texte_brut(e.raison)}."
            " Téléchargez le fichier tel qu'il est enregistré pour le faire réparer (ou le corriger dans un éditeur "
            "de texte), puis rouvrez-le depuis l'accueil ; ou ouvrez un autre projet.",
            icon=":material/broken_image:",
        )
        if e.brut:
            st.download_button(
                "Télécharger le fichier enregistré, tel quel",
                data=e.brut,
                file_name="projet_endommage.yaml",
                mime="application/octet-stream",
                key="cadre_endommage_telecharger",
                icon=":material/download:",
                on_click="ignore",
            )


def titre(texte: str) -> None:
    """A page's title, after what every page must say first about the project's saving.

    Each page calls it first (a test checks it): drawn by the page itself, the messages belong to the
    page's run, which is also what Streamlit's AppTest sees.
    """
    _endommage()
    _conflit()
    _echec()
    st.title(texte)


def barre_laterale() -> None:
    """The open project, in the sidebar, with where it is kept."""
    projet = etat.projet()
    brouillon = etat.brouillon()
    if brouillon is None:
        st.caption("Projet endommagé" if etat.endommage() else "Aucun projet ouvert")
        return
    st.caption("Projet ouvert")
    st.text(etat.nom_du_projet())
    if projet is not None:
        st.caption(
            f"{', '.join(projet.types_conventionnements())} · année {projet.structure.annee_reference} · "
            f"{len(projet.scenarios)} scénario(s)"
        )
    if etat.erreurs():
        st.warning("Saisies à corriger (voir Ma structure)", icon=":material/warning:")
    statut = etat.enregistrement()
    if statut == "pas_encore":
        st.caption(
            "Ce projet n'est pas enregistré sur le serveur : il le sera à votre première modification. D'ici là, "
            "un rechargement de la page le ferme (rouvrez le fichier)."
        )
    elif statut == "enregistre":
        st.caption("Enregistré sur le serveur : l'adresse de la page permet de le rouvrir.")
    else:
        st.warning("Dernière saisie non enregistrée (voir le message en haut de la page)", icon=":material/cloud_off:")


STYLE_FRANCAIS = """<style>
[data-testid="stMainMenu"],
[data-testid="stFileUploaderDropzoneInstructions"],
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]),
[data-testid="stElementToolbarButton"]:has(button[aria-label="Search"]),
[data-testid="stElementToolbarButton"]:has(button[aria-label="Show/hide columns"]),
[data-testid="stElementToolbarButton"]:has(button[aria-label="Show data"]),
[data-testid="stElementToolbarButton"]:has(button[aria-label="Copy Vega-Lite spec"]) { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "Choisir le fichier"; font-size: 0.875rem;
}
</style>"""
"""Streamlit's own English words that the app can hide or replace (its menu, the uploader's button and
limits, the tables' search, column chooser and CSV download in English number formats, the charts' data
view and Vega-Lite spec). What stays in English is listed in the README's known limits."""


STYLE_MISE_EN_PAGE = """<style>
[data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; overflow-x: visible; row-gap: 0.25rem; }
[data-testid="stButtonGroup"] [role="radiogroup"], [data-testid="stButtonGroup"] [role="group"] {
  flex-wrap: wrap; overflow-x: visible; row-gap: 0.25rem;
}
.stButton button p, .stDownloadButton button p { white-space: normal; text-overflow: clip; overflow: visible; }
[data-testid="stMetricLabel"] p { white-space: normal; text-overflow: clip; overflow: visible; }
</style>"""
"""What a 1024-pixel screen beside the sidebar needs: the tabs of a page go on two lines rather than hide the
last ones behind a scroll arrow (Ma structure has eight), so do the choices of a segmented control (the
Guide's « À explorer » was out of sight), and a button's or a figure's words wrap rather than end in « … »."""


def francais() -> None:
    """Hide or replace Streamlit's English words on every page (`STYLE_FRANCAIS`), and lay the tabs and buttons
    out for narrow screens (`STYLE_MISE_EN_PAGE`)."""
    st.html(STYLE_FRANCAIS + STYLE_MISE_EN_PAGE)


CLE_GRANDS_CARACTERES = "grands_caracteres"
ECHELLE_GRANDS_CARACTERES = 1.3
"""How much larger the text is for a projector or a reader who needs it: 16 px → about 21 px, the size at
which a room of 20 people reads a figure projected from a 1024-pixel screen."""


def grands_caracteres() -> None:
    """A switch in the sidebar that enlarges the text of every page (the room's projector, a reader's eyes).

    Streamlit sizes its text in rem, so the root font size scales headings, figures, tables and inputs
    together; the charts keep their own sizes.
    """
    st.toggle(
        "Grands caractères",
        key=CLE_GRANDS_CARACTERES,
        persist_state="session",
        help="Agrandit le texte de toutes les pages, pour projeter en atelier ou lire plus confortablement.",
    )
    if st.session_state.get(CLE_GRANDS_CARACTERES):
        st.html(f"<style>html {{ font-size: {ECHELLE_GRANDS_CARACTERES * 100:.0f}%; }}</style>")


def executer(page: Callable[[], None], nom: str) -> None:
    """Run a page; an unexpected error is logged with its trace and told in French (no third-party help links).

    Streamlit's own control flow (`st.stop`, `st.rerun`, `st.switch_page`) uses BaseException subclasses
    and goes through untouched.
    """
    try:
        page()
    except Exception:
        journal.error("erreur inattendue sur la page %s\n%s", nom, traceback.format_exc())
        st.error(
            "**Une erreur inattendue empêche d'afficher cette page.** Vos saisies ne sont pas perdues : elles "
            "restent dans la session et sur le serveur (sauf message contraire ci-dessus). Essayez une autre page, "
            "ou téléchargez le fichier du projet et signalez le problème à l'équipe du simulateur.",
            icon=":material/error:",
        )
        if etat.brouillon() is not None:
            telecharger_brouillon("cadre_erreur_telecharger")
