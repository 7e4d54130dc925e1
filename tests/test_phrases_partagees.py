"""Résultats and the exporters say the effort, the cash and the absorbable cut with the same sentences (issue 9)."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from iae_model import phrases as ph
from iae_model.exemples import charger_exemple
from iae_model.exports import ecrire_markdown, ecrire_pdf, preparer
from iae_model.formules import formules
from iae_model.vocabulaire import LIGNES
from tests.outils_app import ouvrir_onglet

FICHIER = "aci_espaces_verts.yaml"


def _espaces(texte: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", texte)


def test_les_phrases_de_l_effort_sont_celles_des_trois_exports_et_de_la_page(app_avec_exemple):
    synthese = preparer(charger_exemple(FICHIER), date=dt.date(2026, 3, 17))
    markdown = ecrire_markdown(synthese)
    pdf = _espaces(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(ecrire_pdf(synthese))).pages))
    at = app_avec_exemple(FICHIER)
    at.switch_page("app_pages/resultats.py").run()
    types = synthese.projet.types_conventionnements()
    for rs in synthese.scenarios:
        ef = synthese.efforts[rs.id]
        at.selectbox(key="resultats_scenario").set_value(rs.id).run()
        ouvrir_onglet(at, "resultats_onglet", "Alertes et effort")
        page = "\n".join(m.value for m in at.markdown)
        for quoi, phrase in ph.effort_de_tresorerie(ef.tresorerie, ef.coupe, types, synthese.annees):
            assert f"- {quoi} : {phrase}." in markdown
            assert _espaces(f"{quoi} : {phrase}.") in pdf
        gras = ph.effort_de_tresorerie(ef.tresorerie, ef.coupe, types, synthese.annees, "**{}**".format)
        for quoi, phrase in gras:
            assert f"**{quoi}** : {phrase}." in page
        assert ph.EQUILIBRE in page if ef.deficits else ph.AUCUN_DEFICIT in page
    assert ph.majuscule(ph.EQUILIBRE) in markdown and _espaces(ph.majuscule(ph.EQUILIBRE)) in pdf


def test_les_formules_nomment_les_lignes_comme_le_vocabulaire():
    libelles = {ligne.libelle for ligne in LIGNES}
    nommees = [ligne for ligne, _ in formules() if ligne in libelles]
    assert len(nommees) >= len(formules()) - 2  # « Aide EITI » and « Salaire horaire » are not lines
    assert all("{" not in formule for _, formule in formules())


def test_le_titre_de_l_indexation_garde_le_sigle_smic():
    """str.capitalize() lowercased the rest of the title: « indexé sur le smic »."""
    from iae_model.projet.chocs import ChocIndexationSocle

    titre = ChocIndexationSocle(type="indexation_socle", annee=2026, valeur="smic").titre()
    assert titre == "Socle de l'aide au poste indexé sur le SMIC dès 2026"
