"""AppTest: the Résultats and Comparer pages (figures, alerts, charts, bridge, comparison table)."""

from __future__ import annotations

import copy
import json
import re

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.formats import euros
from iae_model.pont import pont, resultat_cumule
from iae_model.projet import projet_depuis_donnees, projet_en_donnees
from iae_model.simulation import simuler
from tests.outils_app import ouvrir_onglet

EXEMPLES = [e.fichier for e in lister_exemples()]
RESULTATS = "app_pages/resultats.py"
COMPARER = "app_pages/comparer.py"
EUROS_FR = re.compile(r"^-?\d{1,3}(\u202f\d{3})*\u00a0€$")


def _ouvrir(app_avec_exemple, fichier: str, page: str):
    at = app_avec_exemple(fichier)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _graphiques(at) -> dict[str, tuple[dict, list[pd.DataFrame]]]:
    """Charts of the page by their `usermeta.graphique` name: (spec, datasets as DataFrames)."""
    trouves = {}
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        donnees = [convert_arrow_bytes_to_pandas_df(d.data.data) for d in element.proto.datasets]
        trouves[spec["usermeta"]["graphique"]] = (spec, donnees)
    return trouves


def _donnees(at, nom: str, colonne: str) -> pd.DataFrame:
    _, donnees = _graphiques(at)[nom]
    return next(d for d in donnees if colonne in d.columns)


def _metriques(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def _onglet(at, nom: str):
    return ouvrir_onglet(at, "resultats_onglet", nom)


def _choisir(at, scenario: str):
    at.selectbox(key="resultats_scenario").set_value(scenario).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("fichier", EXEMPLES)
def test_les_deux_pages_s_affichent_pour_chaque_scenario(app_avec_exemple, fichier):
    at = _ouvrir(app_avec_exemple, fichier, RESULTATS)
    p = charger_exemple(fichier)
    resultat = simuler(p)
    for s in p.scenarios:
        _choisir(at, s.id)
        assert at.title[0].value == "Résultats"
        rs = resultat.scenario(s.id)
        metriques = _metriques(at)
        fin = rs.annees[-1]
        assert metriques[f"Résultat {fin.annee}"][0] == euros(fin.resultat)
        assert metriques[f"Trésorerie fin {fin.annee}"][0] == euros(fin.tresorerie_fin)
        _onglet(at, "Graphiques")
        noms = set(_graphiques(at))
        assert {"produits", "resultat"} <= noms
        assert ("ratio_aci" in noms) == any(a.indicateurs["ratio_commercial_aci"] is not None for a in rs.annees)
        _onglet(at, "Pont")
        assert ("pont" in set(_graphiques(at))) == (s.id != "reference")
        _onglet(at, "Formules et sources")
        assert "D'où vient ce chiffre ?" in [h.value for h in at.subheader]
        _onglet(at, "Alertes et effort")
    at.switch_page(COMPARER).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Comparer"
    assert list(at.table[0].value["Scénario"]) == [s.libelle for s in p.scenarios]
    assert {"comparaison_resultat", "comparaison_tresorerie"} <= set(_graphiques(at))


def test_chiffres_cles_en_euros_a_la_francaise_avec_ecart(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS), "coupe_2026")
    p = charger_exemple("aci_espaces_verts.yaml")
    r = simuler(p)
    coupe, ref = r.scenario("coupe_2026"), r.scenario("reference")
    metriques = _metriques(at)
    valeur, delta = metriques["Résultat cumulé 2025–2030"]
    assert valeur == euros(resultat_cumule(coupe))
    assert EUROS_FR.match(valeur), valeur
    assert delta == euros(round(resultat_cumule(coupe) - resultat_cumule(ref)))
    assert delta.startswith("-")  # the cut costs money: shown as a fall
    for libelle, (valeur, _) in metriques.items():
        if not libelle.startswith(("Part", "Ratio")):
            assert EUROS_FR.match(valeur), (libelle, valeur)
    assert re.match(r"^\d+,\d\u00a0%$", metriques["Part d'argent public 2030"][0])
    assert "Ratio ACI 2030 (plafond 30\u00a0%)" in metriques


def test_le_graphique_du_resultat_porte_les_valeurs_simulees_et_la_locale(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "ensemblier_aci_ei.yaml", RESULTATS), "parcours_integre")
    _onglet(at, "Graphiques")
    rs = simuler(charger_exemple("ensemblier_aci_ei.yaml")).scenario("parcours_integre")
    df = _donnees(at, "resultat", "serie")
    barres = df[df["serie"] != "Trésorerie de fin d'année"].set_index("annee")["montant"]
    assert barres.to_dict() == {a.annee: round(a.resultat, 2) for a in rs.annees}
    tresorerie = df[df["serie"] == "Trésorerie de fin d'année"].set_index("annee")["montant"]
    assert tresorerie.to_dict() == {a.annee: round(a.tresorerie_fin, 2) for a in rs.annees}
    for nom, (spec, _) in _graphiques(at).items():
        nombre = spec["config"]["locale"]["number"]
        assert nombre["decimal"] == "," and nombre["currency"] == ["", "\u00a0€"], nom
    produits = _donnees(at, "produits", "source")
    assert produits.groupby("annee")["montant"].sum().round(2).to_dict() == pytest.approx(
        {a.annee: a.total.total_produits for a in rs.annees}, abs=0.05
    )


def test_changer_de_scenario_change_les_chiffres(app_avec_exemple):
    at = _ouvrir(app_avec_exemple, "ei_proprete.yaml", RESULTATS)
    _choisir(at, "reference")
    avant = _metriques(at)
    _choisir(at, "plf_2026_marche_perdu")
    apres = _metriques(at)
    assert avant["Résultat 2030"][0] != apres["Résultat 2030"][0]
    assert avant["Résultat 2025"][0] == apres["Résultat 2025"][0]  # the cut starts in 2026
    assert apres["Résultat 2030"][1].startswith("-")
    assert at.session_state["iae_scenario"] == "plf_2026_marche_perdu"


def test_les_etapes_du_pont_font_la_difference(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS), "rebond_territorial")
    _onglet(at, "Pont")
    p = charger_exemple("aci_espaces_verts.yaml")
    r = simuler(p)
    df = _donnees(at, "pont", "etape").sort_values("ordre")
    depart, arrivee = df.iloc[0], df.iloc[-1]
    etapes = df.iloc[1:-1]
    ecart = resultat_cumule(r.scenario("rebond_territorial")) - resultat_cumule(r.scenario("reference"))
    assert round(etapes["effet"].sum(), 2) == round(arrivee["fin"] - depart["fin"], 2) == round(ecart, 2)
    assert list(etapes["effet"]) == [e.effet for e in pont(p, "rebond_territorial").etapes]
    assert (etapes["fin"] - etapes["debut"]).round(2).tolist() == etapes["effet"].tolist()
    assert etapes["etape"].iloc[0].startswith("1. Baisse des ETP conventionnés (ACI) de 10")
    # another starting point, offered by its words, never its identifier (issue 11, item 5)
    choix = at.selectbox(key="resultats_pont_base_rebond_territorial")
    assert choix.options == [s.libelle for s in p.scenarios if s.id != "rebond_territorial"]
    choix.set_value("coupe_2026").run()
    df = _donnees(at, "pont", "etape")
    assert set(df["nature"]) == {"départ", "levier", "arrivée"}


def test_alertes_par_annee_et_provenance(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS), "coupe_2026")
    rs = simuler(charger_exemple("aci_espaces_verts.yaml")).scenario("coupe_2026")
    textes = "\n".join(e.value for e in [*at.error, *at.warning])
    for alerte in rs.alertes:
        assert alerte.message in textes
    assert any(a.code == "tresorerie_negative" for a in rs.alertes) and at.error
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Coupe d'ETP absorbable" in markdown and "Trésorerie" in markdown
    _onglet(at, "Formules et sources")
    markdown = "\n".join(m.value for m in at.markdown)
    assert "](https://" in markdown  # references as links
    assert "| Aide au poste | min(ETP réalisés, ETP conventionnés)" in markdown


def test_comptes_par_conventionnement(app_avec_exemple):
    at = _onglet(_ouvrir(app_avec_exemple, "ensemblier_aci_ei.yaml", RESULTATS), "Comptes")
    comptes = next(d for d in at.dataframe if d.value.index.name == "Ligne").value
    rs = simuler(charger_exemple("ensemblier_aci_ei.yaml")).scenario("reference")
    assert comptes.loc["Résultat", "2025"] == euros(rs.annees[0].total.resultat)
    assert comptes.loc["Trésorerie de fin d'année", "2030"] == euros(rs.annees[-1].tresorerie_fin)
    at.segmented_control(key="resultats_perimetre").set_value("EI").run()
    assert not at.exception
    comptes = next(d for d in at.dataframe if d.value.index.name == "Ligne").value
    ei = rs.annees[0].par_conventionnement["EI"]
    assert comptes.loc["Chiffre d'affaires", "2025"] == euros(ei.produits["chiffre_affaires"])
    assert "Trésorerie de fin d'année" not in comptes.index


def test_un_choc_ajoute_au_brouillon_change_la_comparaison(app_avec_exemple):
    at = _ouvrir(app_avec_exemple, "aci_recyclerie.yaml", COMPARER)
    libelles = {s.libelle: s.id for s in at.session_state["iae_projet_valide"].scenarios}

    def tableau():
        # the results, then the aid and ETP themes, one row per scenario by id
        resultat = at.table[0].value.set_index("Scénario")
        at.segmented_control(key="comparer_theme").set_value("Aide au poste et ETP").run()
        etp = at.table[0].value.set_index("Scénario")
        at.segmented_control(key="comparer_theme").set_value("Résultat").run()
        return resultat.join(etp).rename(index=libelles)

    avant = tableau()
    # what ui.etat.modifier does: a new draft, validated, becomes the project the pages simulate
    donnees = copy.deepcopy(at.session_state["iae_brouillon"])
    scenario = next(s for s in donnees["scenarios"] if s["id"] == "contraction_2026")
    scenario.setdefault("chocs", []).append({"type": "reduction_etp", "annee": 2027, "taux": -0.2})
    at.session_state["iae_brouillon"] = donnees
    at.session_state["iae_projet_valide"] = projet_depuis_donnees(copy.deepcopy(donnees))
    at.session_state["iae_version"] = at.session_state["iae_version"] + 1
    at.run()
    assert not at.exception
    apres = tableau()
    assert apres.loc["contraction_2026", "Résultat cumulé"] < avant.loc["contraction_2026", "Résultat cumulé"]
    assert apres.loc["contraction_2026", "ETP 2030"] < avant.loc["contraction_2026", "ETP 2030"]
    # the scenarios stacked on it move too, the reference does not
    assert (
        apres.loc["derogation_reparation", "Résultat cumulé"] != avant.loc["derogation_reparation", "Résultat cumulé"]
    )
    assert apres.loc["reference"].equals(avant.loc["reference"])


def test_comparer_choisit_les_scenarios_et_trie_des_nombres(app_avec_exemple):
    """One theme at a time in a table whose names wrap (issue 11, item 6), amounts in French, sortable."""
    at = _ouvrir(app_avec_exemple, "ensemblier_aci_ei.yaml", COMPARER)
    p = charger_exemple("ensemblier_aci_ei.yaml")
    r = simuler(p)

    def tableau():
        return at.table[0].value.set_index("Scénario")

    df = tableau()
    assert list(df.columns) == ["Résultat cumulé", "Écart cumulé", "Résultat 2030", "Écart 2030"]
    assert not {"Identifiant", "Base", "Libellé"} & set(df.columns)  # scenarios by their names, never their ids
    cumuls = {}
    for s in p.scenarios:
        rs = r.scenario(s.id)
        cumuls[s.libelle] = round(resultat_cumule(rs))
        assert df.loc[s.libelle, "Résultat cumulé"] == round(resultat_cumule(rs))
        ecart = round(resultat_cumule(rs) - resultat_cumule(r.scenario("reference")))
        assert df.loc[s.libelle, "Écart cumulé"] == ecart
    assert list(df.index) == [s.libelle for s in p.scenarios]  # the project's order first
    at.selectbox(key="comparer_tri_Résultat").set_value("Résultat cumulé").run()
    assert list(tableau().index) == sorted(cumuls, key=cumuls.__getitem__, reverse=True)  # numbers, not text
    at.segmented_control(key="comparer_theme").set_value("Trésorerie").run()
    df = tableau()
    for s in p.scenarios:
        rs = r.scenario(s.id)
        assert df.loc[s.libelle, "Point bas tréso."] == round(rs.tresorerie_min)
        bas = min(rs.annees, key=lambda a: a.tresorerie.point_bas)
        assert df.loc[s.libelle, "Fin de mois"].endswith(f" {bas.annee}")
    at.segmented_control(key="comparer_theme").set_value("Aide au poste et ETP").run()
    assert tableau().loc[p.scenario("reference").libelle, "Alertes"] == len(r.scenario("reference").alertes)
    at.multiselect(key="comparer_scenarios").set_value(["reference", "ouverture_etti"]).run()
    assert not at.exception
    assert list(tableau().index) == [p.scenario("reference").libelle, p.scenario("ouverture_etti").libelle]
    courbes = _donnees(at, "comparaison_resultat", "resultat")
    assert set(courbes["scenario"]) == {"reference", "ouverture_etti"}
    at.multiselect(key="comparer_scenarios").set_value([]).run()
    assert not at.exception and at.info


def test_comparer_explique_un_chiffre_avec_ses_valeurs(app_avec_exemple):
    """Issue 11, item 3 on Comparer: a figure of the table opens its calculation, beside the reference's."""
    at = _ouvrir(app_avec_exemple, "ensemblier_aci_ei.yaml", COMPARER)
    r = simuler(charger_exemple("ensemblier_aci_ei.yaml"))
    rs, ref = r.scenario("lfi_2026_departement"), r.scenario("reference")
    at.selectbox(key="comparer_explication_scenario").set_value("lfi_2026_departement").run()
    assert at.selectbox(key="comparer_explication_chiffre_Résultat").options == ["Résultat 2030", "Écart 2030"]
    textes = "\n".join(m.value for m in at.markdown)
    fin, fin_ref = rs.annees[-1].resultat, ref.annees[-1].resultat
    assert f"Résultat 2030 : {euros(fin)}" in textes and f"scénario de référence : {euros(fin_ref)}" in textes
    # the cash theme: the low point, in the year it happens
    at.segmented_control(key="comparer_theme").set_value("Trésorerie").run()
    at.selectbox(key="comparer_explication_chiffre_Trésorerie").set_value("Point bas tréso.").run()
    bas = min(rs.annees, key=lambda a: a.tresorerie.point_bas)
    textes = "\n".join(m.value for m in at.markdown)
    assert f"Point bas de trésorerie {bas.annee} : {euros(bas.tresorerie.point_bas)}" in textes
    assert not at.exception


def test_sans_projet_les_pages_renvoient_a_l_accueil(nouvelle_app):
    at = nouvelle_app()
    for page in (RESULTATS, COMPARER):
        at.switch_page(page).run()
        assert not at.exception
        assert "Aucun projet ouvert" in at.info[0].value


def test_libelles_des_utilisateurs_jamais_en_html(app_avec_exemple):
    """A libellé with HTML or Markdown is shown as typed (plain text, tables and charts only)."""
    at = _ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS)
    donnees = projet_en_donnees(at.session_state["iae_projet_valide"])
    donnees["scenarios"][1]["libelle"] = "<b>Coupe</b> **forte** [lien](https://exemple.invalid)"
    at.session_state["iae_brouillon"] = donnees
    at.session_state["iae_projet_valide"] = projet_depuis_donnees(copy.deepcopy(donnees))
    at.session_state["iae_version"] = at.session_state["iae_version"] + 1
    at.run()
    _choisir(at, donnees["scenarios"][1]["id"])
    markdown = "\n".join(m.value for m in [*at.markdown, *at.caption])
    assert "<b>" not in markdown and "exemple.invalid" not in markdown
    assert any("<b>Coupe</b>" in t.value for t in at.text)


def test_le_plus_grand_projet_accepte_borne_le_cout_de_comparer(nouvelle_app):
    """Issue 8, item 12: Comparer simulated every scenario of the file (50 chains of 11: 7 s a rerun)."""
    from iae_model.bench import projet_le_plus_grand
    from iae_model.yaml_sur import ecrire_yaml

    texte = ecrire_yaml(projet_le_plus_grand()).encode("utf-8")
    at = nouvelle_app()
    at.file_uploader(key="accueil_fichier").upload("grand.yaml", texte, "application/x-yaml").run()
    at.button(key="accueil_ouvrir_fichier").click().run()
    assert not at.exception
    at.switch_page(COMPARER).run()
    assert not at.exception
    p = at.session_state["iae_projet_valide"]
    affiches = list(at.table[0].value["Scénario"])
    assert affiches[0] == p.scenario("reference").libelle and len(affiches) == 6
    assert at.multiselect(key="comparer_scenarios").proto.max_selections == 10
    assert "6 scénario(s) affiché(s) sur 50" in "\n".join(c.value for c in at.caption)


def test_les_sources_disent_qu_un_choc_du_scenario_change_un_montant_officiel(app_avec_exemple):
    """The official parameters' table shows the arrêtés' amounts; a variation_socle of the scenario changes
    them in the calculation, and the tab says so instead of leaving a table that seems to contradict it."""
    at = _choisir(_ouvrir(app_avec_exemple, "etti_btp.yaml", RESULTATS), "socle_etti_reduit")
    _onglet(at, "Formules et sources")
    textes = " ".join(c.value for c in at.caption)
    assert "Socle de l'aide au poste ETTI" in textes and "le calcul les applique" in textes
    _choisir(at, "plf_2026_commande_publique")
    assert "le calcul les applique" not in " ".join(c.value for c in at.caption)


# --- the monthly cash plan (issue 10) ---------------------------------------------------------------------------


def test_le_point_bas_de_tresorerie_est_un_chiffre_cle_avec_son_mois(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS), "coupe_2026")
    r = simuler(charger_exemple("aci_espaces_verts.yaml"))
    rs, ref = r.scenario("coupe_2026"), r.scenario("reference")
    bas = min(rs.annees, key=lambda a: a.tresorerie.point_bas)
    mois = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
            "déc."][bas.tresorerie.mois_point_bas - 1]  # fmt: skip
    valeur, delta = _metriques(at)[f"Point bas, fin {mois} {bas.annee}"]
    assert valeur == euros(rs.tresorerie_min) == euros(bas.tresorerie.point_bas)
    assert delta == euros(round(rs.tresorerie_min - ref.tresorerie_min))
    assert not any(libelle.startswith("Trésorerie la plus basse") for libelle in _metriques(at))
    aide = next(m.proto.help for m in at.metric if m.label.startswith("Point bas"))
    assert aide.startswith("Point bas de trésorerie : la plus basse des trésoreries de fin de mois")


def test_le_graphique_mensuel_porte_les_soldes_de_fin_de_mois_simules(app_avec_exemple):
    at = _choisir(_ouvrir(app_avec_exemple, "ensemblier_aci_ei.yaml", RESULTATS), "parcours_integre")
    _onglet(at, "Graphiques")
    rs = simuler(charger_exemple("ensemblier_aci_ei.yaml")).scenario("parcours_integre")
    spec, _ = _graphiques(at)["tresorerie_mensuelle"]
    assert spec["config"]["locale"]["number"]["currency"] == ["", "\u00a0€"]
    df = _donnees(at, "tresorerie_mensuelle", "fin_de_mois")
    attendu = [round(v, 2) for a in rs.annees for v in a.tresorerie.mensuelle]
    assert list(df["montant"]) == attendu and len(attendu) == 12 * len(rs.annees)
    assert list(df["fin_de_mois"][:2]) == [f"fin janvier {rs.annees[0].annee}", f"fin février {rs.annees[0].annee}"]
    bas = df[df["point_bas"]]
    assert list(bas["annee"]) == [a.annee for a in rs.annees]  # one low point a year
    assert list(bas["mois"]) == [a.tresorerie.mois_point_bas for a in rs.annees]
    assert list(bas["montant"]) == [round(a.tresorerie.point_bas, 2) for a in rs.annees]
    # the 12 month-ends of a chosen year, and the balance-sheet view in months of charges
    annee = rs.annees[1]
    at.selectbox(key="resultats_annee_mensuelle_parcours_integre").set_value(annee.annee).run()
    assert not at.exception
    mois = next(d.value for d in at.dataframe if "Fin de mois" in d.value.columns)
    assert list(mois["Trésorerie"]) == [euros(v) for v in annee.tresorerie.mensuelle]
    assert mois["Fin de mois"].iloc[6] == f"juillet {annee.annee}"
    assert mois["Repère"].iloc[annee.tresorerie.mois_point_bas - 1] == "point bas"
    bilan = at.table[0].value
    assert bilan.loc["Besoin en fonds de roulement au 31 décembre", "Valeur"] == euros(annee.tresorerie.bfr)
    assert bilan.loc["Point bas de trésorerie, en mois de charges", "Valeur"].endswith(" mois")


def test_les_comptes_montrent_la_caf_et_le_plan_de_tresorerie(app_avec_exemple):
    at = _onglet(_ouvrir(app_avec_exemple, "aci_recyclerie.yaml", RESULTATS), "Comptes")
    comptes = next(d for d in at.dataframe if d.value.index.name == "Ligne").value
    rs = simuler(charger_exemple("aci_recyclerie.yaml")).scenario("reference")
    premiere = rs.annees[0]
    assert comptes.loc["Capacité d'autofinancement (CAF)", "2025"] == euros(premiere.tresorerie.caf)
    assert comptes.loc["Variation du besoin en fonds de roulement", "2025"] == euros(premiere.tresorerie.variation_bfr)
    assert comptes.loc["Point bas de trésorerie (fin de mois)", "2025"] == euros(premiere.tresorerie.point_bas)
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]  # fmt: skip
    assert comptes.loc["  mois du point bas", "2025"] == mois[premiere.tresorerie.mois_point_bas - 1]
    # no loan in this example's reference: the loan lines are left out
    assert "Emprunts nouveaux" not in comptes.index
    assert "Remboursement du capital des emprunts" not in comptes.index


def test_les_hypotheses_du_scenario_sont_dites_defauts_compris(app_avec_exemple):
    """Issue 11, item 2: what the figures assume is on the page, defaults included, and the reference is explained."""
    at = _choisir(_ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS), "reference")
    texte = " ".join(c.value for c in at.caption)
    assert "**Hypothèses de ce scénario** : SMIC +2\u00a0% par an" in texte
    assert "salaires des permanents comme l'inflation" in texte  # a default, said as such
    assert "C'est le **scénario de référence**" in texte
    assert "L'annexe financière reste à 20 ETP" in texte  # the reference's own description, in words
    _choisir(at, "rebond_territorial")
    texte = " ".join(c.value for c in at.caption)
    assert "**Hypothèses de ce scénario**" in texte and "C'est le **scénario de référence**" not in texte


def test_un_montant_des_comptes_s_explique_avec_les_chiffres_du_projet(app_avec_exemple):
    """Issue 11, item 3: a cell of the accounts opens its calculation with the user's numbers and its sources."""
    at = _ouvrir(app_avec_exemple, "aci_espaces_verts.yaml", RESULTATS)
    _choisir(at, "reference")
    _onglet(at, "Comptes")
    table = next(d for d in at.dataframe if d.value.index.name == "Ligne")
    lignes = list(table.value.index)

    def cliquer(libelle: str, annee: str) -> str:
        at.session_state[table.key] = {
            "selection": {"rows": [], "columns": [], "cells": [[lignes.index(libelle), annee]]}
        }
        at.run()
        assert not at.exception, at.exception
        return "\n".join(m.value for m in at.markdown)

    # a line after some left out of the table (zero every year): the cell clicked is the one explained
    texte = cliquer("Trésorerie de fin d'année", "2027")
    fin = simuler(charger_exemple("aci_espaces_verts.yaml")).scenario("reference").annee(2027).tresorerie_fin
    assert f"**Trésorerie de fin d'année 2027 : {euros(fin)}**" in texte
    texte = cliquer("Aide au poste", "2026")
    # 20 ETP × 95 % = 19 ETP aidés × 23 921 € × 1,05 = 477 223,95 €
    assert "**Aide au poste 2026 : 477\u202f224\u00a0€**" in texte
    assert "19\u00a0ETP aidés × socle 23\u202f921\u00a0€ × (1 + part modulée 5\u00a0%) = 477\u202f224\u00a0€" in texte
    assert "Socle ACI" in texte and "](https://" in texte  # the parameter with its source
    # the recap of a year, every line with its calculation, to download and print
    bouton = next(b for b in at.get("download_button") if "récapitulatif" in b.proto.label)
    assert bouton.proto.label == "Télécharger le récapitulatif (.md, à imprimer)"
    # the key figures' help bubbles carry their calculation
    aide = next(m for m in at.metric if m.label.startswith("Résultat 2030")).proto.help
    assert "produits" in aide and "charges" in aide and "=" in aide
