"""The part modulée is at most 10 % of the socle (the dated parameter `aide_au_poste.part_modulee_max`):
above it a project is refused wherever the rate is written (issue 8, item 17)."""

from __future__ import annotations

from typing import Any

import pytest
from fabrique import avec_scenario, donnees_minimales

from iae_model.projet import ErreurProjet, projet_depuis_donnees

NBSP = "\u00a0"


def _erreurs(d: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ErreurProjet) as info:
        projet_depuis_donnees(d)
    return [(e.chemin, e.message) for e in info.value.erreurs]


def _message_attendu(recu: str) -> str:
    debut = f"la part modulée ne peut dépasser 10{NBSP}% du montant socle (reçu {recu}{NBSP}%)"
    return debut


def test_dix_pour_cent_acceptes_partout() -> None:
    d = donnees_minimales("ACI", part_modulee=0.10)
    d = avec_scenario(
        d,
        id="a",
        chocs=[{"type": "part_modulee", "annee": 2026, "valeur": 0.10}],
        leviers=[{"type": "ouverture_conventionnement", "annee": 2026, "conventionnement": "EI", "part_modulee": 0.1}],
    )
    projet_depuis_donnees(d)


def test_au_dela_de_dix_pour_cent_refuse_partout_avec_la_source() -> None:
    d = donnees_minimales("ACI", part_modulee=0.25)
    d = avec_scenario(
        d,
        id="a",
        chocs=[{"type": "part_modulee", "annee": 2026, "valeur": 0.125}],
        leviers=[{"type": "ouverture_conventionnement", "annee": 2026, "conventionnement": "EI", "part_modulee": 0.11}],
    )
    erreurs = _erreurs(d)
    assert [c for c, _ in erreurs] == [
        "conventionnements[0].part_modulee",
        "scenarios[1].chocs[0].valeur",
        "scenarios[1].leviers[0].part_modulee",
    ]
    for (_, message), recu in zip(erreurs, ("25", "12,5", "11"), strict=True):
        assert message.startswith(_message_attendu(recu)), message
        # where the 10 % comes from: the reference of the parameter's value (a decree of 2023 quoted by it)
        assert "arrêté du 28 juillet 2023" in message, message


def test_une_part_negative_garde_son_message() -> None:
    assert _erreurs(donnees_minimales("ACI", part_modulee=-0.01)) == [
        ("conventionnements[0].part_modulee", "doit être supérieur ou égal à 0 (reçu -0.01)")
    ]


def test_le_maximum_vient_du_fichier_de_parametre(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a constant of the model: a new decree changing the parameter's file changes the check."""
    from iae_model.projet import types

    types.part_modulee_max.cache_clear()
    monkeypatch.setattr(types, "_lire_part_modulee_max", lambda: (0.08, "arrêté imaginaire"))
    try:
        assert _erreurs(donnees_minimales("ACI", part_modulee=0.09)) == [
            (
                "conventionnements[0].part_modulee",
                f"la part modulée ne peut dépasser 8{NBSP}% du montant socle (reçu 9{NBSP}%) ; "
                "source : arrêté imaginaire",
            )
        ]
    finally:
        types.part_modulee_max.cache_clear()
