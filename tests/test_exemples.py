"""The example projects of `scenarios/` and the State presets of `scenarios/hypotheses_etat/`.

Every example must load, simulate every scenario with consistent accounts (produits − charges =
résultat, consolidated = sum of the conventionnements, cash carried from year to year), start near
balance, be hurt by its State or shock scenarios and helped by its answer scenarios; every preset must
load with its sources and apply to every example.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from iae_model.parametres import charger_parametres
from iae_model.presets import DOSSIER_PRESETS, Preset, charger_presets, importer_preset, reprise
from iae_model.projet import Projet, charger_projet, ecrire_projet, lire_projet
from iae_model.projet.chocs import ChocIndexationSocle, ChocSmic
from iae_model.projet.modele import Scenario
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.simulation import Resultat, ResultatScenario, simuler
from iae_model.simulation.resultat import DETAIL_PRODUITS, LIGNES_CHARGES, LIGNES_PRODUITS, Comptes
from iae_model.sources_publiques import sources_publiques

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

PRESETS_ATTENDUS = {
    "etat_2025_moins_50m",
    "etat_2025_hauts_de_france",
    "etat_plf_2026",
    "etat_lfi_2026",
    "etat_lfi_2026_socle_indexe",
    "etat_severe",
    "hypothese_departement_moins_10",
    "hypothese_socle_indexe_2026",
}
PRESETS_DE_COUPE = {"etat_plf_2026", "etat_lfi_2026", "etat_severe"}
"""Presets that only cut (posts, funders, part modulée): they lower every example's cumulative result."""
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


def _exemples_aci() -> list[Path]:
    """ACI examples, found at collection time; a file that does not load is left to the other tests."""
    trouves = []
    for f in EXEMPLES:
        try:
            p = projet(f)
        except ValueError:
            continue
        if "ACI" in p.types_conventionnements():
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


def _indexation_seule(s: Scenario) -> bool:
    """A scenario that only indexes the socle (a hypothesis against the frozen reference, not a cut)."""
    return all(isinstance(c, ChocIndexationSocle) and c.valeur != "gel" for c in s.chocs)


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
    entete = texte.split("schema:")[0]
    # public documents by title, date and address, all in the project's sources; no path outside the repository
    assert "docs/sources.md" in entete and "# Sources :" in entete
    adresses = {s.href for s in sources_publiques()}
    citees = re.findall(r"^# \[(\d+)\] .+ : (https?://\S+)$", entete, re.MULTILINE)
    assert citees and all(href in adresses for _, href in citees)
    assert {int(n) for n, _ in citees} == {int(n) for n in re.findall(r"\[(\d+)\]", entete)}
    assert not re.search(r"§\d|/work/|shared/|FACTS|seeds? \d", entete)
    p = projet(chemin)
    assert p.structure.annee_reference == ANNEE_REFERENCE
    assert p.hypotheses.horizon == HORIZON
    # no 2026 arrêté and a 2026 budget that does not fund the SMIC rise: the reference keeps the socle frozen
    assert p.hypotheses.indexation_socle == "gel"
    assert "gelé à partir de 2026" in texte.split("schema:")[0]


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
    coupes = [s for s in p.scenarios if s.chocs and not s.leviers and not _indexation_seule(s)]
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
    # a decision of 2025 is already in the examples' 2025 figures: never applied twice
    attendus = [reprise(c, ANNEE_REFERENCE).item for c in preset.chocs]
    assert scenario.chocs == [c for c in attendus if c is not None]
    assert importe.chocs_ignores == attendus.count(None) == len(importe.notes)
    r = simuler(importe.projet, [importe.scenario_id, "reference"])
    s = r.scenario(importe.scenario_id)
    assert [a.annee for a in s.annees] == list(range(ANNEE_REFERENCE, HORIZON + 1))
    for a in s.annees:
        assert a.total.total_produits - a.total.total_charges == pytest.approx(a.resultat, abs=TOLERANCE)
    if not scenario.chocs:
        assert [a.resultat for a in s.annees] == pytest.approx([a.resultat for a in r.scenario("reference").annees])
    if preset.id in PRESETS_DE_COUPE:
        assert cumul(s) < cumul(r.scenario("reference")), f"{preset.id} ne dégrade pas la référence"


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_preset_2025_coupe_un_projet_de_2024_pas_un_projet_de_2025(chemin: Path) -> None:
    """Issue 10, item 4: the 2025 cut is in the figures of a 2025 project (the ACI example's 2025 result went from
    +2 807 € to −3 799 € when it was applied again); the same figures read as 2024's are cut in 2025."""
    p = projet(chemin)
    for preset_id in ("etat_2025_moins_50m", "etat_2025_hauts_de_france"):
        importe = importer_preset(p, preset_id)
        r = simuler(importe.projet, [importe.scenario_id, "reference"])
        assert cumul(r.scenario(importe.scenario_id)) == pytest.approx(cumul(r.scenario("reference")))
        donnees_2024 = ecrire_projet(p).replace("annee_reference: 2025", "annee_reference: 2024", 1)
        importe = importer_preset(lire_projet(donnees_2024), preset_id)
        r = simuler(importe.projet, [importe.scenario_id, "reference"])
        assert importe.chocs_ignores == 0
        assert cumul(r.scenario(importe.scenario_id)) < cumul(r.scenario("reference"))


def test_les_presets_n_ajoutent_pas_une_hausse_du_smic_que_le_parametre_officiel_tient() -> None:
    """A preset's SMIC rise must be later than the official SMIC's last checked date; the 2026 presets that set
    the socle say that the SMIC rises of 2026 (1 January, 1 June) are official amounts, in every scenario."""
    smic = charger_parametres()["smic.horaire_brut"]
    for p in charger_presets():
        for c in p.chocs:
            if isinstance(c, ChocSmic):
                assert dt.date(c.annee, c.mois, 1) > smic.valide_jusqu_au, p.id
        if any(isinstance(c, ChocIndexationSocle) and c.annee == 2026 for c in p.chocs):
            assert "1er juin 2026" in p.description and "12,31 €" in p.description, p.id


def test_les_hypotheses_sont_dites_hypotheses() -> None:
    for p in charger_presets():
        if p.id.startswith("hypothese_"):
            assert "pas une décision" in p.libelle and "HYPOTHÈSE, PAS UNE DÉCISION" in p.description, p.id


@pytest.mark.parametrize("chemin", _exemples_aci(), ids=lambda f: f.stem)
def test_plf_2026_baisse_l_aide_au_poste_aci(chemin: Path) -> None:
    importe = importer_preset(projet(chemin), "etat_plf_2026")
    r = simuler(importe.projet, ["reference", importe.scenario_id])
    ref = r.scenario("reference").annee(2026).par_conventionnement["ACI"]
    plf = r.scenario(importe.scenario_id).annee(2026).par_conventionnement["ACI"]
    assert plf.produits["aide_au_poste"] < ref.produits["aide_au_poste"]
    assert plf.etp_conventionnes == pytest.approx(ref.etp_conventionnes * (1 - 0.1124))


@pytest.mark.parametrize("chemin", _exemples_aci(), ids=lambda f: f.stem)
def test_socle_indexe_2026_releve_l_aide_par_etp_comme_le_smic_de_janvier(chemin: Path) -> None:
    """Against the frozen reference (23 921 € an ACI ETP), the indexed socle is 23 921 × 12,02 / 11,88 in 2026
    (the SMIC of 1 January 2026 over that of 1 November 2024, when the last amount was set)."""
    importe = importer_preset(projet(chemin), "hypothese_socle_indexe_2026")
    r = simuler(importe.projet, ["reference", importe.scenario_id])
    ref = r.scenario("reference").annee(2026).par_conventionnement["ACI"]
    ind = r.scenario(importe.scenario_id).annee(2026).par_conventionnement["ACI"]
    assert ind.etp_realises == pytest.approx(ref.etp_realises)
    assert ind.produits["aide_au_poste"] == pytest.approx(ref.produits["aide_au_poste"] * 12.02 / 11.88)
    assert cumul(r.scenario(importe.scenario_id)) > cumul(r.scenario("reference"))


@pytest.mark.parametrize("chemin", EXEMPLES, ids=IDS_EXEMPLES)
def test_un_scenario_qui_indexe_le_socle_ameliore_sa_base(chemin: Path) -> None:
    p = projet(chemin)
    r = resultat(chemin)
    for s in p.scenarios:
        if s.chocs and not s.leviers and _indexation_seule(s):
            assert cumul(r.scenario(s.id)) > cumul(r.scenario(s.base)), s.id


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
    # at the SMIC, the charges the general reduction does not cover: 13,58 ETP réalisés + 9 permanents, so from 11
    # employees (formation 1 %, versement mobilité, default 1 %); a company: taxe d'apprentissage 0,68 %; AT/MP
    # 2,2 % (default) − 0,50 point covered; AGS 0,25 %; mutuelle, prévoyance, santé au travail 3 %
    nc = "cotisations.non_couvertes"
    assert p.structure.forme_juridique == "societe"
    taux = (
        sum(
            params[f"{nc}.{nom}"].valeur_connue(jour)
            for nom in (
                "formation_professionnelle_11_et_plus",
                "taxe_apprentissage",
                "versement_mobilite_taux_defaut",
                "ags",
                "autres",
            )
        )
        + params[f"{nc}.at_mp_taux_defaut"].valeur_connue(jour)
        - params[f"{nc}.at_mp_part_couverte"].valeur_connue(jour)
    )
    assert taux == pytest.approx(0.01 + 0.0068 + 0.01 + 0.0025 + 0.03 + 0.022 - 0.005)  # 7,63 %
    assert k.charges["masse_salariale_insertion"] == pytest.approx(k.etp_realises * heures * smic * (1 + taux))
    assert 0.80 <= k.produits["chiffre_affaires"] / a.total.total_produits <= 0.90


def test_ai_sans_taux_de_cotisations_propre() -> None:
    """The AI's own 750-hour exemption was abolished on 1 January 2019: its rate is computed like the others'."""
    p = projet(DOSSIER_EXEMPLES / "ai_services.yaml")
    ai = next(c for c in p.conventionnements if c.type == "AI")
    assert ai.taux_cotisations_employeur is None
    assert p.charges.taux_cotisations_employeur is None
