"""The page « Guide » (the checklist « Les questions à se poser… »): its widgets, chart and saving.

The answers, the notes and the plan d'action are part of the project (`guide:` in its file), so every
change is an edit of the draft (`iae_model.projet.edition`: `repondre`, `noter`, `changer_plan_action`)
saved by `etat.remplacer`, like any other input; they are read back from the draft, so that an answer
is kept and shown even while another input of the project is invalid.

Widgets (all keyed `guide_…`) are given the draft's value when they have none yet (first display,
back from another page) or when the project was changed elsewhere (another page, another file):
`debut_de_page` tells which, by comparing the draft's version with the one after this page's own
last change.

The plan d'action table follows the rule of `ui.editeurs`: the frame given to `st.data_editor` is
the base of a generation and stays the same while the generation lasts (a new frame would reset the
editor), the edits are read back as deltas over it after every run and saved when they differ from
the draft. A new generation starts when the lines change (an answer turned « Non » or « Oui »), when
the project was changed elsewhere, or when the editor lost its state (its tab was closed: the page's
tabs are lazy, only the open one runs).

Only fixed styles are HTML (the mode atelier's large type): every text put in it is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from iae_model.guide import (
    REPONSES,
    STATUTS_ACTION,
    Avancement,
    ContenuGuide,
    LigneAction,
    QuestionGuide,
    SectionGuide,
    charger_guide,
    reponses_hors_types,
    reponses_orphelines,
)
from iae_model.projet import ErreurLigne, ErreurProjet, Projet, edition
from iae_model.projet.fichier import erreurs_pydantic
from iae_model.projet.modele import ActionGuide, Guide
from iae_model.projet.scenarios import TYPES_CHOCS
from iae_model.texte import lien_markdown
from ui import etat
from ui.composants import afficher_erreurs
from ui.formats import texte_brut
from ui.formulaires import NOMS_TYPES
from ui.graphiques import locale
from ui.scenarios import CLE_OUVRIR_AJOUT

PAGE_SCENARIOS = "app_pages/scenarios.py"
CLE_VERSION_VUE = "guide_version_vue"
"""The draft's version after this page's last change: another version means a change made elsewhere."""
CLE_SECTION = "guide_section"
CLE_ATELIER = "guide_atelier"
CLE_ONGLET = "guide_onglet"
ONGLETS = ("Questions", "Plan d'action", "Préparation par section")
CLE_PLAN = "guide_plan"
"""The plan's base: {"cle", "signature", "ids", "tableau"}."""
CLE_GENERATION_PLAN = "guide_plan_generation"
PREFIXE_REPONSE = "guide_reponse_"
PREFIXE_NOTE = "guide_note_"
CLE_GENERATION = "guide_generation"
"""The draft's version when the page last rebuilt its widgets (their keys end with `_g<generation>`)."""
OPTIONS_REPONSES = list(REPONSES)

COLONNES_PLAN = {
    "section": "Section",
    "question": "Question",
    "reponse": "Réponse",
    "action": "Action",
    "responsable": "Responsable",
    "echeance": "Échéance",
    "statut": "Statut",
}
CHAMPS_ACTION = ("action", "responsable", "echeance", "statut")


# --- content and the project's answers -------------------------------------------------------------


def contenu() -> ContenuGuide | None:
    """The shipped guide, or None after showing why it cannot be read."""
    try:
        guide = charger_guide()
    except ErreurProjet as exc:
        afficher_erreurs(exc.erreurs, "Le contenu du guide (dossier guide/) contient des erreurs")
        return None
    if not guide.sections:
        st.info("Le contenu du guide n'est pas encore disponible sur ce serveur.", icon=":material/info:")
        return None
    return guide


def guide_du_brouillon(projet: Projet) -> tuple[Projet, list[ErreurLigne]]:
    """The valid project with the draft's answers and plan (saved even while other inputs are invalid).

    If the draft's `guide:` itself is invalid (a hand-edited file), the valid project's is used and
    its errors are returned.
    """
    donnees = etat.brouillon()
    brut = donnees.get("guide") if isinstance(donnees, Mapping) else None
    if brut is None:
        brut = {}
    try:
        guide = Guide.model_validate(brut)
    except ValidationError as exc:
        return projet, [
            ErreurLigne(f"guide.{e.chemin}" if e.chemin else "guide", e.message) for e in erreurs_pydantic(exc)
        ]
    if guide == projet.guide:
        return projet, []
    return projet.model_copy(update={"guide": guide}), []


def reponses_conservees(guide: ContenuGuide, projet: Projet) -> None:
    """Say which answers are kept but not counted: questions gone from the guide, or not for these types."""
    orphelines = reponses_orphelines(guide, projet)
    if orphelines:
        lignes = []
        for i in orphelines:
            r = projet.guide.reponses.get(i)
            detail = REPONSES.get(r.reponse, "sans réponse") if r and r.reponse else "sans réponse"
            if r and r.note:
                detail += f" — {r.note}"
            if i in projet.guide.plan_action:
                detail += " (avec une ligne de plan d'action)"
            lignes.append(f"- « {texte_brut(i)} » : {texte_brut(detail)}")
        st.warning(
            f"{len(orphelines)} réponse(s) à des questions qui ne sont plus dans le guide : elles restent "
            "enregistrées dans le projet (et dans l'export Markdown), mais ne comptent plus dans l'avancement.\n\n"
            + "\n".join(lignes),
            icon=":material/history:",
        )
    hors_types = reponses_hors_types(guide, projet)
    if hors_types:
        st.caption(
            f"{len(hors_types)} réponse(s) à des questions qui ne concernent pas les conventionnements actuels de la "
            "structure sont conservées dans le projet."
        )


# --- saving ---------------------------------------------------------------------------------------


def debut_de_page() -> bool:
    """True when the widgets must take the draft's values again (the project was changed elsewhere).

    The answer and note widgets are then made anew (their keys carry the generation), created with the
    draft's values as their own defaults: a browser that lost a widget's state sends the saved value
    back, never an empty one that would erase an answer.
    """
    v = etat.version()
    if st.session_state.get(CLE_VERSION_VUE) == v and CLE_GENERATION in st.session_state:
        return False
    st.session_state[CLE_VERSION_VUE] = v
    st.session_state[CLE_GENERATION] = v
    return True


def cle_reponse(question_id: str) -> str:
    return f"{PREFIXE_REPONSE}{question_id}_g{st.session_state.get(CLE_GENERATION, 0)}"


def cle_note(question_id: str) -> str:
    return f"{PREFIXE_NOTE}{question_id}_g{st.session_state.get(CLE_GENERATION, 0)}"


def enregistrer(donnees: dict[str, Any]) -> list[ErreurLigne]:
    """`etat.remplacer`, remembered as this page's own change (the widgets keep their state)."""
    erreurs = etat.remplacer(donnees)
    st.session_state[CLE_VERSION_VUE] = etat.version()
    return erreurs


def _sur_reponse(question_id: str, cle: str) -> None:
    enregistrer(edition.repondre(etat.brouillon(), question_id, st.session_state.get(cle)))


def _sur_note(question_id: str, cle: str) -> None:
    enregistrer(edition.noter(etat.brouillon(), question_id, str(st.session_state.get(cle) or "")))


# --- widgets ----------------------------------------------------------------------------------------


def saisie_reponse(q: QuestionGuide, projet: Projet, reinitialiser: bool) -> None:
    """The answer (Oui / En partie / Non / À explorer) and the note of one question."""
    r = projet.guide.reponses.get(q.id)
    cle_r, cle_n = cle_reponse(q.id), cle_note(q.id)
    st.segmented_control(
        "Réponse",
        OPTIONS_REPONSES,
        default=r.reponse if r else None,
        format_func=REPONSES.get,
        key=cle_r,
        on_change=_sur_reponse,
        args=(q.id, cle_r),
        label_visibility="collapsed",
    )
    st.text_input(
        "Note",
        value=r.note if r else "",
        key=cle_n,
        on_change=_sur_note,
        args=(q.id, cle_n),
        max_chars=5000,
        placeholder="Note (facultative) : ce qui est acquis, ce qui manque, qui sait…",
        label_visibility="collapsed",
    )


def ouvrir_dans_simulateur(type_: str) -> None:
    """Open Scénarios with the « Ajouter un choc/levier » form open on this type."""
    genre = "chocs" if type_ in TYPES_CHOCS else "leviers"
    st.session_state[f"scenarios_ajout_{genre}_type"] = type_
    st.session_state[CLE_OUVRIR_AJOUT] = genre
    st.switch_page(PAGE_SCENARIOS)


def boutons_simulateur(q: QuestionGuide) -> None:
    """« Tester dans le simulateur », one button per choc or levier linked to the question."""
    for type_ in q.leviers:
        nom = NOMS_TYPES.get(type_, type_)
        if st.button(
            f"Tester dans le simulateur : {nom}",
            key=f"guide_tester_{q.id}_{type_}",
            icon=":material/science:",
            help=f"Ouvre la page Scénarios avec le formulaire « {nom} » prêt à remplir, pour le scénario actif.",
        ):
            ouvrir_dans_simulateur(type_)


def cle_conteneur(question_id: str) -> str:
    """The key of a question's frame (the page gets a CSS class `st-key-…` from it, used by browser tests)."""
    return "guide_question_" + question_id.replace(".", "__")


def sources(q: QuestionGuide) -> str:
    """The public documents a question cites, as Markdown links (« titre, date »)."""
    guide = charger_guide()
    return " ; ".join(lien_markdown(d.texte, d.href) for d in guide.sources(q))


def question(q: QuestionGuide, numero: int, projet: Projet, reinitialiser: bool) -> None:
    """One question in the normal display: text, why, answer, note, simulator."""
    with st.container(border=True, key=cle_conteneur(q.id)):
        gauche, droite = st.columns([3, 2], gap="medium")
        with gauche:
            st.markdown(f"**{numero}. {texte_brut(q.question)}**")
            with st.expander("Pourquoi cette question ?", icon=":material/help:"):
                st.markdown(texte_brut(q.pourquoi))
                st.caption(f"Sources : {sources(q)}")
            boutons_simulateur(q)
        with droite:
            saisie_reponse(q, projet, reinitialiser)


def questions_de_la_section(
    applicables: Sequence[tuple[SectionGuide, QuestionGuide]],
    section_id: str,
    projet: Projet,
    reinitialiser: bool,
    atelier: bool,
) -> None:
    """The section's questions, numbered across the whole guide (as in the plan and the export)."""
    for numero, (section, q) in enumerate(applicables, start=1):
        if section.id == section_id:
            (question_atelier if atelier else question)(q, numero, projet, reinitialiser)


def grand_texte(texte: str, taille: float, gras: bool = False, couleur: str = "inherit") -> None:
    """Large type for a projector: the text is escaped, only this fixed style is HTML."""
    poids = "600" if gras else "400"
    st.html(
        f'<div style="font-size:{taille}rem;line-height:1.35;font-weight:{poids};color:{couleur};'
        f'margin:0.2rem 0">{html.escape(texte)}</div>'
    )


def question_atelier(q: QuestionGuide, numero: int, projet: Projet, reinitialiser: bool) -> None:
    """One question in large type for the mode atelier."""
    with st.container(border=True, key=cle_conteneur(q.id)):
        grand_texte(f"{numero}. {q.question}", 1.9, gras=True)
        grand_texte(q.pourquoi, 1.2, couleur="#444")
        gauche, droite = st.columns([1, 1], gap="medium")
        with gauche:
            saisie_reponse(q, projet, reinitialiser)
        with droite:
            boutons_simulateur(q)


def _aller(ids: Sequence[str], pas: int) -> None:
    i = ids.index(st.session_state[CLE_SECTION]) if st.session_state.get(CLE_SECTION) in ids else 0
    st.session_state[CLE_SECTION] = ids[min(max(i + pas, 0), len(ids) - 1)]


def choisir_section(avancements: Sequence[Avancement], atelier: bool) -> str:
    """The section shown (a select box between « précédente » and « suivante »), kept for the session."""
    ids = [a.section for a in avancements]
    titres = {a.section: a for a in avancements}
    if st.session_state.get(CLE_SECTION) not in ids:
        st.session_state[CLE_SECTION] = ids[0]
    actuel = ids.index(st.session_state[CLE_SECTION])

    precedent, choix, suivant = st.columns([1, 2, 1], vertical_alignment="bottom")
    precedent.button(
        "Précédente",
        key="guide_section_precedente",
        icon=":material/arrow_back:",
        on_click=_aller,
        args=(ids, -1),
        disabled=actuel == 0,
        width="stretch",
    )
    choix.selectbox(
        "Section",
        ids,
        key=CLE_SECTION,
        persist_state="session",
        format_func=lambda i: (
            f"{ids.index(i) + 1}. {titres[i].titre} — {titres[i].repondues}/{titres[i].questions} réponses"
        ),
        label_visibility="collapsed" if atelier else "visible",
    )
    suivant.button(
        "Suivante",
        key="guide_section_suivante",
        icon=":material/arrow_forward:",
        on_click=_aller,
        args=(ids, 1),
        disabled=actuel == len(ids) - 1,
        width="stretch",
    )
    return st.session_state[CLE_SECTION]


def section_suivante(avancements: Sequence[Avancement]) -> None:
    """At the end of a section (mode atelier): go on to the next one without scrolling back up."""
    ids = [a.section for a in avancements]
    actuel = ids.index(st.session_state[CLE_SECTION]) if st.session_state.get(CLE_SECTION) in ids else 0
    if actuel == len(ids) - 1:
        st.caption("C'était la dernière section du guide.")
        return
    st.button(
        f"Section suivante : {avancements[actuel + 1].titre}",
        key="guide_section_suivante_bas",
        icon=":material/arrow_forward:",
        on_click=_aller,
        args=(ids, 1),
        type="primary",
    )


# --- chart ----------------------------------------------------------------------------------------------


def tableau_preparation(avancements: Sequence[Avancement]) -> pd.DataFrame:
    """One row per section, in the guide's order (a plain reshape of `avancement`)."""
    lignes = [
        {
            "ordre": i,
            "section": f"{i}. {a.titre}",
            "preparation": round(a.preparation, 4),
            "reponses": f"{a.repondues}/{a.questions}",
            "etiquette": f"{round(a.preparation * 100)} % · {a.repondues}/{a.questions}",
        }
        for i, a in enumerate(avancements, start=1)
    ]
    return pd.DataFrame(lignes, columns=["ordre", "section", "preparation", "reponses", "etiquette"])


def graphique_preparation(avancements: Sequence[Avancement]) -> alt.TopLevelMixin:
    """Readiness by section, 0 to 100 % (Oui counts fully, En partie half, Non and À explorer not)."""
    df = tableau_preparation(avancements)
    ordre = list(df["section"])
    base = alt.Chart(df).encode(
        y=alt.Y("section:N", sort=ordre, title=None, axis=alt.Axis(labelLimit=300, labelFontSize=12)),
        tooltip=[
            alt.Tooltip("section:N", title="Section"),
            alt.Tooltip("preparation:Q", title="Préparation", format=".0%"),
            alt.Tooltip("reponses:N", title="Réponses"),
        ],
    )
    fond = base.mark_bar(color="#e8edf3", size=16).encode(x=alt.datum(1))
    barres = base.mark_bar(color="#1f5f99", size=16).encode(
        x=alt.X(
            "preparation:Q",
            title="Préparation",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format=".0%", values=[0, 0.25, 0.5, 0.75, 1], grid=True),
        )
    )
    textes = base.mark_text(align="left", dx=4, fontSize=12, color="#333").encode(
        x=alt.X("preparation:Q"), text=alt.Text("etiquette:N")
    )
    chart = alt.layer(fond, barres, textes).properties(height=max(120, 26 * len(df)))
    chart.usermeta = {"graphique": "guide_preparation"}
    chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    chart.config = alt.Config(locale=locale(), axis=alt.AxisConfig(labelFontSize=12, titleFontSize=12))
    return chart


# --- plan d'action ------------------------------------------------------------------------------------


def _action(ligne: LigneAction) -> dict[str, str]:
    return {k: str(getattr(ligne.action, k)) for k in CHAMPS_ACTION}


def _signature(lignes: Sequence[LigneAction]) -> tuple[tuple[str, ...], ...]:
    return tuple((ligne.question_id, ligne.reponse, ligne.section, ligne.question) for ligne in lignes)


def _tableau_plan(lignes: Sequence[LigneAction]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "section": ligne.section,
                "question": ligne.question,
                "reponse": REPONSES[ligne.reponse],
                **_action(ligne),
            }
            for ligne in lignes
        ],
        columns=list(COLONNES_PLAN),
    )


def _texte_cellule(valeur: Any) -> str:
    if valeur is None or (isinstance(valeur, float) and valeur != valeur):
        return ""
    return str(valeur).strip()


def _changements_du_plan(
    tableau: pd.DataFrame, base: Mapping[str, Any], lignes: Sequence[LigneAction]
) -> dict[str, dict[str, str]]:
    """The plan's lines whose fields differ from the draft's (question id → action, responsable, …)."""
    actuelles = {ligne.question_id: _action(ligne) for ligne in lignes}
    changements: dict[str, dict[str, str]] = {}
    for i, question_id in enumerate(base["ids"]):
        if i >= len(tableau) or question_id not in actuelles:
            continue
        ligne = tableau.iloc[i]
        nouvelle = {k: _texte_cellule(ligne[k]) for k in CHAMPS_ACTION}
        if nouvelle["statut"] not in STATUTS_ACTION:
            nouvelle["statut"] = ActionGuide().statut
        if nouvelle != actuelles[question_id]:
            changements[question_id] = nouvelle
    return changements


def editer_plan(lignes: Sequence[LigneAction], reinitialiser: bool) -> None:
    """The plan d'action as a table; the edits are saved into `guide.plan_action` of the draft."""
    signature = _signature(lignes)
    base: dict[str, Any] | None = st.session_state.get(CLE_PLAN)
    if base is None or reinitialiser or base["signature"] != signature or base["cle"] not in st.session_state:
        generation = st.session_state.get(CLE_GENERATION_PLAN, 0) + 1
        st.session_state[CLE_GENERATION_PLAN] = generation
        base = {
            "cle": f"guide_plan_{generation}",
            "signature": signature,
            "ids": [ligne.question_id for ligne in lignes],
            "tableau": _tableau_plan(lignes),
        }
        st.session_state[CLE_PLAN] = base

    def appliquer() -> None:
        """The user's edit, saved before anything else runs (even when they clicked another page)."""
        editions = st.session_state.get(base["cle"])
        if not isinstance(editions, Mapping):
            return
        tableau = base["tableau"].copy()
        for position, cellules in (editions.get("edited_rows") or {}).items():
            for colonne, valeur in (cellules or {}).items():
                if 0 <= int(position) < len(tableau) and colonne in CHAMPS_ACTION:
                    tableau.iat[int(position), tableau.columns.get_loc(colonne)] = valeur
        changements = _changements_du_plan(tableau, base, lignes)
        if changements:
            enregistrer(edition.changer_plan_action(etat.brouillon(), changements))

    sortie = st.data_editor(
        base["tableau"].copy(),
        key=base["cle"],
        on_change=appliquer,
        num_rows="fixed",
        hide_index=True,
        width="stretch",
        disabled=["section", "question", "reponse"],
        column_config={
            "section": st.column_config.TextColumn(COLONNES_PLAN["section"], width=100),
            "question": st.column_config.TextColumn(
                COLONNES_PLAN["question"],
                width=220,
                help="Double-cliquez sur une cellule pour lire la question entière.",
            ),
            "reponse": st.column_config.TextColumn(COLONNES_PLAN["reponse"], width=85),
            "action": st.column_config.TextColumn(
                COLONNES_PLAN["action"], width=200, max_chars=5000, help="Ce que la structure va faire."
            ),
            "responsable": st.column_config.TextColumn(
                COLONNES_PLAN["responsable"], width=110, max_chars=200, help="Qui porte l'action."
            ),
            "echeance": st.column_config.TextColumn(
                COLONNES_PLAN["echeance"], width=95, max_chars=40, help="Par exemple « juin 2026 » ou « T3 2026 »."
            ),
            "statut": st.column_config.SelectboxColumn(
                COLONNES_PLAN["statut"],
                width=95,
                options=list(STATUTS_ACTION),
                format_func=lambda v: STATUTS_ACTION.get(v, v),
                required=True,
            ),
        },
    )
    changements = _changements_du_plan(sortie, base, lignes)
    if changements:
        erreurs = enregistrer(edition.changer_plan_action(etat.brouillon(), changements))
        guide_erreurs = [e for e in erreurs if str(e.chemin).startswith("guide")]
        if guide_erreurs:
            afficher_erreurs(guide_erreurs, "Le plan d'action n'a pas pu être enregistré tel quel")
