"""Guide: « Les questions à se poser quand on veut faire évoluer son modèle économique ».

The questions of `guide/*.yaml` that concern the structure's types, section by section, each
answered Oui / En partie / Non / À explorer with a note; the progress and the readiness by section;
the plan d'action built from the « Non » and « À explorer » answers; a mode atelier that shows one
section in large type for a projector. Everything is saved in the project (`guide:`) as edits of the
draft (`iae_model.projet.edition`, see `ui.guide`).
"""

from __future__ import annotations

import streamlit as st

from iae_model.guide import avancement, plan_action, questions_applicables
from iae_model.sources_publiques import LIEN_SOURCES
from ui import calculs
from ui import guide as ug
from ui.cadre import titre
from ui.composants import afficher_erreurs, exiger_projet
from ui.formats import pourcentage, texte_brut

titre("Guide")
projet_valide = exiger_projet()
contenu = ug.contenu()
if contenu is None:
    st.stop()
projet, erreurs_guide = ug.guide_du_brouillon(projet_valide)
afficher_erreurs(erreurs_guide, "Les réponses enregistrées dans le projet contiennent des erreurs")
reinitialiser = ug.debut_de_page()
sections, ensemble = avancement(contenu, projet)
if not sections:
    st.info("Aucune question du guide ne concerne les conventionnements de cette structure.")
    st.stop()

lignes_plan = plan_action(contenu, projet)
atelier = bool(st.session_state.get(ug.CLE_ATELIER, False))
if atelier:
    gauche, bascule = st.columns([4, 1], vertical_alignment="center")
    gauche.progress(
        ensemble.part_repondue,
        text=f"Ensemble du guide : {ensemble.repondues} question(s) répondue(s) sur {ensemble.questions} · "
        f"préparation {pourcentage(ensemble.preparation, 0)} · plan d'action : {len(lignes_plan)} ligne(s)",
    )
else:
    st.caption(
        "Les questions à se poser quand on veut faire évoluer son modèle économique, pour "
        f"{texte_brut(', '.join(projet.types_conventionnements()))}. Répondez Oui, En partie, Non ou À explorer : "
        "les réponses et les notes sont enregistrées avec le projet, et chaque « Non » ou « À explorer » devient "
        "une ligne du plan d'action."
    )
    m1, m2, m3, bascule = st.columns([1, 1, 1, 1.2], vertical_alignment="center")
    m1.metric(
        "Questions répondues",
        f"{ensemble.repondues} / {ensemble.questions}",
        help="Les questions qui concernent les conventionnements de la structure.",
    )
    m2.metric(
        "Préparation",
        pourcentage(ensemble.preparation, 0),
        help="Oui compte pour une réponse entière, En partie pour une demie, Non et À explorer pour zéro.",
    )
    m3.metric(
        "Plan d'action",
        f"{len(lignes_plan)} ligne{'s' if len(lignes_plan) > 1 else ''}",
        help="Une ligne par question répondue « Non » ou « À explorer ».",
    )
bascule.toggle(
    "Mode atelier",
    key=ug.CLE_ATELIER,
    persist_state="session",
    help="Une section à la fois, en grands caractères, pour l'animateur qui projette le guide.",
)
if not atelier:
    bascule.progress(ensemble.part_repondue, text=f"{pourcentage(ensemble.part_repondue, 0)} des questions répondues")

ug.reponses_conservees(contenu, projet)

par_section = {s.id: s for s in contenu.sections}
applicables = questions_applicables(contenu, projet)

if atelier:
    section_id = ug.choisir_section(sections, atelier=True)
    a = next(x for x in sections if x.section == section_id)
    section = par_section[section_id]
    ug.grand_texte(section.titre, 2.4, gras=True)
    st.progress(
        a.part_repondue,
        text=f"Section : {a.repondues} question(s) répondue(s) sur {a.questions} · "
        f"préparation {pourcentage(a.preparation, 0)}",
    )
    ug.grand_texte(section.introduction, 1.3)
    ug.questions_de_la_section(applicables, section_id, projet, reinitialiser, atelier=True)
    ug.section_suivante(sections)
    st.stop()

# Only the open tab runs (its widgets, the plan's table, the chart): the page stays light, and the
# labels are fixed so that the open tab survives a change of the counts.
onglet_questions, onglet_plan, onglet_preparation = st.tabs(list(ug.ONGLETS), key=ug.CLE_ONGLET, on_change="rerun")
if onglet_questions.open:
    with onglet_questions:
        section_id = ug.choisir_section(sections, atelier=False)
        a = next(x for x in sections if x.section == section_id)
        section = par_section[section_id]
        st.subheader(texte_brut(section.titre), anchor=False)
        st.progress(
            a.part_repondue,
            text=f"{a.repondues} question(s) répondue(s) sur {a.questions} · "
            f"préparation {pourcentage(a.preparation, 0)}",
        )
        st.markdown(texte_brut(section.introduction))
        ug.questions_de_la_section(applicables, section_id, projet, reinitialiser, atelier=False)
        st.page_link("app_pages/sources.py", label=LIEN_SOURCES, icon=":material/menu_book:")

if onglet_plan.open:
    with onglet_plan:
        if not lignes_plan:
            st.info(
                "Aucune ligne pour l'instant : chaque question répondue « Non » ou « À explorer » devient une ligne "
                "du plan d'action, à compléter ici (action, responsable, échéance, statut).",
                icon=":material/info:",
            )
        else:
            st.caption(
                "Une ligne par question répondue « Non » ou « À explorer », dans l'ordre des sections. Complétez "
                "l'action, le responsable, l'échéance et le statut : tout est enregistré avec le projet."
            )
            ug.editer_plan(lignes_plan, reinitialiser)

if onglet_preparation.open:
    with onglet_preparation:
        st.caption(
            "Part de préparation de chaque section : Oui compte pour 1, En partie pour ½, Non et À explorer pour 0, "
            "rapporté au nombre de questions de la section. L'export Markdown du guide (réponses, notes et plan "
            "d'action) est sur la page Exporter."
        )
        signature = tuple((a.section, a.titre, a.questions, a.repondues, round(a.preparation, 6)) for a in sections)
        st.vega_lite_chart(
            calculs.graphique(
                projet_valide, ("guide_preparation", signature), lambda: ug.graphique_preparation(sections)
            ),
            width="stretch",
        )
