"""Cross-field validation lists every error, in file order (README « toutes les erreurs sont listées »)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fabrique import avec_scenario, donnees_minimales

from iae_model.projet import ErreurProjet, projet_depuis_donnees


def _erreurs(donnees: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ErreurProjet) as info:
        projet_depuis_donnees(donnees)
    return [(e.chemin, e.message) for e in info.value.erreurs]


def _erreurs_avant(donnees: dict[str, Any], secondes: float = 5.0) -> list[tuple[str, str]]:
    """The same, but a walk that never ends fails the test instead of hanging the suite."""
    sortie: list[Any] = []
    fil = threading.Thread(target=lambda: sortie.append(_erreurs(donnees)), daemon=True)
    fil.start()
    fil.join(secondes)
    assert sortie, "la validation ne répond pas (boucle sans fin ?)"
    return sortie[0]


def test_toutes_les_erreurs_de_coherence_dans_l_ordre_du_fichier() -> None:
    d = donnees_minimales(annee_reference=2025, horizon=2024)
    d["schema"] = 2
    d["conventionnements"].append({"type": "ACI", "etp_conventionnes": 3})
    d["activites"] = [
        {"nom": "Maraîchage", "conventionnement": "EI", "chiffre_affaires": 1000},
        {"nom": "Maraîchage", "conventionnement": "ACI", "chiffre_affaires": 1000},
    ]
    d["financements"] = [
        {"nom": "Commune", "financeur": "commune_epci", "montant": 10, "debut": 2025, "conventionnement": "AI"}
    ]
    d["charges"] = {
        "permanents": [{"fonction": "cip", "etp": 1, "cout_annuel_charge": 40000, "conventionnement": "EI"}]
    }
    d = avec_scenario(d, id="reference", chocs=[{"type": "reduction_etp", "annee": 2020, "taux": -0.1}])
    d = avec_scenario(d, id="coupe", base="absent")
    erreurs = _erreurs(d)
    assert erreurs == [
        ("schema", "version 2 non prise en charge (version attendue : 1)"),
        ("conventionnements[1].type", "le conventionnement ACI est déjà déclaré"),
        ("activites[0].conventionnement", "la structure n'a pas de conventionnement EI"),
        ("activites[1].nom", "l'activité « Maraîchage » est déjà déclarée"),
        ("financements[0].conventionnement", "la structure n'a pas de conventionnement AI"),
        ("charges.permanents[0].conventionnement", "la structure n'a pas de conventionnement EI"),
        ("hypotheses.horizon", "l'horizon (2024) précède l'année de référence (2025)"),
        ("scenarios[1].id", "l'identifiant « reference » est déjà utilisé"),
        ("scenarios[1].chocs[0].annee", "l'année (2020) précède l'année de référence (2025)"),
        ("scenarios[2].base", "le scénario de base « absent » n'existe pas"),
    ]


def test_une_boucle_et_une_base_absente_ne_bloquent_pas_la_validation() -> None:
    d = donnees_minimales(annee_reference=2025)
    d["scenarios"][0]["base"] = "b"
    d = avec_scenario(d, id="b", base="reference", chocs=[{"type": "reduction_etp", "annee": 2024, "taux": -0.1}])
    d = avec_scenario(
        d,
        id="c",
        base="absent",
        leviers=[{"type": "croissance_activite", "annee": 2026, "activite": "Inconnue", "taux": 0.1}],
    )
    d = avec_scenario(d, id="d", base="c")
    boucle = "les scénarios forment une boucle par « base » (via « {} »)"
    assert _erreurs_avant(d) == [
        ("scenarios[0].base", boucle.format("reference")),
        ("scenarios[1].base", boucle.format("b")),
        ("scenarios[1].chocs[0].annee", "l'année (2024) précède l'année de référence (2025)"),
        # on a chain that does not reach its end, what the missing base would bring is unknown: the
        # activity named by c's lever is not reported (d, on c, is not either)
        ("scenarios[2].base", "le scénario de base « absent » n'existe pas"),
    ]


def test_un_scenario_qui_s_appuie_sur_une_boucle_est_signale() -> None:
    d = donnees_minimales()
    d = avec_scenario(d, id="a", base="b")
    d = avec_scenario(d, id="b", base="a")
    d = avec_scenario(d, id="c", base="a")
    boucle = "les scénarios forment une boucle par « base » (via « {} »)"
    assert _erreurs_avant(d) == [
        ("scenarios[1].base", boucle.format("a")),
        ("scenarios[2].base", boucle.format("b")),
        ("scenarios[3].base", boucle.format("a")),
    ]


def test_les_erreurs_de_plusieurs_scenarios_sont_toutes_rapportees() -> None:
    d = donnees_minimales(annee_reference=2025)
    d["activites"] = [{"nom": "Tri", "conventionnement": "ACI", "chiffre_affaires": 1000}]
    d = avec_scenario(
        d,
        id="a",
        chocs=[{"type": "perte_activite", "annee": 2026, "activite": "Absente"}],
        leviers=[
            {"type": "ajustement_etp", "annee": 2026, "conventionnement": "EI", "etp": 1},
            {"type": "ajustement_permanents", "annee": 2023, "fonction": "cip", "etp": 1},
        ],
    )
    d = avec_scenario(
        d,
        id="b",
        base="a",
        leviers=[
            {
                "type": "ouverture_conventionnement",
                "annee": 2026,
                "conventionnement": "ACI",
                "depuis": "AI",
                "transfert_etp": 1,
                "transfert_activites": ["Tri", "Absente"],
            }
        ],
    )
    assert _erreurs(d) == [
        ("scenarios[1].chocs[0].activite", "l'activité « Absente » n'existe pas"),
        ("scenarios[1].leviers[0].conventionnement", "la structure n'a pas de conventionnement EI"),
        ("scenarios[1].leviers[1].annee", "l'année (2023) précède l'année de référence (2025)"),
        (
            "scenarios[1].leviers[1].cout_annuel_charge",
            "aucun permanent « cip » dans le projet : indiquez le coût annuel chargé d'un ETP",
        ),
        ("scenarios[2].leviers[0].conventionnement", "la structure a déjà un conventionnement ACI"),
        ("scenarios[2].leviers[0].depuis", "la structure n'a pas de conventionnement AI"),
        ("scenarios[2].leviers[0].transfert_activites", "l'activité « Absente » n'existe pas"),
    ]


def test_un_projet_coherent_n_a_aucune_erreur() -> None:
    d = avec_scenario(donnees_minimales(), id="coupe", base="reference")
    assert projet_depuis_donnees(d).erreurs_de_coherence() == []


def test_une_seule_regle_pour_le_scenario_de_reference():
    """`reference` if it exists, else the first scenario without a base, else the first (issue 9, item 3)."""
    from tests.fabrique import donnees_minimales, projet

    d = donnees_minimales()
    assert projet(d).scenario_de_reference() == "reference"
    d["scenarios"] = [
        {"id": "coupe", "libelle": "Coupe", "base": "tendanciel"},
        {"id": "tendanciel", "libelle": "Tendanciel"},
    ]
    assert projet(d).scenario_de_reference() == "tendanciel"
