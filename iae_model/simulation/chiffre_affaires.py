"""Turnover: the activities, new activities, public markets and their variable charges.

Formulas (period P of year Y; "≤ Y" means chocs and leviers whose `annee` is at most Y):

CA       activity: CA_ref × évolution × Π(1 + croissance ≤ Y) × Π(1 − perte ≤ Y)
                   × (1 − part_liee_etp + part_liee_etp × ETP réalisés(Y) / ETP réalisés saisis(ref))
                   évolution = (1 + evolution_ca)^(Y−ref) (evolution_ca not given: the inflation), or
                   SMIC(Y) / SMIC(ref) for an activity billed by the
                   hour (`facturation_horaire`: AI hours × tariff, ETTI hours × pay × billing coefficient, the
                   tariff following the wage)
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

from dataclasses import dataclass

from pydantic import BaseModel

from iae_model.projet.modele import Activite, Hypotheses
from iae_model.projet.scenarios import (
    ChocSmic,
    CroissanceActivite,
    MarchePublic,
    NouvelleActivite,
    OuvertureConventionnement,
    PerteActivite,
    PerteMarchesPublics,
)
from iae_model.simulation.contexte import Contexte, produit
from iae_model.simulation.periode import Periode
from iae_model.simulation.postes import P_SMIC
from iae_model.simulation.resultat import Comptes

APPLIQUE: tuple[type[BaseModel], ...] = (
    NouvelleActivite,
    MarchePublic,
    PerteActivite,
    PerteMarchesPublics,
    CroissanceActivite,
    OuvertureConventionnement,
    ChocSmic,  # the turnover of an activity billed by the hour follows the SMIC
)


def calculer(ctx: Contexte, periode: Periode, comptes: dict[str, Comptes], etp_suivis: dict[str, float]) -> None:
    """Add each activity's and market's turnover to its conventionnement (if open in the period).

    `etp_suivis`: per conventionnement, the ETP réalisés that turnover tied to ETP follows.
    """
    annee = periode.annee
    v = _EnVigueur.de(ctx, periode)
    ratios = ratios_etp(ctx, etp_suivis)
    for a in ctx.projet.activites:
        k = comptes.get(v.transferts.get(a.nom, a.conventionnement))
        if k is not None:
            ca = _ca_activite(ctx, a, periode, v, ratios)
            _vendre(k, ca, a.part_marches_publics, v.perte_marches_publics(a.nom), a.taux_charges_variables)
    for na in ctx.items(NouvelleActivite):
        k = comptes.get(v.transferts.get(na.nom, na.conventionnement))
        if k is not None and na.annee <= annee:
            rang = min(annee - na.annee, len(na.montee_en_charge) - 1)
            ca = na.chiffre_affaires_cible * na.montee_en_charge[rang] * v.evolution(na.nom)
            _vendre(k, ca, na.part_marches_publics, v.perte_marches_publics(na.nom), na.taux_charges_variables)
    for m in ctx.items(MarchePublic):
        if m.annee <= annee < m.annee + m.duree and m.conventionnement in comptes:
            ca = m.montant * v.perte_marches_publics(m.nom)
            _ajouter(comptes[m.conventionnement], ca, ca, m.taux_charges_variables)


def evolution_du_chiffre_affaires(hyp: Hypotheses) -> float:
    """The activities' yearly growth: the one entered, else the inflation (a baseline whose charges grow while
    its turnover stays flat loses money for no reason a user chose)."""
    if hyp.evolution_chiffre_affaires is None:
        return hyp.inflation_charges
    return hyp.evolution_chiffre_affaires


@dataclass
class _EnVigueur:
    """The turnover's chocs and leviers in force in a period, fetched once for all the activities."""

    croissances: list[CroissanceActivite]
    pertes: list[PerteActivite]
    pertes_mp: list[PerteMarchesPublics]
    transferts: dict[str, str]
    """Activity -> the conventionnement it was last transferred to by an `ouverture_conventionnement`."""

    @classmethod
    def de(cls, ctx: Contexte, periode: Periode) -> _EnVigueur:
        annee = periode.annee
        transferts = {}
        for o in sorted(ctx.items(OuvertureConventionnement), key=lambda o: o.annee):
            if o.annee <= annee:
                transferts.update(dict.fromkeys(o.transfert_activites, o.conventionnement))
        return cls(
            [c for c in ctx.items(CroissanceActivite) if c.annee <= annee],
            [p for p in ctx.items(PerteActivite) if p.annee <= annee],
            [p for p in ctx.items(PerteMarchesPublics) if p.annee <= annee],
            transferts,
        )

    def evolution(self, nom: str) -> float:
        """Π(1 + croissances) × Π(1 − pertes) of the activity."""
        if not self.croissances and not self.pertes:
            return 1.0  # the empty products, without building them (most years of most scenarios)
        m = produit(1 + c.taux for c in self.croissances if c.activite == nom)
        m *= produit(1 - p.taux for p in self.pertes if p.activite == nom)
        return m

    def perte_marches_publics(self, nom: str) -> float:
        """Π(1 − taux) of the public-market losses of this activity or market, or of all."""
        if not self.pertes_mp:
            return 1.0
        return produit(1 - p.taux for p in self.pertes_mp if p.activite in (None, nom))


def _ca_activite(ctx: Contexte, a: Activite, periode: Periode, v: _EnVigueur, ratios_etp: dict[str, float]) -> float:
    """An activity of the project: its turnover before the public-market losses."""
    if a.facturation_horaire:
        ca = a.chiffre_affaires * ctx.valeur(P_SMIC, periode) / ctx.valeur(P_SMIC, Periode.de_l_annee(ctx.ref))
    else:
        ca = a.chiffre_affaires * (1 + evolution_du_chiffre_affaires(ctx.hyp)) ** (periode.annee - ctx.ref)
    ca *= v.evolution(a.nom)
    ratio = ratios_etp.get(ctx.conventionnements[a.conventionnement].famille) if a.part_liee_etp else None
    if ratio is not None:
        ca *= 1 - a.part_liee_etp + a.part_liee_etp * ratio
    return ca


def ratios_etp(ctx: Contexte, etp_suivis: dict[str, float]) -> dict[str, float]:
    """Per family (a conventionnement and those opened from it): ETP réalisés / ETP réalisés entered for `ref`.

    ETP réalisés of the period without the new activities' ETP (EITI: workers); a family with no ETP
    entered has no ratio, its turnover tied to ETP does not move.
    """
    return {famille: sum(etp_suivis.get(t, 0.0) for t in membres) / ref for famille, membres, ref in _familles(ctx)}


def _familles(ctx: Contexte) -> list[tuple[str, list[str], float]]:
    """(famille, its conventionnements' types, their ETP réalisés entered) of the families with ETP entered:
    the same every period of a scenario."""
    trouvees = ctx.memo.get(("familles",))
    if trouvees is None:
        convs = ctx.conventionnements
        trouvees = []
        for famille in {c.famille for c in convs.values()}:
            membres = [c for c in convs.values() if c.famille == famille]
            ref = sum(c.etp_saisis for c in membres)
            if ref > 0:
                trouvees.append((famille, [c.type for c in membres], ref))
        ctx.memo["familles",] = trouvees
    return trouvees  # type: ignore[return-value]


def _vendre(k: Comptes, ca: float, part_publique: float, perte_mp: float, taux_cv: float) -> None:
    """An activity's turnover, its public share reduced by the public-market losses (factor `perte_mp`)."""
    public = ca * part_publique * perte_mp
    _ajouter(k, ca * (1 - part_publique) + public, public, taux_cv)


def _ajouter(k: Comptes, ca: float, public: float, taux_cv: float) -> None:
    k.produits["chiffre_affaires"] = k.produits.get("chiffre_affaires", 0.0) + ca
    k.produits["ca_marches_publics"] = k.produits.get("ca_marches_publics", 0.0) + public
    k.produits["ca_prive"] = k.produits.get("ca_prive", 0.0) + ca - public
    k.charges["charges_variables"] = k.charges.get("charges_variables", 0.0) + ca * taux_cv
