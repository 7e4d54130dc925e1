"""What a simulation returns: figures per year, per conventionnement and consolidated, with alerts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from iae_model.simulation.conjoncture import Provenance

LIGNES_PRODUITS = ("aide_au_poste", "chiffre_affaires", "subventions", "quote_part_subventions", "autres_produits")
LIGNES_CHARGES = (
    "masse_salariale_insertion",
    "permanents",
    "charges_variables",
    "fonctionnement",
    "formation",
    "impots_taxes",
    "amortissements",
    "charges_financieres",
    "autres_charges",
)
DETAIL_PRODUITS = ("aide_au_poste_etat", "aide_au_poste_departement", "ca_marches_publics", "ca_prive")
LIGNES_ETP = ("etp_conventionnes", "etp_realises", "travailleurs_accompagnes")
LIGNES_TRESORERIE = (
    "tresorerie_debut",
    "caf",
    "investissements",
    "subventions_investissement",
    "emprunts_nouveaux",
    "remboursements_emprunts",
    "variation_bfr",
    "tresorerie_fin",
    "point_bas",
)
"""The year's cash plan: fin = début + CAF − investissements + subventions d'investissement + emprunts
nouveaux − remboursements − variation du BFR; `point_bas` is the lowest month-end balance."""
FLUX_TRESORERIE = (
    "debut",
    "caf",
    "investissements",
    "subventions_investissement",
    "emprunts_nouveaux",
    "remboursements_emprunts",
    "variation_bfr",
    "fin",
)
"""The keys of the JSON contract's `tresorerie` (with `mensuelle`, `point_bas` and `mois_point_bas`)."""
_FLUX_DES_LIGNES = {"tresorerie_debut": "debut", "tresorerie_fin": "fin"}
"""The cash-plan lines (`LIGNES_TRESORERIE`) whose `FluxTresorerie` field has a shorter name."""


@dataclass
class Comptes:
    """Income statement of one conventionnement (or of the whole structure) for one year."""

    etp_conventionnes: float = 0.0
    etp_realises: float = 0.0
    travailleurs_accompagnes: float = 0.0
    produits: dict[str, float] = field(default_factory=dict)
    charges: dict[str, float] = field(default_factory=dict)
    subventions_par_financeur: dict[str, float] = field(default_factory=dict)
    assiettes: dict[str, float] = field(default_factory=dict)
    """Amounts the cash plan needs and the accounts do not show (`tresorerie.ASSIETTES`)."""

    @property
    def total_produits(self) -> float:
        # map and not a generator: the engine and the pages ask for totals often
        return sum(map(self.produits.get, LIGNES_PRODUITS, repeat(0.0)))

    @property
    def total_charges(self) -> float:
        return sum(map(self.charges.get, LIGNES_CHARGES, repeat(0.0)))

    @property
    def resultat(self) -> float:
        return self.total_produits - self.total_charges

    def ajouter(self, autre: Comptes) -> None:
        self.etp_conventionnes += autre.etp_conventionnes
        self.etp_realises += autre.etp_realises
        self.travailleurs_accompagnes += autre.travailleurs_accompagnes
        for cible, source in (
            (self.produits, autre.produits),
            (self.charges, autre.charges),
            (self.subventions_par_financeur, autre.subventions_par_financeur),
        ):
            for k, v in source.items():
                cible[k] = cible.get(k, 0.0) + v


@dataclass
class FluxTresorerie:
    """The year's cash plan (`LIGNES_TRESORERIE`), its month-end balances and the balance-sheet view.

    `bfr` is the working-capital need at year end (money earned and not yet received, less money owed and
    not yet paid); `fonds_propres` and `frng` are None when the opening balance sheet is not entered.
    """

    debut: float
    caf: float
    investissements: float
    subventions_investissement: float
    emprunts_nouveaux: float
    remboursements_emprunts: float
    variation_bfr: float
    fin: float
    mensuelle: list[float]
    bfr: float
    dettes_financieres: float
    versements_retardes: float = 0.0
    """Receipts due in the year that a payment delay (`retard_paiement`) moved later."""
    fonds_propres: float | None = None
    immobilisations_nettes: float | None = None
    frng: float | None = None

    @property
    def point_bas(self) -> float:
        return min(self.mensuelle)

    @property
    def mois_point_bas(self) -> int:
        """1 to 12: the first month-end at the lowest balance."""
        return self.mensuelle.index(self.point_bas) + 1


@dataclass
class Annee:
    """One year of one scenario."""

    annee: int
    total: Comptes
    par_conventionnement: dict[str, Comptes]
    tresorerie: FluxTresorerie
    subventions_non_retenues: float
    indicateurs: dict[str, float | None]

    @property
    def resultat(self) -> float:
        return self.total.resultat

    # the cash plan's lines the pages, the CLI and the exports read most (the others: `a.tresorerie`)
    @property
    def tresorerie_debut(self) -> float:
        return self.tresorerie.debut

    @property
    def tresorerie_fin(self) -> float:
        return self.tresorerie.fin

    @property
    def investissements(self) -> float:
        return self.tresorerie.investissements

    @property
    def subventions_investissement(self) -> float:
        return self.tresorerie.subventions_investissement


@dataclass(frozen=True)
class Alerte:
    code: str
    annee: int
    message: str
    conventionnement: str | None = None


@dataclass
class ResultatScenario:
    id: str
    libelle: str
    annees: list[Annee]
    alertes: list[Alerte]
    provenance: Mapping[tuple[str, int], Provenance]

    def annee(self, annee: int) -> Annee:
        for a in self.annees:
            if a.annee == annee:
                return a
        raise KeyError(annee)

    @property
    def tresorerie_min(self) -> float:
        """The lowest month-end cash over the horizon (the low point the decisions are computed on)."""
        return min(a.tresorerie.point_bas for a in self.annees)


def valeur_de_ligne(source: Comptes | Annee, categorie: str, code: str) -> float:
    """The value of a line of the accounts (`iae_model.vocabulaire.LIGNES`) in a `Comptes`, or in a year
    (its consolidated accounts, and its treasury lines): the one reading of the pages, the CLI and the exports.

    The result is the difference of the totals rounded to the cent, as it is printed.
    """
    if isinstance(source, Annee):
        if categorie == "tresorerie":
            return float(getattr(source.tresorerie, _FLUX_DES_LIGNES.get(code, code)))
        source = source.total
    if categorie == "etp":
        return float(getattr(source, code))
    if categorie == "produits":
        return source.total_produits if code == "total" else source.produits.get(code, 0.0)
    if categorie == "charges":
        return source.total_charges if code == "total" else source.charges.get(code, 0.0)
    if categorie == "resultat":
        return resultat_arrondi(source)
    if categorie == "subventions":
        return source.subventions_par_financeur.get(code, 0.0)
    raise KeyError(f"ligne inconnue : {categorie}.{code}")


def _arrondi(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def resultat_arrondi(c: Comptes) -> float:
    """Result from the totals rounded to the cent, so that produits − charges = résultat as printed."""
    return round(round(c.total_produits, 2) - round(c.total_charges, 2), 2)


def _comptes_json(c: Comptes) -> dict[str, Any]:
    produits = {k: _arrondi(c.produits.get(k, 0.0)) for k in (*LIGNES_PRODUITS, *DETAIL_PRODUITS)}
    produits["total"] = _arrondi(c.total_produits)
    charges = {k: _arrondi(c.charges.get(k, 0.0)) for k in LIGNES_CHARGES}
    charges["total"] = _arrondi(c.total_charges)
    return {
        "etp_conventionnes": _arrondi(c.etp_conventionnes),
        "etp_realises": _arrondi(c.etp_realises),
        "travailleurs_accompagnes": _arrondi(c.travailleurs_accompagnes),
        "produits": produits,
        "charges": charges,
        "subventions_par_financeur": {k: _arrondi(v) for k, v in sorted(c.subventions_par_financeur.items())},
        "resultat": resultat_arrondi(c),
    }


def _tresorerie_json(f: FluxTresorerie) -> dict[str, Any]:
    d: dict[str, Any] = {k: _arrondi(getattr(f, k)) for k in FLUX_TRESORERIE}
    d["mensuelle"] = [_arrondi(v) for v in f.mensuelle]
    d["point_bas"] = _arrondi(f.point_bas)
    d["mois_point_bas"] = f.mois_point_bas
    d["bfr"] = _arrondi(f.bfr)
    d["dettes_financieres"] = _arrondi(f.dettes_financieres)
    d["versements_retardes"] = _arrondi(f.versements_retardes)
    for k in ("fonds_propres", "immobilisations_nettes", "frng"):
        d[k] = _arrondi(getattr(f, k))
    return d


@dataclass
class Resultat:
    """Every scenario of a project, simulated."""

    projet: str
    scenarios: list[ResultatScenario]

    def scenario(self, identifiant: str) -> ResultatScenario:
        for s in self.scenarios:
            if s.id == identifiant:
                return s
        raise KeyError(identifiant)

    def en_json(self) -> dict[str, Any]:
        """The CLI's JSON contract (DESIGN §6): consolidated figures, amounts rounded to the cent."""
        scenarios = []
        for s in self.scenarios:
            annees = []
            for a in s.annees:
                d = _comptes_json(a.total)
                d = {"annee": a.annee, **d}
                d["tresorerie_debut"] = _arrondi(a.tresorerie_debut)
                d["tresorerie_fin"] = _arrondi(a.tresorerie_fin)
                d["investissements"] = _arrondi(a.investissements)
                d["subventions_investissement"] = _arrondi(a.subventions_investissement)
                d["tresorerie"] = _tresorerie_json(a.tresorerie)
                d["subventions_non_retenues"] = _arrondi(a.subventions_non_retenues)
                d["indicateurs"] = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in a.indicateurs.items()}
                d["par_conventionnement"] = {t: _comptes_json(c) for t, c in a.par_conventionnement.items()}
                annees.append(d)
            scenarios.append(
                {
                    "id": s.id,
                    "libelle": s.libelle,
                    "annees": annees,
                    "alertes": [
                        {
                            "code": al.code,
                            "annee": al.annee,
                            "message": al.message,
                            "conventionnement": al.conventionnement,
                        }
                        for al in s.alertes
                    ],
                }
            )
        return {"projet": self.projet, "scenarios": scenarios}

    def lignes(self) -> list[dict[str, Any]]:
        """Tidy rows: scenario × year × conventionnement (or `total`) × line, one amount each."""
        rows: list[dict[str, Any]] = []
        for s in self.scenarios:
            for a in s.annees:
                blocs = [*a.par_conventionnement.items(), ("total", a.total)]
                for conv, c in blocs:
                    base = {"scenario": s.id, "annee": a.annee, "conventionnement": conv}
                    lignes = [("etp", k) for k in LIGNES_ETP]
                    lignes += [("produits", k) for k in (*LIGNES_PRODUITS, *DETAIL_PRODUITS, "total")]
                    lignes += [("charges", k) for k in (*LIGNES_CHARGES, "total")] + [("resultat", "resultat")]
                    lignes += [("subventions", k) for k in sorted(c.subventions_par_financeur)]
                    if conv == "total":
                        lignes += [("tresorerie", k) for k in LIGNES_TRESORERIE]
                    source = a if conv == "total" else c
                    valeurs = [(cat, k, valeur_de_ligne(source, cat, k)) for cat, k in lignes]
                    rows += [{**base, "categorie": cat, "ligne": k, "valeur": round(v, 2)} for cat, k, v in valeurs]
        return rows

    def tableau(self) -> Any:
        """The tidy rows as a pandas DataFrame (pandas is imported only when asked for)."""
        import pandas as pd

        return pd.DataFrame(self.lignes())
