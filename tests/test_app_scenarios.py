"""AppTest: the Scénarios page (State presets, scenarios stacked on one another, chocs and leviers).

The results are checked with the engine itself (`simuler` on the session's valid project), never by
reading figures off the page.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from iae_model.exemples import lister_exemples
from iae_model.presets import charger_presets, preset, reprise
from iae_model.projet import ErreurLigne, lire_projet
from iae_model.projet.brouillon import MOTIF_ID
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.simulation import simuler
from tests.outils_app import creer_vierge
from ui import formulaires as fm

EXEMPLES = [e.fichier for e in lister_exemples()]
PRESETS = [p.id for p in charger_presets()]
PAGE = "app_pages/scenarios.py"
RACINE = Path(__file__).resolve().parent.parent


# --- helpers ---------------------------------------------------------------------------------------


def _page(app_avec_exemple, fichier: str = "aci_recyclerie.yaml"):
    at = app_avec_exemple(fichier)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _projet(at):
    return at.session_state["iae_projet_valide"]


def _actif(at) -> str:
    return at.session_state["iae_scenario"]


def _cumul(projet, identifiant: str) -> float:
    return sum(a.resultat for a in simuler(projet, [identifiant]).scenario(identifiant).annees)


def _sans_echappement(texte: str) -> str:
    return re.sub(r"\\(.)", r"\1", texte)


def _textes(at) -> str:
    elements = [*at.markdown, *at.caption, *at.success, *at.error, *at.warning, *at.info, *at.text]
    return _sans_echappement("\n".join(str(e.value) for e in elements)).replace("**", "")


def _sans_identifiants(at, projet) -> None:
    """No scenario id, nor the words « Chaîne des bases », in what the page shows (issue 11, item 5)."""
    textes = _textes(at) + "\n".join(str(e.label) for e in at.expander)
    assert "Chaîne des bases" not in textes
    for s in projet.scenarios:
        assert f"({s.id})" not in textes and f"« {s.id} »" not in textes, s.id
    options = [o for b in at.selectbox for o in b.options]
    assert not any(o.endswith(f"({s.id})") for o in options for s in projet.scenarios)
    for df in at.dataframe:
        assert "Identifiant" not in df.value.columns


def _onglet_ouvert(at) -> str:
    """The label of the tab the Scénarios page opens on."""
    conteneur = next(b for b in _blocs(at._tree) if getattr(b, "type", None) == "tab_container")
    return at.tabs[conteneur.proto.tab_container.default_tab_index].label


def _blocs(noeud):
    for enfant in getattr(noeud, "children", {}).values():
        yield enfant
        yield from _blocs(enfant)


def _selecteur(at):
    """The scenario selector (its key holds the project's version: it is rebuilt after each change)."""
    return at.selectbox(key=f"scenarios_actif_v{at.session_state['iae_version']}")


def _choisir(at, identifiant: str):
    _selecteur(at).set_value(identifiant).run()
    assert not at.exception, at.exception
    assert _actif(at) == identifiant
    return at


def _prefixe_ajout(at, genre: str, type_: str) -> str:
    return f"scenarios_v{at.session_state['iae_version']}_{_actif(at)}_ajout_{genre}_{type_}"


def _francais(valeur) -> str:
    return "" if valeur is None else valeur if isinstance(valeur, str) else f"{valeur:g}".replace(".", ",")


def _poser(at, prefixe: str, type_: str, valeurs: dict) -> None:
    """Set the generated fields (inside the form: nothing is sent before the submit button)."""
    champs = {c.nom: c for c in fm.champs_du_type(type_)}
    for nom, valeur in valeurs.items():
        genre = champs[nom].genre
        cle = f"{prefixe}_{nom}"
        if genre in ("annee", "taux", "nombre", "entier"):
            # typed as a French user would (« 1,5 »), in the form's unit (rates in %)
            at.text_input(key=cle).set_value(_francais(valeur))
        elif genre in ("choix", "conventionnement", "activite"):
            at.selectbox(key=cle).set_value(valeur)
        elif genre == "activites":
            at.multiselect(key=cle).set_value(valeur)
        elif genre == "indexation":
            mode, taux = valeur
            at.selectbox(key=f"{cle}_mode").set_value(mode)
            at.text_input(key=f"{cle}_taux").set_value(_francais(taux))
        else:
            at.text_input(key=cle).set_value(valeur)


def _ajouter(at, type_: str, valeurs: dict | None = None):
    genre = fm.genre_du_type(type_)
    at.selectbox(key=f"scenarios_ajout_{genre}_type").set_value(type_).run()
    assert not at.exception, at.exception
    prefixe = _prefixe_ajout(at, genre, type_)
    _poser(at, prefixe, type_, valeurs or {})
    at.button(key=f"{prefixe}_ok").click().run()
    assert not at.exception, at.exception
    return at


def _items(projet, identifiant: str, genre: str) -> list:
    return list(getattr(projet.scenario(identifiant), genre))


# --- rendering -------------------------------------------------------------------------------------


def test_sans_projet_la_page_renvoie_a_l_accueil(nouvelle_app):
    at = nouvelle_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Aucun projet ouvert" in _textes(at)


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_la_page_s_affiche_pour_chaque_exemple_et_chaque_scenario(app_avec_exemple, fichier):
    at = _page(app_avec_exemple, fichier)
    assert at.title[0].value == "Scénarios"
    assert at.metric[0].label == "Résultat cumulé"
    assert at.get("vega_lite_chart"), "the live figure is drawn"
    projet = _projet(at)
    for s in projet.scenarios:
        _choisir(at, s.id)
        textes = _textes(at)
        _sans_identifiants(at, projet)
        bases = projet.chaine(s.id)[:-1]
        if bases:
            assert "S'appuie sur : " + " → ".join(f"« {x.libelle} »" for x in bases) in textes
        else:
            assert "S'appuie sur" not in textes
        # own items are expanders titled in French; inherited ones are listed read-only
        titres = [_sans_echappement(e.label) for e in at.expander]
        for item in [*s.chocs, *s.leviers]:
            assert fm.titre_item(item.model_dump(mode="json")) in titres
        for base in projet.chaine(s.id)[:-1]:
            for item in [*base.chocs, *base.leviers]:
                assert fm.titre_item(item.model_dump(mode="json")) in textes
    assert not at.exception


def test_titre_en_francais_d_un_choc(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple, "aci_recyclerie.yaml"), "contraction_2026")
    titres = [_sans_echappement(e.label) for e in at.expander]
    # the title each class gives itself, the same one as the bridge and the exports
    assert "Baisse des ETP conventionnés (ACI) de 2\xa0% dès 2026" in titres
    assert "Financements département −20\xa0% dès 2026 (perte sèche)" in titres


# --- State presets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset_id", PRESETS)
def test_chaque_hypothese_de_l_etat_ajoute_un_scenario_sur_la_reference(app_avec_exemple, preset_id):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    avant = [s.id for s in _projet(at).scenarios]
    at.button(key=f"scenarios_preset_{preset_id}").click().run()
    assert not at.exception, at.exception
    projet = _projet(at)
    nouveaux = [s for s in projet.scenarios if s.id not in avant]
    assert len(nouveaux) == 1
    nouveau = nouveaux[0]
    assert nouveau.base == "reference"
    assert _actif(at) == nouveau.id
    assert _selecteur(at).value == nouveau.id
    # a decision of the reference year (2025) is already in the example's figures: nothing of it is applied again
    deja_dans_les_chiffres = all(reprise(c, 2025).item is None for c in preset(preset_id).chocs)
    if deja_dans_les_chiffres:
        assert _cumul(projet, nouveau.id) == pytest.approx(_cumul(projet, "reference"), abs=1e-6)
        assert "non repris : les chiffres saisis pour 2025 l'intègrent déjà" in _textes(at)
    else:
        assert _cumul(projet, nouveau.id) != pytest.approx(_cumul(projet, "reference"), abs=1)
    reference = projet.scenario("reference").libelle
    assert f"Scénario « {nouveau.libelle} » ajouté, sur la base « {reference} »" in _textes(at)
    _sans_identifiants(at, projet)
    # it cannot be added twice by mistake: its button is disabled, and the page says why and what to do
    assert at.button(key=f"scenarios_preset_{preset_id}").disabled
    assert "Déjà ajoutée à ce projet" in _textes(at)
    assert not at.button(key=f"scenarios_preset_{next(i for i in PRESETS if i != preset_id)}").disabled


def test_la_page_s_ouvre_sur_l_hypothese_de_l_etat_tant_qu_il_n_y_en_a_pas(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_espaces_verts.yaml")
    assert _onglet_ouvert(at) == "Hypothèses de l'État"
    assert "Commencez par ici" in _textes(at)
    at.button(key="scenarios_preset_etat_lfi_2026").click().run()
    assert _onglet_ouvert(at) == "Hypothèses de l'État", "the message of the addition shows where it was made"
    at.run()
    assert _onglet_ouvert(at) == "Chocs et leviers du scénario"


def test_apres_un_levier_le_formulaire_reste_ouvert_pour_le_suivant(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")

    def ouvert(nom: str) -> bool:
        return next(e for e in at.expander if e.label == nom).proto.expanded

    assert ouvert("Ajouter un levier")  # no levier yet
    _ajouter(at, "marche_public", {"nom": "Lot réservé", "conventionnement": "ACI", "annee": 2027})
    assert len(_items(_projet(at), "contraction_2026", "leviers")) == 1
    assert ouvert("Ajouter un levier")
    at.run()
    assert ouvert("Ajouter un levier"), "it stays open on the next run too"
    _ajouter(at, "marche_public", {"nom": "Second lot", "conventionnement": "ACI", "annee": 2028})
    assert len(_items(_projet(at), "contraction_2026", "leviers")) == 2


def test_les_chocs_anterieurs_a_l_annee_de_reference_sont_signales(nouvelle_app):
    texte = (RACINE / "scenarios" / "aci_espaces_verts.yaml").read_text(encoding="utf-8")
    texte = texte.replace("annee_reference: 2025", "annee_reference: 2026")
    lire_projet(texte)  # still a valid project
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("p.yaml", texte.encode(), "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    at.switch_page(PAGE).run()
    assert "non repris : les chiffres saisis pour 2026 l'intègrent déjà" in _textes(at)
    at.button(key="scenarios_preset_etat_2025_moins_50m").click().run()
    assert not at.exception
    assert "dès 2025 » non repris : les chiffres saisis pour 2026 l'intègrent déjà." in _textes(at)
    assert _projet(at).scenario(_actif(at)).chocs == []
    # the LFI 2026: its 2026 cut is in the 2026 figures, its socle freeze still applies from 2026
    at.button(key="scenarios_preset_etat_lfi_2026").click().run()
    assert "dès 2026 » non repris : les chiffres saisis pour 2026 l'intègrent déjà." in _textes(at)
    assert [c.type for c in _projet(at).scenario(_actif(at)).chocs] == ["indexation_socle"]


# --- chocs and leviers through the generated forms -----------------------------------------------------


def test_un_marche_public_ameliore_le_resultat_du_scenario_actif(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")
    avant = _cumul(_projet(at), "contraction_2026")
    _ajouter(
        at,
        "marche_public",
        {"nom": "Lot réservé collecte", "conventionnement": "ACI", "annee": 2027, "montant": 60000.0, "duree": 3},
    )
    projet = _projet(at)
    leviers = _items(projet, "contraction_2026", "leviers")
    assert [lev.type for lev in leviers] == ["marche_public"]
    assert leviers[0].nom == "Lot réservé collecte" and leviers[0].duree == 3 and leviers[0].montant == 60000
    assert _cumul(projet, "contraction_2026") > avant + 1000
    assert "Levier ajouté" in _textes(at)
    # the stacked scenarios inherit it
    assert "Lot réservé collecte" in [lev.nom for lev in projet.chaine("derogation_reparation")[1].leviers]


def test_une_reduction_etp_baisse_le_resultat(app_avec_exemple):
    at = _page(app_avec_exemple)
    assert _actif(at) == "reference"
    avant = _cumul(_projet(at), "reference")
    _ajouter(at, "reduction_etp", {"annee": 2026, "taux": -10.0, "conventionnement": "ACI"})
    chocs = _items(_projet(at), "reference", "chocs")
    assert len(chocs) == 1 and chocs[0].taux == pytest.approx(-0.1) and chocs[0].conventionnement == "ACI"
    assert _cumul(_projet(at), "reference") < avant - 1000


VALEURS_REQUISES = {
    "nouvelle_activite": {"nom": "Atelier test"},
    "marche_public": {"nom": "Marché test"},
    "nouveau_financement": {"nom": "Financement test"},
    "emprunt": {"nom": "Prêt test", "montant": 30000.0, "taux": 2.5},
}


@pytest.mark.parametrize("type_", [*TYPES_CHOCS, *TYPES_LEVIERS])
def test_chaque_type_s_ajoute_avec_les_valeurs_proposees(app_avec_exemple, type_):
    at = _page(app_avec_exemple, "ensemblier_aci_ei.yaml")
    at = _choisir(at, "parcours_integre")
    genre = fm.genre_du_type(type_)
    avant = len(_items(_projet(at), "parcours_integre", genre))
    _ajouter(at, type_, VALEURS_REQUISES.get(type_, {}))
    assert at.session_state["iae_erreurs"] == []
    items = _items(_projet(at), "parcours_integre", genre)
    assert len(items) == avant + 1 and items[-1].type == type_
    if type_ == "emprunt":  # typed in % and French, kept as a fraction
        assert (items[-1].nom, items[-1].montant, items[-1].taux) == ("Prêt test", 30000, pytest.approx(0.025))
    simuler(_projet(at))  # the engine runs on it


def test_montee_en_charge_et_indexation_par_taux(app_avec_exemple):
    at = _page(app_avec_exemple, "aci_recyclerie.yaml")
    _ajouter(
        at,
        "nouvelle_activite",
        {
            "nom": "Vélos",
            "conventionnement": "ACI",
            "chiffre_affaires_cible": 50000.0,
            "montee_en_charge": "40 ; 80 % ; 100",
        },
    )
    _ajouter(at, "indexation_socle", {"annee": 2027, "valeur": ("taux", 1.5)})
    scenario = _projet(at).scenario("reference")
    assert scenario.leviers[0].montee_en_charge == [0.4, 0.8, 1.0]
    assert scenario.chocs[0].valeur == pytest.approx(0.015)


def test_une_saisie_illisible_affiche_une_erreur_et_ne_change_rien(app_avec_exemple):
    at = _page(app_avec_exemple)
    version, brouillon = at.session_state["iae_version"], at.session_state["iae_brouillon"]
    _ajouter(
        at,
        "nouvelle_activite",
        {"nom": "Vélos", "conventionnement": "ACI", "montee_en_charge": "0,4 ; abc"},
    )
    assert "« abc » n'est pas un nombre" in _textes(at)
    assert "Rien n'a été ajouté" in _textes(at)
    assert at.session_state["iae_version"] == version
    assert at.session_state["iae_brouillon"] == brouillon
    # what was typed is still in the form
    prefixe = _prefixe_ajout(at, "leviers", "nouvelle_activite")
    assert at.text_input(key=f"{prefixe}_montee_en_charge").value == "0,4 ; abc"


def test_un_item_qui_rendrait_le_projet_invalide_est_refuse_et_la_saisie_gardee(app_avec_exemple):
    """A form that accepts a value never produces an invalid project (issue 8, item 3)."""
    at = _page(app_avec_exemple)
    version, brouillon = at.session_state["iae_version"], at.session_state["iae_brouillon"]
    _ajouter(
        at,
        "nouvelle_activite",
        {"nom": "Vélos", "conventionnement": "ACI", "investissement": 10000.0, "subvention_investissement": 20000.0},
    )
    textes = _textes(at)
    assert "Rien n'a été ajouté" in textes
    assert "« Subvention d'investissement (€) » : la subvention d'investissement dépasse l'investissement" in textes
    assert at.session_state["iae_version"] == version and at.session_state["iae_brouillon"] == brouillon
    assert at.session_state["iae_erreurs"] == []
    prefixe = _prefixe_ajout(at, "leviers", "nouvelle_activite")
    assert at.text_input(key=f"{prefixe}_subvention_investissement").value == "20000"
    # corrected, it is added
    at.text_input(key=f"{prefixe}_subvention_investissement").set_value("5 000")
    at.button(key=f"{prefixe}_ok").click().run()
    assert not at.exception
    assert _projet(at).scenario("reference").leviers[0].subvention_investissement == 5000


def test_un_taux_hors_bornes_est_refuse_en_pourcentage(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")
    _ajouter(at, "reduction_etp", {"taux": 10})  # a cut is negative: +10 % is not a cut
    textes = _textes(at)
    assert "Rien n'a été ajouté" in textes
    assert "« Variation des ETP conventionnés (%) » : doit être inférieur ou égal à 0 % (reçu 10 %)" in textes


def test_modifier_et_supprimer_un_choc(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")
    avant = _cumul(_projet(at), "contraction_2026")
    v = at.session_state["iae_version"]
    prefixe = f"scenarios_v{v}_contraction_2026_chocs_0"
    assert at.text_input(key=f"{prefixe}_taux").value == "-2"
    at.text_input(key=f"{prefixe}_taux").set_value("−20")
    at.button(key=f"scenarios_v{v}_contraction_2026_enregistrer_chocs_0").click().run()
    assert not at.exception
    choc = _projet(at).scenario("contraction_2026").chocs[0]
    assert choc.taux == pytest.approx(-0.2) and choc.conventionnement == "ACI"
    assert _cumul(_projet(at), "contraction_2026") < avant - 1000
    assert "Choc modifié" in _textes(at)
    # unchanged fields that were not written stay out of the file
    assert set(at.session_state["iae_brouillon"]["scenarios"][1]["chocs"][0]) == {
        "type",
        "conventionnement",
        "annee",
        "taux",
    }
    n = len(_projet(at).scenario("contraction_2026").chocs)
    v = at.session_state["iae_version"]
    at.button(key=f"scenarios_v{v}_contraction_2026_supprimer_chocs_0").click().run()
    assert not at.exception
    chocs = _projet(at).scenario("contraction_2026").chocs
    assert len(chocs) == n - 1 and all(c.type != "reduction_etp" for c in chocs)


def test_un_brouillon_invalide_ne_casse_pas_la_page(app_avec_exemple):
    """Hand-broken draft data (as another page could leave it) is shown, never a crash."""
    at = _page(app_avec_exemple)
    brouillon = copy.deepcopy(at.session_state["iae_brouillon"])
    brouillon["structure"]["annee_reference"] = "deux mille"
    brouillon["conventionnements"].append("n'importe quoi")
    brouillon["scenarios"][1]["chocs"][0]["taux"] = "beaucoup"
    brouillon["scenarios"][1]["chocs"].append({"type": "inconnu", "annee": 2026})
    brouillon["scenarios"].append({"id": "seul", "libelle": "Pas encore valide", "base": "contraction_2026"})
    at.session_state["iae_brouillon"] = brouillon
    at.session_state["iae_erreurs"] = [ErreurLigne("scenarios[1].chocs[0].taux", "nombre attendu")]
    at.session_state["iae_version"] += 1
    at.run()
    _choisir(at, "contraction_2026")
    assert "Scénarios pas encore calculés" in _textes(at) and "« Pas encore valide »" in _textes(at)
    # the error in words, never the file's path (issue 11: « scenarios[1].chocs[0].taux » was shown)
    assert "scenarios[1]" not in _textes(at)
    assert "Scénario « Contraction 2026, département en retrait et recrutements difficiles », choc 1" in _textes(at)
    assert "nombre attendu" in _textes(at)
    at.button(key="scenarios_preset_etat_lfi_2026").click().run()
    assert not at.exception
    ids = [s.get("id") for s in at.session_state["iae_brouillon"]["scenarios"]]
    assert ids[-2:] == ["seul", "etat_lfi_2026"]  # what was typed is kept


# --- managing scenarios ------------------------------------------------------------------------------


def test_creer_un_scenario_sur_une_base(app_avec_exemple):
    at = _page(app_avec_exemple)
    v = at.session_state["iae_version"]
    at.text_input(key=f"scenarios_v{v}_creer_libelle").set_value("Rebond 2027 : l'été !")
    at.selectbox(key=f"scenarios_v{v}_creer_base").set_value("contraction_2026")
    at.text_input(key=f"scenarios_v{v}_creer_description").set_value("Après la coupe")
    at.button(key=f"scenarios_v{v}_creer").click().run()
    assert not at.exception
    s = _projet(at).scenario("rebond_2027_l_ete")
    assert s.libelle == "Rebond 2027 : l'été !" and s.base == "contraction_2026" and s.description == "Après la coupe"
    assert _actif(at) == "rebond_2027_l_ete" and _selecteur(at).value == "rebond_2027_l_ete"
    bases = "« Tendanciel, sans coupe » → « Contraction 2026, département en retrait et recrutements difficiles »"
    assert f"S'appuie sur : {bases}" in _textes(at)
    # the same libellé again gets another id
    v = at.session_state["iae_version"]
    at.text_input(key=f"scenarios_v{v}_creer_libelle").set_value("Rebond 2027 : l'été !")
    at.button(key=f"scenarios_v{v}_creer").click().run()
    assert _actif(at) == "rebond_2027_l_ete_2"
    for s in _projet(at).scenarios:
        assert MOTIF_ID.match(s.id)


def test_creer_sans_libelle_est_refuse(app_avec_exemple):
    at = _page(app_avec_exemple)
    n = len(_projet(at).scenarios)
    at.button(key=f"scenarios_v{at.session_state['iae_version']}_creer").click().run()
    assert "Donnez un libellé" in _textes(at)
    assert len(_projet(at).scenarios) == n


def test_renommer_et_dupliquer(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")
    v = at.session_state["iae_version"]
    at.text_input(key=f"scenarios_v{v}_contraction_2026_libelle").set_value("Coupe 2026 *révisée*")
    at.text_area(key=f"scenarios_v{v}_contraction_2026_description").set_value("")
    at.button(key=f"scenarios_v{v}_contraction_2026_renommer").click().run()
    assert not at.exception
    s = _projet(at).scenario("contraction_2026")
    assert s.libelle == "Coupe 2026 *révisée*" and s.description == ""
    assert _actif(at) == "contraction_2026"

    at.button(key="scenarios_dupliquer").click().run()
    assert not at.exception
    copie = _projet(at).scenario("contraction_2026_copie")
    assert _actif(at) == "contraction_2026_copie" and _selecteur(at).value == "contraction_2026_copie"
    assert copie.libelle == "Coupe 2026 *révisée* (copie)"
    assert copie.base == "reference" and copie.chocs == s.chocs
    assert _cumul(_projet(at), "contraction_2026_copie") == pytest.approx(_cumul(_projet(at), "contraction_2026"))
    # user text is shown escaped, never as markup (here in the bases inherited by another scenario)
    _choisir(at, "derogation_reparation")
    assert any("Coupe 2026 \\*révisée\\*" in m.value for m in at.markdown)


def test_changer_de_base_et_refuser_une_boucle(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "modele_hybride")
    v = at.session_state["iae_version"]
    at.selectbox(key=f"scenarios_v{v}_modele_hybride_base").set_value("reference").run()
    at.button(key="scenarios_changer_base").click().run()
    assert not at.exception
    assert _projet(at).scenario("modele_hybride").base == "reference"
    assert "S'appuie sur : « Tendanciel, sans coupe »" in _textes(at)

    # contraction_2026 cannot stack on derogation_reparation, which stacks on it
    at = _choisir(at, "contraction_2026")
    version = at.session_state["iae_version"]
    at.selectbox(key=f"scenarios_v{version}_contraction_2026_base").set_value("derogation_reparation").run()
    at.button(key="scenarios_changer_base").click().run()
    assert not at.exception
    assert "formerait une boucle" in _textes(at)
    assert at.session_state["iae_version"] == version
    assert _projet(at).scenario("contraction_2026").base == "reference"

    # no base at all is allowed
    at.selectbox(key=f"scenarios_v{version}_contraction_2026_base").set_value("").run()
    at.button(key="scenarios_changer_base").click().run()
    assert _projet(at).scenario("contraction_2026").base is None


def test_supprimer_un_scenario_dont_d_autres_dependent(app_avec_exemple):
    at = _choisir(_page(app_avec_exemple), "contraction_2026")
    projet = _projet(at)
    assert "s'appuieront sur « Tendanciel, sans coupe »" in _textes(at)
    # without the confirmation nothing happens
    at.button(key="scenarios_supprimer_scenario").click().run()
    assert "Cochez la case de confirmation" in _textes(at)
    assert _projet(at) is projet
    v = at.session_state["iae_version"]
    at.checkbox(key=f"scenarios_v{v}_contraction_2026_confirmer").check().run()
    at.button(key="scenarios_supprimer_scenario").click().run()
    assert not at.exception
    projet = _projet(at)
    assert "contraction_2026" not in [s.id for s in projet.scenarios]
    assert projet.scenario("derogation_reparation").base == "reference"
    assert projet.scenario("modele_hybride").base == "reference"
    assert at.session_state["iae_erreurs"] == []
    assert _actif(at) == "reference" and _selecteur(at).value == "reference"


def test_supprimer_une_feuille_et_garder_le_dernier(app_avec_exemple, nouvelle_app):
    at = _choisir(_page(app_avec_exemple), "modele_hybride")
    at.button(key="scenarios_supprimer_scenario").click().run()
    assert not at.exception
    assert "modele_hybride" not in [s.id for s in _projet(at).scenarios]
    assert _actif(at) == "contraction_2026"

    vierge = nouvelle_app()
    creer_vierge(vierge)
    vierge.switch_page(PAGE).run()
    assert not vierge.exception
    assert "ne peut pas être supprimé" in _textes(vierge)
    assert "scenarios_supprimer_scenario" not in [b.key for b in vierge.button]


# --- the module of forms, without the app -------------------------------------------------------------


def test_chaque_champ_a_un_libelle_et_chaque_type_une_explication():
    for type_ in [*TYPES_CHOCS, *TYPES_LEVIERS]:
        assert type_ in fm.NOMS_TYPES and type_ in fm.EXPLICATIONS and type_ in fm.MODELES
        for champ in fm.champs_du_type(type_):
            libelle, aide = fm.libelle_champ(type_, champ.nom)
            assert libelle and aide, (type_, champ.nom)


def test_lecture_de_la_montee_en_charge():
    """Every rate of the app is typed in %, the ramp-up too (issue 8, item 3)."""
    assert fm.lire_liste_taux("40 ; 80 ; 100", "M") == ([0.4, 0.8, 1.0], None)
    assert fm.lire_liste_taux("40 % ; 100 %", "M") == ([0.4, 1.0], None)
    assert fm.lire_liste_taux("12,5 ; 100", "M") == ([0.125, 1.0], None)
    valeurs, erreur = fm.lire_liste_taux("", "M")
    assert valeurs is None and "au moins une part" in erreur
    # fractions typed by habit (the old convention) would be read as 0.4 %: refused, with the way to write them
    valeurs, erreur = fm.lire_liste_taux("0,4 ; 0,8 ; 1", "M")
    assert valeurs is None and "en % de la cible" in erreur and "40 ; 80 ; 100" in erreur
    assert fm.texte_liste_taux([0.4, 0.8, 1.0]) == "40 ; 80 ; 100"


def test_pas_de_html_dans_la_page():
    for chemin in (
        RACINE / "app_pages" / "scenarios.py",
        RACINE / "ui" / "scenarios.py",
        RACINE / "ui" / "formulaires.py",
    ):
        texte = chemin.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in texte and "st.html" not in texte


def _poser_brouillon(at, donnees: dict) -> None:
    from iae_model.projet import projet_depuis_donnees

    at.session_state["iae_brouillon"] = donnees
    at.session_state["iae_projet_valide"] = projet_depuis_donnees(copy.deepcopy(donnees))
    at.session_state["iae_version"] = at.session_state["iae_version"] + 1
    at.run()


def test_les_limites_du_fichier_sont_dites_avant_d_enregistrer(app_avec_exemple):
    """Issue 8, items 3 and 12: a 31st choc or a 51st scenario was saved, then the project turned invalid."""
    at = _page(app_avec_exemple)
    donnees = copy.deepcopy(at.session_state["iae_brouillon"])
    choc = {"type": "choc_smic", "annee": 2026, "taux": 0.01}
    donnees["scenarios"][0]["chocs"] = [dict(choc) for _ in range(30)]
    _poser_brouillon(at, donnees)
    _choisir(at, "reference")
    version = at.session_state["iae_version"]
    _ajouter(at, "choc_smic", {"taux": 1})
    assert "Rien n'a été modifié" in _textes(at) and "au plus 30 chocs par scénario (reçu 31)" in _textes(at)
    assert at.session_state["iae_version"] == version and not at.session_state["iae_erreurs"]
    # 50 scenarios: a 51st is refused
    donnees["scenarios"] += [{"id": f"s{i}", "libelle": f"S{i}"} for i in range(50 - len(donnees["scenarios"]))]
    _poser_brouillon(at, donnees)
    version = at.session_state["iae_version"]
    at.text_input(key=f"scenarios_v{version}_creer_libelle").set_value("Encore un")
    at.button(key=f"scenarios_v{version}_creer").click().run()
    assert "Rien n'a été modifié" in _textes(at) and "au plus 50 scénarios (reçu 51)" in _textes(at)
    assert len(at.session_state["iae_brouillon"]["scenarios"]) == 50 and not at.session_state["iae_erreurs"]
