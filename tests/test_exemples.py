"""The example projects of `scenarios/` and the State presets of `scenarios/hypotheses_etat/`.

Every example must load, simulate every scenario with consistent accounts (produits − charges =
résultat, consolidated = sum of the conventionnements, cash carried from year to year), start near
balance, be hurt by its State or shock scenarios and helped by its answer scenarios; every preset must
load with its sources and apply to every example.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from iae_model.parametres import charger_parametres
from iae_model.presets import DOSSIER_PRESETS, Preset, charger_presets, importer_preset
from iae_model.projet import Projet, charger_projet, ecrire_projet, lire_projet
from iae_model.projet.modele import Scenario
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.simulation import Resultat, ResultatScenario, simuler
from iae_model.simulation.resultat import DETAIL_PRODUITS, LIGNES_CHARGES, LIGNES_PRODUITS, Comptes

DOSSIER_EXEMPLES = Path(__file__).resolve().parent.parent / "scenarios"
EXEMPLES = sorted(DOSSIER_EXEMPLES.glob("*.yaml"))
IDS_EXEMPLES = [f.stem for f in EXEMPLES]

THEMES: dict[str, set[str]] = {
    "aci_espaces_verts": {"ACI"},
    "aci_recyclerie": {"ACI"},
    "ei_proprete": {"EI"},
    "ai_services": {"AI"},
    "etti_btp": {"ETTI"},
    "eiti_independants": {"EITI"},
    "ensemblier_aci_ei": {"ACI", "EI"},
}
"""The themes the examples must cover, with the conventionnements each one must hold."""

PRESETS_ATTENDUS = {"etat_2025_moins_50m", "etat_plf_2026", "etat_lfi_2026", "etat_severe"}
ANNEE_REFERENCE = 2025
HORIZON = 2030
ECART_EQUILIBRE = 0.05
"""The reference 2025 result must lie within ±5 % of the charges (real SIAE run close to zero)."""

TOLERANCE = 1e-6


@cache
def projet(chemin: Path) -> Projet:
    return charger_projet(chemin)


@cache
def resultat(chemin: Path) -> Resultat:
    return simuler(projet(chemin))


def _exemples_aci(indexation_smic: bool = False) -> list[Path]:
    """ACI examples, found at collection time; a file that does not load is left to the other tests."""
    trouves = []
    for f in EXEMPLES:
        try:
            p = projet(f)
        except ValueError:
            continue
        if "ACI" in p.types_conventionnements() and (not indexation_smic or p.hypotheses.indexation_socle == "smic"):
            trouves.append(f)
    return trouves


def cumul(s: ResultatScenario) -> float:
    return sum(a.resultat for a in s.annees)


def lignes(c: Comptes) -> dict[str, float]:
    """Every amount of an income statement, keyed by block and line (missing lines count as 0)."""
    valeurs = {
        "etp_conventionnes": c.etp_conventionnes,
        "etp_realises": c.etp_realises,
        "travailleurs_accompagnes": c.travailleurs_accompagnes,
    }
    for k in (*LIGNES_PRODUITS, *DETAIL_PRODUITS, *c.produits):
        valeurs[f"produits.{k}"] = c.produits.get(k, 0.0)
    for k in (*LIGNES_CHARGES, *c.charges):
        valeurs[f"charges.{k}"] = c.charges.get(k, 0.0)
    for k in c.subventions_par_financeur:
        valeurs[f"subventions.{k}"] = c.subventions_par_financeur[k]
    return valeurs


def a_des_chocs(p: Projet, s: Scenario) -> bool:
    return any(anc.chocs for anc in p.chaine(s.id))


# --- the set of examples ---------------------------------------------------------------------------


def test_au_moins_sept_exemples_et_les_themes_requis() -> None:
    assert len(EXEMPLES) >= 7
    manquants = set(THEMES) - set(IDS_EXEMPLES)
    assert not manquants, f"exemples manquants : {sorted(manquants)}"


def test_les_cinq_types_sont_couverts() -> None:
    types = {c.type for f in EXEMPLES for c in projet(f).conventionnements}
    assert {"ACI", "EI", "AI", "ETTI", "EITI"} <= types


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_chaque_theme_a_ses_conventionnements(theme: str) -> None:
    p = projet(DOSSIER_EXEMPLES / f"{theme}.yaml")
    assert set(p.types_conventionnements()) == THEMES[theme]


def test_chaque_type_de_choc_et_de_levier_sert_dans_un_exemple() -> None:
    """The examples show every choc and levier the engine knows (fin_aide_au_poste included)."""
    chocs = {c.type for f in EXEMPLES for s in projet(f).scenarios for c in s.chocs}
    leviers = {lv.type for f in EXEMPLES for s in projet(f).scenarios for lv in s.leviers}
    assert set(TYPES_CHOCS) - chocs == set(), "chocs jamais utilisés"
    assert set(TYPES_LEVIERS) - leviers == set(), "leviers jamais utilisés"
    assert "fin_aide_au_poste" in chocs


# --- each example ------------------------------------------------------------------------------------


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_charge_et_entete(chemin: Path) -> None:
    texte = chemin.read_text(encoding="utf-8")
    assert texte.startswith("#"), "l'exemple commence par un commentaire qui dit d'où viennent les chiffres"
    assert "FACTS.md" in texte.split("schema:")[0]
    p = projet(chemin)
    assert p.structure.annee_reference == ANNEE_REFERENCE
    assert p.hypotheses.horizon == HORIZON


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_scenarios_requis(chemin: Path) -> None:
    p = projet(chemin)
    ids = [s.id for s in p.scenarios]
    assert "reference" in ids
    ref = p.scenario("reference")
    assert ref.base is None and not ref.chocs and not ref.leviers
    assert any(s.chocs for s in p.scenarios), "au moins un scénario avec des chocs"
    assert any(s.leviers for s in p.scenarios), "au moins un scénario avec des leviers"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_tous_les_scenarios_simulent(chemin: Path) -> None:
    p = projet(chemin)
    r = resultat(chemin)
    assert [s.id for s in r.scenarios] == [s.id for s in p.scenarios]
    for s in r.scenarios:
        assert [a.annee for a in s.annees] == list(range(ANNEE_REFERENCE, HORIZON + 1))


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_produits_moins_charges_egale_resultat(chemin: Path) -> None:
    for s in resultat(chemin).scenarios:
        for a in s.annees:
            for nom, c in [("total", a.total), *a.par_conventionnement.items()]:
                produits = sum(c.produits.get(k, 0.0) for k in LIGNES_PRODUITS)
                charges = sum(c.charges.get(k, 0.0) for k in LIGNES_CHARGES)
                assert produits - charges == pytest.approx(c.resultat, abs=TOLERANCE), (s.id, a.annee, nom)
            assert a.resultat == pytest.approx(a.total.resultat, abs=TOLERANCE)
            aide = a.total.produits["aide_au_poste"]
            detail = a.total.produits["aide_au_poste_etat"] + a.total.produits["aide_au_poste_departement"]
            assert detail == pytest.approx(aide, abs=TOLERANCE), (s.id, a.annee)


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_consolide_egale_somme_des_conventionnements(chemin: Path) -> None:
    for s in resultat(chemin).scenarios:
        for a in s.annees:
            somme: dict[str, float] = {}
            for c in a.par_conventionnement.values():
                for k, v in lignes(c).items():
                    somme[k] = somme.get(k, 0.0) + v
            total = lignes(a.total)
            for k in set(somme) | set(total):
                assert total.get(k, 0.0) == pytest.approx(somme.get(k, 0.0), abs=TOLERANCE), (s.id, a.annee, k)


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_tresorerie_reportee_d_une_annee_a_l_autre(chemin: Path) -> None:
    p = projet(chemin)
    for s in resultat(chemin).scenarios:
        assert s.annees[0].tresorerie_debut == pytest.approx(p.structure.tresorerie_initiale)
        bfr = None
        for a in s.annees:
            t = a.tresorerie
            caf = a.resultat + a.total.charges["amortissements"] - a.total.produits["quote_part_subventions"]
            assert t.caf == pytest.approx(caf, abs=TOLERANCE)
            attendu = (
                t.debut
                + caf
                - t.investissements
                + t.subventions_investissement
                + t.emprunts_nouveaux
                - t.remboursements_emprunts
                - t.variation_bfr
            )
            assert t.fin == pytest.approx(attendu, abs=TOLERANCE), (s.id, a.annee)
            assert t.mensuelle[-1] == t.fin and t.point_bas <= t.fin
            if bfr is not None:
                assert t.variation_bfr == pytest.approx(t.bfr - bfr, abs=TOLERANCE), (s.id, a.annee)
            bfr = t.bfr
        for avant, apres in zip(s.annees, s.annees[1:], strict=False):
            assert apres.tresorerie_debut == pytest.approx(avant.tresorerie_fin, abs=TOLERANCE), (s.id, apres.annee)


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_reference_proche_de_l_equilibre_en_2025(chemin: Path) -> None:
    a = resultat(chemin).scenario("reference").annee(ANNEE_REFERENCE)
    charges = a.total.total_charges
    assert charges > 0
    assert abs(a.resultat) <= ECART_EQUILIBRE * charges, f"résultat {a.resultat:.0f} pour {charges:.0f} de charges"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_les_chocs_degradent_le_resultat_cumule(chemin: Path) -> None:
    """A scenario that adds only chocs to its base ends the horizon with a lower cumulative result."""
    p = projet(chemin)
    r = resultat(chemin)
    coupes = [s for s in p.scenarios if s.chocs and not s.leviers]
    assert coupes
    for s in coupes:
        assert s.base is not None, f"{s.id} : un scénario de coupe s'empile sur un autre"
        ecart = cumul(r.scenario(s.id)) - cumul(r.scenario(s.base))
        assert ecart < 0, f"{s.id} ne dégrade pas {s.base} ({ecart:+.0f} €)"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_les_reponses_ameliorent_le_scenario_de_l_etat(chemin: Path) -> None:
    """A scenario with leviers stacks on a scenario with chocs and improves its cumulative result."""
    p = projet(chemin)
    r = resultat(chemin)
    reponses = [s for s in p.scenarios if s.leviers]
    assert reponses
    for s in reponses:
        assert s.base is not None, f"{s.id} : une réponse s'empile sur un scénario de l'État"
        assert a_des_chocs(p, p.scenario(s.base)), f"{s.id} : sa base {s.base} n'a pas de chocs"
        ecart = cumul(r.scenario(s.id)) - cumul(r.scenario(s.base))
        assert ecart > 0, f"{s.id} n'améliore pas {s.base} ({ecart:+.0f} €)"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_aller_retour_lecture_ecriture(chemin: Path) -> None:
    p = projet(chemin)
    assert lire_projet(ecrire_projet(p)) == p


@pytest.mark.parametrize("chemin", _exemples_aci(), ids=lambda f: f.stem)
def test_exemples_aci(chemin: Path) -> None:
    p = projet(chemin)
    aci = next(c for c in p.conventionnements if c.type == "ACI")
    assert aci.beneficiaires_rsa > 0
    assert 0 <= aci.part_modulee <= 0.10
    activites = [a for a in p.activites if a.conventionnement == "ACI"]
    assert activites
    assert all("part_marches_publics" in a.model_fields_set for a in activites)
    assert all("part_liee_etp" in a.model_fields_set for a in activites)
    ratio = resultat(chemin).scenario("reference").annee(ANNEE_REFERENCE).indicateurs["ratio_commercial_aci"]
    assert ratio is not None and ratio < 0.30


# --- State presets -----------------------------------------------------------------------------------


def test_les_presets_se_chargent_avec_leurs_sources() -> None:
    presets = charger_presets()
    assert {p.id for p in presets} == PRESETS_ATTENDUS
    assert len(list(DOSSIER_PRESETS.glob("*.yaml"))) == len(presets)
    for p in presets:
        assert p.sources, p.id
        assert all(s.href.startswith(("http://", "https://")) and s.title for s in p.sources), p.id
        assert p.description.strip(), p.id
        assert p.chocs, p.id
        assert all(c.annee >= ANNEE_REFERENCE for c in (*p.chocs, *p.leviers)), p.id
        assert "%" in p.description, f"{p.id} : la description montre le calcul des taux"


def _presets() -> list[Preset]:
    return list(charger_presets())


@pytest.mark.parametrize("preset", _presets(), ids=lambda p: p.id)
@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_preset_s_importe_dans_chaque_exemple(chemin: Path, preset: Preset) -> None:
    p = projet(chemin)
    importe = importer_preset(p, preset)
    scenario = importe.projet.scenario(importe.scenario_id)
    assert scenario.base == "reference"
    assert importe.chocs_ignores == 0
    assert len(scenario.chocs) == len(preset.chocs)
    r = simuler(importe.projet, [importe.scenario_id, "reference"])
    s = r.scenario(importe.scenario_id)
    assert [a.annee for a in s.annees] == list(range(ANNEE_REFERENCE, HORIZON + 1))
    for a in s.annees:
        assert a.total.total_produits - a.total.total_charges == pytest.approx(a.resultat, abs=TOLERANCE)
    if preset.id != "etat_2025_moins_50m":
        assert cumul(s) < cumul(r.scenario("reference")), f"{preset.id} ne dégrade pas la référence"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_preset_2025_degrade_la_reference(chemin: Path) -> None:
    """A cut dated in the reference year lowers the turnover tied to ETP too: it always costs money."""
    p = projet(chemin)
    importe = importer_preset(p, "etat_2025_moins_50m")
    r = simuler(importe.projet, [importe.scenario_id, "reference"])
    assert cumul(r.scenario(importe.scenario_id)) < cumul(r.scenario("reference"))


@pytest.mark.parametrize("chemin", _exemples_aci(indexation_smic=True), ids=lambda f: f.stem)
def test_plf_2026_baisse_l_aide_au_poste_aci(chemin: Path) -> None:
    importe = importer_preset(projet(chemin), "etat_plf_2026")
    r = simuler(importe.projet, ["reference", importe.scenario_id])
    ref = r.scenario("reference").annee(2026).par_conventionnement["ACI"]
    plf = r.scenario(importe.scenario_id).annee(2026).par_conventionnement["ACI"]
    assert plf.produits["aide_au_poste"] < ref.produits["aide_au_poste"]
    assert plf.etp_conventionnes == pytest.approx(ref.etp_conventionnes * (1 - 0.1124))
    # socle gelé : l'aide par ETP réalisé ne suit plus la hausse du SMIC de 2026
    assert plf.produits["aide_au_poste"] / plf.etp_realises < ref.produits["aide_au_poste"] / ref.etp_realises


# --- what each example shows -----------------------------------------------------------------------------


def test_etti_sur_occupee_l_aide_ne_finance_que_l_annexe() -> None:
    """The ETTI realises more ETP than its annex: payroll follows them, the aide au poste does not."""
    chemin = DOSSIER_EXEMPLES / "etti_btp.yaml"
    etti = next(c for c in projet(chemin).conventionnements if c.type == "ETTI")
    assert etti.taux_occupation > 1
    s = resultat(chemin).scenario("reference")
    assert {al.annee for al in s.alertes if al.code == "sur_occupation"} == set(range(ANNEE_REFERENCE, HORIZON + 1))
    for a in s.annees:
        k = a.par_conventionnement["ETTI"]
        assert k.etp_realises > k.etp_conventionnes
        assert k.produits["aide_au_poste"] < k.charges["masse_salariale_insertion"], a.annee
    a = s.annee(ANNEE_REFERENCE)
    assert 0.04 <= a.total.produits["aide_au_poste"] / a.total.total_produits <= 0.08


def test_eiti_fin_de_l_experimentation_sans_aide_avec_les_memes_travailleurs() -> None:
    """From 2027 the EITI gets no aid but keeps accompanying the same workers (fin_aide_au_poste)."""
    chemin = DOSSIER_EXEMPLES / "eiti_independants.yaml"
    r = resultat(chemin)
    fin = r.scenario("fin_experimentation")
    base = r.scenario(projet(chemin).scenario("fin_experimentation").base)
    for a, b in zip(fin.annees, base.annees, strict=True):
        assert a.total.travailleurs_accompagnes == pytest.approx(b.total.travailleurs_accompagnes)
        assert a.total.travailleurs_accompagnes > 0
        if a.annee >= 2027:
            assert a.total.produits["aide_au_poste"] == 0
            assert a.indicateurs["aide_par_etp"] == 0
        else:
            assert a.total.produits["aide_au_poste"] == pytest.approx(b.total.produits["aide_au_poste"])
            assert a.total.produits["aide_au_poste"] > 0
        assert a.total.produits["chiffre_affaires"] == pytest.approx(b.total.produits["chiffre_affaires"])


def test_ei_paie_le_smic_sur_les_heures_payees() -> None:
    """The EI pays the SMIC: 1 820 paid hours per ETP réalisé, not a wage inflated to fit 1 505 hours."""
    chemin = DOSSIER_EXEMPLES / "ei_proprete.yaml"
    p = projet(chemin)
    assert p.charges.salaire_horaire_insertion == "smic"
    assert all(c.salaire_horaire_insertion is None for c in p.conventionnements)
    a = resultat(chemin).scenario("reference").annee(ANNEE_REFERENCE)
    k = a.par_conventionnement["EI"]
    params = charger_parametres()
    jour = dt.date(ANNEE_REFERENCE, 6, 1)  # no SMIC, rate or hours change within 2025
    heures = params["etp.heures_payees.ei"].valeur_connue(jour)
    assert heures == 1820
    smic = params["smic.horaire_brut"].valeur_connue(jour)
    taux = params["cotisations.taux_employeur_net_smic"].valeur_connue(jour)
    assert k.charges["masse_salariale_insertion"] == pytest.approx(k.etp_realises * heures * smic * (1 + taux))
    assert 0.80 <= k.produits["chiffre_affaires"] / a.total.total_produits <= 0.90


def test_ai_sans_taux_de_cotisations_propre() -> None:
    """The AI's own 750-hour exemption was abolished on 1 January 2019: its rate is computed like the others'."""
    p = projet(DOSSIER_EXEMPLES / "ai_services.yaml")
    ai = next(c for c in p.conventionnements if c.type == "AI")
    assert ai.taux_cotisations_employeur is None
    assert p.charges.taux_cotisations_employeur is None
