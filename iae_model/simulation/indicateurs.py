"""Indicators of a year's consolidated accounts and the alerts they raise.

Formulas (consolidated accounts; public money = aide au poste + counted subsidies; cash costs = charges
− amortissements; headcount = ETP réalisés + EITI workers):

part_argent_public        public money / produits          part_chiffre_affaires  CA / produits
part_marches_publics_ca   public-buyer CA / CA             cout_net_par_etp       (charges − CA) / headcount
aide_par_etp              aide au poste / headcount        mois_tresorerie        cash at year end / (cash costs / 12)
point_bas_mois            lowest month-end cash / (cash costs / 12)
bfr_mois                  BFR at year end / (cash costs / 12)
fonds_propres_mois        fonds propres at year end / (cash costs / 12) (None without an opening balance sheet)
ca_point_mort             (charges − charges variables − public money) / (1 − charges variables / CA)
ratio_commercial_aci      the ACI's CA / its charges, against `plafond_aci`: 30 % of its charges
                          (art. D.5132-34), 50 % with the prefect's derogation (`derogation_aci` ≤ Y)
Alerts: deficit; negative cash at year end, else a negative month-end in the year (named), else cash at
year end under one month of cash costs; ACI over its ceiling.
"""

from __future__ import annotations

from pydantic import BaseModel

from iae_model.formats import euros, nombre, pourcentage
from iae_model.projet.scenarios import DerogationAci
from iae_model.simulation.contexte import Contexte
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import Annee
from iae_model.vocabulaire import MOIS

APPLIQUE: tuple[type[BaseModel], ...] = (DerogationAci,)

P_PLAFOND = "aci.plafond_recettes_commerciales"
P_PLAFOND_DEROG = "aci.plafond_recettes_commerciales_derogation"


def calculer(ctx: Contexte, periode: Periode, a: Annee) -> None:
    """Fill `a.indicateurs` and raise the alerts of the period's accounts."""
    t = a.total
    produits = t.total_produits
    charges = t.total_charges
    ca = t.produits["chiffre_affaires"]
    cv = t.charges["charges_variables"]
    public = t.produits["aide_au_poste"] + t.produits["subventions"]
    decaissables = charges - t.charges["amortissements"]
    mois_de_charges = decaissables / 12
    flux = a.tresorerie
    etp = t.etp_realises + t.travailleurs_accompagnes
    taux_cv = cv / ca if ca else 0.0
    ind: dict[str, float | None] = {
        "part_argent_public": public / produits if produits else None,
        "part_chiffre_affaires": ca / produits if produits else None,
        "part_marches_publics_ca": t.produits.get("ca_marches_publics", 0.0) / ca if ca else None,
        "cout_net_par_etp": (charges - ca) / etp if etp else None,
        "aide_par_etp": t.produits["aide_au_poste"] / etp if etp else None,
        # a month of charges can round to 0 for subnormal amounts: test the divisor itself
        "mois_tresorerie": a.tresorerie_fin / mois_de_charges if mois_de_charges > 0 else None,
        "point_bas_mois": flux.point_bas / mois_de_charges if mois_de_charges > 0 else None,
        "bfr_mois": flux.bfr / mois_de_charges if mois_de_charges > 0 else None,
        "fonds_propres_mois": (
            flux.fonds_propres / mois_de_charges if mois_de_charges > 0 and flux.fonds_propres is not None else None
        ),
        "ca_point_mort": (charges - cv - public) / (1 - taux_cv) if taux_cv < 1 else None,
        "ratio_commercial_aci": None,
        "plafond_aci": None,
    }
    _plafond_aci(ctx, periode, a, ind)
    a.indicateurs = ind
    _alertes_financieres(ctx, periode, a, produits - charges, decaissables)


def _plafond_aci(ctx: Contexte, periode: Periode, a: Annee, ind: dict[str, float | None]) -> None:
    """The ACI's commercial revenue against its ceiling (art. D.5132-34), raised by a prefect's derogation."""
    aci = a.par_conventionnement.get("ACI")
    if aci is None:
        return
    derog = ctx.conventionnements["ACI"].derogation or any(d.annee <= periode.annee for d in ctx.items(DerogationAci))
    plafond = ctx.valeur(P_PLAFOND_DEROG if derog else P_PLAFOND, periode)
    ch_aci = aci.total_charges
    ratio = aci.produits.get("chiffre_affaires", 0.0) / ch_aci if ch_aci else None
    ind["ratio_commercial_aci"] = ratio
    ind["plafond_aci"] = plafond
    if ratio is not None and ratio >= plafond:
        ctx.alerte(
            "plafond_aci",
            periode,
            "ACI",
            f"ACI : recettes commerciales à {pourcentage(ratio)} des charges, au-delà du plafond de "
            f"{pourcentage(plafond, 0)} (art. D.5132-34)"
            + ("" if derog else " ; une dérogation préfectorale peut le porter à 50 %"),
        )


def _alertes_financieres(ctx: Contexte, periode: Periode, a: Annee, resultat: float, decaissables: float) -> None:
    """Deficit, and cash at year end negative or under one month of cash costs."""
    if resultat < -0.005:
        ctx.alerte("deficit", periode, None, f"déficit de {euros(-resultat)}")
    flux = a.tresorerie
    if a.tresorerie_fin < -0.005:
        ctx.alerte(
            "tresorerie_negative", periode, None, f"trésorerie négative en fin d'année ({euros(a.tresorerie_fin)})"
        )
    elif flux.point_bas < -0.005:
        ctx.alerte(
            "point_bas_negatif",
            periode,
            None,
            f"trésorerie négative fin {MOIS[flux.mois_point_bas - 1]} (point bas de {euros(flux.point_bas)}) "
            f"même si la fin d'année est positive ({euros(a.tresorerie_fin)}) : il faut une avance, un découvert "
            "ou des versements plus rapides",
        )
    elif decaissables / 12 > 0 and a.tresorerie_fin < decaissables / 12:
        ctx.alerte(
            "tresorerie_faible",
            periode,
            None,
            f"trésorerie de fin d'année ({euros(a.tresorerie_fin)}) inférieure à un mois de charges "
            f"({euros(decaissables / 12)}, soit {nombre(a.tresorerie_fin / (decaissables / 12), 1)} mois)",
        )
