"""State presets added to a project (issue 10, item 4): a decision already in the reference year's figures is
never applied twice. Each case is worked out by hand from the official amounts (see test_moteur_reference.py):
ACI socle 23 921 € (from 2024-11-01, no 2026 arrêté), SMIC 11,88 € (2025), employer rate 7 %, 1 820 paid hours.
"""

from __future__ import annotations

import pytest
from fabrique import donnees_minimales, projet

from iae_model.presets import Preset, importer_preset, reprise
from iae_model.projet.chocs import ChocIndexationSocle, ChocSmic, ReductionEtp
from iae_model.simulation import simuler

SOURCE = {"title": "Une source publique", "href": "https://example.org/source"}


def _preset(*chocs: dict) -> Preset:
    return Preset.model_validate(
        {"id": "essai", "libelle": "Essai", "description": "Essai −3,88 %.", "sources": [SOURCE], "chocs": list(chocs)}
    )


def test_une_coupe_de_l_annee_de_reference_n_est_pas_appliquee_deux_fois():
    """The bug: a 2025 project with the 2025 preset had its 2025 ETP cut again (+2 807 € became −3 799 € on
    the ACI example). The ETP entered for 2025 are the annex after the cut: the choc is left out."""
    p = projet(donnees_minimales("ACI", etp=10, annee_reference=2025, horizon=2026))
    importe = importer_preset(p, _preset({"type": "reduction_etp", "annee": 2025, "taux": -0.0388}))
    assert importe.projet.scenario(importe.scenario_id).chocs == []
    assert importe.chocs_ignores == 1
    r = simuler(importe.projet)
    # 2025 = reference: 10 × 23 921 − 10 × 1 820 × 11,88 × 1,055 = 239 210 − 228 107,88 = 11 102,12 (5,50 % of
    # employer charges at the SMIC under 11 employees: see test_moteur_reference)
    for s in ("reference", importe.scenario_id):
        assert r.scenario(s).annee(2025).resultat == pytest.approx(10 * 23_921 - 10 * 1820 * 11.88 * 1.055)
    assert importe.notes == (
        "« Baisse des ETP conventionnés de 3,88\xa0% dès 2025 » non repris : les chiffres saisis pour 2025 "
        "l'intègrent déjà.",
    )
    description = importe.projet.scenario(importe.scenario_id).description
    assert "non repris : les chiffres saisis pour 2025 l'intègrent déjà" in description
    assert "Aucun choc n'est repris" in description


def test_chaque_sorte_de_choc_avant_ou_pendant_l_annee_de_reference():
    """ETP cut of the reference year: left out (entered figures); SMIC rise of that year: left out (the official
    SMIC holds it); a socle freeze from an earlier year: still in force, dated the reference year; later chocs kept."""
    p = projet(donnees_minimales("ACI", etp=10, annee_reference=2026, horizon=2027))
    importe = importer_preset(
        p,
        _preset(
            {"type": "reduction_etp", "annee": 2026, "taux": -0.02},
            {"type": "choc_smic", "annee": 2026, "mois": 6, "taux": 0.0241},
            {"type": "indexation_socle", "annee": 2025, "valeur": "gel"},
            {"type": "reduction_etp", "annee": 2027, "taux": -0.05},
        ),
    )
    chocs = importe.projet.scenario(importe.scenario_id).chocs
    assert [(type(c), c.annee) for c in chocs] == [(ChocIndexationSocle, 2026), (ReductionEtp, 2027)]
    assert importe.chocs_ignores == 2
    assert importe.notes[1] == (
        "« SMIC +2,41\xa0% en plus au 1er juin 2026 » non repris : les montants officiels datés de 2026 et avant "
        "(SMIC, montant socle) l'intègrent déjà."
    )
    assert importe.notes[2] == (
        "« Socle de l'aide au poste gelé dès 2025 » repris à partir de 2026 : la règle reste en vigueur."
    )
    r = simuler(importe.projet)
    a = r.scenario(importe.scenario_id)
    # 2026: 10 ETP as entered, socle frozen at 23 921 € (indexed on the SMIC in the reference: 23 921 × 12,02 / 11,88)
    assert a.annee(2026).total.etp_conventionnes == pytest.approx(10)
    assert a.annee(2026).total.produits["aide_au_poste"] == pytest.approx(10 * 23_921)
    assert r.scenario("reference").annee(2026).total.produits["aide_au_poste"] == pytest.approx(
        10 * 23_921 * 12.02 / 11.88
    )
    # 2027: the later cut applies, 10 × 0,95 = 9,5 ETP
    assert a.annee(2027).total.etp_conventionnes == pytest.approx(9.5)


def test_reprise_dit_pour_chaque_choc_ce_qu_il_devient():
    smic = ChocSmic(type="choc_smic", annee=2026, mois=6, taux=0.0241)
    assert reprise(smic, 2025).item == smic and reprise(smic, 2025).note is None
    assert reprise(smic, 2026).item is None
    gel = ChocIndexationSocle(type="indexation_socle", annee=2026, valeur="gel")
    assert reprise(gel, 2026).item == gel and reprise(gel, 2026).note is None
    assert reprise(gel, 2027).item == ChocIndexationSocle(type="indexation_socle", annee=2027, valeur="gel")
