"""A number of the project file must be written as a number (issue 8, items 2 and 3).

Pydantic alone reads the text "38.000" as 38 and `true` as 1. The app keeps what a user typed and
could not be read as text in the draft, so that it stays visible with its message: the model must
refuse it, never turn it into a number in silence.
"""

from __future__ import annotations

import pytest

from iae_model.projet import ErreurProjet, projet_depuis_donnees
from tests.fabrique import donnees_minimales


@pytest.mark.parametrize(
    ("chemin", "valeur", "attendu"),
    [
        (("structure", "tresorerie_initiale"), "38.000", "nombre attendu, reçu « 38.000 »"),
        (("structure", "tresorerie_initiale"), "85000", "nombre attendu, reçu « 85000 »"),
        (("structure", "annee_reference"), "2025", "nombre attendu, reçu « 2025 »"),
        (("hypotheses", "evolution_smic"), "1,5", "nombre attendu, reçu « 1,5 »"),
        (("hypotheses", "horizon"), True, "nombre attendu, reçu « true »"),
        (("conventionnements", 0, "etp_conventionnes"), "vingt", "nombre attendu, reçu « vingt »"),
        (("conventionnements", 0, "taux_occupation"), "x" * 80, "nombre attendu, reçu « " + "x" * 57 + "... »"),
    ],
)
def test_un_texte_dans_un_champ_nombre_est_une_erreur(chemin, valeur, attendu):
    donnees = donnees_minimales()
    cible = donnees
    for partie in chemin[:-1]:
        cible = cible[partie]
    cible[chemin[-1]] = valeur
    with pytest.raises(ErreurProjet) as exc:
        projet_depuis_donnees(donnees)
    texte = ".".join(str(p) for p in chemin).replace(".0.", "[0].")
    assert [(e.chemin, e.message) for e in exc.value.erreurs] == [(texte, attendu)]


def test_les_nombres_ecrits_comme_tels_passent():
    donnees = donnees_minimales()
    donnees["structure"]["tresorerie_initiale"] = 38000  # an int for a float field
    donnees["hypotheses"]["horizon"] = 2027
    assert projet_depuis_donnees(donnees).structure.tresorerie_initiale == 38000.0


def test_une_borne_decimale_est_dite_avec_ses_decimales():
    """« doit être inférieur ou égal à 0 » was printed for a bound of 0,5 (rounded to no decimal)."""
    donnees = donnees_minimales()
    donnees["hypotheses"]["evolution_smic"] = 0.6
    with pytest.raises(ErreurProjet) as exc:
        projet_depuis_donnees(donnees)
    assert exc.value.erreurs[0].message == "doit être inférieur ou égal à 0,5 (reçu 0.6)"
