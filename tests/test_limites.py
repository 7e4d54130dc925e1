"""What one project may hold, and error lists that stay short and quick whatever the file (issue 8, item 12)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from fabrique import avec_scenario, donnees_minimales

from iae_model.formats import ESPACE_MILLIERS
from iae_model.projet import ErreurLigne, ErreurProjet, projet_depuis_donnees
from iae_model.projet.fichier import ERREURS_MAX, limiter_erreurs


def _dans_le_delai(fonction: Callable[[], Any], secondes: float) -> Any:
    """Run `fonction` in a thread: a quadratic or endless computation fails the test instead of hanging it."""
    sortie: list[Any] = []

    def lancer() -> None:
        try:
            sortie.append(fonction())
        except ErreurProjet as exc:
            sortie.append(exc)

    fil = threading.Thread(target=lancer, daemon=True)
    debut = time.perf_counter()
    fil.start()
    fil.join(secondes)
    assert sortie, f"pas de réponse en {secondes} s"
    return sortie[0], time.perf_counter() - debut


def _erreurs(donnees: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ErreurProjet) as info:
        projet_depuis_donnees(donnees)
    return [(e.chemin, e.message) for e in info.value.erreurs]


# --- error lists ----------------------------------------------------------------------------------


def test_cent_mille_cles_inconnues_repondent_vite_avec_une_liste_courte() -> None:
    d = donnees_minimales()
    d["structure"].update({f"k{i:06d}": 1 for i in range(100_000)})
    exc, duree = _dans_le_delai(lambda: projet_depuis_donnees(d), 10)
    assert isinstance(exc, ErreurProjet)
    assert duree < 2.0
    assert ERREURS_MAX == 200
    assert len(exc.erreurs) == 201
    assert exc.erreurs[0] == ErreurLigne("structure.k000000", exc.erreurs[0].message)
    assert "clé inconnue" in exc.erreurs[0].message
    assert exc.erreurs[199].chemin == "structure.k000199"
    # 100 000 distinct lines, 200 shown: 99 800 left out, said on one last line without a field
    assert (exc.erreurs[-1].chemin, exc.erreurs[-1].message) == (
        "",
        f"… et 99{ESPACE_MILLIERS}800 autres erreurs : corrigez d'abord celles-ci, puis vérifiez de nouveau",
    )
    assert exc.erreurs_omises == 99_800


def test_la_limite_ne_compte_qu_une_fois_les_doublons_et_se_cumule() -> None:
    a, b = ErreurLigne("a", "x"), ErreurLigne("b", "y")
    assert limiter_erreurs([a, b, a, b, a]) == [a, b]
    lignes = [ErreurLigne(f"c{i}", "z") for i in range(203)]
    limitee = limiter_erreurs(lignes + lignes[:5])
    assert limitee[:200] == lignes[:200]
    assert limitee[200].message.startswith("… et 3 autres erreurs")
    # limiting again (an ErreurProjet built from a limited list) keeps the same count
    assert limiter_erreurs(limitee) == limitee
    assert limiter_erreurs([*limitee, ErreurLigne("d", "w")])[200].message.startswith("… et 4 autres erreurs")
    un = limiter_erreurs([ErreurLigne(f"c{i}", "z") for i in range(201)])
    assert un[-1].message.startswith("… et 1 autre erreur :")


def test_erreur_projet_garde_au_plus_deux_cents_lignes() -> None:
    exc = ErreurProjet([ErreurLigne(f"c{i}", "z") for i in range(1000)])
    assert len(exc.erreurs) == 201 and exc.erreurs_omises == 800
    assert len(str(exc).splitlines()) == 201


# --- what a project may hold ------------------------------------------------------------------------


def _choc(annee: int = 2026) -> dict[str, Any]:
    return {"type": "choc_smic", "annee": annee, "taux": 0.01}


def _levier(annee: int = 2026) -> dict[str, Any]:
    return {"type": "mutualisation", "annee": annee, "economie_charges_fixes": 100}


def test_trente_chocs_et_trente_leviers_par_scenario() -> None:
    d = avec_scenario(donnees_minimales(), id="a", chocs=[_choc()] * 30, leviers=[_levier()] * 30)
    projet_depuis_donnees(d)
    d = avec_scenario(donnees_minimales(), id="a", chocs=[_choc()] * 31, leviers=[_levier()] * 31)
    assert _erreurs(d) == [
        ("scenarios[1].chocs", "au plus 30 chocs par scénario (reçu 31)"),
        ("scenarios[1].leviers", "au plus 30 leviers par scénario (reçu 31)"),
    ]


def test_cinquante_scenarios() -> None:
    d = donnees_minimales()
    for i in range(1, 51):
        d = avec_scenario(d, id=f"s{i}")
    assert _erreurs(d) == [("scenarios", "au plus 50 scénarios (reçu 51)")]


def _chaine(longueur: int) -> dict[str, Any]:
    """`reference` then s1 on reference, s2 on s1...: scenario s_k stacks on k bases."""
    d = donnees_minimales()
    for k in range(1, longueur):
        d = avec_scenario(d, id=f"s{k}", base="reference" if k == 1 else f"s{k - 1}")
    return d


def test_dix_scenarios_de_base_empiles_au_plus() -> None:
    projet = projet_depuis_donnees(_chaine(11))
    assert len(projet.chaine("s10")) == 11
    # s11 stacks on 11 bases, s12 on 12
    assert _erreurs(_chaine(13)) == [
        ("scenarios[11].base", "trop de scénarios de base empilés : 11 (au plus 10)"),
        ("scenarios[12].base", "trop de scénarios de base empilés : 12 (au plus 10)"),
    ]


def test_listes_dans_les_chocs_leviers_hypotheses_et_guide() -> None:
    d = donnees_minimales()
    d["activites"] = [{"nom": f"a{i}", "conventionnement": "ACI", "chiffre_affaires": 1} for i in range(51)]
    d["hypotheses"]["statuts_financements"] = ["acquis", "probable", "a_rechercher", "acquis"]
    d["guide"] = {"reponses": {f"q.{i}": {"reponse": "oui"} for i in range(501)}}
    d = avec_scenario(
        d,
        id="a",
        hypotheses={"statuts_financements": ["acquis"] * 4},
        leviers=[
            {
                "type": "nouvelle_activite",
                "nom": "N",
                "conventionnement": "ACI",
                "annee": 2026,
                "chiffre_affaires_cible": 1,
                "montee_en_charge": [0.5] * 16,
            },
            {
                "type": "ouverture_conventionnement",
                "annee": 2026,
                "conventionnement": "EI",
                "transfert_activites": [f"a{i}" for i in range(51)],
            },
        ],
    )
    assert _erreurs(d) == [
        ("hypotheses.statuts_financements", "au plus 3 statuts (reçu 4)"),
        ("scenarios[1].hypotheses.statuts_financements", "au plus 3 statuts (reçu 4)"),
        ("scenarios[1].leviers[0].montee_en_charge", "au plus 15 parts annuelles de montée en charge (reçu 16)"),
        ("scenarios[1].leviers[1].transfert_activites", "au plus 50 activités transférées (reçu 51)"),
        ("guide.reponses", "au plus 500 réponses au guide (reçu 501)"),
    ]


def test_le_plus_grand_projet_du_banc_d_essai_est_accepte() -> None:
    """The benchmark's largest project sits exactly on every cap (and stays valid as the model changes)."""
    from iae_model.bench import projet_le_plus_grand

    projet = projet_depuis_donnees(projet_le_plus_grand())
    assert len(projet.scenarios) == 50
    assert max(len(projet.chaine(s.id)) for s in projet.scenarios) == 11
    assert {(len(s.chocs), len(s.leviers)) for s in projet.scenarios} == {(30, 30)}


def test_les_fichiers_hostiles_du_banc_d_essai_tiennent_sous_la_limite() -> None:
    from iae_model.bench import fichiers_hostiles
    from iae_model.projet.fichier import TAILLE_MAX_OCTETS

    assert all(0.9 * TAILLE_MAX_OCTETS < len(t.encode()) <= TAILLE_MAX_OCTETS for t in fichiers_hostiles().values())
