"""The pure parts of the load tool `ui.charge` (no server): percentiles, log parsing, widget changes."""

from __future__ import annotations

import random

import pytest
from streamlit.proto.Button_pb2 import Button
from streamlit.proto.ButtonGroup_pb2 import ButtonGroup
from streamlit.proto.Delta_pb2 import Delta
from streamlit.proto.DownloadButton_pb2 import DownloadButton
from streamlit.proto.MultiSelect_pb2 import MultiSelect
from streamlit.proto.Selectbox_pb2 import Selectbox
from streamlit.proto.TextInput_pb2 import TextInput

from ui import charge


def test_centile_interpole_entre_les_rangs():
    assert charge.centile([], 50) is None
    assert charge.centile([7.0], 95) == 7.0
    assert charge.centile([3.0, 1.0, 2.0], 50) == 2.0
    assert charge.centile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert charge.centile(range(1, 101), 95) == pytest.approx(95.05)
    assert charge.centile([1.0, 2.0], 100) == 2.0
    assert charge.centile([1.0, 2.0], 0) == 1.0


def test_lire_journal_ne_garde_que_les_durees_de_app_py():
    texte = (
        "  You can now view your Streamlit app in your browser.\n"
        "page=structure duree_ms=47.2\n"
        "2026-05-09 07:35:25.123 Uncaught app exception\n"
        "page=accueil duree_ms=12\n"
        "page=resultats duree_ms=1234.5\n"
    )
    assert charge.lire_journal(texte) == [("structure", 47.2), ("accueil", 12.0), ("resultats", 1234.5)]
    assert charge.lire_journal("") == []


def test_nombres_a_la_francaise():
    assert charge.nombre_francais("248\u202f239\u00a0€") == 248_239
    assert charge.nombre_francais("\u221212 000 €") == -12_000
    assert charge.nombre_francais("1,5") == 1.5
    assert charge.nombre_francais("") is None
    assert charge.nombre_francais("n/a") is None
    assert charge.texte_francais(215_000) == "215 000"
    assert charge.secondes(2600) == "2,60"
    assert charge.secondes(None) == "–"


def test_cle_utilisateur_d_un_identifiant_de_widget():
    assert charge.cle_utilisateur("$$ID-448563bdfa7c-structure_tresorerie_initiale_g1") == (
        "structure_tresorerie_initiale_g1"
    )
    assert charge.cle_utilisateur("$$ID-448563bdfa7c-guide_note_projet-social.mixite") == (
        "guide_note_projet-social.mixite"
    )
    assert charge.cle_utilisateur("$$ID-448563bdfa7c-None") == "None"
    assert charge.cle_utilisateur("autre") == "autre"


def test_un_champ_de_texte_recoit_un_autre_montant():
    champ = TextInput(id="$$ID-a-structure_tresorerie_initiale_g1", default="210 000")
    for graine in range(20):
        etat, valeur = charge.nouvel_etat("text_input", champ, random.Random(graine))
        assert etat.id == champ.id and etat.string_value == valeur
        assert charge.nombre_francais(valeur) != 210_000


def test_une_liste_deroulante_change_d_option():
    choix = Selectbox(id="x", options=["A (a)", "B (b)", "C (c)"], default=0)
    assert charge.valeur_courante("selectbox", choix) == "A (a)"
    etat, valeur = charge.nouvel_etat("selectbox", choix, random.Random(1))
    assert etat.string_value == valeur and valeur in ("B (b)", "C (c)")
    choix.set_value, choix.raw_value = True, "B (b)"
    assert charge.valeur_courante("selectbox", choix) == "B (b)"
    for graine in range(10):
        assert charge.nouvel_etat("selectbox", choix, random.Random(graine))[1] != "B (b)"
    assert charge.nouvel_etat("selectbox", Selectbox(id="y", options=["seule"]), random.Random(1)) is None


def test_une_selection_multiple_change_et_n_est_jamais_vide():
    choix = MultiSelect(id="x", options=["a", "b", "c"], default=[0, 1, 2])
    for graine in range(20):
        etat, valeur = charge.nouvel_etat("multiselect", choix, random.Random(graine))
        assert list(etat.string_array_value.data) == valeur
        assert valeur and sorted(valeur) != ["a", "b", "c"]


def test_un_groupe_de_boutons_change_de_reponse():
    groupe = ButtonGroup(id="x", options=[ButtonGroup.Option(content=c) for c in ("Oui", "Non")])
    groupe.set_value = True
    groupe.raw_values.append("Oui")
    etat, valeur = charge.nouvel_etat("button_group", groupe, random.Random(1))
    assert valeur == ["Non"] and list(etat.string_array_value.data) == ["Non"]


def test_la_valeur_envoyee_compte_quand_le_serveur_ne_la_repete_pas():
    """A browser keeps showing the value it sent; the delta only repeats values the script set."""
    groupe = ButtonGroup(id="x", options=[ButtonGroup.Option(content=c) for c in ("Oui", "Non")])
    assert charge.valeur_courante("button_group", groupe) == []
    assert charge.valeur_courante("button_group", groupe, ["Oui"]) == ["Oui"]
    for graine in range(10):
        assert charge.nouvel_etat("button_group", groupe, random.Random(graine), ["Oui"])[1] == ["Non"]
    groupe.set_value = True
    groupe.raw_values.append("Non")
    assert charge.valeur_courante("button_group", groupe, ["Oui"]) == ["Non"]


def test_le_rendu_ignore_l_echo_des_widgets_et_garde_les_erreurs():
    def rendu(tresorerie: str, saisie: str) -> charge.Rendu:
        r = charge.Rendu()
        for delta in (Delta(), Delta(), Delta(), Delta()):
            r.ajouter(delta)
        metrique, champ, erreur = Delta(), Delta(), Delta()
        metrique.new_element.metric.label = charge.METRIQUE_TRESORERIE_FIN
        metrique.new_element.metric.body = tresorerie
        champ.new_element.text_input.id = "$$ID-a-structure_tresorerie_initiale_g1"
        champ.new_element.text_input.value = saisie
        erreur.new_element.alert.body = "**Une erreur inattendue empêche d'afficher cette page.**\nVos saisies…"
        erreur.new_element.alert.format = erreur.new_element.alert.ERROR
        resultat = Delta()  # a red alert that is a result, not an error
        resultat.new_element.alert.body = "**2030**\n\n- trésorerie négative en fin d'année (-27 245 €)"
        resultat.new_element.alert.format = resultat.new_element.alert.ERROR
        for delta in (metrique, champ, erreur, resultat):
            r.ajouter(delta)
        r.finir(0)
        return r

    a, b, c = rendu("1 000 €", "1"), rendu("1 000 €", "2"), rendu("2 000 €", "1")
    assert a.empreinte == b.empreinte != c.empreinte
    assert a.metriques == {charge.METRIQUE_TRESORERIE_FIN: "1 000 €"}
    assert a.erreurs == ["**Une erreur inattendue empêche d'afficher cette page.** Vos saisies…"]
    assert a.widget("text_input", "structure_tresorerie_initiale", random.Random(0)) is not None
    assert a.widget("selectbox", "structure_tresorerie_initiale", random.Random(0)) is None


def test_arguments():
    args = charge.analyser_arguments(["--sessions", "1", "10", "--gc", "on", "off", "--duree", "30"])
    assert args.sessions == [1, 10] and args.gc == ["on", "off"] and args.duree == 30
    with pytest.raises(SystemExit):
        charge.analyser_arguments(["--soak", "3", "--sessions", "1", "10"])
    with pytest.raises(SystemExit):
        charge.analyser_arguments(["--gc", "peut-etre"])


def test_traces_du_journal():
    texte = (
        "erreur inattendue sur la page resultats\nTraceback (most recent call last):\n  File x\n    f()\nKeyError: 1\n"
        "page=resultats duree_ms=3.0\nTraceback (most recent call last):\n  File y\n"
    )
    traces = charge.traces_du_journal(texte)
    assert traces[0] == "Traceback (most recent call last):\n  File x\n    f()\nKeyError: 1"
    assert traces[1] == "Traceback (most recent call last):\n  File y"
    assert charge.traces_du_journal("page=accueil duree_ms=1.0\n") == []


def test_les_boutons_d_export_preparer_ou_telecharger():
    widgets = {
        "$$ID-a-exporter_preparer_pdf": ("button", Button(id="$$ID-a-exporter_preparer_pdf")),
        "$$ID-b-exporter_preparer_xlsx": ("button", Button(id="$$ID-b-exporter_preparer_xlsx", disabled=True)),
        "$$ID-c-exporter_md": ("download_button", DownloadButton(id="$$ID-c-exporter_md", url="/media/c.md")),
        "$$ID-d-exporter_yaml": ("download_button", DownloadButton(id="$$ID-d-exporter_yaml", url="/media/d.yaml")),
        "$$ID-e-exporter_guide_md": ("download_button", DownloadButton(id="$$ID-e-exporter_guide_md", url="/m")),
        "$$ID-f-exporter_scenarios": ("multiselect", MultiSelect(id="$$ID-f-exporter_scenarios")),
    }
    boutons = charge.boutons_export(widgets)
    assert sorted(boutons) == ["md", "pdf"]  # a disabled « Préparer » is no choice
    assert boutons["pdf"][0] == "preparer" and boutons["pdf"][1].id == "$$ID-a-exporter_preparer_pdf"
    assert boutons["md"][0] == "pret" and boutons["md"][1].url == "/media/c.md"
    sans_url = {"$$ID-g-exporter_pdf": ("download_button", DownloadButton(id="$$ID-g-exporter_pdf"))}
    assert charge.boutons_export(sans_url) == {}


def test_adresse_du_fichier_d_un_bouton_de_telechargement():
    assert charge.adresse_media(8501, "/media/abc.pdf") == "http://127.0.0.1:8501/media/abc.pdf"
    assert charge.adresse_media(8501, "media/abc.pdf") == "http://127.0.0.1:8501/media/abc.pdf"
    assert charge.adresse_media(8501, "http://127.0.0.1:9/media/x.md") == "http://127.0.0.1:9/media/x.md"


def test_un_fichier_exporte_est_ce_qu_il_annonce():
    assert charge.fichier_conforme("pdf", b"%PDF-1.4 ...")
    assert not charge.fichier_conforme("pdf", b"<html>404</html>")
    assert charge.fichier_conforme("xlsx", b"PK\x03\x04")
    assert not charge.fichier_conforme("xlsx", b"")
    resume = "# Synthèse\n## Référence\n## Hausse des prix\n".encode()
    assert charge.fichier_conforme("md", resume, ["Référence (ref)", "Hausse des prix (h1)"])
    assert not charge.fichier_conforme("md", resume, ["Référence (ref)", "Baisse (b1)"])
    assert charge.fichier_conforme("md", resume)
    assert not charge.fichier_conforme("md", b"", ["Référence (ref)"])
