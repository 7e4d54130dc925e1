"""Editors of the project's inputs (page « Ma structure »): the widgets, the table editor, errors by field.

What each field is (title, help, bounds, default) is the model's, read by `ui.champs`; how it is typed
is `ui.structure`'s; the cells' conversions are `ui.tableaux`' and the errors' words `ui.messages`'.
This module draws them and writes the user's changes.

Every change goes through `etat.modifier`, so the draft keeps what was typed even when it is invalid.
Changes are written from **explicit user actions only**: the `on_change` of a widget the user
touched. Widgets are created with the draft's value as their own default (`value=`, `default=`,
`index=`) under a key that carries the page's *generation*: a browser that lost or never received
a widget's state falls back to the draft's value, so it can never send an empty value that would
overwrite saved data. A new generation (new keys, widgets rebuilt from the draft) starts when the
project was changed elsewhere (another page, another tab, a newly opened project, « Revenir à la
dernière version valide »).

Numbers are typed as French text (`1,5`, `38 000 €`, `4,5 %`) and parsed by `lire_nombre`: what
cannot be read is kept in the draft as typed and shown with a French message next to the field;
nothing is clamped, rounded or replaced in silence. Rates are fractions in the file (0.95) and
percentages in the tables and fields (95).

Tables (`st.data_editor`, every column text or choice, formatted in French by us, whatever the
browser's locale) follow one rule that avoids losing edits: the frame given to the editor is the
**base** of the current generation and never changes while the generation lasts (a new frame would
reset the editor's state), and the edits Streamlit keeps as deltas over that base are converted
back to a list of items, in the editor's `on_change` (so an edit is saved even when the user then
clicks another page) and again after each run. Rows the user did not touch keep their original
item, so that nothing the table cannot show is lost and an unchanged table never rewrites the file.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from iae_model.projet import ErreurLigne
from ui import etat
from ui.champs import aide, champ_au_chemin, titre_au_chemin
from ui.formats import message_en_pourcentage
from ui.formats import texte_brut as echapper
from ui.messages import erreurs_du_champ, erreurs_par_section, message_champ, texte_erreur
from ui.structure import CHEMINS_TABLES, COLONNES_CONVENTIONNEMENTS, COLONNES_FINANCEMENTS, SECTIONS, TABLES, Saisie
from ui.tableaux import (
    COLONNE_ORIGINE,
    GENRES_NOMBRE,
    Base,
    Colonne,
    cellule_nouvelle,
    construire_base,
    depuis_cellule,
    items_du_tableau,
    lire,
    nombre_du_texte,
    tableau_edite,
    texte_du_nombre,
    vers_cellule,
)

__all__ = [  # what the page, the other pages and the tests use of the editors, in one place
    "COLONNES_CONVENTIONNEMENTS",
    "COLONNES_FINANCEMENTS",
    "SECTIONS",
    "TABLES",
    "construire_base",
    "depuis_cellule",
    "echapper",
    "erreurs_du_champ",
    "erreurs_par_section",
    "items_du_tableau",
    "lire",
    "message_en_pourcentage",
    "tableau_edite",
    "texte_erreur",
    "vers_cellule",
]

PREFIXE = "structure_"
CLE_VERSION_VUE = "structure_version_vue"
"""The draft's version after this page's last change: another version means a change made elsewhere."""
CLE_GENERATION = "structure_generation"
CLE_BASES = "structure_bases"


def config_colonnes(colonnes: Sequence[Colonne], annee: int) -> dict[str, Any]:
    config: dict[str, Any] = {COLONNE_ORIGINE: None}
    for c in colonnes:
        commun = {"label": c.libelle, "help": c.aide(annee), "width": c.largeur}
        if c.genre in ("texte", "salaire") or c.genre in GENRES_NOMBRE:
            config[c.champ] = st.column_config.TextColumn(
                **commun, max_chars=200 if c.genre == "texte" else 30, default=cellule_nouvelle(c)
            )
        elif c.genre == "choix":
            libelles = c.options
            config[c.champ] = st.column_config.SelectboxColumn(
                **commun,
                options=list(libelles),
                format_func=lambda v, libelles=libelles: libelles.get(v, v),
                default=cellule_nouvelle(c),
            )
        elif c.genre == "case":
            config[c.champ] = st.column_config.CheckboxColumn(**commun, default=False)
    return config


# -- generations --


def debut_de_page() -> bool:
    """Start a new generation if the draft was changed elsewhere; True when the widgets are rebuilt."""
    v = etat.version()
    if st.session_state.get(CLE_VERSION_VUE) == v and CLE_GENERATION in st.session_state:
        return False
    st.session_state[CLE_VERSION_VUE] = v
    st.session_state[CLE_GENERATION] = v
    return True


def cle_widget(nom: str) -> str:
    """A widget's key in the current generation (a new generation makes new widgets)."""
    return f"{PREFIXE}{nom}_g{st.session_state.get(CLE_GENERATION, 0)}"


def modifier(changement: Callable[[dict[str, Any]], None]) -> list[ErreurLigne]:
    """`etat.modifier`, remembered as this page's own change (the widgets keep their state)."""
    erreurs = etat.modifier(changement)
    st.session_state[CLE_VERSION_VUE] = etat.version()
    return erreurs


def _liste_du_brouillon(chemin: Sequence[str]) -> list[Any]:
    valeur = lire(etat.brouillon() or {}, chemin)
    return valeur if isinstance(valeur, list) else []


def _enregistrer_tableau(chemin: Sequence[str], nouveaux: list[dict[str, Any]]) -> bool:
    """Save a table's items if they differ from the draft's; True if saved."""
    if etat.nettoyer(nouveaux) == etat.nettoyer(_liste_du_brouillon(chemin)):
        return False
    modifier(lambda d: poser(d, chemin, nouveaux))
    return True


def editer_tableau(nom: str, annee: int) -> bool:
    """Draw the table editor of the list `nom` (`ui.structure.TABLES`); True when this run saved a change
    (the page reruns). `annee`: the reference year whose parameters the help texts name."""
    colonnes, chemin = TABLES[nom], CHEMINS_TABLES[nom]
    config = config_colonnes(colonnes, annee)
    empreinte = zlib.crc32(repr(sorted(config.items())).encode("utf-8"))
    cle = f"{PREFIXE}{nom}_{st.session_state.get(CLE_GENERATION, 0)}_{empreinte:08x}"
    bases: dict[str, Base] = st.session_state.setdefault(CLE_BASES, {})
    base = bases.get(nom)
    if base is None or base.cle != cle or cle not in st.session_state:
        base = construire_base(cle, _liste_du_brouillon(chemin), colonnes)
        bases[nom] = base

    def appliquer() -> None:
        """The user's edit, saved before anything else runs (even when they clicked another page)."""
        editions = st.session_state.get(cle)
        if isinstance(editions, Mapping):
            _enregistrer_tableau(chemin, items_du_tableau(tableau_edite(base, editions), colonnes, base))

    sortie = st.data_editor(
        base.tableau.copy(),
        key=cle,
        num_rows="dynamic",
        column_config=config,
        hide_index=True,
        width="stretch",
        placeholder="—",
        on_change=appliquer,
    )
    return _enregistrer_tableau(chemin, items_du_tableau(sortie, colonnes, base))


# -- scalar fields (changed by callbacks, before the page runs) --


def poser(donnees: dict[str, Any], chemin: Sequence[str], valeur: Any) -> None:
    """Set (or, for None, remove) a field, creating the sections on the way."""
    courant = donnees
    for partie in chemin[:-1]:
        suivant = courant.get(partie)
        if not isinstance(suivant, dict):
            suivant = {}
            courant[partie] = suivant
        courant = suivant
    if valeur is None:
        courant.pop(chemin[-1], None)
    else:
        courant[chemin[-1]] = valeur


def modifier_champ(chemin: Sequence[str], valeur: Any) -> None:
    if lire(etat.brouillon() or {}, chemin) != valeur:
        modifier(lambda d: poser(d, chemin, valeur))


def afficher_erreurs_champ(erreurs: Sequence[ErreurLigne], valeur: Any, genre: str | None) -> None:
    for e in erreurs:
        st.error(echapper(message_champ(e, valeur, genre)), icon=":material/error:")


def champ(s: Saisie, erreurs: Sequence[ErreurLigne], annee: int) -> None:
    """A field typed as text, bound to one field of the draft: label, help and bounds are the model's.

    A number is typed as French text (rates in %, written as fractions); the placeholder says what an empty
    field means (« Vide : 0 € », « Vide : le paramètre officiel (7 %) »). A required field left empty is
    removed from the draft and the validator's message says so.
    """
    valeur = lire(etat.brouillon() or {}, s.chemin)
    cle = cle_widget(s.nom)
    nombre = s.genre in GENRES_NOMBRE

    def appliquer() -> None:
        texte = st.session_state.get(cle)
        modifier_champ(s.chemin, nombre_du_texte(texte, s.genre) if nombre else texte)

    vide = s.texte_vide(annee) if nombre else None
    st.text_input(
        s.etiquette,
        value=(texte_du_nombre(valeur, s.genre) or "") if nombre else "" if valeur is None else str(valeur),
        key=cle,
        help=s.texte_aide(annee),
        placeholder=f"Vide : {vide}" if vide else None,
        max_chars=40 if nombre else 200,
        on_change=appliquer,
    )
    afficher_erreurs_champ(erreurs_du_champ(erreurs, s.chemin), valeur, s.genre if nombre else None)


def champ_choix(
    nom: str,
    chemin: Sequence[str],
    options: Mapping[str, str],
    choisi: str | None,
    *,
    annee: int,
    valeur_du_choix: Callable[[str], Any],
) -> None:
    """A closed list of ways to fill the field at `chemin` (the SMIC or an amount…), whose initial choice is
    given (`index=`); the user's own choice writes `valeur_du_choix(choice)`. Label and help are the field's."""
    cle = cle_widget(nom)

    def appliquer() -> None:
        choix = st.session_state.get(cle)
        if choix is not None:
            modifier_champ(chemin, valeur_du_choix(choix))

    st.selectbox(
        titre_au_chemin(chemin),
        list(options),
        index=list(options).index(choisi) if choisi in options else None,
        format_func=options.get,
        key=cle,
        help=aide(champ_au_chemin(chemin), "choix", annee),
        placeholder="Choisissez",
        on_change=appliquer,
    )


def champ_multichoix(
    nom: str, chemin: Sequence[str], libelles: Mapping[str, str], erreurs: Sequence[ErreurLigne], annee: int
) -> None:
    """A multiselect bound to a list of the draft, created with the draft's list (else the model's default) as
    its own default; label, help and values are the model's."""
    c = champ_au_chemin(chemin)
    options = {v: libelles.get(v, v) for v in c.valeurs}
    valeur = lire(etat.brouillon() or {}, chemin)
    if valeur is None:
        choisis = list(c.defaut or [])
    else:
        choisis = [v for v in valeur if v in options] if isinstance(valeur, list) else []
    cle = cle_widget(nom)

    def appliquer() -> None:
        modifier_champ(chemin, list(st.session_state.get(cle) or []))

    st.multiselect(
        titre_au_chemin(chemin),
        list(options),
        default=choisis,
        format_func=options.get,
        key=cle,
        help=aide(c, "choix", annee),
        on_change=appliquer,
        placeholder="Aucun : aucun financement n'est compté",
    )
    afficher_erreurs_champ(erreurs_du_champ(erreurs, chemin), None, None)


# -- errors, by section of the page --


def afficher_erreurs_section(erreurs: Sequence[ErreurLigne], brouillon: Mapping[str, Any] | None) -> None:
    """The section's errors, in a container that is always there (the widgets below keep their place)."""
    with st.container():
        if not erreurs:
            return
        titre = "Une saisie à corriger" if len(erreurs) == 1 else f"{len(erreurs)} saisies à corriger"
        lignes = "\n".join(f"- {echapper(texte_erreur(e, brouillon))}" for e in erreurs)
        st.error(f"{titre} :\n\n{lignes}", icon=":material/warning:")
