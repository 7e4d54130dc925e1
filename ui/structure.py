"""What « Ma structure » edits: its sections, tables and fields, read from the models, and its session rules.

Titles, help, bounds, defaults and closed lists are the models' (`ui.champs`); this module only says
how each field is typed and drawn (kind, unit, width, an abridged header) and where it is on the page.
The rules that depend on the session (the draft's reference year, the switches between the SMIC and an
amount, or between an indexation mode and a rate) live here too, so that the page only draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from iae_model.comptes import selection
from iae_model.parametres import valeur_au_1er_janvier
from iae_model.projet import Projet
from iae_model.projet.modele import Activite, Conventionnement, Financement, Permanent
from iae_model.projet.tresorerie import EmpruntEnCours, VersementFinanceur
from iae_model.simulation.resultat import valeur_de_ligne
from iae_model.vocabulaire import FINANCEURS, FONCTIONS, STATUTS_FINANCEMENT
from ui import calculs, etat
from ui.champs import SYMBOLES, ChampModele, aide, champ_au_chemin, titre_au_chemin
from ui.tableaux import Colonne, Genre, lire, texte_du_nombre

SECTIONS = {
    "structure": "Structure",
    "conventionnements": "Conventionnements",
    "activites": "Activités",
    "financements": "Financements",
    "charges": "Charges",
    "tresorerie": "Trésorerie",
    "hypotheses": "Hypothèses",
}
"""The page's tabs, keyed by the section of the file they edit (the first part of an error's path)."""

SECTION_DU_CHAMP = {"structure.tresorerie_initiale": "tresorerie"}
"""Fields drawn in another tab than their section's: the cash at 1 January sits with the cash section."""

# -- tables: one column per field of a list's items --

_C = partial(Colonne, Conventionnement)
COLONNES_CONVENTIONNEMENTS: tuple[Colonne, ...] = (
    _C("type", "choix", largeur=75),
    _C("etp_conventionnes", "nombre", largeur=160),
    _C("travailleurs_accompagnes", "nombre", largeur=126, court="Travailleurs"),
    _C("taux_occupation", "pourcentage", largeur=140, court="Occupation"),
    _C("part_modulee", "pourcentage", largeur=120, court="Modulée"),
    _C("beneficiaires_rsa", "pourcentage", largeur=95, court="RSA", seulement_pour="ACI"),
    _C("derogation_plafond", "case", largeur=110, court="Dérogation"),
    _C("part_mois_1_9", "pourcentage", largeur=140, court="Mois 1 à 9", seulement_pour="EITI"),
    _C("salaire_horaire_insertion", "salaire", largeur=130, court="Salaire"),
    _C("taux_cotisations_employeur", "pourcentage", largeur=145, court="Cotisations"),
    _C("salaries_par_etp", "nombre", largeur=130, court="Salariés/ETP"),
)

_A = partial(Colonne, Activite)
COLONNES_ACTIVITES: tuple[Colonne, ...] = (
    _A("nom", "texte", largeur=180),
    _A("conventionnement", "choix", largeur=154),
    _A("chiffre_affaires", "euros", largeur=100, court="CA"),
    _A("part_marches_publics", "pourcentage", largeur=112, court="Public"),
    _A("taux_charges_variables", "pourcentage", largeur=133, court="Variables"),
    _A("part_liee_etp", "pourcentage", largeur=126, court="Liée ETP"),
    _A("facturation_horaire", "case", largeur=110, court="À l'heure"),
    _A("secteur", "texte", largeur=125),
)

_F = partial(Colonne, Financement)
COLONNES_FINANCEMENTS: tuple[Colonne, ...] = (
    _F("nom", "texte", largeur=210),
    _F("financeur", "choix", largeur=130, libelles=FINANCEURS),
    _F("montant", "euros", largeur=122, court="Montant"),
    _F("debut", "annee", largeur=75),
    _F("fin", "annee", largeur=70),
    _F("statut", "choix", largeur=105, libelles=STATUTS_FINANCEMENT),
    _F("conventionnement", "choix", largeur=154),
)

_P = partial(Colonne, Permanent)
COLONNES_PERMANENTS: tuple[Colonne, ...] = (
    _P("fonction", "choix", largeur=230, libelles=FONCTIONS),
    _P("etp", "nombre", largeur=90),
    _P("cout_annuel_charge", "euros", largeur=262),
    _P("conventionnement", "choix", largeur=154),
)

_E = partial(Colonne, EmpruntEnCours)
COLONNES_EMPRUNTS: tuple[Colonne, ...] = (
    _E("nom", "texte", largeur=150),
    _E("capital_restant_du", "euros", largeur=170, court="Capital restant dû"),
    _E("taux", "pourcentage", largeur=85, court="Taux"),
    _E("duree_restante", "nombre", largeur=125, court="Années restantes"),
)

_V = partial(Colonne, VersementFinanceur)
COLONNES_VERSEMENTS: tuple[Colonne, ...] = (
    _V("financeur", "choix", largeur=165, libelles=FINANCEURS),
    _V("part_avance", "pourcentage", largeur=105, court="Avance"),
    _V("mois_avance", "nombre", largeur=130),
    _V("mois_solde", "nombre", largeur=120),
)

TABLES: dict[str, tuple[Colonne, ...]] = {
    "conventionnements": COLONNES_CONVENTIONNEMENTS,
    "activites": COLONNES_ACTIVITES,
    "financements": COLONNES_FINANCEMENTS,
    "permanents": COLONNES_PERMANENTS,
    "emprunts": COLONNES_EMPRUNTS,
    "versements": COLONNES_VERSEMENTS,
}
CHEMINS_TABLES: dict[str, tuple[str, ...]] = {
    "conventionnements": ("conventionnements",),
    "activites": ("activites",),
    "financements": ("financements",),
    "permanents": ("charges", "permanents"),
    "emprunts": ("tresorerie", "emprunts"),
    "versements": ("tresorerie", "versements"),
}

# -- scalar fields --


@dataclass(frozen=True)
class Saisie:
    """A field typed in a widget of its own: its widget's name, its path in the file, how it is typed."""

    nom: str
    chemin: tuple[str, ...]
    genre: Genre
    unite: str | None = None
    """What the label says in parentheses: the kind's unit by default (« € », « % »), or « % par an »…"""
    vide: str | None = None
    """What an empty field means, when the model's default is no value (`{nom.du.parametre}` allowed)."""
    libelle: str | None = None
    aide: str | None = None
    """Label and help of a second widget of the same field (the amount, when the wage is not the SMIC)."""

    @property
    def du_modele(self) -> ChampModele:
        return champ_au_chemin(self.chemin)

    @property
    def titre(self) -> str:
        return self.libelle or titre_au_chemin(self.chemin)

    @property
    def etiquette(self) -> str:
        unite = self.unite or SYMBOLES.get(self.genre)
        return f"{self.titre} ({unite})" if unite else self.titre

    def texte_aide(self, annee: int) -> str:
        return aide(self.du_modele, self.genre, annee, self.aide)

    def texte_vide(self, annee: int) -> str | None:
        """The placeholder's words: the meaning given here, else the model's default in the field's unit."""
        if self.vide is not None:
            return aide(self.du_modele, self.genre, annee, self.vide)
        defaut = self.du_modele.defaut
        if isinstance(defaut, int | float) and not isinstance(defaut, bool) and self.genre in SYMBOLES:
            return f"{texte_du_nombre(defaut, self.genre)} {SYMBOLES[self.genre]}"
        return None


SAISIES: dict[str, Saisie] = {
    s.nom: s
    for s in (
        Saisie("nom", ("structure", "nom"), "texte"),
        Saisie("territoire", ("structure", "territoire"), "texte"),
        Saisie("annee_reference", ("structure", "annee_reference"), "annee"),
        Saisie("tresorerie_initiale", ("structure", "tresorerie_initiale"), "euros"),
        Saisie(
            "salaire_montant",
            ("charges", "salaire_horaire_insertion"),
            "euros",
            libelle="Salaire horaire brut",
            aide="Salaire horaire brut de l'année de référence, en euros (par exemple 12,50).",
        ),
        Saisie(
            "taux_cotisations",
            ("charges", "taux_cotisations_employeur"),
            "pourcentage",
            unite="% du brut",
            vide="calculé ci-dessous",
        ),
        Saisie(
            "taux_at_mp",
            ("charges", "taux_at_mp"),
            "pourcentage",
            unite="% du brut",
            vide="{cotisations.non_couvertes.at_mp_taux_defaut}",
        ),
        Saisie(
            "taux_versement_mobilite",
            ("charges", "taux_versement_mobilite"),
            "pourcentage",
            unite="% du brut",
            vide="{cotisations.non_couvertes.versement_mobilite_taux_defaut}",
        ),
        Saisie("fonctionnement_fixe", ("charges", "fonctionnement_fixe"), "euros"),
        Saisie("formation_montant", ("charges", "formation", "montant"), "euros"),
        Saisie("formation_prise_en_charge", ("charges", "formation", "prise_en_charge"), "pourcentage"),
        Saisie("amortissements", ("charges", "amortissements"), "euros"),
        Saisie(
            "fonds_propres",
            ("tresorerie", "bilan", "fonds_propres"),
            "euros",
            vide="non calculés",
            libelle="Fonds propres",
        ),
        Saisie(
            "immobilisations_nettes",
            ("tresorerie", "bilan", "immobilisations_nettes"),
            "euros",
            vide="pas de FRNG",
            libelle="Immobilisations nettes",
        ),
        Saisie(
            "quote_part_subventions",
            ("tresorerie", "bilan", "quote_part_subventions"),
            "euros",
            libelle="Quote-part des subventions",
        ),
        Saisie(
            "renouvellement_annuel",
            ("tresorerie", "renouvellement_annuel"),
            "euros",
            vide="les amortissements",
            libelle="Renouvellement annuel",
        ),
        Saisie(
            "delai_clients_publics",
            ("tresorerie", "delai_clients_publics"),
            "nombre",
            vide="{tresorerie.delai_clients_publics} jours",
        ),
        Saisie(
            "delai_clients_prives",
            ("tresorerie", "delai_clients_prives"),
            "nombre",
            vide="{tresorerie.delai_clients_prives} jours",
        ),
        Saisie(
            "delai_fournisseurs",
            ("tresorerie", "delai_fournisseurs"),
            "nombre",
            vide="{tresorerie.delai_fournisseurs} jours",
        ),
        Saisie("horizon", ("hypotheses", "horizon"), "annee", unite="dernière année simulée"),
        Saisie("evolution_smic", ("hypotheses", "evolution_smic"), "pourcentage", unite="% par an"),
        Saisie(
            "indexation_taux",
            ("hypotheses", "indexation_socle"),
            "pourcentage",
            unite="% par an",
            libelle="Taux d'indexation du socle",
            aide="Évolution annuelle du montant socle, en %.",
        ),
        Saisie("inflation_charges", ("hypotheses", "inflation_charges"), "pourcentage", unite="% par an"),
        Saisie(
            "evolution_ca",
            ("hypotheses", "evolution_chiffre_affaires"),
            "pourcentage",
            unite="% par an",
            vide="comme l'inflation",
        ),
        Saisie(
            "evolution_salaires",
            ("hypotheses", "evolution_salaires_permanents"),
            "pourcentage",
            unite="% par an",
            vide="comme l'inflation",
        ),
    )
}
GENRES_SCALAIRES: dict[str, str] = {".".join(s.chemin): s.genre for s in SAISIES.values()}
"""The unit each scalar field is typed in (its errors are told in that unit)."""

SALAIRE = ("charges", "salaire_horaire_insertion")
FORME_JURIDIQUE = ("structure", "forme_juridique")
TAXE_SALAIRES = ("structure", "assujettie_taxe_sur_salaires")
INDEXATION = ("hypotheses", "indexation_socle")
STATUTS = ("hypotheses", "statuts_financements")
"""Fields drawn as a choice (a mode, then an amount or a rate; a list of statuses)."""

# -- session rules --


def annee_de_reference() -> int:
    """The draft's reference year when the model accepts it, else the last valid project's: the help texts
    and the SMIC of the page read their parameters for that year."""
    c = champ_au_chemin(("structure", "annee_reference"))
    annee = lire(etat.brouillon(), ("structure", "annee_reference"))
    bas, haut = int(c.minimum or 0), int(c.maximum or 9999)
    if isinstance(annee, int) and not isinstance(annee, bool) and bas <= annee <= haut:
        return annee
    projet = etat.projet()
    return projet.structure.annee_reference if projet is not None else bas


def smic_de_reference() -> float:
    """The gross hourly SMIC on 1 January of the reference year (the first amount proposed for a wage)."""
    valeur = valeur_au_1er_janvier("smic.horaire_brut", annee_de_reference())
    return float(valeur) if valeur is not None else 0.0


MODES_SALAIRE = {"smic": "Le SMIC de chaque année", "montant": "Un salaire horaire brut"}
MODES_TAXE_SALAIRES = {
    "auto": "Selon la forme et les conventionnements",
    "oui": "Oui",
    "non": "Non",
}
"""Whether the structure pays the taxe sur les salaires: the model's default rule, or the user's answer."""


def mode_taxe_salaires(valeur: Any) -> str:
    return "auto" if valeur is None else "oui" if valeur else "non"


def taxe_salaires_du_mode(mode: str) -> bool | None:
    return None if mode == "auto" else mode == "oui"


def mode_salaire(valeur: Any) -> str:
    return "smic" if valeur in (None, "smic") else "montant"


def salaire_du_mode(mode: str) -> str | float:
    """The wage written when the mode is chosen: the SMIC, or the SMIC's amount as a first figure to change."""
    return "smic" if mode == "smic" else round(smic_de_reference(), 2)


def mode_indexation(valeur: Any) -> str | None:
    """`smic`, `gel`, `taux` for a rate, None otherwise."""
    if valeur in ("smic", "gel"):
        return valeur
    return "taux" if isinstance(valeur, int | float) and not isinstance(valeur, bool) else None


def indexation_en_taux(valeur: Any) -> bool:
    """A rate, or a text typed as one that cannot be read: it keeps its field (and its message)."""
    return mode_indexation(valeur) == "taux" or (isinstance(valeur, str) and valeur not in ("smic", "gel"))


def indexation_du_mode(mode: str) -> str | float:
    """The indexation written when the mode is chosen (a rate starts at 1 % a year)."""
    return mode if mode in ("smic", "gel") else 0.01


CHIFFRES_CLES = selection(
    ("produits", "aide_au_poste"),
    ("produits", "chiffre_affaires"),
    ("produits", "subventions"),
    ("resultat", "resultat"),
    ("tresorerie", "tresorerie_fin"),
)
"""The figures above the tabs, for the reference scenario and year: they move with every valid change."""


def chiffres_cles(projet: Projet) -> tuple[str, int, list[tuple[str, float]]]:
    """(label of the reference scenario, reference year, [(line, amount)]) of the project."""
    identifiant = calculs.scenario_de_reference(projet)
    annee = projet.structure.annee_reference
    a = calculs.resultat(projet, (identifiant,)).scenario(identifiant).annee(annee)
    valeurs = [(ligne.libelle, valeur_de_ligne(a, ligne.categorie, ligne.code)) for ligne in CHIFFRES_CLES]
    return projet.scenario(identifiant).libelle, annee, valeurs
