"""The guide: its content is validated strictly, and the project's answers drive progress and the plan."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from fabrique import donnees_minimales, projet

from iae_model.guide import (
    DOSSIER_GUIDE,
    avancement,
    charger_contenu,
    charger_guide,
    guide_en_markdown,
    lire_section,
    plan_action,
    questions_applicables,
    reponses_orphelines,
)
from iae_model.projet import ErreurProjet, ecrire_projet, lire_projet
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS

SECTION = """\
id: essai
titre: Section d'essai
introduction: Une section pour les tests du guide.
questions:
  - id: essai.premiere
    question: Première question pour tous les types ?
    pourquoi: Parce qu'il faut bien commencer quelque part.
    types: tous
    sources: ["003"]
    leviers: [marche_public]
  - id: essai.seulement_ei
    question: Une question réservée aux entreprises d'insertion ?
    pourquoi: Pour vérifier le filtre par type de structure.
    types: [EI]
    sources: ["FACTS-10"]
  - id: essai.troisieme
    question: Troisième question pour tous les types ?
    pourquoi: Pour compter les réponses et la préparation.
    types: tous
    sources: ["000"]
"""


# --- the shipped content ---------------------------------------------------------------------------


def test_le_guide_livre_est_valide_et_assez_riche():
    guide = charger_guide()
    assert len(guide.sections) >= 9
    questions = guide.questions
    assert len(questions) >= 70
    assert len({q.id for q in questions}) == len(questions)
    assert sum(1 for q in questions if q.leviers) >= 25
    for s in guide.sections:
        assert s.questions, s.id
        for q in s.questions:
            assert q.id.startswith(f"{s.id}.")
            assert set(q.leviers) <= set(TYPES_CHOCS) | set(TYPES_LEVIERS)
    # the example projects answer this question: it must stay in the guide
    assert guide.question("activites.besoins_territoire")


def test_le_guide_ne_contient_ni_courriel_ni_telephone():
    for chemin in sorted(DOSSIER_GUIDE.glob("*.yaml")):
        texte = chemin.read_text(encoding="utf-8")
        assert "@" not in texte, chemin.name
        assert not re.search(r"\b0[1-9](?:[ .]?\d{2}){4}\b", texte), chemin.name


def test_les_exemples_repondent_a_des_questions_du_guide():
    from iae_model.exemples import charger_exemple, lister_exemples

    guide = charger_guide()
    for e in lister_exemples():
        assert reponses_orphelines(guide, charger_exemple(e.fichier)) == [], e.fichier


# --- strict reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        (
            '    types: tous\n    sources: ["003"]',
            '    types: tous\n    sources: ["003"]\n    auteur: X',
            "clé inconnue",
        ),
        ("leviers: [marche_public]", "leviers: [levier_imaginaire]", "inconnu du simulateur"),
        ("id: essai.troisieme", "id: autre.troisieme", "doit commencer par"),
        ('sources: ["000"]', 'sources: ["009"]', "sources"),
        ("types: [EI]", "types: [EA]", "non reconnue"),
    ],
)
def test_une_section_mal_formee_est_refusee(remplacer, par, attendu):
    assert remplacer in SECTION
    with pytest.raises(ErreurProjet, match=attendu):
        lire_section(SECTION.replace(remplacer, par, 1), "99_essai.yaml")


def test_identifiant_en_double_refuse(tmp_path: Path):
    (tmp_path / "01_essai.yaml").write_text(SECTION, encoding="utf-8")
    doublon = SECTION.replace("id: essai.troisieme", "id: essai.premiere")
    (tmp_path / "02_essai.yaml").write_text(doublon.replace("id: essai\n", "id: essai\n"), encoding="utf-8")
    with pytest.raises(ErreurProjet, match="double"):
        charger_contenu(tmp_path)


# --- a project's answers -------------------------------------------------------------------------------


@pytest.fixture
def guide_essai(tmp_path: Path):
    (tmp_path / "01_essai.yaml").write_text(SECTION, encoding="utf-8")
    return charger_contenu(tmp_path)


def _projet_avec_reponses(type_: str, reponses: dict, plan: dict | None = None):
    d = donnees_minimales(type_)
    d["guide"] = {"reponses": reponses}
    if plan:
        d["guide"]["plan_action"] = plan
    return projet(d)


def test_filtre_par_type_avancement_et_preparation(guide_essai):
    reponses = {"essai.premiere": {"reponse": "oui"}, "essai.troisieme": {"reponse": "en_partie"}}
    aci = _projet_avec_reponses("ACI", reponses)
    assert [q.id for _, q in questions_applicables(guide_essai, aci)] == ["essai.premiere", "essai.troisieme"]
    sections, ensemble = avancement(guide_essai, aci)
    # 2 questions for an ACI, both answered; readiness = (1 + 0,5) / 2
    assert (sections[0].questions, sections[0].repondues) == (2, 2)
    assert sections[0].preparation == pytest.approx(0.75)
    assert ensemble.part_repondue == 1.0
    ei = _projet_avec_reponses("EI", reponses)
    _, ensemble_ei = avancement(guide_essai, ei)
    # 3 questions for an EI, 2 answered; readiness = 1,5 / 3
    assert (ensemble_ei.questions, ensemble_ei.repondues) == (3, 2)
    assert ensemble_ei.preparation == pytest.approx(0.5)


def test_plan_d_action_et_reponses_orphelines(guide_essai):
    reponses = {
        "essai.premiere": {"reponse": "non", "note": "Aucun marché réservé repéré"},
        "essai.troisieme": {"reponse": "a_explorer"},
        "ancienne.question": {"reponse": "oui", "note": "gardée"},
    }
    plan = {"essai.premiere": {"action": "Rencontrer l'acheteur public", "responsable": "Direction",
                               "echeance": "2026-06", "statut": "en_cours"}}  # fmt: skip
    p = _projet_avec_reponses("ACI", reponses, plan)
    lignes = plan_action(guide_essai, p)
    assert [ligne.question_id for ligne in lignes] == ["essai.premiere", "essai.troisieme"]
    assert lignes[0].action.responsable == "Direction" and lignes[0].action.statut == "en_cours"
    assert lignes[1].action.statut == "a_faire"
    assert reponses_orphelines(guide_essai, p) == ["ancienne.question"]
    # the answer to a question the guide no longer has survives a save and a reload of the file
    relu = lire_projet(ecrire_projet(p))
    assert relu.guide == p.guide
    markdown = guide_en_markdown(guide_essai, p)
    assert "Rencontrer l'acheteur public" in markdown and "Aucun marché réservé repéré" in markdown
    assert "« ancienne\\.question »" in markdown and "Non" in markdown  # escaped: a dot could make a link


def test_une_reponse_hors_liste_est_refusee():
    d = donnees_minimales("ACI")
    d["guide"] = {"reponses": {"essai.premiere": {"reponse": "peut-etre"}}}
    with pytest.raises(ErreurProjet, match=r"guide\.reponses\.essai\.premiere\.reponse"):
        projet(copy.deepcopy(d))
