"""Ma structure: every input of the project file, editable; the draft keeps what is typed, even invalid.

Only the open tab runs (the tabs are lazy): a widget that is not on screen does not exist, so it can
never send a value that would overwrite saved data. Each field shows its own errors under it; a
table's errors are listed under the table. What each field is (label, help, bounds) is the model's and
how it is typed is `ui.structure`'s: this page only places them.
"""

from __future__ import annotations

import streamlit as st

from iae_model.formats import euros
from iae_model.phrases import cotisations_non_couvertes, parametre
from iae_model.vocabulaire import FORMES_JURIDIQUES, MODES_INDEXATION, STATUTS_FINANCEMENT, en_phrase
from ui import depuis_les_comptes as comptes
from ui import editeurs as ed
from ui import etat
from ui import structure as s
from ui.cadre import titre
from ui.champs import champ_au_chemin
from ui.composants import chiffres_cles
from ui.editeurs import echapper

# the accounts first: the quickest way in, and a tab the bar would hide at the end on a 1024-pixel screen
ONGLETS = (comptes.ONGLET, *s.SECTIONS.values())
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
annee = s.annee_de_reference()
relancer = False

# Key figures of the reference scenario for the reference year: they move with every valid change.
with st.container(border=True):
    projet = etat.projet()
    if projet is None:
        st.warning(
            "Aucune version valide de ce projet : corrigez les saisies signalées pour voir les chiffres.",
            icon=":material/warning:",
        )
    else:
        libelle, annee_chiffres, chiffres = s.chiffres_cles(projet)
        chiffres_cles([(nom, euros(valeur), None, "normal", None) for nom, valeur in chiffres], bordure=False)
        texte = f"Scénario « {libelle} », année {annee_chiffres}"
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

# Always the same elements above the tabs: when a message appears, the tabs and the tables keep their place.
with st.container():
    col_message, col_bouton = st.columns([3, 2], vertical_alignment="center")
    if erreurs:
        sections = [f"{s.SECTIONS.get(x, 'Scénarios et autres')} ({len(liste)})" for x, liste in par_section.items()]
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

# a project with figures opens on its structure; one still without them, on the accounts to start from
a_des_chiffres = any(ed.lire(brouillon, (section,)) for section in ("activites", "financements"))
# chosen once a session: a default that changed with the figures would reset the tabs (a new widget) and throw
# the user out of the accounts tab the moment it fills the project
defaut = st.session_state.setdefault(
    "structure_onglet_defaut", s.SECTIONS["structure"] if a_des_chiffres else comptes.ONGLET
)
onglets = dict(zip(ONGLETS, st.tabs(list(ONGLETS), default=defaut, key=CLE_ONGLET, on_change="rerun"), strict=True))
CHAMPS_AFFICHES: set[str] = set()  # paths of the fields drawn in the open tab: their errors are shown under them


def _champ(nom: str) -> None:
    ed.champ(s.SAISIES[nom], erreurs, annee)
    CHAMPS_AFFICHES.add(".".join(s.SAISIES[nom].chemin))


def _erreurs_sous_le_choix(chemin: tuple[str, ...]) -> None:
    """The errors of a field drawn as a choice alone (its typed value has no field of its own here)."""
    CHAMPS_AFFICHES.add(".".join(chemin))
    ed.afficher_erreurs_champ(ed.erreurs_du_champ(erreurs, chemin), ed.lire(brouillon, chemin), None)


def _autres_erreurs(section: str) -> None:
    """The section's errors that no field of the tab shows under itself (tables, whole sections)."""
    reste = [e for e in par_section.get(section, []) if e.chemin not in CHAMPS_AFFICHES]
    ed.afficher_erreurs_section(reste, brouillon)


def _tableau(nom: str, legende: str | None = None) -> None:
    global relancer
    if legende:
        st.caption(legende)
    relancer = ed.editer_tableau(nom, annee) or relancer


if onglets["Structure"].open:
    with onglets["Structure"]:
        col1, col2 = st.columns(2)
        with col1:
            _champ("nom")
            _champ("territoire")
        with col2:
            _champ("annee_reference")
            st.caption("La trésorerie au 1er janvier se saisit dans l'onglet Trésorerie.")
        col1, col2 = st.columns(2)
        with col1:
            ed.champ_choix(
                "forme_juridique",
                s.FORME_JURIDIQUE,
                FORMES_JURIDIQUES,
                ed.lire(brouillon, s.FORME_JURIDIQUE),
                annee=annee,
                valeur_du_choix=str,
            )
            _erreurs_sous_le_choix(s.FORME_JURIDIQUE)
        with col2:
            ed.champ_choix(
                "taxe_salaires",
                s.TAXE_SALAIRES,
                s.MODES_TAXE_SALAIRES,
                s.mode_taxe_salaires(ed.lire(brouillon, s.TAXE_SALAIRES)),
                annee=annee,
                valeur_du_choix=s.taxe_salaires_du_mode,
            )
            _erreurs_sous_le_choix(s.TAXE_SALAIRES)
        _autres_erreurs("structure")

if onglets["Conventionnements"].open:
    with onglets["Conventionnements"]:
        _tableau(
            "conventionnements",
            "Un conventionnement par type (un ensemblier en a plusieurs). EITI : travailleurs accompagnés au lieu "
            "des ETP. Survolez un titre de colonne pour son explication ; faites défiler le tableau vers la droite "
            "pour les colonnes facultatives (EITI, salaire et cotisations propres, salariés par ETP).",
        )
        _autres_erreurs("conventionnements")

if onglets["Activités"].open:
    with onglets["Activités"]:
        _tableau(
            "activites",
            "Ce que la structure vend, pour l'année de référence ; chaque activité relève d'un conventionnement. "
            "AI et ETTI : une activité facturée à l'heure peut suivre le SMIC (colonne « À l'heure »).",
        )
        _autres_erreurs("activites")

if onglets["Financements"].open:
    with onglets["Financements"]:
        _tableau(
            "financements",
            "Les subventions autres que l'aide au poste (calculée à partir des conventionnements, y compris la "
            "part du département pour les allocataires du RSA).",
        )
        ed.champ_multichoix("statuts_financements", s.STATUTS, STATUTS_FINANCEMENT, erreurs, annee)
        CHAMPS_AFFICHES.add(".".join(s.STATUTS))
        _autres_erreurs("financements")

if onglets["Charges"].open:
    with onglets["Charges"]:
        salaire = ed.lire(brouillon, s.SALAIRE)
        col1, col2, col3 = st.columns(3)
        with col1:
            ed.champ_choix(
                "salaire_mode",
                s.SALAIRE,
                s.MODES_SALAIRE,
                s.mode_salaire(salaire),
                annee=annee,
                valeur_du_choix=s.salaire_du_mode,
            )
        with col2:
            if s.mode_salaire(salaire) == "montant":
                _champ("salaire_montant")
            else:
                st.caption(
                    "SMIC horaire brut au 1er janvier de l'année de référence : "
                    + parametre("smic.horaire_brut", annee)
                )
                _erreurs_sous_le_choix(s.SALAIRE)
        with col3:
            _champ("taux_cotisations")
        st.markdown(
            "**Charges que la réduction générale ne couvre pas** (comptées dans le calcul quand le taux de "
            "cotisations est vide)"
        )
        col1, col2, col3 = st.columns(3)
        with col1:
            _champ("taux_at_mp")
        with col2:
            _champ("taux_versement_mobilite")
        with col3:
            st.caption(cotisations_non_couvertes(annee))
        permanents = champ_au_chemin(s.CHEMINS_TABLES["permanents"])
        st.markdown(f"**{permanents.libelle}** : {en_phrase(permanents.description)}")
        _tableau("permanents")
        for col, nom in zip(
            st.columns(4),
            ("fonctionnement_fixe", "formation_montant", "formation_prise_en_charge", "amortissements"),
            strict=True,
        ):
            with col:
                _champ(nom)
        _autres_erreurs("charges")

if onglets["Trésorerie"].open:
    with onglets["Trésorerie"]:
        st.caption(
            "Ce qu'il faut pour suivre la trésorerie mois par mois, comme un comptable la prévoit. Un champ vide "
            "prend la valeur écrite en grisé (un paramètre daté quand il y en a un)."
        )
        st.markdown("**Au 1er janvier de l'année de référence**")
        col1, col2, col3 = st.columns(3)
        with col1:
            _champ("tresorerie_initiale")
            _champ("renouvellement_annuel")
        with col2:
            _champ("fonds_propres")
            _champ("immobilisations_nettes")
        with col3:
            _champ("quote_part_subventions")
        st.markdown("**Délais de paiement**, en jours : un champ vide prend le paramètre daté écrit en grisé")
        for col, nom in zip(
            st.columns(3), ("delai_clients_publics", "delai_clients_prives", "delai_fournisseurs"), strict=True
        ):
            with col:
                _champ(nom)
        for nom in ("emprunts", "versements"):
            table = champ_au_chemin(s.CHEMINS_TABLES[nom])
            st.markdown(f"**{table.libelle}** : {en_phrase(table.description)}")
            _tableau(nom)
        _autres_erreurs("tresorerie")

if onglets["Hypothèses"].open:
    with onglets["Hypothèses"]:
        st.caption("Les hypothèses de tous les scénarios, sauf quand un scénario les remplace (page Scénarios).")
        col1, col2, col3 = st.columns(3)
        with col1:
            _champ("horizon")
            _champ("evolution_smic")
        with col2:
            indexation = ed.lire(brouillon, s.INDEXATION)
            ed.champ_choix(
                "indexation_mode",
                s.INDEXATION,
                MODES_INDEXATION,
                s.mode_indexation(indexation),
                annee=annee,
                valeur_du_choix=s.indexation_du_mode,
            )
            if s.indexation_en_taux(indexation):
                _champ("indexation_taux")
            else:
                _erreurs_sous_le_choix(s.INDEXATION)
            _champ("inflation_charges")
        with col3:
            _champ("evolution_ca")
            _champ("evolution_salaires")
        _autres_erreurs("hypotheses")

if onglets[comptes.ONGLET].open:
    with onglets[comptes.ONGLET]:
        comptes.dessiner(annee)

if relancer:
    st.rerun()
