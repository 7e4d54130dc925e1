"""The PDF's charts are converted in a worker process: the same SVG as here, and never missing if it dies."""

from __future__ import annotations

import pytest

from iae_model import rendu_graphiques as rg
from iae_model.exemples import charger_exemple
from iae_model.exports.pdf import POLICE_GRAPHIQUES
from iae_model.graphiques import graphique_resultat_tresorerie, spec_pour_l_impression
from iae_model.simulation import simuler


@pytest.fixture(scope="module")
def spec():
    rs = simuler(charger_exemple("aci_espaces_verts.yaml")).scenarios[1]
    return spec_pour_l_impression(graphique_resultat_tresorerie(rs), 500, POLICE_GRAPHIQUES)


def test_le_processus_rend_le_meme_svg_qu_ici(spec):
    conversions = rg.Conversions()
    assert conversions._travailleur is not None and conversions._travailleur.vivant
    numero = conversions.demander(spec)
    assert conversions._futures[numero] is not None  # sent to the worker, not converted here
    svg = conversions.svg(numero)
    assert svg == rg.convertir(spec)
    assert "Résultat" in svg and "\u202f" in svg  # a French title and number format


def test_si_le_processus_meurt_les_graphiques_sont_convertis_ici(spec):
    conversions = rg.Conversions()
    travailleur = conversions._travailleur
    assert travailleur is not None
    travailleur._processus.kill()
    travailleur._processus.wait()
    numeros = [conversions.demander(spec) for _ in range(2)]
    assert [conversions.svg(n) for n in numeros] == [rg.convertir(spec)] * 2
    # the next PDF starts a new worker
    suivant = rg.Conversions()
    assert suivant._travailleur is not None and suivant._travailleur is not travailleur
    assert suivant.svg(suivant.demander(spec)) == rg.convertir(spec)


def test_sans_processus_sur_demande(spec, monkeypatch):
    monkeypatch.setenv(rg.VARIABLE_DESACTIVER, "1")
    conversions = rg.Conversions()
    assert conversions._travailleur is None
    assert conversions.svg(conversions.demander(spec)) == rg.convertir(spec)


def test_une_spec_refusee_leve_l_erreur_de_vl_convert(spec):
    mauvaise = {**spec, "layer": "pas une liste de calques"}
    conversions = rg.Conversions()
    numero = conversions.demander(mauvaise)
    with pytest.raises(ValueError):
        conversions.svg(numero)
    assert conversions.svg(conversions.demander(spec)) == rg.convertir(spec)  # the worker is still there


def test_beaucoup_de_grands_graphiques_d_un_coup_sans_blocage():
    """Specs and SVG larger than a pipe's buffer (64 Ko), all asked for at once: the reader of the answers never
    waits for a writer stuck on a full pipe (that would block both processes for ever)."""
    import threading

    points = [{"x": i, "y": (i * 37) % 101} for i in range(3_000)]
    axes = {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}
    grand = {"data": {"values": points}, "mark": "point", "width": 400, "encoding": axes}
    resultat: list[str] = []

    def tout() -> None:
        conversions = rg.Conversions()
        assert conversions._travailleur is not None
        numeros = [conversions.demander(grand) for _ in range(12)]
        resultat.extend(conversions.svg(n) for n in numeros)

    fil = threading.Thread(target=tout, daemon=True)
    fil.start()
    fil.join(timeout=120)
    assert not fil.is_alive(), "les conversions sont bloquées"
    assert len(resultat) == 12 and all(s.startswith("<svg") and len(s) > 65_536 for s in resultat)
