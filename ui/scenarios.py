"""The page « Scénarios »: saving its edits, saying what they did, and its shared widgets.

The page computes each edit with `iae_model.projet.edition` (a new draft) and gives it to `changer`:
an edit that would bring a new error into the project (a 31st choc, a 51st scenario, an 11th base
stacked, an item the validator refuses) is refused with its reasons and nothing is saved, so that a
form that accepts a value never produces an invalid project. A saved edit is announced once, where it
was made, with what it did to the cumulative result of the scenario it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from iae_model.presets import Preset, importer_preset
from iae_model.projet import ErreurLigne, ErreurProjet, Projet, edition, projet_en_donnees
from iae_model.projet.brouillon import erreurs_ajoutees, erreurs_sous, scenario_du_brouillon
from iae_model.simulation import ResultatScenario
from ui import calculs, etat
from ui import formulaires as fm
from ui.editeurs import texte_erreur
from ui.formats import euros, locale_altair, texte_brut

PREFIXE_SELECTEUR = "scenarios_actif_v"
"""The selector is rebuilt after each change (its key holds the version): a scenario chosen by the page
(a preset added, a copy, a deletion) is then what the browser shows, not the previous choice."""
CLE_MESSAGE = "scenarios_message"
CLE_OUVRIR_AJOUT = "scenarios_ouvrir_ajout"
"""Set by the Guide's « Tester dans le simulateur »: the « Ajouter un … » form of this genre opens (once)."""
ONGLETS = ("Hypothèses de l'État", "Chocs et leviers du scénario", "Gérer les scénarios")
"""The page's tabs: a newcomer starts with the first (`default` of `st.tabs`, see the page)."""
DEJA_AJOUTEE = (
    "Déjà ajoutée à ce projet : choisissez ce scénario en haut de la page pour le voir ou le modifier, ou "
    "dupliquez-le (onglet « Gérer les scénarios ») pour en essayer une variante."
)
"""Why a State hypothesis cannot be added twice (its button is disabled)."""
CLE_AJOUTS_OUVERTS = "scenarios_ajouts_ouverts"
"""The genres where the user added an item: their « Ajouter un … » form stays open for the next one."""
GENRES = {
    "chocs": ("choc", "Chocs : ce que subit la structure"),
    "leviers": ("levier", "Leviers : ce que décide la structure"),
}


def prendre_message() -> dict[str, Any] | None:
    """The message of the last change (taken once per run: it is shown once, where the change was made)."""
    return st.session_state.pop(CLE_MESSAGE, None)


def ajout_ouvert(genre: str, items: Sequence[Any], demande: str | None) -> bool:
    """Whether the « Ajouter un … » form of `genre` is open: no item yet, asked by the Guide, or an item was
    added there in this session (the form stays open for a second one)."""
    return not items or genre == demande or genre in st.session_state.get(CLE_AJOUTS_OUVERTS, set())


def prendre_ouverture() -> str | None:
    """The genre whose « Ajouter un … » form opens in this run, if the Guide asked for it."""
    return st.session_state.pop(CLE_OUVRIR_AJOUT, None)


def cumul(projet: Projet | None, identifiant: str) -> float | None:
    """The scenario's result summed over the years (None when the valid project has no such scenario)."""
    if projet is None or identifiant not in {s.id for s in projet.scenarios}:
        return None
    return sum(a.resultat for a in calculs.resultat_scenario(projet, identifiant).annees)


def signe(x: float) -> str:
    return ("+" if x > 0.5 else "") + euros(x)


def _en_mots(erreur: ErreurLigne | str) -> str:
    """An error of the draft in words (« Scénario « … », choc 1 (…), Taux : … »), never its path in the file."""
    if isinstance(erreur, str):
        return erreur
    brouillon = etat.brouillon()
    return texte_erreur(erreur, brouillon if isinstance(brouillon, dict) else None)


def annoncer(lieu: str, texte: str, genre: str = "succes", erreurs: Sequence[ErreurLigne | str] = ()) -> None:
    mots = [_en_mots(e) for e in erreurs]
    st.session_state[CLE_MESSAGE] = {"lieu": lieu, "texte": texte, "genre": genre, "erreurs": mots}


def afficher_message(message: dict[str, Any] | None, lieu: str) -> None:
    if not message or message["lieu"] != lieu:
        return
    corps = texte_brut(message["texte"])
    if message["erreurs"]:
        corps += "\n\n" + "\n".join(f"- {texte_brut(e)}" for e in message["erreurs"])
    {"succes": st.success, "erreur": st.error, "info": st.info}[message["genre"]](corps)


def erreurs_de(prefixe: str) -> list[ErreurLigne]:
    """The draft's errors at `prefixe` (`scenarios[2]`) or inside it."""
    return erreurs_sous(etat.erreurs(), prefixe)


def liste_erreurs(erreurs: Sequence[ErreurLigne], titre: str) -> None:
    if erreurs:
        lignes = "\n".join(f"- {texte_brut(_en_mots(e))}" for e in erreurs)
        st.error(f"{texte_brut(titre)}\n\n{lignes}", icon=":material/error:")


def changer(nouvelles: dict[str, Any], lieu: str, texte: str, suivi: str, choisir: str | None = None) -> None:
    """Save the edited draft `nouvelles`, say what it did to the results of `suivi`, and rerun the page.

    Refused, with the errors it would bring in the user's words, when it would make the project invalid
    where it was valid; `choisir` becomes the active scenario.
    """
    nouvelles_erreurs = erreurs_ajoutees(etat.brouillon() or {}, nouvelles)
    if nouvelles_erreurs:
        annoncer(lieu, "Rien n'a été modifié :", "erreur", [texte_erreur(e, nouvelles) for e in nouvelles_erreurs])
        st.rerun()
    avant = cumul(etat.projet(), suivi)
    erreurs = etat.remplacer(nouvelles)
    if choisir is not None:
        etat.choisir_scenario(choisir)
    if erreurs:
        annoncer(
            lieu,
            f"{texte} Le projet contient des erreurs : les résultats restent ceux de la dernière version valide.",
            "erreur",
            erreurs,
        )
    else:
        nouveau = etat.projet()
        apres = cumul(nouveau, suivi)
        if apres is not None and nouveau is not None:
            annees = calculs.resultat_scenario(nouveau, suivi).annees
            texte += f" Résultat cumulé {annees[0].annee}–{annees[-1].annee} du scénario : {euros(apres)}"
            if avant is not None:
                texte += f" (avant : {euros(avant)})."
            else:
                ref = calculs.scenario_de_reference(nouveau)
                texte += f" (référence : {euros(cumul(nouveau, ref) or 0)})." if ref != suivi else "."
        annoncer(lieu, texte)
    st.rerun()


def saisir_item(
    donnees: dict[str, Any],
    actif: str,
    genre: str,
    indice: int | None,
    type_: str,
    bruts: dict[str, Any],
    presents: Sequence[str] = (),
) -> None:
    """Read a choc or levier form and save the item (added when `indice` is None), or say what to correct.

    The item is checked at its place in the project (`fm.erreurs_de_l_item`): its errors are the form's.
    """
    nouvel, erreurs = fm.item_depuis_saisie(type_, bruts, presents=tuple(presents))
    if nouvel is not None:
        erreurs = fm.erreurs_de_l_item(donnees, actif, genre, indice, nouvel)
    if erreurs or nouvel is None:
        titre = "Rien n'a été ajouté, corrigez la saisie" if indice is None else "Rien n'a été modifié"
        liste_erreurs([ErreurLigne("", e) for e in erreurs], titre)
        return
    nom = GENRES[genre][0].capitalize()
    if indice is None:
        st.session_state.setdefault(CLE_AJOUTS_OUVERTS, set()).add(genre)
        nouvelles, texte = edition.ajouter_item(donnees, actif, genre, nouvel), f"{nom} ajouté"
    else:
        nouvelles, texte = edition.remplacer_item(donnees, actif, genre, indice, nouvel), f"{nom} modifié"
    changer(nouvelles, genre, f"{texte} : {fm.titre_item(nouvel)}.", actif)


def ajouter_hypothese(projet: Projet, donnees: dict[str, Any], p: Preset) -> None:
    """Add a State hypothesis as a scenario on « reference », saying which of its chocs the figures already hold."""
    try:
        importe = importer_preset(projet, p)
    except ErreurProjet as exc:
        annoncer("etat", "L'hypothèse n'a pas pu être ajoutée.", "erreur", exc.erreurs)
        st.rerun()
    nouveau = scenario_du_brouillon(projet_en_donnees(importe.projet), importe.scenario_id) or {}
    nouvelles, identifiant = edition.ajouter_scenario(donnees, nouveau)
    texte = f"Scénario « {p.libelle} » ajouté"
    if nouveau.get("base"):
        base = scenario_du_brouillon(donnees, nouveau["base"]) or {}
        texte += f", sur la base « {base.get('libelle') or nouveau['base']} »."
    else:
        texte += "."
    if importe.notes:
        texte += " " + " ".join(importe.notes)
    changer(nouvelles, "etat", texte, identifiant, choisir=identifiant)


def scenarios_en_erreur(identifiants: Sequence[Any], sauf: int | None) -> list[str]:
    """The ids of the draft's scenarios (but the one at `sauf`) with invalid inputs, sorted."""
    return sorted(
        {identifiants[k] for k in range(len(identifiants)) if k != sauf and erreurs_de(f"scenarios[{k}]")}, key=str
    )


def graphique_resultat(rs: ResultatScenario, rr: ResultatScenario, seul: bool) -> alt.TopLevelMixin:
    """The yearly result of the active scenario against the reference (built once per project version)."""
    series = [("Référence", rr)] if seul else [("Référence", rr), ("Scénario actif", rs)]
    table = pd.DataFrame(
        [{"Année": a.annee, "Série": nom, "Résultat": round(a.resultat)} for nom, r in series for a in r.annees]
    )
    domaine = [nom for nom, _ in series]
    lignes = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("Année:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("Résultat:Q", title=None, axis=alt.Axis(format="$,.0f", tickCount=4)),
            color=alt.Color(
                "Série:N",
                title=None,
                scale=alt.Scale(domain=domaine, range=["#8d8d8d", "#1565c0"][: len(domaine)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("Année:O"), alt.Tooltip("Série:N"), alt.Tooltip("Résultat:Q", format="$,.0f")],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#c62828", strokeDash=[4, 4]).encode(y=alt.Y("y:Q"))
    return (zero + lignes).properties(height=150).configure(locale=locale_altair())


def explication(type_: str) -> None:
    """What a choc or levier models, its formula and its sources."""
    e = fm.EXPLICATIONS.get(type_)
    if e is None:
        return
    st.markdown(f"{texte_brut(e.modelise)}\n\n**Formule :** {texte_brut(e.formule)}")
    sources = fm.sources_du_type(type_)
    if sources:
        liens = " ; ".join(f"[{texte_brut(t)}]({h})" for t, h in sources)
        st.caption(f"Sources : {liens}")


def paragraphes(texte: str) -> None:
    """Shipped descriptions (presets), line breaks kept, every markup character escaped."""
    for paragraphe in texte.strip().split("\n\n"):
        st.markdown("  \n".join(texte_brut(ligne.strip()) for ligne in paragraphe.splitlines()))
