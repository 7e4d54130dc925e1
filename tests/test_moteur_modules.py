"""The engine's account-line modules: each declares the chocs and leviers it applies, and none is ignored.

A choc or levier class added to the project's unions must be applied by some module (`APPLIQUE`), and
each module's list must be honest: an item of a class it lists changes the figures it computes, an item
of a class it does not list leaves them alone. The engine refuses a plan holding an item no module applies.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Literal, get_args

import pytest
from fabrique import donnees_minimales, projet
from pydantic import BaseModel, TypeAdapter

from iae_model.parametres import charger_parametres
from iae_model.projet.scenarios import Choc, Levier, ReductionEtp
from iae_model.simulation import (
    TYPES_APPLIQUES,
    ItemNonApplique,
    Periode,
    ResultatScenario,
    charges,
    chiffre_affaires,
    financements,
    indicateurs,
    plan_du_scenario,
    postes,
    tresorerie,
)
from iae_model.simulation.contexte import Contexte, Plan, conjoncture
from iae_model.simulation.moteur import MODULES, simuler_plan

CLASSES_CHOCS = get_args(get_args(Choc)[0])
CLASSES_LEVIERS = get_args(get_args(Levier)[0])


def test_chaque_choc_et_levier_est_applique_par_un_module():
    assert len(CLASSES_CHOCS) >= 10 and len(CLASSES_LEVIERS) >= 9
    non_appliques = [c.__name__ for c in (*CLASSES_CHOCS, *CLASSES_LEVIERS) if c not in TYPES_APPLIQUES]
    assert non_appliques == []


def test_types_appliques_est_l_union_des_modules_et_ne_nomme_que_des_chocs_et_leviers():
    assert set(TYPES_APPLIQUES) == {t for m in MODULES for t in m.APPLIQUE}
    assert len(TYPES_APPLIQUES) == len(set(TYPES_APPLIQUES))
    for m in MODULES:
        assert len(m.APPLIQUE) == len(set(m.APPLIQUE)), m.__name__
        assert set(m.APPLIQUE) <= {*CLASSES_CHOCS, *CLASSES_LEVIERS}, m.__name__


def test_aucun_type_applique_ne_derive_d_un_autre():
    """The modules look items up by exact class (`Plan.par_classe`): a derived class would escape its parent's list."""
    for a in TYPES_APPLIQUES:
        assert [b.__name__ for b in TYPES_APPLIQUES if b is not a and issubclass(b, a)] == [], a.__name__


# --- a plan with an item no module applies is refused ---------------------------------------------


class ChocInvente(BaseModel):
    """What a new choc added to the unions looks like before a module applies it."""

    type: Literal["choc_invente"] = "choc_invente"
    annee: int = 2026
    taux: float = -0.5


class ReductionEtpDerivee(ReductionEtp):
    """A subclass is another class: the engine does not guess that the parent's formula fits it."""


def _projet_simple():
    return projet(donnees_minimales("ACI", etp=10))


@pytest.mark.parametrize("champ", ["chocs", "leviers"])
def test_un_plan_avec_un_item_qu_aucun_module_n_applique_est_refuse(champ):
    p = _projet_simple()
    plan = plan_du_scenario(p, "reference")
    with pytest.raises(ItemNonApplique, match=r"« choc_invente » \(ChocInvente\) : aucun module du moteur"):
        simuler_plan(p, replace(plan, **{champ: [ChocInvente()]}))


def test_une_sous_classe_d_un_choc_applique_est_refusee_aussi():
    p = _projet_simple()
    plan = replace(
        plan_du_scenario(p, "reference"), chocs=[ReductionEtpDerivee(type="reduction_etp", annee=2026, taux=-0.1)]
    )
    with pytest.raises(ItemNonApplique, match="ReductionEtpDerivee"):
        simuler_plan(p, plan)


def test_un_plan_fait_des_seuls_types_appliques_est_simule():
    p = _projet_simple()
    plan = replace(plan_du_scenario(p, "reference"), chocs=[ReductionEtp(type="reduction_etp", annee=2026, taux=-0.1)])
    assert simuler_plan(p, plan).annee(2026).total.etp_conventionnes == pytest.approx(9)


# --- each module's APPLIQUE is honest -------------------------------------------------------------


def _base() -> dict[str, Any]:
    """ACI (RSA co-funding) and EI with turnover independent of ETP, subsidies and costs of every kind."""
    d = donnees_minimales("ACI", etp=20, taux_occupation=0.95, part_modulee=0.05, beneficiaires_rsa=0.5)
    d["conventionnements"].append({"type": "EI", "etp_conventionnes": 10, "part_modulee": 0.05})
    d["activites"] = [
        {"nom": "Maraîchage", "conventionnement": "ACI", "chiffre_affaires": 100_000, "part_marches_publics": 0.4,
         "taux_charges_variables": 0.2, "part_liee_etp": 0},
        {"nom": "Légumerie", "conventionnement": "EI", "chiffre_affaires": 300_000, "part_marches_publics": 0.5,
         "taux_charges_variables": 0.3, "part_liee_etp": 0, "facturation_horaire": True},
    ]  # fmt: skip
    d["financements"] = [
        {"nom": "Département", "financeur": "departement", "montant": 50_000, "debut": 2025, "conventionnement": "ACI"},
        {"nom": "Région", "financeur": "region", "montant": 20_000, "debut": 2025, "statut": "probable"},
    ]
    d["charges"] = {
        "permanents": [
            {"fonction": "direction", "etp": 1, "cout_annuel_charge": 60_000},
            {"fonction": "encadrant_technique", "etp": 2, "cout_annuel_charge": 40_000, "conventionnement": "ACI"},
        ],
        "fonctionnement_fixe": 50_000,
        "formation": {"montant": 10_000, "prise_en_charge": 0.3},
        "amortissements": 5_000,
    }
    return d


EXEMPLES: dict[str, dict[str, Any]] = {
    "reduction_etp": {"annee": 2026, "taux": -0.1},
    "annexe_sur_realise": {"annee": 2026, "conventionnement": "ACI"},
    "indexation_socle": {"annee": 2026, "valeur": "gel"},
    "part_modulee": {"annee": 2026, "valeur": 0.0},
    "variation_financement": {
        "annee": 2026, "financeur": "departement", "taux": -0.5, "effet_cofinancement_rsa": "postes_perdus"
    },
    "choc_smic": {"annee": 2026, "taux": 0.05},
    "perte_activite": {"annee": 2026, "activite": "Maraîchage", "taux": 0.5},
    "perte_marches_publics": {"annee": 2026, "taux": 0.5},
    "taux_occupation": {"annee": 2026, "valeur": 0.7},
    "prise_en_charge_formation": {"annee": 2026, "valeur": 0.8},
    "fin_aide_au_poste": {"annee": 2026, "conventionnement": "EI"},
    "variation_socle": {"conventionnement": "EI", "annee": 2026, "mois": 7, "taux": -0.1},
    "nouvelle_activite": {
        "nom": "Traiteur", "conventionnement": "EI", "annee": 2026, "chiffre_affaires_cible": 80_000,
        "investissement": 30_000, "subvention_investissement": 10_000, "charges_fixes": 5_000,
        "etp_supplementaires": 2,
    },
    "marche_public": {
        "nom": "Lot réservé", "conventionnement": "ACI", "annee": 2026, "montant": 40_000, "duree": 2,
        "etp_supplementaires": 1,
    },
    "mutualisation": {"annee": 2026, "economie_charges_fixes": 10_000, "cout_mise_en_place": 2_000},
    "croissance_activite": {"annee": 2026, "activite": "Légumerie", "taux": 0.2},
    "derogation_aci": {"annee": 2026},
    "ouverture_conventionnement": {
        "annee": 2026, "conventionnement": "ETTI", "etp_conventionnes": 3, "depuis": "ACI", "transfert_etp": 2,
        "transfert_activites": ["Maraîchage"],
    },
    "nouveau_financement": {"nom": "Fondation", "financeur": "fondation_mecenat", "annee": 2026, "montant": 15_000},
    "ajustement_permanents": {"annee": 2026, "fonction": "cip", "etp": 1, "cout_annuel_charge": 45_000},
    "ajustement_etp": {"annee": 2026, "conventionnement": "ACI", "etp": 2},
    "emprunt": {"nom": "France Active", "annee": 2026, "montant": 50_000, "taux": 0.02, "duree": 5},
    "retard_paiement": {"payeur": "asp", "annee": 2026, "mois": 3},
}  # fmt: skip
"""One item of each choc and levier on the base project, strong enough to move what it acts on."""


def _nom(classe: type[BaseModel]) -> str:
    return get_args(classe.model_fields["type"].annotation)[0]


def _item(classe: type[BaseModel]) -> BaseModel:
    adaptateur = TypeAdapter(Choc if classe in CLASSES_CHOCS else Levier)
    item = adaptateur.validate_python({"type": _nom(classe), **EXEMPLES[_nom(classe)]})
    assert type(item) is classe
    return item


def _par_conventionnement(r: ResultatScenario, lignes: tuple[str, ...]) -> dict[tuple, float]:
    chiffres = {}
    for a in r.annees:
        for t, c in a.par_conventionnement.items():
            tout = {**c.produits, **c.charges, "etp_conventionnes": c.etp_conventionnes,
                    "etp_realises": c.etp_realises, "travailleurs_accompagnes": c.travailleurs_accompagnes}  # fmt: skip
            chiffres |= {(a.annee, t, ligne): tout[ligne] for ligne in lignes}
    return chiffres


def _consolide(r: ResultatScenario, lignes: tuple[str, ...], de_l_annee: tuple[str, ...] = ()) -> dict[tuple, float]:
    """Totals, not shares: a common item's allocation between conventionnements follows the ETP."""
    chiffres = {(a.annee, ligne): {**a.total.produits, **a.total.charges}[ligne] for a in r.annees for ligne in lignes}
    return chiffres | {(a.annee, ligne): getattr(a, ligne) for a in r.annees for ligne in de_l_annee}


def _postes(r: ResultatScenario) -> dict:
    lignes = ("etp_conventionnes", "etp_realises", "travailleurs_accompagnes", "aide_au_poste",
              "aide_au_poste_departement", "masse_salariale_insertion")  # fmt: skip
    return _par_conventionnement(r, lignes)


def _chiffre_affaires(r: ResultatScenario) -> dict:
    return _par_conventionnement(r, ("chiffre_affaires", "ca_marches_publics", "ca_prive", "charges_variables"))


def _financements(r: ResultatScenario) -> dict:
    par_financeur = {(a.annee, f): v for a in r.annees for f, v in a.total.subventions_par_financeur.items()}
    return _consolide(r, ("subventions",), ("subventions_non_retenues",)) | par_financeur


def _charges(r: ResultatScenario) -> dict:
    lignes = ("permanents", "fonctionnement", "formation", "impots_taxes", "amortissements")
    return _consolide(r, lignes, ("investissements", "subventions_investissement"))


def _tresorerie(r: ResultatScenario) -> dict:
    lignes = ("emprunts_nouveaux", "remboursements_emprunts", "versements_retardes")
    return _consolide(r, ("charges_financieres",)) | {
        (a.annee, ligne): getattr(a.tresorerie, ligne) for a in r.annees for ligne in lignes
    }


def _indicateurs(r: ResultatScenario) -> dict:
    return {a.annee: a.indicateurs["plafond_aci"] for a in r.annees}


CE_QUE_CALCULE = {
    postes: _postes,
    chiffre_affaires: _chiffre_affaires,
    financements: _financements,
    charges: _charges,
    tresorerie: _tresorerie,
    indicateurs: _indicateurs,
}
"""Per module, figures that it alone computes (the base's turnover does not follow the ETP)."""


def _egaux(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-6) for k in a)


@pytest.fixture(scope="module")
def simulations() -> tuple[dict, dict[type, dict]]:
    """Each module's figures without any item, and with one item of each class."""
    p = projet(_base())
    plan = plan_du_scenario(p, "reference")
    parametres = charger_parametres()
    sans = simuler_plan(p, plan, parametres)
    avec = {}
    for classe in TYPES_APPLIQUES:
        champ = "chocs" if classe in CLASSES_CHOCS else "leviers"
        avec[classe] = simuler_plan(p, replace(plan, **{champ: [_item(classe)]}), parametres)
    return sans, avec


def test_chaque_module_a_ses_chiffres_et_chaque_type_un_exemple():
    assert set(CE_QUE_CALCULE) == set(MODULES)
    assert set(EXEMPLES) == {_nom(c) for c in TYPES_APPLIQUES}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_un_item_d_un_type_que_le_module_applique_change_ses_chiffres(module, simulations):
    sans, avec = simulations
    chiffres = CE_QUE_CALCULE[module]
    sans_effet = [c.__name__ for c in module.APPLIQUE if _egaux(chiffres(sans), chiffres(avec[c]))]
    assert sans_effet == [], f"{module.__name__} déclare des types qui ne changent rien à ses chiffres"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_un_item_d_un_type_que_le_module_n_applique_pas_laisse_ses_chiffres(module, simulations):
    sans, avec = simulations
    chiffres = CE_QUE_CALCULE[module]
    autres = [c for c in TYPES_APPLIQUES if c not in module.APPLIQUE]
    lus_sans_le_dire = [c.__name__ for c in autres if not _egaux(chiffres(sans), chiffres(avec[c]))]
    assert lus_sans_le_dire == [], f"{module.__name__} applique des types absents de son APPLIQUE"


# --- the context and the period ------------------------------------------------------------------


def _contexte(p) -> Contexte:
    plan = plan_du_scenario(p, "reference")
    annees = range(p.structure.annee_reference, p.hypotheses.horizon + 1)
    conj = conjoncture(charger_parametres(), postes.hypotheses_par_annee(plan, annees))
    return Contexte(p, plan, conj, postes.conventionnements(p, plan))


def test_le_socle_d_une_annee_est_la_moyenne_de_ses_mois_et_celui_d_un_mois_sa_valeur():
    ctx = _contexte(projet(donnees_minimales("ACI", etp=10, annee_reference=2024, horizon=2025)))
    # arrêtés: 23 458 € from 1 January 2024, 23 921 € from 1 November 2024
    assert postes.socle(ctx, "ACI", Periode(2024, 10)) == 23_458
    assert postes.socle(ctx, "ACI", Periode(2024, 11)) == 23_921
    assert postes.socle(ctx, "ACI", Periode(2024)) == pytest.approx((10 * 23_458 + 2 * 23_921) / 12)
    assert sum(postes.socle(ctx, "ACI", m) for m in Periode(2024).en_mois()) / 12 == pytest.approx(
        postes.socle(ctx, "ACI", Periode(2024))
    )
    assert ctx.utilises == {(postes.p_socle("ACI"), 2024)}


def test_l_aide_eiti_d_un_mois_suit_le_regime_de_ce_mois():
    ctx = _contexte(projet(donnees_minimales("EITI", etp=10, annee_reference=2024, horizon=2025)))
    c = ctx.conventionnements["EITI"]
    assert postes.aide_eiti(ctx, c, Periode(2025, 3)) == pytest.approx(12 * 450 * 0.75)
    assert postes.aide_eiti(ctx, c, Periode(2024, 12)) == pytest.approx(6_570)


def test_plan_items_est_memorise_dans_l_ordre_et_oublie_par_replace():
    p = _projet_simple()
    a = ReductionEtp(type="reduction_etp", annee=2026, taux=-0.1)
    b = ReductionEtp(type="reduction_etp", annee=2025, taux=-0.2)
    plan = Plan("x", "X", p.hypotheses, [a, b], [])
    assert plan.items(ReductionEtp) == [a, b]
    assert plan.items(ReductionEtp) is plan.items(ReductionEtp)
    assert replace(plan, chocs=[b]).items(ReductionEtp) == [b]
    assert plan.items(ChocInvente) == []
    assert plan.par_classe[ReductionEtp] == [a, b] and plan.par_classe[ChocInvente] == []


def test_periode_annee_et_mois():
    annee = Periode(2026)
    mars = Periode(2026, 3)
    assert annee == Periode.de_l_annee(2026) and mars == Periode.du_mois(2026, 3)
    assert annee.est_annuelle and not mars.est_annuelle
    assert annee.mois_couverts == tuple(range(1, 13)) and mars.mois_couverts == (3,)
    assert annee.part_de_l_annee == 1 and mars.part_de_l_annee == pytest.approx(1 / 12)
    assert mars.annuelle == annee and annee.annuelle is annee
    assert annee.en_mois() == tuple(Periode(2026, m) for m in range(1, 13)) and mars.en_mois() == (mars,)
    assert str(annee) == "2026" and str(mars) == "mars 2026" and str(Periode(2025, 8)) == "août 2025"
    assert hash(mars) == hash(Periode(2026, 3)) and len({annee, mars, Periode(2026)}) == 2


def test_periode_ordonnee_par_debut_l_annee_avant_son_janvier():
    ordre = [Periode(2025, 12), Periode(2026), Periode(2026, 1), Periode(2026, 2), Periode(2026, 12), Periode(2027)]
    assert sorted(reversed(ordre)) == ordre
    assert Periode(2026) < Periode(2026, 1) <= Periode(2026, 1) < Periode(2027) and Periode(2027) > Periode(2026, 12)


@pytest.mark.parametrize("args", [(2026, 0), (2026, 13), (2026, True), (2026.0,), ("2026",), (True,)])
def test_periode_refuse_un_mois_ou_une_annee_invalide(args):
    with pytest.raises((TypeError, ValueError)):
        Periode(*args)


def test_periode_est_immuable():
    with pytest.raises(AttributeError):
        Periode(2026).annee = 2027  # type: ignore[misc]
