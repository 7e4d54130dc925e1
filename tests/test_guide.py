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
    sources: ["journee_inclusion_hdf_2023"]
    leviers: [marche_public]
  - id: essai.seulement_ei
    question: Une question réservée aux entreprises d'insertion ?
    pourquoi: Pour vérifier le filtre par type de structure.
    types: [EI]
    sources: ["igas_igf_2006"]
  - id: essai.troisieme
    question: Troisième question pour tous les types ?
    pourquoi: Pour compter les réponses et la préparation.
    types: tous
    sources: ["dreets_hdf_2025"]
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


def test_les_sources_sont_des_documents_publics_avec_titre_date_et_adresse():
    """Issue 10, item 6: a question cites public documents (title, date, address), never a fact sheet or a file of
    the project's working notes; every document of the list is cited by some question."""
    guide = charger_guide()
    cites = {s for q in guide.questions for s in q.sources}
    assert cites == {d.id for d in guide.documents}
    for d in guide.documents:
        assert d.href.startswith(("http://", "https://")) and d.titre and d.date, d.id
    for q in guide.questions:
        assert [d.id for d in guide.sources(q)] == q.sources, q.id
    for chemin in [*sorted(DOSSIER_GUIDE.glob("*.yaml")), DOSSIER_GUIDE / "sources" / "documents.yaml"]:
        texte = chemin.read_text(encoding="utf-8").lower()
        for interdit in ("fiche de faits", "facts", "shared/", "seed"):
            assert interdit not in texte, (chemin.name, interdit)


def test_source_inconnue_refusee_avec_son_chemin():
    with pytest.raises(ErreurProjet, match=r"essai\.troisieme\.sources : document inconnu : 009"):
        lire_section(SECTION.replace('sources: ["dreets_hdf_2025"]', 'sources: ["009"]', 1), "99_essai.yaml")


@pytest.mark.parametrize(
    ("identifiant", "leviers", "mots"),
    [
        ("financements.delais_versement", {"nouveau_financement"}, ("60 jours", "FSE+")),
        ("financements.dailly_banque", set(), ("Dailly", "France Active")),
        ("financements.france_active", {"nouveau_financement"}, ("garantit", "fonds propres")),
        ("situation.fonds_propres_mois", {"mutualisation", "nouveau_financement"}, ("mois de charges",)),
        ("activites.franchise_impots", {"croissance_activite", "nouvelle_activite"}, ("80 011 €", "TVA")),
        ("activites.taxe_salaires", set(), ("taxe sur les salaires", "24 041 €")),
        ("activites.sectorisation_filiale", {"ouverture_conventionnement"}, ("sectorisation", "filiale")),
        ("projet_social.plein_emploi_orientation", {"taux_occupation"}, ("France Travail", "2023-1196")),
        ("projet_social.reseau_pour_l_emploi", {"taux_occupation"}, ("réseau pour l'emploi",)),
        ("cooperation.ensemblier", {"mutualisation", "ouverture_conventionnement", "ajustement_etp"}, ("ensemblier",)),
    ],
)
def test_les_questions_ajoutees_et_leurs_leviers(identifiant: str, leviers: set[str], mots: tuple[str, ...]):
    q = charger_guide().question(identifiant)
    assert set(q.leviers) == leviers
    texte = q.question + " " + q.pourquoi
    assert all(m in texte for m in mots), identifiant


def test_le_smic_et_le_taux_du_departement_sont_a_jour():
    guide = charger_guide()
    smic = guide.question("situation.gel_socle_smic")
    assert "12,31 €" in smic.question and "1er juin 2026" in smic.question
    assert "smic_juin_2026" in smic.sources
    departement = guide.question("financements.departement_caom").pourquoi
    assert "décret n° 2014-728" in departement and "confirmé dans le texte définitif" in departement
    assert "à confirmer" not in departement and "projet de décret" not in departement


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
            '    types: tous\n    sources: ["journee_inclusion_hdf_2023"]',
            '    types: tous\n    sources: ["journee_inclusion_hdf_2023"]\n    auteur: X',
            "clé inconnue",
        ),
        ("leviers: [marche_public]", "leviers: [levier_imaginaire]", "inconnu du simulateur"),
        ("id: essai.troisieme", "id: autre.troisieme", "doit commencer par"),
        ('sources: ["dreets_hdf_2025"]', 'sources: ["009"]', "sources"),
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
