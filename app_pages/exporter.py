"""Exporter: the project file, the guide in Markdown, the PDF synthesis, the Excel workbook and a Markdown summary."""

from __future__ import annotations

import streamlit as st

from iae_model import exports
from iae_model.guide import charger_guide, guide_en_markdown
from iae_model.projet import ErreurProjet
from iae_model.projet.brouillon import libelles_distincts
from iae_model.rendu_graphiques import prechauffer
from iae_model.texte import nom_de_fichier
from ui import etat
from ui.cadre import telecharger_brouillon, titre
from ui.composants import exiger_projet
from ui.guide import guide_du_brouillon

titre("Exporter")

# The project file first, valid or not: it is how a user keeps what they typed (even a draft that a reload
# reopened with inputs to correct, and no valid version to compute yet).
if etat.brouillon() is not None:
    st.subheader("Le fichier du projet (YAML)")
    st.write(
        "Le fichier contient toutes vos saisies et vos scénarios. Rouvrez-le depuis l'accueil, "
        "ou envoyez-le à l'animateur de l'atelier."
    )
    telecharger_brouillon("exporter_yaml", "Télécharger le projet (.yaml)", principal=True)
    if etat.erreurs():
        st.caption("Le fichier contient aussi les saisies à corriger, pour que rien ne soit perdu.")
projet = exiger_projet()

st.subheader("Le guide et le plan d'action (Markdown)")
st.write(
    "Les réponses au guide « Les questions à se poser quand on veut faire évoluer son modèle économique », "
    "les notes et le plan d'action, dans un texte à coller dans un courriel, un wiki ou un compte rendu."
)
try:
    contenu_guide = charger_guide()
except ErreurProjet:
    contenu_guide = None
if contenu_guide is None or not contenu_guide.sections:
    st.caption("Le contenu du guide n'est pas disponible sur ce serveur.")
else:
    projet_guide, _ = guide_du_brouillon(projet)
    st.download_button(
        "Télécharger le guide (.md)",
        data=guide_en_markdown(contenu_guide, projet_guide).encode("utf-8"),
        file_name=nom_de_fichier(projet.structure.nom, "md", suffixe="guide"),
        mime="text/markdown",
        key="exporter_guide_md",
    )

st.subheader("La synthèse pour le conseil d'administration et les chiffres")
st.write(
    "La **synthèse PDF** (A4) s'ouvre sur une page pour le conseil d'administration, à lire en deux minutes : "
    "la question posée, l'hypothèse de l'État, la réponse étudiée, le point bas de trésorerie et sa date, "
    "l'effort nécessaire et ce qu'il faut décider. Suit le détail : la structure, les hypothèses de chaque "
    "scénario, les chiffres clés et le plan de trésorerie, les graphiques, les alertes, l'effort de retour à "
    "l'équilibre, le guide et les sources des paramètres ; son nombre de pages s'affiche une fois le fichier "
    "préparé. Le **classeur Excel** reprend tous les chiffres pour les retravailler ; le **résumé Markdown** "
    "se colle dans un courriel."
)
libelles = libelles_distincts((s.id, s.libelle) for s in projet.scenarios)
choisis = st.multiselect(
    "Scénarios à inclure",
    list(libelles),
    default=list(libelles),
    format_func=libelles.__getitem__,
    key="exporter_scenarios",
    placeholder="Choisissez",
)
guide_export = contenu_guide if contenu_guide is not None and contenu_guide.sections else None
projet_export = guide_du_brouillon(projet)[0] if guide_export is not None else projet
ids = tuple(choisis)
desactive = not ids
if desactive:
    st.caption("Choisissez au moins un scénario.")
# A file is built when its « Préparer » button is clicked (a PDF with its charts takes a few seconds: a
# progress bar tells its steps), then kept in the session for this version of the project and these
# scenarios, and offered with its bytes: Streamlit's deferred downloads were deleted by other sessions'
# reruns before the browser fetched them (one in twelve under 10 sessions), a prepared file stays as long
# as its button shows.
CLE_PREPARES = "exporter_prepares"
FICHIERS = [
    ("Synthèse (.pdf)", "pdf", exports.exporter_pdf, ":material/picture_as_pdf:"),
    ("Classeur (.xlsx)", "xlsx", exports.exporter_xlsx, ":material/table_view:"),
    (
        "Résumé (.md)",
        "md",
        lambda *a, **k: exports.exporter_markdown(*a, **k).encode("utf-8"),
        ":material/description:",
    ),
]
signature = (etat.version(), ids)
prechauffer()  # the PDF's chart converter starts while the user chooses (once per server process)


def preparer_pdf() -> bytes:
    """The PDF, its steps told by a progress bar (the charts take most of the few seconds)."""
    barre = st.progress(0.0, text="Préparation de la synthèse…")

    def avancer(part: float, etape: str) -> None:
        barre.progress(min(max(part, 0.0), 1.0), text=f"{etape}…")

    return exports.exporter_pdf(projet_export, ids, guide=guide_export, progression=avancer)


prepares: dict[str, tuple[object, bytes]] = st.session_state.setdefault(CLE_PREPARES, {})
for colonne, (libelle, extension, fabrique, icone) in zip(st.columns(len(FICHIERS)), FICHIERS, strict=True):
    with colonne:
        pret = prepares.get(extension)
        if pret is not None and pret[0] == signature:
            st.download_button(
                libelle,
                data=pret[1],
                file_name=exports.nom_de_fichier(projet, extension),
                mime=exports.MIME[extension],
                key=f"exporter_{extension}",
                on_click="ignore",
                type="primary" if extension == "pdf" else "secondary",
                icon=icone,
            )
            if extension == "pdf":
                pages = exports.nombre_de_pages(pret[1])
                st.caption(f"{pages} pages A4 : la page pour le conseil, puis le détail.")
        elif st.button(f"Préparer : {libelle}", key=f"exporter_preparer_{extension}", disabled=desactive, icon=icone):
            if extension == "pdf":
                contenu = preparer_pdf()
            else:
                with st.spinner(f"Préparation : {libelle}…"):
                    contenu = fabrique(projet_export, ids, guide=guide_export)
            prepares[extension] = (signature, contenu)
            st.rerun()
if etat.erreurs():
    st.caption("La synthèse, le classeur et le résumé portent sur la dernière version valide du projet.")
