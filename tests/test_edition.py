"""Editing the draft without Streamlit (`iae_model.projet.brouillon` and `iae_model.projet.edition`).

Every edit returns a new draft and leaves its argument as it was; none raises on a draft that is not a
valid project (a missing `scenarios`, a scenario that is not a dict, chocs that are not a list); the
project's rules (no loop of bases, a libellé, at least one scenario) are refused with `EditionRefusee`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from iae_model.exemples import charger_exemple
from iae_model.projet import projet_depuis_donnees, projet_en_donnees
from iae_model.projet.brouillon import (
    MOTIF_ID,
    chaine,
    dependants,
    erreurs_ajoutees,
    erreurs_du_brouillon,
    erreurs_sous,
    formerait_une_boucle,
    identifiant_depuis_libelle,
    identifiants,
    items_herites,
    scenario_du_brouillon,
    scenarios_du_brouillon,
)
from iae_model.projet.edition import (
    EditionRefusee,
    ajouter_item,
    ajouter_scenario,
    changer_base,
    changer_plan_action,
    creer_scenario,
    deplacer_item,
    dupliquer_scenario,
    noter,
    projet_vierge,
    remplacer_item,
    renommer_scenario,
    repondre,
    retirer_item,
    scenario_apres_suppression,
    supprimer_scenario,
)

CHOC = {"type": "choc_smic", "annee": 2026, "taux": 0.01}
LEVIER = {"type": "ajustement_permanents", "annee": 2027, "etp": 0.5}


def _exemple() -> dict[str, Any]:
    """reference ← contraction_2026 ← {derogation_reparation, modele_hybride}, as the app's draft holds it."""
    return projet_en_donnees(charger_exemple("aci_recyclerie.yaml"))


def _pile() -> dict[str, Any]:
    return {"scenarios": [{"id": "a", "libelle": "A"}, {"id": "b", "base": "a"}, {"id": "c", "base": "b"}]}


def _sans_changer(edition: Callable[[Any], Any], donnees: Any) -> Any:
    """Apply the edit, check that its argument is untouched, return its result."""
    avant = copy.deepcopy(donnees)
    resultat = edition(donnees)
    assert donnees == avant
    return resultat


# --- reading the draft -------------------------------------------------------------------------------


def test_identifiants_tires_du_libelle():
    assert identifiant_depuis_libelle("Coupe 2026 : −10 % !", set()) == "coupe_2026_10"
    assert identifiant_depuis_libelle("Coupe 2026", {"coupe_2026"}) == "coupe_2026_2"
    assert identifiant_depuis_libelle("Coupe 2026", ["coupe_2026", "coupe_2026_2"]) == "coupe_2026_3"
    assert identifiant_depuis_libelle("«»", set()) == "scenario"
    assert MOTIF_ID.match(identifiant_depuis_libelle("É" * 300, set()))
    # ids of a hand-edited file that are not text (even unhashable) do not get in the way
    assert identifiant_depuis_libelle("A", [["a"], 3, None]) == "a"


def test_chaines_boucles_et_dependants():
    scenarios = _pile()["scenarios"]
    assert [s["id"] for s in chaine(scenarios, "c")] == ["a", "b", "c"]
    assert formerait_une_boucle(scenarios, "a", "c")
    assert formerait_une_boucle(scenarios, "a", "a")
    assert not formerait_une_boucle(scenarios, "c", "a")
    assert not formerait_une_boucle(scenarios, "a", None)
    assert dependants(scenarios, "a") == ["b"]
    # a loop in hand-made data does not hang; a missing base ends the chain; an unhashable id names nothing
    assert len(chaine([{"id": "x", "base": "y"}, {"id": "y", "base": "x"}], "x")) == 2
    assert [s["id"] for s in chaine([{"id": "x", "base": "absent"}], "x")] == ["x"]
    assert [s["id"] for s in chaine([{"id": "x", "base": ["y"]}, {"id": ["y"]}], "x")] == ["x"]


def test_lecture_d_un_brouillon_invalide():
    for invalide in (None, [], "texte", {}, {"scenarios": None}, {"scenarios": "x"}, {"scenarios": [1, "a", None]}):
        assert scenarios_du_brouillon(invalide) == []
        assert scenario_du_brouillon(invalide, "a") is None
        assert identifiants(invalide) == []
        assert items_herites(invalide, "a") == []
    donnees = {"scenarios": [7, {"id": "a", "chocs": "pas une liste"}, {"id": "b", "base": "a"}]}
    assert identifiants(donnees) == ["a", "b"]
    assert items_herites(donnees, "b") == []
    assert items_herites(_ajout_choc(_pile(), "a"), "c") == [
        (scenario_du_brouillon(_ajout_choc(_pile(), "a"), "a"), "chocs", CHOC)
    ]


def _ajout_choc(donnees: dict[str, Any], identifiant: str) -> dict[str, Any]:
    return ajouter_item(donnees, identifiant, "chocs", CHOC)


def test_erreurs_ajoutees_par_une_edition():
    donnees = _exemple()
    assert erreurs_du_brouillon(donnees) == []
    trop = copy.deepcopy(donnees)
    trop["scenarios"][0]["chocs"] = [dict(CHOC) for _ in range(30)]
    assert erreurs_ajoutees(donnees, trop) == []  # 30 chocs is the limit
    erreurs = erreurs_ajoutees(trop, ajouter_item(trop, "reference", "chocs", CHOC))
    assert [e.message for e in erreurs] == ["au plus 30 chocs par scénario (reçu 31)"]
    # the draft's own errors do not count against an unrelated edit
    casse = copy.deepcopy(donnees)
    casse["structure"]["annee_reference"] = "abc"
    assert erreurs_du_brouillon(casse)
    assert erreurs_ajoutees(casse, renommer_scenario(casse, "reference", "Autre")) == []
    assert erreurs_sous(erreurs, "scenarios[0]") == erreurs
    assert erreurs_sous(erreurs, "scenarios[1]") == []


# --- a blank project ------------------------------------------------------------------------------------


def test_projet_vierge_valide_et_neuf_a_chaque_appel():
    projet = projet_depuis_donnees(projet_vierge())
    assert [s.id for s in projet.scenarios] == ["reference"]
    assert projet.types_conventionnements() == ["ACI"]
    vierge = projet_vierge()
    vierge["scenarios"].append({"id": "x"})
    assert len(projet_vierge()["scenarios"]) == 1


# --- chocs and leviers ------------------------------------------------------------------------------------


def test_ajouter_remplacer_deplacer_retirer_un_item():
    donnees = _exemple()
    n = len(scenario_du_brouillon(donnees, "reference").get("chocs", []))
    d = _sans_changer(lambda x: ajouter_item(x, "reference", "chocs", CHOC), donnees)
    chocs = scenario_du_brouillon(d, "reference")["chocs"]
    assert len(chocs) == n + 1 and chocs[-1] == CHOC
    assert chocs[-1] is not CHOC  # a copy: the caller's item is not shared with the draft
    projet_depuis_donnees(d)

    autre = {**CHOC, "taux": 0.03}
    d2 = _sans_changer(lambda x: remplacer_item(x, "reference", "chocs", n, autre), d)
    assert scenario_du_brouillon(d2, "reference")["chocs"][n] == autre

    d3 = _sans_changer(lambda x: ajouter_item(x, "reference", "chocs", CHOC), d2)
    d3 = _sans_changer(lambda x: deplacer_item(x, "reference", "chocs", n + 1, 0), d3)
    assert scenario_du_brouillon(d3, "reference")["chocs"][0] == CHOC
    d4 = _sans_changer(lambda x: deplacer_item(x, "reference", "chocs", 0, 99), d3)  # bounded to the list
    assert scenario_du_brouillon(d4, "reference")["chocs"][-1] == CHOC

    d5 = _sans_changer(lambda x: retirer_item(x, "reference", "chocs", n), d2)
    assert scenario_du_brouillon(d5, "reference").get("chocs", []) == scenario_du_brouillon(donnees, "reference").get(
        "chocs", []
    )


def test_retirer_le_dernier_item_enleve_la_liste():
    donnees = ajouter_item(_pile(), "b", "leviers", LEVIER)
    assert "leviers" not in scenario_du_brouillon(retirer_item(donnees, "b", "leviers", 0), "b")


def test_items_sur_des_brouillons_invalides():
    # chocs that are not a list are replaced when one is added
    donnees = {"scenarios": [{"id": "a", "chocs": "pas une liste"}, "pas un dict"]}
    d = _sans_changer(lambda x: ajouter_item(x, "a", "chocs", CHOC), donnees)
    assert d["scenarios"] == [{"id": "a", "chocs": [CHOC]}, "pas un dict"]
    for edition in (
        lambda x: remplacer_item(x, "a", "chocs", 0, CHOC),
        lambda x: retirer_item(x, "a", "chocs", 0),
        lambda x: deplacer_item(x, "a", "chocs", 0, 1),
    ):
        assert _sans_changer(edition, donnees) == donnees
    # nothing at the place aimed at: nothing changes, nothing raises
    for invalide in (None, {}, {"scenarios": None}, {"scenarios": [1, None]}, _pile()):
        for edition in (
            lambda x: ajouter_item(x, "absent", "chocs", CHOC),
            lambda x: remplacer_item(x, "a", "chocs", 3, CHOC),
            lambda x: remplacer_item(x, "a", "chocs", -1, CHOC),
            lambda x: retirer_item(x, "a", "leviers", 0),
            lambda x: deplacer_item(x, "a", "chocs", 0, 1),
        ):
            resultat = _sans_changer(edition, invalide)
            assert resultat == (invalide if isinstance(invalide, dict) else {})


def test_un_genre_inconnu_est_refuse():
    with pytest.raises(EditionRefusee, match="« chocs » ou « leviers »"):
        ajouter_item(_pile(), "a", "hypotheses", CHOC)


# --- scenarios ---------------------------------------------------------------------------------------------


def test_creer_un_scenario():
    donnees = _exemple()
    d, ident = _sans_changer(
        lambda x: creer_scenario(x, "  Rebond 2027 : l'été !  ", "contraction_2026", " Après la coupe "), donnees
    )
    assert ident == "rebond_2027_l_ete"
    assert scenario_du_brouillon(d, ident) == {
        "id": ident,
        "libelle": "Rebond 2027 : l'été !",
        "description": "Après la coupe",
        "base": "contraction_2026",
    }
    projet_depuis_donnees(d)
    d2, ident2 = creer_scenario(d, "Rebond 2027 : l'été !")
    assert ident2 == "rebond_2027_l_ete_2" and "base" not in scenario_du_brouillon(d2, ident2)
    # on a draft without scenarios
    for invalide in (None, {}, {"scenarios": "x"}):
        d3, ident3 = _sans_changer(lambda x: creer_scenario(x, "Seul"), invalide)
        assert d3["scenarios"] == [{"id": "seul", "libelle": "Seul"}] and ident3 == "seul"


def test_creer_sans_libelle_ou_sur_une_base_absente_est_refuse():
    with pytest.raises(EditionRefusee, match="Donnez un libellé au nouveau scénario"):
        creer_scenario(_pile(), "   ")
    with pytest.raises(EditionRefusee, match="« absent » n'est pas un scénario du projet"):
        creer_scenario(_pile(), "X", "absent")


def test_ajouter_un_scenario_fait_d_ailleurs():
    donnees = _pile()
    d, ident = _sans_changer(lambda x: ajouter_scenario(x, {"id": "a", "libelle": "Autre A"}), donnees)
    assert ident == "a_2" and identifiants(d) == ["a", "b", "c", "a_2"]
    d, ident = ajouter_scenario(donnees, {"id": "neuf", "libelle": "N"})
    assert ident == "neuf"
    d, ident = ajouter_scenario(donnees, {"libelle": "Sans id"})
    assert ident == "sans_id"


def test_renommer_un_scenario():
    donnees = {"scenarios": [{"id": "a", "libelle": "A", "description": "ancienne"}]}
    d = _sans_changer(lambda x: renommer_scenario(x, "a", " Nouveau ", " nouvelle "), donnees)
    assert d["scenarios"] == [{"id": "a", "libelle": "Nouveau", "description": "nouvelle"}]
    d = renommer_scenario(donnees, "a", "Nouveau", "")
    assert d["scenarios"] == [{"id": "a", "libelle": "Nouveau"}]
    d = renommer_scenario(donnees, "a", "Nouveau")  # description left as it is
    assert d["scenarios"][0]["description"] == "ancienne"
    assert renommer_scenario({"scenarios": "x"}, "a", "Nouveau") == {"scenarios": "x"}
    with pytest.raises(EditionRefusee, match="Donnez un libellé au scénario"):
        renommer_scenario(donnees, "a", " ")


def test_dupliquer_un_scenario_ne_reprend_jamais_un_identifiant():
    donnees = _exemple()
    d, copie = _sans_changer(lambda x: dupliquer_scenario(x, "contraction_2026"), donnees)
    assert copie == "contraction_2026_copie"
    original, double = scenario_du_brouillon(d, "contraction_2026"), scenario_du_brouillon(d, copie)
    assert double["libelle"] == original["libelle"] + " (copie)"
    assert double["base"] == original["base"] and double["chocs"] == original["chocs"]
    assert double["chocs"] is not original["chocs"]
    projet_depuis_donnees(d)
    for _ in range(3):
        d, copie = dupliquer_scenario(d, "contraction_2026")
    assert copie == "contraction_2026_copie_4"
    assert len(identifiants(d)) == len(set(identifiants(d)))
    # a long libellé stays within the model's 200 characters
    long, _ = creer_scenario(_pile(), "L" * 200)
    d, copie = dupliquer_scenario(long, identifiants(long)[-1])
    assert len(scenario_du_brouillon(d, copie)["libelle"]) == 200
    assert dupliquer_scenario({"scenarios": [1]}, "a") == ({"scenarios": [1]}, None)


def test_changer_de_base():
    donnees = _pile()
    d = _sans_changer(lambda x: changer_base(x, "c", "a"), donnees)
    assert scenario_du_brouillon(d, "c")["base"] == "a"
    d = _sans_changer(lambda x: changer_base(x, "c", None), donnees)
    assert "base" not in scenario_du_brouillon(d, "c")
    assert scenario_du_brouillon(changer_base(donnees, "c", ""), "c") == {"id": "c"}
    assert changer_base(donnees, "absent", "a") == donnees


def test_une_base_qui_formerait_une_boucle_est_refusee():
    donnees = _pile()
    with pytest.raises(EditionRefusee, match="« c » s'appuie déjà, directement ou non, sur « a »") as refus:
        _sans_changer(lambda x: changer_base(x, "a", "c"), donnees)
    assert "formerait une boucle" in str(refus.value)
    with pytest.raises(EditionRefusee, match="sa propre base"):
        changer_base(donnees, "b", "b")
    with pytest.raises(EditionRefusee, match="n'est pas un scénario du projet"):
        changer_base(donnees, "b", "absent")
    assert donnees == _pile()


def test_supprimer_une_base_rattache_ses_dependants():
    donnees = _exemple()
    d = _sans_changer(lambda x: supprimer_scenario(x, "contraction_2026"), donnees)
    assert "contraction_2026" not in identifiants(d)
    assert scenario_du_brouillon(d, "derogation_reparation")["base"] == "reference"
    assert scenario_du_brouillon(d, "modele_hybride")["base"] == "reference"
    projet_depuis_donnees(d)
    assert scenario_apres_suppression(donnees, "contraction_2026") == "reference"
    # a scenario without a base: its dependants stack on nothing
    d = supprimer_scenario(_pile(), "a")
    assert d["scenarios"] == [{"id": "b"}, {"id": "c", "base": "b"}]
    assert supprimer_scenario(_pile(), "b")["scenarios"] == [{"id": "a", "libelle": "A"}, {"id": "c", "base": "a"}]
    assert scenario_apres_suppression(_pile(), "a") == "b"
    assert scenario_apres_suppression(_pile(), "c") == "b"


def test_supprimer_sur_un_brouillon_invalide_et_le_dernier_scenario():
    assert supprimer_scenario({"scenarios": [1, {"id": "a"}, {"id": "b", "base": "a"}]}, "a") == {
        "scenarios": [1, {"id": "b"}]
    }
    for invalide in (None, {}, {"scenarios": None}, {"scenarios": [1, "x"]}):
        _sans_changer(lambda x: supprimer_scenario(x, "a"), invalide)
        assert scenario_apres_suppression(invalide, "a") is None
    with pytest.raises(EditionRefusee, match="Le dernier scénario d'un projet ne peut pas être supprimé"):
        supprimer_scenario(projet_vierge(), "reference")


# --- the guide -----------------------------------------------------------------------------------------------


def test_reponses_et_notes_du_guide():
    donnees = projet_vierge()
    d = _sans_changer(lambda x: repondre(x, "modele.q1", "non"), donnees)
    assert d["guide"] == {"reponses": {"modele.q1": {"reponse": "non"}}}
    d = _sans_changer(lambda x: noter(x, "modele.q1", "  à voir avec le CA  "), d)
    assert d["guide"]["reponses"]["modele.q1"] == {"reponse": "non", "note": "à voir avec le CA"}
    assert projet_depuis_donnees(d).guide.reponses["modele.q1"].note == "à voir avec le CA"
    d = repondre(d, "modele.q1", None)
    assert d["guide"]["reponses"]["modele.q1"] == {"note": "à voir avec le CA"}
    # an answer emptied of everything leaves nothing in the file
    assert "guide" not in noter(d, "modele.q1", "  ")
    with pytest.raises(EditionRefusee, match="n'est pas une réponse du guide"):
        repondre(donnees, "modele.q1", "peut-etre")


def test_plan_d_action_du_guide():
    donnees = repondre(projet_vierge(), "q1", "a_explorer")
    actions = {"q1": {"action": "Chiffrer", "responsable": "", "echeance": "T3 2026", "statut": "a_faire"}}
    d = _sans_changer(lambda x: changer_plan_action(x, actions), donnees)
    assert d["guide"]["plan_action"] == {"q1": {"action": "Chiffrer", "echeance": "T3 2026"}}
    projet_depuis_donnees(d)
    vide = {"q1": {"action": "", "responsable": "", "echeance": "", "statut": "a_faire"}}
    assert "plan_action" not in changer_plan_action(d, vide)["guide"]


def test_le_guide_sur_des_brouillons_invalides():
    for invalide in (None, {}, {"guide": "x"}, {"guide": {"reponses": [1], "plan_action": None}}):
        d = _sans_changer(lambda x: repondre(x, "q1", "oui"), invalide)
        assert d["guide"]["reponses"] == {"q1": {"reponse": "oui"}}
        d = _sans_changer(lambda x: noter(x, "q1", None), invalide)
        assert "reponses" not in d.get("guide", {})
        d = _sans_changer(lambda x: changer_plan_action(x, {"q1": {"statut": "fait"}}), invalide)
        assert d["guide"]["plan_action"] == {"q1": {"statut": "fait"}}
    d = repondre({"guide": {"reponses": {"q1": "pas un dict"}}}, "q1", "oui")
    assert d["guide"]["reponses"]["q1"] == {"reponse": "oui"}


def test_projet_vierge_sans_chiffre_invente():
    d = projet_vierge(type_="EI", etp=14, annee=2026)
    projet = projet_depuis_donnees(d)
    (c,) = projet.conventionnements
    assert (c.type, c.etp_conventionnes, c.taux_occupation, c.part_modulee) == ("EI", 14, 1.0, 0.0)
    assert projet.structure.annee_reference == 2026 and projet.hypotheses.horizon == 2031
    assert not projet.activites and not projet.financements and projet.charges.fonctionnement_fixe == 0
    eiti = projet_depuis_donnees(projet_vierge(type_="EITI", etp=30)).conventionnements[0]
    assert (eiti.travailleurs_accompagnes, eiti.etp_conventionnes) == (30, None)
