"""« D'où vient ce chiffre ? » on the pages: an explanation of `iae_model.explications`, drawn.

Every text may quote what the user typed (an activity's name in a choc's title, a scenario's name), so each
is escaped; parameters' sources are links.
"""

from __future__ import annotations

import streamlit as st

from iae_model.explications import Explication
from iae_model.formats import euros
from iae_model.phrases import ecart_euros
from iae_model.texte import lien_markdown
from ui.formats import texte_brut


def en_une_ligne(e: Explication) -> str:
    """The equations only, for a key figure's help bubble."""
    return "\n\n".join(
        texte_brut(f"{c.libelle} : {c.texte}" if c.libelle else c.texte) for c in e.calculs
    ) or texte_brut(f"{e.titre} : {euros(e.montant)}")


def afficher(e: Explication) -> None:
    """The figure, its calculation with the user's numbers, what it follows and where the parameters come from."""
    with st.container(border=True):
        tete = f"**{texte_brut(e.titre)} : {euros(e.montant)}**"
        if e.montant_reference is not None:
            ecart = ecart_euros(e.montant, e.montant_reference)
            tete += f" (scénario de référence : {euros(e.montant_reference)}" + (f", écart {ecart})" if ecart else ")")
        st.markdown(tete)
        if e.calculs:
            st.markdown(
                "\n".join(
                    f"- {texte_brut(c.libelle)} : {texte_brut(c.texte)}" if c.libelle else f"- {texte_brut(c.texte)}"
                    for c in e.calculs
                )
            )
        if e.hypotheses:
            st.markdown("**Hypothèses suivies** : " + " ; ".join(texte_brut(h) for h in e.hypotheses) + ".")
        if e.items:
            st.markdown(
                "**Chocs et leviers du scénario qui jouent sur ce chiffre** :\n"
                + "\n".join(f"- {texte_brut(i)}" for i in e.items)
            )
        if e.parametres:
            lignes = []
            for p in e.parametres:
                sources = ", ".join(lien_markdown(titre, lien) for titre, lien in p.references)
                projete = f" (projeté : {texte_brut(p.hypothese)})" if p.projetee else ""
                lignes.append(
                    f"- {texte_brut(p.libelle)} : {texte_brut(p.valeur)}{projete}"
                    + (f" — {sources}" if sources else "")
                )
            st.markdown("**Paramètres officiels de l'année**\n" + "\n".join(lignes))
