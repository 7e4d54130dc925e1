"""Sources: every public document the simulator cites (official amounts, State hypotheses, guide, examples).

The list is written from the data by `iae_model.sources_publiques`, the same as `docs/sources.md`: a
document's title, its date when known and its address, in three groups, with what in the app cites it.
"""

from __future__ import annotations

import streamlit as st

from iae_model.sources_publiques import GROUPES, INTRODUCTION, ligne_markdown, par_groupe, sources_publiques
from ui.cadre import titre

titre("Sources")
sources = sources_publiques()
st.write(INTRODUCTION)
st.caption(f"{len(sources)} documents. La même liste est dans le fichier docs/sources.md du projet.")
for groupe, membres in par_groupe(sources).items():
    st.subheader(GROUPES[groupe])
    st.markdown("\n".join(ligne_markdown(s) for s in membres))
