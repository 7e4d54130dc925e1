"""Forget the widgets of earlier generations, which Streamlit 1.67 would keep for the session's whole life.

Why: Streamlit removes a widget's *value* when the widget is gone, but keeps its *metadata* (its
callbacks and their closures, its serializer with its options) and its key mapping until the session
ends (`SessionState._remove_stale_widgets` never prunes `widget_metadata`). The app names several
widgets after a generation or a version of the project (`structure_…_g7`, `scenarios_v42_…`): that is
how a widget is rebuilt from the draft when the project changed elsewhere. Each change then left ~60
dead widgets behind: a server with 10 busy sessions grew by 5–6 MB a minute (`python -m ui.charge
--soak 30`), about 330 MB an hour, until nothing was left.

A widget whose key carries an older generation can never come back (generations only grow): once a
run has completed without it, everything Streamlit keeps about it is dropped. Keys without a
generation are left alone (their number is bounded by the code). This reads Streamlit's private
session state, pinned at 1.67: `tests/test_app_elagage.py` fails if that structure changes.
"""

from __future__ import annotations

import re

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.session_state_proxy import get_session_state

GENERATIONNELLE = re.compile(
    r"_g\d+$"  # scalar fields of Ma structure and the guide's answers
    r"|^scenarios_v\d+_|^scenarios_actif_v\d+$"  # the Scénarios page's forms and selector
    r"|^structure_[a-z_]+_\d+_[0-9a-f]{8}$"  # Ma structure's tables
    r"|^guide_plan_\d+$|^cadre_conflit_choix_\d+$"  # the plan's table, a conflict's choices
)
"""User keys that carry a generation or a version of the project (see the modules that make them)."""


def elaguer_widgets() -> int:
    """After a completed run: drop what Streamlit keeps of generation-keyed widgets not drawn in it.

    Returns how many widgets were forgotten. Call it only when the page ran to its end (after an
    `st.rerun()` or `st.stop()` part of the page was not drawn, and its widgets must not be dropped).
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return 0
    actifs = set(ctx.shared.widget_ids_this_run.snapshot())
    protege = get_session_state()
    etat = protege._state
    supprimes = 0
    with protege._lock:
        metadonnees = etat._new_widget_state.widget_metadata
        cles = etat._key_id_mapper.id_key_mapping
        for widget in list(metadonnees):
            cle = cles.get(widget)
            if widget in actifs or cle is None or not GENERATIONNELLE.search(cle):
                continue
            del metadonnees[widget]
            etat._new_widget_state.states.pop(widget, None)
            etat._old_state.pop(widget, None)
            if etat._key_id_mapper.get_id_from_key(cle) == widget:
                del etat._key_id_mapper[cle]
            else:
                cles.pop(widget, None)
            supprimes += 1
    return supprimes
