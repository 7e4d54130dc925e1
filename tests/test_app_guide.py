"""AppTest: the page « Guide » (answers, progress, plan d'action, mode atelier, simulator, persistence).

The expected figures come from `iae_model.guide` on the session's project, never from the page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.guide import (
    REPONSES,
    avancement,
    charger_guide,
    guide_en_markdown,
    plan_action,
    questions_applicables,
)
from iae_model.projet import ecrire_projet, lire_projet
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.yaml_sur import ecrire_yaml, lire_yaml
from tests.outils_app import ouvrir_onglet
from ui import guide as ug

EXEMPLES = [e.fichier for e in lister_exemples()]
PAGE = "app_pages/guide.py"
RACINE = Path(__file__).resolve().parent.parent


# --- helpers ---------------------------------------------------------------------------------------


def _page(app_avec_exemple, fichier: str = "aci_espaces_verts.yaml"):
    at = app_avec_exemple(fichier)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _projet(at):
    return at.session_state["iae_projet_valide"]


def _sans_echappement(texte: str) -> str:
    return re.sub(r"\\(.)", r"\1", texte)


def _textes(at) -> str:
    elements = [*at.markdown, *at.caption, *at.success, *at.error, *at.warning, *at.info, *at.text, *at.subheader]
    return _sans_echappement("\n".join(str(e.value) for e in elements)).replace("**", "")


def _metrique(at, libelle: str) -> str:
    return next(m.value for m in at.metric if m.label == libelle)


def _premiere_section(at) -> list[str]:
    """Ids of the questions of the section shown (the first one, on a first visit)."""
    projet = _projet(at)
    guide = charger_guide()
    section = at.session_state[ug.CLE_SECTION]
    return [q.id for s, q in questions_applicables(guide, projet) if s.id == section]


def _cle(at, prefixe: str, question_id: str) -> str:
    """A widget's key: it carries the generation of the page's widgets (rebuilt when the draft changed elsewhere)."""
    return f"{prefixe}{question_id}_g{at.session_state[ug.CLE_GENERATION]}"


def _onglet(at, nom: str):
    assert nom in ug.ONGLETS
    return ouvrir_onglet(at, ug.CLE_ONGLET, nom)


def _repondre(at, question_id: str, reponse: str | None):
    _onglet(at, "Questions")
    at.segmented_control(key=_cle(at, ug.PREFIXE_REPONSE, question_id)).set_value(reponse).run()
    assert not at.exception, at.exception
    return at


def _noter(at, question_id: str, note: str):
    _onglet(at, "Questions")
    at.text_input(key=_cle(at, ug.PREFIXE_NOTE, question_id)).set_value(note).run()
    assert not at.exception, at.exception
    return at


def _editeur_plan(at):
    _onglet(at, "Plan d'action")
    trouves = [d for d in at.data_editor if d.key and d.key.startswith("guide_plan_")]
    assert len(trouves) == 1, [d.key for d in at.data_editor]
    return trouves[0]


def _ouvrir_fichier(nouvelle_app, texte: str):
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("projet.yaml", texte.encode("utf-8"), "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    assert not at.exception, at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _question_avec(types_: frozenset[str], projet) -> tuple[str, str]:
    """An applicable question linked to a choc or levier of `types_`, and that type."""
    for _, q in questions_applicables(charger_guide(), projet):
        for t in q.leviers:
            if t in types_:
                return q.id, t
    pytest.skip("aucune question du guide n'est liée à ce genre de choc ou levier")


# --- rendering -------------------------------------------------------------------------------------


def test_sans_projet_la_page_renvoie_a_l_accueil(nouvelle_app):
    at = nouvelle_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Aucun projet ouvert" in _textes(at)


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_la_page_s_affiche_pour_chaque_exemple(app_avec_exemple, fichier):
    at = _page(app_avec_exemple, fichier)
    assert at.title[0].value == "Guide"
    projet = _projet(at)
    guide = charger_guide()
    sections, ensemble = avancement(guide, projet)
    assert _metrique(at, "Questions répondues") == f"{ensemble.repondues} / {ensemble.questions}"
    # only the questions of the structure's types, one answer widget each, for the section shown
    ids = _premiere_section(at)
    assert ids and at.session_state[ug.CLE_SECTION] == sections[0].section
    cles = [w.key for w in at.segmented_control if w.key and w.key.startswith(ug.PREFIXE_REPONSE)]
    assert cles == [_cle(at, ug.PREFIXE_REPONSE, i) for i in ids]
    for i in ids:
        r = projet.guide.reponses.get(i)
        assert at.segmented_control(key=_cle(at, ug.PREFIXE_REPONSE, i)).value == (r.reponse if r else None)
    # the readiness chart (drawn when its tab is open): one bar per section, 0–100 %, French locale
    assert not at.get("vega_lite_chart")
    _onglet(at, "Préparation par section")
    specs = [json.loads(g.proto.spec) for g in at.get("vega_lite_chart")]
    specs = [s for s in specs if s.get("usermeta", {}).get("graphique") == "guide_preparation"]
    assert len(specs) == 1
    assert specs[0]["config"]["locale"]["number"]["decimal"] == ","
    tableau = ug.tableau_preparation(sections)
    assert list(tableau["preparation"]) == [round(a.preparation, 4) for a in sections]
    # rendering alone changes nothing
    version = at.session_state["iae_version"]
    at.run()
    assert at.session_state["iae_version"] == version
    assert not at.exception
    assert _projet(at) == charger_exemple(fichier)


def test_le_graphique_respecte_le_schema_vega_lite():
    guide = charger_guide()
    for fichier in EXEMPLES:
        sections, _ = avancement(guide, charger_exemple(fichier))
        spec = ug.graphique_preparation(sections).to_dict()  # validates against the Vega-Lite schema
        assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_chaque_section_s_affiche(app_avec_exemple):
    at = _page(app_avec_exemple, "ensemblier_aci_ei.yaml")
    sections, _ = avancement(charger_guide(), _projet(at))
    vues = []
    for k in range(len(sections)):
        vues.append(at.session_state[ug.CLE_SECTION])
        titre = next(a.titre for a in sections if a.section == vues[-1])
        assert titre in _textes(at)
        assert at.button(key="guide_section_precedente").disabled == (k == 0)
        assert at.button(key="guide_section_suivante").disabled == (k == len(sections) - 1)
        if k < len(sections) - 1:
            at.button(key="guide_section_suivante").click().run()
            assert not at.exception, at.exception
    assert vues == [a.section for a in sections]
    at.button(key="guide_section_precedente").click().run()
    assert at.session_state[ug.CLE_SECTION] == sections[-2].section
    at.selectbox(key=ug.CLE_SECTION).set_value(sections[0].section).run()
    assert at.session_state[ug.CLE_SECTION] == sections[0].section


# --- answering ---------------------------------------------------------------------------------------


def test_repondre_fait_avancer_et_remplit_le_plan_d_action(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    guide = charger_guide()
    ids = [i for i in _premiere_section(at) if i not in _projet(at).guide.reponses]
    assert len(ids) >= 3
    _, avant = avancement(guide, _projet(at))

    _repondre(at, ids[0], "oui")
    _, apres = avancement(guide, _projet(at))
    assert apres.repondues == avant.repondues + 1
    assert _metrique(at, "Questions répondues") == f"{apres.repondues} / {apres.questions}"
    assert plan_action(guide, _projet(at)) == plan_action(guide, charger_exemple("aci_espaces_verts.yaml"))

    _repondre(at, ids[1], "non")
    _repondre(at, ids[2], "a_explorer")
    projet = _projet(at)
    attendu = {ids[0]: "oui", ids[1]: "non", ids[2]: "a_explorer"}
    assert {i: projet.guide.reponses[i].reponse for i in ids[:3]} == attendu
    _, ensemble = avancement(guide, projet)
    assert _metrique(at, "Questions répondues") == f"{avant.repondues + 3} / {ensemble.questions}"
    lignes = plan_action(guide, projet)
    assert [ligne.question_id for ligne in lignes if ligne.question_id in ids] == [ids[1], ids[2]]
    # the plan's table shows them, in the guide's order
    tableau = _editeur_plan(at).value
    assert list(tableau["question"]) == [ligne.question for ligne in lignes]
    assert list(tableau["reponse"]) == [REPONSES[ligne.reponse] for ligne in lignes]

    # a note is saved; answering « Oui » instead removes the line; removing the answer keeps the note
    _noter(at, ids[1], "  Aucun acheteur public rencontré  ")
    assert _projet(at).guide.reponses[ids[1]].note == "Aucun acheteur public rencontré"
    _repondre(at, ids[2], "oui")
    assert ids[2] not in [ligne.question_id for ligne in plan_action(guide, _projet(at))]
    _repondre(at, ids[1], None)
    r = _projet(at).guide.reponses[ids[1]]
    assert (r.reponse, r.note) == (None, "Aucun acheteur public rencontré")
    _, fin = avancement(guide, _projet(at))
    assert fin.repondues == avant.repondues + 2
    assert not at.exception


def test_editer_le_plan_d_action(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_recyclerie.yaml")
    guide = charger_guide()
    ids = [i for i in _premiere_section(at) if i not in _projet(at).guide.reponses]
    _repondre(at, ids[0], "non")
    _repondre(at, ids[1], "a_explorer")
    lignes = plan_action(guide, _projet(at))
    rang = {ligne.question_id: k for k, ligne in enumerate(lignes)}
    editeur = _editeur_plan(at)
    at.session_state[editeur.key] = {
        "edited_rows": {
            rang[ids[0]]: {
                "action": "Rencontrer la DDETS",
                "responsable": "Direction",
                "echeance": "juin 2026",
                "statut": "en_cours",
            },
            rang[ids[1]]: {"responsable": "CIP", "statut": "fait"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    plan = _projet(at).guide.plan_action
    assert plan[ids[0]].model_dump() == {
        "action": "Rencontrer la DDETS",
        "responsable": "Direction",
        "echeance": "juin 2026",
        "statut": "en_cours",
    }
    assert (plan[ids[1]].responsable, plan[ids[1]].statut, plan[ids[1]].action) == ("CIP", "fait", "")
    version = at.session_state["iae_version"]
    at.run()  # the same edits are not saved twice
    assert at.session_state["iae_version"] == version
    # a new answer adds a line: the table is rebuilt from the saved plan, nothing is lost
    _repondre(at, ids[2], "non")
    tableau = _editeur_plan(at).value
    ligne = tableau[tableau["question"] == guide.question(ids[0]).question].iloc[0]
    assert (ligne["responsable"], ligne["echeance"], ligne["statut"]) == ("Direction", "juin 2026", "en_cours")
    assert len(tableau) == len(plan_action(guide, _projet(at)))
    # the plan d'action goes into the Markdown export
    assert "Rencontrer la DDETS" in guide_en_markdown(guide, _projet(at))


# --- the simulator --------------------------------------------------------------------------------------


def test_tester_un_levier_dans_le_simulateur(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_recyclerie.yaml")
    question_id, type_ = _question_avec(frozenset(TYPES_LEVIERS), _projet(at))
    section = charger_guide().section_de(question_id).id
    at.selectbox(key=ug.CLE_SECTION).set_value(section).run()
    at.button(key=f"guide_tester_{question_id}_{type_}").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Scénarios"
    assert at.selectbox(key="scenarios_ajout_leviers_type").value == type_
    ajout = next(e for e in at.expander if e.label == "Ajouter un levier")
    assert ajout.proto.expanded
    # the form of that lever is drawn, ready to fill
    assert any(b.key and b.key.endswith(f"_ajout_leviers_{type_}_ok") for b in at.button)
    # once only: back on the page later, the expander follows its usual rule
    assert "scenarios_ouvrir_ajout" not in at.session_state


def test_tester_un_choc_dans_le_simulateur(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    question_id, type_ = _question_avec(frozenset(TYPES_CHOCS), _projet(at))
    at.selectbox(key=ug.CLE_SECTION).set_value(charger_guide().section_de(question_id).id).run()
    at.button(key=f"guide_tester_{question_id}_{type_}").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Scénarios"
    assert at.selectbox(key="scenarios_ajout_chocs_type").value == type_
    assert next(e for e in at.expander if e.label == "Ajouter un choc").proto.expanded


def test_un_bouton_par_levier_lie(app_avec_exemple):
    at = _page(app_avec_exemple, "ensemblier_aci_ei.yaml")
    guide = charger_guide()
    projet = _projet(at)
    for s, q in questions_applicables(guide, projet):
        if len(q.leviers) >= 2:
            at.selectbox(key=ug.CLE_SECTION).set_value(s.id).run()
            cles = {b.key for b in at.button}
            assert {f"guide_tester_{q.id}_{t}" for t in q.leviers} <= cles
            return
    pytest.skip("aucune question liée à plusieurs chocs ou leviers")


# --- persistence ------------------------------------------------------------------------------------------


def test_les_reponses_survivent_a_un_changement_de_page_et_a_une_nouvelle_session(app_avec_exemple, nouvelle_app):
    at = _page(app_avec_exemple, "ei_proprete.yaml")
    ids = [i for i in _premiere_section(at) if i not in _projet(at).guide.reponses]
    _repondre(at, ids[0], "en_partie")
    _noter(at, ids[0], "Bilan à présenter au CA")
    _repondre(at, ids[1], "non")
    at.switch_page("app_pages/resultats.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.segmented_control(key=_cle(at, ug.PREFIXE_REPONSE, ids[0])).value == "en_partie"
    assert at.text_input(key=_cle(at, ug.PREFIXE_NOTE, ids[0])).value == "Bilan à présenter au CA"
    assert at.segmented_control(key=_cle(at, ug.PREFIXE_REPONSE, ids[1])).value == "non"
    # a reload is a new session that only has the link
    rechargee = nouvelle_app({"p": at.session_state["iae_jeton"]})
    rechargee.switch_page(PAGE).run()
    assert not rechargee.exception
    assert rechargee.session_state["iae_projet_valide"].guide == _projet(at).guide
    assert rechargee.segmented_control(key=_cle(rechargee, ug.PREFIXE_REPONSE, ids[0])).value == "en_partie"
    assert rechargee.text_input(key=_cle(rechargee, ug.PREFIXE_NOTE, ids[0])).value == "Bilan à présenter au CA"
    assert rechargee.segmented_control(key=_cle(rechargee, ug.PREFIXE_REPONSE, ids[1])).value == "non"


def test_aller_retour_par_le_fichier_du_projet(app_avec_exemple, nouvelle_app):
    at = _page(app_avec_exemple, "ai_services.yaml")
    guide = charger_guide()
    ids = [i for i in _premiere_section(at) if i not in _projet(at).guide.reponses]
    _repondre(at, ids[0], "non")
    _noter(at, ids[0], "À voir « vite » : 50 % | 2026")
    _repondre(at, ids[1], "oui")
    at.session_state[_editeur_plan(at).key] = {
        "edited_rows": {0: {"action": "Relancer le département", "statut": "en_cours"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    projet = _projet(at)
    # the downloaded file (the draft written as YAML) holds the answers and the plan
    texte = ecrire_yaml(at.session_state["iae_brouillon"])
    relu = lire_projet(texte)
    assert relu.guide == projet.guide
    assert lire_projet(ecrire_projet(projet)).guide == projet.guide
    assert relu.guide.reponses[ids[0]].note == "À voir « vite » : 50 % | 2026"
    # re-uploaded by another user, the page shows the same answers and plan
    autre = _ouvrir_fichier(nouvelle_app, texte)
    assert _projet(autre).guide == projet.guide
    assert autre.segmented_control(key=_cle(autre, ug.PREFIXE_REPONSE, ids[0])).value == "non"
    assert autre.text_input(key=_cle(autre, ug.PREFIXE_NOTE, ids[0])).value == "À voir « vite » : 50 % | 2026"
    tableau = _editeur_plan(autre).value
    ligne = tableau[tableau["question"] == guide.question(ids[0]).question].iloc[0]
    assert (ligne["action"], ligne["statut"]) == ("Relancer le département", "en_cours")


def test_une_reponse_orpheline_est_gardee_et_signalee(nouvelle_app):
    donnees = lire_yaml((RACINE / "scenarios" / "aci_espaces_verts.yaml").read_text(encoding="utf-8"))
    donnees["guide"]["reponses"]["ancienne_section.question_retiree"] = {
        "reponse": "non",
        "note": "<img src=x onerror=alert(1)> *gardée*",
    }
    donnees["guide"]["plan_action"] = {"ancienne_section.question_retiree": {"action": "Action d'avant"}}
    at = _ouvrir_fichier(nouvelle_app, ecrire_yaml(donnees))
    avertissement = "\n".join(w.value for w in at.warning)
    assert "ancienne\\_section\\.question\\_retiree" in avertissement
    assert "\\<img src=x onerror=alert(1)\\> \\*gardée\\*" in avertissement  # user text stays text
    assert "avec une ligne de plan d'action" in avertissement
    # answering another question keeps it, in the draft and in the valid project
    ids = [i for i in _premiere_section(at) if i not in _projet(at).guide.reponses]
    _repondre(at, ids[0], "oui")
    guide = _projet(at).guide
    assert guide.reponses["ancienne_section.question_retiree"].reponse == "non"
    assert guide.plan_action["ancienne_section.question_retiree"].action == "Action d'avant"
    assert "ancienne_section.question_retiree" in at.session_state["iae_brouillon"]["guide"]["reponses"]
    # it does not count in the progress, and it is in the Markdown export
    _, ensemble = avancement(charger_guide(), _projet(at))
    assert _metrique(at, "Questions répondues") == f"{ensemble.repondues} / {ensemble.questions}"
    markdown = guide_en_markdown(charger_guide(), _projet(at))
    assert "ancienne_section.question_retiree" in re.sub(r"\\(.)", r"\1", markdown)  # user text is escaped


def test_les_reponses_sont_gardees_quand_une_autre_saisie_est_invalide(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    valide = _projet(at)
    # an invalid input elsewhere (an horizon before the reference year), as typed in Ma structure
    at.session_state["iae_brouillon"]["hypotheses"]["horizon"] = 2000
    at.run()
    ids = [i for i in _premiere_section(at) if i not in valide.guide.reponses]
    _repondre(at, ids[0], "non")
    assert not at.exception
    assert _projet(at) is valide  # the engine keeps the last valid version
    assert at.session_state["iae_brouillon"]["guide"]["reponses"][ids[0]] == {"reponse": "non"}
    # the page shows the draft's answers: the progress and the plan follow them
    question = charger_guide().question(ids[0]).question
    assert question in list(_editeur_plan(at).value["question"])
    _, ensemble = avancement(charger_guide(), valide)
    assert _metrique(at, "Questions répondues") == f"{ensemble.repondues + 1} / {ensemble.questions}"


def test_des_reponses_invalides_dans_le_brouillon_sont_signalees(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    at.session_state["iae_brouillon"]["guide"] = {
        "reponses": {"activites.besoins_territoire": {"reponse": "peut-etre"}}
    }
    at.run()
    assert not at.exception, at.exception
    erreurs = _sans_echappement("\n".join(e.value for e in at.error))
    assert "guide.reponses.activites.besoins_territoire.reponse" in erreurs
    # the page still shows the last valid answers
    assert _metrique(at, "Questions répondues").startswith(f"{len(_projet(at).guide.reponses)} / ")


# --- mode atelier and export ---------------------------------------------------------------------------


def test_le_mode_atelier_s_affiche(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_recyclerie.yaml")
    guide = charger_guide()
    sections, _ = avancement(guide, _projet(at))
    at.toggle(key=ug.CLE_ATELIER).set_value(True).run()
    assert not at.exception, at.exception
    assert not at.get("vega_lite_chart") and not at.data_editor
    html = "\n".join(h.proto.body for h in at.get("html"))
    section = guide.sections[[s.id for s in guide.sections].index(sections[0].section)]
    assert section.titre.replace("'", "&#x27;") in html
    ids = _premiere_section(at)
    for i in ids:
        assert guide.question(i).question.replace("'", "&#x27;") in html
    # the answers are the same widgets, saved the same way
    _repondre(at, ids[0], "en_partie")
    assert _projet(at).guide.reponses[ids[0]].reponse == "en_partie"
    at.button(key="guide_section_suivante").click().run()
    assert at.session_state[ug.CLE_SECTION] == sections[1].section
    at.button(key="guide_section_suivante_bas").click().run()
    assert at.session_state[ug.CLE_SECTION] == sections[2].section
    # the facilitator goes to the simulator and comes back: same display, same section
    at.switch_page("app_pages/resultats.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.toggle(key=ug.CLE_ATELIER).value is True
    assert at.selectbox(key=ug.CLE_SECTION).value == sections[2].section
    assert not at.get("vega_lite_chart")
    # back to the normal display: the answer is there
    at.toggle(key=ug.CLE_ATELIER).set_value(False).run()
    at.selectbox(key=ug.CLE_SECTION).set_value(sections[0].section).run()
    assert at.segmented_control(key=_cle(at, ug.PREFIXE_REPONSE, ids[0])).value == "en_partie"


def test_le_mode_atelier_echappe_le_texte():
    from streamlit.testing.v1 import AppTest

    def app():
        from ui.guide import grand_texte

        grand_texte("<img src=x onerror=alert(1)> & <b>", 2)

    at = AppTest.from_function(app).run()
    corps = at.get("html")[0].proto.body
    assert "<img" not in corps and "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;" in corps


@pytest.mark.parametrize("fichier", ["aci_espaces_verts.yaml", "ensemblier_aci_ei.yaml"])
def test_l_exporter_propose_le_markdown_du_guide(app_avec_exemple, fichier):
    at = _page(app_avec_exemple, fichier)
    at.switch_page("app_pages/exporter.py").run()
    assert not at.exception, at.exception
    libelles = [b.proto.label for b in at.get("download_button")]
    assert "Télécharger le projet (.yaml)" in libelles
    assert "Télécharger le guide (.md)" in libelles
    markdown = guide_en_markdown(charger_guide(), _projet(at))
    assert _projet(at).structure.nom in markdown and "## Plan d'action" in markdown
