"""The parameter tree: every file loads, the loader is strict, and hand-checked values are right."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from iae_model.parametres import (
    CONFIANCES,
    PROJECTIONS,
    ErreurParametre,
    Parametre,
    Parametres,
    charger_parametres,
    lire_parametre,
)

NOMS_ATTENDUS = (
    "aide_au_poste.montant_socle.aci",
    "aide_au_poste.montant_socle.ei",
    "aide_au_poste.montant_socle.etti",
    "aide_au_poste.montant_socle.ai",
    "aide_au_poste.part_accompagnement_aci",
    "aide_au_poste.part_modulee_max",
    "aide_au_poste.eiti.montant_max_1505h",
    "aide_au_poste.eiti.forfait_mensuel_mois_1_9",
    "aide_au_poste.cofinancement_departement_rsa",
    "smic.horaire_brut",
    "rsa.montant_forfaitaire",
    "etp.heures_annuelles.aci",
    "etp.heures_annuelles.ei",
    "etp.heures_annuelles.etti",
    "etp.heures_annuelles.ai",
    "aci.plafond_recettes_commerciales",
    "aci.plafond_recettes_commerciales_derogation",
    "cotisations.non_couvertes.formation_professionnelle_moins_11",
    "cotisations.non_couvertes.formation_professionnelle_11_et_plus",
    "cotisations.non_couvertes.seuil_effectif",
    "cotisations.non_couvertes.taxe_apprentissage",
    "cotisations.non_couvertes.at_mp_part_couverte",
    "cotisations.non_couvertes.at_mp_taux_defaut",
    "cotisations.non_couvertes.versement_mobilite_taux_defaut",
    "cotisations.non_couvertes.ags",
    "cotisations.non_couvertes.autres",
    "alertes.seuil_taux_occupation",
)

SOCLES = tuple(f"aide_au_poste.montant_socle.{t}" for t in ("aci", "ei", "etti", "ai"))


def jour(texte: str) -> dt.date:
    return dt.date.fromisoformat(texte)


@pytest.fixture(scope="module")
def parametres() -> Parametres:
    return charger_parametres()


# --- The whole tree -------------------------------------------------------------------------------


def test_tout_l_arbre_se_charge(parametres: Parametres) -> None:
    assert len(parametres) >= len(NOMS_ATTENDUS)
    for nom in parametres:
        assert isinstance(parametres[nom], Parametre)


@pytest.mark.parametrize("nom", NOMS_ATTENDUS)
def test_le_parametre_existe(parametres: Parametres, nom: str) -> None:
    assert nom in parametres
    assert parametres[nom].nom == nom
    assert parametres[nom].description
    assert parametres[nom].notes, f"{nom} : notes attendues"


def test_parametre_inconnu(parametres: Parametres) -> None:
    with pytest.raises(KeyError, match="paramètre inconnu"):
        parametres["aide_au_poste.montant_socle.inconnu"]


def test_projections_et_confiances_connues(parametres: Parametres) -> None:
    for nom in parametres:
        p = parametres[nom]
        assert p.projection in PROJECTIONS, nom
        assert set(p.confiance.values()) <= set(CONFIANCES), nom


# --- Strictness of the loader -----------------------------------------------------------------------

VALIDE = """\
description: Paramètre de test
values:
  2020-01-01:
    value: 10
  2021-01-01:
    value: 11
metadata:
  unit: currency-EUR
  short_label: Test
  last_value_still_valid_on: "2021-12-31"
  confiance:
    2021-01-01: moyenne
  reference:
    2020-01-01:
      - title: Texte 2020
        href: https://exemple.fr/2020
    2021-01-01:
      - title: Texte 2021
        href: https://exemple.fr/2021
notes: Une note.
"""


def lire(texte: str) -> Parametre:
    return lire_parametre("test", textwrap.dedent(texte), "test.yaml")


def remplacer(ancien: str, nouveau: str) -> str:
    assert ancien in VALIDE, ancien
    return VALIDE.replace(ancien, nouveau, 1)


def test_le_texte_de_reference_est_valide() -> None:
    p = lire(VALIDE)
    assert p.valeur_connue(jour("2020-06-30")) == 10
    assert p.valeur_connue(jour("2021-06-30")) == 11
    assert p.valeur_connue(jour("2019-12-31")) is None
    assert p.confiance_au(jour("2020-06-30")) == "haute"
    assert p.confiance_au(jour("2021-06-30")) == "moyenne"
    assert p.references_au(jour("2021-06-30"))[0].lien == "https://exemple.fr/2021"
    assert p.projection == "gel"
    assert p.revalorisation == (1, 1)


def test_cle_racine_inconnue() -> None:
    with pytest.raises(ErreurParametre, match=r"test\.yaml : clé\(s\) inconnue\(s\) \['source'\]"):
        lire(VALIDE + "source: ailleurs\n")


def test_cle_metadata_inconnue() -> None:
    texte = remplacer("  unit: currency-EUR\n", "  unit: currency-EUR\n  auteur: moi\n")
    with pytest.raises(ErreurParametre, match=r"metadata : clé\(s\) inconnue\(s\) \['auteur'\]"):
        lire(texte)


def test_cle_inconnue_dans_une_valeur() -> None:
    texte = remplacer("    value: 10\n", "    value: 10\n    unite: euro\n")
    with pytest.raises(ErreurParametre, match=r"values\.2020-01-01 : clé\(s\) inconnue\(s\) \['unite'\]"):
        lire(texte)


def test_dates_dans_le_desordre() -> None:
    texte = remplacer(
        "  2020-01-01:\n    value: 10\n  2021-01-01:\n    value: 11\n",
        "  2021-01-01:\n    value: 11\n  2020-01-01:\n    value: 10\n",
    )
    with pytest.raises(ErreurParametre, match="strictement croissantes"):
        lire(texte)


def test_date_en_double() -> None:
    texte = remplacer("  2021-01-01:\n    value: 11\n", "  2020-01-01:\n    value: 11\n")
    with pytest.raises(ErreurParametre, match=r"« 2020-01-01 » apparaît deux fois"):
        lire(texte)


def test_valeur_sans_reference() -> None:
    texte = remplacer("    2021-01-01:\n      - title: Texte 2021\n        href: https://exemple.fr/2021\n", "")
    with pytest.raises(ErreurParametre, match=r"valeur\(s\) sans référence datée : 2021-01-01"):
        lire(texte)


def test_reference_sans_lien() -> None:
    texte = remplacer("        href: https://exemple.fr/2021\n", "")
    with pytest.raises(ErreurParametre, match=r"reference\.2021-01-01\[0\] : clé\(s\) manquante\(s\) \['href'\]"):
        lire(texte)


def test_reference_avec_lien_non_http() -> None:
    texte = remplacer("href: https://exemple.fr/2021", "href: exemple.fr/2021")
    with pytest.raises(ErreurParametre, match=r"lien http\(s\) attendus"):
        lire(texte)


def test_niveau_de_confiance_inconnu() -> None:
    texte = remplacer("2021-01-01: moyenne", "2021-01-01: certaine")
    with pytest.raises(ErreurParametre, match=r"confiance\.2021-01-01 : .* reçu « certaine »"):
        lire(texte)


@pytest.mark.parametrize("brute", ["dix", "true", "'10'"])
def test_valeur_non_numerique(brute: str) -> None:
    texte = remplacer("    value: 11\n", f"    value: {brute}\n")
    with pytest.raises(ErreurParametre, match=r"values\.2021-01-01 : nombre attendu"):
        lire(texte)


def test_validite_avant_la_derniere_valeur() -> None:
    texte = remplacer('last_value_still_valid_on: "2021-12-31"', 'last_value_still_valid_on: "2020-12-31"')
    with pytest.raises(ErreurParametre, match="last_value_still_valid_on précède la dernière valeur"):
        lire(texte)


def test_projection_inconnue() -> None:
    texte = remplacer("  unit: currency-EUR\n", "  unit: currency-EUR\n  projection: magie\n")
    with pytest.raises(ErreurParametre, match=r"metadata\.projection : .* reçu « magie »"):
        lire(texte)


def test_valeur_nulle_acceptee() -> None:
    p = lire(remplacer("    value: 11\n", "    value: null\n"))
    assert p.valeur_connue(jour("2021-06-30")) is None
    assert p.valeur_connue(jour("2020-06-30")) == 10


# --- Hand-checked values ----------------------------------------------------------------------------


def valeur(parametres: Parametres, nom: str, date: str) -> float | None:
    return parametres[nom].valeur_connue(jour(date))


def test_socle_aci_revalorisation_de_novembre_2024(parametres: Parametres) -> None:
    assert valeur(parametres, "aide_au_poste.montant_socle.aci", "2024-10-01") == 23458
    assert valeur(parametres, "aide_au_poste.montant_socle.aci", "2024-11-01") == 23921
    assert valeur(parametres, "aide_au_poste.montant_socle.aci", "2025-06-30") == 23921


def test_socle_ei_2025(parametres: Parametres) -> None:
    assert valeur(parametres, "aide_au_poste.montant_socle.ei", "2024-12-31") == 12459
    assert valeur(parametres, "aide_au_poste.montant_socle.ei", "2025-01-01") == 13304


def test_baisses_du_socle_etti(parametres: Parametres) -> None:
    etti = "aide_au_poste.montant_socle.etti"
    assert valeur(parametres, etti, "2019-06-30") == 4472
    assert valeur(parametres, etti, "2020-06-30") == 4299
    assert valeur(parametres, etti, "2020-06-30") < valeur(parametres, etti, "2019-06-30")
    assert valeur(parametres, etti, "2022-01-01") < valeur(parametres, etti, "2021-10-01")
    assert "baisse" in parametres[etti].notes


def test_debuts_du_socle(parametres: Parametres) -> None:
    assert parametres["aide_au_poste.montant_socle.ei"].valeurs[0] == (jour("2014-01-01"), 10000)
    assert parametres["aide_au_poste.montant_socle.etti"].valeurs[0] == (jour("2014-01-01"), 4250)
    assert parametres["aide_au_poste.montant_socle.ai"].valeurs[0] == (jour("2014-07-01"), 1300)
    assert parametres["aide_au_poste.montant_socle.aci"].valeurs[0] == (jour("2014-07-01"), 19200)


def test_socle_ai_2021_reconstitue(parametres: Parametres) -> None:
    ai = parametres["aide_au_poste.montant_socle.ai"]
    assert ai.valeur_connue(jour("2021-01-01")) == round(1383 * 1.0099)
    assert ai.confiance_au(jour("2021-06-30")) == "faible"
    assert ai.confiance_au(jour("2022-02-01")) == "moyenne"
    assert ai.confiance_au(jour("2022-05-01")) == "haute"


@pytest.mark.parametrize("nom", SOCLES)
def test_socles_meme_calendrier(parametres: Parametres, nom: str) -> None:
    p = parametres[nom]
    dates = {d for d, _ in p.valeurs}
    for date in (
        "2021-10-01",
        "2022-01-01",
        "2022-05-01",
        "2022-08-01",
        "2023-01-01",
        "2023-05-01",
        "2024-01-01",
        "2024-11-01",
    ):
        assert jour(date) in dates, f"{nom} : {date}"
    assert p.projection == "indexation_socle"
    assert p.revalorisation == (1, 1)
    assert p.valide_jusqu_au == jour("2025-12-31")
    assert p.unite == "currency-EUR"


def test_smic(parametres: Parametres) -> None:
    assert valeur(parametres, "smic.horaire_brut", "2023-03-01") == 11.27
    assert valeur(parametres, "smic.horaire_brut", "2023-05-01") == 11.52
    assert valeur(parametres, "smic.horaire_brut", "2025-06-30") == 11.88
    assert valeur(parametres, "smic.horaire_brut", "2026-01-01") == 12.02
    assert valeur(parametres, "smic.horaire_brut", "2026-05-31") == 12.02
    assert valeur(parametres, "smic.horaire_brut", "2026-06-01") == 12.31
    assert parametres["smic.horaire_brut"].projection == "evolution_smic"


def test_rsa(parametres: Parametres) -> None:
    rsa = parametres["rsa.montant_forfaitaire"]
    assert rsa.valeur_connue(jour("2025-03-31")) == 635.71
    assert rsa.valeur_connue(jour("2025-04-01")) == 646.52
    assert rsa.valeur_connue(jour("2026-03-31")) == 646.52
    assert rsa.valeur_connue(jour("2026-04-01")) == 651.69
    assert rsa.revalorisation == (4, 1)
    assert rsa.projection == "inflation"
    assert rsa.valide_jusqu_au == jour("2026-11-29")


def test_eiti(parametres: Parametres) -> None:
    nom = "aide_au_poste.eiti.montant_max_1505h"
    assert valeur(parametres, nom, "2023-06-30") == 6001
    assert valeur(parametres, nom, "2024-12-31") == 6570
    assert valeur(parametres, nom, "2025-01-01") is None
    assert valeur(parametres, nom, "2026-06-30") is None
    assert valeur(parametres, "aide_au_poste.eiti.forfait_mensuel_mois_1_9", "2025-01-01") == 450
    assert valeur(parametres, "aide_au_poste.eiti.forfait_mensuel_mois_1_9", "2024-12-31") is None


def test_part_accompagnement_aci(parametres: Parametres) -> None:
    part = parametres["aide_au_poste.part_accompagnement_aci"]
    socle = parametres["aide_au_poste.montant_socle.aci"]
    assert part.valeur_connue(jour("2015-01-01")) == 979
    assert part.valeur_connue(jour("2022-02-01")) is None
    assert part.references_au(jour("2022-02-01")), "la valeur inconnue garde sa référence"
    assert part.valeur_connue(jour("2024-11-01")) == 1233
    for debut, montant in part.valeurs:
        if montant is not None:
            assert 0 < montant < socle.valeur_connue(debut), debut


def test_taux_et_heures(parametres: Parametres) -> None:
    assert valeur(parametres, "aide_au_poste.part_modulee_max", "2024-01-01") == 0.10
    assert valeur(parametres, "aide_au_poste.cofinancement_departement_rsa", "2024-01-01") == 0.88
    assert valeur(parametres, "aci.plafond_recettes_commerciales", "2024-01-01") == 0.30
    assert valeur(parametres, "aci.plafond_recettes_commerciales_derogation", "2024-01-01") == 0.50
    assert valeur(parametres, "alertes.seuil_taux_occupation", "2024-01-01") == 0.90
    heures = {t: valeur(parametres, f"etp.heures_annuelles.{t}", "2024-01-01") for t in ("aci", "ei", "etti", "ai")}
    assert heures == {"aci": 1820, "ei": 1505, "etti": 1600, "ai": 1607}


def test_confiance_faible_expliquee(parametres: Parametres) -> None:
    faibles = [nom for nom in parametres if "faible" in parametres[nom].confiance.values()]
    assert {
        f"cotisations.non_couvertes.{n}" for n in ("at_mp_taux_defaut", "versement_mobilite_taux_defaut", "autres")
    } <= set(faibles)
    assert "aide_au_poste.montant_socle.ai" in faibles
    for nom in faibles:
        assert "faible" in parametres[nom].notes.lower(), f"{nom} : la confiance faible doit être expliquée"


def test_charges_que_la_reduction_generale_ne_couvre_pas(parametres: Parametres) -> None:
    nc = "cotisations.non_couvertes"
    # code du travail L6331-2 and L6331-3: 0,55 % under 11 employees, 1 % from 11
    assert valeur(parametres, f"{nc}.formation_professionnelle_moins_11", "2026-01-01") == 0.0055
    assert valeur(parametres, f"{nc}.formation_professionnelle_11_et_plus", "2026-01-01") == 0.01
    assert valeur(parametres, f"{nc}.seuil_effectif", "2026-01-01") == 11
    assert valeur(parametres, f"{nc}.taxe_apprentissage", "2026-01-01") == 0.0068
    # AGS: 0,20 % on 1 January 2024, 0,25 % from 1 July 2024, kept in 2025 and 2026
    assert valeur(parametres, f"{nc}.ags", "2024-06-30") == 0.002
    assert valeur(parametres, f"{nc}.ags", "2024-07-01") == valeur(parametres, f"{nc}.ags", "2026-01-01") == 0.0025
    # the AT/MP part the reduction covers: 0,50 point in 2025, 0,49 in 2026
    assert valeur(parametres, f"{nc}.at_mp_part_couverte", "2025-12-31") == 0.005
    assert valeur(parametres, f"{nc}.at_mp_part_couverte", "2026-01-01") == 0.0049
    for nom in ("at_mp_taux_defaut", "versement_mobilite_taux_defaut", "autres"):
        assert "APPROXIMATION" in parametres[f"{nc}.{nom}"].notes
    notes = parametres["cotisations.reduction_generale.coefficient_maximal_moins_50"].notes
    assert "supprimée le 1er janvier 2019" in notes  # the AI's 750-hour exemption is gone


def test_seuil_occupation_n_est_pas_reglementaire(parametres: Parametres) -> None:
    assert "PAS un seuil réglementaire" in parametres["alertes.seuil_taux_occupation"].notes


@pytest.mark.parametrize("nom", SOCLES)
def test_socles_positifs(parametres: Parametres, nom: str) -> None:
    for debut, montant in parametres[nom].valeurs:
        assert montant is not None and montant > 0, f"{nom} {debut}"


def test_toutes_les_references_sont_des_liens_http(parametres: Parametres) -> None:
    for nom in parametres:
        p = parametres[nom]
        for debut, _ in p.valeurs:
            refs = p.references[debut]
            assert refs, f"{nom} {debut}"
            for ref in refs:
                assert ref.titre.strip(), f"{nom} {debut}"
                assert ref.lien.startswith(("http://", "https://")), f"{nom} {debut} : {ref.lien}"


def test_les_parametres_sont_un_seul_objet_meme_charges_de_plusieurs_fils():
    """A cold server's sessions ask for the parameters at once, each in its thread: one object for all (two
    objects made a session's resume points refuse its own project, issue 10's engine, « erreur inattendue »)."""
    import threading

    from iae_model import parametres as module

    module.charger_parametres.cache_clear()
    depart = threading.Barrier(8)
    obtenus: list[object] = []

    def charger() -> None:
        depart.wait()
        obtenus.append(module.charger_parametres())

    fils = [threading.Thread(target=charger) for _ in range(8)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert len(obtenus) == 8 and all(o is obtenus[0] for o in obtenus)
    assert module.charger_parametres() is obtenus[0]
