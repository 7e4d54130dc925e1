"""The command line, run as a user runs it: `python -m iae_model ...` in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from outils_cli import lancer_cli

from iae_model.projet import charger_projet
from iae_model.simulation import simuler

RACINE = Path(__file__).resolve().parent.parent
EXEMPLE = RACINE / "tests" / "donnees" / "design_exemple.yaml"
DELAI_SUBPROCESS = 30
ESPACE_FINE = "\u202f"
"""Narrow no-break space: the French thousands separator."""

CLES_PRODUITS = {
    "aide_au_poste",
    "chiffre_affaires",
    "subventions",
    "quote_part_subventions",
    "autres_produits",
    "total",
}
CLES_CHARGES = {
    "masse_salariale_insertion",
    "permanents",
    "charges_variables",
    "fonctionnement",
    "formation",
    "autres_charges",
    "amortissements",
    "charges_financieres",
    "total",
}
CLES_ANNEE = {
    "annee",
    "etp_conventionnes",
    "etp_realises",
    "produits",
    "charges",
    "resultat",
    "tresorerie_fin",
    "tresorerie",
    "indicateurs",
}
CLES_TRESORERIE = {
    "debut",
    "caf",
    "investissements",
    "subventions_investissement",
    "emprunts_nouveaux",
    "remboursements_emprunts",
    "variation_bfr",
    "fin",
    "mensuelle",
    "point_bas",
    "mois_point_bas",
}


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return lancer_cli(*args)[0]


def _ok(res: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    assert res.returncode == 0, (res.returncode, res.stderr)
    return res.stdout


def _refuse(res: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    return res.stderr


@pytest.fixture(scope="module")
def sortie_json() -> dict[str, Any]:
    return json.loads(_ok(_cli("simuler", EXEMPLE, "--format", "json")))


@pytest.fixture(scope="module")
def projet() -> Any:
    return charger_projet(EXEMPLE)


# --- valider ---------------------------------------------------------------------------------------


def test_valider_un_projet_valide() -> None:
    res = _cli("valider", EXEMPLE)
    sortie = _ok(res)
    assert "Exemple – ACI espaces verts" in sortie
    assert res.stderr == ""


# --- simuler --format json -------------------------------------------------------------------------


def _est_au_centime(valeur: float) -> bool:
    return valeur == round(valeur, 2)


def test_json_respecte_le_contrat(sortie_json: dict[str, Any], projet: Any) -> None:
    assert set(sortie_json) >= {"projet", "scenarios"}
    assert sortie_json["projet"] == "Exemple – ACI espaces verts"
    assert [s["id"] for s in sortie_json["scenarios"]] == ["reference", "coupe_2026"]
    annees_attendues = list(range(projet.structure.annee_reference, projet.hypotheses.horizon + 1))
    assert annees_attendues == [2025, 2026, 2027, 2028, 2029, 2030]
    for s in sortie_json["scenarios"]:
        assert set(s) >= {"id", "libelle", "annees", "alertes"}
        assert isinstance(s["id"], str)
        assert isinstance(s["libelle"], str)
        assert [a["annee"] for a in s["annees"]] == annees_attendues
        for a in s["annees"]:
            assert set(a) >= CLES_ANNEE, sorted(CLES_ANNEE - set(a))
            assert type(a["annee"]) is int
            assert set(a["produits"]) >= CLES_PRODUITS
            assert set(a["charges"]) >= CLES_CHARGES
            assert isinstance(a["indicateurs"], dict)
            montants = [
                a["etp_conventionnes"],
                a["etp_realises"],
                a["resultat"],
                a["tresorerie_fin"],
                *a["produits"].values(),
                *a["charges"].values(),
            ]
            for m in montants:
                assert isinstance(m, int | float) and not isinstance(m, bool)
                assert _est_au_centime(m), m
            # each figure is rounded on its own: the difference may be off by one cent (plus float noise)
            assert a["produits"]["total"] - a["charges"]["total"] == pytest.approx(a["resultat"], abs=1e-6)
            somme_produits = sum(a["produits"][k] for k in CLES_PRODUITS - {"total"})
            assert somme_produits == pytest.approx(a["produits"]["total"], abs=0.02)
            somme_charges = sum(a["charges"][k] for k in CLES_CHARGES - {"total"})
            assert somme_charges == pytest.approx(a["charges"]["total"], abs=0.05)
            t = a["tresorerie"]
            assert set(t) >= CLES_TRESORERIE
            flux = t["caf"] - t["investissements"] + t["subventions_investissement"] + t["emprunts_nouveaux"]
            flux -= t["remboursements_emprunts"] + t["variation_bfr"]
            assert t["fin"] == pytest.approx(t["debut"] + flux, abs=0.05)
            assert len(t["mensuelle"]) == 12 and t["mensuelle"][11] == t["fin"] == a["tresorerie_fin"]
            assert t["point_bas"] == min(t["mensuelle"]) == t["mensuelle"][t["mois_point_bas"] - 1]
        assert isinstance(s["alertes"], list)
        for al in s["alertes"]:
            assert set(al) >= {"code", "annee", "message"}
            assert isinstance(al["code"], str) and al["code"]
            assert type(al["annee"]) is int and al["annee"] in annees_attendues
            assert isinstance(al["message"], str) and al["message"]
    # the example runs a deficit: its alerts are reported
    assert any(al["code"] for al in sortie_json["scenarios"][0]["alertes"])


def test_json_egal_a_la_simulation_en_memoire(sortie_json: dict[str, Any], projet: Any) -> None:
    resultat = simuler(projet)
    assert json.loads(json.dumps(resultat.en_json(), ensure_ascii=False)) == sortie_json
    for s, sj in zip(resultat.scenarios, sortie_json["scenarios"], strict=True):
        assert sj["id"] == s.id
        assert sj["libelle"] == s.libelle
        for a, aj in zip(s.annees, sj["annees"], strict=True):
            assert aj["annee"] == a.annee
            assert aj["etp_conventionnes"] == round(a.total.etp_conventionnes, 2)
            assert aj["etp_realises"] == round(a.total.etp_realises, 2)
            for k in CLES_PRODUITS - {"total"}:
                assert aj["produits"][k] == round(a.total.produits.get(k, 0.0), 2)
            for k in CLES_CHARGES - {"total"}:
                assert aj["charges"][k] == round(a.total.charges.get(k, 0.0), 2)
            assert aj["produits"]["total"] == round(a.total.total_produits, 2)
            assert aj["charges"]["total"] == round(a.total.total_charges, 2)
            # the printed result is the difference of the printed totals (no one-cent gap)
            assert aj["resultat"] == round(round(a.total.total_produits, 2) - round(a.total.total_charges, 2), 2)
            assert aj["resultat"] == pytest.approx(a.resultat, abs=0.01)
            assert aj["tresorerie_fin"] == round(a.tresorerie_fin, 2)
        assert [(al["code"], al["annee"], al["message"]) for al in sj["alertes"]] == [
            (al.code, al.annee, al.message) for al in s.alertes
        ]


def test_calcul_a_la_main_reference_2025(sortie_json: dict[str, Any]) -> None:
    """Figures of the `reference` scenario in 2025, from the README's rules (« Le modèle de calcul ») and the
    official values.

    ACI socle 23 921 € (arrêté du 4 décembre 2024, in force from 1 November 2024 through 2025);
    SMIC 11,88 €/h (from 1 November 2024, no rise on 1 January 2025); 1 820 h per ACI ETP; at the SMIC the
    employer pays only the charges the general reduction does not cover: from 11 employees (19 ETP réalisés + 3
    permanents), formation 1 %, AT/MP 2,2 % (default) − 0,50 point covered, versement mobilité 1 % (default),
    AGS 0,25 %, mutuelle, prévoyance and santé au travail 3 %: 6,95 % (no form given: no taxe d'apprentissage).
    """
    etp_conventionnes = 20
    taux_occupation = 0.95
    etp_realises = etp_conventionnes * taux_occupation  # 19
    socle_aci_2025 = 23_921
    part_modulee = 0.05
    aide_au_poste = etp_realises * socle_aci_2025 * (1 + part_modulee)  # 19 × 23 921 × 1,05 = 477 223,95
    heures_par_etp = 1_820
    smic_2025 = 11.88
    taux_employeur = 0.01 + (0.022 - 0.005) + 0.01 + 0.0025 + 0.03  # 6,95 %
    masse_salariale = round(etp_realises * heures_par_etp * smic_2025 * (1 + taux_employeur), 2)  # 439 361,72
    charges_variables = 140_000 * 0.25  # 35 000
    formation = 18_000 * (1 - 0.7)  # 5 400
    permanents = 3 * 43_000  # 129 000

    ref = next(s for s in sortie_json["scenarios"] if s["id"] == "reference")
    a = next(x for x in ref["annees"] if x["annee"] == 2025)
    assert a["etp_conventionnes"] == pytest.approx(20)
    assert a["etp_realises"] == pytest.approx(19)
    assert a["produits"]["aide_au_poste"] == pytest.approx(aide_au_poste, abs=0.01)
    assert a["produits"]["aide_au_poste"] == pytest.approx(477_223.95, abs=0.01)
    assert a["charges"]["masse_salariale_insertion"] == pytest.approx(masse_salariale, abs=0.01)
    assert a["charges"]["masse_salariale_insertion"] == pytest.approx(439_361.72, abs=0.01)
    assert a["charges"]["charges_variables"] == pytest.approx(charges_variables, abs=0.01)
    assert a["charges"]["formation"] == pytest.approx(formation, abs=0.01)
    assert a["charges"]["permanents"] == pytest.approx(permanents, abs=0.01)
    assert a["produits"]["chiffre_affaires"] == pytest.approx(140_000, abs=0.01)
    assert a["charges"]["amortissements"] == pytest.approx(22_000, abs=0.01)
    assert a["charges"]["fonctionnement"] == pytest.approx(160_000, abs=0.01)


# --- simuler: scenario selection ------------------------------------------------------------------


def test_simuler_un_seul_scenario() -> None:
    donnees = json.loads(_ok(_cli("simuler", EXEMPLE, "--scenario", "coupe_2026", "--format", "json")))
    assert [s["id"] for s in donnees["scenarios"]] == ["coupe_2026"]


def test_simuler_scenario_inconnu() -> None:
    res = _cli("simuler", EXEMPLE, "--scenario", "inconnu")
    erreur = _refuse(res)
    assert res.stdout == ""
    assert "inconnu" in erreur
    assert "reference" in erreur
    assert "coupe_2026" in erreur


# --- simuler: csv and tableau ---------------------------------------------------------------------


def test_simuler_csv() -> None:
    sortie = _ok(_cli("simuler", EXEMPLE, "--format", "csv"))
    assert sortie.splitlines()[0] == "scenario,annee,conventionnement,categorie,ligne,valeur"
    lignes = list(csv.DictReader(io.StringIO(sortie)))
    assert lignes
    assert {ligne["conventionnement"] for ligne in lignes} >= {"total", "ACI"}
    assert {ligne["scenario"] for ligne in lignes} == {"reference", "coupe_2026"}
    assert {int(ligne["annee"]) for ligne in lignes} == set(range(2025, 2031))
    for ligne in lignes:
        float(ligne["valeur"])
    resultat_2025 = [
        ligne
        for ligne in lignes
        if ligne["scenario"] == "reference"
        and ligne["annee"] == "2025"
        and ligne["conventionnement"] == "total"
        and ligne["ligne"] == "aide_au_poste"
    ]
    assert len(resultat_2025) == 1
    assert float(resultat_2025[0]["valeur"]) == pytest.approx(477_223.95, abs=0.01)


def test_simuler_tableau_par_defaut() -> None:
    sortie = _ok(_cli("simuler", EXEMPLE))
    assert "Résultat" in sortie
    assert "€" in sortie
    assert ESPACE_FINE in sortie
    # 477 223,95 € rounded to the euro, with the French thousands separator
    assert f"477{ESPACE_FINE}224" in sortie
    assert "reference" in sortie and "coupe_2026" in sortie


# --- parametres -----------------------------------------------------------------------------------


def test_parametres_tableau_a_une_date() -> None:
    sortie = _ok(_cli("parametres", "--date", "2024-12-01"))
    lignes = sortie.splitlines()
    i = next(i for i, ligne in enumerate(lignes) if ligne.startswith("aide_au_poste.montant_socle.aci"))
    assert f"23{ESPACE_FINE}921" in lignes[i]
    assert "€" in lignes[i]
    # the reference lines follow the value
    suite = "\n".join(lignes[i + 1 : i + 4])
    assert "Arrêté du 4 décembre 2024" in suite
    assert "http" in suite


def test_parametres_json_a_une_date() -> None:
    donnees = json.loads(_ok(_cli("parametres", "--date", "2024-12-01", "--format", "json")))
    assert donnees["date"] == "2024-12-01"
    par_nom = {p["nom"]: p for p in donnees["parametres"]}
    socle = par_nom["aide_au_poste.montant_socle.aci"]
    assert socle["valeur"] == 23921.0
    assert socle["references"]
    assert par_nom["smic.horaire_brut"]["valeur"] == 11.88


def test_parametres_date_invalide() -> None:
    erreur = _refuse(_cli("parametres", "--date", "2024-13-45"))
    assert "AAAA-MM-JJ" in erreur


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("commande_inconnue",), ("valider",)],
    ids=["commande_inconnue", "argument_manquant"],
)
def test_erreur_d_usage(args: tuple[str, ...]) -> None:
    res = _cli(*args)
    erreur = _refuse(res)
    assert res.stdout == ""
    assert erreur.strip()


def test_fichier_introuvable(tmp_path: Path) -> None:
    res = _cli("valider", tmp_path / "absent.yaml")
    erreur = _refuse(res)
    assert res.stdout == ""
    assert "introuvable" in erreur


def test_erreur_inattendue_sans_trace_sauf_avec_debug(monkeypatch, capsys) -> None:
    """Issue 9, item 6: the CLI swallowed every unexpected error's trace; --debug now shows it."""
    from iae_model import cli

    def panne(args):
        raise RuntimeError("panne interne")

    monkeypatch.setattr(cli, "_valider", panne)
    exemple = str(RACINE / "scenarios" / "aci_espaces_verts.yaml")
    assert cli.main(["valider", exemple]) == 1
    erreur = capsys.readouterr().err
    assert "Erreur inattendue (RuntimeError) : panne interne" in erreur and "--debug" in erreur
    assert "Traceback" not in erreur
    assert cli.main(["--debug", "valider", exemple]) == 1
    erreur = capsys.readouterr().err
    assert "Traceback (most recent call last)" in erreur and "RuntimeError: panne interne" in erreur


# --- ajouter: the same edit on many projects ---------------------------------------------------------


def test_ajouter_un_choc_a_plusieurs_projets_et_laisser_intact_celui_qui_le_refuse(tmp_path):
    etti = tmp_path / "etti.yaml"
    aci = tmp_path / "aci.yaml"
    etti.write_text((RACINE / "scenarios" / "etti_btp.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    aci.write_text((RACINE / "scenarios" / "aci_recyclerie.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    avant_aci = aci.read_bytes()
    choc = "{type: variation_socle, conventionnement: ETTI, annee: 2026, mois: 7, taux: -0.05}"
    r, _ = lancer_cli("ajouter", etti, aci, "--scenario", "reference", "--choc", choc)
    assert r.returncode == 2
    assert "Socle de l'aide au poste ETTI −5\u00a0% au 1er juillet 2026" in r.stdout
    assert "aci.yaml (non modifié)" in r.stderr and "la structure n'a pas de conventionnement ETTI" in r.stderr
    assert aci.read_bytes() == avant_aci
    reference = charger_projet(etti).scenario("reference")
    assert [c.type for c in reference.chocs][-1] == "variation_socle"
    # the edited file is a valid project that simulates, and nothing else of it changed
    assert charger_projet(etti).structure == charger_projet(RACINE / "scenarios" / "etti_btp.yaml").structure
    assert not list(tmp_path.glob(".*.tmp"))


def test_ajouter_dit_ce_qui_manque_sans_rien_ecrire(tmp_path):
    projet = tmp_path / "p.yaml"
    projet.write_text(EXEMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    avant = projet.read_bytes()
    r, _ = lancer_cli("ajouter", projet, "--scenario", "inconnu", "--levier", "{type: derogation_aci, annee: 2026}")
    assert r.returncode == 2 and "pas de scénario « inconnu »" in r.stderr
    r, _ = lancer_cli("ajouter", projet, "--scenario", "reference", "--choc", "[1, 2")
    assert r.returncode == 2 and "--choc" in r.stderr and "Traceback" not in r.stderr
    r, _ = lancer_cli("ajouter", projet, "--scenario", "reference", "--choc", "{annee: 2026}")
    assert r.returncode == 2 and "« type »" in r.stderr
    assert projet.read_bytes() == avant


def test_simuler_avec_une_hypothese_de_l_etat_comme_le_bouton_de_la_page_scenarios():
    from iae_model.presets import importer_preset

    r, _ = lancer_cli("simuler", EXEMPLE, "--scenario", "reference", "--hypothese", "2026_lfi", "--format", "json")
    assert r.returncode == 0, r.stderr
    sortie = json.loads(r.stdout)
    assert [s["id"] for s in sortie["scenarios"]] == ["reference", "etat_lfi_2026"]
    # the same scenario as the one-click button's (importer_preset, stacked on the reference)
    attendu = simuler(importer_preset(charger_projet(EXEMPLE), "etat_lfi_2026").projet, ["etat_lfi_2026"])
    lfi = sortie["scenarios"][1]["annees"]
    assert [a["resultat"] for a in lfi] == [a["resultat"] for a in attendu.en_json()["scenarios"][0]["annees"]]


def test_simuler_avec_une_hypothese_dit_ce_qui_n_est_pas_repris():
    """The 2025 cut is in the 2025 figures of the example: the CLI says it is left out, as the page does."""
    r, _ = lancer_cli("simuler", EXEMPLE, "--hypothese", "2025_enveloppe_moins_50m", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "Hypothèse « 2025_enveloppe_moins_50m » : « Baisse des ETP conventionnés de 3,88" in r.stderr
    assert "non repris : les chiffres saisis pour 2025 l'intègrent déjà." in r.stderr
    sortie = json.loads(r.stdout)
    resultats = {s["id"]: [a["resultat"] for a in s["annees"]] for s in sortie["scenarios"]}
    assert resultats["etat_2025_moins_50m"] == resultats["reference"]


def test_simuler_avec_une_hypothese_inconnue_dit_celles_qui_existent():
    r, _ = lancer_cli("simuler", EXEMPLE, "--hypothese", "2027_inventee")
    assert r.returncode == 2
    assert "Hypothèse de l'État inconnue : 2027_inventee" in r.stderr and "2026_lfi" in r.stderr
