"""The charts are drawn from cached specs without schema checks at run time: check them here."""

from __future__ import annotations

import pytest

from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.pont import pont
from iae_model.simulation import simuler
from ui import graphiques


@pytest.mark.parametrize("fichier", [e.fichier for e in lister_exemples()])
def test_chaque_graphique_respecte_le_schema_vega_lite(fichier):
    projet = charger_exemple(fichier)
    resultat = simuler(projet)
    ids = [s.id for s in projet.scenarios]
    graphes = [graphiques.graphique_comparaison_resultat(graphiques.tableau_comparaison(resultat, ids)),
               graphiques.graphique_comparaison_tresorerie(graphiques.tableau_comparaison(resultat, ids))]  # fmt: skip
    for s in resultat.scenarios:
        graphes += [graphiques.graphique_produits(s), graphiques.graphique_resultat_tresorerie(s)]
        graphes.append(graphiques.graphique_tresorerie_mensuelle(s))
        if any(a.indicateurs.get("ratio_commercial_aci") is not None for a in s.annees):
            graphes.append(graphiques.graphique_ratio_aci(s))
        if s.id != ids[0]:
            graphes.append(graphiques.graphique_pont(pont(projet, s.id, ids[0]), "départ", "arrivée"))
    for g in graphes:
        spec = g.to_dict()  # validates against the Vega-Lite schema
        assert spec["config"]["locale"]["number"]["decimal"] == ","
