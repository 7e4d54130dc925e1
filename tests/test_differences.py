"""Differences between two versions of a project and their merge (the « two tabs » conflict)."""

from __future__ import annotations

from iae_model.projet.differences import ABSENT, Difference, chemin_texte, differences, fusionner

MIEN = {
    "structure": {"nom": "Chantier", "tresorerie_initiale": 50000},
    "financements": [
        {"nom": "FSE+", "montant": 40000},
        {"nom": "Commune", "montant": 25000},
    ],
}
LEUR = {
    "structure": {"nom": "Chantier du Val", "tresorerie_initiale": 50000, "territoire": "Nord"},
    "financements": [{"nom": "FSE+", "montant": 38000}],
}


def test_differences_par_champ_et_par_ligne():
    assert differences(MIEN, LEUR) == [
        Difference(("structure", "nom"), "Chantier", "Chantier du Val"),
        Difference(("structure", "territoire"), ABSENT, "Nord"),
        Difference(("financements", 0, "montant"), 40000, 38000),
        # a line only one version has is one difference, not one per field
        Difference(("financements", 1), {"nom": "Commune", "montant": 25000}, ABSENT),
    ]
    assert differences(MIEN, MIEN) == []
    assert chemin_texte(("financements", 0, "montant")) == "financements[0].montant"


def test_fusion_garde_leur_version_sauf_les_champs_choisis():
    fusion = fusionner(LEUR, MIEN, [("structure", "nom"), ("financements", 1)])
    assert fusion == {
        "structure": {"nom": "Chantier", "tresorerie_initiale": 50000, "territoire": "Nord"},
        "financements": [{"nom": "FSE+", "montant": 38000}, {"nom": "Commune", "montant": 25000}],
    }
    # choosing my side where I have nothing removes their field
    assert "territoire" not in fusionner(LEUR, MIEN, [("structure", "territoire")])["structure"]
    # the inputs are not changed
    assert LEUR["financements"] == [{"nom": "FSE+", "montant": 38000}]


def test_fusion_retire_une_ligne_que_je_n_ai_plus():
    leur = {"activites": [{"nom": "A"}, {"nom": "B"}, {"nom": "C"}]}
    mien = {"activites": [{"nom": "A"}]}
    diffs = differences(mien, leur)
    assert [d.chemin for d in diffs] == [("activites", 1), ("activites", 2)]
    assert fusionner(leur, mien, [d.chemin for d in diffs]) == mien
    assert fusionner(leur, mien, [("activites", 2)]) == {"activites": [{"nom": "A"}, {"nom": "B"}]}


def test_types_differents_et_donnees_invalides():
    # a draft may hold anything: a number where a section is expected, a list of scalars
    assert differences({"structure": 5}, {"structure": {"nom": "X"}}) == [Difference(("structure",), 5, {"nom": "X"})]
    assert fusionner({"structure": {"nom": "X"}}, {"structure": 5}, [("structure",)]) == {"structure": 5}
