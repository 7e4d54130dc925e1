"""Scénarios: the State hypotheses in one click, scenarios stacked on one another, chocs and leviers.

Every change goes through `etat.modifier` on the draft. The active scenario's own chocs and leviers are
read from the draft, so an invalid item keeps what was typed and shows its French error; the figures
come from the last valid project. Forms are generated from the models by `ui.formulaires`.

Deleting a scenario others stack on re-points them to its own base, after an explicit confirmation
(the UI says that they lose its chocs and leviers): nothing is left pointing to a missing base.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from iae_model.presets import charger_presets, importer_preset
from iae_model.projet import ErreurLigne, ErreurProjet, Projet, projet_depuis_donnees, projet_en_donnees
from iae_model.simulation import ResultatScenario
from ui import calculs, etat
from ui import formulaires as fm
from ui.cadre import titre
from ui.composants import exiger_projet, selecteur_scenario
from ui.editeurs import texte_erreur
from ui.formats import euros, locale_altair, texte_brut

# The selector is rebuilt after each change (its key holds the version): a scenario chosen by the page
# (a preset added, a copy, a deletion) is then what the browser shows, not the previous choice.
PREFIXE_SELECTEUR = "scenarios_actif_v"
CLE_MESSAGE = "scenarios_message"
GENRES = {
    "chocs": ("choc", "Chocs : ce que subit la structure"),
    "leviers": ("levier", "Leviers : ce que décide la structure"),
}

# The message of the last change, shown once, where the change was made.
MESSAGE: dict[str, Any] | None = st.session_state.pop(CLE_MESSAGE, None)
# The Guide's « Tester dans le simulateur » opens the « Ajouter un … » form of this genre (once).
OUVRIR_AJOUT: str | None = st.session_state.pop("scenarios_ouvrir_ajout", None)


# --- helpers -------------------------------------------------------------------------------------


def _cumul(projet: Projet | None, identifiant: str) -> float | None:
    if projet is None or identifiant not in {s.id for s in projet.scenarios}:
        return None
    return sum(a.resultat for a in calculs.resultat_scenario(projet, identifiant).annees)


def _signe(x: float) -> str:
    return ("+" if x > 0.5 else "") + euros(x)


def _annoncer(lieu: str, texte: str, genre: str = "succes", erreurs: Sequence[ErreurLigne | str] = ()) -> None:
    st.session_state[CLE_MESSAGE] = {"lieu": lieu, "texte": texte, "genre": genre, "erreurs": [str(e) for e in erreurs]}


def _afficher_message(lieu: str) -> None:
    if not MESSAGE or MESSAGE["lieu"] != lieu:
        return
    corps = texte_brut(MESSAGE["texte"])
    if MESSAGE["erreurs"]:
        corps += "\n\n" + "\n".join(f"- {texte_brut(e)}" for e in MESSAGE["erreurs"])
    {"succes": st.success, "erreur": st.error, "info": st.info}[MESSAGE["genre"]](corps)


def _erreurs_de(prefixe: str) -> list[ErreurLigne]:
    return [e for e in etat.erreurs() if e.chemin == prefixe or e.chemin.startswith((prefixe + ".", prefixe + "["))]


def _liste_erreurs(erreurs: Sequence[ErreurLigne], titre: str) -> None:
    if erreurs:
        lignes = "\n".join(f"- {texte_brut(e)}" for e in erreurs)
        st.error(f"{texte_brut(titre)}\n\n{lignes}", icon=":material/error:")


def _nouvelles_erreurs(changement: Callable[[dict[str, Any]], None]) -> list[str]:
    """The errors the change would add to the draft's (in the user's words), before anything is saved."""
    actuel = etat.brouillon() or {}
    essai = copy.deepcopy(actuel)
    changement(essai)
    deja = {(e.chemin, e.message) for e in _erreurs_des_donnees(actuel)}
    return [texte_erreur(e, essai) for e in _erreurs_des_donnees(essai) if (e.chemin, e.message) not in deja]


def _erreurs_des_donnees(donnees: dict[str, Any]) -> list[ErreurLigne]:
    try:
        projet_depuis_donnees(copy.deepcopy(donnees))
    except ErreurProjet as exc:
        return exc.erreurs
    return []


def _changer(
    changement: Callable[[dict[str, Any]], None],
    lieu: str,
    texte: str,
    suivi: str,
    choisir: str | None = None,
) -> None:
    """Apply a change to the draft, say what it did to the results of `suivi`, and rerun the page.

    A change that would bring a new error into the project (a 31st choc, a 51st scenario, an 11th base
    stacked, an item the validator refuses) is refused with its reasons and nothing is saved: a form
    that accepts a value never produces an invalid project.
    """
    nouvelles = _nouvelles_erreurs(changement)
    if nouvelles:
        _annoncer(lieu, "Rien n'a été modifié :", "erreur", nouvelles)
        st.rerun()
    avant = _cumul(etat.projet(), suivi)
    erreurs = etat.modifier(changement)
    if choisir is not None:
        etat.choisir_scenario(choisir)
    if erreurs:
        _annoncer(
            lieu,
            f"{texte} Le projet contient des erreurs : les résultats restent ceux de la dernière version valide.",
            "erreur",
            erreurs,
        )
    else:
        nouveau = etat.projet()
        apres = _cumul(nouveau, suivi)
        if apres is not None and nouveau is not None:
            annees = calculs.resultat_scenario(nouveau, suivi).annees
            texte += f" Résultat cumulé {annees[0].annee}–{annees[-1].annee} du scénario : {euros(apres)}"
            if avant is not None:
                texte += f" (avant : {euros(avant)})."
            else:
                ref = calculs.scenario_de_reference(nouveau)
                texte += f" (référence : {euros(_cumul(nouveau, ref) or 0)})." if ref != suivi else "."
        _annoncer(lieu, texte)
    st.rerun()


def _graphique_resultat(rs: ResultatScenario, rr: ResultatScenario, seul: bool) -> alt.TopLevelMixin:
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


def _scenario_du(donnees: dict[str, Any], identifiant: str) -> dict[str, Any]:
    return next(s for s in fm.scenarios_du_brouillon(donnees) if s.get("id") == identifiant)


def _explication(type_: str) -> None:
    e = fm.EXPLICATIONS.get(type_)
    if e is None:
        return
    st.markdown(f"{texte_brut(e.modelise)}\n\n**Formule :** {texte_brut(e.formule)}")
    sources = fm.sources_du_type(type_)
    if sources:
        liens = " ; ".join(f"[{texte_brut(t)}]({h})" for t, h in sources)
        st.caption(f"Sources : {liens}")


def _paragraphes(texte: str) -> None:
    """Shipped descriptions (presets), line breaks kept, every markup character escaped."""
    for paragraphe in texte.strip().split("\n\n"):
        st.markdown("  \n".join(texte_brut(ligne.strip()) for ligne in paragraphe.splitlines()))


# --- page ----------------------------------------------------------------------------------------

titre("Scénarios")
projet = exiger_projet()
donnees: dict[str, Any] = etat.brouillon() or projet_en_donnees(projet)
version = etat.version()
scenarios_b = fm.scenarios_du_brouillon(donnees)
ids_b = [s.get("id") for s in scenarios_b]
libelles_b = {s.get("id"): str(s.get("libelle", s.get("id"))) for s in scenarios_b}
st.caption(
    "Un scénario ajoute à sa base des chocs (ce que subit la structure : coupes de l'État, gel du socle, retrait "
    "d'un financeur…) et des leviers (ce qu'elle décide : nouvelle activité, marchés, mutualisation…). "
    "Les scénarios s'empilent : chacun reprend tous les chocs et leviers de sa chaîne de bases."
)

haut_gauche, haut_droite = st.columns([3, 2], gap="large")
with haut_gauche:
    actif = selecteur_scenario(projet, f"{PREFIXE_SELECTEUR}{version}", "Scénario actif")
    index_b = ids_b.index(actif) if actif in ids_b else None
    scenario_b = scenarios_b[index_b] if index_b is not None else _scenario_du(projet_en_donnees(projet), actif)
    chaine_b = fm.chaine(scenarios_b, actif) if index_b is not None else [scenario_b]
    st.markdown("**Chaîne des bases :** " + " → ".join(texte_brut(s.get("id")) for s in chaine_b))
    description = str(scenario_b.get("description") or "").strip()
    if description:
        premiere = description.split("\n\n")[0]
        st.caption(texte_brut(premiere if len(premiere) <= 400 else premiere[:397] + "…"))
    if index_b is None:
        st.warning(
            "Ce scénario a été supprimé des saisies en cours ; corrigez les erreurs pour mettre à jour la liste."
        )
    else:
        _liste_erreurs(
            _erreurs_de(f"scenarios[{index_b}]"),
            "Ce scénario contient des saisies invalides (ses résultats sont ceux de sa dernière version valide)",
        )
    ids_valides = {s.id for s in projet.scenarios}
    en_attente = [i for i in ids_b if i not in ids_valides]
    if en_attente:
        st.warning(
            "Scénarios pas encore calculés (le projet contient des erreurs à corriger) : "
            + ", ".join(f"« {texte_brut(i)} »" for i in en_attente)
        )
    autres = sorted({ids_b[k] for k in range(len(ids_b)) if k != index_b and _erreurs_de(f"scenarios[{k}]")}, key=str)
    if autres:
        st.warning(
            "Saisies invalides dans d'autres scénarios (choisissez-les pour les corriger) : "
            + ", ".join(f"« {texte_brut(i)} »" for i in autres)
        )

with haut_droite:
    ref = calculs.scenario_de_reference(projet)
    rs, rr = calculs.resultat_scenario(projet, actif), calculs.resultat_scenario(projet, ref)
    a0, an = rs.annees[0].annee, rs.annees[-1].annee
    cumul, cumul_ref = _cumul(projet, actif) or 0.0, _cumul(projet, ref) or 0.0
    m1, m2 = st.columns(2)
    m1.metric(
        "Résultat cumulé",
        euros(cumul),
        delta=None if actif == ref else _signe(cumul - cumul_ref),
        help=f"Somme des résultats annuels du scénario actif de {a0} à {an} ; l'écart est compté par rapport au "
        f"scénario « {ref} ».",
    )
    m2.metric(
        f"Trésorerie fin {an}",
        euros(rs.annees[-1].tresorerie_fin),
        delta=None if actif == ref else _signe(rs.annees[-1].tresorerie_fin - rr.annees[-1].tresorerie_fin),
    )
    if actif != ref:
        st.caption(f"Écarts par rapport à la référence « {texte_brut(ref)} ».")
    st.caption(f"Résultat annuel, {a0}–{an}")
    st.vega_lite_chart(
        calculs.graphique(
            projet, ("scenarios_resultat", actif, ref), lambda: _graphique_resultat(rs, rr, actif == ref)
        ),
        width="stretch",
    )

onglet_items, onglet_etat, onglet_gerer = st.tabs(
    ["Chocs et leviers du scénario", "Hypothèses de l'État", "Gérer les scénarios"]
)

# --- chocs and leviers of the active scenario ------------------------------------------------------

with onglet_items:
    if index_b is None:
        st.info("Choisissez un autre scénario.")
    else:
        ctx = fm.contexte_du_brouillon(donnees, actif)
        bases = chaine_b[:-1]
        herites = [(b, g, item) for b in bases for g in ("chocs", "leviers") for item in fm.liste(b.get(g))]
        if bases:
            n_chocs = sum(1 for _, g, _ in herites if g == "chocs")
            n_leviers = len(herites) - n_chocs
            resume = f"{n_chocs} choc(s), {n_leviers} levier(s)" if herites else "aucun choc ni levier"
            with st.expander(f"Hérités des bases (lecture seule) : {resume}", expanded=0 < len(herites) <= 6):
                st.caption("Pour les modifier, choisissez le scénario de base comme scénario actif.")
                for b in bases:
                    propres = [(g, item) for bb, g, item in herites if bb is b]
                    texte = f"**{texte_brut(libelles_b.get(b.get('id'), ''))}** ({texte_brut(b.get('id'))})"
                    if not propres:
                        texte += " : aucun choc ni levier"
                    st.markdown(texte)
                    if propres:
                        st.markdown(
                            "\n".join(
                                f"- {'Choc' if g == 'chocs' else 'Levier'} · {texte_brut(fm.titre_item(item))}"
                                for g, item in propres
                            )
                        )
        else:
            st.caption("Ce scénario n'a pas de base : il part des chiffres saisis dans « Ma structure ».")

        for genre, (nom_item, titre_section) in GENRES.items():
            st.subheader(titre_section)
            items = fm.liste(scenario_b.get(genre))
            if not items:
                st.caption(f"Aucun {nom_item} propre à ce scénario.")
            for j, item in enumerate(items):
                item = item if isinstance(item, dict) else {"type": "?"}
                type_ = item.get("type")
                chemin = f"scenarios[{index_b}].{genre}[{j}]"
                erreurs_item = _erreurs_de(chemin)
                titre = fm.titre_item(item)
                with st.expander(
                    texte_brut(titre),
                    expanded=bool(erreurs_item),
                    icon=":material/warning:" if erreurs_item else None,
                ):
                    _explication(type_)
                    _liste_erreurs(erreurs_item, "À corriger")
                    connu = type_ in fm.MODELES
                    with st.form(key=f"scenarios_v{version}_{actif}_form_{genre}_{j}", border=False):
                        if connu:
                            bruts = fm.formulaire_item(type_, item, ctx, f"scenarios_v{version}_{actif}_{genre}_{j}")
                        else:
                            st.text(str(item))
                        b1, b2, _ = st.columns([2, 2, 3])
                        enregistrer = b1.form_submit_button(
                            "Enregistrer",
                            type="primary",
                            key=f"scenarios_v{version}_{actif}_enregistrer_{genre}_{j}",
                            disabled=not connu,
                        )
                        supprimer = b2.form_submit_button(
                            f"Supprimer ce {nom_item}", key=f"scenarios_v{version}_{actif}_supprimer_{genre}_{j}"
                        )
                    if supprimer:

                        def _retirer(d: dict[str, Any], genre: str = genre, j: int = j) -> None:
                            s = _scenario_du(d, actif)
                            del s[genre][j]
                            if not s[genre]:
                                del s[genre]

                        _changer(_retirer, genre, f"{nom_item.capitalize()} supprimé : {titre}.", actif)
                    if enregistrer:
                        nouvel, erreurs_saisie = fm.item_depuis_saisie(type_, bruts, presents=tuple(item))
                        if nouvel is not None:
                            erreurs_saisie = fm.erreurs_de_l_item(donnees, actif, genre, j, nouvel)
                        if erreurs_saisie:
                            _liste_erreurs([ErreurLigne("", e) for e in erreurs_saisie], "Rien n'a été modifié")
                        else:

                            def _remplacer(d: dict[str, Any], genre: str = genre, j: int = j, nouvel=nouvel) -> None:
                                _scenario_du(d, actif)[genre][j] = nouvel

                            _changer(
                                _remplacer, genre, f"{nom_item.capitalize()} modifié : {fm.titre_item(nouvel)}.", actif
                            )
            _afficher_message(genre)

            with st.expander(
                f"Ajouter un {nom_item}", expanded=not items or genre == OUVRIR_AJOUT, icon=":material/add_circle:"
            ):
                type_ = st.selectbox(
                    f"Type de {nom_item}",
                    fm.GENRES[genre],
                    format_func=fm.NOMS_TYPES.get,
                    key=f"scenarios_ajout_{genre}_type",
                )
                _explication(type_)
                raison = fm.indisponible(type_, ctx)
                if raison:
                    st.info(raison)
                else:
                    prefixe = f"scenarios_v{version}_{actif}_ajout_{genre}_{type_}"
                    with st.form(key=f"{prefixe}_form"):
                        bruts = fm.formulaire_item(type_, None, ctx, prefixe)
                        ajouter = st.form_submit_button(f"Ajouter ce {nom_item}", type="primary", key=f"{prefixe}_ok")
                    if ajouter:
                        nouvel, erreurs_saisie = fm.item_depuis_saisie(type_, bruts)
                        if nouvel is not None:
                            erreurs_saisie = fm.erreurs_de_l_item(donnees, actif, genre, None, nouvel)
                        if erreurs_saisie:
                            _liste_erreurs(
                                [ErreurLigne("", e) for e in erreurs_saisie], "Rien n'a été ajouté, corrigez la saisie"
                            )
                        else:

                            def _ajouter(d: dict[str, Any], genre: str = genre, nouvel=nouvel) -> None:
                                s = _scenario_du(d, actif)
                                if not isinstance(s.get(genre), list):
                                    s[genre] = []
                                s[genre].append(nouvel)

                            _changer(
                                _ajouter, genre, f"{nom_item.capitalize()} ajouté : {fm.titre_item(nouvel)}.", actif
                            )

# --- State hypotheses ---------------------------------------------------------------------------------

with onglet_etat:
    annee_ref = projet.structure.annee_reference
    base_preset = "reference" if "reference" in ids_b else None
    st.caption(
        "Chaque hypothèse ajoute un scénario "
        + (
            "qui s'appuie sur « reference »"
            if base_preset
            else "sans base (le projet n'a pas de scénario « reference »)"
        )
        + f". Les chocs antérieurs à l'année de référence du projet ({annee_ref}) ne sont pas repris : les chiffres "
        "saisis pour cette année les intègrent déjà."
    )
    _afficher_message("etat")
    presets = charger_presets()
    colonnes = st.columns(2)
    for k, p in enumerate(presets):
        with colonnes[k % 2], st.container(border=True):
            st.markdown(f"**{texte_brut(p.libelle)}**")
            st.caption(texte_brut(p.description.strip().split("\n\n")[0]))
            lignes = []
            for item in [*p.chocs, *p.leviers]:
                texte = f"- {texte_brut(fm.titre_item(item.model_dump(mode='json')))}"
                if item.annee < annee_ref:
                    texte += f" — *non repris (antérieur à {annee_ref})*"
                lignes.append(texte)
            st.markdown("\n".join(lignes))
            with st.expander("Calcul et sources"):
                _paragraphes(p.description)
                st.markdown("\n".join(f"- [{texte_brut(s.title)}]({s.href})" for s in p.sources))
            deja = [s for s in scenarios_b if s.get("libelle") == p.libelle]
            if deja:
                st.caption("Déjà ajouté : " + ", ".join(f"« {texte_brut(s.get('id'))} »" for s in deja))
            if st.button("Ajouter ce scénario", key=f"scenarios_preset_{p.id}", type="primary"):
                try:
                    importe = importer_preset(projet, p, base=base_preset or "reference")
                except ErreurProjet as exc:
                    _annoncer("etat", "L'hypothèse n'a pas pu être ajoutée.", "erreur", exc.erreurs)
                    st.rerun()
                nouveau = copy.deepcopy(_scenario_du(projet_en_donnees(importe.projet), importe.scenario_id))
                if nouveau["id"] in ids_b:  # a scenario of the draft not yet valid holds that id
                    nouveau["id"] = fm.identifiant_depuis_libelle(nouveau["id"], ids_b)
                texte = f"Scénario « {p.libelle} » ajouté ({nouveau['id']})"
                texte += f", sur la base « {nouveau['base']} »." if nouveau.get("base") else "."
                if importe.chocs_ignores:
                    texte += (
                        f" {importe.chocs_ignores} choc(s) antérieur(s) à {annee_ref} non repris : les chiffres "
                        "saisis les intègrent déjà."
                    )

                def _ajouter_scenario(d: dict[str, Any], nouveau: dict[str, Any] = nouveau) -> None:
                    d["scenarios"] = [*fm.scenarios_du_brouillon(d), nouveau]

                _changer(_ajouter_scenario, "etat", texte, nouveau["id"], choisir=nouveau["id"])

# --- managing scenarios ---------------------------------------------------------------------------------

with onglet_gerer:
    _afficher_message("gerer")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Identifiant": s.get("id"),
                    "Libellé": s.get("libelle"),
                    "Base": s.get("base") or "—",
                    "Chocs propres": len(fm.liste(s.get("chocs"))),
                    "Leviers propres": len(fm.liste(s.get("leviers"))),
                }
                for s in scenarios_b
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if index_b is None:
        st.info("Choisissez un autre scénario.")
    else:
        gauche, droite = st.columns(2, gap="large")
        with gauche:
            st.markdown(f"**Renommer « {texte_brut(actif)} »**")
            with st.form(key=f"scenarios_v{version}_{actif}_form_renommer"):
                libelle = st.text_input(
                    "Libellé",
                    value=str(scenario_b.get("libelle", "")),
                    key=f"scenarios_v{version}_{actif}_libelle",
                    max_chars=200,
                )
                desc = st.text_area(
                    "Description",
                    value=str(scenario_b.get("description", "")),
                    key=f"scenarios_v{version}_{actif}_description",
                    height=100,
                    max_chars=5000,
                )
                renommer = st.form_submit_button("Enregistrer", key=f"scenarios_v{version}_{actif}_renommer")
            if renommer:
                if not libelle.strip():
                    st.error("Donnez un libellé au scénario.")
                else:

                    def _renommer(d: dict[str, Any], libelle: str = libelle.strip(), desc: str = desc.strip()) -> None:
                        s = _scenario_du(d, actif)
                        s["libelle"] = libelle
                        if desc:
                            s["description"] = desc
                        else:
                            s.pop("description", None)

                    _changer(_renommer, "gerer", f"Scénario « {actif} » renommé « {libelle.strip()} ».", actif)

            st.markdown("**Dupliquer**")
            st.caption("Une copie avec la même base, les mêmes chocs et leviers, à modifier ensuite.")
            if st.button("Dupliquer ce scénario", key="scenarios_dupliquer"):
                copie = copy.deepcopy(scenario_b)
                copie["id"] = fm.identifiant_depuis_libelle(f"{actif} copie", ids_b)
                copie["libelle"] = (str(scenario_b.get("libelle", actif)) + " (copie)")[:200]

                def _dupliquer(d: dict[str, Any], copie: dict[str, Any] = copie) -> None:
                    d["scenarios"] = [*fm.scenarios_du_brouillon(d), copie]

                _changer(
                    _dupliquer,
                    "gerer",
                    f"Scénario « {actif} » dupliqué en « {copie['id']} ».",
                    copie["id"],
                    choisir=copie["id"],
                )

        with droite:
            st.markdown("**Base du scénario**")
            options_base: list[str] = ["", *[i for i in ids_b if i != actif]]
            base_actuelle = scenario_b.get("base") or ""
            base = st.selectbox(
                "S'appuie sur",
                options_base,
                index=options_base.index(base_actuelle) if base_actuelle in options_base else 0,
                format_func=lambda i: (
                    "Aucune base (chiffres de « Ma structure »)" if not i else f"{libelles_b.get(i)} ({i})"
                ),
                key=f"scenarios_v{version}_{actif}_base",
                help="Le scénario reprend tous les chocs et leviers de sa base, et de la base de sa base.",
            )
            if st.button("Changer la base", key="scenarios_changer_base"):
                if fm.formerait_une_boucle(scenarios_b, actif, base or None):
                    st.error(
                        f"« {texte_brut(base)} » s'appuie déjà, directement ou non, sur « {texte_brut(actif)} » : "
                        "en faire sa base formerait une boucle. Choisissez une autre base."
                    )
                elif base == base_actuelle:
                    st.info("C'est déjà la base de ce scénario.")
                else:

                    def _rebaser(d: dict[str, Any], base: str = base) -> None:
                        s = _scenario_du(d, actif)
                        if not base:
                            s.pop("base", None)
                        else:
                            s["base"] = base

                    _changer(
                        _rebaser, "gerer", f"Scénario « {actif} » : base changée pour « {base or 'aucune'} ».", actif
                    )

            st.markdown("**Supprimer**")
            deps = fm.dependants(scenarios_b, actif)
            if len(scenarios_b) <= 1:
                st.caption("Le dernier scénario d'un projet ne peut pas être supprimé.")
            else:
                confirme = True
                nouvelle_base = base_actuelle
                if deps:
                    vers = f"« {nouvelle_base} »" if nouvelle_base else "aucune base"
                    st.warning(
                        texte_brut(
                            f"{', '.join(f'« {i} »' for i in deps)} s'appuie(nt) sur ce scénario. Si vous le "
                            f"supprimez, ils s'appuieront sur {vers} (la base du scénario supprimé) et perdront ses "
                            "chocs et leviers : leurs résultats changeront."
                        )
                    )
                    confirme = st.checkbox(
                        f"Supprimer quand même et rattacher ces scénarios à {vers}",
                        key=f"scenarios_v{version}_{actif}_confirmer",
                    )
                if st.button("Supprimer ce scénario", key="scenarios_supprimer_scenario"):
                    if not confirme:
                        st.error("Cochez la case de confirmation : d'autres scénarios s'appuient sur celui-ci.")
                    else:
                        restants = [i for i in ids_b if i != actif]
                        suivant = nouvelle_base if nouvelle_base in restants else restants[0]
                        texte = f"Scénario « {actif} » supprimé."
                        if deps:
                            texte += (
                                f" {', '.join(deps)} s'appuie(nt) désormais sur « {nouvelle_base or 'aucune base'} »."
                            )

                        def _supprimer(d: dict[str, Any]) -> None:
                            fm.supprimer_scenario(d, actif)

                        _changer(_supprimer, "gerer", texte, suivant, choisir=suivant)

    st.divider()
    st.markdown("**Créer un scénario**")
    with st.form(key=f"scenarios_v{version}_form_creer"):
        c1, c2 = st.columns([3, 2])
        nouveau_libelle = c1.text_input(
            "Libellé du nouveau scénario",
            key=f"scenarios_v{version}_creer_libelle",
            max_chars=200,
            help="L'identifiant (utilisé dans le fichier et l'adresse) en est tiré : minuscules, chiffres et « _ ».",
        )
        options_creer: list[str] = ["", *ids_b]
        nouvelle_base_creer = c2.selectbox(
            "Base",
            options_creer,
            index=options_creer.index(actif) if actif in options_creer else 0,
            format_func=lambda i: "Aucune base" if not i else f"{libelles_b.get(i)} ({i})",
            key=f"scenarios_v{version}_creer_base",
        )
        nouvelle_description = st.text_input(
            "Description (facultative)", key=f"scenarios_v{version}_creer_description", max_chars=5000
        )
        creer = st.form_submit_button("Créer le scénario", type="primary", key=f"scenarios_v{version}_creer")
    if creer:
        if not nouveau_libelle.strip():
            st.error("Donnez un libellé au nouveau scénario.")
        else:
            nouvel_id = fm.identifiant_depuis_libelle(nouveau_libelle, ids_b)
            cree: dict[str, Any] = {"id": nouvel_id, "libelle": nouveau_libelle.strip()}
            if nouvelle_description.strip():
                cree["description"] = nouvelle_description.strip()
            if nouvelle_base_creer:
                cree["base"] = nouvelle_base_creer

            def _creer(d: dict[str, Any], cree: dict[str, Any] = cree) -> None:
                d["scenarios"] = [*fm.scenarios_du_brouillon(d), cree]

            _changer(
                _creer,
                "gerer",
                f"Scénario « {nouveau_libelle.strip()} » créé ({nouvel_id}).",
                nouvel_id,
                choisir=nouvel_id,
            )
