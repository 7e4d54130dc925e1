"""Ma structure: every input of the project file, editable; the draft keeps what is typed, even invalid.

Only the open tab runs (the tabs are lazy): a widget that is not on screen does not exist, so it can
never send a value that would overwrite saved data. Each field shows its own errors under it; a
table's errors are listed under the table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from iae_model.formats import euros
from iae_model.parametres import charger_parametres
from iae_model.projet import Projet
from iae_model.vocabulaire import MODES_INDEXATION
from ui import calculs, etat
from ui import editeurs as ed
from ui.cadre import titre
from ui.editeurs import echapper

ONGLETS = ("Structure", "Conventionnements", "Activités", "Financements", "Charges", "Hypothèses")
CLE_ONGLET = "structure_onglet"

titre("Ma structure")

brouillon = etat.brouillon()
if brouillon is None:
    if etat.erreurs():
        ed.afficher_erreurs_section(etat.erreurs(), None)
    st.info(
        "Aucun projet ouvert : ouvrez un exemple, chargez un fichier ou créez une structure.", icon=":material/info:"
    )
    st.page_link("app_pages/accueil.py", label="Aller à l'accueil", icon=":material/home:")
    st.stop()

ed.debut_de_page()
erreurs = etat.erreurs()
par_section = ed.erreurs_par_section(erreurs)
relancer = False


def _synthese(projet: Projet | None) -> None:
    """Key figures of the reference scenario for the reference year: they move with every valid change."""
    with st.container(border=True):
        if projet is None:
            st.warning(
                "Aucune version valide de ce projet : corrigez les saisies signalées pour voir les chiffres.",
                icon=":material/warning:",
            )
            return
        identifiant = calculs.scenario_de_reference(projet)
        annee = projet.structure.annee_reference
        a = calculs.resultat(projet, (identifiant,)).scenario(identifiant).annee(annee)
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
        texte = echapper(texte) + "."
        if etat.enregistrement() == "enregistre":
            texte += " Chaque saisie est enregistrée aussitôt sur le serveur, même incomplète ou invalide."
        elif etat.enregistrement() == "pas_encore":
            texte += (
                " Ce projet n'est pas enregistré sur le serveur : il le sera à votre première modification "
                "(d'ici là, un rechargement de la page le ferme)."
            )
        st.caption(
            texte + " Les nombres se saisissent à la française (1,5 ; 38 000) et les taux en pourcentage "
            "(95 pour 95 %)."
        )


_synthese(etat.projet())

# Always the same elements above the tabs: when a message appears, the tabs and the tables keep their place.
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

onglets = dict(zip(ONGLETS, st.tabs(list(ONGLETS), key=CLE_ONGLET, on_change="rerun"), strict=True))
# paths of the scalar fields drawn in the open tab (their errors are shown under them)
CHAMPS_AFFICHES: set[str] = set()


def _nombre(nom: str, chemin: tuple[str, ...], libelle: str, *, aide: str, genre: Any = "nombre", vide=None) -> None:
    ed.champ_nombre(nom, chemin, libelle, aide=aide, erreurs=erreurs, genre=genre, vide=vide)
    CHAMPS_AFFICHES.add(".".join(chemin))


def _texte(nom: str, chemin: tuple[str, ...], libelle: str, *, aide: str) -> None:
    ed.champ_texte(nom, chemin, libelle, aide=aide, erreurs=erreurs)
    CHAMPS_AFFICHES.add(".".join(chemin))


def _autres_erreurs(section: str) -> None:
    """The section's errors that no field of the tab shows under itself (tables, whole sections)."""
    reste = [e for e in par_section.get(section, []) if e.chemin not in CHAMPS_AFFICHES]
    ed.afficher_erreurs_section(reste, brouillon)


def _tableau(nom: str, chemin: tuple[str, ...], legende: str | None = None) -> None:
    global relancer
    if legende:
        st.caption(legende)
    relancer = ed.editer_tableau(nom, chemin, ed.TABLES[nom]) or relancer


# -- Structure --
if onglets["Structure"].open:
    with onglets["Structure"]:
        col1, col2 = st.columns(2)
        with col1:
            _texte("nom", ("structure", "nom"), "Nom de la structure", aide="Le nom qui figure sur les exports.")
            _texte(
                "territoire",
                ("structure", "territoire"),
                "Territoire",
                aide="Département, bassin d'emploi (facultatif).",
            )
        with col2:
            _nombre(
                "annee_reference",
                ("structure", "annee_reference"),
                "Année de référence",
                aide="L'année dont les chiffres sont saisis (comptes ou budget) ; les projections partent de là.",
                genre="annee",
            )
            _nombre(
                "tresorerie_initiale",
                ("structure", "tresorerie_initiale"),
                "Trésorerie au 1er janvier (€)",
                aide="Trésorerie disponible au 1er janvier de l'année de référence (négative si découvert), "
                "par exemple 85 000 ou −12 000.",
                genre="euros",
                vide="0 €",
            )
        _autres_erreurs("structure")

# -- Conventionnements --
if onglets["Conventionnements"].open:
    with onglets["Conventionnements"]:
        _tableau(
            "conventionnements",
            ("conventionnements",),
            "Un conventionnement par type (un ensemblier en a plusieurs). EITI : travailleurs accompagnés au lieu "
            "des ETP. Survolez un titre de colonne pour son explication ; faites défiler le tableau vers la droite "
            "pour les colonnes facultatives (EITI, salaire et cotisations propres).",
        )
        _autres_erreurs("conventionnements")

# -- Activités --
if onglets["Activités"].open:
    with onglets["Activités"]:
        _tableau(
            "activites",
            ("activites",),
            "Ce que la structure vend, pour l'année de référence ; chaque activité relève d'un conventionnement.",
        )
        _autres_erreurs("activites")

# -- Financements --
if onglets["Financements"].open:
    with onglets["Financements"]:
        _tableau(
            "financements",
            ("financements",),
            "Les subventions autres que l'aide au poste (calculée à partir des conventionnements, y compris la "
            "part du département pour les allocataires du RSA).",
        )
        ed.champ_multichoix(
            "statuts_financements",
            ("hypotheses", "statuts_financements"),
            "Financements comptés dans les résultats",
            ed.LIBELLES_STATUTS,
            ["acquis", "probable"],
            aide="Les financements des autres statuts sont montrés à part tant qu'ils ne sont pas retenus.",
        )
        CHAMPS_AFFICHES.add("hypotheses.statuts_financements")
        ed.afficher_erreurs_champ(ed.erreurs_du_champ(erreurs, ("hypotheses", "statuts_financements")), None, None)
        _autres_erreurs("financements")

# -- Charges --
MODES_SALAIRE = {"smic": "Le SMIC de chaque année", "montant": "Un salaire horaire brut"}


def _smic_de_reference() -> float:
    annee = ed.lire(brouillon, ("structure", "annee_reference"))
    annee = annee if isinstance(annee, int) and 2024 <= annee <= 2100 else 2025
    valeur = charger_parametres()["smic.horaire_brut"].valeur_connue(dt.date(annee, 1, 1))
    return float(valeur) if valeur is not None else 12.0


def _changer_mode_salaire(mode: str | None) -> None:
    if mode == "smic":
        ed.modifier_champ(("charges", "salaire_horaire_insertion"), "smic")
    elif mode == "montant":
        ed.modifier_champ(("charges", "salaire_horaire_insertion"), round(_smic_de_reference(), 2))


def _taux_officiel_cotisations() -> str:
    valeur = charger_parametres()["cotisations.taux_employeur_net_smic"].valeur_connue(dt.date.today())
    return "le paramètre officiel" + (f" ({ed.texte_du_nombre(valeur, 'pourcentage')} %)" if valeur else "")


if onglets["Charges"].open:
    with onglets["Charges"]:
        salaire = ed.lire(brouillon, ("charges", "salaire_horaire_insertion"))
        col1, col2, col3 = st.columns(3)
        with col1:
            mode = ed.champ_choix(
                "salaire_mode",
                "Salaire horaire des salariés en insertion",
                MODES_SALAIRE,
                "smic" if salaire in (None, "smic") else "montant",
                aide="Le SMIC (il suit les hypothèses), ou un salaire horaire brut de l'année de référence, qui "
                "évolue ensuite comme le SMIC. Un conventionnement peut avoir le sien (onglet Conventionnements).",
                appliquer=_changer_mode_salaire,
            )
        with col2:
            if salaire not in (None, "smic"):
                _nombre(
                    "salaire_montant",
                    ("charges", "salaire_horaire_insertion"),
                    "Salaire horaire brut (€)",
                    aide="Salaire horaire brut de l'année de référence, en euros (par exemple 12,50).",
                    genre="euros",
                )
            else:
                st.caption(
                    f"SMIC horaire brut au 1er janvier de l'année de référence : {euros(_smic_de_reference(), 2)}"
                )
                CHAMPS_AFFICHES.add("charges.salaire_horaire_insertion")
                ed.afficher_erreurs_champ(
                    ed.erreurs_du_champ(erreurs, ("charges", "salaire_horaire_insertion")), salaire, None
                )
        with col3:
            officiel = _taux_officiel_cotisations()
            _nombre(
                "taux_cotisations",
                ("charges", "taux_cotisations_employeur"),
                "Cotisations employeur (% du brut)",
                aide="Cotisations employeur restant dues sur les salaires d'insertion après allègements, en % du "
                f"salaire brut. Vide : {officiel}, approximation.",
                genre="pourcentage",
                vide=officiel,
            )

        st.markdown("**Salariés permanents** (encadrement, accompagnement, direction, administration)")
        _tableau("permanents", ("charges", "permanents"))

        col1, col2, col3, col4 = st.columns(4)
        with col1:
            _nombre(
                "fonctionnement_fixe",
                ("charges", "fonctionnement_fixe"),
                "Charges fixes de fonctionnement (€)",
                aide="Loyers, véhicules, assurances, honoraires… : les charges qui ne suivent pas le chiffre "
                "d'affaires.",
                genre="euros",
                vide="0 €",
            )
        with col2:
            _nombre(
                "formation_montant",
                ("charges", "formation", "montant"),
                "Formation, montant annuel (€)",
                aide="Coût annuel des formations des salariés en insertion.",
                genre="euros",
                vide="0 €",
            )
        with col3:
            _nombre(
                "formation_prise_en_charge",
                ("charges", "formation", "prise_en_charge"),
                "Formation, prise en charge (%)",
                aide="Part du coût de formation financée par l'OPCO ou le PIC IAE, en %.",
                genre="pourcentage",
                vide="0 %",
            )
        with col4:
            _nombre(
                "amortissements",
                ("charges", "amortissements"),
                "Amortissements (€)",
                aide="Dotations aux amortissements de l'année (matériel, véhicules, bâtiments).",
                genre="euros",
                vide="0 €",
            )
        _autres_erreurs("charges")

# -- Hypothèses --


def _changer_indexation(mode: str | None) -> None:
    if mode in ("smic", "gel"):
        ed.modifier_champ(("hypotheses", "indexation_socle"), mode)
    elif mode == "taux":
        ed.modifier_champ(("hypotheses", "indexation_socle"), 0.01)


if onglets["Hypothèses"].open:
    with onglets["Hypothèses"]:
        st.caption("Les hypothèses de tous les scénarios, sauf quand un scénario les remplace (page Scénarios).")
        col1, col2, col3 = st.columns(3)
        with col1:
            _nombre(
                "horizon",
                ("hypotheses", "horizon"),
                "Horizon (dernière année simulée)",
                aide="Dernière année des projections : au plus 15 ans après l'année de référence.",
                genre="annee",
            )
            _nombre(
                "evolution_smic",
                ("hypotheses", "evolution_smic"),
                "Évolution du SMIC (% par an)",
                aide="Hausse annuelle du SMIC au 1er janvier, au-delà des valeurs officielles connues "
                "(par exemple 1,5).",
                genre="pourcentage",
            )
        with col2:
            indexation = ed.lire(brouillon, ("hypotheses", "indexation_socle"))
            est_taux = isinstance(indexation, int | float) and not isinstance(indexation, bool)
            ed.champ_choix(
                "indexation_mode",
                "Indexation du socle de l'aide au poste",
                MODES_INDEXATION,
                indexation if indexation in ("smic", "gel") else "taux" if est_taux else None,
                aide="Au-delà du dernier arrêté connu, le montant socle est gelé, suit le SMIC, "
                "ou évolue d'un taux annuel.",
                appliquer=_changer_indexation,
            )
            if est_taux or (isinstance(indexation, str) and indexation not in ("smic", "gel")):
                _nombre(
                    "indexation_taux",
                    ("hypotheses", "indexation_socle"),
                    "Taux d'indexation du socle (% par an)",
                    aide="Évolution annuelle du montant socle, en %.",
                    genre="pourcentage",
                )
            else:
                CHAMPS_AFFICHES.add("hypotheses.indexation_socle")
                ed.afficher_erreurs_champ(
                    ed.erreurs_du_champ(erreurs, ("hypotheses", "indexation_socle")), indexation, None
                )
            _nombre(
                "inflation_charges",
                ("hypotheses", "inflation_charges"),
                "Inflation des charges (% par an)",
                aide="Évolution annuelle des charges fixes, de la formation et du RSA.",
                genre="pourcentage",
            )
        with col3:
            _nombre(
                "evolution_ca",
                ("hypotheses", "evolution_chiffre_affaires"),
                "Évolution du chiffre d'affaires (% par an)",
                aide="Évolution annuelle du chiffre d'affaires des activités (prix et volumes), hors effet des ETP.",
                genre="pourcentage",
                vide="0 %",
            )
            _nombre(
                "evolution_salaires",
                ("hypotheses", "evolution_salaires_permanents"),
                "Évolution des salaires des permanents (% par an)",
                aide="Hausse annuelle du coût des permanents. Vide : l'inflation des charges.",
                genre="pourcentage",
                vide="comme l'inflation des charges",
            )
        _autres_erreurs("hypotheses")

if relancer:
    st.rerun()
