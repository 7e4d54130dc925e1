"""Scénarios: the State hypotheses in one click, scenarios stacked on one another, chocs and leviers.

Every change is an edit of the draft (`iae_model.projet.edition`) saved by `ui.scenarios.changer`,
which refuses one that would make the project invalid. The active scenario's own chocs and leviers are
read from the draft, so an invalid item keeps what was typed and shows its French error; the figures
come from the last valid project. Forms are generated from the models by `ui.formulaires`.

Deleting a scenario others stack on re-points them to its own base, after an explicit confirmation
(the UI says that they lose its chocs and leviers): nothing is left pointing to a missing base.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from iae_model.presets import charger_presets, deja_ajoute, reprise
from iae_model.projet import edition, projet_en_donnees
from iae_model.projet.brouillon import (
    chaine,
    dependants,
    items_herites,
    libelles_du_brouillon,
    liste,
    scenario_du_brouillon,
    scenarios_du_brouillon,
)
from ui import calculs, composants, etat
from ui import formulaires as fm
from ui import scenarios as us
from ui.cadre import titre
from ui.composants import exiger_projet, selecteur_scenario
from ui.formats import euros, texte_brut

MESSAGE = us.prendre_message()
OUVRIR_AJOUT = us.prendre_ouverture()

# --- page ----------------------------------------------------------------------------------------

titre("Scénarios")
projet = exiger_projet()
donnees: dict[str, Any] = etat.brouillon() or projet_en_donnees(projet)
version = etat.version()
scenarios_b = scenarios_du_brouillon(donnees)
ids_b = [s.get("id") for s in scenarios_b]
libelles_b = libelles_du_brouillon(donnees)
st.caption(
    "Un scénario ajoute à sa base des chocs (ce que subit la structure : coupes de l'État, gel du socle, retrait "
    "d'un financeur…) et des leviers (ce qu'elle décide : nouvelle activité, marchés, mutualisation…). "
    "Les scénarios s'empilent : chacun reprend tous les chocs et leviers des scénarios sur lesquels il s'appuie."
)

haut_gauche, haut_droite = st.columns([3, 2], gap="large")
with haut_gauche:
    actif = selecteur_scenario(projet, f"{us.PREFIXE_SELECTEUR}{version}", "Scénario actif")
    index_b = ids_b.index(actif) if actif in ids_b else None
    if index_b is not None:
        scenario_b, chaine_b = scenarios_b[index_b], chaine(scenarios_b, actif)
    else:  # valid, but gone from the draft: shown from the valid project
        scenario_b = scenario_du_brouillon(projet_en_donnees(projet), actif) or {"id": actif}
        chaine_b = [scenario_b]
    if len(chaine_b) > 1:
        st.markdown(
            "**S'appuie sur :** "
            + " → ".join(f"« {texte_brut(libelles_b.get(s.get('id'), ''))} »" for s in chaine_b[:-1])
        )
    description = str(scenario_b.get("description") or "").strip()
    if description:
        premiere = description.split("\n\n")[0]
        st.caption(texte_brut(premiere if len(premiere) <= 400 else premiere[:397] + "…"))
    if index_b is None:
        st.warning(
            "Ce scénario a été supprimé des saisies en cours ; corrigez les erreurs pour mettre à jour la liste."
        )
    else:
        us.liste_erreurs(
            us.erreurs_de(f"scenarios[{index_b}]"),
            "Ce scénario contient des saisies invalides (ses résultats sont ceux de sa dernière version valide)",
        )
    ids_valides = {s.id for s in projet.scenarios}
    en_attente = [i for i in ids_b if i not in ids_valides]
    if en_attente:
        st.warning(
            "Scénarios pas encore calculés (le projet contient des erreurs à corriger) : "
            + ", ".join(f"« {texte_brut(libelles_b.get(i, i))} »" for i in en_attente)
        )
    autres = us.scenarios_en_erreur(ids_b, index_b)
    if autres:
        st.warning(
            "Saisies invalides dans d'autres scénarios (choisissez-les pour les corriger) : "
            + ", ".join(f"« {texte_brut(libelles_b.get(i, i))} »" for i in autres)
        )

with haut_droite:
    ref = calculs.scenario_de_reference(projet)
    rs, rr = calculs.resultat_scenario(projet, actif), calculs.resultat_scenario(projet, ref)
    a0, an = rs.annees[0].annee, rs.annees[-1].annee
    cumul, cumul_ref = us.cumul(projet, actif) or 0.0, us.cumul(projet, ref) or 0.0
    # cards that wrap (a half-width column at 1024 px cut « −322 663 € » to « −32… » side by side)
    composants.chiffres_cles(
        [
            (
                "Résultat cumulé",
                euros(cumul),
                None if actif == ref else us.signe(cumul - cumul_ref),
                "normal",
                f"Somme des résultats annuels du scénario actif de {a0} à {an} ; l'écart est compté par rapport au "
                f"scénario « {texte_brut(libelles_b.get(ref, ref))} ».",
            ),
            (
                f"Trésorerie fin {an}",
                euros(rs.annees[-1].tresorerie_fin),
                None if actif == ref else us.signe(rs.annees[-1].tresorerie_fin - rr.annees[-1].tresorerie_fin),
                "normal",
                None,
            ),
        ],
        bordure=False,
    )
    if actif != ref:
        st.caption(f"Écarts par rapport à la référence « {texte_brut(libelles_b.get(ref, ref))} ».")
    st.caption(f"Résultat annuel, {a0}–{an}")
    st.vega_lite_chart(
        calculs.graphique(
            projet, ("scenarios_resultat", actif, ref), lambda: us.graphique_resultat(rs, rr, actif == ref)
        ),
        width="stretch",
    )

# A newcomer's first step is to add the State hypothesis: the page opens there until the project has one
# (and in the run that says one was added); then on the active scenario's chocs and leviers.
hypotheses_ajoutees = any(deja_ajoute(p, scenarios_b) for p in charger_presets())
ouvrir_etat = not hypotheses_ajoutees or (MESSAGE or {}).get("lieu") == "etat"
onglet_etat, onglet_items, onglet_gerer = st.tabs(
    list(us.ONGLETS), default=us.ONGLETS[0] if ouvrir_etat and not OUVRIR_AJOUT else us.ONGLETS[1]
)

# --- chocs and leviers of the active scenario ------------------------------------------------------

with onglet_items:
    if index_b is None:
        st.info("Choisissez un autre scénario.")
    else:
        ctx = fm.contexte_du_brouillon(donnees, actif)
        bases = chaine_b[:-1]
        herites = items_herites(donnees, actif)
        if bases:
            n_chocs = sum(1 for _, g, _ in herites if g == "chocs")
            n_leviers = len(herites) - n_chocs
            resume = f"{n_chocs} choc(s), {n_leviers} levier(s)" if herites else "aucun choc ni levier"
            with st.expander(f"Hérités des bases (lecture seule) : {resume}", expanded=0 < len(herites) <= 6):
                st.caption("Pour les modifier, choisissez le scénario de base comme scénario actif.")
                for b in bases:
                    propres = [(g, item) for bb, g, item in herites if bb is b]
                    texte = f"**{texte_brut(libelles_b.get(b.get('id'), ''))}**"
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

        for genre, (nom_item, titre_section) in us.GENRES.items():
            st.subheader(titre_section)
            items = liste(scenario_b.get(genre))
            if not items:
                st.caption(f"Aucun {nom_item} propre à ce scénario.")
            for j, item in enumerate(items):
                item = item if isinstance(item, dict) else {"type": "?"}
                type_ = item.get("type")
                erreurs_item = us.erreurs_de(f"scenarios[{index_b}].{genre}[{j}]")
                titre_de_l_item = fm.titre_item(item)
                with st.expander(
                    texte_brut(titre_de_l_item),
                    expanded=bool(erreurs_item),
                    icon=":material/warning:" if erreurs_item else None,
                ):
                    us.explication(type_)
                    us.liste_erreurs(erreurs_item, "À corriger")
                    connu = type_ in fm.MODELES
                    prefixe = f"scenarios_v{version}_{actif}"
                    with st.form(key=f"{prefixe}_form_{genre}_{j}", border=False):
                        if connu:
                            bruts = fm.formulaire_item(type_, item, ctx, f"{prefixe}_{genre}_{j}")
                        else:
                            st.text(str(item))
                        b1, b2, _ = st.columns([2, 2, 3])
                        enregistrer = b1.form_submit_button(
                            "Enregistrer", type="primary", key=f"{prefixe}_enregistrer_{genre}_{j}", disabled=not connu
                        )
                        supprimer = b2.form_submit_button(
                            f"Supprimer ce {nom_item}", key=f"{prefixe}_supprimer_{genre}_{j}"
                        )
                    if supprimer:
                        us.changer(
                            edition.retirer_item(donnees, actif, genre, j),
                            genre,
                            f"{nom_item.capitalize()} supprimé : {titre_de_l_item}.",
                            actif,
                        )
                    if enregistrer:
                        us.saisir_item(donnees, actif, genre, j, type_, bruts, presents=tuple(item))
            us.afficher_message(MESSAGE, genre)

            with st.expander(
                f"Ajouter un {nom_item}",
                expanded=us.ajout_ouvert(genre, items, OUVRIR_AJOUT),
                icon=":material/add_circle:",
            ):
                type_ = st.selectbox(
                    f"Type de {nom_item}",
                    fm.GENRES[genre],
                    format_func=fm.NOMS_TYPES.get,
                    key=f"scenarios_ajout_{genre}_type",
                    placeholder="Choisissez",
                )
                us.explication(type_)
                raison = fm.indisponible(type_, ctx)
                if raison:
                    st.info(raison)
                else:
                    prefixe = f"scenarios_v{version}_{actif}_ajout_{genre}_{type_}"
                    with st.form(key=f"{prefixe}_form"):
                        bruts = fm.formulaire_item(type_, None, ctx, prefixe)
                        ajouter = st.form_submit_button(f"Ajouter ce {nom_item}", type="primary", key=f"{prefixe}_ok")
                    if ajouter:
                        us.saisir_item(donnees, actif, genre, None, type_, bruts)

# --- State hypotheses ---------------------------------------------------------------------------------

with onglet_etat:
    annee_ref = projet.structure.annee_reference
    st.caption(
        "Commencez par ici : choisissez la décision de l'État (ou l'hypothèse) qui concerne votre structure. "
        "Chaque hypothèse ajoute un scénario "
        + (
            f"qui s'appuie sur « {texte_brut(libelles_b['reference'])} »"
            if "reference" in ids_b
            else "sans base (le projet n'a pas de scénario de référence)"
        )
        + ", sur lequel vous empilerez ensuite vos leviers. Une décision datée de l'année de référence du projet "
        f"({annee_ref}) ou d'avant n'est pas appliquée deux fois : une coupe est déjà dans les chiffres saisis, une "
        "hausse du SMIC dans les montants officiels ; une "
        f"règle encore en vigueur (gel du socle) est reprise à partir de {annee_ref}."
    )
    us.afficher_message(MESSAGE, "etat")
    colonnes = st.columns(2)
    for k, p in enumerate(charger_presets()):
        with colonnes[k % 2], st.container(border=True):
            st.markdown(f"**{texte_brut(p.libelle)}**")
            st.caption(texte_brut(p.description.strip().split("\n\n")[0]))
            lignes = []
            for item in [*p.chocs, *p.leviers]:
                texte = f"- {texte_brut(fm.titre_item(item.model_dump(mode='json')))}"
                note = reprise(item, annee_ref).note
                if note:
                    texte += f" — *{note}*"
                lignes.append(texte)
            st.markdown("\n".join(lignes))
            with st.expander("Calcul et sources"):
                us.paragraphes(p.description)
                st.markdown("\n".join(f"- [{texte_brut(s.title)}]({s.href})" for s in p.sources))
            deja = deja_ajoute(p, scenarios_b)
            if deja:
                st.caption(us.DEJA_AJOUTEE)
            if st.button("Ajouter ce scénario", key=f"scenarios_preset_{p.id}", type="primary", disabled=bool(deja)):
                us.ajouter_hypothese(projet, donnees, p)

# --- managing scenarios ---------------------------------------------------------------------------------

with onglet_gerer:
    us.afficher_message(MESSAGE, "gerer")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Scénario": libelles_b.get(s.get("id")),
                    "S'appuie sur": libelles_b.get(s.get("base"), "—") if s.get("base") else "—",
                    "Chocs propres": len(liste(s.get("chocs"))),
                    "Leviers propres": len(liste(s.get("leviers"))),
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
            st.markdown(f"**Renommer « {texte_brut(libelles_b.get(actif, actif))} »**")
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
                try:
                    nouvelles = edition.renommer_scenario(donnees, actif, libelle, desc)
                except edition.EditionRefusee as exc:
                    st.error(texte_brut(str(exc)))
                else:
                    ancien = libelles_b.get(actif, actif)
                    us.changer(nouvelles, "gerer", f"Scénario « {ancien} » renommé « {libelle.strip()} ».", actif)

            st.markdown("**Dupliquer**")
            st.caption("Une copie avec la même base, les mêmes chocs et leviers, à modifier ensuite.")
            if st.button("Dupliquer ce scénario", key="scenarios_dupliquer"):
                nouvelles, copie_id = edition.dupliquer_scenario(donnees, actif)
                if copie_id is not None:
                    copie = libelles_du_brouillon(nouvelles).get(copie_id, copie_id)
                    texte = f"Scénario « {libelles_b.get(actif, actif)} » dupliqué en « {copie} »."
                    us.changer(nouvelles, "gerer", texte, copie_id, choisir=copie_id)

        with droite:
            st.markdown("**Base du scénario**")
            options_base: list[str] = ["", *[i for i in ids_b if i != actif]]
            base_actuelle = scenario_b.get("base") or ""
            base = st.selectbox(
                "S'appuie sur",
                options_base,
                index=options_base.index(base_actuelle) if base_actuelle in options_base else 0,
                format_func=lambda i: "Aucune base (chiffres de « Ma structure »)" if not i else libelles_b.get(i, i),
                key=f"scenarios_v{version}_{actif}_base",
                help="Le scénario reprend tous les chocs et leviers de sa base, et de la base de sa base.",
                placeholder="Choisissez",
            )
            if st.button("Changer la base", key="scenarios_changer_base"):
                try:
                    nouvelles = edition.changer_base(donnees, actif, base)
                except edition.EditionRefusee as exc:
                    st.error(texte_brut(str(exc)))
                else:
                    if base == base_actuelle:
                        st.info("C'est déjà la base de ce scénario.")
                    else:
                        nom_base = libelles_b.get(base, base) if base else "aucune"
                        texte = f"Scénario « {libelles_b.get(actif, actif)} » : base changée pour « {nom_base} »."
                        us.changer(nouvelles, "gerer", texte, actif)

            st.markdown("**Supprimer**")
            deps = dependants(scenarios_b, actif)
            if len(scenarios_b) <= 1:
                st.caption("Le dernier scénario d'un projet ne peut pas être supprimé.")
            else:
                confirme = True
                vers = f"« {libelles_b.get(base_actuelle, base_actuelle)} »" if base_actuelle else "aucune base"
                if deps:
                    st.warning(
                        texte_brut(
                            f"{', '.join(f'« {libelles_b.get(i, i)} »' for i in deps)} s'appuie(nt) sur ce scénario. "
                            "Si vous le "
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
                        suivant = edition.scenario_apres_suppression(donnees, actif) or actif
                        texte = f"Scénario « {libelles_b.get(actif, actif)} » supprimé."
                        if deps:
                            noms = ", ".join(f"« {libelles_b.get(i, i)} »" for i in deps)
                            texte += f" {noms} s'appuie(nt) désormais sur {vers}."
                        us.changer(edition.supprimer_scenario(donnees, actif), "gerer", texte, suivant, choisir=suivant)

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
            format_func=lambda i: "Aucune base" if not i else libelles_b.get(i, i),
            key=f"scenarios_v{version}_creer_base",
        )
        nouvelle_description = st.text_input(
            "Description (facultative)", key=f"scenarios_v{version}_creer_description", max_chars=5000
        )
        creer = st.form_submit_button("Créer le scénario", type="primary", key=f"scenarios_v{version}_creer")
    if creer:
        try:
            nouvelles, nouvel_id = edition.creer_scenario(
                donnees, nouveau_libelle, nouvelle_base_creer, nouvelle_description
            )
        except edition.EditionRefusee as exc:
            st.error(texte_brut(str(exc)))
        else:
            texte = f"Scénario « {nouveau_libelle.strip()} » créé."
            us.changer(nouvelles, "gerer", texte, nouvel_id, choisir=nouvel_id)
