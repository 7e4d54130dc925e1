"""AppTest: a long session does not pile up dead widgets (issue 8, item 13: memory over a long soak).

Streamlit 1.67 keeps the metadata of every widget a session ever drew. Widgets named after a version of
the project (the Scénarios forms, Ma structure's fields after a change made elsewhere) were renewed at
every change: 10 busy sessions made the server grow by 5–6 MB a minute. This test reads Streamlit's
private session state on purpose: if its structure changes, the pruning in `ui/elagage.py` must change too.
"""

from __future__ import annotations

from tests.outils_app import ouvrir_onglet

PAGE = "app_pages/scenarios.py"


def _metadonnees(at) -> dict:
    return at.session_state._state._state._new_widget_state.widget_metadata


def test_les_widgets_des_versions_passees_sont_oublies(app_avec_exemple):
    at = app_avec_exemple("aci_espaces_verts.yaml")
    at.switch_page(PAGE).run()
    assert not at.exception
    apres_un_affichage = len(_metadonnees(at))
    tailles = []
    for i in range(12):  # each save is a new version of the project: the page's forms get new keys
        at.switch_page("app_pages/ma_structure.py").run()
        ouvrir_onglet(at, "structure_onglet", "Trésorerie")  # where the cash at 1 January is typed
        champ = next(w for w in at.text_input if w.key and w.key.startswith("structure_tresorerie_initiale_g"))
        champ.set_value(str(10_000 + i)).run()
        at.switch_page(PAGE).run()
        assert not at.exception
        tailles.append(len(_metadonnees(at)))
    # what one display of the pages needs, not one set of widgets per version
    assert max(tailles) <= apres_un_affichage + 40, (apres_un_affichage, tailles)
    assert tailles[-1] == tailles[-2] == tailles[-3], tailles
    cles = set(at.session_state._state._state._key_id_mapper.id_key_mapping.values())
    v = at.session_state["iae_version"]
    assert not [c for c in cles if c.startswith("scenarios_v") and not c.startswith(f"scenarios_v{v}_")]
