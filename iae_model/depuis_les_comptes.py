"""« Depuis mes comptes »: the last compte de résultat (or the budget), in the lines a DAF knows, fills the project.

A director has his accounts, not the engine's parameters. He types (or pastes from a spreadsheet) the lines
of the reference year; the entry checks itself (produits − charges = the result printed in the accounts, to
the euro), then fills the project's data:

CA by activity          one activity each, on the structure's first conventionnement (an existing activity of
                        the same name keeps its other fields); achats → taux de charges variables = achats ÷ CA
Aide au poste           not entered in the project: the engine computes it (ETP × socle); compared below
Subventions by funder   one financement each, acquis, from the reference year, without end; the financements
                        active in the reference year are replaced (they are in the accounts), the others kept
Charges externes,       charges fixes = charges externes + impôts et taxes − what the engine computes itself in
impôts et taxes         those lines (taxe sur les salaires, formation, garantie financière of an ETTI, interest
                        of the loans): calibrated on a simulation of the reference year
Salaires insertion      not entered: the engine computes them (ETP réalisés × heures × salaire × cotisations)
Salaires permanents     one line: cost of an ETP = total ÷ ETP
Dotations, autres       amortissements, autres charges, autres produits, quote-part des subventions
Bilan d'ouverture       trésorerie au 1er janvier, fonds propres, immobilisations nettes

Then `comparer` sets the engine's reference year beside the accounts, line by line, and says in French
what would explain a gap (the aide au poste and the insertion payroll are the engine's).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any

from iae_model.formats import NombreIllisible, euros, lire_nombre
from iae_model.phrases import taux
from iae_model.texte import translitterer
from iae_model.vocabulaire import FINANCEURS, libelle

ECART_TOLERE = 0.5
"""The self-check is to the euro: a gap under 50 centimes is rounding."""
PRECISION_TAUX = 10
"""Decimals kept in the variable-charge rate: achats come back to the cent on any CA."""


@dataclass(frozen=True)
class LigneMontant:
    """A named amount of a list line (an activity's CA, a funder's subsidies)."""

    nom: str
    montant: float


@dataclass(frozen=True)
class Comptes:
    """The reference year's accounts as a DAF reads them (amounts in euros, charges positive)."""

    annee: int
    chiffre_affaires: tuple[LigneMontant, ...] = ()
    """CA by activity (the name of the activity, its CA)."""
    aide_au_poste: float = 0.0
    subventions: tuple[LigneMontant, ...] = ()
    """Operating subsidies by funder (`nom`: a code of `FINANCEURS`)."""
    quote_part_subventions: float = 0.0
    autres_produits: float = 0.0
    achats: float = 0.0
    charges_externes: float = 0.0
    impots_taxes: float = 0.0
    salaires_insertion: float = 0.0
    salaires_permanents: float = 0.0
    etp_permanents: float = 0.0
    dotations: float = 0.0
    autres_charges: float = 0.0
    resultat: float = 0.0
    """The result as printed in the accounts: the self-check compares the lines with it."""
    tresorerie: float | None = None
    fonds_propres: float | None = None
    immobilisations_nettes: float | None = None

    @property
    def total_chiffre_affaires(self) -> float:
        return sum(x.montant for x in self.chiffre_affaires)

    @property
    def total_subventions(self) -> float:
        return sum(x.montant for x in self.subventions)

    @property
    def total_produits(self) -> float:
        return (
            self.total_chiffre_affaires
            + self.aide_au_poste
            + self.total_subventions
            + self.quote_part_subventions
            + self.autres_produits
        )

    @property
    def total_charges(self) -> float:
        return (
            self.achats
            + self.charges_externes
            + self.impots_taxes
            + self.salaires_insertion
            + self.salaires_permanents
            + self.dotations
            + self.autres_charges
        )

    @property
    def resultat_des_lignes(self) -> float:
        return self.total_produits - self.total_charges


PRODUITS = {
    "chiffre_affaires": "Chiffre d'affaires",
    "aide_au_poste": "Aide au poste",
    "subventions": "Subventions d'exploitation",
    "quote_part_subventions": "Quote-part des subventions d'investissement",
    "autres_produits": "Autres produits",
}
CHARGES = {
    "achats": "Achats (consommés)",
    "charges_externes": "Autres achats et charges externes",
    "impots_taxes": "Impôts et taxes",
    "salaires_insertion": "Salaires et charges des salariés en insertion",
    "salaires_permanents": "Salaires et charges des permanents",
    "dotations": "Dotations aux amortissements",
    "autres_charges": "Autres charges",
}
BILAN = {
    "tresorerie": "Trésorerie au 1er janvier",
    "fonds_propres": "Fonds propres",
    "immobilisations_nettes": "Immobilisations nettes",
}
AUTRES = {"etp_permanents": "ETP des permanents", "resultat": "Résultat de l'exercice"}
LIBELLES: dict[str, str] = {**PRODUITS, **CHARGES, **AUTRES, **BILAN}
"""The DAF's lines, as the entry, the paste and the messages name them."""


# --- the self-check ------------------------------------------------------------------------------------


def ecart(comptes: Comptes) -> float:
    """Σ produits − Σ charges − résultat entered: 0 when the lines add up to the accounts' result."""
    return comptes.resultat_des_lignes - comptes.resultat


def verification(comptes: Comptes) -> str | None:
    """None when the lines add up to the result to the euro, else the French sentence naming the gap."""
    e = ecart(comptes)
    if abs(e) < ECART_TOLERE:
        return None
    sens = "des charges manquent, ou des produits sont comptés en trop" if e > 0 else "des produits manquent"
    return (
        f"Les produits ({euros(comptes.total_produits)}) moins les charges ({euros(comptes.total_charges)}) font "
        f"{euros(comptes.resultat_des_lignes)}, mais le résultat saisi est {euros(comptes.resultat)} : écart de "
        f"{euros(abs(e))} ({sens}). Vérifiez les lignes, ou mettez l'écart dans « Autres charges » ou « Autres "
        "produits »."
    )


# --- paste from a spreadsheet --------------------------------------------------------------------------

_MOTS_FINANCEURS = (
    ("fse", "fse"),
    ("fdi", "fdi"),
    ("opco", "opco"),
    ("region", "region"),
    ("departement", "departement"),
    ("commune", "commune_epci"),
    ("ville", "commune_epci"),
    ("epci", "commune_epci"),
    ("agglo", "commune_epci"),
    ("metropole", "commune_epci"),
    ("fondation", "fondation_mecenat"),
    ("mecenat", "fondation_mecenat"),
    ("etat", "etat_autre"),
    ("dreets", "etat_autre"),
    ("politique de la ville", "etat_autre"),
)
_RECONNAISSANCE: tuple[tuple[str, str], ...] = (
    # the longer phrases first: « autres achats et charges externes » is not « achats »
    ("resultat", "resultat"),
    ("etp", "etp_permanents"),
    ("tresorerie", "tresorerie"),
    ("disponibilites", "tresorerie"),
    ("fonds propres", "fonds_propres"),
    ("fonds associatifs", "fonds_propres"),
    ("capitaux propres", "fonds_propres"),
    ("immobilisations", "immobilisations_nettes"),
    ("quote-part", "quote_part_subventions"),
    ("quote part", "quote_part_subventions"),
    ("aide au poste", "aide_au_poste"),
    ("aides au poste", "aide_au_poste"),
    ("asp", "aide_au_poste"),
    ("subvention", "subventions"),
    ("charges externes", "charges_externes"),
    ("services exterieurs", "charges_externes"),
    ("impot", "impots_taxes"),
    ("taxe", "impots_taxes"),
    ("dotation", "dotations"),
    ("amortissement", "dotations"),
    ("insertion", "salaires_insertion"),
    ("permanent", "salaires_permanents"),
    ("encadrement", "salaires_permanents"),
    ("achat", "achats"),
    ("autres charges", "autres_charges"),
    ("charges exceptionnelles", "autres_charges"),
    ("autres produits", "autres_produits"),
    ("produits exceptionnels", "autres_produits"),
    ("transfert", "autres_produits"),
    ("chiffre d'affaires", "chiffre_affaires"),
    ("chiffre d affaires", "chiffre_affaires"),
    ("ventes", "chiffre_affaires"),
    ("prestations", "chiffre_affaires"),
    ("production vendue", "chiffre_affaires"),
    ("ca ", "chiffre_affaires"),
)


def ligne_reconnue(libelle_colle: str) -> str | None:
    """The DAF line a spreadsheet label stands for (« Autres achats et charges externes » -> charges_externes)."""
    t = " " + re.sub(r"\s+", " ", translitterer(libelle_colle)).strip() + " "
    for mot, ligne in _RECONNAISSANCE:
        if f" {mot}" in t or t.strip() == mot.strip():
            return ligne
    return None


def financeur_reconnu(libelle_colle: str) -> str:
    """The funder a subsidy's label names (« Subvention Région » -> region); `autre` when none."""
    t = " " + re.sub(r"[^a-z0-9+]+", " ", translitterer(libelle_colle)) + " "
    for mot, code in _MOTS_FINANCEURS:
        if f" {mot}" in t:  # a word's beginning: « départemental » is the département
            return code
    return "autre"


@dataclass
class Collage:
    """What a paste gave: the values of the simple lines, the list lines, and the rows not understood."""

    valeurs: dict[str, float] = field(default_factory=dict)
    chiffre_affaires: list[LigneMontant] = field(default_factory=list)
    subventions: list[LigneMontant] = field(default_factory=list)
    non_reconnues: list[str] = field(default_factory=list)


def lire_collage(texte: str) -> Collage:
    """Rows « libellé<TAB>montant » copied from Excel or LibreOffice (French numbers), read into the DAF lines.

    The amount is the row's last cell that reads as a number (a row « 60 | Achats | 12 000 » works); the label
    is the cells before it. A charge written negative counts as positive. Two rows of one simple line add up;
    each CA row is an activity, each subsidy row adds to its funder. Rows not understood are returned as typed.
    """
    c = Collage()
    for brut in texte.splitlines():
        if not brut.strip():
            continue
        cellules = [x.strip() for x in re.split(r"\t|;", brut)]
        montant, libelle_colle = None, ""
        for i in range(len(cellules) - 1, -1, -1):
            try:
                montant = lire_nombre(cellules[i])
            except NombreIllisible:
                continue
            libelle_colle = " ".join(x for x in cellules[:i] if x and not _est_un_numero_de_compte(x))
            break
        ligne = ligne_reconnue(libelle_colle) if libelle_colle and montant is not None else None
        if ligne is None or montant is None:
            c.non_reconnues.append(brut.strip())
            continue
        if ligne in CHARGES:
            montant = abs(montant)
        if ligne == "chiffre_affaires":
            c.chiffre_affaires.append(LigneMontant(libelle_colle, montant))
        elif ligne == "subventions":
            c.subventions.append(LigneMontant(financeur_reconnu(libelle_colle), montant))
        else:
            c.valeurs[ligne] = c.valeurs.get(ligne, 0.0) + montant
    return c


def _est_un_numero_de_compte(cellule: str) -> bool:
    return bool(re.fullmatch(r"\d{2,8}", cellule))


def subventions_par_financeur(lignes: list[LigneMontant] | tuple[LigneMontant, ...]) -> tuple[LigneMontant, ...]:
    """One line a funder, in the order met (amounts added up)."""
    total: dict[str, float] = {}
    for x in lignes:
        total[x.nom] = total.get(x.nom, 0.0) + x.montant
    return tuple(LigneMontant(k, v) for k, v in total.items())


def appliquer_collage(comptes: Comptes, collage: Collage) -> Comptes:
    """The accounts with the pasted lines written over (a list line pasted replaces the whole list)."""
    changes: dict[str, Any] = dict(collage.valeurs)
    if collage.chiffre_affaires:
        changes["chiffre_affaires"] = tuple(collage.chiffre_affaires)
    if collage.subventions:
        changes["subventions"] = subventions_par_financeur(collage.subventions)
    return replace(comptes, **changes)


# --- filling the project -------------------------------------------------------------------------------


def _dict(parent: dict[str, Any], cle: str) -> dict[str, Any]:
    if not isinstance(parent.get(cle), dict):
        parent[cle] = {}
    return parent[cle]


def _liste(valeur: Any) -> list[Any]:
    return [x for x in valeur if isinstance(x, dict)] if isinstance(valeur, list) else []


def _conventionnement(donnees: dict[str, Any]) -> str:
    convs = _liste(donnees.get("conventionnements"))
    return str(convs[0].get("type", "ACI")) if convs else "ACI"


def nom_financement(financeur: str, annee: int) -> str:
    return f"{libelle(FINANCEURS, financeur)} (comptes {annee})"


def _actif(f: dict[str, Any], annee: int) -> bool:
    debut, fin = f.get("debut"), f.get("fin")
    return isinstance(debut, int) and debut <= annee and (not isinstance(fin, int) or fin >= annee)


def remplacements(donnees: dict[str, Any], comptes: Comptes) -> list[str]:
    """What filling from the accounts replaces in the draft, in French (empty: nothing typed is replaced)."""
    dit: list[str] = []
    activites = _liste(donnees.get("activites"))
    noms = {x.nom for x in comptes.chiffre_affaires}
    perdues = [a.get("nom", "?") for a in activites if a.get("nom") not in noms]
    if perdues:
        dit.append("les activités " + ", ".join(f"« {n} »" for n in perdues) + " (absentes des comptes) sont retirées")
    gardees = [a.get("nom") for a in activites if a.get("nom") in noms]
    if gardees:
        dit.append(
            "le chiffre d'affaires et le taux de charges variables de "
            + ", ".join(f"« {n} »" for n in gardees)
            + " sont remplacés (leurs autres colonnes sont gardées)"
        )
    actifs = [f.get("nom", "?") for f in _liste(donnees.get("financements")) if _actif(f, comptes.annee)]
    if actifs:
        dit.append(
            f"les financements actifs en {comptes.annee} ("
            + ", ".join(f"« {n} »" for n in actifs)
            + ") sont remplacés par les subventions des comptes"
        )
    charges = donnees.get("charges") if isinstance(donnees.get("charges"), dict) else {}
    if _liste(charges.get("permanents")):
        dit.append("les permanents sont remplacés par une ligne (coût d'un ETP = salaires ÷ ETP)")
    for cle, nom in (
        ("fonctionnement_fixe", "les charges fixes"),
        ("amortissements", "les amortissements"),
        ("autres_charges", "les autres charges"),
        ("autres_produits", "les autres produits"),
    ):
        if charges.get(cle):
            dit.append(f"{nom} ({euros(float(charges[cle]))}) sont remplacé{'e' if cle != 'amortissements' else ''}s")
    structure = donnees.get("structure") if isinstance(donnees.get("structure"), dict) else {}
    if comptes.tresorerie is not None and structure.get("tresorerie_initiale"):
        dit.append(f"la trésorerie au 1er janvier ({euros(float(structure['tresorerie_initiale']))}) est remplacée")
    return dit


def remplir(donnees: dict[str, Any], comptes: Comptes) -> dict[str, Any]:
    """The draft filled from the accounts (a new dict; the argument is not changed), fixed charges calibrated
    so that the engine's reference year shows the accounts' charges externes + impôts et taxes.

    The draft must otherwise be valid for the calibration (a conventionnement, hypotheses); when it is not,
    the fixed charges are the accounts' charges externes + impôts et taxes, not calibrated.
    """
    d = _sans_calibrage(donnees, comptes)
    calcules = _calcules_dans_les_charges_fixes(d, comptes.annee)
    if calcules is not None:
        fixes = comptes.charges_externes + comptes.impots_taxes - calcules
        _dict(d, "charges")["fonctionnement_fixe"] = round(max(0.0, fixes), 2)
    return d


def _sans_calibrage(donnees: dict[str, Any], comptes: Comptes) -> dict[str, Any]:
    d = copy.deepcopy(donnees) if isinstance(donnees, dict) else {}
    structure = _dict(d, "structure")
    structure["annee_reference"] = comptes.annee
    if comptes.tresorerie is not None:
        structure["tresorerie_initiale"] = comptes.tresorerie
    conv = _conventionnement(d)
    anciennes = {a.get("nom"): a for a in _liste(d.get("activites"))}
    ca = comptes.total_chiffre_affaires
    taux = round(min(1.0, comptes.achats / ca), PRECISION_TAUX) if ca > 0 else 0.0
    activites = []
    for x in comptes.chiffre_affaires:
        a = dict(anciennes.get(x.nom) or {"nom": x.nom, "conventionnement": conv})
        a["chiffre_affaires"] = x.montant
        a["taux_charges_variables"] = taux
        activites.append(a)
    d["activites"] = activites
    gardes = [f for f in _liste(d.get("financements")) if not _actif(f, comptes.annee)]
    nouveaux = [
        {
            "nom": nom_financement(x.nom, comptes.annee),
            "financeur": x.nom,
            "montant": x.montant,
            "debut": comptes.annee,
            "statut": "acquis",
        }
        for x in subventions_par_financeur(comptes.subventions)
        if x.montant
    ]
    d["financements"] = nouveaux + gardes
    charges = _dict(d, "charges")
    if comptes.etp_permanents > 0 and comptes.salaires_permanents > 0:
        cout = round(comptes.salaires_permanents / comptes.etp_permanents, 2)
        charges["permanents"] = [{"fonction": "autre", "etp": comptes.etp_permanents, "cout_annuel_charge": cout}]
    else:
        charges["permanents"] = []
    # achats beyond the CA (no CA, or a rate above 100 %) stay in the fixed charges
    hors_taux = max(0.0, comptes.achats - taux * ca)
    charges["fonctionnement_fixe"] = round(comptes.charges_externes + comptes.impots_taxes + hors_taux, 2)
    charges["amortissements"] = comptes.dotations
    charges["autres_charges"] = comptes.autres_charges
    charges["autres_produits"] = comptes.autres_produits
    bilan = _dict(_dict(d, "tresorerie"), "bilan")
    bilan["quote_part_subventions"] = comptes.quote_part_subventions
    if comptes.fonds_propres is not None:
        bilan["fonds_propres"] = comptes.fonds_propres
    if comptes.immobilisations_nettes is not None:
        bilan["immobilisations_nettes"] = comptes.immobilisations_nettes
    return d


def _calcules_dans_les_charges_fixes(d: dict[str, Any], annee: int) -> float | None:
    """What the engine puts in charges externes + impôts et taxes beyond the fixed charges, in the reference
    year (taxe sur les salaires, formation, ETTI guarantee, interest); None when the draft cannot be simulated."""
    a = _annee_du_moteur(d, annee)
    if a is None:
        return None
    ch = a.total.charges
    fixes = float(_dict(d, "charges").get("fonctionnement_fixe") or 0.0)
    lignes = ("fonctionnement", "formation", "impots_taxes", "charges_financieres")
    return sum(ch.get(x, 0.0) for x in lignes) - fixes


def _annee_du_moteur(d: dict[str, Any], annee: int) -> Any:
    from iae_model.projet import ErreurProjet, projet_depuis_donnees
    from iae_model.simulation import simuler_scenario

    try:
        projet = projet_depuis_donnees(copy.deepcopy(d))
    except ErreurProjet:
        return None
    return simuler_scenario(projet, projet.scenario_de_reference()).annee(annee)


# --- setting the wage and the occupation on the accounts -------------------------------------------------


def caler(donnees: dict[str, Any], comptes: Comptes) -> tuple[dict[str, Any], list[str]]:
    """The draft with the occupation rate and the hourly wage set so that the engine's reference year shows the
    accounts' aide au poste and insertion payroll, the fixed charges calibrated again; and what changed, in French.

    The engine computes both from ETP × socle and ETP × hours × wage: a gap with the accounts means fewer posts
    held than the annex (the aid is lower: the occupation goes down) or a wage above the SMIC (the payroll is
    higher: the wage goes up, the general reduction it loses included, found by bisection on the engine itself).
    Only for one conventionnement with employees: the accounts do not split by conventionnement.
    """
    d = copy.deepcopy(donnees) if isinstance(donnees, dict) else {}
    convs = [c for c in _liste(d.get("conventionnements")) if isinstance(c, dict)]
    if len(convs) != 1 or convs[0].get("type") == "EITI":
        return d, ["Calage possible pour un seul conventionnement salarié : vos comptes ne se répartissent pas."]
    a = _annee_du_moteur(d, comptes.annee)
    if a is None:
        return d, []
    c, phrases = convs[0], []
    aide = a.total.produits.get("aide_au_poste", 0.0)
    occupation = float(c.get("taux_occupation", 1.0))
    if comptes.aide_au_poste and aide and comptes.aide_au_poste < aide * 0.999:
        # the aid follows min(ETP réalisés, conventionnés): below the annex it is proportional to the occupation
        c["taux_occupation"] = round(occupation * comptes.aide_au_poste / aide, 4)
        phrases.append(
            f"Taux d'occupation : {taux(occupation)} → {taux(c['taux_occupation'])} (l'aide au poste de vos "
            f"comptes, {euros(comptes.aide_au_poste)}, paie moins de postes que l'annexe)."
        )
    a = _annee_du_moteur(d, comptes.annee)
    masse = a.total.charges.get("masse_salariale_insertion", 0.0) if a is not None else 0.0
    if masse and comptes.salaires_insertion > masse * 1.001:
        charges = _dict(d, "charges")
        avant = charges.get("salaire_horaire_insertion", "smic")
        smic = _smic_de_l_annee(comptes.annee)
        bas, haut = smic, 3 * smic
        for _ in range(40):
            milieu = (bas + haut) / 2
            charges["salaire_horaire_insertion"] = round(milieu, 6)
            essai = _annee_du_moteur(d, comptes.annee)
            if essai is None:
                return donnees, []
            if essai.total.charges.get("masse_salariale_insertion", 0.0) < comptes.salaires_insertion:
                bas = milieu
            else:
                haut = milieu
        charges["salaire_horaire_insertion"] = round((bas + haut) / 2, 6)
        texte_avant = "le SMIC" if avant == "smic" else euros(float(avant), 2)
        apres = euros(charges["salaire_horaire_insertion"], 2)
        phrases.append(
            f"Salaire horaire des salariés en insertion : {texte_avant} → {apres} brut (vos salaires et charges "
            f"d'insertion, {euros(comptes.salaires_insertion)}, au lieu de {euros(masse)} calculés)."
        )
    if phrases:
        calcules = _calcules_dans_les_charges_fixes(d, comptes.annee)
        if calcules is not None:
            fixes = comptes.charges_externes + comptes.impots_taxes - calcules
            _dict(d, "charges")["fonctionnement_fixe"] = round(max(0.0, fixes), 2)
    return d, phrases


def _smic_de_l_annee(annee: int) -> float:
    """The gross hourly SMIC in force on 1 January of the accounts' year (the wage entered is that year's)."""
    from iae_model.parametres import valeur_au_1er_janvier

    return float(valeur_au_1er_janvier("smic.horaire_brut", annee) or 0.0)


# --- comparing the engine with the accounts ------------------------------------------------------------


@dataclass(frozen=True)
class Ecart:
    """One DAF line: the accounts' figure, the engine's for the reference year, and why they may differ."""

    ligne: str
    comptes: float
    moteur: float
    explication: str = ""

    @property
    def ecart(self) -> float:
        return self.moteur - self.comptes

    @property
    def egal(self) -> bool:
        return abs(self.ecart) < ECART_TOLERE


_GROUPES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("chiffre_affaires", ("chiffre_affaires",), ()),
    ("aide_au_poste", ("aide_au_poste",), ()),
    ("subventions", ("subventions",), ()),
    ("quote_part_subventions", ("quote_part_subventions",), ()),
    ("autres_produits", ("autres_produits",), ()),
    ("achats", (), ("charges_variables",)),
    ("charges_externes", (), ("fonctionnement", "formation", "impots_taxes", "charges_financieres")),
    ("salaires_insertion", (), ("masse_salariale_insertion",)),
    ("salaires_permanents", (), ("permanents",)),
    ("dotations", (), ("amortissements",)),
    ("autres_charges", (), ("autres_charges",)),
)


def comparer(donnees: dict[str, Any], comptes: Comptes) -> list[Ecart] | None:
    """The engine's reference year beside the accounts, line by line, with the result last; None when the
    draft cannot be simulated. Charges externes and impôts et taxes are compared together (the fixed charges
    hold both)."""
    a = _annee_du_moteur(donnees, comptes.annee)
    if a is None:
        return None
    t = a.total
    valeurs = {f.name: getattr(comptes, f.name) for f in fields(comptes)}
    valeurs["chiffre_affaires"] = comptes.total_chiffre_affaires
    valeurs["subventions"] = comptes.total_subventions
    valeurs["charges_externes"] = comptes.charges_externes + comptes.impots_taxes
    ecarts = []
    for ligne, produits, charges in _GROUPES:
        moteur = sum(t.produits.get(x, 0.0) for x in produits) + sum(t.charges.get(x, 0.0) for x in charges)
        nom = "Charges externes, impôts et taxes" if ligne == "charges_externes" else LIBELLES[ligne]
        e = Ecart(nom, float(valeurs[ligne] or 0.0), moteur)
        ecarts.append(replace(e, explication="" if e.egal else _pourquoi(ligne, e, a)))
    ecarts.append(Ecart(LIBELLES["resultat"], comptes.resultat, a.resultat))
    return ecarts


def _pourquoi(ligne: str, e: Ecart, a: Any) -> str:
    plus = "plus" if e.ecart > 0 else "moins"
    base = f"Le calcul donne {euros(abs(e.ecart))} de {plus} que vos comptes"
    if ligne == "aide_au_poste":
        return (
            base + " : il compte les ETP conventionnés × le taux d'occupation × le montant socle de l'année "
            "(× (1 + part modulée)). Un écart vient d'un taux d'occupation ou d'une part modulée différents de "
            "ceux saisis (onglet Conventionnements), d'une régularisation de l'année précédente, ou de postes "
            "financés une partie de l'année."
        )
    if ligne == "salaires_insertion":
        ratio = e.comptes / e.moteur if e.moteur else 0.0
        texte = (
            base + " : il compte les ETP réalisés × les heures payées × le SMIC (ou le salaire saisi) × (1 + "
            "cotisations employeur restant dues). Un écart vient d'un salaire au-dessus du SMIC, d'un taux "
            "d'occupation, de primes, d'indemnités ou d'un taux de cotisations différents (onglet Charges)."
        )
        if ratio:
            texte += f" Vos salaires d'insertion font {round(100 * ratio)} % du calcul."
        return texte
    if ligne == "charges_externes":
        return (
            base + " : les charges fixes ne peuvent pas être négatives, alors que le moteur compte déjà la taxe "
            "sur les salaires, la formation, la garantie financière ou les intérêts des emprunts au-delà de vos "
            "charges externes et impôts."
        )
    if ligne == "achats":
        return base + " : des achats sans chiffre d'affaires restent dans les charges fixes."
    return base + " : une modification faite après le remplissage (scénario, saisie) l'explique."


def depuis_dict(valeurs: dict[str, Any], annee: int) -> Comptes:
    """The accounts from a plain dict (the page's session), unknown keys ignored, missing ones at their default."""
    connus = {f.name for f in fields(Comptes)}
    propres: dict[str, Any] = {k: v for k, v in valeurs.items() if k in connus and v is not None}
    propres["annee"] = annee
    for cle in ("chiffre_affaires", "subventions"):
        propres[cle] = tuple(
            x if isinstance(x, LigneMontant) else LigneMontant(str(x[0]), float(x[1])) for x in propres.get(cle, ())
        )
    return Comptes(**propres)
