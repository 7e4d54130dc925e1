"""AppTest: the « Sources » page lists the project's public documents, and the guide and Résultats point to it."""

from __future__ import annotations

import re

from iae_model.sources_publiques import GROUPES, sources_publiques
from tests.outils_app import ouvrir_onglet

PAGE = "app_pages/sources.py"


def _textes(at) -> str:
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in [*at.markdown, *at.caption])).replace("\u2060", "")


def test_la_page_liste_chaque_source_par_groupe_sans_projet(nouvelle_app):
    at = nouvelle_app()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Sources"
    textes = _textes(at)
    for titre in GROUPES.values():
        assert titre in [e.value for e in at.subheader]
    for s in sources_publiques():
        assert f"<{s.href.replace(' ', '%20')}>" in textes, s.href
        assert s.titre in textes
    assert "DREETS Hauts-de-France, « Dispositif régional 2025-2026 »" in textes and "11 décembre 2025" in textes


def _liens(at) -> list[str]:
    return [e.proto.page for e in at.get("page_link")]  # the url_path of the page


def test_le_guide_et_les_resultats_renvoient_aux_sources(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    at.switch_page("app_pages/guide.py").run()
    assert not at.exception, at.exception
    assert any(lien == "sources" for lien in _liens(at))
    at.switch_page("app_pages/resultats.py").run()
    ouvrir_onglet(at, "resultats_onglet", "Formules et sources")
    assert not at.exception, at.exception
    assert any(lien == "sources" for lien in _liens(at))
