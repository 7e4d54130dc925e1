"""Ma structure: every input of the project file, editable; the draft keeps what is typed, even invalid."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from iae_model.formats import euros
from iae_model.parametres import charger_parametres
from iae_model.projet import Projet
from ui import calculs, etat
from ui import editeurs as ed
from ui.editeurs import echapper

st.title("Ma structure")

brouillon = etat.brouillon()
if brouillon is None:
    if etat.erreurs():
        ed.afficher_erreurs_section(etat.erreurs(), None)
    st.info(
        "Aucun projet ouvert : ouvrez un exemple, chargez un fichier ou créez une structure.", icon=":material/info:"
    )
    st.page_link("pages/accueil.py", label="Aller à l'accueil", icon=":material/home:")
    st.stop()

reinitialiser = ed.debut_de_page()
erreurs = etat.erreurs()
par_section = ed.erreurs_par_section(erreurs)
relancer = False


def _scenario_de_reference(projet: Projet) -> str:
    ids = [s.id for s in projet.scenarios]
    if "reference" in ids:
        return "reference"
    return next((s.id for s in projet.scenarios if s.base is None), ids[0])


def _synthese(projet: Projet | None) -> None:
    """Key figures of the reference scenario for the reference year: they move with every valid change."""
    with st.container(border=True):
        if projet is None:
            st.warning(
                "Aucune version valide de ce projet : corrigez les saisies signalées pour voir les chiffres.",
                icon=":material/warning:",
            )
            return
        identifiant = _scenario_de_reference(projet)
        annee = projet.structure.annee_reference
        resultat = calculs.resultat(projet).scenario(identifiant)
        a = resultat.annee(annee)
        col1, col2, col3, col4, col5 = st.columns(5)
        col1.metric("Aide au poste", euros(a.total.produits.get("aide_au_poste", 0.0)))
        col2.metric("Chiffre d'affaires", euros(a.total.produits.get("chiffre_affaires", 0.0)))
        col3.metric("Subventions", euros(a.total.produits.get("subventions", 0.0)))
        col4.metric("Résultat", euros(a.resultat))
        col5.metric("Trésorerie au 31 décembre", euros(a.tresorerie_fin))
        libelle = projet.scenario(identifiant).libelle
        texte = f"Scénario « {libelle} », année {annee}"
        if erreurs:
            texte += " — chiffres de la dernière version valide (des saisies sont à corriger)"
        st.caption(
            echapper(texte) + ". Chaque saisie est enregistrée aussitôt, même incomplète ou invalide ; "
            "les taux se saisissent en pourcentage (95 pour 95 %)."
        )


_synthese(etat.projet())

# Always the same elements above the tabs, and the errors of a tab under its inputs: when a message appears,
# the tabs and the tables keep their place, so the browser keeps the open tab and the cell being edited.
with st.container():
    col_message, col_bouton = st.columns([3, 2], vertical_alignment="center")
    if erreurs:
        sections = [f"{ed.SECTIONS.get(s, 'Scénarios et autres')} ({len(liste)})" for s, liste in par_section.items()]
        col_message.warning("À corriger : " + ", ".join(sections) + ".", icon=":material/warning:")
    else:
        col_message.success("Toutes les saisies sont valides : les chiffres sont à jour.", icon=":material/check:")
    col_bouton.button(
        "Revenir à la dernière version valide",
        key="structure_revenir",
        on_click=etat.revenir_a_la_version_valide,
        disabled=not erreurs or etat.projet() is None,
        help="Annule les saisies invalides : le projet redevient la dernière version qui était valide.",
        width="stretch",
    )
    if "general" in par_section:
        ed.afficher_erreurs_section(par_section["general"], brouillon)
        st.caption("Ces erreurs concernent les scénarios (page Scénarios) ou le fichier lui-même.")

onglets = st.tabs(["Structure", "Conventionnements", "Activités", "Financements", "Charges", "Hypothèses"])


def _liste(donnees: dict[str, Any], *chemin: str) -> list:
    valeur = ed.lire(donnees, chemin)
    return valeur if isinstance(valeur, list) else []


# -- Structure --
with onglets[0]:
    col1, col2 = st.columns(2)
    with col1:
        ed.champ_texte(
            "structure_nom",
            ("structure", "nom"),
            "Nom de la structure",
            aide="Le nom qui figure sur les exports.",
            reinitialiser=reinitialiser,
        )
        ed.champ_texte(
            "structure_territoire",
            ("structure", "territoire"),
            "Territoire",
            aide="Département, bassin d'emploi (facultatif).",
            reinitialiser=reinitialiser,
        )
    with col2:
        ed.champ_nombre(
            "structure_annee_reference",
            ("structure", "annee_reference"),
            "Année de référence",
            aide="L'année dont les chiffres sont saisis (comptes ou budget) ; les projections partent de là.",
            reinitialiser=reinitialiser,
            mini=2024,
            maxi=2040,
            pas=1,
            entier=True,
        )
        ed.champ_nombre(
            "structure_tresorerie_initiale",
            ("structure", "tresorerie_initiale"),
            "Trésorerie au 1er janvier (€)",
            aide="Trésorerie disponible au 1er janvier de l'année de référence (négative si découvert).",
            reinitialiser=reinitialiser,
            mini=-1_000_000_000,
            maxi=1_000_000_000,
            pas=1000,
            defaut=0.0,
        )
    ed.afficher_erreurs_section(par_section.get("structure", []), brouillon)

# -- Conventionnements --
with onglets[1]:
    st.caption(
        "Un conventionnement par type (un ensemblier en a plusieurs). EITI : travailleurs accompagnés au lieu "
        "des ETP. Survolez un titre de colonne pour son explication ; faites défiler le tableau vers la droite pour "
        "les colonnes facultatives (EITI, salaire et cotisations propres)."
    )
    nouveaux = ed.editer_tableau(
        "conventionnements", _liste(brouillon, "conventionnements"), ed.COLONNES_CONVENTIONNEMENTS
    )
    if nouveaux is not None:
        ed.modifier(lambda d, n=nouveaux: d.__setitem__("conventionnements", n))
        relancer = True
    ed.afficher_erreurs_section(par_section.get("conventionnements", []), brouillon)

# -- Activités --
with onglets[2]:
    st.caption("Ce que la structure vend, pour l'année de référence ; chaque activité relève d'un conventionnement.")
    nouveaux = ed.editer_tableau("activites", _liste(brouillon, "activites"), ed.COLONNES_ACTIVITES)
    if nouveaux is not None:
        ed.modifier(lambda d, n=nouveaux: d.__setitem__("activites", n))
        relancer = True
    ed.afficher_erreurs_section(par_section.get("activites", []), brouillon)

# -- Financements --
with onglets[3]:
    st.caption(
        "Les subventions autres que l'aide au poste (calculée à partir des conventionnements, y compris la part "
        "du département pour les allocataires du RSA)."
    )
    nouveaux = ed.editer_tableau("financements", _liste(brouillon, "financements"), ed.COLONNES_FINANCEMENTS)
    if nouveaux is not None:
        ed.modifier(lambda d, n=nouveaux: d.__setitem__("financements", n))
        relancer = True
    ed.afficher_erreurs_section(par_section.get("financements", []), brouillon)

# -- Charges --
MODES_SALAIRE = {"smic": "Le SMIC de chaque année", "montant": "Un salaire horaire brut"}


def _smic_de_reference() -> float:
    annee = ed.lire(brouillon, ("structure", "annee_reference"))
    annee = annee if isinstance(annee, int) and 2024 <= annee <= 2100 else 2025
    valeur = charger_parametres()["smic.horaire_brut"].valeur_connue(dt.date(annee, 1, 1))
    return float(valeur) if valeur is not None else 12.0


def _changer_mode_salaire() -> None:
    if st.session_state["structure_salaire_mode"] == "smic":
        ed.modifier_champ(("charges", "salaire_horaire_insertion"), "smic")
    else:
        montant = st.session_state.get("structure_salaire_montant") or round(_smic_de_reference(), 2)
        ed.modifier_champ(("charges", "salaire_horaire_insertion"), montant)


with onglets[4]:
    salaire = ed.lire(brouillon, ("charges", "salaire_horaire_insertion"))
    col1, col2, col3 = st.columns(3)
    with col1:
        mode = "smic" if salaire in (None, "smic") else "montant"
        ed.initialiser_widget("structure_salaire_mode", mode, reinitialiser)
        st.selectbox(
            "Salaire horaire des salariés en insertion",
            list(MODES_SALAIRE),
            format_func=MODES_SALAIRE.get,
            key="structure_salaire_mode",
            on_change=_changer_mode_salaire,
            help="Le SMIC (il suit les hypothèses), ou un salaire horaire brut de l'année de référence, qui évolue "
            "ensuite comme le SMIC. Un conventionnement peut avoir le sien (onglet Conventionnements).",
        )
    with col2:
        if st.session_state["structure_salaire_mode"] == "montant":
            ed.champ_nombre(
                "structure_salaire_montant",
                ("charges", "salaire_horaire_insertion"),
                "Salaire horaire brut (€)",
                aide="Salaire horaire brut de l'année de référence, en euros.",
                reinitialiser=reinitialiser,
                mini=0.01,
                maxi=200,
                pas=0.01,
                defaut=round(_smic_de_reference(), 2),
            )
        else:
            st.caption(f"SMIC horaire brut au 1er janvier de l'année de référence : {euros(_smic_de_reference(), 2)}")
    with col3:
        ed.champ_nombre(
            "structure_taux_cotisations",
            ("charges", "taux_cotisations_employeur"),
            "Cotisations employeur (% du brut)",
            aide="Cotisations employeur restant dues sur les salaires d'insertion après allègements, en % du "
            "salaire brut. Vide : paramètre officiel (7 %, approximation).",
            reinitialiser=reinitialiser,
            mini=0,
            maxi=100,
            pas=0.1,
            pourcentage=True,
            optionnel=True,
            placeholder="paramètre officiel (7 %)",
        )

    st.markdown("**Salariés permanents** (encadrement, accompagnement, direction, administration)")
    nouveaux = ed.editer_tableau("permanents", _liste(brouillon, "charges", "permanents"), ed.COLONNES_PERMANENTS)
    if nouveaux is not None:
        ed.modifier(lambda d, n=nouveaux: ed.poser(d, ("charges", "permanents"), n))
        relancer = True

    col1, col2, col3, col4 = st.columns(4)
    with col1:
        ed.champ_nombre(
            "structure_fonctionnement_fixe",
            ("charges", "fonctionnement_fixe"),
            "Charges fixes de fonctionnement (€)",
            aide="Loyers, véhicules, assurances, honoraires… : les charges qui ne suivent pas le chiffre d'affaires.",
            reinitialiser=reinitialiser,
            mini=0,
            maxi=1_000_000_000,
            pas=1000,
            defaut=0.0,
        )
    with col2:
        ed.champ_nombre(
            "structure_formation_montant",
            ("charges", "formation", "montant"),
            "Formation, montant annuel (€)",
            aide="Coût annuel des formations des salariés en insertion.",
            reinitialiser=reinitialiser,
            mini=0,
            maxi=1_000_000_000,
            pas=500,
            defaut=0.0,
        )
    with col3:
        ed.champ_nombre(
            "structure_formation_prise_en_charge",
            ("charges", "formation", "prise_en_charge"),
            "Formation, prise en charge (%)",
            aide="Part du coût de formation financée par l'OPCO ou le PIC IAE, en %.",
            reinitialiser=reinitialiser,
            mini=0,
            maxi=100,
            pas=1,
            defaut=0.0,
            pourcentage=True,
        )
    with col4:
        ed.champ_nombre(
            "structure_amortissements",
            ("charges", "amortissements"),
            "Amortissements (€)",
            aide="Dotations aux amortissements de l'année (matériel, véhicules, bâtiments).",
            reinitialiser=reinitialiser,
            mini=0,
            maxi=1_000_000_000,
            pas=500,
            defaut=0.0,
        )
    ed.afficher_erreurs_section(par_section.get("charges", []), brouillon)

# -- Hypothèses --
MODES_INDEXATION = {"smic": "Indexé sur le SMIC", "gel": "Gelé", "taux": "Un taux annuel"}


def _changer_indexation() -> None:
    mode = st.session_state["structure_indexation_mode"]
    if mode == "taux":
        taux = st.session_state.get("structure_indexation_taux")
        valeur: Any = ed.depuis_pourcentage(taux if taux is not None else 1.0)
    else:
        valeur = mode
    ed.modifier_champ(("hypotheses", "indexation_socle"), valeur)


with onglets[5]:
    st.caption("Les hypothèses de tous les scénarios, sauf quand un scénario les remplace (page Scénarios).")
    col1, col2, col3 = st.columns(3)
    with col1:
        ed.champ_nombre(
            "structure_horizon",
            ("hypotheses", "horizon"),
            "Horizon (dernière année simulée)",
            aide="Dernière année des projections : au plus 15 ans après l'année de référence.",
            reinitialiser=reinitialiser,
            mini=2024,
            maxi=2100,
            pas=1,
            entier=True,
        )
        ed.champ_nombre(
            "structure_evolution_smic",
            ("hypotheses", "evolution_smic"),
            "Évolution du SMIC (% par an)",
            aide="Hausse annuelle du SMIC au 1er janvier, au-delà des valeurs officielles connues.",
            reinitialiser=reinitialiser,
            mini=-50,
            maxi=50,
            pas=0.1,
            pourcentage=True,
        )
    with col2:
        indexation = ed.lire(brouillon, ("hypotheses", "indexation_socle"))
        mode = (
            indexation
            if indexation in ("smic", "gel")
            else "taux"
            if isinstance(indexation, int | float) and not isinstance(indexation, bool)
            else None
        )
        ed.initialiser_widget("structure_indexation_mode", mode, reinitialiser)
        st.selectbox(
            "Indexation du socle de l'aide au poste",
            list(MODES_INDEXATION),
            format_func=MODES_INDEXATION.get,
            key="structure_indexation_mode",
            on_change=_changer_indexation,
            placeholder="Choisissez",
            help="Au-delà du dernier arrêté connu, le montant socle est gelé, suit le SMIC, "
            "ou évolue d'un taux annuel.",
        )
        with st.container():
            if st.session_state["structure_indexation_mode"] == "taux":
                ed.champ_nombre(
                    "structure_indexation_taux",
                    ("hypotheses", "indexation_socle"),
                    "Taux d'indexation du socle (% par an)",
                    aide="Évolution annuelle du montant socle, en %.",
                    reinitialiser=reinitialiser,
                    mini=-50,
                    maxi=50,
                    pas=0.1,
                    defaut=0.01,
                    pourcentage=True,
                )
        ed.champ_nombre(
            "structure_inflation_charges",
            ("hypotheses", "inflation_charges"),
            "Inflation des charges (% par an)",
            aide="Évolution annuelle des charges fixes, de la formation et du RSA.",
            reinitialiser=reinitialiser,
            mini=-50,
            maxi=50,
            pas=0.1,
            pourcentage=True,
        )
    with col3:
        ed.champ_nombre(
            "structure_evolution_ca",
            ("hypotheses", "evolution_chiffre_affaires"),
            "Évolution du chiffre d'affaires (% par an)",
            aide="Évolution annuelle du chiffre d'affaires des activités (prix et volumes), hors effet des ETP.",
            reinitialiser=reinitialiser,
            mini=-50,
            maxi=50,
            pas=0.1,
            defaut=0.0,
            pourcentage=True,
        )
        ed.champ_nombre(
            "structure_evolution_salaires",
            ("hypotheses", "evolution_salaires_permanents"),
            "Évolution des salaires des permanents (% par an)",
            aide="Hausse annuelle du coût des permanents. Vide : l'inflation des charges.",
            reinitialiser=reinitialiser,
            mini=-50,
            maxi=50,
            pas=0.1,
            pourcentage=True,
            optionnel=True,
            placeholder="comme l'inflation des charges",
        )
    statuts = ed.lire(brouillon, ("hypotheses", "statuts_financements"))
    statuts = ["acquis", "probable"] if statuts is None else [s for s in statuts if s in ed.LIBELLES_STATUTS]
    ed.initialiser_widget("structure_statuts_financements", statuts, reinitialiser)
    st.multiselect(
        "Financements comptés dans les résultats",
        list(ed.LIBELLES_STATUTS),
        format_func=ed.LIBELLES_STATUTS.get,
        key="structure_statuts_financements",
        on_change=lambda: ed.modifier_champ(
            ("hypotheses", "statuts_financements"), list(st.session_state["structure_statuts_financements"])
        ),
        help="Les financements des autres statuts sont montrés à part tant qu'ils ne sont pas retenus.",
    )
    ed.afficher_erreurs_section(par_section.get("hypotheses", []), brouillon)

if relancer:
    st.rerun()
