"""The atelier's pooling (issue 12): each structure under one State hypothesis, the room's figures added up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iae_model import atelier
from iae_model.atelier import AnneeParticipant, Participation, mettre_en_commun
from iae_model.cli import main
from iae_model.exemples import charger_exemple
from iae_model.formats import euros

EXEMPLES = Path(__file__).resolve().parent.parent / "scenarios"


def _p(types, *annees, tranche="10 à 25 ETP", departement="60"):
    return Participation(tuple(types), tranche, departement, tuple(AnneeParticipant(*a) for a in annees))


def test_la_mise_en_commun_calculee_a_la_main():
    """Four structures, 2026–2027 (the fourth only 2026). Each year: (result, low point, ETP) × (ref, hyp)."""
    aci = _p(["ACI"], (2026, (1_000.0, -4_000.0), (50_000.0, 20_000.0), (20.0, 18.0)),
             (2027, (-500.0, -6_000.0), (10_000.0, -5_000.0), (20.0, 18.0)))  # fmt: skip
    ensemblier = _p(["ACI", "EI"], (2026, (-2_000.0, -9_000.0), (-1_000.0, -30_000.0), (30.0, 27.5)),
                    (2027, (3_000.0, 0.0), (5_000.0, 0.0), (30.0, 27.5)))  # fmt: skip
    ai = _p(["AI"], (2026, (0.0, 250.5), (0.0, 12.25), (0.0, 0.0)),
            (2027, (100.0, -0.01), (200.0, -0.01), (0.0, 0.0)))  # fmt: skip
    etti = _p(["ETTI"], (2026, (7_000.0, 6_000.0), (-10.0, -20.0), (12.5, 12.5)))
    commun = mettre_en_commun([aci, ensemblier, ai, etti], "Atelier d'Amiens", "2026_lfi")
    assert commun["atelier"] == "Atelier d'Amiens" and commun["hypothese"] == "2026_lfi"
    assert commun["participants"] == 4
    assert commun["par_type"] == {"ACI": 2, "EI": 1, "AI": 1, "ETTI": 1}  # the ensemblier under each of its types
    a2026, a2027 = commun["annees"]
    assert a2026["annee"] == 2026 and a2026["participants"] == 4
    # deficits 2026: ref −2 000 (ensemblier) → 1 ; hyp −4 000, −9 000 → 2 (0 and 250,5 are not deficits)
    assert a2026["en_deficit"] == {"reference": 1, "hypothese": 2}
    # negative cash 2026: ref −1 000, −10 → 2 ; hyp −30 000, −20 → 2
    assert a2026["tresorerie_negative"] == {"reference": 2, "hypothese": 2}
    # ETP: 20 + 30 + 0 + 12,5 = 62,5 ; 18 + 27,5 + 0 + 12,5 = 58
    assert a2026["etp_conventionnes"] == {"reference": 62.5, "hypothese": 58.0}
    # results: 1 000 − 2 000 + 0 + 7 000 = 6 000 ; −4 000 − 9 000 + 250,5 + 6 000 = −6 749,5
    assert a2026["resultat_total"] == {"reference": 6_000.0, "hypothese": -6_749.5}
    # 2027 without the ETTI: deficits ref −500 → 1 ; hyp −6 000, −0,01 → 2 (0 is not) ; cash hyp −5 000, −0,01 → 2
    assert a2027["participants"] == 3
    assert a2027["en_deficit"] == {"reference": 1, "hypothese": 2}
    assert a2027["tresorerie_negative"] == {"reference": 0, "hypothese": 2}
    assert a2027["resultat_total"] == {"reference": 2_600.0, "hypothese": -6_000.01}


def test_etp_a_risque_effort_et_preparation_de_la_salle():
    """ETP at risk added up; the effort's median and maximum; each section's readiness averaged, least ready
    first; nothing of it over fewer than 3 structures."""
    from dataclasses import replace

    base = _p(["ACI"], (2026, (0.0, 0.0), (0.0, 0.0), (10.0, 10.0)))
    salle = [
        replace(base, etp_a_risque=0.4, effort=30_000.0, preparation=(("Projet social", 1.0), ("Finances", 0.5))),
        replace(base, etp_a_risque=0.0, effort=10_000.0, preparation=(("Projet social", 0.5), ("Finances", 0.0))),
        replace(base, etp_a_risque=1.35, effort=50_000.0, preparation=(("Projet social", 0.0), ("Finances", 0.25))),
    ]
    commun = mettre_en_commun(salle, "Atelier", "2026_lfi")
    assert commun["etp_a_risque"] == 1.75  # 0,4 + 0 + 1,35
    assert commun["effort"] == {"mediane": 30_000.0, "maximum": 50_000.0}  # of 10 000, 30 000, 50 000
    # Finances (0,5 + 0 + 0,25) / 3 = 0,25 before Projet social (1 + 0,5 + 0) / 3 = 0,5
    assert commun["preparation_guide"] == [
        {"section": "Finances", "preparation": 0.25, "structures": 3},
        {"section": "Projet social", "preparation": 0.5, "structures": 3},
    ]
    deux = mettre_en_commun(salle[:2], "Atelier", "2026_lfi")
    assert deux["effort"] is None and deux["preparation_guide"] == []


def test_la_coupe_de_l_hypothese_et_ce_qui_est_a_risque():
    """LFI 2026 takes 2 % of the ETP conventionnés: 1 − 0,98 = 0,02; what is at risk is the ETP of that cut
    beyond the cut the structure can absorb under its reference."""
    p = atelier.participation(charger_exemple("aci_espaces_verts.yaml"), "2026_lfi")
    assert p.coupe_hypothese == pytest.approx(0.02)
    etp = max(a.etp_conventionnes[0] for a in p.annees)
    assert p.etp_a_risque == pytest.approx(etp * max(0.0, 0.02 - (p.coupe_absorbable or 0.0)))
    # the effort back to balance of a year is its deficit (decision.effort_equilibre): the largest one
    assert p.effort == pytest.approx(max(0.0, -min(a.resultat[1] for a in p.annees)), abs=1e-6)
    assert len(p.preparation) >= 5 and all(0 <= v <= 1 for _, v in p.preparation)


def test_le_profil_anonyme():
    assert atelier.tranche_d_effectif(9.99) == "moins de 10 ETP"
    assert atelier.tranche_d_effectif(10) == "10 à 25 ETP"
    assert atelier.tranche_d_effectif(49.9) == "25 à 50 ETP"
    assert atelier.tranche_d_effectif(50) == "50 ETP et plus"
    assert atelier.departement("Oise (60), pays de Bray") == "60"
    assert atelier.departement("Corse-du-Sud (2A)") == "2A"
    assert atelier.departement("Hauts-de-France") is None
    p = atelier.participation(charger_exemple("ensemblier_aci_ei.yaml"), "2026_lfi")
    assert p.types == ("ACI", "EI") and p.departement == "60" and p.nom is None  # no name unless given
    assert atelier.publiable(3) and not atelier.publiable(2)


def test_memes_chiffres_que_simuler_avec_l_hypothese(capsys):
    """A participant's figures are those of `simuler … --hypothese ID` (the same engine, the same preset)."""
    chemin = str(EXEMPLES / "aci_recyclerie.yaml")
    assert main(["simuler", chemin, "--hypothese", "2026_lfi", "--format", "json"]) == 0
    scenarios = json.loads(capsys.readouterr().out)["scenarios"]
    reference, hypothese = scenarios[0], scenarios[-1]
    p = atelier.participation(charger_exemple("aci_recyclerie.yaml"), "2026_lfi")
    # the JSON's result is the difference of the totals rounded to the cent: within 1 cent of the engine's
    for a, r, h in zip(p.annees, reference["annees"], hypothese["annees"], strict=True):
        assert a.annee == r["annee"] == h["annee"]
        assert a.resultat == pytest.approx((r["resultat"], h["resultat"]), abs=0.0101)
        assert a.point_bas == pytest.approx((r["tresorerie"]["point_bas"], h["tresorerie"]["point_bas"]), abs=0.006)
        assert a.etp_conventionnes == pytest.approx((r["etp_conventionnes"], h["etp_conventionnes"]), abs=1e-6)


def test_la_commande_sur_un_dossier_laisse_de_cote_un_fichier_invalide(tmp_path, capsys):
    for nom in ("aci_espaces_verts.yaml", "ai_services.yaml", "ei_proprete.yaml"):
        shutil.copy(EXEMPLES / nom, tmp_path / nom)
    (tmp_path / "abime.yaml").write_text("structure: [pas, un, projet\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("pas un projet", encoding="utf-8")
    code = main(["atelier", str(tmp_path), "--hypothese", "2026_lfi", "--titre", "Atelier test", "--format", "json"])
    sortie = capsys.readouterr()
    assert code == 0
    commun = json.loads(sortie.out)
    assert commun["participants"] == 3 and commun["par_type"] == {"ACI": 1, "EI": 1, "AI": 1}
    assert "abime.yaml" in sortie.err and "laissé de côté" in sortie.err and "notes.txt" not in sortie.err
    attendu = [atelier.participation(charger_exemple(n), "2026_lfi") for n in ("aci_espaces_verts.yaml",
               "ai_services.yaml", "ei_proprete.yaml")]  # fmt: skip
    assert commun == mettre_en_commun(attendu, "Atelier test", "2026_lfi")
    # the same as a table and as CSV, in French and in plain numbers
    assert main(["atelier", str(tmp_path), "--hypothese", "2026_lfi"]) == 0
    tableau = capsys.readouterr().out
    assert "Atelier : 3 structure(s) (1 ACI, 1 EI, 1 AI)" in tableau and "Structures en déficit, hypothèse" in tableau
    assert main(["atelier", str(tmp_path), "--hypothese", "2026_lfi", "--format", "csv"]) == 0
    lignes = capsys.readouterr().out.splitlines()
    assert lignes[0] == "annee,participants,indicateur,reference,hypothese"
    assert len(lignes) == 1 + 4 * len(commun["annees"])


def test_la_commande_refuse_en_francais(tmp_path, capsys):
    chemin = str(EXEMPLES / "aci_espaces_verts.yaml")
    assert main(["atelier", chemin, "--hypothese", "inconnue"]) == 2
    assert "Hypothèse de l'État inconnue : inconnue" in capsys.readouterr().err
    assert main(["atelier", str(tmp_path), "--hypothese", "2026_lfi"]) == 2
    assert "Aucun projet valide" in capsys.readouterr().err
    assert main(["atelier", chemin, "--hypothese", "2026_lfi"]) == 0
    assert "ne les montrez pas" in capsys.readouterr().err  # one structure: recognisable


def test_le_classeur_de_l_atelier_ne_montre_personne(tmp_path, capsys):
    """One anonymous row per structure, by type and size (not in the files' order); a type or a département
    with fewer than 3 structures, a year covered by fewer than 3: « moins de 3 » or « — »."""
    import io

    import openpyxl

    from iae_model.exports.atelier_xlsx import ecrire_classeur_atelier

    def p(types, departement, resultat, annees=(2026, 2027)):
        return _p(types, *[(a, (resultat, resultat - 1_000), (5_000.0, -1.0), (10.0, 9.0)) for a in annees],
                  departement=departement)  # fmt: skip

    participations = [
        p(["EI"], "80", 500.0),
        p(["ACI"], "60", -100.0),
        p(["ACI"], "60", 200.0),
        p(["ACI"], "60", 300.0, annees=(2026,)),
    ]
    commun = mettre_en_commun(participations, "Atelier", "2026_lfi")
    classeur = openpyxl.load_workbook(io.BytesIO(ecrire_classeur_atelier(participations, commun, "LFI 2026")))
    atelier_ = dict(classeur["Atelier"].iter_rows(min_row=2, values_only=True))
    assert atelier_["Structures"] == 4 and atelier_["dont ACI"] == 3 and atelier_["dont EI"] == "moins de 3"
    par_annee = list(classeur["Par année"].iter_rows(values_only=True))
    # 2026: 4 structures; in deficit: ref 1 (−100), hyp 4 (each −1 000 lower) ; negative cash: ref 0, hyp 4 ;
    # ETP 4 × 10 and 4 × 9 ; results 500 − 100 + 200 + 300 = 900, hypothesis 900 − 4 × 1 000 = −3 100
    assert par_annee[1][:8] == (2026, 4, 1, 4, 0, 4, 40, 36)
    assert par_annee[1][8:] == (900, -3_100)
    # 2027: 3 structures (the fourth stops in 2026): results 500 − 100 + 200 = 600, hypothesis 600 − 3 × 1 000
    assert par_annee[2][1] == 3 and par_annee[2][8:] == (600, -2_400)
    participants = list(classeur["Participants"].iter_rows(min_row=2, values_only=True))
    assert [x[1] for x in participants] == ["ACI", "ACI", "ACI", "EI"]  # by type, not the files' order
    assert [x[3] for x in participants] == ["60", "60", "60", "—"]  # the Somme's one structure is not placed
    assert participants[3][4:6] == (500, -500) and all(isinstance(v, int | float) for v in participants[0][4:])
    # a year covered by two structures only: nothing of it is shown
    deux = mettre_en_commun(participations[:2], "Atelier", "2026_lfi")
    deux_seules = openpyxl.load_workbook(io.BytesIO(ecrire_classeur_atelier(participations[:2], deux, "LFI 2026")))
    assert set(next(deux_seules["Par année"].iter_rows(min_row=2, values_only=True))[1:]) == {"moins de 3"}
    # from the command line
    chemin = tmp_path / "atelier.xlsx"
    fichiers = [str(EXEMPLES / n) for n in ("aci_espaces_verts.yaml", "ai_services.yaml", "ei_proprete.yaml")]
    assert main(["atelier", *fichiers, "--hypothese", "2026_lfi", "--xlsx", str(chemin)]) == 0
    assert "classeur de l'atelier" in capsys.readouterr().err
    assert openpyxl.load_workbook(chemin).sheetnames == ["Atelier", "Par année", "Participants"]


def test_le_livret_se_relit_et_ne_montre_personne(tmp_path, capsys):
    """The livret: who was there (types of fewer than 3 structures not counted), the room's figures per year
    as the engine pooled them, two charts; fewer than 3 structures: the reason, not the figures."""
    import io

    from pypdf import PdfReader

    from iae_model.exports.atelier_pdf import ecrire_livret

    chemin = tmp_path / "livret.pdf"
    fichiers = [str(EXEMPLES / n) for n in ("aci_espaces_verts.yaml", "aci_recyclerie.yaml", "ei_proprete.yaml")]
    assert main(["atelier", *fichiers, "--hypothese", "2026_lfi", "--titre", "Atelier d'Amiens", "--pdf",
                 str(chemin), "--format", "json"]) == 0  # fmt: skip
    commun = json.loads(capsys.readouterr().out)
    lecteur = PdfReader(chemin)
    texte = " ".join(p.extract_text() for p in lecteur.pages).replace("\u202f", " ").replace("\xa0", " ")
    assert "Livret de l'atelier : Atelier d'Amiens" in texte
    assert "3 structures (moins de 3 de chaque type : ACI, EI)" in texte  # 2 ACI and 1 EI: both under 3
    assert "loi de finances adoptée" in texte and "Structures en déficit, avec l'hypothèse" in texte
    derniere = commun["annees"][-1]
    assert euros(derniere["resultat_total"]["hypothese"]).replace("\u202f", " ").replace("\xa0", " ") in texte
    assert texte.count("Structures en déficit") >= 3  # two rows of the table and a chart's title
    for s in ("Chantier des Sentiers", "Recyclerie", "Propreté"):  # no structure's name
        assert s not in texte
    deux = mettre_en_commun(
        [atelier.participation(charger_exemple(n), "2026_lfi") for n in ("aci_espaces_verts.yaml", "ai_services.yaml")],
        "Petit atelier",
        "2026_lfi",
    )
    texte = PdfReader(io.BytesIO(ecrire_livret(deux, "LFI 2026"))).pages[0].extract_text()
    assert "Moins de 3 structures" in texte and "Résultat total" not in texte


def test_un_titre_piege_reste_du_texte(tmp_path, capsys):
    """The atelier's title is the facilitator's text: a formula stays a string cell, HTML prints as written."""
    import openpyxl
    from pypdf import PdfReader

    titre = '=HYPERLINK("http://exemple.invalid","x") <script>alert(1)</script>'
    fichiers = [str(EXEMPLES / n) for n in ("aci_espaces_verts.yaml", "aci_recyclerie.yaml", "ei_proprete.yaml")]
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "a.pdf"
    assert main(["atelier", *fichiers, "--hypothese", "2026_lfi", "--titre", titre, "--xlsx", str(xlsx),
                 "--pdf", str(pdf)]) == 0  # fmt: skip
    capsys.readouterr()
    cellule = openpyxl.load_workbook(xlsx)["Atelier"]["B2"]
    assert cellule.value == titre and cellule.data_type == "s"
    assert "<script>alert(1)</script>" in PdfReader(pdf).pages[0].extract_text()
    # a file in a folder that does not exist: the reason in French, status 1
    assert main(["atelier", *fichiers, "--hypothese", "2026_lfi", "--xlsx", str(tmp_path / "absent" / "a.xlsx")]) == 1
    assert "le dossier n'existe pas" in capsys.readouterr().err
