"""Turnover: the activities, new activities, public markets and their variable charges.

Formulas (period P of year Y; "≤ Y" means chocs and leviers whose `annee` is at most Y):

CA       activity: CA_ref × (1 + evolution_ca)^(Y−ref) × Π(1 + croissance ≤ Y) × Π(1 − perte ≤ Y)
                   × (1 − part_liee_etp + part_liee_etp × ETP réalisés(Y) / ETP réalisés saisis(ref))
                   (ETP réalisés of the conventionnement and those opened from it, new activities' ETP
                   excluded; EITI: workers)
         new activity from its year: cible × montee_en_charge[Y − annee] (last share kept) × Π(1 + croissance)
                   × Π(1 − perte)
         public market: montant for `duree` years from its year
         public share (activity's part_marches_publics, or the whole market) × Π(1 − perte_marches_publics ≤ Y);
         charges_variables = CA × taux
An activity named in an `ouverture_conventionnement`'s transfers belongs to the opened conventionnement
from that year.
"""

from __future__ import annotations

from pydantic import BaseModel

from iae_model.projet.modele import Activite
from iae_model.projet.scenarios import (
    CroissanceActivite,
    MarchePublic,
    NouvelleActivite,
    OuvertureConventionnement,
    PerteActivite,
    PerteMarchesPublics,
)
from iae_model.simulation.contexte import Contexte, produit
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Comptes

APPLIQUE: tuple[type[BaseModel], ...] = (
    NouvelleActivite,
    MarchePublic,
    PerteActivite,
    PerteMarchesPublics,
    CroissanceActivite,
    OuvertureConventionnement,
)


def calculer(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], etp_suivis: dict[str, float]) -> None:
    """Add each activity's and market's turnover to its conventionnement (if open in the period).

    `etp_suivis`: per conventionnement, the ETP réalisés that turnover tied to ETP follows.
    """
    for a in ctx.projet.activites:
        k = comptes.get(conventionnement_de(ctx, a.nom, a.conventionnement, periode))
        if k is not None:
            ca = _ca_activite(ctx, a, periode, etp_suivis)
            _vendre(ctx, periode, k, a.nom, ca, a.part_marches_publics, a.taux_charges_variables)
    for na in ctx.items(NouvelleActivite):
        k = comptes.get(conventionnement_de(ctx, na.nom, na.conventionnement, periode))
        if k is not None and na.annee <= periode.annee:
            rang = min(periode.annee - na.annee, len(na.montee_en_charge) - 1)
            ca = na.chiffre_affaires_cible * na.montee_en_charge[rang] * _evolution(ctx, na.nom, periode)
            _vendre(ctx, periode, k, na.nom, ca, na.part_marches_publics, na.taux_charges_variables)
    for m in ctx.items(MarchePublic):
        if m.annee <= periode.annee < m.annee + m.duree and m.conventionnement in comptes:
            ca = m.montant * _perte_marches_publics(ctx, m.nom, periode)
            _ajouter(comptes[m.conventionnement], ca, ca, m.taux_charges_variables)


def conventionnement_de(ctx: Contexte, nom: str, depart: str, periode: Periode) -> str:
    """The conventionnement an activity belongs to: its own, or the latest one it was transferred to."""
    conv = depart
    for o in sorted(ctx.items(OuvertureConventionnement), key=lambda o: o.annee):
        if o.annee <= periode.annee and nom in o.transfert_activites:
            conv = o.conventionnement
    return conv


def _evolution(ctx: Contexte, nom: str, periode: Periode) -> float:
    """Π(1 + croissances) × Π(1 − pertes) of the activity up to the period."""
    annee = periode.annee
    m = produit(1 + c.taux for c in ctx.items(CroissanceActivite) if c.activite == nom and c.annee <= annee)
    m *= produit(1 - p.taux for p in ctx.items(PerteActivite) if p.activite == nom and p.annee <= annee)
    return m


def _perte_marches_publics(ctx: Contexte, nom: str, periode: Periode) -> float:
    """Π(1 − taux) of the public-market losses up to the period for this activity or market (or all)."""
    return produit(
        1 - p.taux for p in ctx.items(PerteMarchesPublics) if p.annee <= periode.annee and p.activite in (None, nom)
    )


def _ca_activite(ctx: Contexte, a: Activite, periode: Periode, etp_suivis: dict[str, float]) -> float:
    """An activity of the project: its turnover before the public share's losses."""
    ca = a.chiffre_affaires * (1 + ctx.hyp.evolution_chiffre_affaires) ** (periode.annee - ctx.ref)
    ca *= _evolution(ctx, a.nom, periode)
    if a.part_liee_etp:
        # the ETP of the conventionnement and of those opened from it, against the ETP entered for the reference year
        convs = ctx.conventionnements
        famille = convs[a.conventionnement].famille
        membres = [t for t, c in convs.items() if c.famille == famille]
        saisis = _etp_saisis(ctx)
        ref = sum(saisis.get(t, 0.0) for t in membres)
        if ref > 0:
            ratio = sum(etp_suivis.get(t, 0.0) for t in membres) / ref
            ca *= 1 - a.part_liee_etp + a.part_liee_etp * ratio
    return ca


def _etp_saisis(ctx: Contexte) -> dict[str, float]:
    """ETP réalisés (EITI: workers) of each conventionnement as entered for the reference year."""
    return {
        c.type: (c.travailleurs_accompagnes or 0.0)
        if c.type == "EITI"
        else (c.etp_conventionnes or 0.0) * c.taux_occupation
        for c in ctx.projet.conventionnements
    }


def _vendre(
    ctx: Contexte, periode: Periode, k: Comptes, nom: str, ca: float, part_publique: float, taux_cv: float
) -> None:
    public = ca * part_publique * _perte_marches_publics(ctx, nom, periode)
    _ajouter(k, ca * (1 - part_publique) + public, public, taux_cv)


def _ajouter(k: Comptes, ca: float, public: float, taux_cv: float) -> None:
    k.produits["chiffre_affaires"] = k.produits.get("chiffre_affaires", 0.0) + ca
    k.produits["ca_marches_publics"] = k.produits.get("ca_marches_publics", 0.0) + public
    k.produits["ca_prive"] = k.produits.get("ca_prive", 0.0) + ca - public
    k.charges["charges_variables"] = k.charges.get("charges_variables", 0.0) + ca * taux_cv
